#!/usr/bin/env bash
# Writes docker/.env for docker/compose.yaml: docker/.env.example with its four secrets (JWT_SECRET,
# INTERNAL_TOKEN, MYSQL_PASSWORD, MYSQL_ROOT_PASSWORD) set to 32 random bytes each, hex-encoded; mode 600.
# An existing docker/.env is kept unless --force is given (new database passwords do not apply to an existing
# mysql-data volume: `docker compose ... down -v` first, which deletes the data).
# Usage: scripts/make-env.sh [--force]
# ENV_EXAMPLE and ENV_FILE point elsewhere (default docker/.env.example and docker/.env).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
ENV_EXAMPLE=${ENV_EXAMPLE:-$ROOT/docker/.env.example}
ENV_FILE=${ENV_FILE:-$ROOT/docker/.env}
SECRETS=(JWT_SECRET INTERNAL_TOKEN MYSQL_PASSWORD MYSQL_ROOT_PASSWORD)

die() { printf 'make-env: %s\n' "$*" >&2; exit 1; }

force=false
case "${1:-}" in
  "") ;;
  --force) force=true ;;
  *) echo "usage: $0 [--force]" >&2; exit 2 ;;
esac

[ -f "$ENV_EXAMPLE" ] || die "no $ENV_EXAMPLE"
if [ -e "$ENV_FILE" ] && ! $force; then
  die "$ENV_FILE exists: kept as it is (scripts/make-env.sh --force replaces it and its secrets)"
fi
for name in "${SECRETS[@]}"; do
  grep -q "^$name=" "$ENV_EXAMPLE" || die "$ENV_EXAMPLE has no $name= line"
done

secret() { od -An -vtx1 -N32 /dev/urandom | tr -d ' \n'; }

umask 077
tmp=$(mktemp "$ENV_FILE.XXXXXX")
trap 'rm -f "$tmp"' EXIT
assignments=()
for name in "${SECRETS[@]}"; do assignments+=("$name=$(secret)"); done
# every other line as the example has it; each secret's line replaced
awk -v assignments="${assignments[*]}" '
  BEGIN { n = split(assignments, a, " "); for (i = 1; i <= n; i++) { split(a[i], kv, "="); value[kv[1]] = a[i] } }
  { name = $0; sub(/=.*/, "", name) }
  /^[A-Z_][A-Z0-9_]*=/ && (name in value) { print value[name]; next }
  { print }
' "$ENV_EXAMPLE" >"$tmp"
chmod 600 "$tmp"
mv "$tmp" "$ENV_FILE"
trap - EXIT
echo "make-env: wrote $ENV_FILE (${SECRETS[*]} generated, mode 600)"
