#!/usr/bin/env bash
# Builds a service's JDK 25 AOT cache (JEP 483/514: its classes loaded and linked ahead of time, with method
# profiles), as Spring Boot documents it: the jar extracted (NAME.jar beside lib/), then a training run that starts
# the application context and exits once it is refreshed (spring.context.exit=onRefresh), writing app.aot beside
# the jar. The service then starts with: java @jvm.options -XX:AOTCache=DIR/app.aot -jar DIR/NAME.jar
# The cache holds only for the same JDK, the same jars at the same paths and compatible JVM options, so the image
# trains in its own layout (docker/Dockerfile) and scripts/stack.sh in $STACK_AOT_DIR/MODULE/ (STACK_AOT=on).
#
# Usage: scripts/aot-cache.sh extract JAR DIR           the jar's extracted layout in DIR (DIR/NAME.jar, DIR/lib/)
#        scripts/aot-cache.sh train APP_JAR JVM_OPTIONS  the training run; writes app.aot beside APP_JAR
#        scripts/aot-cache.sh MODULE DIR                 both, for MODULE/target/MODULE.jar and MODULE/jvm.options
#
# The training run contacts nothing: placeholder secrets pass the settings' checks, its ports are ephemeral, the
# relay and the cleanup are off, and it exits before any connection matters. The archive is written from a buffer
# bounded by the run's metaspace limit, which the edge's classes outgrow: training has a larger one (the limit need
# not match the service's; archived classes are mapped beside the metaspace, not counted in it).
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

train() { # app jar, jvm options file
  local dir log placeholder=aot-training-placeholder-not-a-secret-0123456789
  dir=$(dirname "$1")
  log="$dir/training.log"
  rm -f "$dir/app.aot"
  # the exit code is the application's (migrations-job reports an abandoned run as a configuration failure): what
  # counts is that the context refreshed and the cache was written
  env JWT_SECRET=$placeholder INTERNAL_TOKEN=$placeholder MYSQL_USER=aot-training MYSQL_PASSWORD=$placeholder \
    OUTBOX_RELAY_ENABLED=false OUTBOX_CLEANUP_ENABLED=false \
    "$JAVA" "@$2" -XX:MaxMetaspaceSize=256m -XX:AOTCacheOutput="$dir/app.aot" -Dspring.context.exit=onRefresh \
      -Dserver.port=0 -Dmanagement.server.port=0 -Dspring.grpc.server.port=0 -jar "$1" >"$log" 2>&1 || true
  if [ ! -s "$dir/app.aot" ] || grep -q 'Application run failed' "$log"; then
    tail -n 30 "$log" >&2
    echo "aot-cache: the training run of $1 failed (log: $log)" >&2
    exit 1
  fi
  echo "aot-cache: $dir/app.aot ($(( $(stat -c %s "$dir/app.aot") / 1048576 )) MiB)"
}

case "${1:-}" in
  extract) [ $# -eq 3 ] || usage; extract "$2" "$3" ;;
  train) [ $# -eq 3 ] || usage; train "$2" "$3" ;;
  ''|-*) usage ;;
  *) [ $# -eq 2 ] || usage
     extract "$ROOT/$1/target/$1.jar" "$2"
     train "$2/$1.jar" "$ROOT/$1/jvm.options" ;;
esac
