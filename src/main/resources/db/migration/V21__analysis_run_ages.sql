-- The children's ages an analysis run counts (issue 14): '10-17' or '0-17'. Runs kept before this counted
-- children as 0 to 17, so they keep that meaning.
alter table analysis_run add column ages text;
update analysis_run set ages = '0-17';
alter table analysis_run alter column ages set not null;
alter table analysis_run add constraint analysis_run_ages check (ages in ('10-17', '0-17'));
