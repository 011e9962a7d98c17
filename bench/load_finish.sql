-- After the bulk load: the secondary indexes built again from their own definitions, without ONLY so that every
-- partition gets them; then VACUUM ANALYZE, as autovacuum would have done to partitions of past days.
\set ON_ERROR_STOP on
set maintenance_work_mem = '256MB';

do $$
declare i record;
begin
    for i in select definition from bench_index loop
        execute replace(i.definition, ' ON ONLY ', ' ON ');
    end loop;
end
$$;

drop table bench_index;

vacuum analyze log_entry;
