-- The audit trail: append-only, each entry carrying the hash of the one before it.
create table audit_entry (
    sequence_no    bigint primary key,
    occurred_at    timestamptz not null,
    actor          text not null,
    actor_roles    text not null,
    action         text not null,
    subject        text not null,
    before_summary text,
    after_summary  text,
    previous_hash  char(64) not null,
    entry_hash     char(64) not null
);
comment on table audit_entry is 'Append-only, hash-chained record of who did what. Verified by ./oversight audit verify.';
comment on column audit_entry.entry_hash is 'SHA-256 of previous_hash and every other column, see AuditEntry.computeHash';

create index audit_entry_occurred_at on audit_entry (occurred_at);
create index audit_entry_actor on audit_entry (actor);
create index audit_entry_action on audit_entry (action);

-- Append-only: the application never updates or deletes an entry; the database refuses to.
create function audit_entry_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'the audit trail is append-only: % is not allowed', tg_op;
end;
$$;
create trigger audit_entry_no_update_or_delete before update or delete on audit_entry
    for each row execute function audit_entry_append_only();
create trigger audit_entry_no_truncate before truncate on audit_entry
    for each statement execute function audit_entry_append_only();
