#!/usr/bin/env bash
# Start-up times of the services against the running stack (scripts/stack.sh up), with and without their JDK AOT
# cache (STACK_AOT=on|off, scripts/aot-cache.sh), rounds interleaved. Each service is restarted alone with
# `scripts/stack.sh start`, the others running, as a restart in production would be, and timed as the anchors time
# Spring Cloud Gateway: from the JVM's launch (its process's start, read from /proc, so the stack script's own work
# before it does not count) until it first does its work, polled every 0.05 s:
#   edge, todo-core   the first 200 to an authenticated GET /tasks through the edge (a user registered here), so the
#                     figure includes the first proxied request, as Gateway's does
#   notifier          the first 200 of its readiness probe (it serves gRPC to the edge, no HTTP of its own)
#   migrations-job    a whole `scripts/stack.sh migrate` with nothing to migrate (the script's work included)
# Spring Cloud Gateway's start is timed in the same rounds, as the performance issue's yardstick, when the anchors
# are there (../shared/anchors, ANCHORS=...): their Gateway peer with its JVM defaults, from its launch until it
# answers a proxied GET /tasks with 200 (the anchors' scg-startup.sh, on their own Redis and stub upstream).
# Knobs: STARTUP_BENCH_ROUNDS (3), STARTUP_BENCH_GATEWAY (1; 0 skips the Gateway). The AOT caches are trained first
# if missing (not timed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK=$ROOT/scripts/stack.sh
ROUNDS=${STARTUP_BENCH_ROUNDS:-3}
ANCHORS=${ANCHORS:-$ROOT/../shared/anchors}
GATEWAY=${STARTUP_BENCH_GATEWAY:-1}
PIDS=${STACK_DIR:-$ROOT/.stack}/pids
[ -x "$ANCHORS/scg-startup.sh" ] || GATEWAY=0
WORK=$(mktemp -d)
cleanup() {
  [ "$GATEWAY" != 1 ] || ONLY="redis upstream scg" "$ANCHORS/down.sh" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

ms() { echo $(( $(date +%s%N) / 1000000 )); }
timed() { # label, command...
  local label=$1 started; shift
  started=$(ms)
  "$@" >/dev/null
  echo "$label $(( $(ms) - started ))" >>"$WORK/times"
}

# when a process started, in ms of the epoch: now less its age (/proc/uptime less its start in clock ticks after boot)
launched_ms() { # pid
  local now uptime ticks
  now=$(ms)
  uptime=$(cut -d' ' -f1 /proc/uptime)
  ticks=$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20)
  echo $(( now - (${uptime/./} * 10 - ticks * 1000 / $(getconf CLK_TCK)) ))
}

# the pid the stack launched for a service, once it is not the one it had before
new_pid() { # service, old pid
  local pid file=$PIDS/$1.pid
  for _ in $(seq 1 200); do
    pid=$(cat "$file" 2>/dev/null || true)
    if [ -n "$pid" ] && [ "$pid" != "$2" ] && [ -d "/proc/$pid" ]; then echo "$pid"; return; fi
    sleep 0.05
  done
  echo "startup-bench: $1 was not launched" >&2
  return 1
}

# an access token of the bench's user, through the running edge
token() {
  curl -fsS --max-time 10 -H 'Content-Type: application/json' -d "$CREDENTIALS" \
    "http://127.0.0.1:$GATEWAY_PORT/auth/login" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p'
}

# restarts a service (AOT cache on or off) and records the time from its JVM's launch to its first 200 at url (at
# most START_TIMEOUT seconds, as the anchors wait for Gateway's)
START_TIMEOUT=120
time_start() { # service, on|off, url, curl arguments...
  local service=$1 aot=$2 url=$3 old pid launched starter deadline=$((SECONDS + START_TIMEOUT)); shift 3
  old=$(cat "$PIDS/$service.pid" 2>/dev/null || true)
  "$STACK" stop "$service" >/dev/null
  env STACK_AOT="$aot" "$STACK" start "$service" >"$WORK/start.log" 2>&1 &
  starter=$!
  pid=$(new_pid "$service" "$old")
  launched=$(launched_ms "$pid")
  until [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$@" "$url")" = 200 ]; do
    [ -d "/proc/$pid" ] || { cat "$WORK/start.log" >&2; echo "startup-bench: $service exited" >&2; exit 1; }
    [ $SECONDS -lt "$deadline" ] || { echo "startup-bench: no 200 from $url within ${START_TIMEOUT} s" >&2; exit 1; }
    sleep 0.05
  done
  echo "$service $aot $(( $(ms) - launched ))" >>"$WORK/times"
  wait "$starter" || { cat "$WORK/start.log" >&2; exit 1; }
}

