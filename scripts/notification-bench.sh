#!/usr/bin/env bash
# Benchmark of task notifications against the running stack (scripts/stack.sh up, with the notifier):
#  1. latency from a change's 2xx (POST /tasks through the edge) to its notification being readable from the
#     notifier (GET /notifications through the edge shows it), idle and while wrk loads GET /tasks;
#  2. the task API's throughput and p99 (POST /tasks straight to todo-core, every request writing an outbox event)
#     with the notifier up and down (scripts/stack.sh stop/start notifier), rounds interleaved.
# The latency is sampled by polling with curl, so its resolution is one poll (a few ms; printed).
# All requests are one user's: todo-core serialises one user's writes (the outbox's per-user order), so the
# POST figures are a single user's ceiling, not the service's.
# A notifier restart may need more than STACK_WAIT_SECONDS (90) on a loaded machine: raise it.
# Knobs: NBENCH_SAMPLES (50), NBENCH_ROUNDS (3), NBENCH_SECONDS (10 per round), NBENCH_CONNECTIONS (16),
#        NBENCH_WARMUP (20 s).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
EDGE=http://127.0.0.1:${GATEWAY_PORT:-8080}
CORE=http://127.0.0.1:${TASK_SERVICE_PORT:-8081}
SAMPLES=${NBENCH_SAMPLES:-50}
ROUNDS=${NBENCH_ROUNDS:-3}
SECONDS_PER_ROUND=${NBENCH_SECONDS:-10}
CONNECTIONS=${NBENCH_CONNECTIONS:-16}
WARMUP=${NBENCH_WARMUP:-20}
LUA=$ROOT/scripts/bench

