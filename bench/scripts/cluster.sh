#!/usr/bin/env bash
# ./reprise bench cluster: the example cluster (examples/cluster: nginx, redis-server, PostgreSQL) with one node, then
# with three, on this machine. For each: exact hits and distinct misses through nginx with wrk (throughput, p50/p99),
# the replication lag under that load (the nodes' reprise_cache_replication_lag_seconds histograms), a change made on
# one node timed until the others serve it (idle), and bursts of identical misses spread by nginx (upstream calls per
# burst: coalescing is per node). Writes bench/results/cluster-<date>.md.
#
# Usage: bench/scripts/cluster.sh [--seconds S] [--concurrency C] [--probes N] [--bursts N] [--burst-size N]
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SECS=15 CONC=64 PROBES=20 BURSTS=10 BURST_SIZE=30
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) SECS="$2"; shift 2 ;;
    --concurrency) CONC="$2"; shift 2 ;;
    --probes) PROBES="$2"; shift 2 ;;
    --bursts) BURSTS="$2"; shift 2 ;;
    --burst-size) BURST_SIZE="$2"; shift 2 ;;
    *) echo "bench cluster: unknown option $1" >&2; exit 2 ;;
  esac
done

die() { echo "bench cluster: $*" >&2; exit 1; }
say() { echo "bench cluster: $*" >&2; }
for tool in wrk nginx redis-server jq curl; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] \
    || die "needs $tool (apt-get install wrk nginx redis-server postgresql jq curl)"
done

WORK="$(mktemp -d /tmp/reprise-bench-cluster.XXXXXX)"
chmod 755 "$WORK"   # PostgreSQL runs as its own user under root and must reach its folder
export PORT=18180 FIRST_NODE_PORT=18181 REDIS_PORT=16390 PG_PORT=15440 NODE_CONFIG="$WORK/node.yaml"
export MOCK_LATENCY=0ms TENANT_RPM=100000000
RUN="r$(date +%s | tail -c 5 | tr '0-9' 'a-j')"
OUT="$ROOT/bench/results/cluster-$(date -u +%Y%m%d-%H%M).md"
LUA="$ROOT/bench/scripts/wrk-chat.lua"

# The example's node config, plus a slow alias for the bursts (a burst must overlap one model call).
sed 's/^models:$/models:\n  - { name: slow, provider: mock, model: mock-1, latency: 300ms }/' \
  "$ROOT/examples/cluster/reprise-node.yaml" > "$NODE_CONFIG"
grep -q 'name: slow' "$NODE_CONFIG" || die "could not add the slow alias to the node config"

cluster() { "$ROOT/examples/cluster/cluster" "$@"; }
node_ports() { seq "$FIRST_NODE_PORT" $((FIRST_NODE_PORT + NODES - 1)); }
trap 'cluster stop >/dev/null 2>&1 || true' EXIT

ask() { # model, question, url: the response headers
  curl -sS -o /dev/null -D - "$3/v1/chat/completions" -H "Authorization: Bearer $KEY" -H 'Content-Type: application/json' \
    -d "$(jq -cn --arg m "$1" --arg q "$2" '{model: $m, messages: [{role: "user", content: $q}]}')"
}

hit_on() { # port, question: true when that node would answer it from its cache
  curl -sS "http://127.0.0.1:$1/admin/cache/lookup" -H "Authorization: Bearer $ADMIN" \
    -d "$(jq -cn --arg q "$2" '{model: "mock", tenant: "acme", messages: [{role: "user", content: $q}]}')" \
    | jq -e '.decision == "hit"' >/dev/null
}

metric_sum() { # regular expression of metric lines: their sum over every node
  for p in $(node_ports); do curl -sS "http://127.0.0.1:$p/metrics"; done \
    | awk -v m="$1" '$0 ~ m { s += $NF } END { printf "%d\n", s }'
}

