#!/usr/bin/env bash
# Side-by-side load run (./reprise bench load): Reprise, Portkey's gateway and the direct path on one fake
# upstream, driven by wrk at concurrency 1, 8 and 64. Builds what is missing, installs wrk (Debian) and
# Portkey (npm, into bench/target/portkey), then runs dev.reprise.bench.load.LoadRun, which prints the table
# and writes bench/results/load-<date>.md and .json.
#
# Usage: bench/scripts/load.sh [--quick] [--rounds N] [--seconds S] [--concurrency 1,8,64] [--no-portkey]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PORTKEY_DIR="$ROOT/bench/target/portkey"
PORTKEY_VERSION="1.15.2"
HONO_NODE_SERVER_VERSION="1.13.8" # newer versions break Portkey's streaming and /v1/models

die() { echo "bench load: $*" >&2; exit 1; }

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(java_major "$JAVA_HOME")" -ge 21 ] 2>/dev/null; then
    echo "$JAVA_HOME"; return
  fi
  local dir best="" best_major=0 major
  for dir in /usr/lib/jvm/*; do
    [ -x "$dir/bin/javac" ] || continue
    major="$(java_major "$dir")"
    if [ -n "$major" ] && [ "$major" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  [ -n "$best" ] && echo "$best"
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

JAVA_HOME="$(find_jdk || true)"
[ -n "$JAVA_HOME" ] || die "no JDK 21+ found; set JAVA_HOME"
export JAVA_HOME PATH="$JAVA_HOME/bin:$PATH"

# Build when a jar is missing or any pom or main source is newer than the bench jar.
BENCH_JAR="$ROOT/bench/target/reprise-bench.jar"
GATEWAY_JAR="$ROOT/gateway/target/reprise-gateway.jar"
if [ ! -f "$BENCH_JAR" ] || [ ! -f "$GATEWAY_JAR" ] || [ -n "$(cd "$ROOT" && find . \
    \( -path ./.git -o -path '*/target' -o -path ./data -o -path ./bench/results \) -prune -o \
    \( -name pom.xml -o -path '*/src/main/*' \) -type f -newer "$BENCH_JAR" -print -quit)" ]; then
  echo "bench load: building (JDK: $JAVA_HOME)..." >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl gateway,bench -am install) >&2 || die "the build failed"
fi

if ! command -v wrk >/dev/null 2>&1; then
  echo "bench load: installing wrk from the Debian registry..." >&2
  as_root apt-get install -y wrk >/dev/null 2>&1 || { as_root apt-get update >/dev/null && as_root apt-get install -y wrk >/dev/null; } \
    || die "cannot install wrk; install it (apt-get install wrk) and retry"
fi

PORTKEY_ARGS=()
if [[ " $* " == *" --no-portkey "* ]]; then
  :
elif ! command -v npm >/dev/null 2>&1; then
  echo "bench load: npm not found: running without Portkey (install Node.js 18+ to compare)" >&2
  PORTKEY_ARGS=(--no-portkey)
elif [ ! -f "$PORTKEY_DIR/node_modules/@portkey-ai/gateway/build/start-server.js" ] \
    || ! grep -q "\"version\": \"$HONO_NODE_SERVER_VERSION\"" "$PORTKEY_DIR/node_modules/@hono/node-server/package.json" 2>/dev/null; then
  echo "bench load: installing @portkey-ai/gateway@$PORTKEY_VERSION into $PORTKEY_DIR..." >&2
  mkdir -p "$PORTKEY_DIR"
  # overrides pins the copy Portkey itself imports, not only a top-level one.
  cat > "$PORTKEY_DIR/package.json" <<JSON
{
  "name": "reprise-bench-portkey",
  "private": true,
  "dependencies": {
    "@portkey-ai/gateway": "$PORTKEY_VERSION",
    "@hono/node-server": "$HONO_NODE_SERVER_VERSION"
  },
  "overrides": { "@hono/node-server": "$HONO_NODE_SERVER_VERSION" }
}
JSON
  rm -rf "$PORTKEY_DIR/node_modules" "$PORTKEY_DIR/package-lock.json"
  (cd "$PORTKEY_DIR" && npm install --no-audit --no-fund >/dev/null) || die "npm install of Portkey failed"
fi

exec "$JAVA_HOME/bin/java" -cp "$BENCH_JAR:$ROOT/bench/target/lib/*" dev.reprise.bench.load.LoadRun \
  --root "$ROOT" "${PORTKEY_ARGS[@]}" "$@"
