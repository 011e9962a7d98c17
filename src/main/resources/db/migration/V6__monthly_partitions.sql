-- New partitions of the log table cover a month each (those already created stay as they are). Every page statement
-- covers every partition, so it is their number, more than their size, that a page pays for: with a partition a
-- day, a page got slower with every day kept. A month's partition is dropped once retention has emptied it.

-- The partitions of the log table with their bounds in Ticks.
create function log_partition_bounds() returns table (name text, lower_ticks bigint, upper_ticks bigint)
language sql stable as $$
    select c.relname::text,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'FROM \(''?(-?[0-9]+)''?\)'))[1]::bigint,
           (regexp_match(pg_get_expr(c.relpartbound, c.oid), 'TO \(''?(-?[0-9]+)''?\)'))[1]::bigint
    from pg_inherits i join pg_class c on c.oid = i.inhrelid
    where i.inhparent = 'log_entry'::regclass
$$;

-- Makes sure each day of [first_day, first_day + days) is in a partition: a day in none gets the partition of the
-- free range around it within its month. Idempotent; returns how many partitions it created.
create or replace function ensure_log_partitions(first_day date, days integer) returns integer
language plpgsql as $$
declare
    epoch_ticks constant bigint := 621355968000000000;
    day_ticks   constant bigint := 864000000000;
    created     integer := 0;
    d           date;
    t           bigint;
    lo          bigint;
    hi          bigint;
begin
    for i in 0 .. days - 1 loop
        d := first_day + i;
        t := epoch_ticks + (d - date '1970-01-01')::bigint * day_ticks;
        if not exists (select 1 from log_partition_bounds() b where t >= b.lower_ticks and t < b.upper_ticks) then
            lo := epoch_ticks + (date_trunc('month', d)::date - date '1970-01-01')::bigint * day_ticks;
            hi := epoch_ticks + ((date_trunc('month', d) + interval '1 month')::date - date '1970-01-01')::bigint * day_ticks;
            select greatest(lo, coalesce(max(b.upper_ticks), lo)) into lo
            from log_partition_bounds() b where b.upper_ticks <= t;
            select least(hi, coalesce(min(b.lower_ticks), hi)) into hi
            from log_partition_bounds() b where b.lower_ticks > t;
            execute format('create table %I partition of log_entry for values from (%s) to (%s)',
                           'log_entry_p' || to_char(log_partition_day(lo), 'YYYYMMDD'), lo, hi);
            created := created + 1;
        end if;
    end loop;
    return created;
end;
$$;

-- The empty daily partitions of the days to come give way to partitions of their months.
do $$
declare
    now_ticks constant bigint := 621355968000000000 + (extract(epoch from now()) * 10000000)::bigint;
    p         record;
    has_rows  boolean;
begin
    for p in select * from log_partition_bounds() where lower_ticks > now_ticks + 864000000000 loop
        execute format('select exists (select 1 from %I)', p.name) into has_rows;
        if not has_rows then
            execute format('drop table %I', p.name);
        end if;
    end loop;
end;
$$;

select ensure_log_partitions(current_date - 1, 9);
