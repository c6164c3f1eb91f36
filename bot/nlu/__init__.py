"""Understanding of (already redacted) customer messages: language, intent, entities, sentiment.

    nlu = NLU.load()              # once per process; share it
    u = nlu.understand(text)      # Understanding(language, intent, entities, sentiment)
"""
from __future__ import annotations

import hashlib
import importlib.metadata
import logging
import os
import pickle
import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from bot.nlu import dataset
from bot.nlu.entities import Entities, extract_entities
from bot.nlu.intent import IntentClassifier, IntentResult
from bot.nlu.language import detect_language
from bot.nlu.sentiment import Sentiment, analyze_sentiment

__all__ = ["NLU", "Understanding", "IntentResult", "Sentiment", "Entities",
           "detect_language", "extract_entities", "analyze_sentiment"]

log = logging.getLogger(__name__)

# Training takes longer than the 2 s budget on a busy machine, so the fitted model is cached
# under the data directory, keyed by the training data, the code and the sklearn version.
# The cache holds the compiled model (bot/nlu/compiled.py): loading it imports no sklearn.
_CACHE_ENV = "AFTERSALES_NLU_CACHE_DIR"
_CODE_FILES = ("intent.py", "dataset.py", "entities.py", "compiled.py")


@dataclass(frozen=True)
class Understanding:
    language: str
    intent: IntentResult
    entities: Entities
    sentiment: Sentiment

    def to_dict(self) -> dict:
        return {
            "language": self.language,
            "intent": {"name": self.intent.name, "confidence": self.intent.confidence},
            "entities": self.entities.to_dict(),
            "sentiment": {"label": self.sentiment.label, "score": self.sentiment.score},
        }


_CHITCHAT = frozenset({"greeting", "thanks_bye", "other"})
_CLAUSE_SPLIT = re.compile(r"[。！？!?;；,，\n]+|[.](?=\s)"
                           r"|\b(?:also|btw|by the way)\b|另外|还有|顺便问一下|顺便", re.I)


def _default_cache_dir() -> Path:
    if os.environ.get(_CACHE_ENV):
        return Path(os.environ[_CACHE_ENV])
    data_dir = os.environ.get("AFTERSALES_DATA_DIR", ".data")
    root = Path(__file__).resolve().parents[2]
    base = Path(data_dir) if Path(data_dir).is_absolute() else root / data_dir
    return base / "nlu"


_TRAIN_SECONDS = "train-seconds.txt"
_DEFAULT_TRAIN_ESTIMATE_S = 20.0   # measured on a shared 2-core machine


def _train_estimate(cache_dir: Path) -> float:
    try:
        return float((cache_dir / _TRAIN_SECONDS).read_text(encoding="ascii"))
    except (OSError, ValueError):
        return _DEFAULT_TRAIN_ESTIMATE_S


def _fingerprint() -> str:
    # The installed version from its metadata: importing sklearn for it would cost seconds.
    h = hashlib.sha256(importlib.metadata.version("scikit-learn").encode())
    here = Path(__file__).resolve().parent
    for path in [here / name for name in _CODE_FILES] + dataset.data_fingerprint_files():
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


class NLU:
    """Language, intent, entities and sentiment for one redacted message."""

    def __init__(self, classifier: IntentClassifier) -> None:
        self.classifier = classifier

    @classmethod
    def train(cls) -> NLU:
        """Train, then predict with the compiled copy when it agrees with sklearn on every training text."""
        from bot.nlu.compiled import NotCompilable, agrees_with, compile_pipeline
        from bot.nlu.intent import normalize
        examples = dataset.training_set()
        fitted = IntentClassifier.train(examples)
        try:
            compiled = compile_pipeline(fitted.pipeline)
        except NotCompilable as exc:
            log.warning("intent model not compiled (%s); predicting with scikit-learn", exc)
            return cls(fitted)
        if not agrees_with(compiled, fitted.pipeline, [normalize(e.text) for e in examples]):
            log.warning("compiled intent model disagrees with scikit-learn; predicting with scikit-learn")
            return cls(fitted)
        return cls(IntentClassifier(compiled))

    @classmethod
    def load(cls, cache_dir: Path | None = None, use_cache: bool = True) -> NLU:
        """Load the cached model if it matches the current data and code, else train (and cache)."""
        if not use_cache:
            return cls.train()
        cache_dir = cache_dir or _default_cache_dir()
        path = cache_dir / f"intent-{_fingerprint()}.pkl"
        if path.exists():
            try:
                with path.open("rb") as fh:
                    # Our own file, written below, in our data directory.
                    return cls(pickle.load(fh))
            except Exception:  # stale or truncated cache: retrain
                log.warning("NLU model cache unreadable, retraining")
        from bot.core.progress import long_step
        started = time.monotonic()
        with long_step("training the intent model", estimate_s=_train_estimate(cache_dir)):
            nlu = cls.train()
        took = time.monotonic() - started
        log.info("NLU intent model trained in %.1fs", took)
        try:
            cache_dir.mkdir(parents=True, exist_ok=True)
            # The next fresh start (new data or code) gets an estimate measured on this machine.
            (cache_dir / _TRAIN_SECONDS).write_text(f"{took:.1f}\n", encoding="ascii")
            tmp = path.with_suffix(f".tmp{os.getpid()}")
            with tmp.open("wb") as fh:
                pickle.dump(nlu.classifier, fh, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.replace(path)  # atomic: concurrent loaders never see half a file
            for old in cache_dir.glob("intent-*.pkl"):
                if old != path:
                    old.unlink(missing_ok=True)
        except OSError:
            log.warning("NLU model cache not writable; continuing without it")
        return nlu

    def detect_language(self, text: str) -> str:
        return detect_language(text)

    def classify(self, text: str) -> IntentResult:
        """The intent of the message; for a message of several clauses, the one that asks for something.

        "ok thanks. also my watch won't sync" is a thanks followed by a request: the whole-message
        guess leans to the pleasantry, so when it lands on chit-chat the clauses are read one by one
        and a confident actionable clause wins.
        """
        whole = self.classifier.predict(text)
        if whole.name not in _CHITCHAT or whole.confidence >= 0.9:
            return whole
        pieces = [c.strip() for c in _CLAUSE_SPLIT.split(text) if c and c.strip()]
        if len(pieces) < 2:
            return whole
        clauses = [c for c in pieces if len(c) >= 3]
        best = whole
        for clause in clauses:
            guess = self.classifier.predict(clause)
            if guess.name not in _CHITCHAT and guess.confidence >= 0.6 and (
                    best.name in _CHITCHAT or guess.confidence > best.confidence):
                best = guess
        return best

    def extract_entities(self, text: str) -> Entities:
        return extract_entities(text)

    def analyze_sentiment(self, text: str, lang: str | None = None) -> Sentiment:
        return analyze_sentiment(text, lang)

    def understand(self, text: str) -> Understanding:
        # Full-width letters and digits (ＳＯ２０２６…, common from Chinese keyboards) read as ASCII.
        text = unicodedata.normalize("NFKC", text)
        lang = detect_language(text)
        return Understanding(
            language=lang,
            intent=self.classify(text),
            entities=extract_entities(text),
            sentiment=analyze_sentiment(text, lang),
        )
