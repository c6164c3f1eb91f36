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
from collections.abc import Iterable

# An identifier token: optional '#', then letters/digits/-/_ with ≥4 digits in total.
# Look-arounds instead of \b: CJK characters count as \w ("订单SO2026…").
_TOKEN = re.compile(r"(?<![A-Za-z0-9#])#?\s?[A-Za-z0-9](?:[A-Za-z0-9_]|-(?=[A-Za-z0-9]))*(?![A-Za-z0-9])")
_MIN_DIGITS = 4


def canonical(order_id: str) -> str:
    """The comparison key of an order id: no leading '#', no spaces/hyphens/underscores, upper case."""
    text = unicodedata.normalize("NFKC", order_id).strip()
    return re.sub(r"[\s\-_]", "", text.lstrip("#")).upper()


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
        if sum(ch.isdigit() for ch in token) < _MIN_DIGITS:
            continue
        if token not in out:
            out.append(token)
    return out


@functools.lru_cache(maxsize=4096)
def _pattern(order_id: str) -> re.Pattern[str]:
    # A pure function of the id, asked for every order of the customer on every turn (#17): the
    # pattern is built once per id (an order id is not personal data; a bounded cache).
    chars = canonical(order_id)
    body = r"[\s\-_]?".join(re.escape(c) for c in chars)
    return re.compile(r"(?<![A-Za-z0-9])#?\s?" + body + r"(?![A-Za-z0-9])", re.I)


def find_known(text: str, known_ids: Iterable[str]) -> list[str]:
    """The ids from `known_ids` that `text` mentions, in the shop's own spelling, in the order
    they appear. Matches with or without '#', any case, spaces/hyphens typed inside."""
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


def resolve(mention: str, known_ids: Iterable[str]) -> str | None:
    """The known id `mention` stands for (shop spelling), or None."""
    key = canonical(mention)
    return next((oid for oid in known_ids if canonical(oid) == key), None)


def resolve_mentions(text: str, mentioned: Iterable[str], known_ids: Iterable[str]) -> list[str]:
    """What the dialogue should take as the order ids of a message: the customer's own ids the
    text mentions (shop spelling, in text order, however they were typed), then any other
    mentioned candidate as written (so the answer can say "not found" for it)."""
    known = list(known_ids)
    found = find_known(text, known)
    keys = {canonical(k) for k in found}
    rest = []
    for m in mentioned:
        hit = resolve(m, known)
        if hit is not None:
            if hit not in found:
                found.append(hit)
            continue
        if not any(canonical(m) in k for k in keys) and m not in rest:
            rest.append(m)
    return found + rest
