#!/usr/bin/env bash
# Compiles the typescript-fetch client generated from openapi.yaml, starts the built service on a throwaway data
# directory (its own embedded PostgreSQL), and runs src/test.ts against it with Node.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar="$root/target/quarkus-app/quarkus-run.jar"
command -v node >/dev/null && command -v npm >/dev/null || { echo "Node.js and npm are needed for the TypeScript SDK test" >&2; exit 1; }
[ -f "$jar" ] || { echo "build the service first: ./mvnw -B package" >&2; exit 1; }

rm -rf "$here/generated" "$here/dist"
cp -r "$root/target/generated-sdk/typescript" "$here/generated"
cd "$here"
npm ci --no-audit --no-fund --loglevel=error
npx tsc -p .

data=$(mktemp -d)
port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
secret="ts-sdk-app-secret"
# the service sends to a stand-in Cloud API of the test's own, on loopback
node dist/src/fakeCloudApi.js >"$data/fake.port" 2>"$data/fake.log" &
fake=$!
for _ in $(seq 1 50); do [ -s "$data/fake.port" ] && break; sleep 0.1; done
cloud="http://127.0.0.1:$(head -n1 "$data/fake.port")"
SENDZEN_DATA_DIR="$data" QUARKUS_HTTP_PORT="$port" SENDZEN_META_APP_SECRETS="$secret" SENDZEN_CLOUD_API_BASE_URL="$cloud" \
  java -jar "$jar" >"$data/service.log" 2>&1 &
pid=$!
cleanup() {
  status=$?
  kill "$fake" 2>/dev/null || true
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
SERVICE_URL="http://127.0.0.1:$port" ADMIN_TOKEN="$admin" APP_SECRET="$secret" CLOUD_API_URL="$cloud" node dist/src/test.js
