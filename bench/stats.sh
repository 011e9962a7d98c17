#!/usr/bin/env bash
# Stats from rollups: loads BENCH_STATS_ENTRIES entries over BENCH_STATS_DAYS days into project s0
# (bench/load_stats.sql, through the rollup triggers), checks that the rollup counts what the rows hold, measures
# GET /v1/stats through HTTP (one connection, the cases side by side), then the ingest rate of another project with
# the rollup triggers on and off, alternating, in one run. See bench/README.md ("Stats").
set -euo pipefail

WORK=${BENCH_WORK:-$(cd "$(dirname "$0")/.." && pwd)/target/bench-stats}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-15}
INGEST_ROUNDS=${BENCH_INGEST_ROUNDS:-3}
QUERY_SECONDS=${BENCH_QUERY_SECONDS:-20}
ENTRIES=${BENCH_STATS_ENTRIES:-10000000}
DAYS=${BENCH_STATS_DAYS:-90}
LOAD_SESSIONS=${BENCH_LOAD_SESSIONS:-2}
. "$(dirname "$0")/common.sh"
result "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $ENTRIES entries over $DAYS days"

log "generating signed deliveries"
bodies warmup 0 $((WARMUP_SECONDS * MAX_RPS_PER_SECOND))
ab_bodies "$INGEST_ROUNDS" "$INGEST_SECONDS"

