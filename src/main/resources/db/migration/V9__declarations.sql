-- Declarations of interest: dated and versioned; public once confirmed. The text of a declaration is
-- never changed: a change is a new version.
create table declaration (
    id            bigserial primary key,
    member_id     bigint not null references panel_member (id),
    version       integer not null,
    text          text not null,
    declared_on   date not null,
    recorded_by   text not null,
    confirmed_by  text,
    confirmed_at  timestamptz,
    unique (member_id, version)
);

create function declaration_text_fixed() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' or new.text <> old.text or new.declared_on <> old.declared_on or new.member_id <> old.member_id
            or new.version <> old.version then
        raise exception 'a declaration is never changed or deleted: record a new version';
    end if;
    return new;
end;
$$;
create trigger declaration_text_is_fixed before update or delete on declaration
    for each row execute function declaration_text_fixed();
