"""Which lines of one unshipped order a message takes out (issue #13, round 2).

"I don't need the stove anymore, just send the tent", "pls don't ship the scratcher, the rest is
fine", "只要帐篷和睡袋就行 露营炉不要了", "X那个别发了", "just the food and the coat, not the
scratcher": some lines go, the others stay — never a cancel of the whole order. Read
structurally: the lines each clause of the message names (matching.match_items, on each order's
own lines), whether that clause takes its lines out or keeps only them, and the order's status.
Only general words of the language are cues; the lines come from the customer's orders."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue import matching as M

_UNSHIPPED = ("pending", "paid")
# A clause that takes its lines out (general words only).
_OUT = re.compile(r"(不要了|不要|去掉|删掉|删除|拿掉|别发|不用发|不要发|别寄|不用寄|不要寄|别送|不需要|用不上|用不着|"
                  r"\bremove\b|\bdrop\b|take .{0,20}\b(?:off|out)\b|\bdon'?t (?:want|need)\b|\bdont (?:want|need|send|ship)\b|"
                  r"\bno longer (?:want|need)\b|\b(?:don'?t|do not|dont|no need to|not) (?:send|ship|post|dispatch|deliver)\b|"
                  r"\bleave (?:out|off)\b|\bwithout\b|\bnot needed\b|\bno need for\b|\bcan go\b|\bskip\b)", re.I)
# A clause that keeps only its lines ("just send the tent", "只要帐篷就行").
_ONLY = re.compile(r"(\bjust\b|\bonly\b|只要|只留|只发|就要|只需要)", re.I)
# ... said as what to send or keep ("just send the tent", "only want the food", "只要帐篷就行"), not
# "just wondering where the tent is".
_ONLY_KEEP = re.compile(r"(\b(?:just|only)\b.{0,12}\b(?:send|ship|post|keep|want|need|deliver)\b|"
                        r"\b(?:send|ship|keep|want|need)\b.{0,12}\b(?:just|only)\b|^\W*(?:just|only)\s+(?:the|my)\b|"
                        r"只要.{0,20}(?:就行|就够|就好|就可以|行了)|只留|只发|只需要)", re.I)
# The rest stays as ordered: the lines not taken out are kept (no extra reading needed).
_REST_OK = re.compile(r"(the rest|everything else|other (?:items|things|stuff)|其他|其余|别的)", re.I)
# A return, an exchange or another option: not a removal from an unshipped order.
_OTHER_ASK = re.compile(r"(退货|退回|寄回|send .{0,12}back|\breturn|exchange|换成|改成|换货|\bswap\b|\bswitch\b|"
                        r"\bchange .{0,30}\bto\b|instead of|\bcancel (?:the|my) (?:whole|entire)|整单|整个订单)", re.I)
# "the other one", "另一个", "另外那个": a line told apart only by the one named as kept.
_OTHER_ONE = re.compile(r"(\bthe other (?:one|item|thing|line)\b|\bthe other\b|另一个|另外一个|另外那个|另一件|另外一件|"
                        r"另一样|其他那个|另一款)", re.I)
_CLAUSE = re.compile(r"[,，。;；!！?？\n]+|\s(?:and then|but|then|also|plus)\s|另外|还有|然后|但是|不过|"
                     r"(?<=[\u3400-\u9fff])\s+(?=[\u3400-\u9fff])|(?<=就行|就好|就够|行了)(?!了)|(?<=就够了)")


@dataclass(frozen=True)
class Removal:
    order_id: str
    skus: tuple[str, ...]          # the lines taken out, whole


def _clauses(text: str) -> list[str]:
    return [c for c in _CLAUSE.split(text) if c and c.strip()]


# A line named by its place in the order ("第二件", "the second one", "最后一个"), never an order
# ("第二个订单", "the second order"): the order's own line list says which line that is.
_ZH_NTH = {"一": 0, "1": 0, "二": 1, "2": 1, "三": 2, "3": 2, "四": 3, "4": 3}
_EN_NTH = {"first": 0, "1st": 0, "second": 1, "2nd": 1, "third": 2, "3rd": 2, "fourth": 3, "4th": 3}
_ORDINAL = re.compile(r"第\s*([一二三四1234])\s*(?:件|个|样|项|款|行|种|个商品|件商品)(?!\s*(?:订单|单))|"
                      r"(最后一(?:件|个|样|项|款))(?!\s*(?:订单|单))|"
                      r"\bthe\s+(first|1st|second|2nd|third|3rd|fourth|4th|last)\s+"
                      r"(?:one|item|thing|line|product|piece)\b", re.I)


def ordinal_lines(clause: str, order: Mapping[str, Any]) -> set[str]:
    """The skus of the lines the clause names by their place in the order."""
    lines = [str(i.get("sku")) for i in order.get("items") or []]
    found: set[str] = set()
    for m in _ORDINAL.finditer(clause):
        if m.group(1):
            n = _ZH_NTH[m.group(1)]
        elif m.group(2):
            n = len(lines) - 1
        else:
            word = m.group(3).lower()
            n = len(lines) - 1 if word == "last" else _EN_NTH[word]
        if 0 <= n < len(lines):
            found.add(lines[n])
    return found


def _named(clause: str, order: Mapping[str, Any], catalogue: Mapping[str, Any] | None) -> set[str]:
    refs = M.match_items(clause, [dict(order)], catalogue)
    if not refs:
        return ordinal_lines(clause, order)
    top = max(r.score for r in refs)
    return {r.sku for r in refs if r.score >= top - 1.0}


# "everything but X", "all but X": the customer's "but" here means "except", not a new clause.
_ALL_BUT = re.compile(r"\b(everything|all|anything)\s+but\b", re.I)


def _excepted(clause: str, order: Mapping[str, Any], catalogue: Mapping[str, Any] | None) -> set[str]:
    """Lines the clause names after an "except" word ("except the lamp", "除了钢笔"): kept."""
    if not M._EXCEPT.search(clause):
        return set()
    return {r.sku for r in M.match_items(clause, [dict(order)], catalogue) if r.excluded}


def _negated(clause: str, text: str, order: Mapping[str, Any], catalogue: Mapping[str, Any] | None) -> bool:
    """Another line of the order is said not wanted elsewhere in the message ("…, not the scratcher")."""
    return any(r.excluded for r in M.match_items(text, [dict(order)], catalogue)
               if r.sku not in _named(clause, order, catalogue))


def _other_option(clause: str, order: Mapping[str, Any], named: set[str], catalogue: Mapping[str, Any] | None) -> bool:
    """The clause names another option value of one of its lines ("the tent in polyester")."""
    from bot.dialogue.classic import _mentions
    for line in order.get("items") or []:
        product = (catalogue or {}).get(str(line.get("product_id"))) if str(line.get("sku")) in named else None
        own = {str(k): M.norm(str(v)) for k, v in (line.get("options") or {}).items()}
        if product and any(own.get(str(dim)) != M.norm(str(value)) for dim, value, _ in _mentions(product, clause)):
            return True
    return False


def lines_taken_out(text: str, orders: Sequence[Mapping[str, Any]], catalogue: Mapping[str, Any] | None = None,
                    written: Sequence[str] = ()) -> Removal | None:
    """The one unshipped order, and the lines of it, `text` takes out while keeping the others;
    None when the message does not read so (nothing taken out, every line taken out, a return or
    a swap, or several orders fit equally)."""
    if _OTHER_ASK.search(text):
        return None
    text = _ALL_BUT.sub(r"\1 except", text)     # "everything but X": one clause, X excepted
    clauses = _clauses(text)
    if not any(_OUT.search(c) or _ONLY.search(c) for c in clauses):
        return None
    takes_out = any(_OUT.search(c) for c in clauses)
    found: list[tuple[int, Removal]] = []
    for order in orders:
        if order.get("status") not in _UNSHIPPED or (written and str(order["id"]) not in written):
            continue
        lines = [str(i.get("sku")) for i in order.get("items") or []]
        if len(lines) < 2:
            continue
        out: set[str] = set()
        only: set[str] = set()
        named_all: set[str] = set()
        kept: set[str] = set()
        other_out = False
        all_but = False
        for clause in clauses:
            named = _named(clause, order, catalogue)
            named_all |= named
            spared = _excepted(clause, order, catalogue) & named
            if spared and takes_out:
                # "remove everything except the navy jacket", "除了钢笔，其他都不要了": the line
                # named after "except" is the one that stays; every other line goes.
                kept |= spared
                all_but = True
                named = named - spared
                if not named:
                    continue
            if not named:
                # "drop the other one" / "另一个不要了": the line not named elsewhere (#13)
                other_out = other_out or bool(_OUT.search(clause) and _OTHER_ONE.search(clause))
                continue
            if _KEPT.search(clause) and not _OUT.search(clause):
                kept |= named
            if _OUT.search(clause):
                out |= named
            elif _other_option(clause, order, named, catalogue):
                return None              # "…, and the tent in polyester": a change too (plan_lines)
            elif _ONLY.search(clause):
                if M.quantity_for(clause):
                    return None          # "only one of the two bags": fewer units, not other lines
                if _ONLY_KEEP.search(clause) or _negated(clause, text, order, catalogue):
                    only |= named
        if all_but and not out - kept and not only:
            out = set(lines) - kept
        if other_out and kept and not out and not only:
            out = set(lines) - kept      # "drop the other one, keep the lamp": every line but the kept
        if only and not out and not _REST_OK.search(text):
            out = set(lines) - only      # "just the tent and the bags": the other lines go
        out -= only
        if not out or out >= set(lines):
            continue
        found.append((len(named_all), Removal(str(order["id"]), tuple(s for s in lines if s in out))))
    if not found:
        return None
    found.sort(key=lambda f: -f[0])
    if len(found) > 1 and found[0][0] == found[1][0]:
        return None                       # two orders fit as well: the order is asked, never guessed
    return found[0][1]


# Something of the order said kept ("钱包还要", "其他照常发", "keep the rest", "still send the X").
# "其他" / "the rest" alone is not a keep ("取消订单，其他没什么了"): only with a keep or send verb.
# "除了X都不要了", "everything except X": X is kept even when the shop's data does not name it.
_KEPT = re.compile(r"(除了|除开|\bexcept\b|\bapart from\b|\bother than\b|\b(?:everything|all) but\b|还要|还是要|照常|照发|照寄|正常发|留着|保留|(?:其他|其余|别的|剩下)的?.{0,3}(?:照|正常|要|留|发|寄|不变)|"
                   r"\bkeep\b|\b(?:send|ship) (?:the rest|everything else|the others?)\b|"
                   r"\b(?:the rest|everything else|the others?) (?:is|are|can) (?:fine|ok|okay|ship|go|stay)|"
                   r"\bstill (?:send|ship|want|need)\b|"
                   r"\bas (?:planned|normal|usual)\b|\bis fine\b|\bcan (?:still )?(?:ship|go out|be sent)\b)", re.I)

# "cancel the X", "scrap the X", "X取消": a cancel of something, read with `_KEPT` as a part only.
_CANCEL_PART = re.compile(r"(\bcancel\b|\bscrap\b|\bditch\b|\bforget (?:about )?the\b|取消|砍掉)", re.I)


def kept_but_unnamed(text: str, orders: Sequence[Mapping[str, Any]], written: Sequence[str] = (),
                     read_as_cancel: bool = False) -> str | None:
    """The one unshipped order of several lines a message takes *something* out of while saying
    something else is kept ("钢笔不要了，钱包还要" with words the shop's data does not hold), when
    the lines themselves are not told apart: the order to ask "which line?" about — a partial
    removal, never a cancel of the whole order. `read_as_cancel`: the message was understood as a
    cancel — with something said kept, that is a cancel of a part. None when it does not read so."""
    if _OTHER_ASK.search(text) or not _KEPT.search(text):
        return None
    if not read_as_cancel and not any(_OUT.search(c) or _CANCEL_PART.search(c) for c in _clauses(text)):
        return None
    fit = [str(o["id"]) for o in orders if o.get("status") in _UNSHIPPED and len(o.get("items") or []) >= 2
           and (not written or str(o["id"]) in written)]
    return fit[0] if len(fit) == 1 else None


@dataclass(frozen=True)
class Fewer:
    order_id: str
    sku: str
    qty: int                       # the new total of that line


_NUM = r"(one|two|three|four|five|a single|\d{1,2}|[一两二三四五六七八九十俩])"
# "1 instead of 2", "from 2 to 1", "两个改成一个": the count that was ordered, then the one wanted.
_FROM_TO = re.compile(r"\b" + _NUM + r"\b[^,.;!?]{0,30}?\b(?:instead of|rather than|not)\s+(?:the\s+|my\s+)?" + _NUM + r"\b|"
                      r"\bfrom\s+" + _NUM + r"\s+to\s+" + _NUM + r"\b|"
                      + _NUM + r"\s*[个件只瓶包套台双条张把盒袋]?\s*(?:改成|改为|变成|减到|减成|换成)\s*" + _NUM, re.I)
# "one less", "少要一个", "减一个": units taken off the line.
_LESS = re.compile(r"\b" + _NUM + r"\s+(?:less|fewer)\b|(?:少要|少买|少发|少来|减少|减掉|减|少)\s*" + _NUM
                   + r"\s*[个件只瓶包套台双条张把盒袋]", re.I)
_ENOUGH = re.compile(r"(就够|就行|就好|就可以|足够|够了|\bis enough\b|\bwill do\b|\bis plenty\b|\bnot two\b|\bnot both\b)",
                     re.I)
# "one bell is enough", "1 would be plenty": the count wanted, said as enough.
_COUNT_ENOUGH = re.compile(r"\b" + _NUM + r"\s+(?:[a-z'-]+\s+){0,3}?(?:is|are|would be|will be|should be)\s+"
                           r"(?:enough|plenty|fine)\b", re.I)
_FEWER_CUE = re.compile(r"(\bonly\b|\bjust\b|只要|只需要|只留|就要|\breduce\b|\bmake it\b|\bchange (?:it |that )?to\b|"
                        r"\bcut\b|\blower\b)", re.I)
_NOT_FEWER = re.compile(r"(退货|退回|寄回|退款|send .{0,12}back|\breturn|\brefund|exchange|换货|\bmore\b|\bextra\b|"
                        r"\banother\b|\badd\b|再来|再加|多要|加一)", re.I)


def _count(token: str | None) -> int | None:
    if not token:
        return None
    return M._num(token) or {"一": 1, "两": 2, "二": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6,
                             "七": 7, "八": 8, "九": 9, "十": 10, "a single": 1}.get(token.strip().lower())


def fewer_units(text: str, orders: Sequence[Mapping[str, Any]], catalogue: Mapping[str, Any] | None = None,
                written: Sequence[str] = ()) -> Fewer | None:
    """The one line of an unshipped order whose count the message lowers ("only one of the two
    sleeping bags", "make it 1 instead of 2", "少要一个", "两个改成一个") and its new count. The
    line is told apart by what the message names and by the counts themselves (a line of 2 is
    the one "2 → 1" can be about); None when no line, or several, fit."""
    t = M.norm(text)
    if _NOT_FEWER.search(t):
        return None
    new: int | None = None
    needs_name = False
    less: int | None = None
    was: int | None = None
    m = _FROM_TO.search(t)
    if m:
        g = [x for x in m.groups() if x]
        if len(g) >= 2:
            a, b = _count(g[0]), _count(g[1])
            if m.group(1) or m.group(2):          # "1 instead of 2": wanted first
                new, was = a, b
            else:                                 # "from 2 to 1", "两个改成一个": ordered first
                was, new = a, b
    if new is None:
        m = _LESS.search(t)
        if m:
            less = _count(next(x for x in m.groups() if x))
    if new is None and less is None:
        m = _COUNT_ENOUGH.search(t)
        if m:
            new = _count(next(x for x in m.groups() if x))
            needs_name = True            # "one question is enough" names no line: not a count change
    if new is None and less is None:
        q = M.quantity_for(text)
        if q and (_FEWER_CUE.search(t) or _ENOUGH.search(t)):
            new = q
    if new is None and not less:
        return None
    if new is not None and was is not None and new >= was:
        return None
    found: list[Fewer] = []
    for order in orders:
        if order.get("status") not in _UNSHIPPED or (written and str(order["id"]) not in written):
            continue
        named = _named(text, order, catalogue)
        if needs_name and not named:
            continue
        for line in order.get("items") or []:
            if named and str(line.get("sku")) not in named:
                continue
            ordered = int(line.get("qty") or 1)
            if was is not None and ordered != was:
                continue
            left = ordered - less if less else new
            if left is None or left < 1 or left >= ordered:
                continue
            found.append(Fewer(str(order["id"]), str(line.get("sku")), int(left)))
    named_hits = [f for f in found if _named(text, next(o for o in orders if str(o["id"]) == f.order_id), catalogue)]
    found = named_hits or found
    return found[0] if len(found) == 1 else None
