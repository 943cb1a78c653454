#!/usr/bin/env bash
# End to end on two of each service: a logout, a refresh-token reuse and the auth rate limit across the edges, two
# relays under 200 parallel changes, an /events stream on one edge fed by changes through the other, instances
# stopped (SIGSTOP, hung) behind the balancer, and one instance of each kind killed under load (the logic, with its unit tests, is in scripts/scale-check/).
# Usage: STACK_REPLICAS=2 scripts/stack.sh up && scripts/scale-check.sh [check ...]
#        (the same STACK_DIR, GATEWAY_PORT, REPLICA_PORT_STEP and AUTH_RATE_LIMIT_PER_MINUTE as the stack)
# The failover check kills edge.2, todo-core.2 and notifier.2: run it last (it is last by default), then
# `scripts/stack.sh start edge.2` etc. or `down`.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
STEP=${REPLICA_PORT_STEP:-100}
command -v python3 >/dev/null || { echo "scale: FAIL: python3 is required" >&2; exit 2; }
for instance in edge.1 edge.2 todo-core.1 todo-core.2 notifier.1 notifier.2; do
  [ -f "$STACK_DIR/pids/$instance.pid" ] \
    || { echo "scale: FAIL: no $instance in $STACK_DIR: start the stack with STACK_REPLICAS=2" >&2; exit 2; }
done
exec python3 "$ROOT/scripts/scale-check/scale_check.py" \
  --edge "http://127.0.0.1:$((GATEWAY_PORT + STEP))" --edge "http://127.0.0.1:$((GATEWAY_PORT + 2 * STEP))" \
  --balancer "http://127.0.0.1:$GATEWAY_PORT" --pids "$STACK_DIR/pids" \
  --rate-limit "${AUTH_RATE_LIMIT_PER_MINUTE:-10}" "$@"
