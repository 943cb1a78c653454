#!/usr/bin/env bash
# What slow readers of a long list cost todo-core, against the running stack (scripts/stack.sh up): lists of
# LIST_SIZES tasks (255-character titles of four-byte characters, about 1.1 KB of JSON each) are read straight from
# todo-core by READERS clients at READER_RATE bytes/s each, and todo-core's live heap (after a full GC, jcmd) and RSS
# are printed idle and while they read. Bounded paging means the figures stay flat whatever the list's size.
# Knobs: LIST_SIZES ("1000 10000"), READERS (8), READER_RATE (20k), SETTLE (s before measuring, 5).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
CORE=http://127.0.0.1:${TASK_SERVICE_PORT:-8081}
MYSQL=(mariadb --default-character-set=utf8mb4 --protocol=TCP -h "${MYSQL_HOST:-127.0.0.1}" -P "${MYSQL_PORT:-3306}" -u "${MYSQL_ADMIN_USER:-root}")
[ -n "${MYSQL_ADMIN_PASSWORD:-}" ] && MYSQL+=(-p"$MYSQL_ADMIN_PASSWORD")
DATABASE=${MYSQL_DATABASE:-todo_db}
LIST_SIZES=${LIST_SIZES:-1000 10000}
READERS=${READERS:-8}
READER_RATE=${READER_RATE:-20k}
SETTLE=${SETTLE:-5}

die() { echo "list-memory: $*" >&2; exit 1; }
# shellcheck source=scripts/jdk.sh
. "$ROOT/scripts/jdk.sh"
use_jdk25 # its jcmd and jstat, not an older default
CORE_PID=$(cat "$STACK_DIR/pids/todo-core.pid" 2>/dev/null) || die "todo-core is not running"
INTERNAL_TOKEN=$(sed -n 's/^INTERNAL_TOKEN=//p' "$STACK_DIR/secrets.env")
TITLE=$(printf '🧪%.0s' $(seq 1 255))

live_heap_mib() {
  jcmd "$CORE_PID" GC.run >/dev/null
  jstat -gc "$CORE_PID" | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { print int(($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024) }'
}
rss_mib() { awk '/^VmRSS/ { print int($2 / 1024) }' "/proc/$CORE_PID/status"; }

new_user_with_tasks() {
  local count=$1 user
  user=$("${MYSQL[@]}" -N "$DATABASE" -e "INSERT INTO users (email, password_hash, created_at) VALUES \
    ('list-memory-$(date +%s%N)@example.com', 'x', UTC_TIMESTAMP()); SELECT LAST_INSERT_ID();")
  for ((done = 0; done < count; done += 500)); do
    local n=$(( count - done < 500 ? count - done : 500 ))
    { printf 'INSERT INTO tasks (user_id, title, completed, created_at, updated_at) VALUES '
      for ((i = 1; i <= n; i++)); do
        printf "(%s, '%s', FALSE, UTC_TIMESTAMP(), UTC_TIMESTAMP())%s" "$user" "$TITLE" "$([ "$i" -lt "$n" ] && echo ,)"
      done
      echo ';'; } | "${MYSQL[@]}" "$DATABASE" >/dev/null 2>&1 || die "could not insert the tasks"
  done
  echo "$user"
}

printf 'list-memory: todo-core pid %s; %s readers at %s/s each; live heap after a full GC, and RSS\n' \
  "$CORE_PID" "$READERS" "$READER_RATE"
printf '%-28s %14s %10s\n' "" "live heap MiB" "RSS MiB"
printf '%-28s %14s %10s\n' "idle" "$(live_heap_mib)" "$(rss_mib)"
for size in $LIST_SIZES; do
  user=$(new_user_with_tasks "$size")
  pids=()
  for ((r = 0; r < READERS; r++)); do
    curl -sS -o /dev/null --limit-rate "$READER_RATE" --max-time $((SETTLE + 30)) \
      -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $user" "$CORE/tasks" 2>/dev/null &
    pids+=($!)
  done
  sleep "$SETTLE"
  printf '%-28s %14s %10s\n' "reading $size tasks" "$(live_heap_mib)" "$(rss_mib)"
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
  "${MYSQL[@]}" "$DATABASE" -e "DELETE FROM tasks WHERE user_id = $user; DELETE FROM users WHERE id = $user;"
done
printf '%-28s %14s %10s\n' "idle again" "$(live_heap_mib)" "$(rss_mib)"
