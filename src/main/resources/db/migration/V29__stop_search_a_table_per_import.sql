-- The police.uk records, one table per import (issue 17, item 4; docs/adr/0022-a-table-per-import.md).
--
-- stop_search becomes a table partitioned by import batch: every import of a force's month copies its rows into a
-- table of its own, made in the import's transaction (stop_search_batch_table), and attaches it when the rows are
-- in and checked (stop_search_batch_attach). Replacing a month drops the replaced import's table
-- (stop_search_supersede) instead of deleting its rows one by one. A table made in the same transaction as its
-- rows is what lets PostgreSQL store them without writing each row to its write-ahead log too, when wal_level is
-- minimal (the embedded database's setting): the table's file is written and synced once at commit instead. A
-- rejected or killed import's transaction takes its table with it.
--
-- The rows, their columns and what they mean are unchanged (V4): only where they are kept.
alter table stop_search rename to stop_search_before_v29;
alter index stop_search_month rename to stop_search_before_v29_month;
create table stop_search (like stop_search_before_v29 including comments) partition by list (batch_id);
comment on table stop_search is 'police.uk stop and search, one row per published record; one partition per import '
    '(stop_search_batch_<import_batch.id>), made and attached by the import that brought its rows';

-- a table per import held: each whose rows are here, and each current police.uk import (an empty month has none),
-- where the records were (an administrator may have moved them to a tablespace of their own)
do $$
declare
    batch bigint;
    space text;
begin
    select s.spcname into space from pg_class c join pg_tablespace s on s.oid = c.reltablespace
    where c.oid = 'public.stop_search_before_v29'::regclass;
    if space is not null then
        execute format('alter table stop_search set tablespace %I', space);
    end if;
    for batch in select batch_id from stop_search_before_v29
                 union select id from import_batch where kind = 'POLICE_UK' and status = 'ACTIVE' order by 1 loop
        execute format('create table %I partition of stop_search for values in (%s)', 'stop_search_batch_' || batch, batch);
    end loop;
end $$;
insert into stop_search select * from stop_search_before_v29;
drop table stop_search_before_v29;

-- A table for one import's rows, in the transaction that imports them: like stop_search, in its tablespace, and
-- holding only that import's rows (the check lets attaching it skip a scan). The application may add rows to it.
create function stop_search_batch_table(p_batch bigint) returns text
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    t text := 'stop_search_batch_' || p_batch;
    space text;
begin
    if not exists (select from import_batch where id = p_batch and kind = 'POLICE_UK' and status = 'ACTIVE') then
        raise exception 'import % is not a current police.uk import', p_batch;
    end if;
    select s.spcname into space from pg_class c join pg_tablespace s on s.oid = c.reltablespace
    where c.oid = 'public.stop_search'::regclass;
    execute format('create table public.%I (like public.stop_search including comments, check (batch_id = %s))%s',
        t, p_batch, case when space is null then '' else format(' tablespace %I', space) end);
    -- the application reads the records and adds an import's rows; it never changes or deletes one (afterMigrate)
    execute format('grant select, insert on table public.%I to %I', t, session_user);
    return t;
end $$;

-- The import's table made part of stop_search, once its rows are in; from then on its records are kept as they are
-- (the application may read them, no longer add to them)
create function stop_search_batch_attach(p_batch bigint) returns void
language plpgsql security definer set search_path = public, pg_temp as $$
declare
    t text := 'stop_search_batch_' || p_batch;
begin
    if not exists (select from import_batch where id = p_batch and kind = 'POLICE_UK' and status = 'ACTIVE') then
        raise exception 'import % is not a current police.uk import', p_batch;
    end if;
    execute format('alter table public.stop_search attach partition public.%I for values in (%s)', t, p_batch);
    execute format('revoke insert on table public.%I from %I', t, session_user);
end $$;

-- A force's month replaced: its current import (if any) superseded and that import's table dropped whole, in the
-- transaction of the import that replaces it. Returns the import replaced and its revision (null: none). The
-- application may not change an import's status itself (afterMigrate), so this is the only way records go.
create function stop_search_supersede(p_force text, p_month date, out replaced bigint, out revision integer)
language plpgsql security definer set search_path = public, pg_temp as $$
begin
    select b.id, coalesce(b.revision, 1) into replaced, revision from import_batch b
    where b.kind = 'POLICE_UK' and b.status = 'ACTIVE' and b.force = p_force and b.month = p_month
    for update;
    if replaced is null then
        return;
    end if;
    update import_batch set status = 'SUPERSEDED' where id = replaced;
    execute format('drop table if exists public.%I', 'stop_search_batch_' || replaced);
end $$;

-- V28's recount, reading only the current import's records of the force and month: stop_search by that import, which
-- is its one attached table (the batch is a constant in the query, so only that partition is planned and read), no
-- longer a scan of stop_search by month. The cells are the same (KeepingTheCellTableInStepWithTheRecordsTest).
create or replace function stop_search_recount(p_force text, p_month date) returns void
language plpgsql security definer set search_path = public, pg_temp set enable_sort = off as $$
declare
    batch bigint;
begin
    delete from stop_search_cell where force = p_force and month = p_month;
    select id into batch from import_batch
    where kind = 'POLICE_UK' and status = 'ACTIVE' and force = p_force and month = p_month;
    if batch is null then
        return;
    end if;
    execute format($count$
        insert into stop_search_cell (force, month, definition, ethnic_group, borough_code, age_band, vehicle, events,
            arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known, outcome_linked)
        select $1, $2, case when grouping(self_defined_group) = 0 then 'SELF' else 'OFFICER' end,
               case when grouping(self_defined_group) = 0 then self_defined_group else officer_defined_group end,
               borough_code, age_band, vehicle, sum(events)::bigint, sum(arrests)::bigint, sum(more_than_outer_clothing)::bigint,
               sum(arrested_and_more_than_outer_clothing)::bigint, sum(outcome_known)::bigint, sum(outcome_linked)::bigint
        from (select borough_code, case when age_range in ('under 10', '10-17') then age_range else 'other' end as age_band,
                     type = 'Vehicle search' as vehicle, self_defined_group, officer_defined_group,
                     count(*) as events,
                     count(*) filter (where outcome_normalised = 'ARREST') as arrests,
                     count(*) filter (where more_than_outer_clothing) as more_than_outer_clothing,
                     count(*) filter (where outcome_normalised = 'ARREST' and more_than_outer_clothing)
                         as arrested_and_more_than_outer_clothing,
                     count(*) filter (where outcome_linked is not null) as outcome_known,
                     count(*) filter (where outcome_linked) as outcome_linked
              from public.stop_search where batch_id = %s and force = $1 and month = $2
              group by 1, 2, 3, 4, 5) fine
        group by borough_code, age_band, vehicle, grouping sets ((self_defined_group), (officer_defined_group))
        $count$, batch) using p_force, p_month;
end $$;

-- Only the application's role may call these (afterMigrate__application_role_grants.sql grants them)
revoke execute on function stop_search_batch_table(bigint) from public;
revoke execute on function stop_search_batch_attach(bigint) from public;
revoke execute on function stop_search_supersede(text, date) from public;
