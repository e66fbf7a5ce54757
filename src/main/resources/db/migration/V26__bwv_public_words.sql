-- Reviewers' words that the secretariat decided on for publication (issue 15, item 5): a consensus's rationale,
-- learning points or good practice, approved (published as redacted) or kept out, after every personal detail the
-- check found was redacted or accepted with a reason (decisions). Only approved words of an encounter in a quarter
-- whose findings are published go public. Never changed (append-only).
create table bwv_public_words (
    id             bigserial primary key,
    session_id     bigint not null,
    position       integer not null,
    field          text not null check (field in ('rationale', 'learning', 'good_practice')),
    approved       boolean not null,
    published_text text not null,
    decisions      jsonb not null,
    decided_by     text not null,
    decided_at     timestamptz not null default now(),
    unique (session_id, position, field),
    foreign key (session_id, position) references bwv_consensus (session_id, position),
    check (approved or published_text = '')
);
create trigger bwv_public_words_append_only before update or delete on bwv_public_words
    for each row execute function panel_text_append_only();
