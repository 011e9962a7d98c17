#!/usr/bin/env bash
# Ingest and page-read throughput with one, two and three instances of the service on one PostgreSQL primary,
# through nginx: a fresh PostgreSQL (Debian's packages, fsync and synchronous_commit on) in a temporary directory,
# the packaged service started 1, 2, then 3 times on it with the same keys, wrk against nginx. See bench/README.md.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH=$ROOT/bench
WORK=${BENCH_WORK:-$ROOT/target/bench-scale}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
PAGE_CONNECTIONS=${BENCH_PAGE_CONNECTIONS:-16}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-10}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-20}
PAGES_SECONDS=${BENCH_PAGES_SECONDS:-20}
MAX_INSTANCES=${BENCH_INSTANCES:-3}
JAVA_OPTS=${BENCH_JAVA_OPTS--Xmx256m -XX:+UseSerialGC}
PHONE=109000000000001
WABA=209000000000001
THREADS=2
MAX_RPS_PER_SECOND=${BENCH_MAX_RPS:-8000}  # bodies generated per second of a run: more than the service takes here

log() { printf '\n== %s\n' "$*" >&2; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<< "$2"; }

# --- tools: PostgreSQL 15 or later and nginx from Debian's packages, wrk, python3, curl, openssl ---
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
missing=""
for tool in wrk nginx python3 curl openssl psql; do command -v $tool >/dev/null || missing="$missing $tool"; done
if [ -n "$missing" ] || [ -z "$PG_BIN" ]; then
    log "installing: postgresql nginx-light wrk python3 curl openssl"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql nginx-light wrk python3 curl openssl >/dev/null
    PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
fi
NGINX=$(command -v nginx)

cd "$ROOT"
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    log "build: ./mvnw -B -q package -DskipTests"
    ./mvnw -B -q package -DskipTests
fi
JAR=${BENCH_JAR:-$ROOT/target/quarkus-app/quarkus-run.jar}

rm -rf "$WORK"
mkdir -p "$WORK"
RESULTS=$WORK/results.txt
: > "$RESULTS"
result() { echo "$*" >> "$RESULTS"; }
result "machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(uname -sr)"
result "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
result "java: $(java -version 2>&1 | head -1); flags: ${JAVA_OPTS:-none}"

# --- PostgreSQL: a primary of its own in a temporary directory (PostgreSQL refuses to run as root) ---
PG_DIR=$(mktemp -d -t sendzen-bench-pg.XXXXXX)
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
PG_PORT=$(free_port)
NGINX_PORT=$(free_port)
INSTANCE_PIDS=()
NGINX_PID=""
cleanup() {
    [ -n "$NGINX_PID" ] && kill -QUIT "$NGINX_PID" 2>/dev/null || true
    for pid in "${INSTANCE_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
    for pid in "${INSTANCE_PIDS[@]}"; do
        for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    done
    if [ -f "$PG_DIR/data/postmaster.pid" ]; then
        as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast stop > /dev/null || true
    fi
    rm -rf "$PG_DIR"
}
trap cleanup EXIT

log "PostgreSQL: initdb and start on port $PG_PORT"
as_postgres "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 > "$WORK/initdb.log"
# three instances with the default pools (32 + 16 connections each) and the bench's own sessions
cat >> "$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 256MB
EOF
as_postgres "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/postgres.log" -w start > /dev/null
PSQL=(psql -X -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1)
settings=$("${PSQL[@]}" -Atc "select string_agg(name || '=' || current_setting(name), ' ' order by name) from pg_settings where name in ('fsync', 'synchronous_commit', 'full_page_writes', 'wal_sync_method', 'shared_buffers', 'max_connections')")
result "PostgreSQL $("${PSQL[@]}" -Atc 'show server_version') (Debian's packages) on port $PG_PORT: $settings"
case "$settings" in *"fsync=on"*"synchronous_commit=on"*) ;; *) echo "fsync or synchronous_commit is off: $settings" >&2; exit 1 ;; esac

# --- the keys every instance shares ---
mkdir -p "$WORK/keys"
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/keys/jwt-private.pem" 2>/dev/null
openssl pkey -in "$WORK/keys/jwt-private.pem" -pubout -out "$WORK/keys/jwt-public.pem"
export MP_JWT_VERIFY_PUBLICKEY_LOCATION=$WORK/keys/jwt-public.pem
export SMALLRYE_JWT_SIGN_KEY_LOCATION=$WORK/keys/jwt-private.pem
export SENDZEN_PAGE_TOKEN_KEYS=$(openssl rand -base64 32)
export SENDZEN_SECRET_KEYS=$(openssl rand -base64 32)
export SENDZEN_META_APP_SECRETS=$(openssl rand -hex 16)
export QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/postgres
export QUARKUS_DATASOURCE_USERNAME=postgres
export QUARKUS_HTTP_HOST=127.0.0.1
# the bench sends far more than a project's default rate limit; it measures speed, not the limit
export SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0
export BENCH_LUA=$BENCH

