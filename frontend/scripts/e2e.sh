#!/usr/bin/env bash
# Runs the GUI's browser tests against a running stack (scripts/stack.sh up) through nginx.
#   BASE_URL    the GUI's origin (default http://127.0.0.1:3000)
#   JWT_SECRET  the stack's secret, to mint an expired access token; read from $STACK_DIR/secrets.env
#               (default .stack/secrets.env) when not set
# Installs what is missing first: the npm packages (npm ci) and Debian's chromium (apt-get). No browser download.
# Exits non-zero when a test fails. Screenshots: frontend/test-results/screenshots/
set -euo pipefail

FRONTEND=$(cd "$(dirname "$0")/.." && pwd)
ROOT=$(cd "$FRONTEND/.." && pwd)
export BASE_URL=${BASE_URL:-http://127.0.0.1:3000}
export CHROMIUM_PATH=${CHROMIUM_PATH:-/usr/bin/chromium}

if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "e2e: installing Debian's chromium"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if [ ! -d "$FRONTEND/node_modules/playwright-core" ]; then
  echo "e2e: npm ci"
  # playwright-core never downloads a browser; the variable makes sure of it
  (cd "$FRONTEND" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

if [ -z "${JWT_SECRET:-}" ]; then
  secrets=${STACK_DIR:-$ROOT/.stack}/secrets.env
  if [ -f "$secrets" ]; then
    JWT_SECRET=$(sed -n 's/^JWT_SECRET=//p' "$secrets" | tail -n 1)
    export JWT_SECRET
  fi
fi
[ -n "${JWT_SECRET:-}" ] || echo "e2e: JWT_SECRET is not set: the expired-token scenario will fail" >&2

if ! curl -fsS -o /dev/null --max-time 5 "$BASE_URL/healthz"; then
  echo "e2e: nothing answers at $BASE_URL/healthz: start the stack first (scripts/stack.sh up)" >&2
  exit 1
fi

rm -rf "$FRONTEND/test-results/screenshots"
mkdir -p "$FRONTEND/test-results/screenshots"
echo "e2e: $("$CHROMIUM_PATH" --version 2>/dev/null || echo chromium) against $BASE_URL"
cd "$FRONTEND"
exec node --test --test-concurrency=1 e2e/*.test.js
