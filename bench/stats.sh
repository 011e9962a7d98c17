#!/usr/bin/env bash
# Stats from rollups: loads BENCH_STATS_ENTRIES entries over BENCH_STATS_DAYS days into project s0
# (bench/load_stats.sql, through the rollup triggers), checks that the rollup counts what the rows hold, measures
# GET /v1/stats through HTTP (one connection, the cases side by side), then the ingest rate of another project with
# the rollup triggers on and off, alternating, in one run. See bench/README.md ("Stats").
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
WORK=${BENCH_WORK:-$ROOT/target/bench-stats}
HTTP_PORT=${BENCH_HTTP_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-15}
INGEST_ROUNDS=${BENCH_INGEST_ROUNDS:-3}
QUERY_SECONDS=${BENCH_QUERY_SECONDS:-20}
ENTRIES=${BENCH_STATS_ENTRIES:-10000000}
DAYS=${BENCH_STATS_DAYS:-90}
LOAD_SESSIONS=${BENCH_LOAD_SESSIONS:-2}
JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+UseSerialGC}
BASE=http://127.0.0.1:$HTTP_PORT
PHONE=109000000000001
WABA=209000000000001
THREADS=2
MAX_RPS_PER_SECOND=12000

log() { printf '\n== %s\n' "$*" >&2; }
now_ticks() { python3 -c 'import time; print(621355968000000000 + time.time_ns() // 100)'; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$2"; }

for tool in wrk psql python3 curl; do command -v $tool >/dev/null || { echo "needs $tool (see bench/run.sh)" >&2; exit 1; }; done

cd "$ROOT"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    log "build: ./mvnw -B -q package -DskipTests"
    ./mvnw -B -q package -DskipTests
fi
JAR=${BENCH_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}

rm -rf "$WORK"
mkdir -p "$WORK/run"
RESULTS=$WORK/results.txt
: > "$RESULTS"
result() { echo "$*" | tee -a "$RESULTS" >&2; }
result "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); $ENTRIES entries over $DAYS days"

export SENDZEN_DATA_DIR=$WORK/data
export SENDZEN_META_APP_SECRETS=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export SENDZEN_META_VERIFY_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
export QUARKUS_HTTP_PORT=$HTTP_PORT
export QUARKUS_HTTP_HOST=127.0.0.1
export SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0
export BENCH_LUA=$BENCH

log "generating signed deliveries"
bodies() { # name first count
    python3 "$BENCH/webhooks.py" --first "$2" --count "$3" --secret "$SENDZEN_META_APP_SECRETS" --phone $PHONE \
        --waba $WABA --project bench --out "$WORK/$1.txt" --copy-out /dev/null
}
bodies warmup 0 $((WARMUP_SECONDS * MAX_RPS_PER_SECOND))
for round in $(seq 1 "$INGEST_ROUNDS"); do
    bodies "round$round-on" $((round * 20000000)) $((INGEST_SECONDS * MAX_RPS_PER_SECOND))
    bodies "round$round-off" $((round * 20000000 + 10000000)) $((INGEST_SECONDS * MAX_RPS_PER_SECOND))
done

SERVICE_PID=""
cleanup() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID"
        for _ in $(seq 1 120); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    fi
}
trap cleanup EXIT

log "start on a fresh data dir"
if curl -s -o /dev/null "$BASE/q/health/ready"; then echo "port $HTTP_PORT is taken" >&2; exit 1; fi
(cd "$WORK/run" && exec java $JAVA_OPTS -jar "$JAR") > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 600); do
    curl -sf -o /dev/null "$BASE/q/health/ready" && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; echo "the service died" >&2; exit 1; }
    sleep 0.2
done
PG_PORT=$(grep -o 'postmaster started.*on port [0-9]*' "$WORK/service.log" | grep -o '[0-9]*$' | head -1)
PGPASSWORD=$(cat "$SENDZEN_DATA_DIR/postgres/password")
export PGPASSWORD
PSQL=(psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
sql() { "${PSQL[@]}" -Atc "$1"; }

ADMIN=$(cd "$WORK/run" && java -jar "$JAR" token --admin 2>/dev/null | tail -n1)
admin() { curl -sf -X POST "$BASE$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }
admin /v1/admin/projects '{"id":"bench","name":"Ingest benchmark"}' > /dev/null
admin /v1/admin/projects/bench/phone-numbers \
    "{\"phone_number_id\":\"$PHONE\",\"waba_id\":\"$WABA\",\"display_phone_number\":\"15550000001\"}" > /dev/null
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
phase() { # bodies-name seconds
    BODIES=$WORK/$1.txt THREADS=$THREADS RATE=0 wrk -t$THREADS -c"$CONNECTIONS" -d"$2"s --latency \
        -s "$BENCH/ingest.lua" "$BASE" | grep '^RESULT'
}
line() { echo "$(field rps "$1") webhooks/s, p50 $(field p50_ms "$1") ms, p99 $(field p99_ms "$1") ms, non-2xx $(field non2xx "$1"), wrapped $(field wrapped "$1")"; }
phase warmup "$WARMUP_SECONDS" > /dev/null
on_sum=0; off_sum=0
for round in $(seq 1 "$INGEST_ROUNDS"); do
    # on, off, then off, on: a drift of the machine's speed over the run lands on both sides
    if [ $((round % 2)) = 1 ]; then modes="on off"; else modes="off on"; fi
    for mode in $modes; do
        if [ $mode = on ]; then triggers enable; else triggers disable; fi
        r=$(phase "round$round-$mode" "$INGEST_SECONDS")
        result "round $round, rollups $mode:  $(line "$r")"
        [ "$(field non2xx "$r")" = 0 ] && [ "$(field wrapped "$r")" = 0 ] || { triggers enable; result "FAILED: answers other than 200, or bodies sent twice"; exit 1; }
        if [ $mode = on ]; then on_sum=$(python3 -c "print($on_sum + $(field rps "$r"))"); else off_sum=$(python3 -c "print($off_sum + $(field rps "$r"))"); fi
    done
done
triggers enable
result "ingest with rollups / without (sum of $INGEST_ROUNDS rounds each, alternating): $(python3 -c "print('%.3f' % ($on_sum / $off_sum))")"
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
