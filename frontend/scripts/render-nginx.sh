#!/usr/bin/env bash
# Renders the GUI's nginx configuration for a host process and checks it with `nginx -t`.
#   EDGE_UPSTREAM      the edge's base URL, e.g. http://127.0.0.1:8080 (no trailing slash)
#   NGINX_PORT         the port nginx listens on, e.g. 3000
#   FRONTEND_ROOT      the directory served, i.e. frontend/src (absolute)
#   NGINX_RUNTIME_DIR  where nginx.conf, default.conf, the pid, the logs and the temp files go (absolute)
#   NGINX_USER         optional: the workers' user when nginx starts as root (default: www-data or nobody if
#                      that user can read FRONTEND_ROOT, else root)
#   NGINX_LOCAL_RESOLVERS  optional: the DNS servers nginx asks for the edge's address when EDGE_UPSTREAM names a
#                      host (default: the nameservers of /etc/resolv.conf, as the nginx image's entrypoint finds
#                      them; an IP address in EDGE_UPSTREAM needs none)
#   NGINX_RESOLVER_VALID   optional: how long nginx keeps that answer (default 10s)
#   NGINX_ACCESS_LOG       optional: where the JSON access log goes (default $NGINX_RUNTIME_DIR/access.log)
# Then: nginx -c "$NGINX_RUNTIME_DIR/nginx.conf"
set -euo pipefail

HERE=$(cd "$(dirname "$0")/.." && pwd)
: "${EDGE_UPSTREAM:?set EDGE_UPSTREAM, e.g. http://127.0.0.1:8080}"
: "${NGINX_PORT:?set NGINX_PORT, e.g. 3000}"
: "${FRONTEND_ROOT:?set FRONTEND_ROOT to the absolute path of frontend/src}"
: "${NGINX_RUNTIME_DIR:?set NGINX_RUNTIME_DIR to a writable directory}"

command -v envsubst >/dev/null || { echo "render-nginx: envsubst is missing (apt-get install gettext-base)" >&2; exit 1; }
command -v nginx >/dev/null || { echo "render-nginx: nginx is missing (apt-get install nginx-light)" >&2; exit 1; }
case "$FRONTEND_ROOT" in /*) ;; *) echo "render-nginx: FRONTEND_ROOT must be absolute" >&2; exit 1 ;; esac
case "$NGINX_RUNTIME_DIR" in /*) ;; *) echo "render-nginx: NGINX_RUNTIME_DIR must be absolute" >&2; exit 1 ;; esac
[ -f "$FRONTEND_ROOT/index.html" ] || { echo "render-nginx: no index.html in $FRONTEND_ROOT" >&2; exit 1; }
case "$EDGE_UPSTREAM" in http://*|https://*) ;; *) echo "render-nginx: EDGE_UPSTREAM must start with http:// or https://" >&2; exit 1 ;; esac
EDGE_UPSTREAM=${EDGE_UPSTREAM%/}
FRONTEND_ROOT=${FRONTEND_ROOT%/}
# The resolvers as the nginx image's entrypoint finds them (IPv6 addresses in brackets); with no nameserver line,
# the C library's own default, the local host.
if [ -z "${NGINX_LOCAL_RESOLVERS:-}" ]; then
  NGINX_LOCAL_RESOLVERS=$(awk '$1 == "nameserver" { printf "%s%s", sep, ($2 ~ ":" ? "[" $2 "]" : $2); sep = " " }' \
    /etc/resolv.conf 2>/dev/null || true)
  NGINX_LOCAL_RESOLVERS=${NGINX_LOCAL_RESOLVERS:-127.0.0.1}
fi
NGINX_RESOLVER_VALID=${NGINX_RESOLVER_VALID:-10s}
# the JSON access log (the image writes it to its stdout)
NGINX_ACCESS_LOG=${NGINX_ACCESS_LOG:-$NGINX_RUNTIME_DIR/access.log}
export EDGE_UPSTREAM NGINX_PORT FRONTEND_ROOT NGINX_RUNTIME_DIR NGINX_LOCAL_RESOLVERS NGINX_RESOLVER_VALID NGINX_ACCESS_LOG

# The workers' user (only matters as root): one that can read the files, preferring an unprivileged one.
can_read() { # user
  id "$1" >/dev/null 2>&1 || return 1
  command -v runuser >/dev/null || return 1
  runuser -u "$1" -- test -r "$FRONTEND_ROOT/index.html" 2>/dev/null
}
if [ -z "${NGINX_USER:-}" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    NGINX_USER=$(id -un)
  elif can_read www-data; then
    NGINX_USER=www-data
  elif can_read nobody; then
    NGINX_USER=nobody
  else
    echo "render-nginx: no unprivileged user can read $FRONTEND_ROOT: nginx workers will run as root" >&2
    NGINX_USER=root
  fi
fi
export NGINX_USER

mkdir -p "$NGINX_RUNTIME_DIR/tmp"
# The workers spool request bodies over 16 KB and large answers under tmp/ (nginx gives them its subdirectories):
# they must be able to pass through to it, whatever umask made these directories (scripts/stack.sh's is 077, and a
# body then got a 500). Passing through only: nothing here becomes listable or readable by them.
if [ "$NGINX_USER" != "$(id -un)" ]; then
  chmod go+x "$NGINX_RUNTIME_DIR" "$NGINX_RUNTIME_DIR/tmp"
fi
# The variable lists are literal on purpose: every other $name in the templates is nginx's.
# shellcheck disable=SC2016
envsubst '${EDGE_UPSTREAM} ${NGINX_PORT} ${FRONTEND_ROOT} ${NGINX_LOCAL_RESOLVERS} ${NGINX_RESOLVER_VALID} ${NGINX_ACCESS_LOG}' \
  <"$HERE/nginx/default.conf.template" >"$NGINX_RUNTIME_DIR/default.conf"
# shellcheck disable=SC2016
envsubst '${NGINX_RUNTIME_DIR} ${NGINX_USER}' \
  <"$HERE/nginx/host-nginx.conf.template" >"$NGINX_RUNTIME_DIR/nginx.conf"

# -e (nginx ≥ 1.19.5) keeps the test from touching /var/log/nginx when run without root.
nginx -t -q -e "$NGINX_RUNTIME_DIR/error.log" -c "$NGINX_RUNTIME_DIR/nginx.conf"
echo "render-nginx: $NGINX_RUNTIME_DIR/nginx.conf is valid (port $NGINX_PORT, root $FRONTEND_ROOT, /api/ → $EDGE_UPSTREAM)"
