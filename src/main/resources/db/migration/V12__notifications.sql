-- Where an account's daily digest goes (optional), and each account's in-product inbox.
alter table account add column email text check (email is null or email ~ '^[^@[:space:]]+@[^@[:space:]]+\.[^@[:space:]]+$');

create table notification (
    id          bigserial primary key,
    username    text not null,
    created_at  timestamptz not null default now(),
    message     text not null,
    link        text not null,
    read_at     timestamptz,
    emailed_at  timestamptz
);
create index notification_by_username on notification (username, id);
