-- The same cells as V27's stop_search_recount, counted in two steps that cost less (issue 17, item 4): the month's
-- records are first counted by every key column at once (one hash table of a few thousand rows), and those counts
-- are then summed under each ethnicity definition. V27's single step kept two hash tables of the full key.
--
-- Hash aggregation is asked for (enable_sort off, for this function only): the records counted are the month this
-- transaction has just copied in, which the planner's statistics never describe. It estimates a handful of rows
-- and sorts the whole month (on disk, at a million records) instead. A hash of a few thousand groups is always
-- the right plan here; nothing else is changed, and the cells are the same (KeepingTheCellTableInStepWithTheRecordsTest).
create or replace function stop_search_recount(p_force text, p_month date) returns void
language sql security definer set search_path = public, pg_temp set enable_sort = off as $$
    delete from stop_search_cell where force = p_force and month = p_month;
    insert into stop_search_cell (force, month, definition, ethnic_group, borough_code, age_band, vehicle, events,
        arrests, more_than_outer_clothing, arrested_and_more_than_outer_clothing, outcome_known, outcome_linked)
    select p_force, p_month, case when grouping(self_defined_group) = 0 then 'SELF' else 'OFFICER' end,
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
          from stop_search where force = p_force and month = p_month
          group by 1, 2, 3, 4, 5) fine
    group by borough_code, age_band, vehicle, grouping sets ((self_defined_group), (officer_defined_group));
$$;
