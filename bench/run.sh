#!/usr/bin/env bash
# The benchmark, in one command: builds the service, starts it with a fresh data dir on its embedded PostgreSQL
# (fsync and synchronous_commit on), and prints ingest, query and footprint figures. See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
WORK=${BENCH_WORK:-$ROOT/target/bench}
HTTP_PORT=${BENCH_HTTP_PORT:-18080}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-30}
HANDSHAKE_SECONDS=${BENCH_HANDSHAKE_SECONDS:-10}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-15}
PACED_SECONDS=${BENCH_PACED_SECONDS:-20}
ROUNDS=${BENCH_ROUNDS:-2}
export BENCH_BIG=${BENCH_BIG:-1000000}
BIG=$BENCH_BIG
SMALL=${BENCH_SMALL:-20000}
LOAD_SESSIONS=${BENCH_LOAD_SESSIONS:-4}
QUERY_SECONDS=${BENCH_QUERY_SECONDS:-5}
SQL_RUNS=${BENCH_SQL_RUNS:-200}
PLAN_CACHE_MODE=${BENCH_PLAN_CACHE_MODE:-force_generic_plan}  # as the service plans its page query
JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+UseSerialGC}
BASE=http://127.0.0.1:$HTTP_PORT
PHONE=109000000000001
WABA=209000000000001
THREADS=2
MAX_RPS_PER_SECOND=12000  # bodies generated per second of a run: more than the service can take here

log() { printf '\n== %s\n' "$*" >&2; }
now_ticks() { python3 -c 'import time; print(621355968000000000 + time.time_ns() // 100)'; }

# --- tools: wrk, psql, python3, curl (Debian packages) ---
missing=""
for tool in wrk psql python3 curl pgrep; do command -v $tool >/dev/null || missing="$missing $tool"; done
if [ -n "$missing" ]; then
    log "installing:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk postgresql-client python3 curl procps >/dev/null
fi

# --- build ---
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
result() { echo "$*" >> "$RESULTS"; }

result "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
result "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
result "java: $(java -version 2>&1 | head -1); flags: ${JAVA_OPTS:-none}"

export SENDZEN_DATA_DIR=$WORK/data
export SENDZEN_META_APP_SECRETS=$(python3 -c 'import secrets; print(secrets.token_hex(16))')
export SENDZEN_META_VERIFY_TOKEN=$(python3 -c 'import secrets; print(secrets.token_hex(8))')
export SENDZEN_PAGE_TOKEN_KEYS=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
export QUARKUS_HTTP_PORT=$HTTP_PORT
# the bench sends far more than a project's default rate limit from one client; it measures speed, not the limit
export SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0
export QUARKUS_HTTP_HOST=127.0.0.1
export BENCH_LUA=$BENCH

# --- signed deliveries, generated before the service starts: disjoint ranges, so every request is a new event ---
bodies() { # name first count
    python3 "$BENCH/webhooks.py" --first "$2" --count "$3" --secret "$SENDZEN_META_APP_SECRETS" --phone $PHONE \
        --waba $WABA --project bench --out "$WORK/$1.txt" --copy-out /dev/null
}
if [ -z "${BENCH_SKIP_INGEST:-}" ]; then
log "generating signed deliveries"
bodies warmup 0 $((WARMUP_SECONDS * MAX_RPS_PER_SECOND))
for r in $(seq 1 "$ROUNDS"); do
    bodies "max$r" $((r * 10000000)) $((INGEST_SECONDS * MAX_RPS_PER_SECOND))
done
bodies paced 90000000 $((PACED_SECONDS * MAX_RPS_PER_SECOND))
fi

# --- start ---
SERVICE_PID=""
SAMPLER_PID=""
stop_service() {
    if [ -n "$SERVICE_PID" ] && kill -0 "$SERVICE_PID" 2>/dev/null; then
        kill "$SERVICE_PID"
        for _ in $(seq 1 120); do kill -0 "$SERVICE_PID" 2>/dev/null || break; sleep 0.5; done
    fi
    SERVICE_PID=""
}
cleanup() {
    [ -n "$SAMPLER_PID" ] && kill "$SAMPLER_PID" 2>/dev/null || true
    stop_service
}
trap cleanup EXIT