start_service
admin /v1/admin/projects '{"id":"s0","name":"Stats benchmark"}' > /dev/null
READER=$(admin /v1/admin/projects/s0/tokens '{"scopes":["logs:read"],"ttl_seconds":7200}' \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')

log "loading $ENTRIES entries over $DAYS days into s0 ($LOAD_SESSIONS sessions)"
LOAD_TICKS=$(now_ticks)
sql "select ensure_log_partitions(current_date - $((DAYS + 1)), $((DAYS + 3)))" > /dev/null
started=$(date +%s)
loaders=()
for slice in $(seq 0 $((LOAD_SESSIONS - 1))); do
    "${PSQL[@]}" -v n="$ENTRIES" -v days="$DAYS" -v now_ticks="$LOAD_TICKS" -v slice="$slice" \
        -v slices="$LOAD_SESSIONS" -f "$BENCH/load_stats.sql" > /dev/null &
    loaders+=($!)
done
for pid in "${loaders[@]}"; do wait "$pid"; done
loaded=$(date +%s)
# the service folds the deltas every second; wait until it has folded them all
for _ in $(seq 1 1200); do
    [ "$(sql "select count(*) from log_rollup_delta where project_id = 's0'")" = 0 ] && break
    sleep 1
done
folded=$(date +%s)
sql "vacuum analyze log_rollup" > /dev/null
rows=$(sql "select count(*) from log_entry where project_id = 's0'")
rolled=$(sql "select coalesce(sum(count), 0) from log_rollup where project_id = 's0'")
rollup_rows=$(sql "select count(*) from log_rollup where project_id = 's0'")
hours=$(sql "select count(distinct created_at) from log_rollup where project_id = 's0'")
result "s0: $rows entries loaded in $((loaded - started)) s, deltas folded $((folded - loaded)) s later"
result "rollup: $rollup_rows rows over $hours hours ($((rollup_rows / (hours > 0 ? hours : 1))) combinations an hour), counting $rolled entries"
[ "$rows" = "$rolled" ] || { result "FAILED: the rollup counts $rolled entries, the table holds $rows"; exit 1; }
result "sizes: log_entry of s0 $(sql "select pg_size_pretty(sum(pg_total_relation_size(c.oid))) from pg_inherits i join pg_class c on c.oid = i.inhrelid where i.inhparent = 'log_entry'::regclass"), log_rollup $(sql "select pg_size_pretty(pg_total_relation_size('log_rollup'))")"

log "GET /v1/stats, one connection, ${QUERY_SECONDS}s per group of cases"
TO=$LOAD_TICKS
day=864000000000
cases=(
    "30-day daily series by status|/v1/stats?groupBy=status&interval=day&fromDate=$((TO - 30 * day))&toDate=$TO"
    "30-day daily series by event_type|/v1/stats?groupBy=event_type&interval=day&fromDate=$((TO - 30 * day))&toDate=$TO"
    "30-day daily series by error_code|/v1/stats?groupBy=error_code&interval=day&fromDate=$((TO - 30 * day))&toDate=$TO"
    "30-day daily series by response_code|/v1/stats?groupBy=response_code&interval=day&fromDate=$((TO - 30 * day))&toDate=$TO"
    "30-day daily series by phone_number_id|/v1/stats?groupBy=phone_number_id&interval=day&fromDate=$((TO - 30 * day))&toDate=$TO"
    "30-day daily series by category, Message Status only|/v1/stats?groupBy=category&interval=day&eventTypes=Message%20Status&fromDate=$((TO - 30 * day))&toDate=$TO"
    "30-day daily series by url, failed forwards only|/v1/stats?groupBy=url&interval=day&flyoutStatus=failed&fromDate=$((TO - 30 * day))&toDate=$TO"
    "the default window (30 days to now) by status|/v1/stats?groupBy=status"
    "7-day hourly series by status|/v1/stats?groupBy=status&interval=hour&fromDate=$((TO - 7 * day))&toDate=$TO"
    "90-day daily series by event_type|/v1/stats?groupBy=event_type&interval=day&fromDate=$((TO - 90 * day))&toDate=$TO"
)
for c in "${cases[@]}"; do
    path=${c#*|}
    code=$(curl -s -o "$WORK/answer.json" -w '%{http_code}' -H "Authorization: Bearer $READER" "$BASE$path")
    [ "$code" = 200 ] || { cat "$WORK/answer.json" >&2; result "FAILED: $path answered $code"; exit 1; }
done
# the status series must count every entry of its window: the rollup read is checked against the rows
window_rows=$(sql "select count(*) from log_entry where project_id = 's0' and created_at >= $((TO - 30 * day)) - ($((TO - 30 * day)) % $day) and created_at <= $TO")
window_api=$(curl -sf -H "Authorization: Bearer $READER" "$BASE${cases[0]#*|}" \
    | python3 -c 'import json,sys; print(sum(t["count"] for t in json.load(sys.stdin)["data"]["totals"]))')
result "30-day window: the API counts $window_api entries, the rows $window_rows"
[ "$window_rows" = "$window_api" ] || { result "FAILED: the stats disagree with the rows"; exit 1; }
paths=$(printf '%s\n' "${cases[@]}" | cut -d'|' -f2 | paste -sd'|')
# warm-up, then the measured run
PATHS="$paths" AUTH="Bearer $READER" wrk -t1 -c1 -d3s -s "$BENCH/stats.lua" "$BASE" > /dev/null
out=$(PATHS="$paths" AUTH="Bearer $READER" wrk -t1 -c1 -d"$((QUERY_SECONDS * ${#cases[@]} / 2))"s -s "$BENCH/stats.lua" "$BASE" | grep '^RESULT')
i=0
for c in "${cases[@]}"; do
    i=$((i + 1))
    r=$(grep "case=$i " <<< "$out")
    size=$(curl -sf -H "Authorization: Bearer $READER" "$BASE${c#*|}" \
        | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["data"]["buckets"]))')
    result "$(printf '%-56s buckets %5s  p50 %8s ms  p99 %8s ms  (%s requests, non-2xx %s)' "${c%%|*}" "$size" \
        "$(field p50_ms "$r")" "$(field p99_ms "$r")" "$(field requests "$r")" "$(field non2xx "$r")")"
done

log "ingest with the rollup triggers on and off, alternating"
triggers() { # enable|disable
    sql "alter table log_entry $1 trigger log_entry_rollup_insert; alter table log_entry $1 trigger log_entry_rollup_update; alter table log_entry $1 trigger log_entry_rollup_delete" > /dev/null
}
phase warmup "$WARMUP_SECONDS" > /dev/null
ab_rounds "$INGEST_ROUNDS" "$INGEST_SECONDS" "triggers enable" "triggers disable"
result "ingest with rollups / without (sum of $INGEST_ROUNDS rounds each, alternating): $AB_RATIO"
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
