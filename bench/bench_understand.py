"""Understanding speed: redacted text → NLU (language, intent, entities, sentiment) → classic
commands with the customer's orders and the shop's catalogue as context. Target < 20 ms/message.

    python bench/bench_understand.py [--rounds 3]

Messages come from the play-test rounds (tests/playtest4/*/tune); orders and catalogue from the
English demo shop (the larger one). Not a timed test: it prints figures.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.dialogue.classic import ClassicSource  # noqa: E402
from bot.dialogue.commands import UnderstandingContext  # noqa: E402
from bot.nlu import NLU  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()
    texts = [json.loads(line)["text"] for f in sorted(ROOT.glob("tests/playtest4/*/tune/conversations.jsonl"))
             for line in f.read_text(encoding="utf-8").splitlines()]
    shop = json.loads((ROOT / "config" / "demo_shop_en.json").read_text(encoding="utf-8"))
    orders = tuple({"id": o["id"], "status": o["status"], "placed_at": o.get("placed_at"), "items": o["items"]}
                   for o in shop["orders"][:8])
    catalogue = {p["id"]: p for p in shop["products"]}
    nlu = NLU.load()
    source = ClassicSource(nlu)
    for t in texts[:5]:
        nlu.understand(t)                                   # warm caches (jieba, vectorisers)
    per: list[float] = []
    for _ in range(args.rounds):
        for t in texts:
            t0 = time.perf_counter()
            u = nlu.understand(t)
            ctx = UnderstandingContext(t, u.language, (), None, None, {}, orders, tuple(catalogue.values()))
            clf = nlu.classifier
            probs = clf.probabilities([t])[0]
            ranked = sorted(zip(clf.classes, probs), key=lambda p: -p[1])
            runner = next(((str(n), float(p)) for n, p in ranked if n != u.intent.name), None)
            source.from_nlu(ctx, u.intent.name, float(u.intent.confidence), u.entities.to_dict(), catalogue, runner)
            per.append((time.perf_counter() - t0) * 1000)
    per.sort()
    p50, p95 = statistics.median(per), per[int(len(per) * 0.95) - 1]
    print(f"understand: {len(per)} messages, mean {statistics.mean(per):.2f} ms, p50 {p50:.2f} ms, "
          f"p95 {p95:.2f} ms, max {per[-1]:.2f} ms (target < 20 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
