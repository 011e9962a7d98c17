#!/usr/bin/env bash
# What search and the screen's filters cost at ingest: the ingest rate with the four indexes of V11 (the search
# words, category, template name, response class) and without them, alternating, in one run. The service fills the
# columns in both (the words are built in Java either way): the A/B measures the database's share, and a JFR
# recording of one more phase the service's, as its CPU samples in SearchText. See bench/README.md.
set -euo pipefail

WORK=${BENCH_WORK:-$(cd "$(dirname "$0")/.." && pwd)/target/bench-search-cost}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-15}
INGEST_ROUNDS=${BENCH_INGEST_ROUNDS:-3}
. "$(dirname "$0")/common.sh"
result "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $INGEST_ROUNDS rounds of ${INGEST_SECONDS}s each way"

log "generating signed deliveries"
bodies warmup 0 $((WARMUP_SECONDS * MAX_RPS_PER_SECOND))
ab_bodies "$INGEST_ROUNDS" "$INGEST_SECONDS"
bodies profile 90000000 $((INGEST_SECONDS * MAX_RPS_PER_SECOND))
start_service

INDEXES="log_entry_search log_entry_category log_entry_template_name log_entry_response_class"
for i in $INDEXES; do
    sql "select pg_get_indexdef('$i'::regclass)" > "$WORK/$i.sql"
    [ -s "$WORK/$i.sql" ] || { result "FAILED: no index $i"; exit 1; }
done
# BENCH_SEARCH_INDEX_WITH: storage parameters for the search index, e.g. "fastupdate = off", to try one
if [ -n "${BENCH_SEARCH_INDEX_WITH:-}" ]; then
    sed -i "s/\$/ WITH ($BENCH_SEARCH_INDEX_WITH)/" "$WORK/log_entry_search.sql"
    sql "drop index log_entry_search" > /dev/null
    sql "$(sed 's/ ON ONLY / ON /' "$WORK/log_entry_search.sql")" > /dev/null
    result "search index: $(sql "select pg_get_indexdef('log_entry_search'::regclass)")"
fi
indexes() { # on|off
    for i in $INDEXES; do
        if [ "$1" = on ]; then
            [ -n "$(sql "select to_regclass('$i')")" ] || sql "$(sed 's/ ON ONLY / ON /' "$WORK/$i.sql")" > /dev/null
            # the partitions' search indexes write through as the service's do (V22)
            [ "$i" != log_entry_search ] || [ -z "$(sql "select to_regproc('log_search_writes_through')")" ] \
                || sql "select log_search_writes_through()" > /dev/null
        else
            sql "set client_min_messages = warning; drop index if exists $i" > /dev/null
        fi
    done
}

log "warm-up ${WARMUP_SECONDS}s"
phase warmup "$WARMUP_SECONDS" > /dev/null
log "ingest with the search indexes and without, alternating"
ab_rounds "$INGEST_ROUNDS" "$INGEST_SECONDS" "indexes on" "indexes off"
result "ingest with the search indexes / without (sum of $INGEST_ROUNDS rounds each, alternating): $AB_RATIO"

log "one more phase with the indexes, recorded by JFR"
jcmd "$SERVICE_PID" JFR.start name=search settings=profile filename="$WORK/ingest.jfr" > /dev/null
r=$(phase profile "$INGEST_SECONDS")
jcmd "$SERVICE_PID" JFR.stop name=search > /dev/null
result "profiled phase: $(line "$r")"
jfr print --events jdk.ExecutionSample "$WORK/ingest.jfr" | python3 -c '
import sys
samples = sys.stdin.read().split("jdk.ExecutionSample {")[1:]
search = sum(1 for s in samples if "io.sendzen.logs.shared.SearchText" in s)
print("CPU samples of the service: %d, with SearchText on the stack: %d (%.1f%%)" % (len(samples), search, 100.0 * search / max(1, len(samples))))
' | while read -r l; do result "$l"; done
stored=$(sql "select count(*) from log_entry where project_id = 'bench'")
searchable=$(sql "select count(*) from log_entry where project_id = 'bench' and search is not null")
result "entries of bench: $stored, with their search words: $searchable"
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
