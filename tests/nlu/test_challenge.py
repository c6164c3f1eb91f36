"""Challenge set gate: real-world phrasing (colloquial, typos, mixed zh/en, placeholders, ids,
multi-turn fragments, off-topic and injection lines) written independently of the training data.

The files live in tests/nlu/data/challenge_{zh,en}.txt and must never feed training. The gate
sits a little under the measured figure (`make eval` prints it), so a regression fails here.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu import NLU
from bot.nlu.dataset import INTENTS, Example, load_labelled_file, training_set

DATA = Path(__file__).resolve().parent / "data"

# Measured with `make eval` when the gate was set; the bar leaves ~2 points of slack.
GATE_ALL = 0.92
GATE_PER_LANG = 0.91

# Short, generic lines that were already in the training data (ours, Bitext or CLINC) before the
# challenge set was written. Any *other* challenge line showing up in training is a leak.
KNOWN_OVERLAP = frozenset({
    "cancel一下我的订单", "充电宝充不进电", "能开发票吗", "电子发票发我邮箱<email_address_1>", "发票还没收到",
    "转人工", "我要投诉", "客服电话多少", "在吗", "你好", "hello", "哈喽", "早上好", "喂喂", "晚上好", "有人在吗",
    "谢谢", "拜拜", "thx", "3q", "怎么注册会员", "今天天气怎么样", "讲个笑话", "你叫什么名字", "好的",
    "has my order shipped yet", "how do i cancel an order", "cancel cancel cancel", "is it too late to cancel",
    "how does exchange work", "where is my refund", "when will i get my refund", "can i get an invoice",
    "human please", "agent", "talk to a human", "can someone call me at <phone_number_1>",
    "i want to file a complaint", "escalate this", "operator", "hi", "hello?", "hey", "yo", "good morning",
    "anyone there?", "hey there", "good evening", "greetings", "thanks", "that's all, bye", "appreciate it",
    "bye", "cheers", "what payment methods do you accept", "tell me a joke", "ok", "lol", "???",
    "what's your name", "can i pay with paypal",
})


def _challenge(lang: str) -> list[Example]:
    return load_labelled_file(DATA / f"challenge_{lang}.txt", lang, "challenge")


@pytest.fixture(scope="module")
def verdicts(nlu: NLU) -> dict[str, list[bool]]:
    return {lang: [nlu.classify(e.text).name == e.intent for e in _challenge(lang)] for lang in ("zh", "en")}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_challenge_set_is_broad(lang: str) -> None:
    examples = _challenge(lang)
    assert len(examples) >= 150
    assert {e.intent for e in examples} == set(INTENTS)


def test_challenge_lines_never_feed_training() -> None:
    seen = {e.text.strip().lower() for e in training_set()}
    leaked = [e.text for lang in ("zh", "en") for e in _challenge(lang)
              if e.text.strip().lower() in seen and e.text.strip().lower() not in KNOWN_OVERLAP]
    assert not leaked


def test_challenge_accuracy_gate(verdicts: dict[str, list[bool]]) -> None:
    every = verdicts["zh"] + verdicts["en"]
    assert sum(every) / len(every) >= GATE_ALL
    for lang, marks in verdicts.items():
        assert sum(marks) / len(marks) >= GATE_PER_LANG, lang
