-- Jobs kept in the database (docs/adr/0015-jobs-kept-in-the-database.md), so that any application node
-- can show a job's progress and a restart forgets none.

-- db-scheduler's own table (its PostgreSQL schema for version 16): one row per execution waiting or
-- running. A running execution's last_heartbeat is renewed by the node running it; once it is older than
-- the missed-heartbeats limit, another node treats the execution as dead.
create table scheduled_tasks (
    task_name            text not null,
    task_instance        text not null,
    task_data            bytea,
    execution_time       timestamptz not null,
    picked               boolean not null,
    picked_by            text,
    last_success         timestamptz,
    last_failure         timestamptz,
    consecutive_failures int,
    last_heartbeat       timestamptz,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index execution_time_idx on scheduled_tasks (execution_time);
create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);

-- A file being imported in the background, as its page shows it. The import runs on the node that
-- received the upload (the file is on that node's disk), which renews the heartbeat while it runs.
create table record_import_job (
    id          uuid primary key,
    file_name   text not null,
    started_by  text not null,
    started_at  timestamptz not null default now(),
    node        text not null,
    heartbeat   timestamptz not null default now(),
    bytes_read  bigint not null default 0,
    total_bytes bigint not null default 0,
    rows_read   bigint not null default 0,
    outcome     text,
    failure     text,
    finished_at timestamptz
);
comment on table record_import_job is 'Forgotten a day after it finished; the import history keeps the batch';
create index record_import_job_unfinished on record_import_job (heartbeat) where finished_at is null;

-- An analysis being run in the background: what was asked, and how far it has got. Any node may run it
-- (the execution of task analysis-run with this id in scheduled_tasks).
create table analysis_run (
    id             uuid primary key,
    title          text not null,
    started_by     text not null,
    started_roles  text not null,
    started_at     timestamptz not null default now(),
    children_only  boolean not null,
    ethnicity      text not null,
    by_borough     boolean not null,
    reference      text not null,
    force          text,
    period_from    text,
    period_to      text,
    stage          text not null default 'WAITING',
    resumed        int not null default 0,
    snapshot_id    bigint,
    failure        text,
    finished_at    timestamptz
);
comment on table analysis_run is 'Forgotten a day after it finished; the snapshot it kept stays';
