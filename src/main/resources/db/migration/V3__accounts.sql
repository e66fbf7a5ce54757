-- Accounts and their roles. Nothing here is ever deleted: accounts are disabled, roles revoked.
create table account (
    id               bigint generated always as identity primary key,
    username         text not null,
    display_name     text not null,
    password_hash    text not null,
    enabled          boolean not null default true,
    demonstration    boolean not null default false,
    failed_sign_ins  integer not null default 0,
    locked_until     timestamptz,
    created_at       timestamptz not null default now(),
    created_by       text not null
);
create unique index account_username on account (lower(username));
comment on column account.demonstration is 'Created as demonstration data; shown as such on screen';
comment on column account.locked_until is 'Sign-in refused until then after repeated failed attempts';

create table account_role (
    id          bigint generated always as identity primary key,
    account_id  bigint not null references account (id),
    role        text not null check (role in ('PANEL_MEMBER', 'CHAIR', 'SECRETARIAT', 'ANALYST',
                                              'POLICE_LIAISON', 'AUDITOR', 'ADMINISTRATOR')),
    granted_at  timestamptz not null default now(),
    granted_by  text not null,
    revoked_at  timestamptz,
    revoked_by  text
);
create unique index account_role_current on account_role (account_id, role) where revoked_at is null;
comment on table account_role is 'Role history: a row per grant; revoking sets revoked_at, never deletes';

create table account_status_change (
    id          bigint generated always as identity primary key,
    account_id  bigint not null references account (id),
    enabled     boolean not null,
    changed_at  timestamptz not null default now(),
    changed_by  text not null,
    reason      text
);
