-- Analysis snapshots: an analysis as it was run, dated and immutable, for panel items and publications
-- to cite. Aggregates only: never a record.
create table analysis_snapshot (
    id            bigint generated always as identity primary key,
    title         text not null,
    created_at    timestamptz not null default now(),
    created_by    text not null,
    settings      text not null,
    period_from   date,
    period_to     date,
    records       bigint not null,
    rates_csv     text not null,
    results_json  text not null,
    report_html   text not null,
    demonstration boolean not null default false
);
comment on table analysis_snapshot is 'Immutable: the database refuses updates and deletes';

create function analysis_snapshot_immutable() returns trigger language plpgsql as $$
begin
    raise exception 'analysis snapshots are immutable: % is not allowed', tg_op;
end;
$$;
create trigger analysis_snapshot_no_update_or_delete before update or delete on analysis_snapshot
    for each row execute function analysis_snapshot_immutable();
