#!/usr/bin/python3
"""The verifier's report: reads the *.scores.jsonl that VerifierScores wrote (verifier probability "p" and the
embedders' cosines "cos:<model>" per labelled pair), picks the probability bar on dev only, and writes a Markdown
report plus metrics.json.

Per set and scorer: ROC AUC; recall at <= 1% and <= 2% false hits (the best bar on that set itself, a frontier);
recall and false hits at the bar picked on dev; the combined decision "cosine >= floor AND p >= bar".

Run: /usr/bin/python3 bench/training/metrics.py --scores DIR [--out report.md] [--target 0.01]
"""

import argparse
import json
import os
from collections import defaultdict

SETS = [("dev", "dev (bar picked here)"), ("heldout", "held-out in-domain pairs"),
        ("redis-heldout", "held-out Redis LangCache pairs"), ("nearmiss", "rule-made near misses/paraphrases"),
        ("ood", "out-of-domain (never trained on)")]


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def auc(scores, labels):
    pairs = sorted(zip(scores, labels))
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum, i = 0.0, 0
    while i < len(pairs):
        j = i
        while j + 1 < len(pairs) and pairs[j + 1][0] == pairs[i][0]:
            j += 1
        avg = (i + j) / 2 + 1
        rank_sum += avg * sum(1 for k in range(i, j + 1) if pairs[k][1] == 1)
        i = j + 1
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def at_bar(rows, accept):
    pos = [r for r in rows if r["label"] == 1]
    neg = [r for r in rows if r["label"] == 0]
    tp = sum(1 for r in pos if accept(r))
    fp = sum(1 for r in neg if accept(r))
    return {"recall": tp / len(pos) if pos else float("nan"), "false_hits": fp / len(neg) if neg else float("nan"),
            "positives": len(pos), "negatives": len(neg)}


def frontier(scores, labels, max_fpr):
    """Best recall over bars whose false-hit rate is <= max_fpr (a bar takes scores >= it)."""
    n_pos, n_neg = sum(labels), len(labels) - sum(labels)
    best, fp, tp = 0.0, 0, 0
    order = sorted(zip(scores, labels), key=lambda x: -x[0])
    i = 0
    while i < len(order):
        j = i
        while j < len(order) and order[j][0] == order[i][0]:
            tp += order[j][1]
            fp += 1 - order[j][1]
            j += 1
        if n_neg and fp / n_neg <= max_fpr and n_pos:
            best = max(best, tp / n_pos)
        i = j
    return best


def pick_bar(rows, key, max_fpr):
    """The lowest bar on these rows whose false-hit rate is <= max_fpr at it and at every higher bar."""
    neg = sorted((r[key] for r in rows if r["label"] == 0), reverse=True)
    allowed = int(max_fpr * len(neg))
    # accepting scores >= bar: the bar just above the (allowed+1)-th highest negative
    if allowed >= len(neg):
        return 0.0
    return min(1.0, neg[allowed] + 1e-6) if key == "p" else neg[allowed] + 1e-6


