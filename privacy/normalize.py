"""Text normalisation for detection, with an offset map back to the original text.

Two passes, both keeping, for every character of the normalised text, the [start, end) of
the original characters that produced it, so findings are reported in original offsets:

1. per character: NFKC (full-width digits and letters become ASCII, full-width spaces become
   spaces), dash look-alikes become "-", zero-width characters are dropped, traditional Chinese
   characters become simplified (`hant.py`), so "１３８ 1234\u200b5678" is seen as "138 12345678";
2. obfuscations people use to slip numbers and e-mails past filters are decoded:
   - Chinese numerals in digit runs ("一三九一一一一二二零四", mixed "1三9一一…", 幺 = 1, 壹贰叁…);
   - spelled-out English digits, alone or mixed with digit groups ("one three nine 1111 2204");
   - dotted mobiles "139.1111.2204" (dots become dashes, which the number scanner reads);
   - digit groups joined by words or Chinese commas ("139，1111，2204", "139 然后 1111 再 2204");
   - e-mails written with [at]/(at)/" at "/艾特/# and [dot]/" dot "/点, or with spaced letters
     ("j o h n @ g m a i l . c o m").
   A decoded span maps back to the whole original span ("three" → "3" covers all five letters).
Runs are decoded only when they are long enough to be an identifier (seven digits or more),
so ordinary words ("one or two", "一一对应") are left alone.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .hant import TO_SIMPLIFIED

# Invisible characters people (or copy-paste) insert inside numbers and names.
_DROP = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@lru_cache(maxsize=8192)
def _norm_char(ch: str) -> str:
    if ch in _DROP:
        return ""
    out = unicodedata.normalize("NFKC", ch)
    # NFKC leaves some dash look-alikes; phone numbers are written with all of them. Traditional
    # characters become simplified ones (one for one) so 台北市大安區…3號 reads like 大安区…3号.
    return out.translate(_DASHES).translate(TO_SIMPLIFIED)


_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                         "\u2014": "-", "\u2015": "-", "\u2212": "-", "\u30fc": "-",
                         "\u3000": " ", "\u00a0": " "})


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus, for each of its characters, the original [start, end)."""

    text: str
    origin: tuple[int, ...] | None  # None when the text was already normal (identity map)
    original_length: int
    origin_end: tuple[int, ...] | None = None   # None: each character came from one original character
    # [start, end) in the normalised text of numbers decoded from words or numerals: whoever spells
    # out a seven-digit-or-longer number is giving a number (a phone, unless read as something else)
    decoded_numbers: tuple[tuple[int, int], ...] = ()

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a [start, end) span of the normalised text to the original text."""
        if self.origin is None:
            return start, end
        if end <= start:
            o = self.origin[start] if start < len(self.origin) else self.original_length
            return o, o
        last = self.origin_end[end - 1] if self.origin_end is not None else self.origin[end - 1] + 1
        return self.origin[start], last


# --- pass 2: obfuscations ------------------------------------------------------------------
_CN_DIGIT = {c: str(i) for i, c in enumerate("零一二三四五六七八九")}
_CN_DIGIT.update({"〇": "0", "幺": "1", "壹": "1", "贰": "2", "叁": "3", "肆": "4", "伍": "5", "陆": "6",
                  "柒": "7", "捌": "8", "玖": "9"})
# groups may be split by spaces, dashes or (full-width, already NFKC'd) commas: 一三九，一一七二，五五零八
_CN_RUN = re.compile("[0-9" + "".join(_CN_DIGIT) + r"](?:(?:[ \-]|, ?)?[0-9" + "".join(_CN_DIGIT) + "])*")
_EN_DIGIT = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine".split())}
_EN_DIGIT["oh"] = "0"   # 0 read aloud ("two-oh-six"); only counts inside a run of seven digits or more
_EN_WORD = r"(?:zero|one|two|three|four|five|six|seven|eight|nine|oh)"
# groups are separated by spaces, commas or dashes with spaces around them ("four one five - five …")
# a run may switch to Chinese numerals mid-way, glued or spaced ("one three nine one one seven二五五零八"):
# a Chinese numeral counts as one digit token
_CN_ONE = "[" + "".join(_CN_DIGIT) + "]"
_EN_RUN = re.compile(rf"(?<![A-Za-z0-9])(?:{_EN_WORD}|\d{{1,4}})(?:(?:[ \t]*[\-–][ \t]*|,[ \t]?|[ \t]+|(?={_CN_ONE}))"
                     rf"(?:{_EN_WORD}|\d{{1,4}}|{_CN_ONE}))+(?![A-Za-z0-9])", re.I)
_SPACED_DIGITS = re.compile(r"\d[ \t]*[ \-][ \t]*\d[ \t]*[ \-][ \t]*\d[ \t]*[ \-][ \t]*\d")
_EN_TOK = re.compile(rf"{_EN_WORD}|\d+|{_CN_ONE}", re.I)
_DOTTED = re.compile(r"(?<![\d.])\d{3,4}\.\d{3,4}\.\d{4}(?!\d|\.\d)")
# digit groups joined by Chinese commas or connecting words: only read as one number when the
# joined digits are a mainland mobile or a 3-3-4 North American number
# "dot"/"dash" spelled out between groups ("415 dot 555 dot 0123", "139点1111点2204") joins them too
# (two-word joins too: "917 then 555 and then 0198", "139 followed by 1111")
_JOIN = (r"(?:\s*(?:[,，、/\-]|然后是|然后|再是|再|接着|and then|followed by|after that|and|then|dot|dash|hyphen|"
         r"点|杠|横杠)\s*|\s+)")
_JOINED = re.compile(rf"(?<![\d.\-])(\d{{3}}){_JOIN}(\d{{3,4}}){_JOIN}(\d{{4}})(?![\d\-]|\.\d)", re.I)

_AT_TOK = r"(?:[\[\(\{<]\s*at\s*[\]\)\}>]|(?<![A-Za-z])at(?![A-Za-z])|艾特|@|(?<=[A-Za-z0-9])#(?=[A-Za-z0-9]))"
_DOT_TOK = r"(?:[\[\(\{<]\s*dot\s*[\]\)\}>]|(?<![A-Za-z])dot(?![A-Za-z])|点|\.)"
_TLD = r"(?:com|org|net|edu|gov|cn|uk|io|co|de|fr|jp|info|biz|me|us|hk|tw|sg|au|ca|nl|ru|es|it)"
# the local part's dots may be spelled out too: "sam dot rivers at …", "ivy[dot]chen(at)…"
_LOCAL = (r"(?:[A-Za-z0-9](?: [A-Za-z0-9._%+\-]){2,}|[A-Za-z0-9][A-Za-z0-9_%+\-]*"
          r"(?:(?:\.|\s\.\s|\s*[\[\(\{<]\s*dot\s*[\]\)\}>]\s*|\s+dot\s+)[A-Za-z0-9_%+\-]+)*)")
_LABEL = r"(?:[A-Za-z0-9](?: [A-Za-z0-9\-]){2,}|[A-Za-z0-9][A-Za-z0-9\-]*)"
_SPACED_TLD = r"(?:" + "|".join(" ?".join(t) for t in _TLD[3:-1].split("|")) + ")"
_EMAIL_OBF = re.compile(
    rf"(?<![A-Za-z0-9._%+\-]){_LOCAL}\s*{_AT_TOK}\s*(?:{_LABEL}\s*{_DOT_TOK}\s*)+(?:{_SPACED_TLD})(?![A-Za-z0-9])",
    re.I)
_EMAIL_PIECE = re.compile(rf"(?P<at>{_AT_TOK})|(?P<dot>{_DOT_TOK})|(?P<sp>\s+)|(?P<ch>.)", re.I)
_EMAIL_HINT = re.compile(r"@|艾特|(?<![A-Za-z])at(?![A-Za-z])|#", re.I)


def _email_pieces(text: str, s: int, e: int) -> list[tuple[str, int, int]] | None:
    pieces = []
    plain = True
    for m in _EMAIL_PIECE.finditer(text, s, e):
        if m.group("at") is not None:
            plain &= m.group(0) == "@"
            pieces.append(("@", m.start(), m.end()))
        elif m.group("dot") is not None:
            plain &= m.group(0) == "."
            pieces.append((".", m.start(), m.end()))
        elif m.group("sp") is not None:
            plain = False
        else:
            pieces.append((m.group(0), m.start(), m.end()))
    if plain or sum(1 for p in pieces if p[0] == "@") != 1:
        return None   # an ordinary e-mail (the recognizer reads it as is) or not an e-mail at all
    return pieces


def _decode(text: str) -> list[tuple[int, int, list[tuple[str, int, int]], bool]]:
    """Non-overlapping replacements (start, end, [(output, orig_start, orig_end), ...], numeric?)."""
    found: list[tuple[int, int, list[tuple[str, int, int]], bool]] = []
    if any(c in _CN_DIGIT for c in text):
        for m in _CN_RUN.finditer(text):
            raw = m.group(0)
            ndig = sum(1 for c in raw if c.isdigit() or c in _CN_DIGIT)
            # a complete plain number (eleven digits or more) is readable as it is: numerals glued
            # to it are a name or a word (廖四九13011805655), not part of the number
            if ndig >= 7 and any(c in _CN_DIGIT for c in raw) and not re.search(r"\d{11}", raw):
                # the commas go: "139,1172,5508" is no number shape, "13911725508" is
                found.append((m.start(), m.end(), [("" if c in ", " and "," in raw else _CN_DIGIT.get(c, c),
                                                    m.start() + i, m.start() + i + 1)
                                                   for i, c in enumerate(raw)], True))
    lower = text.lower()
    if any(w in lower for w in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero")) \
            or _SPACED_DIGITS.search(text):
        for m in _EN_RUN.finditer(text):
            toks = list(_EN_TOK.finditer(m.group(0)))
            words = sum(1 for t in toks if not t.group(0).isdigit())
            ndig = sum(1 if not t.group(0).isdigit() else len(t.group(0)) for t in toks)
            # spelled-out digits, or single digits spaced out one by one ("2 0 6 - 5 5 5 - 0 1 7 3")
            if ndig >= 7 and (words >= 2 or len(toks) >= 7 and all(len(t.group(0)) == 1 for t in toks)):
                base = m.start()
                found.append((m.start(), m.end(), [(_EN_DIGIT.get(t.group(0).lower(), _CN_DIGIT.get(t.group(0), t.group(0))),
                                                    base + t.start(),
                                                    base + t.end()) for t in toks], True))
    if "." in text:
        for m in _DOTTED.finditer(text):
            found.append((m.start(), m.end(), [("-" if c == "." else c, m.start() + i, m.start() + i + 1)
                                               for i, c in enumerate(m.group(0))], False))
    for m in _JOINED.finditer(text):
        digits = m.group(1) + m.group(2) + m.group(3)
        seps = (m.string[m.end(1):m.start(2)], m.string[m.end(2):m.start(3)])
        if all(x in (" ", "-") for x in seps):
            continue   # an ordinary grouped number: the number scanner reads it with its separators
        if re.fullmatch(r"1[3-9]\d{9}", digits) or (len(digits) == 10 and digits[0] in "23456789"):
            parts: list[tuple[str, int, int]] = []
            for g in (1, 2, 3):
                parts += [(c, m.start(g) + i, m.start(g) + i + 1) for i, c in enumerate(m.group(g))]
            found.append((m.start(), m.end(), parts, True))
    if _EMAIL_HINT.search(text):
        for m in _EMAIL_OBF.finditer(text):
            pieces = _email_pieces(text, m.start(), m.end())
            if pieces:
                found.append((m.start(), m.end(), pieces, False))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out = []
    pos = 0
    for f in found:
        if f[0] >= pos:
            out.append(f)
            pos = f[1]
    return out


def _first_pass(text: str) -> tuple[str, list[int] | None]:
    if text.isascii():
        return text, None
    parts: list[str] = []
    origin: list[int] = []
    identity = True
    for i, ch in enumerate(text):
        if ch.isascii():
            parts.append(ch)
            origin.append(i)
            continue
        n = _norm_char(ch)
        if n != ch:
            identity = False
        parts.append(n)
        origin.extend([i] * len(n))
    if identity:
        return text, None
    return "".join(parts), origin


def normalize(text: str) -> Normalized:
    """NFKC per character, then obfuscations decoded; offsets stay mappable to `text`."""
    t1, o1 = _first_pass(text)
    reps = _decode(t1)
    if not reps:
        return Normalized(t1, None if o1 is None else tuple(o1), len(text))
    starts1 = o1 if o1 is not None else range(len(t1))

    def end1(i: int) -> int:   # original end of first-pass character i
        return (o1[i] + 1) if o1 is not None else i + 1

    parts: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    pos = 0
    numbers: list[tuple[int, int]] = []
    for s, e, pieces, numeric in reps:
        for i in range(pos, s):
            parts.append(t1[i])
            starts.append(starts1[i])
            ends.append(end1(i))
        n0 = len(parts)
        for out, ps, pe in pieces:
            for ch in out:
                parts.append(ch)
                starts.append(starts1[ps])
                ends.append(end1(pe - 1))
        if numeric:
            numbers.append((n0, len(parts)))
        pos = e
    for i in range(pos, len(t1)):
        parts.append(t1[i])
        starts.append(starts1[i])
        ends.append(end1(i))
    return Normalized("".join(parts), tuple(starts), len(text), tuple(ends), tuple(numbers))