lag_buckets() { # "upper-bound count" of the lag histogram, summed over every node
  for p in $(node_ports); do curl -sS "http://127.0.0.1:$p/metrics"; done \
    | awk '/^reprise_cache_replication_lag_seconds_bucket/ {
        match($0, /le="[^"]+"/); le = substr($0, RSTART + 4, RLENGTH - 5); if (le == "+Inf") le = "1e99"; n[le] += $NF }
      END { for (le in n) print le, n[le] }' | sort -g
}

lag_quantiles() { # before-file after-file: "count p50 p99" (bucket upper bounds, ms)
  join <(sort "$1") <(sort "$2") | sort -g | awk '{ le[NR] = $1; d[NR] = $3 - $2 } END {
      total = d[NR]; p50 = "-"; p99 = "-"
      for (i = 1; i <= NR; i++) {
        if (p50 == "-" && d[i] >= 0.50 * total && total > 0) p50 = sprintf("%.0f", le[i] * 1000)
        if (p99 == "-" && d[i] >= 0.99 * total && total > 0) p99 = sprintf("%.0f", le[i] * 1000)
      }
      printf "%d %s %s\n", total, p50, p99 }'
}

drive() { # label, body, unique(0/1), extra header: prints "rps p50_ms p99_ms errors"
  local body="$WORK/$1.json"
  echo "$2" > "$body"
  WRK_BODY_FILE="$body" WRK_UNIQUE="$3" WRK_RUN_ID="$RUN$1$NODES" WRK_HEADERS="Authorization: Bearer $KEY|$4" \
    wrk -t2 -c"$CONC" -d"${SECS}s" --latency -s "$LUA" "http://127.0.0.1:$PORT" > "$WORK/$1-$NODES.wrk" 2>&1
  jq -r '"\(.requests * 1000000 / .duration_us | floor) \(.p50_us / 1000) \(.p99_us / 1000) \(.errors_status + .errors_timeout + .errors_connect + .errors_read)"' \
    <<< "$(sed -n 's/^WRK_JSON //p' "$WORK/$1-$NODES.wrk")"
}

