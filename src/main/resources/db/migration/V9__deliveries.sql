-- Each POST from Meta, byte for byte, stored once however many entries it was split into, so that an entry can show
-- the delivery it came in. Partitioned like log_entry, over the same monthly ranges: a delivery shares the created_at
-- of its entries (the Ticks of the batch that wrote them), so it lies in the partition matching theirs, and goes with
-- it. Only the receipt time, the size and the event count are kept of the request; never its headers (the signature).

create sequence log_delivery_id_seq cache 1000;

create table log_delivery (
    created_at  bigint  not null,   -- the created_at of its entries
    delivery_id bigint  not null,
    received_at bigint  not null,   -- Ticks when the POST arrived
    events      integer not null,   -- how many events the body was split into
    body        bytea   not null,
    primary key (created_at, delivery_id)
) partition by range (created_at);

alter sequence log_delivery_id_seq owned by log_delivery.delivery_id;

alter table log_entry add column delivery_id bigint;
-- the entries left of a delivery, looked up when entries are deleted
create index log_entry_delivery on log_entry (delivery_id) where delivery_id is not null;

-- The partitions of the delivery table with their bounds in Ticks.
create function log_delivery_partition_bounds() returns table (name text, lower_ticks bigint, upper_ticks bigint)
language sql stable as $$
    select c.relname::text,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''?(-?[0-9]+)''?\)'))[1]::bigint,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''?(-?[0-9]+)''?\)'))[1]::bigint
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'log_delivery'::regclass
$$;

-- Gives each partition of the log table the partition of the delivery table over the same range, unless one overlaps
-- it already (left by a log partition dropped and made again: creating another would fail, and with it the creation
-- of the log partition); returns how many it created.
create function mirror_delivery_partitions() returns integer
language plpgsql as $$
declare
    created integer := 0;
    p       record;
begin
    for p in select b.* from log_partition_bounds() b
             where not exists (select 1 from log_delivery_partition_bounds() d
                               where d.lower_ticks < b.upper_ticks and b.lower_ticks < d.upper_ticks) loop
        execute format('create table %I partition of log_delivery for values from (%s) to (%s)',
                       'log_delivery' || substr(p.name, length('log_entry') + 1), p.lower_ticks, p.upper_ticks);
        created := created + 1;
    end loop;
    return created;
end;
$$;

-- Every caller of ensure_log_partitions (the upkeep, the writer on a missing day) now gets both tables' partitions.
alter function ensure_log_partitions(date, integer) rename to ensure_entry_partitions;

create function ensure_log_partitions(first_day date, days integer) returns integer
language plpgsql as $$
declare
    created integer;
begin
    created := ensure_entry_partitions(first_day, days);
    perform mirror_delivery_partitions();
    return created;
end;
$$;

select mirror_delivery_partitions();

-- A delivery goes with the last of its entries, whichever statement deletes them (retention, a delete by id or by
-- filter); an empty past partition of the log table takes the delivery partition of its range along (LogPartitions).
create function forget_emptied_deliveries() returns trigger
language plpgsql as $$
begin
    delete from log_delivery d
    using (select distinct created_at, delivery_id from gone where delivery_id is not null) g
    where d.created_at = g.created_at and d.delivery_id = g.delivery_id
      and not exists (select 1 from log_entry e where e.delivery_id = g.delivery_id and e.created_at = g.created_at);
    return null;
end;
$$;

create trigger log_entry_forget_deliveries after delete on log_entry
    referencing old table as gone for each statement execute function forget_emptied_deliveries();

-- What made a forwarding attempt: the schedule ('automatic'), a redelivery asked for one entry ('manual') or for many
-- at once ('bulk'). A job carries the trigger of its next attempt.
alter table flyout_job add column trigger text not null default 'automatic';
alter table flyout_attempt add column trigger text not null default 'automatic';
