-- Forwarding: pending work lives here until it succeeds or fails for good; every attempt is kept.

create table flyout_job (
    log_id          bigint      primary key,
    project_id      text        not null,
    created_at      bigint      not null,   -- with project_id and log_id, the key of the log entry
    webhook_id      text        not null,
    url             text        not null,
    attempts        integer     not null default 0,
    next_attempt_at timestamptz not null default now(),
    locked_until    timestamptz,
    enqueued_at     timestamptz not null default now()
);
create index flyout_job_due on flyout_job (webhook_id, next_attempt_at);
create index flyout_job_next on flyout_job (next_attempt_at);

create table flyout_attempt (
    id               bigserial   primary key,
    project_id       text        not null,
    log_id           bigint      not null,
    attempt          integer     not null,
    url              text        not null,
    started_at       timestamptz not null,
    duration_ms      integer     not null,
    response_code    integer     not null,  -- 0 when there was no answer
    response_excerpt text,
    error            text,
    outcome          text        not null   -- success, retry or failed
);
create index flyout_attempt_entry on flyout_attempt (project_id, log_id, id);
