#!/usr/bin/env bash
# Builds a service's JDK 25 AOT cache (JEP 483/514: its classes loaded and linked ahead of time, with method
# profiles), as Spring Boot documents it: the jar extracted (NAME.jar beside lib/), then a training run, writing
# app.aot beside the jar. The service then starts with: java @jvm.options -XX:AOTCache=DIR/app.aot -jar DIR/NAME.jar
# The cache holds only for the same JDK, the same jars at the same paths and compatible JVM options, so the image
# trains in its own layout (docker/Dockerfile) and scripts/stack.sh in $STACK_AOT_DIR/MODULE/ (STACK_AOT=on).
#
# Usage: scripts/aot-cache.sh extract JAR DIR                  the jar's extracted layout in DIR (DIR/NAME.jar, lib/)
#        scripts/aot-cache.sh train APP_JAR JVM_OPTIONS [MODULE] the training run; writes app.aot beside APP_JAR
#        scripts/aot-cache.sh MODULE DIR                        both, for MODULE/target/MODULE.jar and MODULE/jvm.options
#
# Two kinds of training run, chosen per module (training_of, below; measured with interleaved starts):
#   refresh  the context starts and the JVM exits once it is refreshed (spring.context.exit=onRefresh), before its
#            lifecycle starts: the default, the edge's (a served training started it slower in most runs) and the
#            notifier's (a served one made no difference in two runs of 6 starts each)
#   served   the whole application starts (web and management servers too), answers a readiness and a liveness
#            probe and one unauthenticated GET /tasks, then stops on SIGTERM: those first requests' classes come from
#            the cache as well (todo-core: its readiness 7-11 % sooner in three runs, its first request 0.25-0.3 s
#            instead of 0.5-0.6). Probed over bash's /dev/tcp, as the images' health checks are (no curl needed).
# Either contacts nothing: placeholder secrets pass the settings' checks, MySQL, Redis and the notifier are refused
# on port 1, the relay and the cleanup are off. The ports are given through the services' own variables (GATEWAY_PORT,
# TASK_SERVICE_PORT, MANAGEMENT_PORT), so that each trains with the servers it runs: the edge and todo-core an
# application and a management server, the notifier one HTTP server (MANAGEMENT_PORT) beside gRPC. The archive is
# written from a buffer bounded by the run's metaspace limit, which the edge's classes outgrow: training has a larger
# one (the limit need not match the service's; archived classes are mapped beside the metaspace, not counted in it).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
usage() { sed -n '/^# Usage:/,/^#$/p' "$0" >&2; exit 2; }

extract() { # jar dir
  [ -f "$1" ] || { echo "aot-cache: no $1 (build it first)" >&2; exit 1; }
  mkdir -p "$2"
  rm -rf "${2:?}/lib" "${2:?}/app.aot"
  "$JAVA" -Djarmode=tools -jar "$1" extract --destination "$2" --force >/dev/null
}

training_of() { # module -> refresh | served
  case "$1" in
    todo-core) echo served ;;
    *) echo refresh ;;
  esac
}

# an unused local TCP port (nothing answers on it)
free_port() {
  local port
  while :; do
    port=$(( 20000 + RANDOM % 20000 ))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

# GET a path on a local port; prints the status code (nothing when no server answers)
http_status() { # port, path
  (
    exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 0
    printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$2" >&3
    timeout 10 head -n 1 <&3 | cut -d' ' -f2
  ) 2>/dev/null
}

# the served training: wait (at most TRAINING_TIMEOUT seconds) until the management server answers, probe, stop
serve_and_stop() { # pid, application port, management port
  local waited=0
  until [ -n "$(http_status "$3" /actuator/health/liveness)" ]; do
    kill -0 "$1" 2>/dev/null || return 0
    [ "$waited" -lt "${TRAINING_TIMEOUT:-180}" ] || { echo "aot-cache: no answer on port $3" >&2; kill "$1"; return 0; }
    sleep 1
    waited=$(( waited + 1 ))
  done
  echo "training requests: readiness $(http_status "$3" /actuator/health/readiness)," \
    "liveness $(http_status "$3" /actuator/health/liveness), GET /tasks $(http_status "$2" /tasks)"
  kill -TERM "$1"
}

train() { # app jar, jvm options file, module (optional)
  local dir log kind pid app_port=0 management_port=0 placeholder=aot-training-placeholder-not-a-secret-0123456789
  dir=$(dirname "$1")
  log="$dir/training.log"
  kind=$(training_of "${3:-}")
  rm -f "$dir/app.aot"
  local run=(-XX:MaxMetaspaceSize=256m -XX:AOTCacheOutput="$dir/app.aot" -Dspring.grpc.server.port=0)
  if [ "$kind" = served ]; then
    app_port=$(free_port)
    until management_port=$(free_port) && [ "$management_port" != "$app_port" ]; do :; done
  else
    run+=(-Dspring.context.exit=onRefresh)
  fi
  # the exit code is the application's (migrations-job reports an abandoned run as a configuration failure; a
  # served training ends on SIGTERM): what counts is that the context refreshed and the cache was written
  env JWT_SECRET=$placeholder INTERNAL_TOKEN=$placeholder MYSQL_USER=aot-training MYSQL_PASSWORD=$placeholder \
    MYSQL_HOST=127.0.0.1 MYSQL_PORT=1 REDIS_ADDR=127.0.0.1:1 NOTIFIER_ADDR=127.0.0.1:1 \
    OUTBOX_RELAY_ENABLED=false OUTBOX_CLEANUP_ENABLED=false \
    GATEWAY_PORT="$app_port" TASK_SERVICE_PORT="$app_port" MANAGEMENT_PORT="$management_port" \
    "$JAVA" "@$2" "${run[@]}" -jar "$1" >"$log" 2>&1 &
  pid=$!
  [ "$kind" = refresh ] || serve_and_stop "$pid" "$app_port" "$management_port"
  wait "$pid" || true
  if [ ! -s "$dir/app.aot" ] || grep -q 'Application run failed' "$log"; then
    tail -n 30 "$log" >&2
    echo "aot-cache: the training run of $1 failed (log: $log)" >&2
    exit 1
  fi
  echo "aot-cache: $dir/app.aot ($(( $(stat -c %s "$dir/app.aot") / 1048576 )) MiB, $kind training)"
}

case "${1:-}" in
  extract) [ $# -eq 3 ] || usage; extract "$2" "$3" ;;
  train) [ $# -eq 3 ] || [ $# -eq 4 ] || usage; train "$2" "$3" "${4:-}" ;;
  ''|-*) usage ;;
  *) [ $# -eq 2 ] || usage
     extract "$ROOT/$1/target/$1.jar" "$2"
     train "$2/$1.jar" "$ROOT/$1/jvm.options" "$1" ;;
esac
