-- The log table loses its default partition. With one, PostgreSQL must merge every daily partition to read a page
-- in created_at order, opening each one's index on every page, so pages grew slower with every day kept (a first
-- page took 4 times as long with 100 more days); without it, the days are read one after the other and a page
-- stops at the day that fills it. Old days can then also be detached without blocking readers. The writer creates
-- a missing day's partition itself (IngestWriter), so no row needs a default partition to land in.

create function log_partition_day(ticks bigint) returns date
language sql immutable as $$
    select date '0001-01-01' + (ticks / 864000000000)::integer
$$;

alter table log_entry detach partition log_entry_default;

select ensure_log_partitions(day, 1)
from (select distinct log_partition_day(created_at) as day from log_entry_default) days;

insert into log_entry select * from log_entry_default;

drop table log_entry_default;