start_service() { # log file; sets SERVICE_PID, STARTED ("started in" of the log) and WALL (seconds until ready)
    local t0 t1
    t0=$(date +%s.%N)
    (cd "$WORK/run" && exec java $JAVA_OPTS -jar "$JAR") > "$1" 2>&1 &
    SERVICE_PID=$!
    for _ in $(seq 1 600); do
        if curl -sf -o /dev/null "$BASE/q/health/ready"; then break; fi
        kill -0 "$SERVICE_PID" 2>/dev/null || { tail -30 "$1" >&2; echo "the service died" >&2; exit 1; }
        sleep 0.2
    done
    t1=$(date +%s.%N)
    STARTED=$(grep -o 'started in [0-9.]*s' "$1" | grep -o '[0-9.]*' | head -1)
    WALL=$(python3 -c "print(round($t1 - $t0, 1))")
}

log "start on a fresh data dir"
start_service "$WORK/service.log"
result "start, fresh data dir (extracts PostgreSQL, initdb, migrations): 'started in' ${STARTED}s, ready after ${WALL}s wall clock"
PG_PORT=$(grep -o 'postmaster started.*on port [0-9]*' "$WORK/service.log" | grep -o '[0-9]*$' | head -1)
# the embedded database takes only the password the service generated into its data dir
PGPASSWORD=$(cat "$SENDZEN_DATA_DIR/postgres/password" 2>/dev/null || true)
export PGPASSWORD
PSQL=(psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
settings=$("${PSQL[@]}" -Atc "select string_agg(name || '=' || current_setting(name), ' ' order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers')")
result "embedded PostgreSQL $("${PSQL[@]}" -Atc 'show server_version') on port $PG_PORT: $settings"
case "$settings" in *"fsync=on"*"synchronous_commit=on"*) ;; *) echo "fsync or synchronous_commit is off: $settings" >&2; exit 1 ;; esac

# RSS of the service (the JVM) once per half second, with the phase it was taken in
echo idle > "$WORK/phase"
(while kill -0 "$SERVICE_PID" 2>/dev/null; do
    echo "$(cat "$WORK/phase") $(awk '/VmRSS/ {print $2}' /proc/$SERVICE_PID/status 2>/dev/null)"
    sleep 0.5
done > "$WORK/rss.txt") &
SAMPLER_PID=$!
phase() { echo "$1" > "$WORK/phase"; }

# CPU time (in 1/100 s) used so far by the JVM and by PostgreSQL (the postmaster and its children)
postmaster() { head -1 "$SENDZEN_DATA_DIR/postgres/pgdata/postmaster.pid"; }
cpu() {
    local pg=0 postmaster
    postmaster=$(postmaster)
    for p in $postmaster $(pgrep -P "$postmaster"); do
        pg=$((pg + $(awk '{print $14 + $15 + $16 + $17}' /proc/$p/stat 2>/dev/null || echo 0)))
    done
    echo "$(awk '{print $14 + $15}' /proc/$SERVICE_PID/stat) $pg"
}
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$2"; }

