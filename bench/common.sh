# Sourced by the bench scripts that start the packaged service on a fresh data dir and drive it with wrk: settings,
# the build, the service and its database, the admin calls, and ingest phases. Set WORK before sourcing.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
# a free port unless told: other services may run on the machine, and a ready answer must be this one's
HTTP_PORT=${BENCH_HTTP_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+UseSerialGC}
BASE=http://127.0.0.1:$HTTP_PORT
PHONE=109000000000001
WABA=209000000000001
THREADS=2
# bodies generated per second of an ingest phase: more than the service takes here (BENCH_MAX_RPS: fewer, for a
# long paced or whole-job phase)
MAX_RPS_PER_SECOND=${BENCH_MAX_RPS:-12000}

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

export SENDZEN_DATA_DIR=$WORK/data
export SENDZEN_META_APP_SECRETS=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export SENDZEN_META_VERIFY_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
export QUARKUS_HTTP_PORT=$HTTP_PORT
export QUARKUS_HTTP_HOST=127.0.0.1
export SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0
export BENCH_LUA=$BENCH

# bodies NAME FIRST COUNT: COUNT distinct signed single-status deliveries for project bench, from number FIRST on
bodies() {
    python3 "$BENCH/webhooks.py" --first "$2" --count "$3" --secret "$SENDZEN_META_APP_SECRETS" --phone $PHONE \
        --waba $WABA --project bench --out "$WORK/$1.txt" --copy-out /dev/null
}

SERVICE_PID=""
cleanup() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID"
        for _ in $(seq 1 120); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    fi
}
trap cleanup EXIT

# Starts the service and waits until it is ready; then PSQL and sql reach its database, admin its admin API, and
# project bench (with its phone number) takes the generated deliveries.
start_service() {
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
    ADMIN=$(cd "$WORK/run" && java -jar "$JAR" token --admin 2>/dev/null | tail -n1)
    admin /v1/admin/projects '{"id":"bench","name":"Ingest benchmark"}' > /dev/null
    admin /v1/admin/projects/bench/phone-numbers \
        "{\"phone_number_id\":\"$PHONE\",\"waba_id\":\"$WABA\",\"display_phone_number\":\"15550000001\"}" > /dev/null
}
sql() { "${PSQL[@]}" -Atc "$1"; }
admin() { curl -sf -X POST "$BASE$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }

# phase BODIES SECONDS: ingest at full speed (closed loop; at PHASE_RATE requests/s when set) from
# $WORK/BODIES.txt; prints wrk's RESULT line
phase() {
    BODIES=$WORK/$1.txt THREADS=$THREADS RATE=${PHASE_RATE:-0} wrk -t$THREADS -c"$CONNECTIONS" -d"$2"s --latency \
        -s "$BENCH/ingest.lua" "$BASE" | grep '^RESULT'
}
line() { echo "$(field rps "$1") webhooks/s, p50 $(field p50_ms "$1") ms, p99 $(field p99_ms "$1") ms, non-2xx $(field non2xx "$1"), wrapped $(field wrapped "$1")"; }

# ab_rounds ROUNDS SECONDS ON OFF: ingest with ON and OFF (shell commands) in effect, ROUNDS rounds each way in the
# order on-off, off-on, ... (a drift of the machine's speed over the run lands on both sides), bodies
# round<k>-on/off; prints the ratio of the summed rates, on / off
ab_rounds() {
    local on_sum=0 off_sum=0 r modes
    for round in $(seq 1 "$1"); do
        if [ $((round % 2)) = 1 ]; then modes="on off"; else modes="off on"; fi
        for mode in $modes; do
            if [ $mode = on ]; then eval "$3"; else eval "$4"; fi
            r=$(phase "round$round-$mode" "$2")
            result "round $round, $mode: $(line "$r")"
            if [ "$(field non2xx "$r")" != 0 ] || [ "$(field wrapped "$r")" != 0 ]; then
                eval "$3"
                result "FAILED: answers other than 200, or bodies sent twice"
                exit 1
            fi
            if [ $mode = on ]; then on_sum=$(python3 -c "print($on_sum + $(field rps "$r"))")
            else off_sum=$(python3 -c "print($off_sum + $(field rps "$r"))"); fi
        done
    done
    eval "$3"
    AB_RATIO=$(python3 -c "print('%.3f' % ($on_sum / $off_sum))")
}

# ab_bodies ROUNDS SECONDS: the bodies of ab_rounds, every phase its own range
ab_bodies() {
    for round in $(seq 1 "$1"); do
        bodies "round$round-on" $((round * 20000000)) $(($2 * MAX_RPS_PER_SECOND))
        bodies "round$round-off" $((round * 20000000 + 10000000)) $(($2 * MAX_RPS_PER_SECOND))
    done
}
