"""The part of a help-centre page that answers this customer (#13, class 1).

A shop's own pages often hold several rules in one text: "New Zealand: … Singapore: …",
"PayID transfers … / If PayPal declines … / A second charge that shows as pending …". Pasting
the whole page answers a Singapore customer's duties question with New Zealand's rules, and a
"charged twice" question with bank-transfer advice. This module keeps:

1. of the sentences scoped to a country (they name one, or open with "<country>:"), only those
   of the countries the customer's question or own orders name — all of them when neither says;
2. of a page of several sentences, those that share the question's own words (words that occur in
   nearly every sentence of the page say nothing about which sentence answers), never fewer than one,
   with the sentences right after the best one that go on with it (they share none of the words);
   a question sharing no telling word with any sentence keeps the whole page.

Matching is against the page's own text, the question's words and the orders' countries — no list
of topic words. Troubleshooting guides are left whole: their steps belong together.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from bot.shop.countries import _BY_NAME, CURRENCY_COUNTRY, address_country

# Sentence ends in both languages; a ";" / "；" inside one sentence is kept (it joins one rule).
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(“])|(?<=[。！？])")
# Fewer sentences than this: the page is one rule, shown whole.
MIN_SENTENCES = 3
# Step 2 (sentences sharing the question's words) is off: judged on held-out sets (tests/playtest9),
# it dropped the half of a rule the customer asked about (the "no" of a yes/no policy question, the
# faulty-item postage) more often than it removed noise. The country rule (step 1) stays on.
CUT_BY_WORDS = False
# A sentence is kept when it scores at least this share of the best sentence's score.
KEEP_SHARE = 0.5
_COUNTRY = re.compile("|".join(sorted((re.escape(n) for n in _BY_NAME if len(n) > 2 or not n.isascii()),
                                      key=len, reverse=True)), re.I)


def sentences(text: str) -> list[str]:
    """The page's sentences in order (blank pieces dropped)."""
    out: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        out.extend(p.strip() for p in _SENTENCE.split(para.strip()) if p and p.strip())
    return out


def countries_named(text: str) -> set[str]:
    """ISO codes of the countries `text` writes out (en or zh)."""
    found: set[str] = set()
    for m in _COUNTRY.finditer(text):
        word = m.group(0).lower()
        if word.isascii():
            start, end = m.start(), m.end()
            if (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isalnum()):
                continue
        code = _BY_NAME.get(word)
        if code:
            found.add(code)
    return found


def order_countries(orders: Iterable[Mapping[str, Any]]) -> set[str]:
    """The countries the customer's orders ship to (address, else its currency's one country)."""
    found: set[str] = set()
    for o in orders:
        code = o.get("ship_country") or address_country(o.get("shipping_address"))
        if not code:
            code = CURRENCY_COUNTRY.get(str(o.get("currency") or "").upper())
        if code:
            found.add(str(code))
    return found


def _tokens(text: str) -> set[str]:
    from bot.knowledge import shared_tokenizer
    return {t for t in shared_tokenizer()(text) if len(t) > 1 or re.match(r"[\u4e00-\u9fff]", t) is None}


def focus(text: str, question: str, orders: Sequence[Mapping[str, Any]] = ()) -> str:
    """The sentences of `text` that answer `question` for a customer with these orders."""
    parts = sentences(text)
    if len(parts) < 2:
        return text
    asked = countries_named(question)
    own = asked or order_countries(orders)
    scoped = [countries_named(p) for p in parts]
    keep = list(range(len(parts)))
    pinned: set[int] = set()
    if own and any(scoped):
        # A sentence about other countries only is another customer's rule.
        kept = [i for i in keep if not scoped[i] or scoped[i] & own]
        if any(scoped[i] for i in kept):
            keep = kept
            # The customer's own country's rule is the answer whatever words the question used.
            pinned = {i for i in kept if scoped[i]}
    if CUT_BY_WORDS and len(parts) >= MIN_SENTENCES:
        keep = _by_words(parts, keep, question, pinned)
    if len(keep) == len(parts):
        return text
    # Chinese sentences run on without a space; English ones take one.
    glue = "" if re.search(r"[\u4e00-\u9fff]", text) and not re.search(r"[A-Za-z]{4,}\s+[A-Za-z]{4,}", text) else " "
    return glue.join(parts[i] for i in keep)


def _by_words(parts: list[str], keep: list[int], question: str, pinned: set[int]) -> list[int]:
    """The kept sentences that share the question's telling words (all when none do)."""
    words = _tokens(question)
    if not words:
        return keep
    per = [_tokens(p) for p in parts]
    # A word in (nearly) every sentence of the page is its topic, not what tells them apart.
    common = {w for w in words if sum(w in s for s in per) >= max(2, -(-3 * len(parts) // 4))}
    telling = words - common
    # A word found in fewer sentences tells more (1/df): "bank" in two sentences, "transfer" in one.
    df = {w: sum(w in s for s in per) for w in telling}
    scores = {i: sum(1.0 / df[w] for w in per[i] & telling) for i in keep}
    best = max(scores.values(), default=0)
    if best <= 0:
        return keep
    chosen = {i for i in keep if i in pinned or scores[i] >= best * KEEP_SHARE}
    # The sentences right after the best one that share none of the question's words go on with it
    # ("… may be held by customs. Import duty is charged by …"): the answer rarely repeats the
    # question's words. A sentence sharing a word starts another rule and ends the run.
    top = next(i for i in keep if scores[i] == best)
    for i in keep[keep.index(top) + 1:]:
        if scores[i] > 0:
            break
        chosen.add(i)
    return [i for i in keep if i in chosen]


def _whole(snippet: Any) -> bool:
    """Guides whose steps belong together are never cut."""
    tags = {str(t).lower() for t in getattr(snippet, "tags", None) or ()}
    return "troubleshooting" in tags


def focus_snippets(snippets: list[Any], question: str, orders: Sequence[Mapping[str, Any]] = ()) -> list[Any]:
    """Each page cut to its part for this question and customer (ids, scores, order kept)."""
    out: list[Any] = []
    for s in snippets:
        text = getattr(s, "text", None)
        if not isinstance(text, str) or _whole(s) or not dataclasses.is_dataclass(s):
            out.append(s)
            continue
        cut = focus(text, question, orders)
        out.append(s if cut == text else dataclasses.replace(s, text=cut))
    return out
