-- The event publication registry of Spring Modulith 2.0 (docs/adr/0005-package-by-feature-with-spring-modulith.md):
-- each event a module publishes is written here, in the publisher's transaction, once for every listener that
-- reacts to it after that transaction, and stays until the listener has finished (completion-mode=delete removes
-- it then). What is left is incomplete (its listener failed, or the node stopped first) and is published again on
-- the next start. The columns are Modulith's own (its schema-postgresql.sql, version 2); Flyway makes the table so
-- that the owner role does, and Modulith's schema initialisation stays off. The application role reads and writes
-- it as an ordinary table (afterMigrate__application_role_grants.sql).
create table event_publication (
    id                     uuid not null primary key,
    listener_id            text not null,
    event_type             text not null,
    serialized_event       text not null,
    publication_date       timestamp with time zone not null,
    completion_date        timestamp with time zone,
    status                 text,
    completion_attempts    int,
    last_resubmission_date timestamp with time zone
);
create index event_publication_serialized_event_hash_idx on event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on event_publication (completion_date);
