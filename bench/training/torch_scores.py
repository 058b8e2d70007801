#!/usr/bin/python3
"""Scores pairs with the torch checkpoint (fp32), to check that the exported ONNX models, run by ONNX Runtime in
Java with DJL's tokenizer, compute the same probabilities (export_check in metrics, see README.md).

Run: /usr/bin/python3 bench/training/torch_scores.py --model DIR --pairs pairs.jsonl --n 200 --out scores.jsonl
"""

import argparse
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from train_verifier import PairVerifier, MAX_LEN, collate  # noqa: E402
from wordpiece import WordPiece  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--model", required=True, help="folder with checkpoint.pt, tokenizer.json, training.json")
    p.add_argument("--pairs", required=True)
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--out", required=True)
    args = p.parse_args()
    torch.set_num_threads(2)
    with open(os.path.join(args.model, "training.json")) as f:
        layers = json.load(f)["layers"]
    model = PairVerifier(layers)
    model.load_state_dict(torch.load(os.path.join(args.model, "checkpoint.pt")))
    model.eval()
    tok = WordPiece(os.path.join(args.model, "tokenizer.json"))
    with open(args.pairs, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f if line.strip()][:args.n]
    with open(args.out, "w", encoding="utf-8") as out, torch.no_grad():
        for r in rows:
            ids, types = tok.encode_pair(r["a"], r["b"], MAX_LEN)
            i, m, t, _ = collate([(ids, types, 0)], [0])
            r["p_torch"] = float(model(i, m, t)[0])
            out.write(json.dumps(r, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
