-- Stats (GET /v1/stats) are read from rollups, never by counting entries at query time. log_rollup holds, per
-- project and hour (created_at is the hour's start, Ticks), how many entries have each combination of the columns
-- stats group and filter by: any filter of them and any grouping is a sum over its rows. A new event type or
-- direction is a new value, not a new column.
-- Every statement that inserts, updates or deletes entries adds its change to log_rollup_delta in its own
-- transaction (the triggers below), so the rollup can never disagree with the rows; the deltas are insert-only, so
-- concurrent writers never wait on one another's rollup rows. EntryRollups folds them into log_rollup every second;
-- a read sums both. A partition dropped whole takes its hours' rollup rows with it (EntryRollups.forgetUnpartitioned).

create table log_rollup (
    project_id           text     not null,
    created_at           bigint   not null,
    event_type           smallint not null,
    direction            smallint not null,
    phone_number_id      text     not null,
    wa_status            text,
    error_code           integer,
    category             text,
    template_name        text,
    flyout_status        text     not null,
    flyout_response_code integer  not null,
    flyout_url           text     not null,
    api_response_code    integer  not null,   -- Meta's answer to a send; 0 on received entries
    count                bigint   not null
);
create unique index log_rollup_key on log_rollup (project_id, created_at, event_type, direction, phone_number_id,
    wa_status, error_code, category, template_name, flyout_status, flyout_response_code, flyout_url,
    api_response_code) nulls not distinct;

create table log_rollup_delta (like log_rollup);

create function log_rollup_added() returns trigger
language plpgsql as $$
begin
    insert into log_rollup_delta
    select project_id, created_at - created_at % 36000000000, event_type, direction, phone_number_id, wa_status,
           error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code,
           count(*)
    from added
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
    return null;
end;
$$;

create function log_rollup_removed() returns trigger
language plpgsql as $$
begin
    insert into log_rollup_delta
    select project_id, created_at - created_at % 36000000000, event_type, direction, phone_number_id, wa_status,
           error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code,
           -count(*)
    from gone
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
    return null;
end;
$$;

-- an update that changes none of the rolled-up columns (most do: the outcome of a forward) adds nothing
create function log_rollup_changed() returns trigger
language plpgsql as $$
begin
    insert into log_rollup_delta
    select project_id, created_at, event_type, direction, phone_number_id, wa_status, error_code, category,
           template_name, flyout_status, flyout_response_code, flyout_url, api_response_code, sum(n)
    from (select project_id, created_at - created_at % 36000000000 as created_at, event_type, direction,
                 phone_number_id, wa_status, error_code, category, template_name, flyout_status,
                 flyout_response_code, flyout_url, api_response_code, 1 as n from added
          union all
          select project_id, created_at - created_at % 36000000000, event_type, direction, phone_number_id,
                 wa_status, error_code, category, template_name, flyout_status, flyout_response_code, flyout_url,
                 api_response_code, -1
          from gone) c
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
    having sum(n) <> 0;
    return null;
end;
$$;

create trigger log_entry_rollup_insert after insert on log_entry
    referencing new table as added for each statement execute function log_rollup_added();
create trigger log_entry_rollup_delete after delete on log_entry
    referencing old table as gone for each statement execute function log_rollup_removed();
create trigger log_entry_rollup_update after update on log_entry
    referencing old table as gone new table as added for each statement execute function log_rollup_changed();

-- the entries stored before: one delta row per combination, folded in at the first compaction
insert into log_rollup_delta
select project_id, created_at - created_at % 36000000000, event_type, direction, phone_number_id, wa_status,
       error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code,
       count(*)
from log_entry
group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;

-- Ack latency towards Meta (receipt to our answer) per project, phone number and hour, as a histogram: bin b counts
-- the deliveries answered in [2^(b/8), 2^((b+1)/8)) microseconds, so hours merge by adding their bins.
create table ack_latency (
    project_id      text     not null,
    phone_number_id text     not null,
    created_at      bigint   not null,   -- the hour's start, Ticks
    bin             smallint not null,
    count           bigint   not null,
    primary key (project_id, created_at, phone_number_id, bin)
);

-- Forward attempts per project, endpoint URL and day, with the same bins over their duration (milliseconds are
-- what an attempt records: bin of duration_ms * 1000 microseconds); failures are the attempts not answered 2xx.
create table forward_latency (
    project_id text     not null,
    url        text     not null,
    created_at bigint   not null,   -- the day's start, Ticks
    bin        smallint not null,
    attempts   bigint   not null,
    failures   bigint   not null,
    primary key (project_id, created_at, url, bin)
);
