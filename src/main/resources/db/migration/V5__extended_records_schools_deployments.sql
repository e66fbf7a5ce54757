alter table import_batch add column synthetic boolean not null default false;
comment on column import_batch.synthetic is 'Made up by the demonstration data generator: shown as synthetic wherever it appears';

-- Our extended records of powers used on people (docs/formats/extended-records.md), schools from the
-- DfE register (GIAS) and Safer Schools Officer deployments. Identifiers of records and officers are
-- stored only as keyed hashes (HMAC-SHA-256 with a secret from configuration).
create table power_use (
    batch_id                  bigint not null references import_batch (id),
    line_no                   integer not null,
    record_key                char(64) not null,
    power                     text not null check (power in ('STOP_AND_SEARCH', 'ARREST', 'USE_OF_FORCE',
                                  'MORE_THOROUGH_SEARCH', 'STRIP_SEARCH_INTIMATE_PARTS', 'HANDCUFFING')),
    occurred_at               timestamptz not null,
    force                     text not null,
    borough_code              text,
    school_urn                integer,
    on_school_premises        boolean,
    sso_involved              boolean,
    officer_team_key          char(64),
    age_years                 integer check (age_years between 0 and 120),
    age_band                  text,
    gender                    text,
    self_defined_ethnicity    text,
    self_defined_category     text,
    self_defined_group        text,
    officer_defined_ethnicity text,
    officer_defined_group     text,
    legislation               text,
    object_of_search          text,
    outcome                   text,
    outcome_normalised        text,
    outcome_linked            boolean,
    appropriate_adult_present boolean,
    location_type             text,
    safeguarding_referral     boolean,
    force_tactics             text,
    bwv_recorded              boolean,
    bwv_reference             text,
    synthetic                 boolean not null default false,
    primary key (force, record_key, power)
);
comment on column power_use.record_key is 'HMAC-SHA-256 of force and record reference: re-imports match without the reference being stored';
comment on column power_use.officer_team_key is 'HMAC-SHA-256 of the officer team identifier';
comment on column power_use.synthetic is 'Made by the demonstration data generator, not a real record';

create table school (
    urn                integer primary key,
    name               text not null,
    phase              text,
    type               text,
    status             text,
    la_code            text,
    postcode           text,
    easting            integer,
    northing           integer,
    batch_id           bigint not null references import_batch (id),
    synthetic          boolean not null default false
);

create table sso_deployment (
    officer_team_key   char(64) not null,
    school_urn         integer not null references school (urn),
    from_date          date not null,
    to_date            date,
    batch_id           bigint not null references import_batch (id),
    synthetic          boolean not null default false,
    primary key (officer_team_key, school_urn, from_date),
    check (to_date is null or to_date >= from_date)
);
