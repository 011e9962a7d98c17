-- Every stored event, one row per log entry. Range-partitioned by created_at (Ticks, one partition a day) so that
-- retention drops whole partitions; every index leads with the project, as every query of the logs API does.
-- project_id is '' for an event no project owns (unrouted, visible to admins only).

create sequence log_entry_id_seq cache 1000;

create table log_entry (
    project_id           text     not null,
    created_at           bigint   not null,
    log_id               bigint   not null default nextval('log_entry_id_seq'),
    phone_number_id      text     not null,
    event_type           smallint not null,  -- 1 Incoming Message, 2 Message Status, 3 Other
    payload              text     not null,
    direction            smallint not null default 1,
    waba_id              text,
    wa_status            text,
    message_id           text,
    wa_id                text,
    error_code           integer,             -- the first Meta error code in the event
    flyout_url           text     not null default '-',
    flyout_status        text     not null default '-',
    flyout_response      text     not null default '-',
    flyout_response_code integer  not null default 0,
    webhook_id           text,
    primary key (project_id, created_at, log_id)
) partition by range (created_at);

alter sequence log_entry_id_seq owned by log_entry.log_id;

create table log_entry_default partition of log_entry default;

create index log_entry_event_type   on log_entry (project_id, event_type, created_at, log_id);
create index log_entry_phone_number on log_entry (project_id, phone_number_id, created_at, log_id);
create index log_entry_flyout_url   on log_entry (project_id, flyout_url, created_at, log_id);
create index log_entry_flyout_state on log_entry (project_id, flyout_status, created_at, log_id);
create index log_entry_wa_status    on log_entry (project_id, wa_status, created_at, log_id) where wa_status is not null;
create index log_entry_message_id   on log_entry (project_id, message_id, created_at, log_id) where message_id is not null;
create index log_entry_wa_id        on log_entry (project_id, wa_id, created_at, log_id) where wa_id is not null;
create index log_entry_error_code   on log_entry (project_id, error_code, created_at, log_id) where error_code is not null;
-- a log id alone (detail, delete, redeliver) is looked up with its project
create index log_entry_log_id       on log_entry (project_id, log_id);

-- Creates the daily partitions covering [first_day, first_day + days); idempotent.
create function ensure_log_partitions(first_day date, days integer) returns integer
language plpgsql as $$
declare
    epoch_ticks constant bigint := 621355968000000000;
    day_ticks   constant bigint := 864000000000;
    created     integer := 0;
    d           date;
    name        text;
    lower_ticks bigint;
begin
    for i in 0 .. days - 1 loop
        d := first_day + i;
        name := 'log_entry_p' || to_char(d, 'YYYYMMDD');
        if to_regclass(name) is null then
            lower_ticks := epoch_ticks + (d - date '1970-01-01')::bigint * day_ticks;
            execute format('create table %I partition of log_entry for values from (%s) to (%s)',
                           name, lower_ticks, lower_ticks + day_ticks);
            created := created + 1;
        end if;
    end loop;
    return created;
end;
$$;

select ensure_log_partitions(current_date - 1, 9);

-- Redelivery detection: a digest of each event's bytes per phone number (or WABA), kept for 7 days.
create table event_fingerprint (
    route_key   text        not null,
    digest      bytea       not null,
    received_at timestamptz not null,
    primary key (route_key, digest)
);
create index event_fingerprint_received on event_fingerprint using brin (received_at);
