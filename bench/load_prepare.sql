-- Before the query benchmark's bulk load: the partitions of the 6 days it covers (ending days_ago days before now), its 10 projects (q0..q9), and the
-- secondary indexes of log_entry dropped, their definitions kept in bench_index for load_finish.sql (building an
-- index is many times faster than a million index insertions).
\set ON_ERROR_STOP on

-- days_ago (0 unless set): the 6 days end that many days before now
\if :{?days_ago}
\else
\set days_ago 0
\endif
select ensure_log_partitions(current_date - 7 - :days_ago, 9);

insert into project (id, name)
select 'q' || i, 'Query benchmark ' || i from generate_series(0, 9) i
on conflict (id) do nothing;

create table bench_index as
select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as definition
from pg_index where indrelid = 'log_entry'::regclass and not indisprimary;

do $$
declare i record;
begin
    for i in select name from bench_index loop
        execute 'drop index ' || i.name;
    end loop;
end
$$;
