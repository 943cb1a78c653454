#!/usr/bin/env bash
# Start-up times of the services against the running stack (scripts/stack.sh up), with and without their JDK AOT
# cache (STACK_AOT=on|off, scripts/aot-cache.sh), rounds interleaved: for each of notifier, todo-core and edge, the
# wall time of `scripts/stack.sh start` after a stop (from the JVM's launch until its readiness probe answers, polled
# every 0.2 s), and for migrations-job the time of a whole run with nothing to migrate (`scripts/stack.sh migrate`).
# Each service is started alone, the others running, as a restart in production would be.
# Knobs: STARTUP_BENCH_ROUNDS (3). The AOT caches are trained first if missing (not timed).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK=$ROOT/scripts/stack.sh
ROUNDS=${STARTUP_BENCH_ROUNDS:-3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

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

echo "startup-bench: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROUNDS rounds, AOT cache off and on interleaved"
for round in $(seq 1 "$ROUNDS"); do
  for aot in off on; do
    timed "migrations-job $aot" env STACK_AOT=$aot "$STACK" migrate
    for service in notifier todo-core edge; do
      "$STACK" stop "$service" >/dev/null
      timed "$service $aot" env STACK_AOT=$aot "$STACK" start "$service"
    done
  done
  echo "round $round done"
done

echo
echo "start -> ready, median of $ROUNDS (min - max), ms:"
printf '  %-16s %22s %22s\n' module "without AOT cache" "with AOT cache"
for module in migrations-job notifier todo-core edge; do
  row=()
  for aot in off on; do
    row+=("$(awk -v k="$module $aot" '$1" "$2 == k { print $3 }' "$WORK/times" | sort -n \
      | awk '{ a[NR] = $1 } END { printf "%d (%d - %d)", a[int((NR + 1) / 2)], a[1], a[NR] }')")
  done
  printf '  %-16s %22s %22s\n' "$module" "${row[0]}" "${row[1]}"
done
echo "(the whole wall time of scripts/stack.sh start, including the shell's own work and the 0.2 s readiness poll)"
