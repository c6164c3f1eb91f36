"""Redaction quality runner: per-type recall/precision, leak rate and over-redaction per set.

    .venv/bin/python -m tests.redaction.runner            # all sets
    .venv/bin/python -m tests.redaction.runner --show-errors ours
    .venv/bin/python -m tests.redaction.runner presidio_synth_en:dev waybill_ner_zh:train --show-errors

Splits: `NAME:PART` selects part of a public set. presidio_synth_en has no split upstream, so it is
cut deterministically by a hash of the record id into `dev` and `test` halves; waybill_ner_zh has
`train`, `dev` and `test` files. Tune on dev/train errors only; report (and gate) the test parts.

Definitions (type-agnostic where it protects the customer, typed for the per-type table):
- leak: a gold PII span with less than 80% of its non-space characters covered by findings
  of any type; leak rate = leaked spans / gold spans.
- over-redaction: a must-survive value (order/tracking number, amount, date, product, size)
  touched by any finding; rate = touched / must-survive values. For the public sets, which
  have no must-survive labels, findings that overlap no gold span of ours count as a proxy.
- recall(T): gold spans of type T with ≥50% of their characters covered by findings of type T.
- precision(T): findings of type T overlapping a gold span of type T (spans of types we do not
  target, e.g. GPE/ORGANIZATION, are ignored: findings on them count neither way).
"""
from __future__ import annotations

import argparse
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = Path(__file__).with_name("corpus.jsonl")
HELDOUT = Path(__file__).with_name("heldout.jsonl")  # written once before tuning; report only, never tune on it
HELDOUT4 = Path(__file__).with_name("heldout_v4.jsonl")  # round four (cases_v4.py), same discipline
HELDOUT5 = Path(__file__).with_name("heldout_v5.jsonl")  # round five (cases_v5.py), same discipline
HELDOUT6 = Path(__file__).with_name("heldout_v6.jsonl")  # round six (cases_v6.py), same discipline
HELDOUT8 = Path(__file__).with_name("heldout_v8.jsonl")  # round eight (cases_v8.py), same discipline
PUBLIC = ROOT / "tests" / "data" / "public"  # vendored evaluation sets, with their licences
PRESIDIO_MAP = {"PERSON": "PERSON", "STREET_ADDRESS": "ADDRESS", "CREDIT_CARD": "CREDIT_CARD",
                "PHONE_NUMBER": "PHONE_NUMBER", "EMAIL_ADDRESS": "EMAIL_ADDRESS", "US_SSN": "US_SSN",
                "IP_ADDRESS": "IP_ADDRESS"}


def synth_part(rec_id: str) -> str:
    """Deterministic dev/test half of presidio_synth_en (by a hash of the id, not by position)."""
    return "dev" if hashlib.sha256(rec_id.encode()).digest()[0] % 2 == 0 else "test"


