-- Records of powers used. Every row belongs to the import batch that brought it; a batch is a file,
-- imported whole or not at all.
create table import_batch (
    id              bigint generated always as identity primary key,
    kind            text not null check (kind in ('POLICE_UK', 'EXTENDED', 'SCHOOLS', 'DEPLOYMENTS')),
    file_name       text not null,
    content_hash    char(64),
    size_bytes      bigint not null,
    force           text,
    month           date,
    status          text not null check (status in ('ACTIVE', 'SUPERSEDED', 'REJECTED')),
    revision        integer,
    replaces_batch  bigint references import_batch (id),
    rows_read       integer not null default 0,
    rows_imported   integer not null default 0,
    rows_invalid    integer not null default 0,
    problems_total  integer not null default 0,
    demonstration   boolean not null default false,
    started_at      timestamptz not null,
    finished_at     timestamptz not null default now(),
    imported_by     text not null
);
comment on table import_batch is 'One attempt to import one file: ACTIVE (its rows are current), SUPERSEDED (replaced by a newer file for the same force and month), REJECTED (nothing was imported)';
comment on column import_batch.revision is 'police.uk: 1 for the first file for a force and month, 2 for the file that replaced it, and so on';
create index import_batch_hash on import_batch (kind, content_hash);
create unique index import_batch_active_force_month on import_batch (kind, force, month) where status = 'ACTIVE' and kind = 'POLICE_UK';

create table import_problem (
    batch_id    bigint not null references import_batch (id),
    seq         integer not null,
    line_no     bigint not null,
    column_no   integer not null,
    field       text not null,
    value       text not null,
    expected    text not null,
    primary key (batch_id, seq)
);
comment on table import_problem is 'What was wrong with a file, row by row: the downloadable validation report (first 10,000 problems)';

create table quarantined_row (
    batch_id    bigint not null references import_batch (id),
    line_no     bigint not null,
    raw         text not null,
    primary key (batch_id, line_no)
);
comment on table quarantined_row is 'Invalid rows kept for review when a file was imported with --quarantine-invalid';

-- police.uk stop and search, one row per published record, labels kept as published beside their mapping.
-- Loaded by binary COPY a million rows at a time, so it carries no per-row constraint or B-tree index:
-- the importer writes batch_id and line_no in the same transaction as the batch, and only one file per
-- force and month is current (see import_batch_active_force_month). A BRIN index on month costs
-- almost nothing to keep and serves month ranges and the deletion of a replaced month.
create table stop_search (
    batch_id                  bigint not null,
    line_no                   integer not null,
    force                     text not null,
    month                     date not null,
    type                      text not null,
    occurred_at               timestamptz not null,
    part_of_operation         boolean,
    policing_operation        text,
    latitude                  double precision,
    longitude                 double precision,
    borough_code              text,
    gender                    text,
    age_range                 text,
    self_defined_ethnicity    text,
    self_defined_category     text,
    self_defined_group        text,
    officer_defined_ethnicity text,
    officer_defined_group     text,
    legislation               text,
    object_of_search          text,
    outcome                   text,
    outcome_normalised        text,
    outcome_linked            boolean,
    more_than_outer_clothing  boolean
);
create index stop_search_month on stop_search using brin (month);
comment on column stop_search.self_defined_category is 'Nearest Census 2021 category (CensusEthnicCategory name); null when not stated';
comment on column stop_search.self_defined_group is 'Broad group named before " - " in the label (EthnicGroup name); null when not stated';
comment on column stop_search.borough_code is 'ONS code of the borough containing the coordinates; null when unlocated, never guessed';
comment on column stop_search.outcome_linked is 'Outcome linked to object of search: null is unknown (blank in the file)';
