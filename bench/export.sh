#!/usr/bin/env bash
# The export benchmark: starts the service with a small heap on a fresh embedded PostgreSQL, loads BENCH_BIG entries
# into one project as bench/run.sh does, and times GET /v1/logs/export (NDJSON, CSV, gzip) against the same rows
# copied out by psql, while sampling the service's heap. See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
WORK=${BENCH_WORK:-$ROOT/target/bench-export}
HTTP_PORT=${BENCH_HTTP_PORT:-18297}
BIG=${BENCH_BIG:-1000000}
SMALL=${BENCH_SMALL:-1000}
LOAD_SESSIONS=${BENCH_LOAD_SESSIONS:-2}
JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+UseSerialGC}
BASE=http://127.0.0.1:$HTTP_PORT

log() { printf '\n== %s\n' "$*" >&2; }
now_ticks() { python3 -c 'import time; print(621355968000000000 + time.time_ns() // 100)'; }
seconds() { python3 -c "print(round($2 - $1, 2))"; }

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
result() { echo "$*" | tee -a "$RESULTS"; }

result "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); java flags: $JAVA_OPTS"
export SENDZEN_DATA_DIR=$WORK/data QUARKUS_HTTP_PORT=$HTTP_PORT QUARKUS_HTTP_HOST=127.0.0.1
export SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0

SERVICE_PID=""
SAMPLER_PID=""
cleanup() {
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID"
        for _ in $(seq 1 120); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    fi
}
trap cleanup EXIT

log "start"
if curl -s -o /dev/null "$BASE/q/health/ready"; then echo "port $HTTP_PORT is taken: set BENCH_HTTP_PORT" >&2; exit 1; fi
(cd "$WORK/run" && exec java $JAVA_OPTS -jar "$JAR") > "$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 900); do
    curl -sf -o /dev/null "$BASE/q/health/ready" && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; exit 1; }
    sleep 0.2
done
PG_PORT=$(grep -o 'postmaster started.*on port [0-9]*' "$WORK/service.log" | grep -o '[0-9]*$' | head -1)
PGPASSWORD=$(cat "$SENDZEN_DATA_DIR/postgres/password")
export PGPASSWORD
PSQL=(psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)

log "loading $BIG entries into q0 and $SMALL into each of q1..q9"
LOAD_TICKS=$(now_ticks)
"${PSQL[@]}" -f "$BENCH/load_prepare.sql" > /dev/null
loaders=()
for slice in $(seq 0 $((LOAD_SESSIONS - 1))); do
    "${PSQL[@]}" -v big="$BIG" -v small="$SMALL" -v now_ticks="$LOAD_TICKS" -v slice="$slice" \
        -v slices="$LOAD_SESSIONS" -f "$BENCH/load_logs.sql" > /dev/null &
    loaders+=($!)
done
for pid in "${loaders[@]}"; do wait "$pid"; done
"${PSQL[@]}" -f "$BENCH/load_finish.sql" > /dev/null
COUNT=$("${PSQL[@]}" -Atc "select count(*) from log_entry where project_id = 'q0'")
result "q0 holds $COUNT entries"

ADMIN=$(cd "$WORK/run" && java -jar "$JAR" token --admin 2>/dev/null | tail -n1)
TOKEN=$(curl -sf -X POST "$BASE/v1/admin/projects/q0/tokens" -H "Authorization: Bearer $ADMIN" \
    -H 'Content-Type: application/json' -d '{"scopes":["logs:read"],"ttl_seconds":7200}' \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')

# baseline: the same rows, in the same order, read by psql and written as text to nowhere
t0=$(date +%s.%N)
"${PSQL[@]}" -c "copy (select project_id, phone_number_id, event_type, payload, created_at, direction, flyout_status,
    flyout_response, flyout_response_code, flyout_url, log_id from log_entry where project_id = 'q0'
    order by created_at, log_id) to stdout" > /dev/null
t1=$(date +%s.%N)
BASE_S=$(seconds "$t0" "$t1")
result "baseline psql COPY of the same rows: ${BASE_S}s, $(python3 -c "print(round($COUNT / $BASE_S))") rows/s"

# heap after each GC: jstat's old generation (SerialGC promotes survivors there) and the whole heap, every 200 ms
heap_sampler() {
    jstat -gc "$SERVICE_PID" 200 | awk 'NR > 1 { printf "%.1f %.1f\n", $8 / 1024, ($3 + $4 + $6 + $8) / 1024; fflush() }'
}

export_once() { # name curl-args...
    local name=$1; shift
    curl -sf -o /dev/null -H "Authorization: Bearer $TOKEN" "$@" "$BASE/v1/logs/export?$QUERY" # warm-up of the path
    heap_sampler > "$WORK/heap-$name.txt" &
    SAMPLER_PID=$!
    sleep 1
    local t0 t1 bytes
    t0=$(date +%s.%N)
    bytes=$(curl -sf -H "Authorization: Bearer $TOKEN" "$@" -w '%{size_download}' -o /dev/null \
        "$BASE/v1/logs/export?$FULL")
    t1=$(date +%s.%N)
    sleep 1
    kill "$SAMPLER_PID"; SAMPLER_PID=""
    local s; s=$(seconds "$t0" "$t1")
    local heap; heap=$(awk 'NR == 1 { first = $1 } { if ($1 > old) old = $1; if ($2 > all) all = $2 }
        END { printf "old generation %.0f MB before, at most %.0f MB; heap used at most %.0f MB", first, old, all }' \
        "$WORK/heap-$name.txt")
    result "export $name: $COUNT entries, $bytes bytes in ${s}s = $(python3 -c "print(round($COUNT / $s))") entries/s ($(python3 -c "print(round($BASE_S / $s * 100))")% of the psql baseline's rate); $heap"
}
QUERY="toDate=1"
FULL="toDate=$(now_ticks)"
export_once ndjson
FULL="toDate=$(now_ticks)&format=csv"
QUERY="toDate=1&format=csv"
export_once csv
FULL="toDate=$(now_ticks)"
QUERY="toDate=1"
export_once ndjson-gzip -H 'Accept-Encoding: gzip'
result "service RSS at the end: $(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' /proc/$SERVICE_PID/status)"