def load_set(name: str) -> list[dict]:
    """Records as {id, lang, text, pii:[{type,start,end}], ignore:[(s,e)], keep:[str]}."""
    name, _, part = name.partition(":")
    if name in ("ours", "heldout", "heldout4", "heldout5", "heldout6", "heldout8"):
        path = {"ours": CORPUS, "heldout": HELDOUT, "heldout4": HELDOUT4, "heldout5": HELDOUT5, "heldout6": HELDOUT6,
                "heldout8": HELDOUT8}[name]
        return [json.loads(x) | {"ignore": []} for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    if name == "presidio_synth_en":
        out = []
        for line in (PUBLIC / "presidio_synth_en" / "synth_dataset_v2.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            pii = [dict(p, type=PRESIDIO_MAP[p["type"]]) for p in r["pii"] if p["type"] in PRESIDIO_MAP]
            ign = [(p["start"], p["end"]) for p in r["pii"] if p["type"] not in PRESIDIO_MAP]
            if part and synth_part(r["id"]) != part:
                continue
            out.append({"id": r["id"], "lang": "en", "text": r["text"], "pii": pii, "ignore": ign, "keep": []})
        return out
    if name == "waybill_ner_zh":
        out = []
        for split in ((part,) if part else ("dev", "test")):
            for line in (PUBLIC / "waybill_ner_zh" / f"{split}.jsonl").read_text(encoding="utf-8").splitlines():
                r = json.loads(line)
                out.append({"id": r["id"], "lang": "zh", "text": r["text"], "pii": r["pii"], "ignore": [], "keep": []})
        return out
    raise KeyError(name)


SETS = ("ours", "heldout", "heldout4", "heldout5", "heldout6", "heldout8", "presidio_synth_en:dev", "presidio_synth_en:test", "waybill_ner_zh:dev", "waybill_ner_zh:test")


@dataclass
class Report:
    name: str
    gold: dict = field(default_factory=lambda: defaultdict(int))
    hit: dict = field(default_factory=lambda: defaultdict(int))
    found: dict = field(default_factory=lambda: defaultdict(int))
    correct: dict = field(default_factory=lambda: defaultdict(int))
    spans: int = 0
    leaked: int = 0
    keep_total: int = 0
    keep_broken: int = 0
    stray: int = 0
    findings: int = 0
    errors: list = field(default_factory=list)

    @property
    def leak_rate(self) -> float:
        return self.leaked / self.spans if self.spans else 0.0

    @property
    def over_redaction(self) -> float:
        if self.keep_total:
            return self.keep_broken / self.keep_total
        return self.stray / self.findings if self.findings else 0.0

    def recall(self, t: str) -> float:
        return self.hit[t] / self.gold[t] if self.gold[t] else float("nan")

    def precision(self, t: str) -> float:
        return self.correct[t] / self.found[t] if self.found[t] else float("nan")

    def table(self) -> str:
        lines = [f"== {self.name}: {self.spans} gold spans, {self.findings} findings",
                 f"{'type':16} {'gold':>5} {'recall':>7} {'found':>6} {'precision':>9}"]
        for t in sorted(set(self.gold) | set(self.found)):
            lines.append(f"{t:16} {self.gold[t]:5d} {self.recall(t):7.3f} {self.found[t]:6d} {self.precision(t):9.3f}")
        kind = "must-survive values destroyed" if self.keep_total else "findings on no gold span (proxy)"
        lines.append(f"leak rate {self.leak_rate:.4f} ({self.leaked}/{self.spans})   "
                     f"over-redaction {self.over_redaction:.4f} ({kind}: "
                     f"{self.keep_broken if self.keep_total else self.stray}/{self.keep_total or self.findings})")
        return "\n".join(lines)


def _cover(s: int, e: int, spans, text: str) -> float:
    idx = [i for i in range(s, e) if not text[i].isspace()]
    if not idx:
        return 1.0
    return sum(1 for i in idx if any(a <= i < b for a, b in spans)) / len(idx)


def evaluate(redactor, name: str, records: list[dict] | None = None) -> Report:
    records = load_set(name) if records is None else records
    rep = Report(name)
    results = redactor.analyze_batch([r["text"] for r in records], [r.get("lang") for r in records])
    for r, findings in zip(records, results):
        text = r["text"]
        all_spans = [(f.start, f.end) for f in findings]
        by_type = defaultdict(list)
        for f in findings:
            by_type[f.type].append((f.start, f.end))
        for g in r["pii"]:
            rep.spans += 1
            rep.gold[g["type"]] += 1
            if _cover(g["start"], g["end"], all_spans, text) < 0.8:
                rep.leaked += 1
                rep.errors.append(("LEAK", r["id"], g["type"], text[g["start"]:g["end"]], text))
            if _cover(g["start"], g["end"], by_type[g["type"]], text) >= 0.5:
                rep.hit[g["type"]] += 1
        for f in findings:
            rep.findings += 1
            rep.found[f.type] += 1
            same = [g for g in r["pii"] if g["type"] == f.type and g["start"] < f.end and f.start < g["end"]]
            anyg = [g for g in r["pii"] if g["start"] < f.end and f.start < g["end"]]
            ign = [1 for a, b in r["ignore"] if a < f.end and f.start < b]
            if same:
                rep.correct[f.type] += 1
            elif ign and not anyg:
                rep.found[f.type] -= 1  # on a type we don't target: neither right nor wrong
                rep.findings -= 1
            else:
                rep.errors.append(("FP", r["id"], f.type, text[f.start:f.end], text))
            if not anyg and not ign:
                rep.stray += 1
        for v in r.get("keep", []):
            rep.keep_total += 1
            s = text.find(v)
            if any(a < s + len(v) and s < b for a, b in all_spans):
                rep.keep_broken += 1
                rep.errors.append(("KEEP", r["id"], "", v, text))
    return rep


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("sets", nargs="*", default=list(SETS))
    ap.add_argument("--show-errors", action="store_true")
    args = ap.parse_args()
    from privacy.redactor import Redactor
    red = Redactor.create()
    for name in args.sets:
        rep = evaluate(red, name)
        print(rep.table())
        if args.show_errors:
            for e in rep.errors:
                print("  ", e[0], e[1], e[2], repr(e[3]), "|", e[4][:160].replace("\n", " "))
        print()


if __name__ == "__main__":
    main()
