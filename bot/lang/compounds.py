"""Chinese compound option words read character by character (#13): "冷白" for "cool white",
"深灰" for "dark grey", "雾蓝" for "mist blue", "米白" for "off-white" — words the dictionary has
no entry for, but whose characters each name one English word of a shop's value.

    best_compound("冷白的", ("warm white", "cool white"))   # ("cool white", offset)

A value is scored by how many of its words the characters of a chosen phrase cover: fully when a
character's own dictionary definition is the word (雾 "mist", 深 "(of a color) dark"), half when
the character only sits in a two-character word for it (冷 in 冷却 "to cool"). Only ever the
shop's own values are candidates, and only a phrase said as a choice ("换成冷白的", "冷白色",
a message of the word alone) is read; two values scored alike name none (the flow then asks with
the candidates).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from bot.lang import glossary as G

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A phrase said as a choice: after a choice verb, before a colour/style counter, or alone.
_VERB = r"(?:换成|改成|换为|改为|换个|换|改|要|选|用|来|想要)"
_TAIL = re.compile(r"(?:色|的|款|版|系)+$")
# English spellings of one word ("grey" / "gray"): the dictionary writes the US form.
_SPELLING = {"grey": "gray", "colour": "color", "greys": "gray"}


def _words(value: str) -> tuple[str, ...]:
    """The content words of an English value, in the dictionary's spelling ("off-white" → off, white)."""
    raw = re.findall(r"[a-z]+", value.lower())
    return tuple(G.stem(_SPELLING.get(w, w)) for w in raw if len(w) >= 2 and w not in {"and", "with", "the"})


@lru_cache(maxsize=4096)
def _char_words(ch: str) -> frozenset[str]:
    """The stemmed words a character's (or a word's) own short definitions name (白 → white, blank…)."""
    out: set[str] = set()
    for d in G.glosses(ch):
        got = G._clean(d)          # noqa: SLF001 — the glossary's own definition cleaner
        if 0 < len(got) <= 2:
            out.update(G.stem(_SPELLING.get(w, w)) for w in got)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _half_chars(word: str) -> frozenset[str]:
    """Characters of the two-character words whose definition is exactly `word` (冷 of 冷却 "cool")."""
    return frozenset(ch for head, score in G.zh_surfaces(word).items() if score == 3 and len(head) == 2
                     for ch in head)


def _units(phrase: str) -> list[str]:
    """The phrase cut into dictionary words (longest first) and single characters: "午夜蓝" →
    午夜, 蓝; "就行" stays one word ("OK"), so its 行 never reads as "line"."""
    out, i = [], 0
    while i < len(phrase):
        for j in range(min(len(phrase), i + 3), i, -1):
            if j - i == 1 or G.is_word(phrase[i:j]):
                out.append(phrase[i:j])
                i = j
                break
    return out


def _coverage(phrase: str, words: Sequence[str]) -> float:
    """How many of `words` the parts of `phrase` name (its dictionary words, else its
    characters), each part used once."""
    used: set[int] = set()
    total = 0.0
    units = _units(phrase)
    for w in words:
        best, at = 0.0, -1
        for i, ch in enumerate(units):
            if i in used:
                continue
            got = 1.0 if w in _char_words(ch) else 0.5 if ch in _half_chars(w) else 0.0
            if got > best:
                best, at = got, i
        if at >= 0:
            used.add(at)
            total += best
    if any(len(u) > 1 and i not in used for i, u in enumerate(units)):
        return 0.0          # a whole word the value does not contain ("平装" of "平装就行"): another thing
    return total


def _phrases(text: str) -> list[tuple[str, int]]:
    """(phrase, offset) of the text said as a choice: two or three characters after a choice verb
    or before 色/的/款, or the whole message when it is that short."""
    out: list[tuple[str, int]] = []
    for m in re.finditer(_VERB + r"([\u4e00-\u9fff]{2,3})", text):
        out.append((_TAIL.sub("", m.group(1)), m.start(1)))
    # The choice verbs themselves are never part of a value ("成" glosses "right").
    text = re.sub(_VERB, lambda m: " " * len(m.group(0)), text)
    runs = list(_CJK_RUN.finditer(text))
    if len(runs) == 1 and not re.sub(r"[\W\d_a-z]", "", text.replace(runs[0].group(0), "")):
        core = _TAIL.sub("", runs[0].group(0))
        if 2 <= len(core) <= 4:
            out.append((core, runs[0].start()))
    for run in runs:
        s, base = run.group(0), run.start()
        for m in re.finditer(r"(?=([\u4e00-\u9fff]{2,3})(?:色|的|款))", s):
            if m.start() and G.is_word(s[m.start() - 1:m.start() + 1]):
                continue        # "电盒" of "充电盒": a window cutting a word names nothing
            out.append((_TAIL.sub("", m.group(1)), base + m.start()))
    # A phrase that is one dictionary word ("点阵" "dot matrix") is read by the glossary itself.
    # An everyday word inside ("一点" of "快一点") makes it talk, not an option.
    return [(p, at) for p, at in out if 2 <= len(p) <= 4 and len(_units(p)) > 1
            and not any(len(u) > 1 and u in G._frequent() for u in _units(p))]   # noqa: SLF001


def best_compound(text: str, values: Sequence[str]) -> tuple[str, int] | None:
    """The one English value of `values` a Chinese compound in `text` names, with its offset;
    None when none does or two are scored alike."""
    english = [v for v in values if not re.search(r"[\u3400-\u9fff]", v) and _words(v)]
    if not english:
        return None
    phrases = _phrases(text)
    if not phrases:
        return None
    scored: list[tuple[float, str, int]] = []
    for v in english:
        words = _words(v)
        # The words that tell the value from its siblings must be named ("left" of "left-handed",
        # not only the "hand" every sibling has).
        others = [set(_words(o)) for o in english if o != v]
        telling = [w for w in words if not others or not all(w in o for o in others)] or list(words)
        best = max(((_coverage(p, words) if _coverage(p, telling) > 0 else 0.0, at) for p, at in phrases),
                   key=lambda x: x[0])
        if best[0] >= 1.0:
            scored.append((best[0], v, best[1]))
    if not scored:
        return None
    scored.sort(key=lambda s: -s[0])
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        return None
    return scored[0][1], scored[0][2]
