-- Issue 17, item 4 (docs/adr/0024-records-keep-what-was-published.md): a police.uk record's row keeps what the
-- file said and where its point falls, nothing the import knows already:
--   * its force and month are its import's (import_batch), the same for every row of the import's table (V29);
--   * how its labels were classified (census category and broad group of the self-defined ethnicity, group of
--     the officer-defined one, the outcome's normalised name) is the same for every row with that label, so it
--     is kept once a label, in the three tables below, by the import that first meets the label.
-- That takes 54 of the 321 bytes of a row, and about a third of the time PostgreSQL takes to store an import's
-- rows (bench/row-width-experiment: 1.87 s to 1.26 s a million). stop_search_classified gives the rows as they
-- were before, with their force, month and classification: the recount and the tests read it.

create table police_uk_self_defined_ethnicity (
    label           text primary key,
    census_category text,
    ethnic_group    text
);
comment on table police_uk_self_defined_ethnicity is 'How each self-defined ethnicity label met by an import of '
    'stop_search is classified, as its first import classified it (PoliceUkLabels): nearest Census 2021 category and '
    'broad group, both empty for "not stated"; kept when the records that used it are replaced';
create table police_uk_officer_defined_ethnicity (
    label        text primary key,
    ethnic_group text not null
);
comment on table police_uk_officer_defined_ethnicity is 'The broad group of each officer-defined ethnicity label met '
    'by an import of stop_search, as its first import classified it';
create table police_uk_outcome (
    label   text primary key,
    outcome text not null
);
comment on table police_uk_outcome is 'The normalised outcome (PoliceUkLabels.Outcome) of each outcome label met by an '
    'import of stop_search, as its first import classified it';

-- The labels held, each with the one classification its rows were given (no version has classified a label two
-- ways, nor stored a label of the two closed vocabularies without its classification), and each row's force and
-- month its import's: otherwise the migration stops, with nothing changed.
do $$
begin
    if exists (select from stop_search where self_defined_ethnicity is not null group by self_defined_ethnicity
               having count(distinct row(self_defined_category, self_defined_group)) > 1)
       or exists (select from stop_search where officer_defined_ethnicity is not null group by officer_defined_ethnicity
                  having count(distinct row(officer_defined_group)) > 1)
       or exists (select from stop_search where outcome is not null group by outcome
                  having count(distinct row(outcome_normalised)) > 1) then
        raise exception 'a label of stop_search is classified in two ways by different rows: V31 keeps one '
            'classification a label, so the records must be imported again with one version of the application';
    end if;
    if exists (select from stop_search where officer_defined_ethnicity is not null and officer_defined_group is null
                  or outcome is not null and outcome_normalised is null) then
        raise exception 'stop_search holds an officer-defined ethnicity or an outcome without its classification: '
            'V31 keeps one classification a label, so the records must be imported again';
    end if;
    if exists (select from stop_search s left join import_batch b on b.id = s.batch_id
               where b.id is null or b.force is distinct from s.force or b.month is distinct from s.month) then
        raise exception 'stop_search holds a record whose force or month is not its import''s (or with no import): '
            'V31 keeps them once, with the import';
    end if;
end $$;
insert into police_uk_self_defined_ethnicity (label, census_category, ethnic_group)
select distinct self_defined_ethnicity, self_defined_category, self_defined_group from stop_search
where self_defined_ethnicity is not null;
insert into police_uk_officer_defined_ethnicity (label, ethnic_group)
select distinct officer_defined_ethnicity, officer_defined_group from stop_search
where officer_defined_ethnicity is not null;
insert into police_uk_outcome (label, outcome)
select distinct outcome, outcome_normalised from stop_search where outcome is not null;

-- Dropping a column only marks it dropped: the rows already stored keep their bytes until their table is
-- rewritten (an import's table never is; it goes when its month is replaced), later imports' tables lack them.
alter table stop_search
    drop column force,
    drop column month,
    drop column self_defined_category,
    drop column self_defined_group,
    drop column officer_defined_group,
    drop column outcome_normalised;

create view stop_search_classified as
select s.batch_id, s.line_no, b.force, b.month, s.type, s.occurred_at, s.part_of_operation, s.policing_operation,
       s.latitude, s.longitude, s.borough_code, s.gender, s.age_range, s.self_defined_ethnicity,
       se.census_category as self_defined_category, se.ethnic_group as self_defined_group,
       s.officer_defined_ethnicity, od.ethnic_group as officer_defined_group, s.legislation, s.object_of_search,
       s.outcome, o.outcome as outcome_normalised, s.outcome_linked, s.more_than_outer_clothing
from stop_search s
join import_batch b on b.id = s.batch_id
left join police_uk_self_defined_ethnicity se on se.label = s.self_defined_ethnicity
left join police_uk_officer_defined_ethnicity od on od.label = s.officer_defined_ethnicity
left join police_uk_outcome o on o.label = s.outcome;
comment on view stop_search_classified is 'stop_search with each record''s force and month (its import''s) and how its '
    'labels were classified: the columns stop_search had before V31';

-- V29's recount, reading the classified records of the force and month's current import
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
              from public.stop_search_classified where batch_id = %s
              group by 1, 2, 3, 4, 5) fine
        group by borough_code, age_band, vehicle, grouping sets ((self_defined_group), (officer_defined_group))
        $count$, batch) using p_force, p_month;
end $$;
