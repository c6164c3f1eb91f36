"""Intent evaluation (`make eval`).

Prints per-intent precision/recall/F1 and accuracy for
  1. our eval split (bot/nlu/data/eval_{zh,en}.txt, phrasing families not in train),
  2. the Bitext test split mapped onto our intents (de-duplicated against Bitext train),
  3. the challenge set (tests/nlu/data/challenge_{zh,en}.txt: real-world phrasing written
     independently of the training data, read through NLU.classify like the live pipeline),
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
from bot.nlu.dataset import INTENTS, Example, load_bitext, load_clinc, load_labelled_file, load_ours, training_set  # noqa: E402

CHALLENGE_DIR = Path(__file__).resolve().parents[1] / "tests" / "nlu" / "data"


def load_challenge(lang: str) -> list[Example]:
    return load_labelled_file(CHALLENGE_DIR / f"challenge_{lang}.txt", lang, "challenge")


def report(nlu: NLU, name: str, examples: list[Example], show_errors: int,
           whole_message: bool = False) -> float:
    texts = [e.text for e in examples]
    gold = [e.intent for e in examples]
    if whole_message:  # the live path: NLU.classify (clause re-reading included)
        pred = [nlu.classify(t).name for t in texts]
    else:
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
    chal = {lang: load_challenge(lang) for lang in ("zh", "en")}
    chal_acc = {lang: report(nlu, f"challenge {lang} (NLU.classify)", ex, args.errors, whole_message=True)
                for lang, ex in chal.items()}
    every = chal["zh"] + chal["en"]
    chal_all = report(nlu, "challenge (zh+en)", every, 0, whole_message=True)
    # Short generic lines ("hi", "转人工") also occur verbatim in training; report the rest too.
    seen = {e.text.strip().lower() for e in training_set()}
    unseen = [e for e in every if e.text.strip().lower() not in seen]
    unseen_acc = sum(nlu.classify(e.text).name == e.intent for e in unseen) / max(1, len(unseen))
    print(f"\n== challenge, lines not verbatim in training: {len(unseen)}/{len(every)}, accuracy {unseen_acc:.3f}")
    print(f"\nours eval accuracy {acc:.3f} (bar 0.90); challenge {chal_all:.3f} "
          f"(zh {chal_acc['zh']:.3f}, en {chal_acc['en']:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
