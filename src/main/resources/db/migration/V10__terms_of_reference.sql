-- The panel's terms of reference: numbered versions of fixed sections. A version moves
-- DRAFT -> CONSULTATION -> APPROVED -> SUPERSEDED. Section text is append-only: each edit is a new
-- revision, and the newest revision is the section's text.
create table tor_version (
    id            bigserial primary key,
    number        integer not null unique,
    state         text not null check (state in ('DRAFT', 'CONSULTATION', 'APPROVED', 'SUPERSEDED')),
    created_by    text not null,
    created_at    timestamptz not null default now(),
    approved_by   text,
    approved_at   timestamptz,
    demonstration boolean not null default false
);
create unique index tor_version_one_in_progress on tor_version ((true)) where state in ('DRAFT', 'CONSULTATION');
create unique index tor_version_one_approved on tor_version ((true)) where state = 'APPROVED';

create table tor_section (
    version_id  bigint not null references tor_version (id),
    section     text not null,
    revision    integer not null,
    body        text not null,
    written_by  text not null,
    written_at  timestamptz not null default now(),
    primary key (version_id, section, revision)
);
create trigger tor_section_append_only before update or delete on tor_section
    for each row execute function panel_text_append_only();

create table tor_comment (
    id          bigserial primary key,
    version_id  bigint not null references tor_version (id),
    section     text not null,
    body        text not null,
    written_by  text not null,
    written_at  timestamptz not null default now()
);
create trigger tor_comment_append_only before update or delete on tor_comment
    for each row execute function panel_text_append_only();
