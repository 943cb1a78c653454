#!/usr/bin/env bash
# Start-up times of the services against the running stack (scripts/stack.sh up), with and without their JDK AOT
# cache (STACK_AOT=on|off, scripts/aot-cache.sh), rounds interleaved: for each of notifier, todo-core and edge, the
# wall time of `scripts/stack.sh start` after a stop (from the JVM's launch until its readiness probe answers, polled
# every 0.2 s), and for migrations-job the time of a whole run with nothing to migrate (`scripts/stack.sh migrate`).
# Each service is started alone, the others running, as a restart in production would be.
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

# train what is missing (not timed): one start of each with the cache
STACK_AOT=on "$STACK" migrate >/dev/null
for service in notifier todo-core edge; do "$STACK" stop "$service" >/dev/null; STACK_AOT=on "$STACK" start "$service" >/dev/null; done

if [ "$GATEWAY" = 1 ]; then
  # up.sh builds the Gateway peer once (into the anchors' build directory); scg-startup.sh times it stopped
  ONLY="redis upstream scg" "$ANCHORS/up.sh" >"$WORK/anchors.log" 2>&1 || { cat "$WORK/anchors.log" >&2; exit 1; }
  ONLY=scg "$ANCHORS/down.sh" >/dev/null
fi

echo "startup-bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds, AOT cache off and on interleaved"
for round in $(seq 1 "$ROUNDS"); do
  for aot in off on; do
    timed "migrations-job $aot" env STACK_AOT=$aot "$STACK" migrate
    for service in notifier todo-core edge; do
      "$STACK" stop "$service" >/dev/null
      timed "$service $aot" env STACK_AOT=$aot "$STACK" start "$service"
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
echo "start -> ready, median of $ROUNDS (min - max), ms:"
printf '  %-22s %22s %22s%s\n' module "without AOT cache" "with AOT cache" "$([ "$GATEWAY" = 1 ] && echo "   with cache / Gateway")"
for module in migrations-job notifier todo-core edge; do
  ratio=""
  [ "$GATEWAY" != 1 ] || ratio=$(awk -v a="$(median "$module on")" -v b="$(median "gateway on")" 'BEGIN { printf "   %.2f", a / b }')
  printf '  %-22s %22s %22s%s\n' "$module" "$(spread "$module off")" "$(spread "$module on")" "$ratio"
done
[ "$GATEWAY" != 1 ] || printf '  %-22s %22s %22s\n' "Spring Cloud Gateway" "$(spread "gateway on")" ""
echo "(the whole wall time of scripts/stack.sh start, including the shell's own work and the 0.2 s readiness poll;"
echo " the Gateway's until its first proxied 200, polled every 0.05 s)"
