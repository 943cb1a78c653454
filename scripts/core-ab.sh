#!/usr/bin/env bash
# Compares todo-core builds on the same work, interleaved, as scripts/edge-ab.sh does for the edge: each jar runs on
# its own port against one scratch database holding one user with TASKS tasks, and wrk sends that user's
# `GET /tasks` straight to each (the edge's headers, CONNS connections) in rotated rounds after a warm-up. Prints,
# per jar and round, requests per second, p99, todo-core's CPU µs per request and the database server's, then the
# medians and each jar's peak RSS. Compare only within one run.
#
# Usage: scripts/core-ab.sh NAME=JAR[:JAVA OPTIONS] ...
#   e.g. scripts/core-ab.sh before=/tmp/todo-core-before.jar "after=todo-core/target/todo-core.jar"
# Env: ROUNDS (6), SECONDS_PER_ROUND (10), WARMUP (s per jar and pass, 90), WARMUP_PASSES (3: a JIT that shares two
#      cores with the load needs minutes), CONNS (16, as scripts/bench.sh), TASKS (20), CORE_AB_PORT (18300: the
#      jars listen on the ports after it, their management ports 50 higher), CORE_AB_DATABASE (core_ab).
# Needs wrk, bc, a local MySQL/MariaDB (root, empty password unless MYSQL_ADMIN_PASSWORD) and a built migrations-job.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
use_jdk25
ROUNDS=${ROUNDS:-6}
SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-10}
WARMUP=${WARMUP:-90}
WARMUP_PASSES=${WARMUP_PASSES:-3}
CONNS=${CONNS:-16}
TASKS=${TASKS:-20}
base_port=${CORE_AB_PORT:-18300}
DATABASE=${CORE_AB_DATABASE:-core_ab}
INTERNAL_TOKEN="core-ab-internal-token-0123456789"
MYSQL=(mariadb --protocol=TCP -h 127.0.0.1 -u "${MYSQL_ADMIN_USER:-root}")
[ -n "${MYSQL_ADMIN_PASSWORD:-}" ] && MYSQL+=(-p"$MYSQL_ADMIN_PASSWORD")
[ $# -ge 1 ] || { sed -n '2,14p' "$0"; exit 2; }
command -v wrk >/dev/null || { echo "core-ab: wrk is missing (apt-get install wrk)" >&2; exit 2; }

pids=()
work=$(mktemp -d /tmp/core-ab.XXXXXX)
trap '[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true' EXIT

"${MYSQL[@]}" -e "DROP DATABASE IF EXISTS $DATABASE; CREATE DATABASE $DATABASE"
MYSQL_HOST=127.0.0.1 MYSQL_DATABASE=$DATABASE MYSQL_USER=${MYSQL_ADMIN_USER:-root} \
  MYSQL_PASSWORD=${MYSQL_ADMIN_PASSWORD:-} "$JAVA" -jar "$ROOT/migrations-job/target/migrations-job.jar" \
  >"$work/migrations.log" 2>&1 || { echo "core-ab: migrations-job failed: $work/migrations.log" >&2; exit 1; }
user=$("${MYSQL[@]}" -N "$DATABASE" -e "INSERT INTO users (email, password_hash, created_at)
  VALUES ('core-ab@example.com', 'x', UTC_TIMESTAMP()); SELECT LAST_INSERT_ID();")
for i in $(seq 1 "$TASKS"); do
  echo "INSERT INTO tasks (user_id, title, completed, created_at, updated_at)
    VALUES ($user, 'Task number $i', $((i % 2)), UTC_TIMESTAMP(), UTC_TIMESTAMP());"
done | "${MYSQL[@]}" "$DATABASE"

names=()
port=$base_port
for spec in "$@"; do
  name=${spec%%=*}
  rest=${spec#*=}
  jar=${rest%%:*}
  extra=()
  [[ "$rest" == *:* ]] && read -r -a extra <<<"${rest#*:}"
  port=$((port + 1))
  TASK_SERVICE_PORT=$port MANAGEMENT_PORT=$((port + 50)) MYSQL_HOST=127.0.0.1 MYSQL_DATABASE=$DATABASE \
    MYSQL_USER=${MYSQL_ADMIN_USER:-root} MYSQL_PASSWORD=${MYSQL_ADMIN_PASSWORD:-} INTERNAL_TOKEN=$INTERNAL_TOKEN \
    OUTBOX_RELAY_ENABLED=false "$JAVA" @todo-core/jvm.options "${extra[@]}" -jar "$jar" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$work/$name.pid"
  echo "$port" >"$work/$name.port"
  names+=("$name")
done

url() { echo "http://127.0.0.1:$(cat "$work/$1.port")/tasks"; }
for name in "${names[@]}"; do
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $user" \
      "$(url "$name")")" = 200 ] && continue 2
    sleep 0.5
  done
  echo "core-ab: $name never answered 200 (log: $work/$name.log)" >&2
  exit 1
done

cpu_ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
db_pid=$(pgrep -o -x mariadbd || pgrep -o -x mysqld)
# one wrk run against NAME for SECONDS; prints "rps p99_us core_us_per_request db_us_per_request"
measure() {
  local name=$1 secs=$2 pid core0 db0 out requests
  pid=$(cat "$work/$name.pid")
  core0=$(cpu_ticks "$pid"); db0=$(cpu_ticks "$db_pid")
  out=$(wrk -t2 -c"$CONNS" -d"${secs}s" --latency -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $user" \
    "$(url "$name")")
  requests=$(awk '/requests in/ { print $1 }' <<<"$out")
  grep -q 'Non-2xx\|Socket errors' <<<"$out" && { echo "core-ab: $name answered errors: $out" >&2; exit 1; }
  awk -v r="$requests" -v s="$secs" -v c="$(( $(cpu_ticks "$pid") - core0 ))" \
    -v d="$(( $(cpu_ticks "$db_pid") - db0 ))" -v tck="$(getconf CLK_TCK)" -v p99="$(awk '/ 99%/ { print $2 }' <<<"$out")" '
    function us(v) { return v ~ /ms$/ ? v * 1000 : v ~ /us$/ ? v + 0 : v * 1000000 }
    BEGIN { printf "%d %d %.0f %.0f\n", r / s, us(p99), c * 1e6 / tck / r, d * 1e6 / tck / r }'
}

for _ in $(seq 1 "$WARMUP_PASSES"); do
  for name in "${names[@]}"; do measure "$name" "$WARMUP" >/dev/null; done
done
printf '%-12s %6s %8s %10s %8s\n' target req/s p99_us core_us/req db_us/req
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    name=${names[$(( (i + round) % ${#names[@]} ))]}
    read -r rps p99 core db < <(measure "$name" "$SECONDS_PER_ROUND")
    printf '%-12s %6d %8d %10d %8d\n' "$name" "$rps" "$p99" "$core" "$db" | tee -a "$work/rounds"
    sleep 1
  done
done
echo "median of $ROUNDS rounds, $CONNS connections, GET /tasks of $TASKS tasks:"
for name in "${names[@]}"; do
  awk -v n="$name" '$1 == n { r[++k] = $2; p[k] = $3; c[k] = $4; d[k] = $5 }
    function med(a, k,   i, j, t) { for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return k % 2 ? a[(k + 1) / 2] : (a[k / 2] + a[k / 2 + 1]) / 2 }
    END { printf "%-12s %6d %8d %10d %8d", n, med(r, k), med(p, k), med(c, k), med(d, k) }' "$work/rounds"
  echo "   peak RSS $(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$(cat "$work/$name.pid")/status")"
done