# --- signed deliveries, generated before anything runs: disjoint ranges, so every request is a new event ---
log "generating signed deliveries"
bodies() { # name first count
    python3 "$BENCH/webhooks.py" --first "$2" --count "$3" --secret "$SENDZEN_META_APP_SECRETS" --phone $PHONE \
        --waba $WABA --project bench --out "$WORK/$1.txt" --copy-out /dev/null
}
for n in $(seq 1 "$MAX_INSTANCES"); do
    bodies "warmup$n" $((n * 10000000)) $((WARMUP_SECONDS * MAX_RPS_PER_SECOND))
    bodies "ingest$n" $((n * 10000000 + 5000000)) $((INGEST_SECONDS * MAX_RPS_PER_SECOND))
done

# --- instances and nginx ---
PORTS=()
start_instance() { # number
    local port log=$WORK/instance-$1.log pid
    port=$(free_port)
    mkdir -p "$WORK/instance-$1"
    SENDZEN_DATA_DIR=$WORK/instance-$1 QUARKUS_HTTP_PORT=$port \
        java $JAVA_OPTS -jar "$JAR" > "$log" 2>&1 &
    pid=$!
    for _ in $(seq 1 900); do
        curl -sf -o /dev/null "http://127.0.0.1:$port/q/health/ready" && break
        kill -0 "$pid" 2>/dev/null || { tail -30 "$log" >&2; echo "instance $1 died" >&2; exit 1; }
        sleep 0.2
    done
    INSTANCE_PIDS+=("$pid")
    PORTS+=("$port")
    result "instance $1 on port $port: $(grep -o 'started in [0-9.]*s' "$log" | head -1)"
}
start_nginx() { # over the instances started so far
    if [ -n "$NGINX_PID" ]; then
        kill -QUIT "$NGINX_PID"
        for _ in $(seq 1 100); do kill -0 "$NGINX_PID" 2>/dev/null || break; sleep 0.1; done
    fi
    local dir=$WORK/nginx servers=""
    mkdir -p "$dir"
    chmod 777 "$dir"  # its worker runs as nobody when the master is root
    for port in "${PORTS[@]}"; do servers+="        server 127.0.0.1:$port;"$'\n'; done
    cat > "$dir/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $dir/body;
    proxy_temp_path $dir/proxy;
    fastcgi_temp_path $dir/fastcgi;
    uwsgi_temp_path $dir/uwsgi;
    scgi_temp_path $dir/scgi;
    client_body_buffer_size 1m;
    client_max_body_size 16m;
    upstream sendzen {
$servers        keepalive 128;
    }
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / {
            proxy_pass http://sendzen;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$host;
        }
    }
}
EOF
    "$NGINX" -p "$dir" -c "$dir/nginx.conf" > "$dir/out.log" 2>&1 &
    NGINX_PID=$!
    for _ in $(seq 1 100); do
        curl -sf -o /dev/null "http://127.0.0.1:$NGINX_PORT/q/health/ready" && return 0
        sleep 0.1
    done
    cat "$dir/out.log" "$dir/error.log" >&2
    echo "nginx did not start" >&2
    exit 1
}
BASE=http://127.0.0.1:$NGINX_PORT

# CPU time (in 1/100 s) used so far by PostgreSQL (the postmaster and its children), the instances and nginx
ticks() { for p in "$@"; do awk '{print $14 + $15 + $16 + $17}' /proc/$p/stat 2>/dev/null || echo 0; done | awk '{s += $1} END {print s + 0}'; }
cpu() {
    local postmaster nginx_pids
    postmaster=$(head -1 "$PG_DIR/data/postmaster.pid")
    nginx_pids="$NGINX_PID $(pgrep -P "$NGINX_PID" | xargs)"
    echo "$(ticks "$postmaster" $(pgrep -P "$postmaster")) $(ticks "${INSTANCE_PIDS[@]}") $(ticks $nginx_pids) $(awk '/^cpu / {print $2 + $3 + $4 + $7 + $8}' /proc/stat) $(date +%s%N)"
}
# wrk's own CPU time (1/100 s), as the children's rusage of a small wrapper, into $WORK/wrk.cpu
measured() {
    python3 -c '
import resource, subprocess, sys
code = subprocess.call(sys.argv[2:])
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], "w").write("%d\n" % round((r.ru_utime + r.ru_stime) * 100))
sys.exit(code)' "$WORK/wrk.cpu" "$@"
}
shares() { # before after -> "pg% service% nginx% wrk% machine%" of one core, over the wall time between the two
    python3 -c "
a = list(map(int, '$1'.split())); b = list(map(int, '$2'.split())); s = (b[4] - a[4]) / 1e9; w = int(open('$WORK/wrk.cpu').read())
print(' '.join('%.0f%%' % (v / s) for v in [b[0] - a[0], b[1] - a[1], b[2] - a[2], w, b[3] - a[3]]))"
}
ingest() { # bodies-name seconds
    BODIES=$WORK/$1.txt THREADS=$THREADS RATE=0 measured wrk -t$THREADS -c"$CONNECTIONS" -d"$2"s --latency \
        -s "$BENCH/ingest.lua" "$BASE" | grep '^RESULT'
}
pages() { # seconds
    measured wrk -t$THREADS -c"$PAGE_CONNECTIONS" -d"$1"s --latency -s "$BENCH/report.lua" \
        -H "Authorization: Bearer $TOKEN" "$BASE/v1/logs?pageSize=20&order=desc" | grep '^RESULT'
}

