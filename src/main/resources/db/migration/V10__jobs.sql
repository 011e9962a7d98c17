-- Background jobs of a project (a bulk delete by filter): queued until an instance claims one with a lease, which it
-- renews after every batch. A job whose lease ran out (its instance stopped) is claimed again and goes on from
-- position; lease_token tells the holder of the current lease from one whose lease was taken over.

create table job (
    id           text        primary key,
    project_id   text        not null,
    kind         text        not null,             -- bulk_delete
    state        text        not null default 'queued'
                 check (state in ('queued', 'running', 'done', 'failed', 'cancelled')),
    params       jsonb       not null,             -- what the job works on; for bulk_delete the filter, toDate fixed
    actor_sub    text        not null,             -- who started it, for the audit record written when it ends
    actor_jti    text,
    matching     bigint,                           -- counted when it starts
    done         bigint      not null default 0,
    position     text,                             -- where the job has got to, in its kind's own form
    failures     integer     not null default 0,   -- batches failed in a row; the job fails after a few
    created_at   timestamptz not null default now(),
    started_at   timestamptz,
    finished_at  timestamptz,
    error        text,
    lease_token  uuid,
    locked_until timestamptz
);
create index job_open on job (created_at) where state in ('queued', 'running');
