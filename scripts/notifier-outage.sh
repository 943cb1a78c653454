#!/usr/bin/env bash
# End to end on the host-process stack (scripts/stack.sh up): the notifier goes down, a user changes tasks through
# the edge (every change must still succeed), the notifier comes back, and the user's feed must then hold exactly
# one notification per change, in the order the changes were made, none lost and none twice.
# Usage: scripts/notifier-outage.sh   (same STACK_DIR / GATEWAY_PORT as the stack; needs bash, curl, jq)
# Knob: OUTAGE_DRAIN_SECONDS (60): how long the backlog may take to reach the feed once the notifier is back.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BASE_URL=http://127.0.0.1:${GATEWAY_PORT:-8080}
DRAIN_SECONDS=${OUTAGE_DRAIN_SECONDS:-60}
for tool in curl jq; do
  command -v "$tool" >/dev/null || { echo "outage: FAIL: $tool is required" >&2; exit 2; }
done

WORK=$(mktemp -d)
NOTIFIER_STOPPED=""
cleanup() {
  [ -z "$NOTIFIER_STOPPED" ] || "$ROOT/scripts/stack.sh" start notifier >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
BODY=$WORK/body
EXPECTED=$WORK/expected.jsonl
: >"$EXPECTED"
STATUS=""
TOKEN=""

fail() { echo "outage: FAIL: $*" >&2; echo "  last body: $(head -c 2000 "$BODY" 2>/dev/null || true)" >&2; exit 1; }

# request METHOD PATH [JSON]: sets STATUS, leaves the body in $BODY; waits out the auth rate limit (429)
request() {
  local method=$1 path=$2 data=${3:-} attempt
  local args=(-sS -o "$BODY" -w '%{http_code}' --max-time 15 -X "$method" -H 'Accept: application/json')
  [ -n "$TOKEN" ] && args+=(-H "Authorization: Bearer $TOKEN")
  [ -n "$data" ] && args+=(-H 'Content-Type: application/json' --data "$data")
  for attempt in 1 2 3 4; do
    STATUS=$(curl "${args[@]}" "$BASE_URL$path") || STATUS="curl-error($?)"
    [ "$STATUS" = 429 ] && [ "$attempt" -lt 4 ] || return 0
    sleep 15
  done
}

# change METHOD PATH JSON EXPECTED_STATUS NOTIFICATION: makes a change and records the notification it must leave
change() {
  request "$1" "$2" "$3"
  [ "$STATUS" = "$4" ] || fail "$1 $2 while the notifier is down: HTTP $STATUS, expected $4"
  [ -z "$5" ] || echo "$5" >>"$EXPECTED"
}

# --- a fresh user ---------------------------------------------------------------------------------------------
email="outage-$(date +%s)-$RANDOM@example.com"
credentials=$(jq -nc --arg e "$email" '{email: $e, password: "outage-password-1"}')
request POST /auth/register "$credentials"
[ "$STATUS" = 201 ] || fail "register: HTTP $STATUS"
request POST /auth/login "$credentials"
[ "$STATUS" = 200 ] || fail "login: HTTP $STATUS"
TOKEN=$(jq -r .access_token "$BODY")

# --- the notifier down, changes through the edge --------------------------------------------------------------
"$ROOT/scripts/stack.sh" stop notifier
NOTIFIER_STOPPED=yes
echo "outage: notifier stopped; changing tasks"
ids=()
for i in 1 2 3 4 5; do
  request POST /tasks "{\"title\":\"outage $i\"}"
  [ "$STATUS" = 201 ] || fail "create while the notifier is down: HTTP $STATUS"
  id=$(jq -r .id "$BODY")
  ids+=("$id")
  jq -c '{type: "task.created", task_id: .id, title, completed, changed: [], count: null}' "$BODY" >>"$EXPECTED"
done
change PATCH "/tasks/${ids[0]}" '{"title":"renamed"}' 200 \
  "{\"type\":\"task.updated\",\"task_id\":${ids[0]},\"title\":\"renamed\",\"completed\":false,\"changed\":[\"title\"],\"count\":null}"
change PATCH "/tasks/${ids[1]}" '{"completed":true}' 200 \
  "{\"type\":\"task.updated\",\"task_id\":${ids[1]},\"title\":\"outage 2\",\"completed\":true,\"changed\":[\"completed\"],\"count\":null}"
change PUT "/tasks/${ids[2]}" '{"title":"both","completed":true}' 200 \
  "{\"type\":\"task.updated\",\"task_id\":${ids[2]},\"title\":\"both\",\"completed\":true,\"changed\":[\"title\",\"completed\"],\"count\":null}"
change PATCH "/tasks/${ids[3]}" '{"completed":false}' 200 ""   # changes nothing: no notification
change PATCH "/tasks/999999999" '{"completed":true}' 404 ""    # fails: no notification
change DELETE "/tasks/${ids[3]}" "" 204 \
  "{\"type\":\"task.deleted\",\"task_id\":${ids[3]},\"title\":\"outage 4\",\"completed\":false,\"changed\":[],\"count\":null}"
change DELETE "/tasks?completed=true" "" 204 \
  '{"type":"tasks.deleted","task_id":null,"title":null,"completed":null,"changed":[],"count":2}'
request GET /notifications
echo "outage: GET /notifications while the notifier is down: HTTP $STATUS"
[ "$STATUS" = 503 ] || fail "GET /notifications while the notifier is down: expected 503"

# --- the notifier back: the feed must become exactly the changes ----------------------------------------------
"$ROOT/scripts/stack.sh" start notifier
NOTIFIER_STOPPED=""
expected=$(jq -sc . "$EXPECTED")
want=$(jq length <<<"$expected")
echo "outage: notifier started; waiting up to ${DRAIN_SECONDS}s for $want notifications"
feed="[]"
for _ in $(seq 1 "$DRAIN_SECONDS"); do
  request GET "/notifications?limit=200"
  if [ "$STATUS" = 200 ]; then
    feed=$(jq -c 'reverse | map({type, task_id, title, completed, changed, count})' "$BODY")
    [ "$(jq length <<<"$feed")" -lt "$want" ] || break
  fi
  sleep 1
done
if [ "$feed" != "$expected" ]; then
  echo "outage: expected (oldest first): $expected" >&2
  echo "outage: feed     (oldest first): $feed" >&2
  fail "the feed after the outage is not exactly the changes made, in order"
fi
echo "outage: ok   $want notifications, exactly once each, in the order of the changes"
