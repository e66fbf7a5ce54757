-- Body-worn video scrutiny (issue 15, ADR 0018): samples of encounters drawn from our extended records,
-- review sessions, each member's blind score and the chair's consensus. No footage is ever stored: only what
-- reviewers found. An encounter is named by its record's identity (force, record_key, power), never by a
-- child's name or the police's reference.

-- A sample: how it was drawn (random or targeted), its filters and its seed, so that the same seed and filters
-- draw the same encounters again (Samples: ranked by a hash of the seed and each record's identity).
create table bwv_sample (
    id                bigserial primary key,
    title             text not null,
    method            text not null check (method in ('RANDOM', 'TARGETED')),
    seed              bigint not null,
    filters           jsonb not null,
    size_requested    integer check (size_requested > 0),
    percent_requested numeric(5, 2) check (percent_requested > 0 and percent_requested <= 100),
    population        integer not null,
    drawn_by          text not null,
    drawn_at          timestamptz not null default now(),
    demonstration     boolean not null default false,
    check ((size_requested is null) <> (percent_requested is null))
);

create table bwv_sample_encounter (
    sample_id  bigint not null references bwv_sample (id),
    position   integer not null check (position > 0),
    force      text not null,
    record_key char(64) not null,
    power      text not null,
    primary key (sample_id, position),
    unique (sample_id, force, record_key, power)
);

-- A review session over a sample, with the members present.
create table bwv_review_session (
    id            bigserial primary key,
    sample_id     bigint not null references bwv_sample (id),
    held_on       date not null,
    title         text not null,
    created_by    text not null,
    created_at    timestamptz not null default now(),
    demonstration boolean not null default false
);

create table bwv_session_member (
    session_id bigint not null references bwv_review_session (id),
    member     text not null,
    primary key (session_id, member)
);

-- Each member's own score of an encounter, submitted once and never changed (append-only, so no role, the
-- police's included, can edit it). rating is RED when footage was not available, whatever was entered.
create table bwv_score (
    session_id   bigint not null references bwv_review_session (id),
    position     integer not null,
    member       text not null,
    answers      jsonb not null,
    rating       text not null check (rating in ('RED', 'AMBER', 'GREEN')),
    rationale    text not null,
    learning     text not null default '',
    good_practice text not null default '',
    submitted_at timestamptz not null default now(),
    primary key (session_id, position, member),
    foreign key (session_id, member) references bwv_session_member (session_id, member)
);

-- The chair's consensus once every member present has submitted, with the spread of their scores beside it.
create table bwv_consensus (
    session_id    bigint not null references bwv_review_session (id),
    position      integer not null,
    answers       jsonb not null,
    rating        text not null check (rating in ('RED', 'AMBER', 'GREEN')),
    rationale     text not null,
    learning      text not null default '',
    good_practice text not null default '',
    spread        jsonb not null,
    recorded_by   text not null,
    recorded_at   timestamptz not null default now(),
    primary key (session_id, position)
);

create trigger bwv_sample_append_only before update or delete on bwv_sample
    for each row execute function panel_text_append_only();
create trigger bwv_sample_encounter_append_only before update or delete on bwv_sample_encounter
    for each row execute function panel_text_append_only();
create trigger bwv_score_append_only before update or delete on bwv_score
    for each row execute function panel_text_append_only();
create trigger bwv_consensus_append_only before update or delete on bwv_consensus
    for each row execute function panel_text_append_only();
