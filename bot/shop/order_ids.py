"""Order ids as customers write them, in any shop's shape.

No shop-specific pattern: `candidates()` finds anything that looks like an identifier (letters
and digits with at least 4 digits, or a `#` followed by one), and `find_known()` recognises the
ids a shop knows for this customer as written — with or without a leading `#`, in any case,
with spaces or hyphens typed inside ("SO 2026 1120 0931", "w2378156", "#1001-2026-0042").
The dialogue resolves a mention by `find_known(text, ids of the customer's orders)` first;
an unmatched candidate is "an order id we cannot find for you".
"""
from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping

# An identifier token: optional '#', then letters/digits/-/_ with ≥4 digits in total.
# Look-arounds instead of \b: CJK characters count as \w ("订单SO2026…").
_TOKEN = re.compile(r"(?<![A-Za-z0-9#])#?\s?[A-Za-z0-9](?:[A-Za-z0-9_]|[-/](?=[A-Za-z0-9]))*(?![A-Za-z0-9])")
# A date typed with slashes or hyphens (2026/11/28, 28-11-2026, 11/28): no id.
_DATE = re.compile(r"^(?:\d{4}[-/]\d{1,2}(?:[-/]\d{1,2})?|\d{1,2}[-/]\d{1,2}(?:[-/]\d{2,4})?)$")
_MIN_DIGITS = 4
# What customers type inside an id: spaces, hyphens, underscores, slashes, dots.
_SEP = r"[\s\-_/.]?"
# A fragment of an id as typed on its own ("00459", "88421", "7F3K"): letters/digits with at least
# three digits, separators inside allowed; amounts ("12.50") and times are no fragments.
_FRAGMENT = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]+(?:[\-/][A-Za-z0-9]+)*(?![A-Za-z0-9])")
_MIN_FRAGMENT_DIGITS = 3
_AMOUNT_BEFORE = re.compile(r"[$€£¥￥]\s?$|(?:RMB|CNY|USD|EUR|GBP|CHF|JPY)\s?$", re.I)
_AMOUNT_AFTER = re.compile(r"\s?(?:元|块|欧元|美元|英镑|日元|dollars?|euros?|pounds?|bucks|[$€£]|"
                           r"(?:RMB|CNY|USD|EUR|GBP|CHF|JPY)(?![A-Za-z]))", re.I)


@functools.lru_cache(maxsize=16384)   # pure, and asked for the same few ids many times a turn
def canonical(order_id: str) -> str:
    """The comparison key of an order id: letters and digits only (no '#', spaces, hyphens,
    slashes, dots), full-width folded, upper case: "ORD/2026/00459" and "ord 2026 00459" agree."""
    text = unicodedata.normalize("NFKC", order_id).strip()
    return re.sub(r"[^0-9A-Za-z]", "", text).upper()


def same_id(a: str, b: str) -> bool:
    return canonical(a) == canonical(b)


def candidates(text: str) -> list[str]:
    """Identifier-looking tokens in `text` (as written, '#' kept), first-mention order.
    Amounts ("299.00"), times and short numbers are not candidates."""
    work = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for m in _TOKEN.finditer(work):
        token = m.group(0).replace(" ", "")
        end = m.end()
        if end < len(work) and work[end] in ".,:" and end + 1 < len(work) and work[end + 1].isdigit():
            continue          # 299.00, 12:30, 1,299
        if m.start() > 0 and work[m.start() - 1] in ".,:" and m.start() > 1 and work[m.start() - 2].isdigit():
            continue
        if sum(ch.isdigit() for ch in token) < _MIN_DIGITS or _DATE.match(token):
            continue
        if token not in out:
            out.append(token)
    return out


