-- The application's connections use their own role, which owns nothing; the migrations run as the owner
-- (docs/adr/0013-database-roles.md). ${application_role} is that role (DatabaseConfiguration sets it).
-- The application role may read and write the ordinary tables, only add rows to the append-only ones, and
-- never alter a table, so it cannot switch off the triggers that refuse changes to the audit trail and
-- the panel's text.
do $$
declare
    app text := '${application_role}';
    -- Tables whose triggers refuse every UPDATE and DELETE: the application only reads and adds rows
    append_only text[] := array['audit_entry', 'analysis_snapshot', 'publication',
        'recommendation_text', 'police_response', 'response_action', 'recommendation_event', 'minutes_text',
        'tor_section', 'tor_comment', 'review_item_text', 'review_comment'];
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
        execute format('revoke update, delete, truncate, references, trigger on table %I from %I', t, app);
    end loop;
    foreach t in array never_deleted loop
        execute format('revoke delete, truncate, references, trigger on table %I from %I', t, app);
    end loop;
    -- Flyway's own history is the owner's business
    execute format('revoke all on table %I from %I', '${flyway:table}', app);

    -- Tables and sequences made by later migrations (as this same owner) are granted the same way. A later
    -- migration that makes an append-only table revokes UPDATE, DELETE and TRUNCATE on it from
    -- "${application_role}" itself; RunningAsTheApplicationRoleTest fails until it does.
    execute format('alter default privileges in schema public grant select, insert, update, delete on tables to %I', app);
    execute format('alter default privileges in schema public grant usage, select on sequences to %I', app);
end $$;
