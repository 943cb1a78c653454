#!/usr/bin/env bash
# Benchmark of the live event streams (GET /events) against the running stack (scripts/stack.sh up, with the
# notifier and todo-core's outbox relay): one edge holding EVENTS_BENCH_STREAMS idle streams (its RSS and heap
# after a full GC at 0, half and all of them, and after they idled: the cost per stream), then the latency from a
# change's 2xx to its event on another open stream, idle and while wrk loads GET /tasks (scripts/bench.sh's load).
# The program is scripts/events-bench/bench.mjs (node); its pure parts have tests (node --test scripts/events-bench/).
#
# Start the stack with a rate limit that lets the benchmark's logins through:
#   AUTH_RATE_LIMIT_PER_MINUTE=1000000 scripts/stack.sh up && scripts/events-bench.sh
# Knobs: EVENTS_BENCH_STREAMS (2000), EVENTS_BENCH_USERS (100: an edge allows EVENTS_MAX_STREAMS_PER_USER, 32, per
#        user), EVENTS_BENCH_SAMPLES (100), EVENTS_BENCH_IDLE (30 s),
#        EVENTS_BENCH_LOAD_CONNECTIONS (16).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}

die() { echo "events-bench: $*" >&2; exit 1; }
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
use_jdk25 # its jcmd and jstat, not an older default
for tool in node wrk jcmd; do command -v "$tool" >/dev/null || die "$tool is missing"; done
EDGE_PID=$(cat "$STACK_DIR/pids/edge.pid" 2>/dev/null) || die "the edge is not running (no $STACK_DIR/pids/edge.pid)"
[ -r "/proc/$EDGE_PID/status" ] || die "the edge (pid $EDGE_PID) is not running"
streams=${EVENTS_BENCH_STREAMS:-2000}
# each stream is a socket here and one in the edge
[ "$(ulimit -n)" -gt $((streams + 200)) ] || ulimit -n $((streams + 1000)) 2>/dev/null \
  || die "open files limit $(ulimit -n) is too low for $streams streams"

EDGE="http://127.0.0.1:${GATEWAY_PORT:-8080}" EDGE_PID=$EDGE_PID exec node "$ROOT/scripts/events-bench/bench.mjs"