def pct(x):
    return "n/a" if x != x else f"{100 * x:.1f}%"


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--scores", required=True)
    p.add_argument("--out", default=None)
    p.add_argument("--targets", default="0.01,0.02", help="false-hit rates on dev to pick the bar at")
    p.add_argument("--floors", default="0.5,0.6,0.7")
    p.add_argument("--title", default="Pair verifier")
    args = p.parse_args()
    data = {name: load(os.path.join(args.scores, name + ".scores.jsonl")) for name, _ in SETS
            if os.path.exists(os.path.join(args.scores, name + ".scores.jsonl"))}
    scorers = ["p"] + sorted(k for k in data["dev"][0] if k.startswith("cos:"))
    targets = [float(t) for t in args.targets.split(",")]
    floors = [float(f) for f in args.floors.split(",")]
    bars = {(s, t): pick_bar(data["dev"], s, t) for s in scorers for t in targets}
    out = {"bars": {f"{s}@{t}": b for (s, t), b in bars.items()}, "sets": {}}
    lines = [f"# {args.title}", "",
             "Bars are picked on dev only: the lowest bar whose dev false-hit rate is at most the target. "
             "Recall = share of same-answer pairs accepted; false hits = share of different-answer pairs accepted. "
             "\"frontier\" = best recall on that set itself at <= 1% / <= 2% false hits (no bar carried over).", ""]
    lines.append("| scorer | bar @ dev 1% | bar @ dev 2% |")
    lines.append("|---|---|---|")
    for s in scorers:
        lines.append(f"| {s} | {bars[(s, targets[0])]:.4f} | {bars[(s, targets[-1])]:.4f} |")
    lines.append("")
    for name, title in SETS:
        if name not in data:
            continue
        rows = data[name]
        labels = [r["label"] for r in rows]
        lines += [f"## {title} ({len(rows)} pairs, {sum(labels)} same)", "",
                  "| scorer | ROC AUC | frontier <=1% | frontier <=2% | at dev-1% bar: recall / false hits "
                  "| at dev-2% bar: recall / false hits |", "|---|---|---|---|---|---|"]
        set_out = {}
        for s in scorers:
            scores = [r[s] for r in rows]
            a = auc(scores, labels)
            f1, f2 = frontier(scores, labels, 0.01), frontier(scores, labels, 0.02)
            m1 = at_bar(rows, lambda r, b=bars[(s, targets[0])]: r[s] >= b)
            m2 = at_bar(rows, lambda r, b=bars[(s, targets[-1])]: r[s] >= b)
            set_out[s] = {"auc": a, "frontier_1": f1, "frontier_2": f2, "at_dev_1": m1, "at_dev_2": m2}
            lines.append(f"| {s} | {a:.3f} | {pct(f1)} | {pct(f2)} | {pct(m1['recall'])} / {pct(m1['false_hits'])} "
                         f"| {pct(m2['recall'])} / {pct(m2['false_hits'])} |")
        lines.append("")
        cos_keys = [s for s in scorers if s.startswith("cos:")]
        if cos_keys:
            lines += ["Combined: cosine >= floor AND p >= the dev bar (recall / false hits):", "",
                      "| embedder | floor | p @ dev 1% | p @ dev 2% |", "|---|---|---|---|"]
            for c in cos_keys:
                for fl in floors:
                    m1 = at_bar(rows, lambda r: r[c] >= fl and r["p"] >= bars[("p", targets[0])])
                    m2 = at_bar(rows, lambda r: r[c] >= fl and r["p"] >= bars[("p", targets[-1])])
                    set_out[f"{c}>={fl}&p"] = {"at_dev_1": m1, "at_dev_2": m2}
                    lines.append(f"| {c[4:]} | {fl} | {pct(m1['recall'])} / {pct(m1['false_hits'])} "
                                 f"| {pct(m2['recall'])} / {pct(m2['false_hits'])} |")
            lines.append("")
        by_kind = defaultdict(list)
        for r in rows:
            by_kind[(r.get("source", ""), r.get("kind", ""))].append(r)
        if name in ("nearmiss", "heldout", "ood", "redis-heldout"):
            lines += [f"By kind, at the verifier's dev-1% bar ({bars[('p', targets[0])]:.3f}); "
                      "for negatives the share accepted (false hits), for positives the share accepted (recall):", "",
                      "| source | kind | label | pairs | accepted: verifier | " +
                      " | ".join(c[4:] for c in cos_keys) + " (at its dev-1% bar) |",
                      "|---|---|---|---|---|" + "---|" * len(cos_keys)]
            for (src, kind), rs in sorted(by_kind.items()):
                for label in (0, 1):
                    sub = [r for r in rs if r["label"] == label]
                    if not sub:
                        continue
                    acc = sum(1 for r in sub if r["p"] >= bars[("p", targets[0])]) / len(sub)
                    cos_acc = [sum(1 for r in sub if r[c] >= bars[(c, targets[0])]) / len(sub) for c in cos_keys]
                    lines.append(f"| {src} | {kind} | {label} | {len(sub)} | {pct(acc)} | "
                                 + " | ".join(pct(x) for x in cos_acc) + " |")
            lines.append("")
        out["sets"][name] = set_out
    text = "\n".join(lines)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            f.write(text + "\n")
        with open(os.path.splitext(args.out)[0] + ".json", "w", encoding="utf-8") as f:
            json.dump(out, f, indent=2)
    print(text)


if __name__ == "__main__":
    main()
