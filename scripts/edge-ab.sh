#!/usr/bin/env bash
# Compares edge builds on the same work, interleaved: each jar runs on its own port against the anchors' stub
# upstream and Redis (../shared/anchors, see its README), with the same token, and the anchors' bench.sh sends
# `GET /tasks` to all of them in rotated rounds, printing requests per second, p50, p99 and each process's CPU µs per
# request, then each edge's peak RSS. Use it to measure a change of the edge against the jar before it (the budget
# of the observability issue was measured this way): compare only within one run.
#
# Usage: scripts/edge-ab.sh NAME=JAR[:JAVA OPTIONS] ...
#   e.g. scripts/edge-ab.sh before=/tmp/edge-before.jar after=edge/target/edge.jar
#        scripts/edge-ab.sh plain=edge/target/edge.jar "aot=/tmp/aot/edge.jar:-XX:AOTCache=/tmp/aot/app.aot"
# Env: EDGE_BASE_OPTS (default -Xms128m -Xmx512m, as the anchors run the edge; "@edge/jvm.options" for the
#      launcher's), ROUNDS (5), WARMUP (30s), DURATION, CONNS (bench.sh's), ANCHORS (../shared/anchors),
#      EDGE_AB_PORT (18100: the edges listen on the ports after it, their management ports 100 higher).
# Needs what the anchors need (wrk, nginx, redis-server, bc) and a migrated scratch database (done here, anchors_edge).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
use_jdk25
ANCHORS=${ANCHORS:-$ROOT/../shared/anchors}
ROUNDS=${ROUNDS:-5}
WARMUP=${WARMUP:-30s}
base_port=${EDGE_AB_PORT:-18100}
read -r -a base_opts <<<"${EDGE_BASE_OPTS:--Xms128m -Xmx512m}"
[ $# -ge 1 ] || { sed -n '2,15p' "$0"; exit 2; }
[ -d "$ANCHORS" ] || { echo "edge-ab: no anchors at $ANCHORS (ANCHORS=...)" >&2; exit 2; }
upstream_port=${ANCHORS_UPSTREAM_PORT:-18081}
redis_port=${ANCHORS_REDIS_PORT:-6390}
export JWT_SECRET=${JWT_SECRET:-anchors-bench-secret-0123456789abcdef}

pids=()
work=$(mktemp -d /tmp/edge-ab.XXXXXX)
trap '[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null; "$ANCHORS/down.sh" >/dev/null 2>&1 || true' EXIT

ONLY="redis upstream" "$ANCHORS/up.sh" >"$work/anchors.log" 2>&1 || { cat "$work/anchors.log"; exit 1; }
mysql -uroot -e "CREATE DATABASE IF NOT EXISTS anchors_edge"
MYSQL_HOST=127.0.0.1 MYSQL_DATABASE=anchors_edge MYSQL_USER=root MYSQL_PASSWORD='' \
  "$JAVA" -jar "$ROOT/migrations-job/target/migrations-job.jar" >"$work/migrations.log" 2>&1 \
  || { echo "edge-ab: migrations-job failed: $work/migrations.log" >&2; exit 1; }

targets=()
pid_files=""
port=$base_port
for spec in "$@"; do
  name=${spec%%=*}
  rest=${spec#*=}
  jar=${rest%%:*}
  extra=()
  [[ "$rest" == *:* ]] && read -r -a extra <<<"${rest#*:}"
  port=$((port + 1))
  GATEWAY_PORT=$port MANAGEMENT_PORT=$((port + 100)) TASK_SERVICE_URL=http://127.0.0.1:$upstream_port \
    REDIS_ADDR=127.0.0.1:$redis_port INTERNAL_TOKEN=anchors-internal-token-0123456789 \
    AUTH_RATE_LIMIT_PER_MINUTE=1000000 MYSQL_HOST=127.0.0.1 MYSQL_DATABASE=anchors_edge MYSQL_USER=root \
    MYSQL_PASSWORD='' "$JAVA" "${base_opts[@]}" "${extra[@]}" --enable-native-access=ALL-UNNAMED -jar "$jar" \
    >"$work/$name.log" 2>&1 &
  pids+=("$!")
  echo "$!" >"$work/$name.pid"
  targets+=("$name=http://127.0.0.1:$port/tasks")
  pid_files="$pid_files $name=$work/$name.pid"
done
# minted once the edges are launching: an edge meeting a Redis with no revocation epoch begins one at its launch
# (less 2 s) and refuses a token issued before it
token=$("$ANCHORS/mint-jwt.py" "$JWT_SECRET" --sub 1 --ttl 7200)
for target in "${targets[@]}"; do
  url=${target#*=}
  for _ in $(seq 1 240); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$url")" = 200 ] && continue 2
    sleep 0.5
  done
  echo "edge-ab: ${target%%=*} never answered 200 (log: $work/${target%%=*}.log)" >&2
  exit 1
done

status=0
TOKEN=$token PIDS="$pid_files" WARMUP=$WARMUP ROUNDS=$ROUNDS "$ANCHORS/bench.sh" "${targets[@]}" || status=$?
for spec in "$@"; do
  name=${spec%%=*}
  echo "$name: peak RSS $(awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$(cat "$work/$name.pid")/status")"
done
exit "$status"
