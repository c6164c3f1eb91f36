"""Retrieval quality on tests/knowledge_eval/questions.jsonl: recall@1 and recall@3.

A question counts as answered at k when any of its listed snippet ids is among the top k
results (most questions list exactly one id). Each line of the question file:
  {"id": "q001", "lang": "en", "question": "...", "relevant": ["returns-window-en"],
   "split": "dev" | "heldout", "intent": "return_request"  (optional)}

Modes: `hinted` passes the question's language and intent (what the pipeline knows after
NLU); `plain` passes neither (language detected from the text, no intent boost).

  .venv/bin/python bench/eval_retrieval.py [--kb DIR] [--questions FILE] [--misses]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.knowledge import KnowledgeBase, shared_tokenizer  # noqa: E402

DEFAULT_KB = ROOT / "config" / "knowledge"
DEFAULT_QUESTIONS = ROOT / "tests" / "knowledge_eval" / "questions.jsonl"


@dataclass
class Outcome:
    qid: str
    lang: str
    split: str
    relevant: list[str]
    got: list[str]

    def hit(self, k: int) -> bool:
        return any(r in self.got[:k] for r in self.relevant)


def load_questions(path: Path = DEFAULT_QUESTIONS) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def run(kb: KnowledgeBase, questions: list[dict], hinted: bool = True, k: int = 3) -> list[Outcome]:
    out = []
    for q in questions:
        hits = kb.search(q["question"], lang=q["lang"] if hinted else None, k=k,
                         intent=q.get("intent") if hinted else None)
        out.append(Outcome(q["id"], q["lang"], q.get("split", "dev"), q["relevant"],
                           [h.id for h in hits]))
    return out


def recall(outcomes: list[Outcome], k: int) -> float:
    return sum(o.hit(k) for o in outcomes) / len(outcomes) if outcomes else float("nan")


def table(outcomes: list[Outcome]) -> list[tuple[str, int, float, float]]:
    groups: dict[str, list[Outcome]] = {"all": outcomes}
    for o in outcomes:
        groups.setdefault(o.lang, []).append(o)
        groups.setdefault(f"split={o.split}", []).append(o)
    order = ["zh", "en", "split=dev", "split=heldout", "all"]
    return [(name, len(groups[name]), recall(groups[name], 1), recall(groups[name], 3))
            for name in order if name in groups]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=Path, default=DEFAULT_KB)
    ap.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    ap.add_argument("--misses", action="store_true", help="list questions missed at k=3")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    shared_tokenizer()
    jieba_ms = (time.perf_counter() - t0) * 1000
    t0 = time.perf_counter()
    kb = KnowledgeBase.load(args.kb)
    load_ms = (time.perf_counter() - t0) * 1000
    questions = load_questions(args.questions)
    print(f"knowledge base: {len(kb)} snippets; jieba start-up {jieba_ms:.0f} ms (once per process),"
          f" load + index {load_ms:.0f} ms; {len(questions)} questions")
    for mode in ("hinted", "plain"):
        t0 = time.perf_counter()
        outcomes = run(kb, questions, hinted=(mode == "hinted"))
        per_q = (time.perf_counter() - t0) * 1000 / len(questions)
        print(f"\n[{mode}] ({'language and intent given' if mode == 'hinted' else 'no hints'};"
              f" {per_q:.2f} ms/query)")
        print(f"  {'group':<15}{'n':>5}{'recall@1':>11}{'recall@3':>11}")
        for name, n, r1, r3 in table(outcomes):
            print(f"  {name:<15}{n:>5}{r1:>11.3f}{r3:>11.3f}")
        if args.misses:
            by_id = {q["id"]: q for q in questions}
            for o in outcomes:
                if not o.hit(3):
                    # the questions are our own synthetic eval data, not customer messages
                    print(f"  MISS {o.qid} [{o.split}] {by_id[o.qid]['question']!r} "
                          f"want {o.relevant} got {o.got}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
