-- The audit trail: one row per deletion, export, redelivery, retention run, token mint or revoke and admin change.
-- Append-only (nothing updates a row); rows outlive what they describe and go after sendzen.audit.retention-days.

create table audit_record (
    id         bigserial   primary key,
    at         timestamptz not null default now(),
    actor_sub  text        not null,   -- the token's subject, or 'system' for the service's own jobs
    actor_jti  text,                   -- the token's id; null for the service's own jobs
    project_id text,                   -- null for an admin change that concerns no project
    action     text        not null,
    target     jsonb       not null,   -- ids, or the filter as JSON
    count      bigint                  -- how many entries it concerned, where that is known
);
create index audit_record_project on audit_record (project_id, id);
create index audit_record_at on audit_record using brin (at);
