#!/usr/bin/env bash
# Runs the GUI's browser tests against a running stack (scripts/stack.sh up) through nginx.
#   BASE_URL    the GUI's origin (default http://127.0.0.1:3000)
#   JWT_SECRET  the stack's secret, to mint an expired access token; read from $STACK_DIR/secrets.env
#               (default .stack/secrets.env) when not set
# Installs what is missing first: the npm packages (npm ci) and Debian's chromium (apt-get). No browser download.
# Every browser context records its API traffic (frontend/test-results/har/, one HAR per context); after the tests
# api-contract/bin/check-exchanges.js holds each exchange under nginx's /api/ against the API document.
# Exits non-zero when a test fails or an answer is not one the document describes.
# Screenshots: frontend/test-results/screenshots/
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
if [ ! -d "$ROOT/api-contract/node_modules/ajv" ]; then
  echo "e2e: npm ci in api-contract"
  (cd "$ROOT/api-contract" && npm ci --no-audit --no-fund --loglevel=error)
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

export E2E_HAR_DIR="$FRONTEND/test-results/har/"
rm -rf "$FRONTEND/test-results/screenshots" "$E2E_HAR_DIR"
mkdir -p "$FRONTEND/test-results/screenshots" "$E2E_HAR_DIR"
echo "e2e: $("$CHROMIUM_PATH" --version 2>/dev/null || echo chromium) against $BASE_URL"
cd "$FRONTEND"
tests=0
node --test --test-concurrency=1 e2e/*.test.js || tests=$?

echo "e2e: the recorded API exchanges against the API document"
contract=0
shopt -s nullglob
hars=("$E2E_HAR_DIR"*.har)
if [ ${#hars[@]} -eq 0 ]; then
  echo "e2e: no HAR was recorded in $E2E_HAR_DIR" >&2
  contract=1
else
  node "$ROOT/api-contract/bin/check-exchanges.js" --base-path /api "${hars[@]}" || contract=$?
fi
[ "$tests" -eq 0 ] || echo "e2e: browser tests failed" >&2
[ "$contract" -eq 0 ] || echo "e2e: an answer recorded by the browser tests is not described by the API document" >&2
[ "$tests" -eq 0 ] && [ "$contract" -eq 0 ]
