"""The compiled intent model (bot/nlu/compiled.py) predicts exactly what scikit-learn does, and a
cached model loads in a fresh interpreter without importing scikit-learn (#17)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from bot.nlu import NLU, dataset
from bot.nlu.compiled import CompiledPipeline, _char_wb_ngrams, _word_ngrams, agrees_with, compile_pipeline
from bot.nlu.intent import IntentClassifier, normalize

ROOT = Path(__file__).resolve().parents[2]

# Shapes the training data does not have: other shops' words and ids, mixed scripts, odd spacing.
UNSEEN = ["", "   ", "？？", "我想退 the blue kettle 可以吗", "order #A-77/QX where is it",
          "Kann ich das zurückgeben?", "颜色：墨绿 尺码：XL 换一个", "refund  refund   refund", "ＳＯ２０２６ 到哪了",
          "<PERSON_1> called about <PHONE_NUMBER_1>", "it's the gardener's hose, wrong length", "a"]


@pytest.fixture(scope="module")
def fitted() -> IntentClassifier:
    return IntentClassifier.train(dataset.training_set())


def test_compiled_probabilities_equal_sklearn(fitted: IntentClassifier) -> None:
    compiled = compile_pipeline(fitted.pipeline)
    texts = [normalize(e.text) for e in dataset.training_set()] + [normalize(t) for t in UNSEEN]
    want = fitted.pipeline.predict_proba(texts)
    got = compiled.predict_proba(texts)
    assert got.shape == want.shape
    assert np.abs(got - want).max() < 1e-9
    assert list(compiled.classes_) == list(fitted.classes)
    assert agrees_with(compiled, fitted.pipeline, texts)


def test_agreement_check_notices_a_different_model(fitted: IntentClassifier) -> None:
    compiled = compile_pipeline(fitted.pipeline)
    broken = CompiledPipeline(compiled.parts, compiled.coef * 0.5, compiled.intercept, list(compiled.classes_))
    assert not agrees_with(broken, fitted.pipeline, [normalize(t) for t in UNSEEN[3:]])


def test_ngrams_match_sklearn_analyzers(fitted: IntentClassifier) -> None:
    char, word = (vec for _, vec in fitted.pipeline.named_steps["features"].transformer_list)
    for text in UNSEEN:
        assert _char_wb_ngrams(text.lower(), 1, 4) == char.build_analyzer()(text)
        tokens = re.findall(word.token_pattern, text.lower())
        assert _word_ngrams(tokens, 1, 2) == word.build_analyzer()(text)


def test_cached_model_loads_without_sklearn(tmp_path: Path, fitted: IntentClassifier) -> None:
    nlu = NLU.load(cache_dir=tmp_path)          # trains and writes the compiled cache
    assert isinstance(nlu.classifier.pipeline, CompiledPipeline)
    assert list(tmp_path.glob("intent-*.pkl"))
    probe = ("import json, sys\nfrom pathlib import Path\nfrom bot.nlu import NLU\n"
             f"n = NLU.load(cache_dir=Path({str(tmp_path)!r}))\n"
             "r = n.classify('where is my parcel? 我的快递到哪了')\n"
             "print(json.dumps([r.name, r.confidence, 'sklearn' in sys.modules]))")
    env = {k: v for k, v in os.environ.items() if k != "AFTERSALES_NLU_CACHE_DIR"}
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True,
                         check=True, timeout=300)
    name, confidence, sklearn_loaded = json.loads(out.stdout.strip().splitlines()[-1])
    assert sklearn_loaded is False
    expected = NLU(fitted).classify("where is my parcel? 我的快递到哪了")
    assert (name, confidence) == (expected.name, expected.confidence)
