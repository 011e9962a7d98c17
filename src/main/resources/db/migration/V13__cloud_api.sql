-- Sending through the WhatsApp Cloud API (docs/outgoing.md): the access tokens of phone numbers and WABAs, and the
-- answers kept for Idempotency-Key.

-- One token per phone number or per WABA, sealed (SecretBox) for its row; it goes with its number or WABA.
-- rejected_at: when Meta last refused it (401 with code 190); a new token clears it.
create table access_token (
    phone_number_id text        unique references phone_number (phone_number_id) on delete cascade,
    waba_id         text        unique references waba (waba_id) on delete cascade,
    project_id      text        not null references project (id) on delete cascade,
    sealed          text        not null,
    rejected_at     timestamptz,
    updated_at      timestamptz not null default now(),
    check ((phone_number_id is null) <> (waba_id is null))
);

-- A send made with an Idempotency-Key: claimed before Meta is called (status null while it runs), then its answer.
-- A key is honoured for 24 hours; older rows are taken again by a new send and removed by the upkeep.
create table send_request (
    project_id      text        not null references project (id) on delete cascade,
    idempotency_key text        not null,
    request_hash    bytea       not null,
    created_at      timestamptz not null default now(),
    status          integer,
    body            text,
    primary key (project_id, idempotency_key)
);
create index send_request_created on send_request using brin (created_at);
