#!/usr/bin/python3
"""Stage 4's pairs: negatives mined the way a stream presents them. Each training question is paired with its
nearest training questions of *other* intents by MiniLM cosine (the stored questions the semantic tier would hand the
verifier), and with its nearest questions of the same intent where one answer serves the intent (the hits that pay).

Reads only the training side of ../shared/datasets (BANKING77, CLINC150 and HWU64 train files, minus the questions
build_pairs.py puts in dev), so dev.jsonl and every held-out file stay what v1 and v2 were measured on. Writes to
the data folder:
  train-stream.jsonl  mined pairs plus a replay sample of train.jsonl and train-extra.jsonl (so the rules, Redis and
                      near-miss skills are kept), without BANKING77's double-labelled questions
  dev-stream.jsonl    the same mining over the dev split's questions, to pick the checkpoint by (never held-out)
  stream-manifest.json counts, the dropped questions and the settings

BANKING77 labels some questions twice (the same or nearly the same text under two intents); such a pair is neither
a clean positive nor a clean negative, so a question whose nearest other-intent neighbour has cosine >= --dup-cosine
or word overlap >= 0.6 is dropped from the mined pairs and from the replay.

Run: /usr/bin/python3 bench/training/mine_pairs.py --data bench/target/verifier-data --base-jar JAR
"""

import argparse
import json
import os
import random
import sys
import time
import zipfile
from collections import Counter

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import build_pairs as bp  # noqa: E402
from train_verifier import PairVerifier, load_base, base_jar  # noqa: E402
from wordpiece import WordPiece  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))


def questions(root, split):
    """[(text, intent, source, one_answer)] of one split: one_answer says whether same intent means same answer."""
    out = []
    for intent, texts in bp.load_banking77(root).get(split, {}).items():
        out += [(t, "b77:" + intent, "banking77", True) for t in texts]
    clinc, _ = bp.load_clinc150(root)
    for intent, texts in clinc.get(split, {}).items():
        if intent == "oos":
            out += [(t, "clinc:oos:" + str(i), "clinc150", False) for i, t in enumerate(texts)]
            continue
        free = intent not in bp.CLINC_SLOT_INTENTS
        out += [(t, "clinc:" + intent, "clinc150", free and not bp.has_digit(t)) for t in texts]
    for intent, items in bp.load_hwu64(root).get(split, {}).items():
        out += [(t, "hwu:" + intent, "hwu64", "[" not in ann) for t, ann in items]
    seen, unique = set(), []
    for q in out:
        key = (q[0].lower(), q[1])
        if key not in seen:
            seen.add(key)
            unique.append(q)
    return unique


class Embedder:
    """all-MiniLM-L6-v2 (fp32, from the LangChain4j jar) in plain torch: mean-pooled, L2-normalised, as the gateway's
    embedder reads the gateway-normalised text."""

    def __init__(self, jar, tok_dir):
        with zipfile.ZipFile(jar) as z:
            onnx_bytes = z.read("all-minilm-l6-v2.onnx")
            tok_bytes = z.read("all-minilm-l6-v2-tokenizer.json")
        os.makedirs(tok_dir, exist_ok=True)
        path = os.path.join(tok_dir, "tokenizer.json")
        with open(path, "wb") as f:
            f.write(tok_bytes)
        self.tok = WordPiece(path)
        self.model = PairVerifier(6)
        load_base(self.model, onnx_bytes, 6)
        self.model.eval()

    @torch.no_grad()
    def embed(self, texts, batch=128):
        enc = [[self.tok.cls] + self.tok.ids(t)[:126] + [self.tok.sep] for t in texts]
        order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
        out = np.zeros((len(enc), 384), dtype=np.float32)
        m = self.model
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            t = max(len(enc[i]) for i in idx)
            ids = torch.zeros(len(idx), t, dtype=torch.long)
            mask = torch.zeros(len(idx), t, dtype=torch.long)
            for r, i in enumerate(idx):
                ids[r, :len(enc[i])] = torch.tensor(enc[i])
                mask[r, :len(enc[i])] = 1
            x = m.ln(m.word(ids) + m.position(torch.arange(t)[None]) + m.token_type(torch.zeros_like(ids)))
            bias = ((1.0 - mask.float()) * -10000.0)[:, None, None, :]
            for layer in m.layers:
                x = layer(x, bias)
            mean = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
            out[idx] = torch.nn.functional.normalize(mean, dim=-1).numpy()
        return out


def neighbours(emb, k):
    """For each row, the k+1 most similar rows (itself included), by blocks so memory stays small."""
    top = np.zeros((len(emb), k + 1), dtype=np.int64)
    sims = np.zeros((len(emb), k + 1), dtype=np.float32)
    for s in range(0, len(emb), 1024):
        c = emb[s:s + 1024] @ emb.T
        part = np.argpartition(-c, k, axis=1)[:, :k + 1]
        ps = np.take_along_axis(c, part, 1)
        o = np.argsort(-ps, axis=1)
        top[s:s + 1024] = np.take_along_axis(part, o, 1)
        sims[s:s + 1024] = np.take_along_axis(ps, o, 1)
    return top, sims