# --- routing: a project owning the phone number of the deliveries ---
ADMIN=$(cd "$WORK/run" && java -jar "$JAR" token --admin 2>/dev/null | tail -n1)
admin() { curl -sf -X POST "$BASE$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }
admin /v1/admin/projects '{"id":"bench","name":"Ingest benchmark"}' > /dev/null
admin /v1/admin/projects/bench/phone-numbers \
    "{\"phone_number_id\":\"$PHONE\",\"waba_id\":\"$WABA\",\"display_phone_number\":\"15550000001\"}" > /dev/null

HANDSHAKE="$BASE/v1/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=$SENDZEN_META_VERIFY_TOKEN&hub.challenge=1"
[ "$(curl -s "$HANDSHAKE")" = "1" ] || { echo "handshake failed" >&2; exit 1; }

ingest() { # bodies-name seconds [rate]
    BODIES=$WORK/$1.txt THREADS=$THREADS RATE=${3:-0} wrk -t$THREADS -c"$CONNECTIONS" -d"$2"s --latency \
        -s "$BENCH/ingest.lua" "$BASE" | grep '^RESULT'
}
handshake() {
    wrk -t$THREADS -c"$CONNECTIONS" -d"$1"s --latency -s "$BENCH/report.lua" "$HANDSHAKE" | grep '^RESULT'
}
per_request() { # before after requests -> "jvm_us pg_us"
    python3 -c "import sys; a=list(map(int,'$1'.split())); b=list(map(int,'$2'.split())); n=$3
print('%.0f %.0f' % ((b[0]-a[0])*1e4/n, (b[1]-a[1])*1e4/n))"
}

if [ -z "${BENCH_SKIP_INGEST:-}" ]; then
log "ingest: warm-up ${WARMUP_SECONDS}s"
phase ingest
warmup=$(ingest warmup "$WARMUP_SECONDS")
handshake 5 > /dev/null
ok() { echo $(($(field requests "$1") - $(field non2xx "$1"))); }
STORED_REQUESTS=$(ok "$warmup")
BAD=$(field non2xx "$warmup")
BEST_RPS=0
batches_before=$("${PSQL[@]}" -Atc "select count(*) || ' ' || count(distinct created_at) from log_entry where project_id = 'bench'")
for r in $(seq 1 "$ROUNDS"); do
    log "round $r: handshake ${HANDSHAKE_SECONDS}s, then ingest ${INGEST_SECONDS}s"
    a=$(cpu); hs=$(handshake "$HANDSHAKE_SECONDS"); b=$(cpu)
    hs_cpu=$(per_request "$a" "$b" "$(field requests "$hs")")
    a=$(cpu); in=$(ingest "max$r" "$INGEST_SECONDS"); b=$(cpu)
    in_cpu=$(per_request "$a" "$b" "$(field requests "$in")")
    STORED_REQUESTS=$((STORED_REQUESTS + $(ok "$in")))
    BAD=$((BAD + $(field non2xx "$in") + $(field non2xx "$hs")))
    [ "$(field wrapped "$in")" = "0" ] || { echo "round $r ran out of distinct deliveries: raise MAX_RPS_PER_SECOND" >&2; exit 1; }
    ratio=$(python3 -c "print('%.0f%%' % (100 * $(field rps "$in") / $(field rps "$hs")))")
    result "round $r handshake GET: $(field rps "$hs") req/s, p50 $(field p50_ms "$hs") ms, p99 $(field p99_ms "$hs") ms, non-2xx $(field non2xx "$hs"); CPU per request: service $(cut -d' ' -f1 <<< "$hs_cpu") us"
    result "round $r ingest POST:    $(field rps "$in") webhooks/s, p50 $(field p50_ms "$in") ms, p99 $(field p99_ms "$in") ms, non-2xx $(field non2xx "$in"), socket errors $(field socket_errors "$in"); CPU per webhook: service $(cut -d' ' -f1 <<< "$in_cpu") us, PostgreSQL $(cut -d' ' -f2 <<< "$in_cpu") us; ingest/handshake $ratio"
    BEST_RPS=$(python3 -c "print(max($BEST_RPS, $(field rps "$in")))")
done
batches_after=$("${PSQL[@]}" -Atc "select count(*) || ' ' || count(distinct created_at) from log_entry where project_id = 'bench'")
BATCH=$(python3 -c "a='$batches_before'.split(); b='$batches_after'.split(); print(max(1, round((int(b[0])-int(a[0]))/max(1,int(b[1])-int(a[1])))))")
result "group commit during the rounds: $BATCH events per transaction on average"

RATE=$(python3 -c "print(int($BEST_RPS / 2))")
log "ingest at 50% of the best rate: $RATE/s for ${PACED_SECONDS}s"
paced=$(ingest paced "$PACED_SECONDS" "$RATE")
STORED_REQUESTS=$((STORED_REQUESTS + $(ok "$paced")))
BAD=$((BAD + $(field non2xx "$paced")))
result "ingest at 50% load (target $RATE/s): $(field rps "$paced") webhooks/s, p50 $(field p50_ms "$paced") ms, p90 $(field p90_ms "$paced") ms, p99 $(field p99_ms "$paced") ms, max $(field max_ms "$paced") ms, non-2xx $(field non2xx "$paced")"
phase idle

stored=$("${PSQL[@]}" -Atc "select count(*) from log_entry where project_id = 'bench'")
unrouted=$("${PSQL[@]}" -Atc "select count(*) from log_entry where project_id = ''")
# wrk does not count the requests still in flight when a run ends: at most one per connection and run
in_flight=$((CONNECTIONS * (ROUNDS + 2)))
result "stored entries: $stored for $STORED_REQUESTS acknowledged deliveries (distinct events; up to $in_flight more were in flight when wrk stopped), unrouted: $unrouted, non-2xx in all runs: $BAD"
if [ "$stored" -lt "$STORED_REQUESTS" ] || [ "$stored" -gt $((STORED_REQUESTS + in_flight)) ] || [ "$unrouted" != "0" ]; then
    echo "stored entries do not match the acknowledged deliveries" >&2
    exit 1
fi

# --- storage baseline: the same kind of rows COPYed by psql into log_entry, one transaction per batch ---
log "storage baseline: COPY in batches of $BATCH and of 1000"
copy_rate() { # batch count [table]
    python3 "$BENCH/webhooks.py" --first $((95000000 + $1)) --count "$2" --copy-count "$2" --copy-batch "$1" \
        --created-at "$(now_ticks)" --secret x --phone $PHONE --waba $WABA --project copy --out /dev/null \
        --copy-out "$WORK/copy.sql"
    sed -i "s/^copy log_entry /copy ${3:-log_entry} /" "$WORK/copy.sql"
    local t0 t1
    t0=$(date +%s.%N)
    "${PSQL[@]}" -f "$WORK/copy.sql"
    t1=$(date +%s.%N)
    python3 -c "print(int($2 / ($t1 - $t0)))"
}
result "storage baseline, COPY into log_entry on one connection: $(copy_rate "$BATCH" 30000) rows/s in batches of $BATCH, $(copy_rate 1000 100000) rows/s in batches of 1000"
# what the secondary indexes (one per filter of GET /v1/logs) cost: the same rows into a table with the primary key only
"${PSQL[@]}" -c "create table bench_bare (like log_entry including defaults); alter table bench_bare add primary key (project_id, created_at, log_id)"
result "storage baseline without the secondary indexes (a copy of log_entry with its primary key only): $(copy_rate "$BATCH" 30000 bench_bare) rows/s in batches of $BATCH"
"${PSQL[@]}" -c "drop table bench_bare"
fi

if [ -n "${BENCH_SKIP_QUERY:-}" ]; then
    cat "$RESULTS"
    exit 0
fi

# --- query: bulk load, then every filter, first page and 90% deep, over HTTP and as SQL in psql ---
log "query: loading $BIG entries into q0 and $SMALL into each of q1..q9"
LOAD_TICKS=$(now_ticks)
t0=$(date +%s.%N)
"${PSQL[@]}" -f "$BENCH/load_prepare.sql" > /dev/null
loaders=()
for slice in $(seq 0 $((LOAD_SESSIONS - 1))); do
    "${PSQL[@]}" -v big="$BIG" -v small="$SMALL" -v now_ticks="$LOAD_TICKS" -v slice="$slice" \
        -v slices="$LOAD_SESSIONS" -f "$BENCH/load_logs.sql" > /dev/null &
    loaders+=($!)
done
for pid in "${loaders[@]}"; do wait "$pid"; done
"${PSQL[@]}" -f "$BENCH/load_finish.sql" > /dev/null
t1=$(date +%s.%N)
result "query data: $("${PSQL[@]}" -Atc "select count(*) from log_entry where project_id = 'q0'") entries in q0 of $("${PSQL[@]}" -Atc "select count(*) from log_entry where project_id like 'q_'") in 10 projects, over $("${PSQL[@]}" -Atc "select count(*) from pg_inherits where inhparent = 'log_entry'::regclass") partitions, loaded in $(python3 -c "print(round($t1 - $t0))")s"

TOKEN=$(admin /v1/admin/projects/q0/tokens '{"scopes":["logs:read"],"ttl_seconds":7200}' | sed -E 's/.*"token":"([^"]+)".*/\1/')
TO_TICKS=$(now_ticks)
phase query
get_warm() { wrk -t1 -c1 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/v1/logs?pageSize=20" > /dev/null; }
get_warm
printf '%-22s %8s | %-17s %-17s %6s | %-17s %-17s\n' "case" "matches" "HTTP first p50/99" "HTTP deep p50/99" "deep/1st" "SQL first p50/99" "SQL deep p50/99" > "$WORK/query.txt"
QUERY_BAD=0
n=0
while IFS=$'\t' read -r name query; do
    n=$((n + 1))
    url="$BASE/v1/logs?pageSize=20${query:+&$query}"
    first=$(curl -s -H "Authorization: Bearer $TOKEN" "$url")
    case "$first" in *'"logs"'*) ;; *) echo "$name: $first" >&2; exit 1 ;; esac
    issued=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["data"].get("next_page_token", ""))' <<< "$first")
    if [ -n "$issued" ]; then
        python3 "$BENCH/logs.py" check-token "$SENDZEN_PAGE_TOKEN_KEYS" "$name" "$LOAD_TICKS" "$issued" > /dev/null
    fi
    total=0 created=- logid=-
    read -r total created logid < <("${PSQL[@]}" -At -F' ' -c "$(python3 "$BENCH/logs.py" deep-row-sql "$name" "$LOAD_TICKS" "$TO_TICKS")") || true
    # a case with no match has no deep row: its deep page is the first one
    total=${total:-0} created=${created:--} logid=${logid:--}
    # the first page and the deep one alternate on one connection, so both are measured under the same conditions
    pages() { # seconds first-path deep-path
        FIRST="$2" DEEP="$3" AUTH="Bearer $TOKEN" wrk -t1 -c1 -d"$1"s -s "$BENCH/pages.lua" "$BASE" | grep '^RESULT'
    }
    path="/v1/logs?pageSize=20${query:+&$query}"
    deep_path="$path"
    if [ "$created" != "-" ]; then
        deep_token=$(python3 "$BENCH/logs.py" token "$SENDZEN_PAGE_TOKEN_KEYS" "$name" "$LOAD_TICKS" "$TO_TICKS" "$created" "$logid")
        deep_path="$path&nextPageToken=$deep_token"
    fi
    pages 1 "$path" "$deep_path" > /dev/null
    both=$(pages $((2 * QUERY_SECONDS)) "$path" "$deep_path")
    http_first=$(grep 'page=first' <<< "$both")
    http_deep=$(grep 'page=deep' <<< "$both")
    QUERY_BAD=$((QUERY_BAD + $(field non2xx "$http_first")))
    sql_times() { # created logid
        { echo '\o /dev/null'; echo "set plan_cache_mode = $PLAN_CACHE_MODE; set enable_seqscan = off; set enable_bitmapscan = off;"
          python3 "$BENCH/logs.py" prepare "$name" "$LOAD_TICKS" "$TO_TICKS" "$1" "$2" "s$n" "$SQL_RUNS"; } > "$WORK/sql.txt"
        "${PSQL[@]}" -f "$WORK/sql.txt" > "$WORK/sql.out"
        python3 "$BENCH/logs.py" percentiles "$WORK/sql.out"
    }
    read -r sf50 sf99 _ < <(sql_times - -)
    read -r sd50 sd99 _ < <(sql_times "$created" "$logid")
    ratio=$(python3 -c "print('%.2f' % ($(field p50_ms "$http_deep") / $(field p50_ms "$http_first")))")
    printf '%-22s %8s | %7.2f %7.2f ms %7.2f %7.2f ms %6s | %7.2f %7.2f ms %7.2f %7.2f ms\n' "$name" "$total" \
        "$(field p50_ms "$http_first")" "$(field p99_ms "$http_first")" "$(field p50_ms "$http_deep")" "$(field p99_ms "$http_deep")" \
        "$ratio" "$sf50" "$sf99" "$sd50" "$sd99" >> "$WORK/query.txt"
