-- The findings of body-worn video reviews as published by the secretariat (issue 15, item 4): one row per
-- publication, of a calendar quarter of encounters reviewed, with its figures already protected (every count
-- perturbed by the cell key method, ADR 0017; shares worked out from the published counts). The original
-- counts are never stored here. Never changed (append-only), so what is public cannot change.
create table bwv_findings_publication (
    id            bigserial primary key,
    quarter       text not null check (quarter ~ '^[0-9]{4}-Q[1-4]$') unique,
    findings      jsonb not null,
    encounters    integer not null,
    synthetic     boolean not null,
    published_by  text not null,
    published_at  timestamptz not null default now()
);
create trigger bwv_findings_publication_append_only before update or delete on bwv_findings_publication
    for each row execute function panel_text_append_only();
