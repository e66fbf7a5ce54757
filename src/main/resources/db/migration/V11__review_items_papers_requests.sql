-- Papers (meeting papers and evidence), review items of the panel's four kinds, and requests to speak
-- to MPS staff. Panel text is append-only, as elsewhere.
create table paper (
    id            bigserial primary key,
    title         text not null,
    file_name     text not null,
    content_type  text not null,
    size_bytes    integer not null,
    sha256        char(64) not null,
    content       bytea not null,
    public        boolean not null default false,
    meeting_id    bigint references meeting (id),
    uploaded_by   text not null,
    uploaded_at   timestamptz not null default now(),
    demonstration boolean not null default false
);
comment on column paper.public is 'Marked public by the secretariat: downloadable by anyone';

create table review_item (
    id                bigserial primary key,
    kind              text not null check (kind in ('EXISTING_APPROACH', 'PROPOSED_INITIATIVE', 'ORGANISATIONAL_LEARNING', 'THINK_TANK_IDEA')),
    outcome           text not null default 'OPEN' check (outcome in ('OPEN', 'NOTED', 'RECOMMENDATION_MADE', 'CLOSED')),
    outcome_note      text,
    recommendation_id bigint references recommendation (id),
    created_by        text not null,
    created_at        timestamptz not null default now(),
    demonstration     boolean not null default false
);

create table review_item_text (
    review_item_id bigint not null references review_item (id),
    version        integer not null,
    title          text not null,
    description    text not null,
    written_by     text not null,
    written_at     timestamptz not null default now(),
    primary key (review_item_id, version)
);
create trigger review_item_text_append_only before update or delete on review_item_text
    for each row execute function panel_text_append_only();

create table review_comment (
    id             bigserial primary key,
    review_item_id bigint not null references review_item (id),
    body           text not null,
    written_by     text not null,
    written_role   text not null,
    written_at     timestamptz not null default now()
);
create trigger review_comment_append_only before update or delete on review_comment
    for each row execute function panel_text_append_only();

create table review_evidence (
    id                   bigserial primary key,
    review_item_id       bigint not null references review_item (id),
    paper_id             bigint references paper (id),
    analysis_snapshot_id bigint references analysis_snapshot (id),
    added_by             text not null,
    added_at             timestamptz not null default now(),
    check ((paper_id is null) <> (analysis_snapshot_id is null))
);

create table request_to_speak (
    id             bigserial primary key,
    staff          text not null,
    purpose        text not null,
    requested_by   text not null,
    requested_at   timestamptz not null default now(),
    status         text not null default 'REQUESTED' check (status in ('REQUESTED', 'SCHEDULED', 'DECLINED', 'HELD')),
    scheduled_for  timestamptz,
    police_note    text,
    answered_by    text,
    outcome        text,
    meeting_id     bigint references meeting (id),
    demonstration  boolean not null default false
);
