-- An analyst proposes a kept analysis for publication; the secretariat publishes it (which answers the
-- proposal) or declines it with reasons. At most one open proposal per analysis; after a decline the
-- analyst may propose it again. What was proposed is never changed: only the decision is added, once.
create table publication_proposal (
    id                   bigserial primary key,
    analysis_snapshot_id bigint not null references analysis_snapshot (id),
    proposed_title       text not null,
    reasons              text not null,
    proposed_by          text not null,
    proposed_at          timestamptz not null default now(),
    publication_id       bigint references publication (id),
    declined_reason      text,
    decided_by           text,
    decided_at           timestamptz,
    check (publication_id is null or declined_reason is null),
    check ((publication_id is null and declined_reason is null) = (decided_by is null and decided_at is null))
);
create unique index publication_proposal_one_open on publication_proposal (analysis_snapshot_id)
    where publication_id is null and declined_reason is null;

create function publication_proposal_decided_once() returns trigger language plpgsql as $$
begin
    if tg_op = 'DELETE' then
        raise exception 'publication proposals are kept: DELETE is not allowed';
    end if;
    if old.decided_at is not null
            or new.analysis_snapshot_id <> old.analysis_snapshot_id or new.proposed_title <> old.proposed_title
            or new.reasons <> old.reasons or new.proposed_by <> old.proposed_by or new.proposed_at <> old.proposed_at then
        raise exception 'a publication proposal is only ever decided, once: this UPDATE is not allowed';
    end if;
    return new;
end;
$$;
create trigger publication_proposal_decided_once before update or delete on publication_proposal
    for each row execute function publication_proposal_decided_once();
