"""Intent classification: TF-IDF (character n-grams + word n-grams) with logistic regression,
plus a few high-precision keyword rules and a confidence floor that routes unsure guesses
to `other`.

Why this model: it trains in seconds on CPU from our own labelled data, handles Chinese
without a tokenizer (character n-grams), is robust to typos (char n-grams again), and its
class probabilities give a usable confidence.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from bot.nlu.dataset import INTENTS, Example
from bot.nlu.entities import ALNUM_ORDER_RE, AMOUNT_RE, DHL_RE, LONG_ID_RE, PLACEHOLDER_RE, SIZE_RE, TRACKING_RE

if TYPE_CHECKING:   # scikit-learn is imported only to train: a cached model predicts without it (#17)
    from sklearn.pipeline import Pipeline


@dataclass(frozen=True)
class IntentResult:
    name: str
    confidence: float  # [0, 1]


# Below this probability the classifier's guess is not trusted: answer `other`, and let the
# dialogue ask the customer to rephrase rather than act on a wrong intent. 0.25 and C=16 were
# picked by 5-fold cross-validation on the training data grouped by source template
# (C 2/8/16/32, floor 0.20-0.40, balanced vs no class weights); not by any eval set.
CONFIDENCE_FLOOR = 0.25

_PLACEHOLDER_TOKENS = {
    "ADDRESS": " xaddr ", "LOCATION": " xaddr ", "PERSON": " xperson ", "PHONE_NUMBER": " xphone ",
    "EMAIL_ADDRESS": " xemail ",
}


# A negated action ("I don't want to cancel", "不是要取消", "不退不换") must not vote for that
# action: fold negation + verb into one opaque token that shares no n-grams with the verb.
_NEG_ACTIONS_EN = re.compile(
    r"\b(?:don'?t|do not|not|no need to|never|won'?t|didn'?t)\s+(?:want\s+to\s+|wanna\s+|need\s+to\s+|trying\s+to\s+)?"
    r"(?:a\s+)?(cancel\w*|return\w*|refund\w*|exchange\w*|swap\w*)")
_NEG_ACTIONS_ZH = re.compile(r"(?:不是|不|别|没)(?:要|想|用|打算)?(取消|退货|退款|退|换货|换)")
_NEG_TOKENS = {"can": " xnegcx ", "ret": " xnegrt ", "ref": " xnegrf ", "exc": " xnegex ", "swa": " xnegex ",
               "取消": " xnegcx ", "退货": " xnegrt ", "退": " xnegrt ", "退款": " xnegrf ", "换货": " xnegex ",
               "换": " xnegex "}


def _fold_negation(text: str) -> str:
    text = _NEG_ACTIONS_EN.sub(lambda m: _NEG_TOKENS[m.group(1)[:3]], text)
    return _NEG_ACTIONS_ZH.sub(lambda m: _NEG_TOKENS[m.group(1)], text)


def normalize(text: str) -> str:
    """Canonical form the classifier sees: width/case folded, placeholders and ids as tokens."""
    text = PLACEHOLDER_RE.sub(lambda m: _PLACEHOLDER_TOKENS.get(m.group(1), " xpii "), text)
    text = unicodedata.normalize("NFKC", text)
    text = TRACKING_RE.sub(" xtrack ", text)      # before order ids: "SF1234567890" is a parcel
    text = ALNUM_ORDER_RE.sub(" xorder ", text)
    text = LONG_ID_RE.sub(" xorder ", text)
    text = AMOUNT_RE.sub(" xamount ", text)
    text = DHL_RE.sub(" xnum ", text)
    # Sizes as one token: "42码", "XL", "size 9" all signal the same thing to the classifier.
    text = SIZE_RE.sub(" xsize ", text)
    text = _fold_negation(text.lower())
    text = re.sub(r"\d+", "0", text)
    # Squash letter repeats ("heyyyy", "plzzz") and punctuation runs.
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    text = re.sub(r"([!?。！？.~～])\1+", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()


# High-precision cues checked before the model. Each is (intent, pattern). They catch what
# must never be misread: prompt injection and explicit requests for a person.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("other", re.compile(
        r"(ignore|disregard|forget)\b.{0,30}\b(instruction|prompt|rule|previous|above)|system prompt|"
        r"developer mode|jailbreak|忽略.{0,12}(指令|规则|设定|提示)|系统提示|提示词|开发者模式|"
        r"(所有|全部|其他).{0,6}(客户|用户).{0,8}(数据|信息|电话|邮箱|订单)|"
        r"\b(all|other)\b.{0,12}\b(customers?|users?)\b.{0,12}\b(data|emails?|phones?|numbers?|orders?|addresses)")),
    ("human_agent", re.compile(
        r"转人工|人工客服|找人工|要人工|接人工|转接人工|真人客服|转真人|"
        r"\b(talk|speak|chat)\s+(to|with)\s+(a\s+)?(human|real person|person|agent|representative|someone)\b|"
        r"\b(live|human|real|actual)\s+(agent|person|human|representative)\b")),
]
_NEGATED_RULE = re.compile(r"(不|别|不用|不要|no need|don'?t|do not)\s*.{0,4}$")


def _rule(text: str) -> str | None:
    for intent, pattern in _RULES:
        m = pattern.search(text)
        if m and not _NEGATED_RULE.search(text[: m.start()]):
            return intent
    return None


def build_pipeline() -> Pipeline:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    features = FeatureUnion([
        # Character n-grams: Chinese needs no segmentation, and typos still share n-grams.
        ("char", TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 4), sublinear_tf=True,
                                 min_df=2, max_features=120_000)),
        ("word", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True,
                                 token_pattern=r"(?u)\b[a-z][a-z']+\b|[\u4e00-\u9fff]", min_df=1)),
    ])
    clf = LogisticRegression(C=16.0, max_iter=2000, class_weight="balanced")
    return Pipeline([("features", features), ("clf", clf)])


class IntentClassifier:
    """Trained classifier; `predict` returns an IntentResult for one redacted message."""

    def __init__(self, pipeline: Any) -> None:
        # A fitted sklearn Pipeline, or its CompiledPipeline (bot/nlu/compiled.py): both have
        # predict_proba and classes_.
        self.pipeline = pipeline
        self.classes: list[str] = [str(c) for c in pipeline.classes_]
        self._memo: dict[str, np.ndarray] = {}

    @classmethod
    def train(cls, examples: list[Example], sample_weight: list[float] | None = None) -> IntentClassifier:
        texts = [normalize(e.text) for e in examples]
        labels = [e.intent for e in examples]
        missing = set(INTENTS) - set(labels)
        if missing:
            raise ValueError(f"training data lacks intents: {sorted(missing)}")
        pipe = build_pipeline()
        fit_params = {"clf__sample_weight": np.asarray(sample_weight)} if sample_weight else {}
        pipe.fit(texts, labels, **fit_params)
        return cls(pipe)

    def probabilities(self, texts: list[str]) -> np.ndarray:
        if len(texts) == 1:
            # The dialogue asks again for the runner-up of the text just classified: remember a few.
            key = texts[0]
            hit = self._memo.get(key)
            if hit is None:
                hit = self.pipeline.predict_proba([normalize(key)])
                if len(self._memo) >= 64:
                    self._memo.pop(next(iter(self._memo)))
                self._memo[key] = hit
            return hit
        probs: np.ndarray = self.pipeline.predict_proba([normalize(t) for t in texts])   # sklearn is untyped
        return probs

    def predict_many(self, texts: list[str]) -> list[IntentResult]:
        probs = self.probabilities(texts)
        return [self._decide(t, p) for t, p in zip(texts, probs)]

    def predict(self, text: str) -> IntentResult:
        return self.predict_many([text])[0]

    def _decide(self, text: str, probs: np.ndarray) -> IntentResult:
        lowered = unicodedata.normalize("NFKC", text).lower()
        ruled = _rule(lowered)
        if ruled is not None:
            p = float(probs[self.classes.index(ruled)])
            return IntentResult(ruled, round(max(p, 0.9), 4))
        if not re.search(r"[a-z\u4e00-\u9fff]", normalize(PLACEHOLDER_RE.sub(" ", text))):
            # Nothing but digits/punctuation/placeholders: an id alone is about an order,
            # anything else carries no intent.
            if ALNUM_ORDER_RE.search(text) or LONG_ID_RE.search(text):
                return IntentResult("order_status", 0.5)
            return IntentResult("other", 0.9)
        best = int(np.argmax(probs))
        name, conf = str(self.classes[best]), float(probs[best])
        if conf < CONFIDENCE_FLOOR and name != "other":
            return IntentResult("other", round(1.0 - conf, 4))
        return IntentResult(name, round(conf, 4))
