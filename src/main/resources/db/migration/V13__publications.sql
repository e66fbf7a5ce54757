-- What is published to the public: analysis snapshots the secretariat has published, and the
-- publication schedule (what will be published when; what was published late).
create table publication (
    id                   bigserial primary key,
    analysis_snapshot_id bigint not null unique references analysis_snapshot (id),
    title                text not null,
    summary              text not null,
    published_by         text not null,
    published_at         timestamptz not null default now(),
    demonstration        boolean not null default false
);
create trigger publication_append_only before update or delete on publication
    for each row execute function panel_text_append_only();

create table publication_schedule (
    id             bigserial primary key,
    title          text not null,
    description    text not null,
    due_on         date not null,
    publication_id bigint references publication (id),
    published_on   date,
    created_by     text not null,
    demonstration  boolean not null default false
);
