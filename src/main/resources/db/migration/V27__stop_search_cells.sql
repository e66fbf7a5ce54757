-- Counts of the police.uk records by cell (issue 17, item 3; docs/adr/0021-analyses-read-cells.md), so that an
-- analysis reads at most a few hundred cells a force and month instead of every record: its cost no longer grows
-- with the records held.
--
-- A cell's key is every dimension an analysis or a published figure selects or groups the records by, and no
-- more (each one multiplies the cells):
--   force, month      the records' force and month (the file's)
--   definition        which ethnicity the group is: 'SELF' (self-defined) or 'OFFICER' (officer-defined). Every
--                     record is counted once under each definition, so the cells of one definition add up to the
--                     records; an analysis uses one definition, never both at once (their cross is not kept)
--   ethnic_group      the group under that definition (EthnicGroup name; null: unknown or not stated)
--   borough_code      the borough the record's coordinates fall in (null: unlocated), for by-borough rates
--   age_band          'under 10' and '10-17' as published, 'other' for 18 and over or not stated: children aged
--                     10 to 17, 0 to 17 and all ages can each be counted (Children.Ages.cells())
--   vehicle           type = 'Vehicle search' (left out of analyses, reported as a count)
-- The outcomes the analyses use are counted in each cell rather than keyed (they are only ever summed):
--   events                                 records
--   arrests                                outcome_normalised = 'ARREST'
--   more_than_outer_clothing               more_than_outer_clothing is true
--   arrested_and_more_than_outer_clothing  both
--   outcome_known                          outcome_linked is not null
--   outcome_linked                         outcome_linked is true
-- Not in the key, because no analysis or figure uses them: gender, the adult age ranges, legislation (the power),
-- object of search, the other outcomes, policing operation, the day and time, and the cross of the two ethnicity
-- definitions. A figure by one of them needs a new migration that adds it to the key and fills the table again
-- from the records.
--
-- Kept in the same transaction as the records: the import of a force's month recounts that force and month
-- (stop_search_recount) after taking out the file it replaces and storing the new rows, so a replaced month's
-- cells are those of the new file, and a rejected file's transaction takes its cells with it. Invalid rows set
-- aside by --quarantine-invalid are never in stop_search, so they are in no cell.
create table stop_search_cell (
    force                                  text not null,
    month                                  date not null,
    definition                             text not null check (definition in ('SELF', 'OFFICER')),
    ethnic_group                           text,
    borough_code                           text,
    age_band                               text not null check (age_band in ('under 10', '10-17', 'other')),
    vehicle                                boolean not null,
    events                                 bigint not null check (events > 0),
    arrests                                bigint not null,
    more_than_outer_clothing               bigint not null,
    arrested_and_more_than_outer_clothing  bigint not null,
    outcome_known                          bigint not null,
    outcome_linked                         bigint not null
);
comment on table stop_search_cell is 'Counts of stop_search by force, month, ethnicity definition and group, borough, age band and vehicle '
    'search or not; recounted from stop_search for each force and month an import changes, in its transaction (stop_search_recount)';
-- One row a cell (null is a value of each dimension here)
create unique index stop_search_cell_key on stop_search_cell (force, month, definition, vehicle, age_band,
    coalesce(borough_code, ''), coalesce(ethnic_group, ''));
-- What an analysis reads, in the order it reads it (one force, one definition, people rather than vehicles, a range
-- of months), with the counts: an index-only scan of the cells asked for, never the rest of the table
create index stop_search_cell_read on stop_search_cell (force, definition, vehicle, month, age_band, borough_code,
    ethnic_group) include (events, arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing,
    outcome_known, outcome_linked);

-- The only way the application writes cells: it may not write a count of its own (no INSERT, UPDATE or DELETE on
-- the table, afterMigrate__application_role_grants.sql), only have a force's month counted again from its records.
-- SECURITY DEFINER runs it as the owner; search_path is fixed so that no object of the caller's can stand in.
-- One pass over the month's rows counts both definitions (grouping sets).
create function stop_search_recount(p_force text, p_month date) returns void
language sql security definer set search_path = public, pg_temp as $$
    delete from stop_search_cell where force = p_force and month = p_month;
    insert into stop_search_cell (force, month, definition, ethnic_group, borough_code, age_band, vehicle, events,
        arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known, outcome_linked)
    select force, month, case when grouping(self_defined_group) = 0 then 'SELF' else 'OFFICER' end,
           case when grouping(self_defined_group) = 0 then self_defined_group else officer_defined_group end,
           borough_code, age_band, vehicle, count(*),
           count(*) filter (where outcome_normalised = 'ARREST'),
           count(*) filter (where more_than_outer_clothing),
           count(*) filter (where outcome_normalised = 'ARREST' and more_than_outer_clothing),
           count(*) filter (where outcome_linked is not null),
           count(*) filter (where outcome_linked)
    from (select s.*, case when age_range in ('under 10', '10-17') then age_range else 'other' end as age_band,
                 type = 'Vehicle search' as vehicle
          from stop_search s where force = p_force and month = p_month) records
    group by force, month, borough_code, age_band, vehicle,
             grouping sets ((self_defined_group), (officer_defined_group));
$$;
revoke execute on function stop_search_recount(text, date) from public;

-- The records already held: every force and month of them
select stop_search_recount(force, month) from (select distinct force, month from stop_search) held;
