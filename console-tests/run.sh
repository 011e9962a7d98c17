#!/usr/bin/env bash
# Starts the built service on a throwaway data directory (its own embedded PostgreSQL) and drives the web console in
# Debian's Chromium with playwright-core (test.mjs): no browser is downloaded. Screenshots go to
# target/console-screenshots/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar="$root/target/quarkus-app/quarkus-run.jar"
chromium=${CHROMIUM:-/usr/bin/chromium}
command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js and npm are needed for the console test: apt-get install nodejs npm" >&2; exit 1; }
[ -x "$chromium" ] || { echo "Chromium is needed for the console test and was not found at $chromium: apt-get install chromium" >&2; exit 1; }
[ -f "$jar" ] || { echo "build the service first: ./mvnw -B package" >&2; exit 1; }

cd "$here"
npm ci --no-audit --no-fund --loglevel=error

data=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
secret="console-test-app-secret"
SENDZEN_DATA_DIR="$data" QUARKUS_HTTP_PORT="$port" SENDZEN_META_APP_SECRETS="$secret" \
  SENDZEN_FLYOUT_ALLOW_HTTP=true SENDZEN_FLYOUT_ALLOW_PRIVATE_NETWORKS=true SENDZEN_RATE_LIMIT_REQUESTS_PER_SECOND=0 \
  SENDZEN_JOBS_POLL_INTERVAL=200ms SENDZEN_JOBS_BATCH_SIZE=2 \
  java -jar "$jar" >"$data/service.log" 2>&1 &
pid=$!
cleanup() {
  status=$?
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  [ "$status" -eq 0 ] || { echo "--- service log (tail)" >&2; tail -40 "$data/service.log" >&2; }
  rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null 2>&1 && break
  kill -0 "$pid" 2>/dev/null || { cat "$data/service.log"; exit 1; }
  sleep 0.5
done
curl -fs "http://127.0.0.1:$port/q/health/ready" >/dev/null || { echo "service did not become ready" >&2; tail -50 "$data/service.log"; exit 1; }

admin=$(SENDZEN_DATA_DIR="$data" java -jar "$jar" token --admin 2>/dev/null | tail -n1)
SERVICE_URL="http://127.0.0.1:$port" ADMIN_TOKEN="$admin" APP_SECRET="$secret" CHROMIUM="$chromium" \
  SCREENSHOTS="$root/target/console-screenshots" node test.mjs
