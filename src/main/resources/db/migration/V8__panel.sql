-- The Safer Schools Partnership Board: members, recommendations with police responses, meetings and minutes.
-- Panel text is never overwritten: every edit is a new version row, and the version tables refuse
-- updates and deletes, so that the police (or anyone) cannot change what the panel wrote.

create function panel_text_append_only() returns trigger language plpgsql as $$
begin
    raise exception '% is append-only: % is not allowed (write a new version)', tg_table_name, tg_op;
end;
$$;

create table organisation (
    id            bigserial primary key,
    name          text not null unique,
    type          text not null check (type in ('MOPAC', 'MPS', 'SCHOOL_OR_TRUST', 'UNIVERSITY', 'CHARITY', 'OTHER')),
    demonstration boolean not null default false
);

create table panel_member (
    id                      bigserial primary key,
    name                    text not null,
    organisation_id         bigint not null references organisation (id),
    role                    text not null check (role in ('CHAIR', 'MEMBER', 'SECRETARIAT', 'POLICE_LIAISON', 'OBSERVER')),
    term_from               date not null,
    term_to                 date,
    confidentiality_agreed_on date,
    account_username        text unique,
    demonstration           boolean not null default false,
    check (term_to is null or term_to >= term_from)
);

create table recommendation (
    id            bigserial primary key,
    reference     text not null unique,
    status        text not null check (status in ('DRAFT', 'AGREED', 'OPEN', 'IN_PROGRESS', 'IMPLEMENTED', 'CLOSED', 'NOT_ACCEPTED')),
    response_due  date,
    issued_at     timestamptz,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    demonstration boolean not null default false
);
comment on column recommendation.status is 'DRAFT and AGREED are never public; from OPEN (issued) on, public with the police response';

create table recommendation_text (
    recommendation_id bigint not null references recommendation (id),
    version           integer not null,
    title             text not null,
    body              text not null,
    written_by        text not null,
    written_at        timestamptz not null default now(),
    primary key (recommendation_id, version)
);
create trigger recommendation_text_append_only before update or delete on recommendation_text
    for each row execute function panel_text_append_only();

create table police_response (
    recommendation_id bigint not null references recommendation (id),
    version           integer not null,
    decision          text not null check (decision in ('ACCEPTED', 'PARTLY_ACCEPTED', 'NOT_ACCEPTED')),
    reasons           text not null,
    written_by        text not null,
    written_at        timestamptz not null default now(),
    primary key (recommendation_id, version)
);
create trigger police_response_append_only before update or delete on police_response
    for each row execute function panel_text_append_only();

create table response_action (
    recommendation_id bigint not null,
    response_version  integer not null,
    position          integer not null,
    action            text not null,
    due_on            date not null,
    primary key (recommendation_id, response_version, position),
    foreign key (recommendation_id, response_version) references police_response (recommendation_id, version)
);
create trigger response_action_append_only before update or delete on response_action
    for each row execute function panel_text_append_only();

create table recommendation_event (
    id                bigserial primary key,
    recommendation_id bigint not null references recommendation (id),
    at                timestamptz not null default now(),
    actor             text not null,
    actor_role        text not null,
    from_status       text,
    to_status         text not null,
    note              text not null
);
create trigger recommendation_event_append_only before update or delete on recommendation_event
    for each row execute function panel_text_append_only();

create table meeting (
    id            bigserial primary key,
    title         text not null,
    starts_at     timestamptz not null,
    place         text not null,
    online        boolean not null default false,
    minutes_state text not null default 'NONE' check (minutes_state in ('NONE', 'DRAFT', 'APPROVED', 'PUBLISHED')),
    created_by    text not null,
    demonstration boolean not null default false
);
comment on column meeting.minutes_state is 'Draft minutes are never public; only PUBLISHED minutes are';

create table agenda_item (
    id                  bigserial primary key,
    meeting_id          bigint not null references meeting (id),
    position            integer not null,
    title               text not null,
    theme               text,
    recommendation_id   bigint references recommendation (id),
    added_automatically boolean not null default false,
    unique (meeting_id, position)
);

create table attendance (
    meeting_id bigint not null references meeting (id),
    member_id  bigint not null references panel_member (id),
    status     text not null check (status in ('PRESENT', 'APOLOGIES')),
    primary key (meeting_id, member_id)
);

create table minutes_text (
    meeting_id bigint not null references meeting (id),
    version    integer not null,
    body       text not null,
    written_by text not null,
    written_at timestamptz not null default now(),
    primary key (meeting_id, version)
);
create trigger minutes_text_append_only before update or delete on minutes_text
    for each row execute function panel_text_append_only();
