"""The fitted intent pipeline as plain arrays: predicts without importing scikit-learn.

Importing scikit-learn (and through it scipy.stats) is most of `aftersales chat`'s start-up,
while predicting with a fitted TF-IDF + logistic-regression pipeline is a few dictionary
look-ups and one small matrix product. `compile_pipeline` copies what prediction reads out of
the fitted sklearn objects (vocabularies, IDF weights, coefficients); `CompiledPipeline`
reproduces `predict_proba` with numpy alone.

Only the configuration `intent.build_pipeline` builds is supported (char_wb and word TF-IDF,
sublinear tf, l2 norm, multinomial logistic regression); anything else raises
`NotCompilable`. The caller checks the compiled probabilities against sklearn's on the
training texts before trusting it (`agrees_with`), so a difference in some future sklearn
version falls back to the sklearn model instead of changing an intent.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

_WHITE_SPACES = re.compile(r"\s\s+")   # sklearn's _white_spaces, used by char_wb


class NotCompilable(ValueError):
    """The fitted pipeline uses an option the compiled predictor does not reproduce."""


def _char_wb_ngrams(text: str, lo: int, hi: int) -> list[str]:
    # The same n-grams, in the same order, as sklearn's _VectorizerMixin._char_wb_ngrams.
    text = _WHITE_SPACES.sub(" ", text)
    grams: list[str] = []
    for word in text.split():
        w = " " + word + " "
        w_len = len(w)
        for n in range(lo, hi + 1):
            offset = 0
            grams.append(w[offset:offset + n])
            while offset + n < w_len:
                offset += 1
                grams.append(w[offset:offset + n])
            if offset == 0:   # a word shorter than n is counted once
                break
    return grams


def _word_ngrams(tokens: list[str], lo: int, hi: int) -> list[str]:
    # sklearn's _VectorizerMixin._word_ngrams without stop words.
    if hi == 1:
        return tokens
    out = list(tokens) if lo == 1 else []
    start = lo + 1 if lo == 1 else lo
    for n in range(start, min(hi + 1, len(tokens) + 1)):
        for i in range(len(tokens) - n + 1):
            out.append(" ".join(tokens[i:i + n]))
    return out


@dataclass
class _Tfidf:
    """One fitted TfidfVectorizer: analyzer settings, vocabulary and IDF weights."""

    analyzer: str
    ngram_range: tuple[int, int]
    lowercase: bool
    token_pattern: str
    vocabulary: dict[str, int]
    idf: np.ndarray
    offset: int = 0     # column of feature 0 in the union

    def analyze(self) -> Callable[[str], list[str]]:
        lo, hi = self.ngram_range
        if self.analyzer == "char_wb":
            return lambda doc: _char_wb_ngrams(doc.lower() if self.lowercase else doc, lo, hi)
        pattern = re.compile(self.token_pattern)
        return lambda doc: _word_ngrams(pattern.findall(doc.lower() if self.lowercase else doc), lo, hi)

    def features(self, doc: str, analyze: Callable[[str], list[str]]) -> tuple[list[int], list[float]]:
        counts: dict[int, int] = {}
        vocab = self.vocabulary
        for gram in analyze(doc):
            j = vocab.get(gram)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        cols = sorted(counts)
        vals = [(1.0 + math.log(counts[j])) * float(self.idf[j]) for j in cols]   # sublinear tf × idf
        norm = math.sqrt(sum(v * v for v in vals))
        if norm > 0:
            vals = [v / norm for v in vals]
        return [self.offset + j for j in cols], vals


class CompiledPipeline:
    """`predict_proba` and `classes_` of the fitted intent pipeline, numpy only."""

    def __init__(self, parts: list[_Tfidf], coef: np.ndarray, intercept: np.ndarray, classes: list[str]) -> None:
        self.parts = parts
        self.coef = coef                  # (n_classes, n_features)
        self.intercept = intercept
        self.classes_ = np.asarray(classes, dtype=object)
        self._analyzers: list[Callable[[str], list[str]]] | None = None

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_analyzers"] = None        # closures do not pickle; rebuilt on first use
        return state

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        if self._analyzers is None:
            self._analyzers = [p.analyze() for p in self.parts]
        scores = np.empty((len(texts), self.coef.shape[0]))
        for row, text in enumerate(texts):
            cols: list[int] = []
            vals: list[float] = []
            for part, analyze in zip(self.parts, self._analyzers):
                c, v = part.features(text, analyze)
                cols += c
                vals += v
            scores[row] = self.coef[:, cols] @ np.asarray(vals) + self.intercept
        scores -= scores.max(axis=1, keepdims=True)   # softmax, as multinomial predict_proba
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=1, keepdims=True)
        return scores


def compile_pipeline(pipeline: Any) -> CompiledPipeline:
    """Copy the fitted `intent.build_pipeline()` into a CompiledPipeline (raises NotCompilable)."""
    features, clf = pipeline.named_steps["features"], pipeline.named_steps["clf"]
    parts: list[_Tfidf] = []
    offset = 0
    for _, vec in features.transformer_list:
        if (vec.analyzer not in ("char_wb", "word") or not vec.sublinear_tf or vec.norm != "l2"
                or not vec.use_idf or vec.preprocessor is not None or vec.tokenizer is not None
                or vec.strip_accents is not None or vec.stop_words is not None or vec.binary
                or features.transformer_weights):
            raise NotCompilable(f"unsupported vectorizer options in {type(vec).__name__}")
        part = _Tfidf(vec.analyzer, tuple(vec.ngram_range), bool(vec.lowercase), vec.token_pattern,
                      dict(vec.vocabulary_), np.asarray(vec.idf_, dtype=np.float64), offset)
        parts.append(part)
        offset += len(part.idf)
    coef = np.asarray(clf.coef_, dtype=np.float64)
    if coef.shape[0] < 3 or coef.shape[1] != offset:
        # Binary logistic regression is a sigmoid over one row, not a softmax: not this model.
        raise NotCompilable("expected a multinomial model over the union's features")
    return CompiledPipeline(parts, coef, np.asarray(clf.intercept_, dtype=np.float64),
                            [str(c) for c in clf.classes_])


def agrees_with(compiled: CompiledPipeline, pipeline: Any, texts: Sequence[str], tol: float = 1e-9) -> bool:
    """True when both give the same probabilities (within `tol`) and classes on `texts`."""
    if [str(c) for c in pipeline.classes_] != list(compiled.classes_):
        return False
    want = pipeline.predict_proba(list(texts))
    got = compiled.predict_proba(list(texts))
    return bool(want.shape == got.shape and np.allclose(want, got, rtol=0, atol=tol))