die() { echo "notification-bench: $*" >&2; exit 1; }
for tool in wrk curl jq; do command -v "$tool" >/dev/null || die "$tool is missing"; done
[ -f "$STACK_DIR/secrets.env" ] || die "no $STACK_DIR/secrets.env: start the stack with scripts/stack.sh up"
INTERNAL_TOKEN=${INTERNAL_TOKEN:-$(sed -n 's/^INTERNAL_TOKEN=//p' "$STACK_DIR/secrets.env")}
NOTIFIER_STOPPED=""
WORK=$(mktemp -d)
cleanup() {
  [ -z "$NOTIFIER_STOPPED" ] || "$ROOT/scripts/stack.sh" start notifier >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- a user ------------------------------------------------------------------------------------------------------
credentials=$(jq -nc --arg e "nbench-$(date +%s)-$RANDOM@example.com" '{email: $e, password: "nbench-password-1"}')
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$credentials" "$EDGE/auth/register" \
  || die "register failed (rate limited? start the stack with a higher AUTH_RATE_LIMIT_PER_MINUTE)"
login=$(curl -fsS -H 'Content-Type: application/json' -d "$credentials" "$EDGE/auth/login") || die "login failed"
TOKEN=$(jq -r .access_token <<<"$login")
USER_ID=$(jq -r .user.id <<<"$login")
now_us() { echo $(( $(date +%s%N) / 1000 )); }
LATENCY_LIMIT_S=30

# latency SAMPLES OUT: one line per sample, microseconds from the create's 2xx to its notification in the feed
latency() {
  local id done_at seen polls=0 started
  started=$(now_us)
  for _ in $(seq 1 "$1"); do
    id=$(curl -fsS -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
      -d '{"title":"latency probe"}' "$EDGE/tasks" | jq -r .id) || die "create failed"
    done_at=$(now_us)
    while :; do
      polls=$((polls + 1))
      seen=$(curl -fsS -H "Authorization: Bearer $TOKEN" "$EDGE/notifications?limit=5" \
        | jq --argjson id "$id" 'any(.[]; .task_id == $id and .type == "task.created")') || seen=false
      [ "$seen" = true ] && break
      [ $(( $(now_us) - done_at )) -lt $((LATENCY_LIMIT_S * 1000000)) ] \
        || die "task $id: no notification within $LATENCY_LIMIT_S s"
    done
    echo $(( $(now_us) - done_at )) >>"$2"
  done
  echo "$(( ($(now_us) - started) / polls ))" >"$2.poll"
}

percentiles() { sort -n "$1" | awk '{ a[NR] = $1 } END { printf "%d %d %d\n", a[int((NR + 1) / 2)],
  a[int(NR * 0.99 + 0.999)], a[NR] }'; }

report_latency() { # label file
  read -r p50 p99 max <<<"$(percentiles "$2")"
  printf '  %-34s p50 %7.1f ms   p99 %7.1f ms   max %7.1f ms   (one poll ~%.1f ms)\n' "$1" \
    "$(awk -v v="$p50" 'BEGIN{print v/1000}')" "$(awk -v v="$p99" 'BEGIN{print v/1000}')" \
    "$(awk -v v="$max" 'BEGIN{print v/1000}')" "$(awk -v v="$(cat "$2.poll")" 'BEGIN{print v/1000}')"
}

creates() { wrk -t1 -c"$CONNECTIONS" -d"$1s" -s "$LUA/create.lua" \
  -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $USER_ID" "$CORE/tasks" | grep '^RESULT'; }
field() { sed -E "s/.*[ ]$1=([0-9]+).*/\\1/" <<<"$2"; }

echo "notification-bench: $(nproc) cores; $SAMPLES latency samples; $ROUNDS rounds of ${SECONDS_PER_ROUND}s" \
  "per notifier state, $CONNECTIONS connections"
creates "$WARMUP" >/dev/null
# the warm-up's creates are in the outbox, and one user's events leave it one at a time, in order (about 100/s
# here, slower than wrk writes them): the first probe waits until the relay has published them all
LATENCY_LIMIT_S=600 latency 1 "$WORK/warmup"
latency 5 "$WORK/warmup"

# --- 1. latency, idle and under load -------------------------------------------------------------------------
latency "$SAMPLES" "$WORK/idle"
report_latency "idle" "$WORK/idle"
wrk -t1 -c"$CONNECTIONS" -d"600s" -s "$LUA/report.lua" -H "Authorization: Bearer $TOKEN" "$EDGE/tasks" \
  >/dev/null 2>&1 &
load_pid=$!
sleep 2
latency "$SAMPLES" "$WORK/loaded"
kill "$load_pid" 2>/dev/null || true
wait "$load_pid" 2>/dev/null || true
report_latency "while GET /tasks runs ($CONNECTIONS conn.)" "$WORK/loaded"

# --- 2. POST /tasks with the notifier up and down ------------------------------------------------------------
: >"$WORK/rounds"
for round in $(seq 1 "$ROUNDS"); do
  for state in up down; do
    if [ "$state" = down ]; then
      "$ROOT/scripts/stack.sh" stop notifier >/dev/null; NOTIFIER_STOPPED=yes
    else
      "$ROOT/scripts/stack.sh" start notifier >/dev/null; NOTIFIER_STOPPED=""
      # the previous "down" round's backlog (thousands of events) drains first: an "up" round measures the relay
      # keeping up with new writes, not catching up with old ones
      LATENCY_LIMIT_S=600 latency 1 "$WORK/drain"
    fi
    line=$(creates "$SECONDS_PER_ROUND")
    if [ "$(field socket_errors "$line")" != 0 ] || [ "$(field non2xx "$line")" != 0 ]; then
      die "round $round, notifier $state: errors: $line"
    fi
    echo "$state $(field requests "$line") $(field duration_us "$line") $(field p99_us "$line")" >>"$WORK/rounds"
    printf 'round %d, notifier %-4s: %6.0f req/s  p99 %6d us\n' "$round" "$state" \
      "$(awk -v r="$(field requests "$line")" -v t="$(field duration_us "$line")" 'BEGIN{print r*1e6/t}')" \
      "$(field p99_us "$line")"
  done
done
"$ROOT/scripts/stack.sh" start notifier >/dev/null; NOTIFIER_STOPPED=""

echo
echo "change (2xx) -> notification readable via the notifier (GET /notifications), $SAMPLES samples:"
report_latency "idle" "$WORK/idle"
report_latency "while GET /tasks runs ($CONNECTIONS conn.)" "$WORK/loaded"
echo "POST /tasks straight to todo-core, $CONNECTIONS connections, $ROUNDS rounds each:"
awk '{ req[$1] += $2; us[$1] += $3; if ($4 > p99[$1]) p99[$1] = $4 }
  END { for (s in req) printf "  notifier %-4s %7.0f req/s   worst round p99 %6d us\n", s, req[s] * 1e6 / us[s], p99[s] }' \
  "$WORK/rounds" | sort
