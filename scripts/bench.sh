#!/usr/bin/env bash
# Benchmark against the running stack (scripts/stack.sh up): the same authenticated GET /tasks sent directly to
# todo-core and through the edge, interleaved round by round in one run, then proxied requests while logins
# (bcrypt) run in parallel. Prints requests per second, p50 and p99 for both, their ratios, and the edge's CPU
# time per proxied request (its process CPU seconds over the edge rounds divided by their requests).
#
# Start the stack with a rate limit that lets the login phase run:
#   AUTH_RATE_LIMIT_PER_MINUTE=1000000 scripts/stack.sh up && scripts/bench.sh
# Knobs: BENCH_WARMUP (s, 60), BENCH_ROUNDS (5), BENCH_SECONDS (per round, 10), BENCH_CONNECTIONS (16),
#        BENCH_TASKS (tasks in the listed account, 20), BENCH_LOGIN_CONNECTIONS (2).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
STACK_DIR=${STACK_DIR:-$ROOT/.stack}
GATEWAY_PORT=${GATEWAY_PORT:-8080}
TASK_SERVICE_PORT=${TASK_SERVICE_PORT:-8081}
EDGE=http://127.0.0.1:$GATEWAY_PORT
CORE=http://127.0.0.1:$TASK_SERVICE_PORT
WARMUP=${BENCH_WARMUP:-60}
ROUNDS=${BENCH_ROUNDS:-5}
SECONDS_PER_ROUND=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
TASKS=${BENCH_TASKS:-20}
LOGIN_CONNECTIONS=${BENCH_LOGIN_CONNECTIONS:-2}
LUA=$ROOT/scripts/bench

