#!/usr/bin/env bash
# Clients that hang up mid-response must not wedge todo-core's database pool. Against the running stack
# (scripts/stack.sh up): BURSTS times, wrk opens 16 connections to todo-core for one second and then drops them with
# requests in flight; afterwards a plain request must still answer. Before the fix in DatabaseWork this stalled
# todo-core for good within about 13 bursts. Prints the throughput of each burst. Needs wrk (apt-get install wrk).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
EDGE=http://127.0.0.1:${GATEWAY_PORT:-8080}
CORE=http://127.0.0.1:${TASK_SERVICE_PORT:-8081}
BURSTS=${BURSTS:-40}

die() { echo "disconnect-soak: FAIL: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
INTERNAL_TOKEN=${INTERNAL_TOKEN:-$(sed -n 's/^INTERNAL_TOKEN=//p' "$STACK_DIR/secrets.env")}

# a real user (through the edge) with a list worth streaming
email="soak-$(date +%s)-$RANDOM@example.com"
body=$(printf '{"email":"%s","password":"soak-password-1"}' "$email")
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$body" "$EDGE/auth/register" || die "register failed"
login=$(curl -fsS -H 'Content-Type: application/json' -d "$body" "$EDGE/auth/login") || die "login failed"
token=$(jq -r .access_token <<<"$login")
user=$(jq -r .user.id <<<"$login")
for i in $(seq 1 50); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"title\":\"soak task $i with a longer title to make the list worth streaming\"}" "$EDGE/tasks"
done

printf 'disconnect-soak: %d bursts of 16 connections dropped mid-request; req/s:' "$BURSTS"
for _ in $(seq 1 "$BURSTS"); do
  rate=$(wrk -t1 -c16 -d1s -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $user" "$CORE/tasks" \
    | sed -n 's/^Requests\/sec: *\([0-9]*\).*/\1/p')
  printf ' %s' "$rate"
done
echo
code=$(curl -s -m 10 -o /dev/null -w '%{http_code}' -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $user" \
  "$CORE/tasks?limit=1") || true
[ "$code" = 200 ] || die "todo-core no longer answers after the bursts (HTTP $code): its connection pool is wedged"
echo "disconnect-soak: PASS (todo-core still answers)"
