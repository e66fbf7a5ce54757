-- School roll by ethnic group: the benchmark of a school's rates (docs/formats/school-roll.md).
create table school_roll (
    urn            integer not null references school (urn),
    academic_year  text not null check (academic_year ~ '^[0-9]{4}/[0-9]{2}$'),
    ethnic_group   text not null check (ethnic_group in ('ASIAN', 'BLACK', 'MIXED', 'OTHER', 'WHITE', 'UNKNOWN')),
    pupils         integer check (pupils >= 0),
    batch_id       bigint not null references import_batch (id),
    synthetic      boolean not null default false,
    primary key (urn, academic_year, ethnic_group)
);
comment on column school_roll.pupils is 'Null when the source suppressed the count (c): unknown, not zero';
comment on column school_roll.ethnic_group is 'Broad group; UNKNOWN is unclassified or refused (no denominator)';

alter table import_batch drop constraint import_batch_kind_check;
alter table import_batch add constraint import_batch_kind_check
    check (kind in ('POLICE_UK', 'EXTENDED', 'SCHOOLS', 'DEPLOYMENTS', 'SCHOOL_ROLL'));