ACKED=0
TOKEN=""
printf '%-9s | %-38s | %-38s | %s\n' "instances" "ingest webhooks/s, p50 / p99" "page reads/s, p50 / p99" \
    "CPU in % of one core during ingest / pages: PostgreSQL, service, nginx, wrk, whole machine" > "$WORK/table.txt"
for n in $(seq 1 "$MAX_INSTANCES"); do
    log "instance $n: start"
    start_instance "$n"
    start_nginx
    if [ -z "$TOKEN" ]; then
        ADMIN=$(java -jar "$JAR" token --admin 2>/dev/null | tail -n1)
        admin() { curl -sf -X POST "$BASE$1" -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' -d "$2"; }
        admin /v1/admin/projects '{"id":"bench","name":"Scaling benchmark"}' > /dev/null
        admin /v1/admin/projects/bench/phone-numbers \
            "{\"phone_number_id\":\"$PHONE\",\"waba_id\":\"$WABA\",\"display_phone_number\":\"15550000001\"}" > /dev/null
        TOKEN=$(admin /v1/admin/projects/bench/tokens '{"scopes":["logs:read"],"ttl_seconds":7200}' \
            | sed -E 's/.*"token":"([^"]+)".*/\1/')
    fi

    log "$n instance(s): warm-up ${WARMUP_SECONDS}s, ingest ${INGEST_SECONDS}s, pages ${PAGES_SECONDS}s"
    warm=$(ingest "warmup$n" "$WARMUP_SECONDS")
    ACKED=$((ACKED + $(field requests "$warm") - $(field non2xx "$warm")))
    pages 3 > /dev/null
    a=$(cpu); in=$(ingest "ingest$n" "$INGEST_SECONDS"); b=$(cpu)
    in_cpu=$(shares "$a" "$b")
    [ "$(field wrapped "$in")" = "0" ] || { echo "ran out of distinct deliveries: raise BENCH_MAX_RPS" >&2; exit 1; }
    ACKED=$((ACKED + $(field requests "$in") - $(field non2xx "$in")))
    a=$(cpu); pg=$(pages "$PAGES_SECONDS"); b=$(cpu)
    pg_cpu=$(shares "$a" "$b")
    result "$n instance(s), ingest: $(field rps "$in") webhooks/s, p50 $(field p50_ms "$in") ms, p99 $(field p99_ms "$in") ms, non-2xx $(field non2xx "$in"); CPU (PostgreSQL service nginx wrk machine): $in_cpu"
    result "$n instance(s), pages:  $(field rps "$pg") pages/s, p50 $(field p50_ms "$pg") ms, p99 $(field p99_ms "$pg") ms, non-2xx $(field non2xx "$pg"); CPU (PostgreSQL service nginx wrk machine): $pg_cpu"
    printf '%-9s | %8.0f/s, %7.2f / %7.2f ms      | %8.0f/s, %7.2f / %7.2f ms      | %s / %s\n' "$n" \
        "$(field rps "$in")" "$(field p50_ms "$in")" "$(field p99_ms "$in")" \
        "$(field rps "$pg")" "$(field p50_ms "$pg")" "$(field p99_ms "$pg")" "$in_cpu" "$pg_cpu" >> "$WORK/table.txt"
done

stored=$("${PSQL[@]}" -Atc "select count(*) from log_entry where project_id = 'bench'")
# wrk does not count the requests still in flight when a run ends: at most one per connection and run
in_flight=$((CONNECTIONS * MAX_INSTANCES * 2))
result "stored entries: $stored for $ACKED acknowledged deliveries (up to $in_flight more were in flight when wrk stopped)"
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/table.txt" >> "$RESULTS"
echo
cat "$RESULTS"
if [ "$stored" -lt "$ACKED" ] || [ "$stored" -gt $((ACKED + in_flight)) ]; then
    echo "stored entries do not match the acknowledged deliveries" >&2
    exit 1
fi
