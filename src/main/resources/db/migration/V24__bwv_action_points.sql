-- Action points of body-worn video scrutiny (issue 15, item 3; ADR 0018): raised by the chair or the secretariat
-- from a review session, optionally about one encounter of its sample, and answered by the police liaison in
-- their own field. Nothing here is ever changed: the panel's text, each answer and each change of status is a
-- row of its own, and the three tables refuse UPDATE and DELETE (triggers, and no such grant for the
-- application role), so that the police (or anyone) cannot rewrite what the panel asked or what was answered.
-- The status of an action point is its latest event.

-- The action point and the panel's text, as raised.
create table bwv_action_point (
    id            bigserial primary key,
    session_id    bigint not null references bwv_review_session (id),
    position      integer check (position > 0),
    text          text not null check (length(btrim(text)) > 0),
    raised_by     text not null,
    raised_at     timestamptz not null default now(),
    demonstration boolean not null default false
);
comment on column bwv_action_point.position is 'The encounter of the session''s sample it is about (1 upwards), or null for the session as a whole';
create index bwv_action_point_session on bwv_action_point (session_id);

-- The police liaison's answers: a later answer is a new version; suggest_close when they suggest closing it.
create table bwv_action_point_answer (
    action_point_id bigint not null references bwv_action_point (id),
    version         integer not null check (version > 0),
    text            text not null check (length(btrim(text)) > 0),
    suggest_close   boolean not null,
    written_by      text not null,
    written_at      timestamptz not null default now(),
    primary key (action_point_id, version)
);

-- Each change of status, numbered from 1 for each action point: the primary key makes two people changing the
-- same action point at once fail rather than both succeed (the second reads it again). The first event is
-- NO_RESPONSE, made on raising; RESPONDED and SUGGEST_CLOSE name the answer that made them; CLOSED (the chair
-- only, in the service) carries the chair's note.
create table bwv_action_point_event (
    action_point_id bigint not null references bwv_action_point (id),
    seq             integer not null check (seq > 0),
    status          text not null check (status in ('NO_RESPONSE', 'RESPONDED', 'SUGGEST_CLOSE', 'CLOSED')),
    answer_version  integer,
    note            text not null default '',
    actor           text not null,
    actor_role      text not null,
    at              timestamptz not null default now(),
    primary key (action_point_id, seq),
    foreign key (action_point_id, answer_version) references bwv_action_point_answer (action_point_id, version),
    check ((seq = 1) = (status = 'NO_RESPONSE')),
    check ((status in ('RESPONDED', 'SUGGEST_CLOSE')) = (answer_version is not null)),
    check (status <> 'CLOSED' or length(btrim(note)) > 0)
);

create trigger bwv_action_point_append_only before update or delete on bwv_action_point
    for each row execute function panel_text_append_only();
create trigger bwv_action_point_answer_append_only before update or delete on bwv_action_point_answer
    for each row execute function panel_text_append_only();
create trigger bwv_action_point_event_append_only before update or delete on bwv_action_point_event
    for each row execute function panel_text_append_only();