@functools.lru_cache(maxsize=4096)
def _pattern(order_id: str) -> re.Pattern[str]:
    # Between any two characters a typed space/hyphen/underscore; where the shop's id has a
    # separator of its own ("ORD/2026/00459", "99.00.1234"), any separator or none.
    text = unicodedata.normalize("NFKC", order_id).strip().lstrip("#")
    parts: list[str] = []
    pending_sep = False
    for ch in text:
        if not ch.isalnum() or not ch.isascii():
            pending_sep = True
            continue
        if parts:
            parts.append(_SEP if pending_sep else r"[\s\-_]?")
        parts.append(re.escape(ch.upper()))
        pending_sep = False
    return re.compile(r"(?<![A-Za-z0-9])#?\s?" + "".join(parts) + r"(?![A-Za-z0-9])", re.I)


def find_full(text: str, known_ids: Iterable[str]) -> list[str]:
    """The ids from `known_ids` that `text` writes out whole, in the shop's own spelling, in the
    order they appear. With or without '#', any case, separators typed inside or left out."""
    work = unicodedata.normalize("NFKC", text)
    found: list[tuple[int, str]] = []
    for oid in dict.fromkeys(known_ids):
        if not canonical(oid):
            continue
        m = _pattern(oid).search(work)
        if m:
            found.append((m.start(), oid))
    found.sort()
    return [oid for _, oid in found]


@functools.lru_cache(maxsize=4096)
def _segments(order_id: str) -> tuple[str, ...]:
    return tuple(canonical(s) for s in re.split(r"[^0-9A-Za-z]+", unicodedata.normalize("NFKC", order_id)) if s)


def _fragment_hits(fragment: str, known: list[str], common: set[str]) -> list[str]:
    """The known ids a typed fragment stands for: a whole segment of the id ("00459" of
    ORD/2026/00459, "459" for it too), or its last digits (≥4) for ids that are digits mostly.
    A segment every id of the customer shares ("ORD", "2026") names none of them."""
    key = canonical(fragment)
    if not key or key in common:
        return []
    hits = []
    for oid in known:
        segs = _segments(oid)
        digits = re.sub(r"\D", "", canonical(oid))
        if key in segs or (key.isdigit() and any(s.isdigit() and s.lstrip("0") == key.lstrip("0") != "" for s in segs)) \
                or (key.isdigit() and len(key) >= 5 and digits.endswith(key)):
            hits.append(oid)
    return hits


