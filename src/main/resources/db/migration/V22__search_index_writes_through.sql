-- The search index takes each entry as it is written (fastupdate off) instead of gathering entries in its pending list
-- and merging the list in when it is full. The merge fell on whichever ingest batch filled the list, so one batch in
-- many waited for it: with the pending list, ingest ran at 0.91 of its rate without the search indexes and its p99
-- went from 15-60 ms to 110-160 ms; writing through, at 0.98, p99 20-47 ms (BENCHMARKS.md).
-- A partitioned index has no storage parameters of its own to change, so each partition's search index is set, and
-- every partition made later is set when it is made.

create function log_search_writes_through() returns integer
language plpgsql as $$
declare
    i       record;
    changed integer := 0;
begin
    for i in select c.oid::regclass as name
             from pg_inherits h join pg_class c on c.oid = h.inhrelid
             where h.inhparent = 'log_entry_search'::regclass
               and not coalesce(c.reloptions, '{}') @> array['fastupdate=off'] loop
        execute format('alter index %s set (fastupdate = off)', i.name);
        changed := changed + 1;
    end loop;
    return changed;
end;
$$;

create or replace function ensure_log_partitions(first_day date, days integer) returns integer
language plpgsql as $$
declare
    created integer;
begin
    created := ensure_entry_partitions(first_day, days);
    perform mirror_delivery_partitions();
    if created > 0 then
        perform log_search_writes_through();
    end if;
    return created;
end;
$$;

select log_search_writes_through();
