#!/usr/bin/env bash
# Ingest while a bulk delete job runs: loads BENCH_BIG entries into project q0 (bench/load_*.sql), then measures the
# ingest rate of another project without a job, with a job deleting every q0 entry, and without again (after a
# cancel), in one run, and prints the ratio with/without. See bench/README.md ("Delete").
set -euo pipefail

WORK=${BENCH_WORK:-$(cd "$(dirname "$0")/.." && pwd)/target/bench-delete}
WARMUP_SECONDS=${BENCH_WARMUP_SECONDS:-20}
INGEST_SECONDS=${BENCH_INGEST_SECONDS:-15}
# BENCH_WHOLE_JOB=1: the phase with the job lasts from its first batch to its end (at most BENCH_JOB_SECONDS)
WHOLE_JOB=${BENCH_WHOLE_JOB:-}
JOB_SECONDS=${BENCH_JOB_SECONDS:-100}
BIG=${BENCH_BIG:-1000000}
SMALL=${BENCH_SMALL:-1000}
LOAD_SESSIONS=${BENCH_LOAD_SESSIONS:-2}
# BENCH_LOAD_DAYS_AGO=N: q0's entries span the 6 days ending N days ago (N=40: last month's partition, apart from
# the one ingest writes into), instead of the 6 days up to now
LOAD_DAYS_AGO=${BENCH_LOAD_DAYS_AGO:-0}
# BENCH_JOB_ALONE=1: at the end, one more job on what is left of q0 with no ingest, for the job's pace alone
# BENCH_PACED_RATE=N: the three measured phases send N deliveries a second (below saturation, as Meta does) instead
# of as fast as they are answered; then the latencies with and without a job are what to compare
PHASE_RATE=${BENCH_PACED_RATE:-0}
. "$(dirname "$0")/common.sh"
result "machine: $(nproc) cores, load average at start: $(cut -d' ' -f1-3 /proc/loadavg); BENCH_BIG=$BIG ending $LOAD_DAYS_AGO days ago, ${INGEST_SECONDS}s per phase, $CONNECTIONS connections, $([ "$PHASE_RATE" = 0 ] && echo "as fast as answered" || echo "paced at $PHASE_RATE/s")"

log "generating signed deliveries"
bodies warmup 0 $((WARMUP_SECONDS * MAX_RPS_PER_SECOND))
bodies before 10000000 $((INGEST_SECONDS * MAX_RPS_PER_SECOND))
DURING_SECONDS=$INGEST_SECONDS
[ -z "$WHOLE_JOB" ] || DURING_SECONDS=$JOB_SECONDS
bodies during 20000000 $((DURING_SECONDS * MAX_RPS_PER_SECOND))
bodies after 30000000 $((INGEST_SECONDS * MAX_RPS_PER_SECOND))

start_service
# BENCH_SETUP_SQL: statements run one by one once the service is up (e.g. "alter system set ...; select
# pg_reload_conf()")
[ -z "${BENCH_SETUP_SQL:-}" ] || { echo "$BENCH_SETUP_SQL" | "${PSQL[@]}" > /dev/null; result "setup: $BENCH_SETUP_SQL"; }

log "loading $BIG entries into q0"
LOAD_TICKS=$(($(now_ticks) - LOAD_DAYS_AGO * 864000000000))
"${PSQL[@]}" -v days_ago="$LOAD_DAYS_AGO" -f "$BENCH/load_prepare.sql" > /dev/null
loaders=()
for slice in $(seq 0 $((LOAD_SESSIONS - 1))); do
    "${PSQL[@]}" -v big="$BIG" -v small="$SMALL" -v now_ticks="$LOAD_TICKS" -v slice="$slice" \
        -v slices="$LOAD_SESSIONS" -f "$BENCH/load_logs.sql" > /dev/null &
    loaders+=($!)
done
for pid in "${loaders[@]}"; do wait "$pid"; done
"${PSQL[@]}" -f "$BENCH/load_finish.sql" > /dev/null
result "q0: $(sql "select count(*) from log_entry where project_id = 'q0'") entries"