done < <(python3 "$BENCH/logs.py" cases "$LOAD_TICKS")
phase idle
result "GET /v1/logs, q0 (1 connection, first and deep page alternating for $((2 * QUERY_SECONDS))s per case; SQL: the same statement PREPAREd in psql, $SQL_RUNS runs, plan_cache_mode=$PLAN_CACHE_MODE), non-2xx: $QUERY_BAD"
cat "$WORK/query.txt" >> "$RESULTS"

# --- footprint ---
rss() { awk -v p="$1" '$1 == p && $2 > m {m = $2} END {printf "%.0f", m / 1024}' "$WORK/rss.txt"; }
pg_pss=$(for p in $(postmaster) $(pgrep -P "$(postmaster)"); do
    awk '/^Pss:/ {print $2}' /proc/$p/smaps_rollup 2>/dev/null; done | awk '{s += $1} END {printf "%.0f", s / 1024}')
result "service RSS (JVM): max $(rss ingest) MB under ingest load, max $(rss query) MB under query load; embedded PostgreSQL (all processes, PSS): $pg_pss MB"

log "restart on the same data"
stop_service
kill "$SAMPLER_PID" 2>/dev/null || true
SAMPLER_PID=""
start_service "$WORK/service-restart.log"
result "restart on existing data: 'started in' ${STARTED}s, ready after ${WALL}s wall clock"
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"

echo
cat "$RESULTS"
