#!/usr/bin/env bash
# One edge against two, through the balancer of a stack with STACK_REPLICAS=2: the same authenticated GET /tasks
# (20 tasks) with wrk, rounds alternating between "both edges" and "edge.2 marked down" (the balancer's
# configuration reloaded in between, nothing restarted). Prints requests per second and latency per round.
# On one small machine the two edges share its cores with each other and with everything else: this shows what
# the balancer costs and that nothing breaks, not what a second host would add.
# Knobs: BENCH_ROUNDS (2 per setting), BENCH_SECONDS (15), BENCH_CONNECTIONS (16), BENCH_WARMUP (10 s).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
STEP=${REPLICA_PORT_STEP:-100}
ROUNDS=${BENCH_ROUNDS:-2}
SECONDS_PER_ROUND=${BENCH_SECONDS:-15}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
WARMUP=${BENCH_WARMUP:-10}
CONF=$STACK_DIR/balancer/nginx.conf
BALANCER=http://127.0.0.1:$GATEWAY_PORT
EDGE2="127.0.0.1:$((GATEWAY_PORT + 2 * STEP))"

die() { echo "scale-bench: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
[ -f "$CONF" ] || die "no balancer in $STACK_DIR: start the stack with STACK_REPLICAS=2"
cp "$CONF" "$CONF.both"
restore() { cp "$CONF.both" "$CONF"; nginx -s reload -c "$CONF" 2>/dev/null || true; }
trap restore EXIT
setting() { # both|one
  if [ "$1" = both ]; then cp "$CONF.both" "$CONF"; else sed "s/server $EDGE2 /server $EDGE2 down /" "$CONF.both" >"$CONF"; fi
  nginx -s reload -c "$CONF" 2>/dev/null
  sleep 2
}

XFF="X-Forwarded-For: 192.0.2.$((RANDOM % 250 + 1))"
credentials="{\"email\":\"scale-bench-$(date +%s)-$RANDOM@example.com\",\"password\":\"scale-bench-password\"}"
curl -fsS -o /dev/null -H "$XFF" -H 'Content-Type: application/json' -d "$credentials" "$BALANCER/auth/register"
TOKEN=$(curl -fsS -H "$XFF" -H 'Content-Type: application/json' -d "$credentials" "$BALANCER/auth/login" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
for i in $(seq 1 20); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"title\":\"bench $i\"}" "$BALANCER/tasks"
done

run() { # label
  wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_PER_ROUND}s" --latency -H "Authorization: Bearer $TOKEN" "$BALANCER/tasks" \
    | awk -v label="$1" '/Requests\/sec/ { rps = $2 } $1 == "50%" { p50 = $2 } $1 == "99%" { p99 = $2 }
        /Non-2xx|Socket errors/ { errors = errors " " $0 }
        END { printf "%-10s %8s req/s  p50 %7s  p99 %7s%s\n", label, rps, p50, p99, errors }'
}

wrk -t2 -c"$CONNECTIONS" -d"${WARMUP}s" -H "Authorization: Bearer $TOKEN" "$BALANCER/tasks" >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
for _ in $(seq 1 "$ROUNDS"); do
  setting both; run "two edges"
  setting one; run "one edge"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