WRITER=$(admin /v1/admin/projects/q0/tokens '{"scopes":["logs:read","logs:write"],"ttl_seconds":7200}' \
    | sed -E 's/.*"token":"([^"]+)".*/\1/')
job() { curl -sf -H "Authorization: Bearer $WRITER" "$BASE/v1/jobs/$1"; }
# a field of a job's answer, without starting a Python process (two a second cost a saturated 2-core machine a
# third of its ingest rate, BENCHMARKS.md)
jfield() { sed -E 's/.*"'"$1"'":"?([^",}]*)"?.*/\1/'; }

# the figures of a phase's RESULT line
rate() { echo "$(field rps "$1") webhooks/s, p50 $(field p50_ms "$1") ms, p99 $(field p99_ms "$1") ms, non-2xx $(field non2xx "$1")"; }
# Every rate is what the database stored, counted by the entries' created_at (the Ticks of the batch that wrote
# them), so the three phases are measured alike and a count's own time is not part of any window.
# stored_span T0 T1: entries a second over the span from the first to the last entry stored between T0 and T1 (a
# phase of wrk: it reads its bodies before it sends)
stored_span() {
    sql "select round(((count(*) - 1) / ((max(created_at) - min(created_at)) / 1e7))::numeric, 1) from log_entry
         where project_id = 'bench' and created_at >= $1 and created_at < $2"
}
# stored_in T0 T1: entries a second stored between T0 and T1
stored_in() {
    sql "select round((count(*) / (($2 - $1) / 1e7))::numeric, 1) from log_entry
         where project_id = 'bench' and created_at >= $1 and created_at < $2"
}
# measured NAME SECONDS: a phase of wrk, its RESULT line with rps= what was stored
measured() {
    local from to r
    from=$(now_ticks)
    r=$(phase "$1" "$2")
    to=$(now_ticks)
    sed -E "s/ rps=[^ ]+/ rps=$(stored_span "$from" "$to")/" <<< "$r"
}

log "warm-up ${WARMUP_SECONDS}s"
PHASE_RATE=0 phase warmup "$WARMUP_SECONDS" > /dev/null

log "ingest without a job"
before=$(measured before "$INGEST_SECONDS")
result "ingest, no job:             $(rate "$before")"

start_job() {
    JOB=$(curl -sf -X POST "$BASE/v1/logs/bulk-delete" -H "Authorization: Bearer $WRITER" \
        -H 'Content-Type: application/json' -d '{"filter":{},"all":true}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["job_id"])')
    # the window starts once the job is counted and deleting
    for _ in $(seq 1 600); do
        [ "$(job "$JOB" | jfield done)" -gt 0 ] && break
        sleep 0.2
    done
    d0=$(job "$JOB" | jfield done); t0=$(date +%s.%N); t0_ticks=$(now_ticks)
}
stored() { sql "select count(*) from log_entry where project_id = 'bench'"; }
# BENCH_WATCH=1: through the whole run, once a second, what PostgreSQL is doing (WAL written, full-page
# images, checkpoints, the client backends' reads, writes and evictions of buffers, vacuums under way, the time
# in each function when track_functions is on, what the active backends wait on) into $WORK/watch.log
watch_database() {
    while sleep 1; do
        sql "select clock_timestamp()::time(0), w.wal_bytes, w.wal_fpi, c.num_timed + c.num_requested,
                    (select sum(reads) || ' ' || sum(writes) || ' ' || sum(evictions) from pg_stat_io
                      where backend_type = 'client backend'),
                    (select coalesce(string_agg(relid::regclass || ':' || phase, ' '), '-') from pg_stat_progress_vacuum),
                    (select coalesce(string_agg(funcname || '=' || round(total_time), ' ' order by funcname), '-')
                       from pg_stat_user_functions),
                    (select coalesce(string_agg(coalesce(wait_event, 'cpu'), ' '), '-') from pg_stat_activity
                      where state = 'active' and pid <> pg_backend_pid())
             from pg_stat_wal w, pg_stat_checkpointer c" 2>/dev/null || true
    done >> "$WORK/watch.log"
}
[ -z "${BENCH_WATCH:-}" ] || { watch_database & WATCH_PID=$!; trap 'kill $WATCH_PID 2>/dev/null || true; cleanup' EXIT; }
if [ -n "$WHOLE_JOB" ]; then
    # ingest first (wrk reads its bodies before it sends), the job once deliveries are being stored; the rate is
    # what was stored from the job's first batch to its end, and wrk, stopped then, gives the latencies
    BODIES=$WORK/during.txt THREADS=$THREADS RATE=$PHASE_RATE wrk -t$THREADS -c"$CONNECTIONS" -d"$JOB_SECONDS"s --latency \
        -s "$BENCH/ingest.lua" "$BASE" > "$WORK/during.out" &
    WRK_PID=$!
    s0=$(stored)
    while [ "$(stored)" = "$s0" ]; do sleep 0.2; done
    start_job
    log "ingest while job $JOB deletes, until it is done"
    # one process polls for the whole window: starting one per poll costs the saturated machine several percent
    WRK_PID=$WRK_PID python3 -c '
