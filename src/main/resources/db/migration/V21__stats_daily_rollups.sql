-- Daily rollups, so that a daily series reads a day's counts instead of its 24 hours'. A busy project has several
-- hundred combinations of the rolled-up columns an hour (numbers, statuses, errors, templates, endpoints, answers):
-- a 30-day series summed some 500,000 hourly rows. Two tables, both folded from the same deltas as log_rollup:
--   log_rollup_day: log_rollup's key with the day's start (Ticks) for the hour: any filter of stats, per day;
--   log_rollup_dim: per day, event type and direction, the count of each value of each column stats group by
--     (dimension named as groupBy names it, the value as text): a series with no filter but the event types and the
--     direction reads a few dozen rows a day.
-- A day not yet over is read from the hours, so a window that ends within a day counts only its hours.

create table log_rollup_day (like log_rollup);
create unique index log_rollup_day_key on log_rollup_day (project_id, created_at, event_type, direction,
    phone_number_id, wa_status, error_code, category, template_name, flyout_status, flyout_response_code, flyout_url,
    api_response_code) nulls not distinct;

create table log_rollup_dim (
    project_id text     not null,
    dimension  text     not null,   -- event_type, status, error_code, category, phone_number_id, flyout_status,
                                    -- response_code, url
    created_at bigint   not null,   -- the day's start, Ticks
    event_type smallint not null,
    direction  smallint not null,
    value      text,                -- null when the entries have none (a status of an incoming message)
    count      bigint   not null
);
create unique index log_rollup_dim_key on log_rollup_dim (project_id, dimension, created_at, event_type, direction,
    value) nulls not distinct;

-- The deltas move to log_rollup_pending, which only this version folds (into all three tables, log_rollup_fold).
-- log_rollup_delta stays as a view that holds nothing: an instance of an earlier version still running during a
-- rolling upgrade reads no deltas from it and folds none into the hours alone, which would leave the days behind.
-- The rename waits for such an instance's fold in flight; what it folded before is in log_rollup, read below.
alter table log_rollup_delta rename to log_rollup_pending;
create view log_rollup_delta as select * from log_rollup_pending where false;
-- stats read the pending deltas of a project and window on read connections that plan without sequential scans: with
-- none possible the plan's cost was so high that PostgreSQL started parallel workers, 15 to 20 ms for a few rows
create index log_rollup_pending_window on log_rollup_pending (project_id, created_at);

create or replace function log_rollup_added() returns trigger
language plpgsql as $$
begin
    insert into log_rollup_pending
    select project_id, created_at - created_at % 36000000000, event_type, direction, phone_number_id, wa_status,
           error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code,
           count(*)
    from added
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
    return null;
end;
$$;

create or replace function log_rollup_removed() returns trigger
language plpgsql as $$
begin
    insert into log_rollup_pending
    select project_id, created_at - created_at % 36000000000, event_type, direction, phone_number_id, wa_status,
           error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code,
           -count(*)
    from gone
    group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13;
    return null;
end;
$$;

create or replace function log_rollup_changed() returns trigger
language plpgsql as $$
begin
    insert into log_rollup_pending
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

-- The values a rollup row counts under each dimension: the one list of them (the dimensions of RollupDimension).
create function log_rollup_values(event_type smallint, direction smallint, wa_status text, error_code integer,
                                  category text, phone_number_id text, flyout_status text,
                                  flyout_response_code integer, api_response_code integer, flyout_url text)
    returns table (dimension text, value text)
language sql immutable as $$
    values ('event_type', event_type::text),
           ('status', wa_status),
           ('error_code', error_code::text),
           ('category', category),
           ('phone_number_id', phone_number_id),
           ('flyout_status', flyout_status),
           ('response_code', (case when direction = 2 then api_response_code else flyout_response_code end)::text),
           ('url', flyout_url)
$$;

-- Folds the committed deltas into the hours, the days and the dimensions, in one statement: a delta is either still
-- pending or in all three, whoever reads. Each insert goes in key order, so that two instances folding at once take
-- the rows' locks in the same order. Returns how many deltas it took.
create function log_rollup_fold() returns integer
language plpgsql as $$
declare
    folded integer;
begin
    with moved as (delete from log_rollup_pending returning *),
    hours as (
        insert into log_rollup
        select project_id, created_at, event_type, direction, phone_number_id, wa_status, error_code, category,
               template_name, flyout_status, flyout_response_code, flyout_url, api_response_code, sum(count)
        from moved
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        on conflict (project_id, created_at, event_type, direction, phone_number_id, wa_status, error_code, category,
                     template_name, flyout_status, flyout_response_code, flyout_url, api_response_code)
            do update set count = log_rollup.count + excluded.count
    ),
    days as (
        insert into log_rollup_day
        select project_id, created_at - created_at % 864000000000, event_type, direction, phone_number_id, wa_status,
               error_code, category, template_name, flyout_status, flyout_response_code, flyout_url,
               api_response_code, sum(count)
        from moved
        group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        order by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
        on conflict (project_id, created_at, event_type, direction, phone_number_id, wa_status, error_code, category,
                     template_name, flyout_status, flyout_response_code, flyout_url, api_response_code)
            do update set count = log_rollup_day.count + excluded.count
    ),
    dims as (
        insert into log_rollup_dim
        select m.project_id, v.dimension, m.created_at - m.created_at % 864000000000, m.event_type, m.direction,
               v.value, sum(m.count)
        from moved m
        cross join lateral log_rollup_values(m.event_type, m.direction, m.wa_status, m.error_code, m.category,
                                             m.phone_number_id, m.flyout_status, m.flyout_response_code,
                                             m.api_response_code, m.flyout_url) v
        group by 1, 2, 3, 4, 5, 6
        order by 1, 2, 3, 4, 5, 6
        on conflict (project_id, dimension, created_at, event_type, direction, value)
            do update set count = log_rollup_dim.count + excluded.count
    )
    select count(*) into folded from moved;
    return folded;
end;
$$;

-- what the hours hold so far, as days and dimensions; the pending deltas are folded into all three later
insert into log_rollup_day
select project_id, created_at - created_at % 864000000000, event_type, direction, phone_number_id, wa_status,
       error_code, category, template_name, flyout_status, flyout_response_code, flyout_url, api_response_code,
       sum(count)
from log_rollup
group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13
having sum(count) <> 0;

insert into log_rollup_dim
select r.project_id, v.dimension, r.created_at - r.created_at % 864000000000, r.event_type, r.direction, v.value,
       sum(r.count)
from log_rollup r
cross join lateral log_rollup_values(r.event_type, r.direction, r.wa_status, r.error_code, r.category, r.phone_number_id,
                                     r.flyout_status, r.flyout_response_code, r.api_response_code, r.flyout_url) v
group by 1, 2, 3, 4, 5, 6
having sum(r.count) <> 0;