# train what is missing (not timed): one start of each with the cache
STACK_AOT=on "$STACK" migrate >/dev/null
for service in notifier todo-core edge; do "$STACK" stop "$service" >/dev/null; STACK_AOT=on "$STACK" start "$service" >/dev/null; done

if [ "$GATEWAY" = 1 ]; then
  # up.sh builds the Gateway peer once (into the anchors' build directory); scg-startup.sh times it stopped
  ONLY="redis upstream scg" "$ANCHORS/up.sh" >"$WORK/anchors.log" 2>&1 || { cat "$WORK/anchors.log" >&2; exit 1; }
  ONLY=scg "$ANCHORS/down.sh" >/dev/null
fi

GATEWAY_PORT=${GATEWAY_PORT:-8080}
NOTIFIER_MANAGEMENT_PORT=${NOTIFIER_MANAGEMENT_PORT:-8182}
CREDENTIALS="{\"email\":\"startup-bench-$(date +%s%N)@example.com\",\"password\":\"startup-bench-password\"}"
curl -fsS -o /dev/null --max-time 10 -H 'Content-Type: application/json' -d "$CREDENTIALS" \
  "http://127.0.0.1:$GATEWAY_PORT/auth/register"

echo "startup-bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds, AOT cache off and on interleaved"
for round in $(seq 1 "$ROUNDS"); do
  for aot in off on; do
    timed "migrations-job $aot" env STACK_AOT=$aot "$STACK" migrate
    time_start notifier "$aot" "http://127.0.0.1:$NOTIFIER_MANAGEMENT_PORT/actuator/health/readiness"
    bearer="Authorization: Bearer $(token)"
    for service in todo-core edge; do
      time_start "$service" "$aot" "http://127.0.0.1:$GATEWAY_PORT/tasks" -H "$bearer"
    done
  done
  if [ "$GATEWAY" = 1 ]; then
    gateway_ms=$(STARTS=1 "$ANCHORS/scg-startup.sh" | sed -n 's/^start 1: first 200 after \([0-9]*\) ms.*/\1/p')
    [ -n "$gateway_ms" ] || { echo "startup-bench: the Gateway peer did not start" >&2; exit 1; }
    echo "gateway on $gateway_ms" >>"$WORK/times"
  fi
  echo "round $round done"
done

times_of() { awk -v k="$1" '$1" "$2 == k { print $3 }' "$WORK/times" | sort -n; } # label: its times, sorted
median() { times_of "$1" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
spread() { times_of "$1" | awk '{ a[NR] = $1 } END { printf "%d (%d - %d)", a[int((NR + 1) / 2)], a[1], a[NR] }'; }

echo
echo "launch -> first 200, median of $ROUNDS (min - max), ms:"
printf '  %-22s %22s %22s%s\n' module "without AOT cache" "with AOT cache" "$([ "$GATEWAY" = 1 ] && echo "   with cache / Gateway")"
for module in migrations-job notifier todo-core edge; do
  ratio=""
  [ "$GATEWAY" != 1 ] || ratio=$(awk -v a="$(median "$module on")" -v b="$(median "gateway on")" 'BEGIN { printf "   %.2f", a / b }')
  printf '  %-22s %22s %22s%s\n' "$module" "$(spread "$module off")" "$(spread "$module on")" "$ratio"
done
[ "$GATEWAY" != 1 ] || printf '  %-22s %22s %22s\n' "Spring Cloud Gateway" "$(spread "gateway on")" ""
echo "(from the JVM's launch, polled every 0.05 s: edge and todo-core until an authenticated GET /tasks through the edge"
echo " answers 200, the notifier until its readiness probe does; migrations-job: the wall time of scripts/stack.sh migrate;"
echo " the Gateway until its first proxied 200)"