HIT_BODY='{"model":"mock","messages":[{"role":"user","content":"What is a semantic cache?"}]}'
MISS_BODY='{"model":"mock","messages":[{"role":"user","content":"What does the word UNIQUE mean?"}]}'
ROWS=()
for NODES in 1 3; do
  export NODES CLUSTER_DIR="$WORK/nodes-$NODES"
  say "starting $NODES node(s) behind nginx..."
  cluster start 2> "$WORK/start-$NODES.log" || { cat "$WORK/start-$NODES.log" >&2; die "the cluster did not start"; }
  KEY="$(cat "$CLUSTER_DIR/client.key")" ADMIN="$(cat "$CLUSTER_DIR/admin.key")"

  ask mock "What is a semantic cache?" "http://127.0.0.1:$PORT" > /dev/null
  for p in $(node_ports); do
    for _ in $(seq 1 500); do hit_on "$p" "What is a semantic cache?" && break; sleep 0.02; done
    hit_on "$p" "What is a semantic cache?" || die "node on $p never got the primed entry"
  done
  say "warming up..."
  SECS_SAVED="$SECS"; SECS=5
  drive warm-hit "$HIT_BODY" 0 "X-Warm: 1" > /dev/null
  drive warm-miss "$MISS_BODY" 1 "x-reprise-cache-threshold: 1" > /dev/null
  SECS="$SECS_SAVED"

  say "exact hits, c=$CONC, ${SECS}s..."
  read -r hit_rps hit_p50 hit_p99 hit_err < <(drive hit "$HIT_BODY" 0 "X-Bench: hit")
  lag_buckets > "$WORK/lag-before-$NODES"
  say "distinct misses, c=$CONC, ${SECS}s..."
  read -r miss_rps miss_p50 miss_p99 miss_err < <(drive miss "$MISS_BODY" 1 "x-reprise-cache-threshold: 1")
  sleep 2   # the last changes reach the other nodes
  lag_buckets > "$WORK/lag-after-$NODES"
  read -r lag_n lag_p50 lag_p99 < <(lag_quantiles "$WORK/lag-before-$NODES" "$WORK/lag-after-$NODES")

  probe="-" idle_lag="-"
  if [ "$NODES" -gt 1 ]; then
    say "$PROBES changes stored on node 1, timed until nodes 2..$NODES serve them (idle)..."
    lag_buckets > "$WORK/lag-idle-before-$NODES"
    times=()
    for i in $(seq 1 "$PROBES"); do
      q="What is the status of replication probe $((1000 + i)) of run $RUN?"
      ask mock "$q" "http://127.0.0.1:$FIRST_NODE_PORT" > /dev/null
      start=$(date +%s%N)
      for p in $(node_ports | tail -n +2); do
        for _ in $(seq 1 1000); do hit_on "$p" "$q" && break; sleep 0.005; done
      done
      times+=($(( ($(date +%s%N) - start) / 1000000 )))
    done
    probe="$(printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END { printf "%d / %d", t[int((NR + 1) / 2)], t[NR] }')"
    lag_buckets > "$WORK/lag-idle-after-$NODES"
    read -r _ idle_p50 idle_p99 < <(lag_quantiles "$WORK/lag-idle-before-$NODES" "$WORK/lag-idle-after-$NODES")
    idle_lag="$idle_p50 / $idle_p99"
  fi

  say "$BURSTS bursts of $BURST_SIZE identical misses (300 ms model)..."
  calls_before="$(metric_sum '^reprise_upstream_attempts_total[{].*model="slow"')"
  for b in $(seq 1 "$BURSTS"); do
    q="What is the refund window for burst $((100 + b)) of run $RUN $NODES?"
    for _ in $(seq 1 "$BURST_SIZE"); do ask slow "$q" "http://127.0.0.1:$PORT" > /dev/null & done
    wait
  done
  calls_after="$(metric_sum '^reprise_upstream_attempts_total[{].*model="slow"')"
  calls="$(awk -v a="$calls_after" -v b="$calls_before" -v n="$BURSTS" 'BEGIN { printf "%.1f", (a - b) / n }')"

  ROWS+=("| $NODES | $hit_rps | $hit_p50 / $hit_p99 | $miss_rps | $miss_p50 / $miss_p99 | $((hit_err + miss_err)) | $lag_n | $lag_p50 / $lag_p99 | $idle_lag | $probe | $calls |")
  cluster stop 2>/dev/null
done

mkdir -p "$(dirname "$OUT")"
{
  echo "# Cluster run $(date -u +%Y-%m-%dT%H:%MZ)"
  echo
  echo "$(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg). wrk -t2 -c$CONC, ${SECS}s per cell, through nginx."
  echo "Misses: a new question per request, \`x-reprise-cache-threshold: 1\`, mock model answering at once."
  echo "Lag: the nodes' reprise_cache_replication_lag_seconds over the miss cell (bucket upper bounds)."
  echo "Idle change: stored on node 1, polled on the others with /admin/cache/lookup every 5 ms (median / max of $PROBES;"
  echo "one poll, a curl of the dry-run lookup, which embeds the question, plus jq, takes tens of ms or more by itself);"
  echo "idle lag: the same changes' reprise_cache_replication_lag_seconds (bucket upper bounds)."
  echo "Bursts: $BURSTS bursts of $BURST_SIZE identical questions at once through nginx, 300 ms model."
  echo
  echo "| nodes | exact hits/s | hit p50 / p99 ms | misses/s | miss p50 / p99 ms | errors | changes applied | lag p50 / p99 ms | idle lag p50 / p99 ms | idle change served by all nodes, median / max ms | upstream calls per burst |"
  echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
} | tee "$OUT"
say "written to $OUT (work folder: $WORK)"
