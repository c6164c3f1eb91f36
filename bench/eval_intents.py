"""Intent evaluation (`make eval`).

Prints per-intent precision/recall/F1 and accuracy for
  1. our eval split (bot/nlu/data/eval_{zh,en}.txt, phrasing families not in train),
  2. the Bitext test split mapped onto our intents (de-duplicated against Bitext train),
and the fraction of CLINC150 out-of-scope test utterances classified as `other`.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sklearn.metrics import classification_report  # noqa: E402

from bot.nlu import NLU  # noqa: E402
from bot.nlu.dataset import INTENTS, Example, load_bitext, load_clinc, load_ours  # noqa: E402


def report(nlu: NLU, name: str, examples: list[Example], show_errors: int) -> float:
    texts = [e.text for e in examples]
    gold = [e.intent for e in examples]
    pred = [r.name for r in nlu.classifier.predict_many(texts)]
    acc = sum(g == p for g, p in zip(gold, pred)) / max(1, len(gold))
    labels = [i for i in INTENTS if i in set(gold) | set(pred)]
    print(f"\n== {name}: {len(examples)} utterances, accuracy {acc:.3f}")
    print(classification_report(gold, pred, labels=labels, digits=3, zero_division=0))
    if show_errors:
        errors = [(g, p, t) for g, p, t in zip(gold, pred, texts) if g != p]
        confusions = Counter((g, p) for g, p, _ in errors)
        print("top confusions (gold -> predicted):",
              ", ".join(f"{g}->{p} x{n}" for (g, p), n in confusions.most_common(8)))
        for g, p, t in errors[:show_errors]:
            print(f"   {g:>16} -> {p:<16} {t}")
    return acc


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--errors", type=int, default=0, help="print up to N misclassified eval rows")
    ap.add_argument("--no-cache", action="store_true", help="train fresh instead of using the cache")
    args = ap.parse_args()

    started = time.monotonic()
    nlu = NLU.load(use_cache=not args.no_cache)
    print(f"model ready in {time.monotonic() - started:.1f}s")

    ours_zh = load_ours("eval", "zh")
    ours_en = load_ours("eval", "en")
    report(nlu, "ours eval zh", ours_zh, args.errors)
    report(nlu, "ours eval en", ours_en, args.errors)
    acc = report(nlu, "ours eval (zh+en)", ours_zh + ours_en, 0)

    bitext = load_bitext("test")
    if bitext:
        report(nlu, "bitext test (mapped)", bitext, args.errors)
    oos = load_clinc("oos_test")
    if oos:
        preds = nlu.classifier.predict_many([e.text for e in oos])
        rate = sum(p.name == "other" for p in preds) / len(preds)
        wrong = Counter(p.name for p in preds if p.name != "other")
        print(f"\n== clinc150 oos_test: {len(oos)} utterances, in `other`: {rate:.3f}"
              f"  (elsewhere: {dict(wrong.most_common(6))})")
    print(f"\nours eval accuracy {acc:.3f} (bar 0.90)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