def fragments(text: str, known_ids: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Parts of ids typed on their own ("where is 00459", "订单88421"), each with the customer's
    ids it may stand for, in text order. Only the customer's own ids are compared, so nothing
    tells whether another customer's id exists."""
    known = list(dict.fromkeys(k for k in known_ids if canonical(k)))
    if not known:
        return []
    work = unicodedata.normalize("NFKC", text)
    common = set(_segments(known[0])) if len(known) > 1 else set()
    for oid in known[1:]:
        common &= set(_segments(oid))
    out: list[tuple[str, list[str]]] = []
    for m in _FRAGMENT.finditer(work):
        token = m.group(0)
        digits = sum(ch.isdigit() for ch in token)
        if digits < _MIN_FRAGMENT_DIGITS and not (digits and len(canonical(token)) >= 4
                                                  and any(ch.isalpha() for ch in token)):
            continue          # "7F3K" of A-7F3K counts; "4K", "x2" do not
        end, start = m.end(), m.start()
        if end + 1 < len(work) and work[end] in ".,:" and work[end + 1].isdigit():
            continue          # 299.00, 12:30
        if start > 1 and work[start - 1] in ".,:" and work[start - 2].isdigit():
            continue
        if _AMOUNT_BEFORE.search(work[max(0, start - 4):start]) or _AMOUNT_AFTER.match(work[end:end + 8]):
            continue          # "$1290", "1290 元", "1290 CHF": money, not an id
        hits = _fragment_hits(token, known, common)
        if hits:
            out.append((token, hits))
    return out


def find_known(text: str, known_ids: Iterable[str]) -> list[str]:
    """The ids from `known_ids` that `text` mentions, in the shop's own spelling, in the order
    they appear: written out whole, or else by a part that stands for exactly one of them
    ("00459" for ORD/2026/00459). A part that fits several is no mention (see `ambiguous`)."""
    known = list(known_ids)
    full = find_full(text, known)
    if full:
        return full
    out: list[str] = []
    for _, hits in fragments(text, known):
        if len(hits) == 1 and hits[0] not in out:
            out.append(hits[0])
    return out


def ambiguous(text: str, known_ids: Iterable[str]) -> list[str]:
    """The ids a typed part fits when it fits several ("88421" for SO-88421-B and SO-88421-C):
    the candidates to ask between. Empty when the text names an id whole or unambiguously."""
    known = list(known_ids)
    if find_known(text, known):
        return []
    out: list[str] = []
    for _, hits in fragments(text, known):
        if len(hits) > 1:
            out += [h for h in hits if h not in out]
    return out


def by_tracking(text: str, tracking: Mapping[str, str]) -> list[str]:
    """The order ids whose tracking number (`tracking`: number -> order id) the text writes."""
    found = find_full(text, [t for t in tracking if t])
    return list(dict.fromkeys(tracking[t] for t in found))


def _shape(order_id: str) -> str:
    """An id's shape: digits as 9, letters as A, separators kept ("ORD/2026/00459" -> AAA/9999/99999)."""
    text = unicodedata.normalize("NFKC", order_id).strip()
    return re.sub(r"[A-Za-z]", "A", re.sub(r"\d", "9", text))


def _prefix(order_id: str) -> str:
    m = re.match(r"#?([A-Za-z]+)", unicodedata.normalize("NFKC", order_id).strip())
    return m.group(1).upper() if m else ""


def shaped_like(text: str, known_ids: Iterable[str]) -> list[str]:
    """Tokens written in the shape of the customer's own ids (same layout, or the same letter
    prefix) that are none of them: "ORD/2026/99999" beside ORD/2026/00459 is an order id the
    customer means, to be answered "not found for you", never taken for another order."""
    known = [k for k in known_ids if canonical(k)]
    shapes = {_shape(k) for k in known}
    prefixes = {_prefix(k) for k in known} - {""}
    out = []
    for token in candidates(text):
        if resolve(token, known) is not None:
            continue
        if _shape(token) in shapes or (_prefix(token) and _prefix(token) in prefixes) \
                or ("/" in token and _prefix(token)):      # "ORD/2026/99999": written as an id
            out.append(token)
    return out


def resolve(mention: str, known_ids: Iterable[str]) -> str | None:
    """The known id `mention` stands for (shop spelling), or None."""
    key = canonical(mention)
    return next((oid for oid in known_ids if canonical(oid) == key), None)


def resolve_mentions(text: str, mentioned: Iterable[str], known_ids: Iterable[str],
                     tracking: Mapping[str, str] | None = None) -> list[str]:
    """What the dialogue should take as the order ids of a message: the customer's own ids the
    text mentions (shop spelling, in text order, however they were typed, whole or by a part that
    fits one of them, or by their tracking number), then any other mentioned candidate as written
    (so the answer can say "not found" for it). A part that fits several of the customer's ids
    is left out: the dialogue asks between them (`ambiguous`)."""
    known = list(known_ids)
    found = find_known(text, known)
    mentioned = list(mentioned) + [t for t in shaped_like(text, known) if t not in mentioned]
    for oid in by_tracking(text, tracking or {}):
        if oid not in found:
            found.append(oid)
    parts = {canonical(p) for p, _ in fragments(text, known)}
    keys = {canonical(k) for k in found}
    rest = []
    for m in mentioned:
        hit = resolve(m, known)
        if hit is not None:
            if hit not in found:
                found.append(hit)
            continue
        if not any(canonical(m) in k for k in keys) and canonical(m) not in parts and m not in rest \
                and not any(canonical(m) in canonical(t) for t in (tracking or {})):
            rest.append(m)
    return found + rest
