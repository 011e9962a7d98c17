-- Tokens: those minted through the admin API are listed per project; any token (the token command's too) can be
-- revoked by its id (jti). Every instance reads revoked_token incrementally, by seq, every second.

create table issued_token (
    jti          text        primary key,
    project_id   text        not null references project (id) on delete cascade,
    scopes       text[]      not null,
    created_at   timestamptz not null default now(),
    expires_at   timestamptz not null,
    last_used_at timestamptz
);
create index issued_token_project on issued_token (project_id, created_at, jti);

create table revoked_token (
    seq        bigserial   primary key,
    jti        text        not null unique,
    -- past this the token is refused anyway, and the row can go
    expires_at timestamptz not null,
    revoked_at timestamptz not null default now()
);
