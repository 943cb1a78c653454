#!/usr/bin/env bash
# Runs the compose pipeline's order with host processes, without Docker:
#   MySQL answers → database and application user exist → migrations-job exits 0 → notifier ready
#   → todo-core ready → edge ready (Redis answers) → nginx serving the frontend.
# With STACK_OBSERVABILITY=1 it also starts a Zipkin server (its exec jar fetched through Maven, before the
# services, which then send their spans there) and Debian's prometheus (after them, scraping their management
# ports with docker/observability/'s configuration); each is skipped with one line when it cannot be had.
# Usage: scripts/stack.sh up|down|status|restart|migrate
#        scripts/stack.sh stop|start edge|todo-core|notifier|nginx|balancer|zipkin|prometheus   (one component of a
#        running stack, e.g. for fault tests; `start` reuses the stack's secrets and settings)
# Stacks running at once on one MySQL server need a MYSQL_USER each: `up` sets that user's password to the one in
# its $STACK_DIR/secrets.env, and warns when it had another one (another stack's, which then loses its logins).
# `up` records the settings set in its environment (see setting_names) in $STACK_DIR/settings.env (mode 600); every
# other sub-command (start, restart, stop, status, migrate, down) takes them from there, so that a component started
# again runs as `up` started it; a variable set in that command's own environment wins over the recorded one.
# STACK_REPLICAS=N (default 1) runs N edges, todo-cores and notifiers, named edge.1 … edge.N and so on, instance i on
# its kind's port + i × REPLICA_PORT_STEP (100), behind one nginx, the balancer, that listens on the single-instance
# ports (GATEWAY_PORT, TASK_SERVICE_PORT, NOTIFIER_GRPC_PORT: see scripts/stack/balancer.conf.template); the GUI's
# nginx balances /api/ over the edges itself. `stop|start edge` then means every edge, `stop|start edge.2` one.
# Everything it starts keeps its pid, log and generated secrets under $STACK_DIR (default .stack/, git-ignored);
# `down` stops exactly what `up` started.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
LOG_DIR=$STACK_DIR/logs
PID_DIR=$STACK_DIR/pids
SECRETS=$STACK_DIR/secrets.env
SETTINGS=$STACK_DIR/settings.env

log() { printf '[stack] %s\n' "$*"; }
die() { printf '[stack] ERROR: %s\n' "$*" >&2; exit 1; }

