"""Quality gates on the labelled corpus and the public sets (figures: python -m tests.redaction.runner)."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

# tests/ is not a package; load the runner module by path.
_spec = importlib.util.spec_from_file_location("redaction_runner", Path(__file__).with_name("runner.py"))
_runner = importlib.util.module_from_spec(_spec)
sys.modules["redaction_runner"] = _runner  # dataclasses need the module registered
_spec.loader.exec_module(_runner)
evaluate, load_set = _runner.evaluate, _runner.load_set


@pytest.fixture(scope="module")
def reports(redactor):
    return {name: evaluate(redactor, name) for name in ("ours", "presidio_synth_en", "waybill_ner_zh")}


def test_corpus_is_big_and_bilingual():
    recs = load_set("ours")
    assert len(recs) >= 400
    langs = {r["lang"] for r in recs}
    assert langs == {"zh", "en"}
    assert sum(len(r["keep"]) for r in recs) >= 300  # numbers/products that must survive


def test_our_corpus_leak_and_over_redaction(reports):
    rep = reports["ours"]
    assert rep.leak_rate <= 0.01, rep.table()
    assert rep.over_redaction <= 0.02, rep.table()
    for t in ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "CN_RESIDENT_ID", "US_SSN", "ADDRESS", "IP_ADDRESS"):
        assert rep.recall(t) >= 0.95, (t, rep.table())
        assert rep.precision(t) >= 0.95, (t, rep.table())


def test_presidio_synth_floors(reports):
    rep = reports["presidio_synth_en"]
    floors = {"CREDIT_CARD": 0.9, "EMAIL_ADDRESS": 0.97, "PHONE_NUMBER": 0.75, "US_SSN": 0.95,
              "IP_ADDRESS": 0.9, "PERSON": 0.5}
    for t, floor in floors.items():
        assert rep.recall(t) >= floor, (t, rep.table())
    for t in ("CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "PERSON"):
        assert rep.precision(t) >= 0.85, (t, rep.table())
    assert rep.over_redaction <= 0.03, rep.table()


def test_waybill_floors(reports):
    rep = reports["waybill_ner_zh"]
    assert rep.recall("PHONE_NUMBER") >= 0.97, rep.table()
    assert rep.recall("ADDRESS") >= 0.95, rep.table()
    assert rep.recall("PERSON") >= 0.83, rep.table()
    for t in ("PHONE_NUMBER", "ADDRESS", "PERSON"):
        assert rep.precision(t) >= 0.95, (t, rep.table())
    assert rep.leak_rate <= 0.2, rep.table()