die() { echo "bench: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is missing: apt-get install wrk"
[ -f "$STACK_DIR/secrets.env" ] || die "no $STACK_DIR/secrets.env: start the stack with scripts/stack.sh up"
INTERNAL_TOKEN=${INTERNAL_TOKEN:-$(sed -n 's/^INTERNAL_TOKEN=//p' "$STACK_DIR/secrets.env")}
EDGE_PID=$(cat "$STACK_DIR/pids/edge.pid" 2>/dev/null) || die "the edge is not running"
[ -r "/proc/$EDGE_PID/stat" ] || die "the edge (pid $EDGE_PID) is not running"
CLK_TCK=$(getconf CLK_TCK)

# --- a user with some tasks ------------------------------------------------------------------------------------
BENCH_EMAIL="bench-$(date +%s)-$RANDOM@example.com"
BENCH_PASSWORD="bench-password-1"
export BENCH_EMAIL BENCH_PASSWORD
body=$(printf '{"email":"%s","password":"%s"}' "$BENCH_EMAIL" "$BENCH_PASSWORD")
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$body" "$EDGE/auth/register" \
  || die "register failed (rate limited? start the stack with a higher AUTH_RATE_LIMIT_PER_MINUTE)"
login=$(curl -fsS -H 'Content-Type: application/json' -d "$body" "$EDGE/auth/login") || die "login failed"
TOKEN=$(jq -r .access_token <<<"$login")
USER_ID=$(jq -r .user.id <<<"$login")
for i in $(seq 1 "$TASKS"); do
  curl -fsS -o /dev/null -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"title\":\"benchmark task $i\"}" "$EDGE/tasks"
done
[ "$(curl -fsS -H "Authorization: Bearer $TOKEN" "$EDGE/tasks" | jq length)" = "$TASKS" ] || die "setup: list size wrong"

direct() { wrk -t1 -c"$CONNECTIONS" -d"$1s" -s "$LUA/report.lua" \
  -H "X-Internal-Token: $INTERNAL_TOKEN" -H "X-User-ID: $USER_ID" "$CORE/tasks" | grep '^RESULT'; }
edge() { wrk -t1 -c"$CONNECTIONS" -d"$1s" -s "$LUA/report.lua" \
  -H "Authorization: Bearer $TOKEN" "$EDGE/tasks" | grep '^RESULT'; }
field() { sed -E "s/.*[ ]$1=([0-9]+).*/\\1/" <<<"$2"; }
edge_cpu_ticks() { awk '{print $14 + $15}' "/proc/$EDGE_PID/stat"; }

echo "bench: $(nproc) cores; $CONNECTIONS connections; list of $TASKS tasks; warm-up ${WARMUP}s;" \
  "$ROUNDS interleaved rounds of ${SECONDS_PER_ROUND}s per target"
half=$(( (WARMUP + 1) / 2 ))
direct "$half" >/dev/null
edge "$half" >/dev/null

results=$(mktemp)
trap 'rm -f "$results"' EXIT
edge_ticks=0
for round in $(seq 1 "$ROUNDS"); do
  d=$(direct "$SECONDS_PER_ROUND")
  before=$(edge_cpu_ticks)
  e=$(edge "$SECONDS_PER_ROUND")
  after=$(edge_cpu_ticks)
  edge_ticks=$((edge_ticks + after - before))
  for pair in "direct:$d" "edge:$e"; do
    name=${pair%%:*} line=${pair#*:}
    if [ "$(field socket_errors "$line")" != 0 ] || [ "$(field non2xx "$line")" != 0 ]; then
      die "round $round $name had errors: $line"
    fi
    echo "$name $(field requests "$line") $(field duration_us "$line") $(field p50_us "$line") $(field p99_us "$line")" >>"$results"
  done
  printf 'round %d: direct %6.0f req/s p99 %5d us | edge %6.0f req/s p99 %5d us\n' "$round" \
    "$(awk -v r="$(field requests "$d")" -v t="$(field duration_us "$d")" 'BEGIN{print r*1e6/t}')" "$(field p99_us "$d")" \
    "$(awk -v r="$(field requests "$e")" -v t="$(field duration_us "$e")" 'BEGIN{print r*1e6/t}')" "$(field p99_us "$e")"
done

# median of the rounds' percentiles, throughput over all rounds
summary() { awk -v who="$1" '$1 == who { n++; req += $2; us += $3; p50[n] = $4; p99[n] = $5 }
  function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
  END { printf "%.0f %d %d %d\n", req * 1e6 / us, median(p50, n), median(p99, n), req }' "$results"; }
read -r d_rps d_p50 d_p99 _ <<<"$(summary direct)"
read -r e_rps e_p50 e_p99 e_req <<<"$(summary edge)"
cpu_us=$(awk -v t="$edge_ticks" -v hz="$CLK_TCK" -v n="$e_req" 'BEGIN{printf "%.0f", t / hz * 1e6 / n}')

# --- proxied requests while logins run -------------------------------------------------------------------------
login_out=$(mktemp)
wrk -t1 -c"$LOGIN_CONNECTIONS" -d"$((SECONDS_PER_ROUND + 2))s" -s "$LUA/login.lua" "$EDGE/auth/login" \
  | grep '^RESULT' >"$login_out" &
login_pid=$!
sleep 1
under_login=$(edge "$SECONDS_PER_ROUND")
wait "$login_pid"
logins=$(cat "$login_out"); rm -f "$login_out"
[ "$(field non2xx "$logins")" = 0 ] || echo "bench: warning: $(field non2xx "$logins") logins were refused (rate limit?)"

echo
echo "GET /tasks ($TASKS tasks), $CONNECTIONS connections, median of $ROUNDS rounds:"
printf '  %-22s %9s %9s %9s\n' "" "req/s" "p50 (us)" "p99 (us)"
printf '  %-22s %9d %9d %9d\n' "direct to todo-core" "$d_rps" "$d_p50" "$d_p99"
printf '  %-22s %9d %9d %9d\n' "through the edge" "$e_rps" "$e_p50" "$e_p99"
awk -v er="$e_rps" -v dr="$d_rps" -v ep="$e_p99" -v dp="$d_p99" \
  'BEGIN { printf "  edge/direct: throughput %.2f (target >= 0.5), p99 %.2fx (target < 2x)\n", er / dr, ep / dp }'
echo "  edge CPU per proxied request: ${cpu_us} us (target <= 150 us)"
printf '  proxied p99 while %d connections log in (%d logins, bcrypt): %d us (p50 %d us)\n' \
  "$LOGIN_CONNECTIONS" "$(field requests "$logins")" "$(field p99_us "$under_login")" "$(field p50_us "$under_login")"
