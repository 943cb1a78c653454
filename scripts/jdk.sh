# shellcheck shell=bash
# Sourced by the scripts that run the services' jars (stack.sh, edge-ab.sh, core-ab.sh, ...): use_jdk25 selects a
# JDK 25, JAVA_HOME if it is one, else the first Temurin 25 under /usr/lib/jvm, and puts its bin first on PATH, so
# that `java`, `jcmd` and `jstat` are its own (a machine's default `java` may be older: the jars need 25). Sets and
# exports JAVA_HOME, sets JAVA; exits with a message when there is no JDK 25.
use_jdk25() {
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -qE 'version "(2[5-9]|[3-9][0-9])'; then
    JAVA_HOME=$(find /usr/lib/jvm -maxdepth 1 -name "temurin-25-jdk*" 2>/dev/null | head -n 1 || true)
    if [ -z "$JAVA_HOME" ]; then
      printf '%s: no JDK 25 found: set JAVA_HOME to a JDK 25\n' "$(basename "$0")" >&2
      exit 1
    fi
  fi
  export JAVA_HOME
  PATH="$JAVA_HOME/bin:$PATH"
  # shellcheck disable=SC2034 # read by the scripts that source this
  JAVA="$JAVA_HOME/bin/java"
}