import json, os, sys, time, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2]})
while os.path.exists("/proc/" + os.environ["WRK_PID"]):
    with urllib.request.urlopen(request) as answer:
        if json.load(answer)["data"]["state"] != "running":
            break
    time.sleep(0.5)
' "$BASE/v1/jobs/$JOB" "$WRITER"
    tc_ticks=$(now_ticks)
    d1=$(job "$JOB" | jfield done); t1=$(date +%s.%N)
    kill -INT "$WRK_PID" 2>/dev/null || true
    wait "$WRK_PID" || true
    during=$(grep '^RESULT' "$WORK/during.out" | sed -E "s/ rps=[^ ]+/ rps=$(stored_in "$t0_ticks" "$tc_ticks")/")
else
    start_job
    log "ingest while job $JOB deletes"
    during=$(measured during "$INGEST_SECONDS")
    d1=$(job "$JOB" | jfield done); t1=$(date +%s.%N)
fi
state=$(job "$JOB" | jfield state)
result "ingest, bulk delete running: $(rate "$during")"
result "the job meanwhile: $((d1 - d0)) entries deleted in the window ($(python3 -c "print(int(($d1 - $d0) / ($t1 - $t0)))") entries/s), state at its end: $state, matching $(job "$JOB" | jfield matching)"
if [ -n "$WHOLE_JOB" ]; then
    [ "$state" = "done" ] || result "WARNING: the job did not end within ${JOB_SECONDS}s; raise BENCH_JOB_SECONDS"
else
    [ "$state" = "running" ] || result "WARNING: the job ended inside the window; raise BENCH_BIG"
fi

curl -sf -o /dev/null -X DELETE "$BASE/v1/jobs/$JOB" -H "Authorization: Bearer $WRITER" || true
log "ingest after the job was cancelled"
after=$(measured after "$INGEST_SECONDS")
result "ingest, job cancelled:      $(rate "$after")"

ratio=$(python3 -c "b=($(field rps "$before") + $(field rps "$after")) / 2; print('%.2f' % ($(field rps "$during") / b))")
result "ingest with a running bulk delete / without (mean of before and after): $ratio"

# BENCH_JOB_ALONE=1: then a job deletes what is left of q0 with nothing else running: its pace on a quiet database
if [ -n "${BENCH_JOB_ALONE:-}" ]; then
    log "a job alone on the rest of q0"
    start_job
    while [ "$(job "$JOB" | jfield state)" = running ]; do sleep 1; done
    d1=$(job "$JOB" | jfield done); t1=$(date +%s.%N)
    result "a job alone: $((d1 - d0)) entries deleted in $(python3 -c "print('%.1f' % ($t1 - $t0))") s ($(python3 -c "print(int(($d1 - $d0) / ($t1 - $t0)))") entries/s), state at its end: $(job "$JOB" | jfield state)"
fi
result "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
