-- Tenancy: projects, the phone numbers and WhatsApp Business Accounts routed to them, and their webhook endpoints.

create table project (
    id             text        primary key,
    name           text        not null,
    enabled        boolean     not null default true,
    retention_days integer     check (retention_days is null or retention_days > 0),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now()
);

create table waba (
    waba_id    text        primary key,
    project_id text        not null references project (id) on delete cascade,
    created_at timestamptz not null default now()
);
create index waba_project on waba (project_id);

create table phone_number (
    phone_number_id      text        primary key,
    project_id           text        not null references project (id) on delete cascade,
    waba_id              text,
    display_phone_number text,
    created_at           timestamptz not null default now()
);
create index phone_number_project on phone_number (project_id);

create table webhook_endpoint (
    id                         text        primary key,
    project_id                 text        not null references project (id) on delete cascade,
    url                        text        not null,
    event_types                text[],
    enabled                    boolean     not null default true,
    secret                     text        not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    created_at                 timestamptz not null default now(),
    updated_at                 timestamptz not null default now()
);
create index webhook_endpoint_project on webhook_endpoint (project_id);
