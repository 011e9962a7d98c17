#!/usr/bin/env bash
# What search and the screen's filters cost at ingest: the ingest rate with the four indexes of V11 (the search
# words, category, template name, response class) and without them, alternating, in one run. The service fills the
# columns in both (the words are built in Java either way): this measures the database's share. See bench/README.md.
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
start_service

INDEXES="log_entry_search log_entry_category log_entry_template_name log_entry_response_class"
for i in $INDEXES; do
    sql "select pg_get_indexdef('$i'::regclass)" > "$WORK/$i.sql"
    [ -s "$WORK/$i.sql" ] || { result "FAILED: no index $i"; exit 1; }
done
indexes() { # on|off
    for i in $INDEXES; do
        if [ "$1" = on ]; then
            [ -n "$(sql "select to_regclass('$i')")" ] || sql "$(sed 's/ ON ONLY / ON /' "$WORK/$i.sql")" > /dev/null
        else
            sql "drop index if exists $i" > /dev/null
        fi
    done
}

log "warm-up ${WARMUP_SECONDS}s"
phase warmup "$WARMUP_SECONDS" > /dev/null
log "ingest with the search indexes and without, alternating"
ab_rounds "$INGEST_ROUNDS" "$INGEST_SECONDS" "indexes on" "indexes off"
result "ingest with the search indexes / without (sum of $INGEST_ROUNDS rounds each, alternating): $AB_RATIO"
stored=$(sql "select count(*) from log_entry where project_id = 'bench'")
searchable=$(sql "select count(*) from log_entry where project_id = 'bench' and search is not null")
result "entries of bench: $stored, with their search words: $searchable"
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
