-- Security review 2026-12-01, findings 1, 7, 8 and 18 (see docs/adr/0011-sessions-and-sign-in.md).

-- An account given a password by someone else (an administrator creating it or resetting its password,
-- or the first start printing a random one) must choose its own before it may do anything else.
alter table account add column password_must_change boolean not null default false;
comment on column account.password_must_change is
    'Set when the password was issued by someone else; every page but the change-password page redirects there until changed';

-- Failed sign-ins are now counted per account and client address (sign_in_failure), not per account:
-- anyone could otherwise lock any account for good. locked_until stays, for the administrator's pages.
alter table account drop column failed_sign_ins;
comment on column account.locked_until is
    'Sign-in refused from at least one client address until then, after repeated failed attempts from it';

-- One row per failed sign-in (or wrong current password on the change-password page), kept only as long
-- as the longest window that counts it. No typed username is kept: a failure on a name that is no account
-- has a null account_id.
create table sign_in_failure (
    id              bigint generated always as identity primary key,
    account_id      bigint references account (id),
    client_address  text not null,
    failed_at       timestamptz not null default now(),
    recorded_as     text check (recorded_as in ('SIGN_IN_FAILED', 'ACCOUNT_LOCKED'))
);
create index sign_in_failure_pair on sign_in_failure (account_id, client_address, failed_at);
create index sign_in_failure_address on sign_in_failure (client_address, failed_at);
create index sign_in_failure_at on sign_in_failure (failed_at);
comment on table sign_in_failure is
    'Failed sign-ins, for throttling per account and address and per address; deleted once outside every window';
comment on column sign_in_failure.recorded_as is
    'SIGN_IN_FAILED: this failure was written to the audit trail, the others of its account and period only counted here; '
    'ACCOUNT_LOCKED: not a failure but the marker of the one lock entry written for the account in its period';