# The settings a stack runs with: every variable given a default (its :- or - expansion) here, in jdk.sh and in the
# GUI's render-nginx.sh, and every placeholder of the services' configuration (they pass straight through).
setting_names() {
  {
    grep -ohE '\$\{[A-Z][A-Z0-9_]*:?-' "$ROOT/scripts/stack.sh" "$ROOT/scripts/jdk.sh" "$ROOT/frontend/scripts/render-nginx.sh"
    grep -rhoE --include='application*' --include='logging*' '\$\{[A-Z][A-Z0-9_]*' "$ROOT"/*/src/main/resources
  } | grep -oE '[A-Z][A-Z0-9_]*' | sort -u
}

# Those set in this environment, as NAME=value lines, before the defaults below apply: what `up` records.
given_settings() {
  local name
  for name in $(setting_names); do
    [ -n "${!name+set}" ] || continue
    case "${!name}" in *$'\n'*) log "WARNING: $name holds a line break: not recorded in $SETTINGS" >&2; continue ;; esac
    printf '%s=%s\n' "$name" "${!name}"
  done
}

# The settings `up` recorded, each unless this environment sets it (empty included). A stack brought up by an older
# scripts/stack.sh has none: one warning, then the environment's settings and the defaults, as before.
load_settings() {
  local name value
  if [ ! -f "$SETTINGS" ]; then
    [ ! -f "$SECRETS" ] || log "WARNING: no $SETTINGS (brought up by an older scripts/stack.sh?): only this environment's settings and the defaults apply" >&2
    return 0
  fi
  while IFS='=' read -r name value; do
    [ -n "$name" ] || continue
    if [ -z "${!name+set}" ]; then export "$name=$value"; fi
  done <"$SETTINGS"
}

case "${1:-}" in up) ;; *) load_settings ;; esac
GIVEN_SETTINGS=$(given_settings) # after load_settings: `restart` records again what it was given and what it loaded

# --- settings: the contract's names pass straight through to the services -------------------------------------
export MYSQL_HOST=${MYSQL_HOST:-127.0.0.1}
export MYSQL_PORT=${MYSQL_PORT:-3306}
export MYSQL_DATABASE=${MYSQL_DATABASE:-todo_db}
export MYSQL_USER=${MYSQL_USER:-todo}
MYSQL_ADMIN_USER=${MYSQL_ADMIN_USER:-root}          # creates the database and the application user
MYSQL_ADMIN_PASSWORD=${MYSQL_ADMIN_PASSWORD:-}
export REDIS_ADDR=${REDIS_ADDR:-127.0.0.1:6379}
export REDIS_PASSWORD=${REDIS_PASSWORD:-}
export TASK_SERVICE_PORT=${TASK_SERVICE_PORT:-8081}
export GATEWAY_PORT=${GATEWAY_PORT:-8080}
export NOTIFIER_GRPC_PORT=${NOTIFIER_GRPC_PORT:-9090}
NOTIFIER_MANAGEMENT_PORT=${NOTIFIER_MANAGEMENT_PORT:-8182}   # the notifier's health (its MANAGEMENT_PORT)
EDGE_MANAGEMENT_PORT=${EDGE_MANAGEMENT_PORT:-8180}           # the edge's metrics (its MANAGEMENT_PORT)
TODO_CORE_MANAGEMENT_PORT=${TODO_CORE_MANAGEMENT_PORT:-8181} # todo-core's metrics (its MANAGEMENT_PORT)
# JSON logs and every trace recorded, as in compose; spans go to ZIPKIN_ENDPOINT when set (or to the Zipkin
# server started here with STACK_OBSERVABILITY=1)
export LOG_FORMAT=${LOG_FORMAT:-json}
export TRACING_SAMPLING_PROBABILITY=${TRACING_SAMPLING_PROBABILITY:-1.0}
export ZIPKIN_ENDPOINT=${ZIPKIN_ENDPOINT:-}
STACK_OBSERVABILITY=${STACK_OBSERVABILITY:-0}
ZIPKIN_PORT=${ZIPKIN_PORT:-9411}
ZIPKIN_VERSION=${ZIPKIN_VERSION:-3.5.1}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-9092}
export NOTIFIER_ADDR=${NOTIFIER_ADDR:-127.0.0.1:$NOTIFIER_GRPC_PORT}
export TASK_SERVICE_URL=${TASK_SERVICE_URL:-http://127.0.0.1:$TASK_SERVICE_PORT}
export CORS_ALLOWED_ORIGINS=${CORS_ALLOWED_ORIGINS:-http://localhost:3000,http://127.0.0.1:3000}
export AUTH_RATE_LIMIT_PER_MINUTE=${AUTH_RATE_LIMIT_PER_MINUTE:-10}
export API_DOCS_ENABLED=${API_DOCS_ENABLED:-true}      # the API document and Swagger UI; false: 404
# nginx (on loopback) forwards the browser's address; the edge believes it from loopback only
export CLIENT_IP_HEADER=${CLIENT_IP_HEADER-X-Forwarded-For}
export CLIENT_IP_TRUSTED_PROXIES=${CLIENT_IP_TRUSTED_PROXIES:-127.0.0.1/8,::1}
NGINX_PORT=${NGINX_PORT:-3000}
STACK_BUILD=${STACK_BUILD:-auto}                    # auto: build missing jars; always; never
STACK_WAIT_SECONDS=${STACK_WAIT_SECONDS:-90}
STACK_FRESH_LOGS=0                                  # set by up: truncate each log when its component starts
STACK_REPLICAS=${STACK_REPLICAS:-1}
REPLICA_PORT_STEP=${REPLICA_PORT_STEP:-100}
case "$STACK_REPLICAS" in [1-9]) ;; *) printf '[stack] ERROR: STACK_REPLICAS must be 1..9\n' >&2; exit 2 ;; esac
# Each service's JVM options live in <module>/jvm.options (the image uses the same file); JAVA_OPTS is added after
# them, so an option given here wins.
JAVA_OPTS=${JAVA_OPTS:-}
# on: each service starts from a JDK AOT cache (scripts/aot-cache.sh, trained in $STACK_AOT_DIR once per build of
# its jar; about half the start-up time); off: plain `java -jar`
STACK_AOT=${STACK_AOT:-on}
# where the caches are trained, shared by every stack of this checkout (a cache depends on the jar, not the stack)
STACK_AOT_DIR=${STACK_AOT_DIR:-$ROOT/.stack-aot}

# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"

# Secrets that are not set are generated once and kept in $SECRETS (mode 600).
load_secrets() {
  mkdir -p "$STACK_DIR" "$LOG_DIR" "$PID_DIR"
  if [ ! -f "$SECRETS" ]; then
    umask 077
    {
      echo "JWT_SECRET=$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')"
      echo "INTERNAL_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '\n/+=')"
      echo "MYSQL_PASSWORD=$(head -c 18 /dev/urandom | base64 | tr -d '\n/+=')"
    } >"$SECRETS"
    log "generated local secrets in $SECRETS"
  fi
  local name value
  while IFS='=' read -r name value; do
    [ -n "$name" ] || continue
    if [ -z "${!name:-}" ]; then export "$name=$value"; fi
  done <"$SECRETS"
}

# an instance's module: edge.2 → edge
kind() { echo "${1%.*}"; }
jar() { echo "$ROOT/$(kind "$1")/target/$(kind "$1").jar"; }
jvm_options() { echo "@$ROOT/$(kind "$1")/jvm.options"; }

# How an instance's JVM runs its module, in JAR_ARGS: from the module's AOT cache when STACK_AOT=on (trained first
# when the jar is newer than the cache; instances start one after another, so one trains and the others use it),
# else from the jar. A failed training is a warning: the instance starts without a cache.
jar_args() { # instance
  local module dir
  module=$(kind "$1")
  dir="$STACK_AOT_DIR/$module"
  JAR_ARGS=(-jar "$(jar "$module")")
  [ "$STACK_AOT" = on ] || return 0
  if [ ! -s "$dir/app.aot" ] || [ "$(jar "$module")" -nt "$dir/app.aot" ]; then
    log "training the AOT cache of $module (once per build of its jar)"
    if ! "$ROOT/scripts/aot-cache.sh" "$module" "$dir" >"$LOG_DIR/aot-$module.log" 2>&1; then
      log "WARNING: no AOT cache for $module, it starts without one (log: $LOG_DIR/aot-$module.log)"
      return 0
    fi
  fi
  JAR_ARGS=("-XX:AOTCache=$dir/app.aot" -jar "$dir/$module.jar")
}

# The instances of a kind: the kind itself when there is one (today's names), else kind.1 … kind.N.
instances() {
  if [ "$STACK_REPLICAS" -eq 1 ]; then printf '%s ' "$1"; return; fi
  local i
  for i in $(seq 1 "$STACK_REPLICAS"); do printf '%s.%s ' "$1" "$i"; done
}

# An instance's port: the kind's port for a single instance, the port + i × REPLICA_PORT_STEP for instance i.
port_of() { # instance, the kind's port
  case "$1" in
    *.*) echo $(($2 + ${1##*.} * REPLICA_PORT_STEP)) ;;
    *) echo "$2" ;;
  esac
}

build() {
  case "$STACK_BUILD" in
    never) return ;;
    auto) [ -f "$(jar migrations-job)" ] && [ -f "$(jar notifier)" ] && [ -f "$(jar todo-core)" ] \
            && [ -f "$(jar edge)" ] && return ;;
  esac
  log "building the service jars (./mvnw -DskipTests package)"
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package) >"$LOG_DIR/build.log" 2>&1 \
    || { tail -n 30 "$LOG_DIR/build.log" >&2; die "build failed (full log: $LOG_DIR/build.log)"; }
}

mysql_as() { # user, password, client arguments...
  local client user=$1 password=$2
  shift 2
  client=$(command -v mariadb || command -v mysql) || die "no mysql/mariadb client on PATH"
  MYSQL_PWD=$password "$client" --protocol=TCP -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$user" "$@"
}
mysql_admin() { mysql_as "$MYSQL_ADMIN_USER" "$MYSQL_ADMIN_PASSWORD" "$@"; }

# The admin account must be able to log in over TCP with a password (MYSQL_ADMIN_USER/MYSQL_ADMIN_PASSWORD): a stock
# Debian MariaDB's root logs in through the socket only (unix_socket), which this does not use; see the README,
# "Without Docker". A refused login does not get better by waiting: it stops at once, with the client's error.
wait_for_mysql() {
  local deadline=$((SECONDS + STACK_WAIT_SECONDS)) err
  command -v mariadb >/dev/null || command -v mysql >/dev/null || die "no mysql/mariadb client on PATH"
  until err=$(mysql_admin -e 'SELECT 1' 2>&1 >/dev/null); do
    case "$err" in
      *"Access denied"*|*ERROR\ 1045*|*ERROR\ 1698*)
        printf '%s\n' "$err" >&2
        die "MySQL at $MYSQL_HOST:$MYSQL_PORT refuses $MYSQL_ADMIN_USER over TCP: set MYSQL_ADMIN_USER and MYSQL_ADMIN_PASSWORD to an account that may log in with a password from this host (README, \"Without Docker\")" ;;
    esac
    if [ $SECONDS -ge $deadline ]; then
      printf '%s\n' "${err:-(no message)}" >&2
      die "MySQL at $MYSQL_HOST:$MYSQL_PORT does not answer to $MYSQL_ADMIN_USER over TCP after ${STACK_WAIT_SECONDS}s (the client's last error above)"
    fi
    sleep 1
  done
  log "MySQL at $MYSQL_HOST:$MYSQL_PORT answers"
}

# Create the database and the application user if missing; (re)set its password to the current one. A password
# this stack's does not log in with belongs to another stack on the same server (or to this one before its secrets
# were made anew): a stack still running with it loses its database logins, so say so.
prepare_database() {
  local pw=${MYSQL_PASSWORD//\'/\'\'}
  if [ "$(mysql_admin -N -e "SELECT COUNT(*) FROM mysql.user WHERE User = '${MYSQL_USER//\'/\'\'}'")" != 0 ] \
    && ! mysql_as "$MYSQL_USER" "$MYSQL_PASSWORD" -e 'SELECT 1' >/dev/null 2>&1; then
    log "WARNING: MySQL user $MYSQL_USER had another password than $SECRETS's: setting this stack's; another stack still running as $MYSQL_USER loses its database logins (stacks running at once need a MYSQL_USER each)"
  fi
  mysql_admin <<SQL
CREATE DATABASE IF NOT EXISTS \`$MYSQL_DATABASE\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$MYSQL_USER'@'%' IDENTIFIED BY '$pw';
CREATE USER IF NOT EXISTS '$MYSQL_USER'@'localhost' IDENTIFIED BY '$pw';
ALTER USER '$MYSQL_USER'@'%' IDENTIFIED BY '$pw';
ALTER USER '$MYSQL_USER'@'localhost' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON \`$MYSQL_DATABASE\`.* TO '$MYSQL_USER'@'%';
GRANT ALL PRIVILEGES ON \`$MYSQL_DATABASE\`.* TO '$MYSQL_USER'@'localhost';
SQL
  log "database $MYSQL_DATABASE and user $MYSQL_USER ready"
}

wait_for_redis() {
  local host=${REDIS_ADDR%:*} port=${REDIS_ADDR##*:} deadline=$((SECONDS + STACK_WAIT_SECONDS))
  until [ "$(REDISCLI_AUTH=$REDIS_PASSWORD redis-cli -h "$host" -p "$port" ping 2>/dev/null)" = PONG ]; do
    [ $SECONDS -lt $deadline ] || die "Redis at $REDIS_ADDR does not answer"
    sleep 1
  done
  log "Redis at $REDIS_ADDR answers"
}

pid_file() {
  case "$1" in
    nginx|balancer) echo "$STACK_DIR/$1/nginx.pid" ;;
    *) echo "$PID_DIR/$1.pid" ;;
  esac
}

pid_of() {
  local file pid
  file=$(pid_file "$1")
  [ -f "$file" ] || return 1
  pid=$(cat "$file")
  # only a process that is still the one we started (its command line names our marker)
  if [ -r "/proc/$pid/cmdline" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE -- "$(marker "$1")( |\$)"; then
    echo "$pid"
  else
    return 1
  fi
}

marker() {
  case "$1" in
    nginx|balancer) echo "$STACK_DIR/$1/nginx.conf" ;;
    prometheus) echo "$STACK_DIR/prometheus/prometheus.yml" ;;
    *) echo "-Dtodo.stack.component=$1" ;;
  esac
}

# A component's log, opened for a start: `up` starts fresh logs (STACK_FRESH_LOGS=1); `start COMPONENT` appends,
# after a line that marks the restart, so the record of whatever led to it stays.
open_log() { # name → the log's path
  local file=$LOG_DIR/$1.log
  if [ "$STACK_FRESH_LOGS" = 1 ]; then
    : >"$file"
  elif [ -s "$file" ]; then
    printf '\n===== %s: %s started again (scripts/stack.sh start) =====\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$1" >>"$file"
  fi
  echo "$file"
}

start_java() { # name, extra env assignments...
  local name=$1 file; shift
  if pid_of "$name" >/dev/null; then log "$name already running (pid $(pid_of "$name"))"; return; fi
  jar_args "$name"
  file=$(open_log "$name")
  # shellcheck disable=SC2086
  env "$@" nohup "$JAVA" "$(jvm_options "$name")" $JAVA_OPTS "$(marker "$name")" "${JAR_ARGS[@]}" \
    >>"$file" 2>&1 &
  echo $! >"$PID_DIR/$name.pid"
  log "started $name (pid $!, log $LOG_DIR/$name.log)"
}

wait_ready() { # name, url
  local name=$1 url=$2 deadline=$((SECONDS + STACK_WAIT_SECONDS)) pid
  pid=$(cat "$(pid_file "$name")" 2>/dev/null || true)
  until curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    # alive, not "ours by command line": right after the fork the child may not have exec'd java yet
    if [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$LOG_DIR/$name.log" >&2
      die "$name exited before it was ready (log: $LOG_DIR/$name.log)"
    fi
    [ $SECONDS -lt $deadline ] || die "$name not ready at $url after ${STACK_WAIT_SECONDS}s (log: $LOG_DIR/$name.log)"
    sleep 0.2
  done
  log "$name ready ($url)"
}

run_migrations() {
  jar_args migrations-job
  log "running migrations-job"
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  if "$JAVA" "$(jvm_options migrations-job)" $JAVA_OPTS "${JAR_ARGS[@]}" >"$LOG_DIR/migrations-job.log" 2>&1; then
    log "migrations-job exited 0"
  else
    local code=$?
    tail -n 15 "$LOG_DIR/migrations-job.log" >&2
    die "migrations-job exited $code; nothing else was started (log: $LOG_DIR/migrations-job.log)"
  fi
}

start_nginx() {
  if ! command -v nginx >/dev/null || [ ! -x "$ROOT/frontend/scripts/render-nginx.sh" ]; then
    log "nginx or the frontend is not available: skipping the GUI on port $NGINX_PORT (apt-get install nginx-light)"
    return
  fi
  if pid_of nginx >/dev/null; then log "nginx already running"; return; fi
  local upstream="http://127.0.0.1:$GATEWAY_PORT"
  rm -rf "$STACK_DIR/nginx/upstreams"
  mkdir -p "$STACK_DIR/nginx/upstreams"
  if [ "$STACK_REPLICAS" -gt 1 ]; then # the GUI balances /api/ over the edges itself
    printf 'upstream todo_edges {\n%s\n    keepalive 16;\n}\n' "$(servers edge "$GATEWAY_PORT")" \
      >"$STACK_DIR/nginx/upstreams/edges.conf"
    upstream=http://todo_edges
  fi
  EDGE_UPSTREAM=$upstream NGINX_PORT=$NGINX_PORT FRONTEND_ROOT="$ROOT/frontend/src" \
    NGINX_RUNTIME_DIR="$STACK_DIR/nginx" "$ROOT/frontend/scripts/render-nginx.sh" >"$LOG_DIR/nginx-render.log" 2>&1 \
    || { cat "$LOG_DIR/nginx-render.log" >&2; die "nginx configuration invalid"; }
  nginx -c "$STACK_DIR/nginx/nginx.conf" 2>>"$(open_log nginx)" \
    || { tail -n 20 "$LOG_DIR/nginx.log" >&2; die "nginx did not start"; }
  local deadline=$((SECONDS + 10))
  until [ -s "$(pid_file nginx)" ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
  wait_ready nginx "http://127.0.0.1:$NGINX_PORT/healthz"
}

# nginx's server lines for the instances of a kind: an instance that failed (or was silent past the read timeout) is
# skipped for fail_timeout. A notifier only after 3 failures within 5 s, and for 5 s: a healthy one is sometimes
# slower than the balancer's short read timeouts for a call (a cold start under a burst of publishes, a stall of its
# database), and one such call on each took both out, so that every notification call failed for the whole
# fail_timeout (scripts/stack/balancer.conf.template)
servers() { # kind, the kind's port
  local instance fails=1 skip=30s
  if [ "$1" = notifier ]; then fails=3 skip=5s; fi
  for instance in $(instances "$1"); do
    printf '        server 127.0.0.1:%s max_fails=%s fail_timeout=%s;\n' "$(port_of "$instance" "$2")" "$fails" "$skip"
  done
}

start_balancer() {
  [ "$STACK_REPLICAS" -gt 1 ] || return 0
  command -v nginx >/dev/null || die "STACK_REPLICAS=$STACK_REPLICAS needs nginx as the balancer (apt-get install nginx-light)"
  if pid_of balancer >/dev/null; then log "balancer already running"; return; fi
  local dir=$STACK_DIR/balancer
  mkdir -p "$dir/tmp"
  cp "$ROOT/scripts/stack/balancer-errors.conf" "$dir/errors.conf"
  # shellcheck disable=SC2016 # the variable list is literal on purpose
  BALANCER_DIR=$dir EDGE_SERVERS=$(servers edge "$GATEWAY_PORT") TODO_CORE_SERVERS=$(servers todo-core "$TASK_SERVICE_PORT") \
    NOTIFIER_SERVERS=$(servers notifier "$NOTIFIER_GRPC_PORT") \
    envsubst '${BALANCER_DIR} ${EDGE_SERVERS} ${TODO_CORE_SERVERS} ${NOTIFIER_SERVERS} ${GATEWAY_PORT} ${TASK_SERVICE_PORT} ${NOTIFIER_GRPC_PORT}' \
    <"$ROOT/scripts/stack/balancer.conf.template" >"$dir/nginx.conf"
  nginx -t -q -e "$dir/error.log" -c "$dir/nginx.conf" 2>>"$(open_log balancer)" \
    || { tail -n 20 "$LOG_DIR/balancer.log" >&2; die "the balancer's configuration is invalid"; }
  nginx -e "$dir/error.log" -c "$dir/nginx.conf" 2>>"$LOG_DIR/balancer.log" \
    || { tail -n 20 "$LOG_DIR/balancer.log" >&2; die "the balancer did not start"; }
  local deadline=$((SECONDS + 10))
  until [ -s "$(pid_file balancer)" ] || [ $SECONDS -ge $deadline ]; do sleep 0.2; done
  pid_of balancer >/dev/null || die "the balancer did not start (log: $dir/error.log)"
  log "balancer ready: edges on $GATEWAY_PORT, todo-cores on $TASK_SERVICE_PORT, notifiers on $NOTIFIER_GRPC_PORT"
}

# Zipkin from Maven Central's exec jar (./mvnw dependency:copy, into $STACK_DIR/tools), in-memory storage.
start_zipkin() {
  if pid_of zipkin >/dev/null; then log "zipkin already running"; return; fi
  local jar=$STACK_DIR/tools/zipkin-server-$ZIPKIN_VERSION-exec.jar
  if [ ! -f "$jar" ]; then
    (cd "$ROOT" && ./mvnw -B -q dependency:copy "-Dartifact=io.zipkin:zipkin-server:$ZIPKIN_VERSION:jar:exec" \
      "-DoutputDirectory=$STACK_DIR/tools") >"$LOG_DIR/zipkin-fetch.log" 2>&1 \
      || { log "zipkin-server $ZIPKIN_VERSION cannot be fetched through Maven: skipping Zipkin (log: $LOG_DIR/zipkin-fetch.log)"; return; }
  fi
  # Storage, span limit (STORAGE_TYPE, MEM_MAX_SPANS: the exec jar reads them from the environment as the image
  # does) and heap (JAVA_OPTS) from compose's file, docker/observability/zipkin.env: the heap is sized for the limit.
  local name value java_opts=() settings=()
  while IFS='=' read -r name value; do
    case "$name" in
    '' | '#'*) ;;
    JAVA_OPTS) read -r -a java_opts <<<"$value" ;;
    *) settings+=("$name=$value") ;;
    esac
  done <"$ROOT/docker/observability/zipkin.env"
  [ ${#java_opts[@]} -gt 0 ] || die "no JAVA_OPTS in docker/observability/zipkin.env"
  # Zipkin 3 serves through Armeria, which binds what armeria.ports lists (server.address is never read): the list is
  # given whole, since a list set here replaces zipkin-server-shared.yml's rather than merging into it.
  nohup env "${settings[@]}" "$JAVA" "${java_opts[@]}" "$(marker zipkin)" -jar "$jar" "--armeria.ports[0].port=$ZIPKIN_PORT" \
    "--armeria.ports[0].ip=127.0.0.1" "--armeria.ports[0].protocols[0]=http" >>"$(open_log zipkin)" 2>&1 &
  echo $! >"$PID_DIR/zipkin.pid"
  wait_ready zipkin "http://127.0.0.1:$ZIPKIN_PORT/health"
  export ZIPKIN_ENDPOINT="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"
}

# An instance's management port (its MANAGEMENT_PORT: metrics, and the notifier's health): the kind's for a single
# instance; with replicas the notifier's + i × REPLICA_PORT_STEP, and an edge's or todo-core's own port + 50, because
# their management ports lie one step above their ports (8180 = 8080 + 100) and would meet the next instance's.
management_port() { # instance
  case "$1" in
    edge) echo "$EDGE_MANAGEMENT_PORT" ;;
    todo-core) echo "$TODO_CORE_MANAGEMENT_PORT" ;;
    notifier|notifier.*) port_of "$1" "$NOTIFIER_MANAGEMENT_PORT" ;;
    edge.*) echo $(($(port_of "$1" "$GATEWAY_PORT") + 50)) ;;
    todo-core.*) echo $(($(port_of "$1" "$TASK_SERVICE_PORT") + 50)) ;;
  esac
}

# Prometheus's targets for the instances of a kind: "127.0.0.1:8180" alone, or "127.0.0.1:8230", "127.0.0.1:8330", …
scrape_targets() { # kind
  local instance list=""
  for instance in $(instances "$1"); do list+="${list:+, }\"127.0.0.1:$(management_port "$instance")\""; done
  echo "$list"
}

# Debian's prometheus with compose's configuration, each service's DNS discovery there replaced by this stack's
# loopback ports (every instance).
start_prometheus() {
  command -v prometheus >/dev/null || { log "prometheus is not installed: skipping it (apt-get install prometheus)"; return; }
  if pid_of prometheus >/dev/null; then log "prometheus already running"; return; fi
  local dir=$STACK_DIR/prometheus
  mkdir -p "$dir/data"
  sed -e "s/dns_sd_configs:/static_configs:/" \
      -e "s/{names: \[edge\], type: A, port: 8180}/{targets: [$(scrape_targets edge)]}/" \
      -e "s/{names: \[todo-core\], type: A, port: 8181}/{targets: [$(scrape_targets todo-core)]}/" \
      -e "s/{names: \[notifier\], type: A, port: 8182}/{targets: [$(scrape_targets notifier)]}/" \
      -e "s/\"localhost:9090\"/\"127.0.0.1:$PROMETHEUS_PORT\"/" \
      "$ROOT/docker/observability/prometheus.yml" >"$dir/prometheus.yml"
  cp "$ROOT/docker/observability/alerts.yml" "$dir/alerts.yml"
  nohup prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >>"$(open_log prometheus)" 2>&1 &
  echo $! >"$PID_DIR/prometheus.pid"
  wait_ready prometheus "http://127.0.0.1:$PROMETHEUS_PORT/-/ready"
}

stop() { # name
  local name=$1 pid
  if ! pid=$(pid_of "$name"); then return; fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name did not stop within 10s: killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  case "$name" in nginx|balancer) ;; *) rm -f "$(pid_file "$name")" ;; esac
  log "stopped $name"
}

KINDS="notifier todo-core edge"
COMPONENTS="notifier todo-core edge nginx"

# Every process of the stack, in start order: the balancer (with replicas), each kind's instances, the GUI.
processes() {
  local kind
  [ "$STACK_OBSERVABILITY" != 1 ] || printf 'zipkin '
  [ "$STACK_REPLICAS" -eq 1 ] || printf 'balancer '
  for kind in $KINDS; do instances "$kind"; done
  printf 'nginx'
  [ "$STACK_OBSERVABILITY" != 1 ] || printf ' prometheus'
  printf '\n'
}

# Starts one instance (or the balancer, or nginx) without waiting for it. With replicas, each instance has its own
# ports and reaches the other kinds through the balancer (whose ports are the single-instance ones, so
# TASK_SERVICE_URL and NOTIFIER_ADDR stay as they are).
# Only what compose publishes (the edge's port, the GUI's nginx) listens beyond this host: every other port, the
# management ones included (metrics, no authentication), is bound to the loopback address, as compose keeps them
# inside its network.
launch() {
  case "$1" in
    notifier|notifier.*)
      start_java "$1" -u JWT_SECRET "MANAGEMENT_PORT=$(management_port "$1")" \
        "NOTIFIER_GRPC_PORT=$(port_of "$1" "$NOTIFIER_GRPC_PORT")" \
        SERVER_ADDRESS=127.0.0.1 SPRING_GRPC_SERVER_ADDRESS=127.0.0.1 ;;
    todo-core|todo-core.*)
      start_java "$1" -u JWT_SECRET "TASK_SERVICE_PORT=$(port_of "$1" "$TASK_SERVICE_PORT")" \
        "MANAGEMENT_PORT=$(management_port "$1")" SERVER_ADDRESS=127.0.0.1 MANAGEMENT_SERVER_ADDRESS=127.0.0.1 ;;
    edge|edge.*)
      wait_for_redis
      start_java "$1" "GATEWAY_PORT=$(port_of "$1" "$GATEWAY_PORT")" \
        "MANAGEMENT_PORT=$(management_port "$1")" MANAGEMENT_SERVER_ADDRESS=127.0.0.1 ;;
    balancer) start_balancer ;;
    nginx) start_nginx ;;
    zipkin) start_zipkin ;;
    prometheus) start_prometheus ;;
    *) die "unknown component '$1' (one of: $(processes))" ;;
  esac
}

# migrations-job once more against the running stack's database (nothing to do when the schema is current)
migrate() {
  use_jdk25
  [ -f "$SECRETS" ] || die "no running stack's secrets in $SECRETS: run '$0 up' first"
  load_secrets
  run_migrations
}

# Waits until an instance launched is ready (the balancer and nginx are ready when launch returns).
await_ready() {
  local port
  case "$1" in
    notifier|notifier.*) port=$(management_port "$1") ;;
    todo-core|todo-core.*) port=$(port_of "$1" "$TASK_SERVICE_PORT") ;;
    edge|edge.*) port=$(port_of "$1" "$GATEWAY_PORT") ;;
    *) return 0 ;;
  esac
  wait_ready "$1" "http://127.0.0.1:$port/actuator/health/readiness"
}

# Starts one instance or component and waits until it is ready (the pipeline's order is up()'s business).
start_component() {
  launch "$1"
  await_ready "$1"
}

up() {
  STACK_FRESH_LOGS=1 # every component's log starts empty (start COMPONENT appends)
  use_jdk25
  load_secrets
  (umask 077 && printf '%s' "${GIVEN_SETTINGS:+$GIVEN_SETTINGS$'\n'}" >"$SETTINGS")
  log "recorded the settings given in $SETTINGS"
  build
  wait_for_mysql
  prepare_database
  run_migrations
  # the pipeline's order between kinds; the instances of one kind start side by side
  local kind name
  if [ "$STACK_OBSERVABILITY" = 1 ]; then start_zipkin; fi
  start_balancer
  for kind in $KINDS; do
    for name in $(instances "$kind"); do launch "$name"; done
    for name in $(instances "$kind"); do await_ready "$name"; done
  done
  start_nginx
  if [ "$STACK_OBSERVABILITY" = 1 ]; then start_prometheus; fi
  log "up: API http://127.0.0.1:$GATEWAY_PORT  GUI http://127.0.0.1:$NGINX_PORT  secrets $SECRETS"
}

# Stops in the reverse order of up(); also what a previous run with another STACK_REPLICAS left.
down() {
  local kind name
  stop prometheus
  stop nginx
  for kind in edge todo-core notifier; do
    for name in "$kind" "$PID_DIR/$kind".*.pid; do
      name=${name#"$PID_DIR/"}
      name=${name%.pid}
      case "$name" in *'*'*) ;; *) stop "$name" ;; esac
    done
  done
  stop balancer
  stop zipkin
}

status() {
  local name pid rc=0
  for name in $(processes); do
    if pid=$(pid_of "$name"); then
      printf '%-10s running (pid %s)\n' "$name" "$pid"
    else
      printf '%-10s stopped\n' "$name"; rc=3
    fi
  done
  return $rc
}

component() { # stop|start, a kind (all its instances), an instance, nginx or balancer
  local targets
  case " $(processes) " in
    *" ${2:-} "*) targets=$2 ;;
    *)
      case " $KINDS " in
        *" ${2:-} "*) targets=$(instances "$2") ;;
        *) echo "usage: $0 $1 one of: $KINDS $(processes)" >&2; exit 2 ;;
      esac ;;
  esac
  local name
  if [ "$1" = stop ]; then
    for name in $targets; do stop "$name"; done
  else
    use_jdk25
    [ -f "$SECRETS" ] || die "no running stack's secrets in $SECRETS: run '$0 up' first"
    load_secrets
    # a component started on its own sends its spans where the others do
    if [ -z "$ZIPKIN_ENDPOINT" ] && pid_of zipkin >/dev/null; then
      export ZIPKIN_ENDPOINT="http://127.0.0.1:$ZIPKIN_PORT/api/v2/spans"
    fi
    for name in $targets; do launch "$name"; done
    for name in $targets; do await_ready "$name"; done
  fi
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  restart) down; up ;;
  status) status ;;
  stop|start) component "$1" "${2:-}" ;;
  migrate) migrate ;;
  *) echo "usage: $0 up|down|status|restart|migrate, or $0 stop|start ${COMPONENTS// /|}|balancer|edge.2|…" >&2
     exit 2 ;;
esac