def mine(qs, emb, rnd, neg_per, pos_per, floor, dup_cosine, pairs, dropped):
    """Mined negatives and positives of one split's questions; questions in `dropped` take no part."""
    top, sims = neighbours(emb, 40)
    for i, (text, intent, source, one_answer) in enumerate(qs):
        if text.lower() in dropped:
            continue
        negs, poss = 0, 0
        for j, c in zip(top[i], sims[i]):
            if j == i or c < floor:
                continue
            other, o_intent, _, _ = qs[j]
            if other.lower() in dropped or other.lower() == text.lower():
                continue
            # the stored question is the neighbour, the new one is the query: [CLS] stored [SEP] new [SEP]; half
            # in the gateway's normalised form, which is what the semantic tier hands the verifier
            a, b = (bp.gateway_normalised(other), bp.gateway_normalised(text)) if rnd.random() < 0.5 else (other, text)
            if o_intent != intent and negs < neg_per:
                if pairs.add(a, b, 0, source, "mined-other-intent"):
                    negs += 1
            elif o_intent == intent and one_answer and poss < pos_per:
                if pairs.add(a, b, 1, source, "mined-same-intent"):
                    poss += 1
            if negs >= neg_per and poss >= pos_per:
                break
    return pairs


def noisy_banking77(qs, emb, dup_cosine):
    """BANKING77 questions whose nearest other-intent neighbour is nearly the same question."""
    idx = [i for i, q in enumerate(qs) if q[2] == "banking77"]
    sub = emb[idx]
    top, sims = neighbours(sub, 10)
    out = set()
    for r, i in enumerate(idx):
        for j, c in zip(top[r], sims[r]):
            if j == r:
                continue
            o = qs[idx[j]]
            if o[1] != qs[i][1] and (c >= dup_cosine or bp.jaccard(o[0], qs[i][0]) >= 0.6):
                out.add(qs[i][0].lower())
                out.add(o[0].lower())
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--datasets", default=os.path.abspath(os.path.join(REPO, "..", "shared", "datasets")))
    p.add_argument("--data", default=os.path.join(REPO, "bench", "target", "verifier-data"))
    p.add_argument("--base-jar", default=None)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--neg-per", type=int, default=3, help="mined other-intent negatives per question")
    p.add_argument("--pos-per", type=int, default=1, help="mined same-intent positives per question")
    p.add_argument("--floor", type=float, default=0.6, help="the recall floor: neighbours below it are not mined")
    p.add_argument("--dup-cosine", type=float, default=0.93)
    p.add_argument("--replay", type=int, default=36000, help="pairs of train.jsonl + train-extra.jsonl replayed")
    p.add_argument("--threads", type=int, default=1)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    rnd = random.Random(args.seed + 200)
    t0 = time.time()
    emb = Embedder(base_jar(args.base_jar), os.path.join(args.data, "mine-tokenizer"))
    manifest = {"seed": args.seed, "neg_per": args.neg_per, "pos_per": args.pos_per, "floor": args.floor,
                "dup_cosine": args.dup_cosine, "files": {}}
    dropped_all = set()
    for split, name in (("train", "train-stream"), ("dev", "dev-stream")):
        qs = questions(args.datasets, split)
        e = emb.embed([bp.gateway_normalised(q[0]) for q in qs])
        print(f"{split}: embedded {len(qs)} questions in {time.time() - t0:.0f}s", flush=True)
        dropped = noisy_banking77(qs, e, args.dup_cosine)
        dropped_all |= dropped
        print(f"{split}: {len(dropped)} BANKING77 questions dropped as double-labelled", flush=True)
        pairs = bp.Pairs()
        mine(qs, e, rnd, args.neg_per, args.pos_per, args.floor, args.dup_cosine, pairs, dropped)
        if split == "train":
            replay = []
            for f in ("train.jsonl", "train-extra.jsonl"):
                with open(os.path.join(args.data, f), encoding="utf-8") as fh:
                    replay += [json.loads(line) for line in fh if line.strip()]
            replay = [r for r in replay if r["a"].lower() not in dropped and r["b"].lower() not in dropped]
            for r in rnd.sample(replay, min(args.replay, len(replay))):
                pairs.items.append(dict(r, kind=r["kind"] + "-replay"))
        items = bp.write(os.path.join(args.data, name + ".jsonl"), pairs.items, rnd)
        manifest["files"][name] = bp.summary(items)
        manifest["files"][name]["questions"] = len(qs)
        manifest["files"][name]["dropped_banking77_questions"] = len(dropped)
        print(f"{name}: {len(items)} pairs, {sum(i['label'] for i in items)} positive; "
              f"{dict(Counter(i['kind'] for i in items if 'replay' not in i['kind']))}", flush=True)
    with open(os.path.join(args.data, "stream-manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=2)
    with open(os.path.join(args.data, "banking77-dropped.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(sorted(dropped_all)) + "\n")


if __name__ == "__main__":
    main()
