#!/usr/bin/env bash
# The send benchmark: starts the packaged service (fresh data dir, embedded PostgreSQL) against a stand-in Cloud API
# on loopback (bench/SendBench.java fake, answering after BENCH_META_DELAY_MS), sends at BENCH_RATE sends/s through
# POST /v1/messages, and prints what the service adds to the fake's own answer time (p50, p90, p99). See BENCHMARKS.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${BENCH_WORK:-$ROOT/target/bench-send}
HTTP_PORT=${BENCH_HTTP_PORT:-18090}
RATE=${BENCH_RATE:-500}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-15}
SECONDS_MEASURED=${BENCH_SECONDS:-30}
META_DELAY_MS=${BENCH_META_DELAY_MS:-20}
JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+UseSerialGC}
BASE=http://127.0.0.1:$HTTP_PORT
PHONE=109000000000077

log() { printf '\n== %s\n' "$*" >&2; }

cd "$ROOT"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    log "build: ./mvnw -B -q package -DskipTests"
    ./mvnw -B -q package -DskipTests
fi
JAR=$ROOT/target/quarkus-app/quarkus-run.jar

rm -rf "$WORK"
mkdir -p "$WORK"
FAKE_PID=""
SERVICE_PID=""
cleanup() {
    [ -n "$SERVICE_PID" ] && kill "$SERVICE_PID" 2>/dev/null && wait "$SERVICE_PID" 2>/dev/null || true
    [ -n "$FAKE_PID" ] && kill "$FAKE_PID" 2>/dev/null || true
}
trap cleanup EXIT

log "fake Cloud API (answers after $META_DELAY_MS ms)"
# the fake answers over plain sockets with TCP_NODELAY: no delayed ACK between its head and its body
java -Xmx128m bench/SendBench.java fake "$WORK/fake.port" "$META_DELAY_MS" >"$WORK/fake.log" 2>&1 &
FAKE_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/fake.port" ] && break; sleep 0.2; done
FAKE=http://127.0.0.1:$(cat "$WORK/fake.port")

log "service on $BASE, sending to $FAKE"
export SENDZEN_DATA_DIR=$WORK/data
# one project sends 500/s here: the per-project rate limit (100/s by default) is off for the benchmark
SENDZEN_CLOUD_API_BASE_URL=$FAKE SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0 QUARKUS_HTTP_PORT=$HTTP_PORT \
    java $JAVA_OPTS -jar "$JAR" >"$WORK/service.log" 2>&1 &
SERVICE_PID=$!
for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$BASE/q/health/ready" && break
    kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$WORK/service.log" >&2; echo "the service died" >&2; exit 1; }
    sleep 0.5
done

# BENCH_SETUP_SQL: statements piped to psql once the service is up (e.g. "alter system set ...; select
# pg_reload_conf()"), as in bench/delete.sh
if [ -n "${BENCH_SETUP_SQL:-}" ]; then
    PG_PORT=$(grep -o 'postmaster started.*on port [0-9]*' "$WORK/service.log" | grep -o '[0-9]*$' | head -1)
    echo "$BENCH_SETUP_SQL" | PGPASSWORD=$(cat "$SENDZEN_DATA_DIR/postgres/password") \
        psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 > /dev/null
    echo "setup: $BENCH_SETUP_SQL" >&2
fi
ADMIN=$(java -jar "$JAR" token --admin 2>/dev/null | tail -n1)
curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"id":"bench-send","name":"Send benchmark"}' "$BASE/v1/admin/projects"
curl -sf -o /dev/null -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d "{\"phone_number_id\":\"$PHONE\"}" "$BASE/v1/admin/projects/bench-send/phone-numbers"
curl -sf -o /dev/null -X PUT -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"access_token":"EAAGbenchmarkToken"}' "$BASE/v1/admin/projects/bench-send/phone-numbers/$PHONE/credentials"
TOKEN=$(curl -sf -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -d '{"scopes":["messages:send"],"ttl_seconds":3600}' "$BASE/v1/admin/projects/bench-send/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

echo "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
log "warm-up: $RATE sends/s for $WARMUP_SECONDS s"
java -Xmx256m bench/SendBench.java load "$BASE" "$TOKEN" "$PHONE" "$RATE" "$WARMUP_SECONDS"
log "measured: $RATE sends/s for $SECONDS_MEASURED s"
java -Xmx256m bench/SendBench.java load "$BASE" "$TOKEN" "$PHONE" "$RATE" "$SECONDS_MEASURED"
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
