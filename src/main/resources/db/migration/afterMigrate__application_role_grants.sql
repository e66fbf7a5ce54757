-- Runs after every migrate, as the owner (Flyway's afterMigrate callback, so not a numbered migration):
-- the application's connections use their own role, which owns nothing (docs/adr/0013-database-roles.md).
-- ${application_role} is that role (DatabaseConfiguration sets it). Running every time keeps the grants
-- right for tables made by later migrations and for a role added after an installation began with one.
-- The application role may read and write the ordinary tables, only add rows to the append-only ones, only
-- read the cells of the records (and have them recounted), and never alter a table, so it cannot switch off
-- the triggers that refuse changes to the audit trail and the panel's text.
do $$
declare
    app text := '${application_role}';
    -- Tables whose triggers refuse every UPDATE and DELETE: the application only reads and adds rows.
    -- A migration that makes another append-only table adds it here (RunningAsTheApplicationRoleTest
    -- fails until it does).
    append_only text[] := array['audit_entry', 'analysis_snapshot', 'publication',
        'recommendation_text', 'police_response', 'response_action', 'recommendation_event', 'minutes_text',
        'tor_section', 'tor_comment', 'review_item_text', 'review_comment', 'publication_joint_protection',
        'bwv_sample', 'bwv_sample_encounter', 'bwv_score', 'bwv_consensus', 'bwv_findings_publication',
        'bwv_action_point', 'bwv_action_point_answer', 'bwv_action_point_event', 'bwv_public_words'];
    -- Tables whose triggers allow a guarded UPDATE (confirming a declaration, deciding a proposal) and refuse DELETE
    never_deleted text[] := array['declaration', 'publication_proposal'];
    t text;
begin
    if app = current_user then
        raise notice 'The application connects as the owner of the tables (%): no separate grants', app;
        return;
    end if;
    execute format('grant usage on schema public to %I', app);
    execute format('grant select, insert, update, delete on all tables in schema public to %I', app);
    execute format('grant usage, select on all sequences in schema public to %I', app);
    foreach t in array append_only loop
        if to_regclass(format('public.%I', t)) is not null then
            execute format('revoke update, delete, truncate, references, trigger on table public.%I from %I', t, app);
        end if;
    end loop;
    foreach t in array never_deleted loop
        if to_regclass(format('public.%I', t)) is not null then
            execute format('revoke delete, truncate, references, trigger on table public.%I from %I', t, app);
        end if;
    end loop;
    -- The cells of the police.uk records (V27) are only ever counted from the records, by the owner's function:
    -- the application reads them and may have a force's month recounted, but never writes a count itself.
    if to_regclass('public.stop_search_cell') is not null then
        execute format('revoke insert, update, delete, truncate, references, trigger on table public.stop_search_cell from %I', app);
        execute format('grant execute on function public.stop_search_recount(text, date) to %I', app);
    end if;
    -- and may have an import's own cells stored, counted as its rows were checked (V30), in its transaction only
    if to_regprocedure('public.stop_search_cells_store(bigint, text[], text[], text[], text[], boolean[], bigint[], '
            'bigint[], bigint[], bigint[], bigint[], bigint[])') is not null then
        execute format('grant execute on function public.stop_search_cells_store(bigint, text[], text[], text[], '
            'text[], boolean[], bigint[], bigint[], bigint[], bigint[], bigint[], bigint[]) to %I', app);
    end if;
    -- The police.uk records (V29): a table per import, made, attached and dropped only by the owner's functions.
    -- The application reads the records and adds an import's rows to the table made for it (before it is
    -- attached); it never adds to, changes or deletes the records of an attached import.
    if to_regprocedure('public.stop_search_batch_table(bigint)') is not null then
        for t in select 'stop_search' union all
                 select c.relname from pg_inherits i join pg_class c on c.oid = i.inhrelid
                 where i.inhparent = 'public.stop_search'::regclass loop
            execute format('revoke insert, update, delete, truncate, references, trigger on table public.%I from %I', t, app);
        end loop;
        execute format('grant execute on function public.stop_search_batch_table(bigint), '
            'public.stop_search_batch_attach(bigint), public.stop_search_supersede(text, date) to %I', app);
        -- nor say an import is no longer current, nor forget one: the import history is kept whole, and a status
        -- changes only with the records it stands for (stop_search_supersede)
        execute format('revoke update, delete, truncate on table public.import_batch from %I', app);
        execute format('grant update (rows_read, rows_imported, rows_invalid, problems_total, finished_at) '
            'on table public.import_batch to %I', app);
    end if;
    -- The classification of each police.uk label (V31): an import adds the labels it meets for the first time, and
    -- nothing changes or forgets one, since the records held with a label are read through it
    foreach t in array array['police_uk_self_defined_ethnicity', 'police_uk_officer_defined_ethnicity',
            'police_uk_outcome', 'stop_search_classified'] loop
        if to_regclass(format('public.%I', t)) is not null then
            execute format('revoke update, delete, truncate, references, trigger on table public.%I from %I', t, app);
        end if;
    end loop;
    if to_regclass('public.stop_search_classified') is not null then
        execute format('revoke insert on table public.stop_search_classified from %I', app);
    end if;
    -- Flyway's own history is the owner's business
    execute format('revoke all on table %I from %I', '${flyway:table}', app);
end $$;
