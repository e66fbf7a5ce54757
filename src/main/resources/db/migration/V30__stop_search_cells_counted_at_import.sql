-- Issue 17, item 4 (ADR 0021): an import's cells are counted as its rows are checked, in Java, and stored by this
-- function of the owner's, instead of being counted again from the rows just stored (stop_search_recount, which
-- read every column of every row of the month: about a quarter of a large import's time).
--
-- The application's role still writes no cell itself (afterMigrate revokes it). It may have the cells of one
-- import stored, each cell given as the elements at one index of the arrays, and only:
--   * for the current police.uk import of its force and month, whose table was attached to stop_search in this
--     transaction (the import's own: cells never change but with an import of their month);
--   * if the cells count the import's rows exactly, under each definition (their events add up to the rows this
--     transaction put in its table); the cells of the month before are taken out in the same statement.
-- That each cell says what a count over the records says is KeepingTheCellTableInStepWithTheRecordsTest's to prove;
-- stop_search_recount stays, for the months an import does not count (and for that test).
create function stop_search_cells_store(p_batch bigint, p_definition text[], p_group text[], p_borough text[],
        p_age_band text[], p_vehicle boolean[], p_events bigint[], p_arrests bigint[],
        p_more_than_outer_clothing bigint[], p_arrested_and_more_than_outer_clothing bigint[],
        p_outcome_known bigint[], p_outcome_linked bigint[]) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    b import_batch%rowtype;
    t regclass;
    attached_by xid;
    stored bigint;
    n integer := coalesce(cardinality(p_definition), 0);
begin
    select * into b from import_batch where id = p_batch and kind = 'POLICE_UK' and status = 'ACTIVE';
    if not found then
        raise exception 'import % is not a current police.uk import', p_batch;
    end if;
    t := to_regclass(format('public.%I', 'stop_search_batch_' || p_batch));
    select i.xmin into attached_by from pg_inherits i where i.inhrelid = t and i.inhparent = 'public.stop_search'::regclass;
    if attached_by is null or attached_by::text::bigint <> pg_current_xact_id()::text::bigint % 4294967296 then
        raise exception 'the cells of import % are stored only in the transaction that attaches its records', p_batch;
    end if;
    if coalesce(cardinality(p_group), 0) <> n or coalesce(cardinality(p_borough), 0) <> n
            or coalesce(cardinality(p_age_band), 0) <> n or coalesce(cardinality(p_vehicle), 0) <> n
            or coalesce(cardinality(p_events), 0) <> n or coalesce(cardinality(p_arrests), 0) <> n
            or coalesce(cardinality(p_more_than_outer_clothing), 0) <> n
            or coalesce(cardinality(p_arrested_and_more_than_outer_clothing), 0) <> n
            or coalesce(cardinality(p_outcome_known), 0) <> n or coalesce(cardinality(p_outcome_linked), 0) <> n then
        raise exception 'the cells of import % are given as arrays of different lengths', p_batch;
    end if;
    -- the rows this transaction put in the import's table, which it made: the application may add rows to it
    -- until it is attached, never delete one (V29), so these are its rows, counted by PostgreSQL as they went in
    -- (a count(*) would read them all again; it is the way only where a server does not count, track_counts off)
    if current_setting('track_counts')::boolean then
        stored := pg_stat_get_xact_tuples_inserted(t);
    else
        execute format('select count(*) from %s', t) into stored;
    end if;
    if (select coalesce(sum(e), 0) from unnest(p_definition, p_events) as c(d, e) where d = 'SELF') <> stored
            or (select coalesce(sum(e), 0) from unnest(p_definition, p_events) as c(d, e) where d = 'OFFICER') <> stored then
        raise exception 'the cells of import % do not count its % records under each definition', p_batch, stored;
    end if;
    delete from stop_search_cell where force = b.force and month = b.month;
    insert into stop_search_cell (force, month, definition, ethnic_group, borough_code, age_band, vehicle, events,
        arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known, outcome_linked)
    select b.force, b.month, c.*
    from unnest(p_definition, p_group, p_borough, p_age_band, p_vehicle, p_events, p_arrests,
                p_more_than_outer_clothing, p_arrested_and_more_than_outer_clothing, p_outcome_known,
                p_outcome_linked) as c;
end $$;

-- Only the application's role may call it (afterMigrate__application_role_grants.sql grants it)
revoke execute on function stop_search_cells_store(bigint, text[], text[], text[], text[], boolean[], bigint[],
    bigint[], bigint[], bigint[], bigint[], bigint[]) from public;

comment on table stop_search_cell is 'Counts of stop_search by force, month, ethnicity definition and group, borough, age band and vehicle '
    'search or not; counted by each import as it checks its rows and stored in its transaction (stop_search_cells_store), '
    'or recounted from stop_search (stop_search_recount)';
