"""#13: a correction of ONE part of a delivery address ("the unit is 1203 not 1302", "门牌号写错了
是18号", "apt 4C not 4B") applied to the order's current address, so the customer is shown the
whole resulting address to confirm instead of being asked for the full address again and again.

`correction(text)` reads what the message corrects: the part named (unit / house number / building
…, in zh and en) and the new value, with the old value when the customer says it. `apply(fix,
address)` writes it into the address on file: the old value where it stands (token-bounded), else
the value of the named part. None when the change cannot be placed — the flow then asks once for
the full line. Pure functions over text: the address is personal data, never logged or kept here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# The part of an address a customer names, by kind. Each kind knows how its value sits in an
# address (`_IN_ADDRESS`): "Unit 1302" / "1201室" / "16号" / "3幢" / the street line's leading number.
_PART_WORDS: dict[str, str] = {
    "unit": r"unit|apt\.?|apartment|flat|suite|room|房间号?|房号|室号?|户号?",
    "house": r"house\s*(?:number|no\.?|#)|street\s*(?:number|no\.?)|building\s*number|门牌号?|门牌号码",
    "building": r"building|block|tower|楼栋号?|楼号|栋号?|幢号?|号楼|座号?",
    "floor": r"floor|楼层",
    "postcode": r"zip(?:\s*code)?|post\s*code|postal\s*code|邮编|邮政编码",
}
_PART = "|".join(f"(?P<{k}>{v})" for k, v in _PART_WORDS.items())
# (facts14b: a Hong Kong floor "9/F", and a lettered flat or block with its word: "C室", "B座")
_VALUE = (r"[0-9]{1,3}\s?/\s?F\b|[#＃]?[0-9０-９]+[A-Za-z0-9\-]*(?:号楼|号|室|栋|幢|座|楼|层)?|"
          r"[A-Za-z]{1,2}[0-9]{0,3}\s?(?:室|座|号|户|栋|幢)|[A-Za-z]?[0-9]+[A-Za-z]?")
_V = rf"(?:{_VALUE})"

# "X not Y", "X instead of Y", "X rather than Y", "not Y but X", "Y should be X", "是X不是Y",
# "不是Y是X", "Y改成X", "Y写成了…应该是X". Each gives (new, old); old may be missing.
_PAIRS = [
    re.compile(rf"(?P<new>{_V})\s*[,，]?\s*(?:not|instead of|rather than|and not|不是)\s*(?P<old>{_V})", re.I),
    re.compile(rf"(?:not|不是)\s*(?P<old>{_V})\s*[,，]?\s*(?:but|it'?s|it is|is|而是|是|应该是|应是)\s*(?P<new>{_V})", re.I),
    re.compile(rf"(?P<old>{_V})\s*(?:should be|should have been|must be|→|->|=>|改成|改为|应该是|应是|换成)\s*(?P<new>{_V})",
               re.I),
]
# A part word that is about the address ("the unit is", "门牌号写错了", "apt 4C"), not a product word
# that happens to share it ("floor lamp", "room light"): what follows must be a value or a verdict.
_PART_ANCHORED = re.compile(rf"(?:{_PART})(?=\s*(?:number|no\.?|#|is\b|was\b|should\b|=|:|：|[0-9]|是|为|写错|错了|不对|"
                            rf"打错|填错|应该|[,，]|\s+(?:wrong|typo|incorrect)))", re.I)
# "flat B not C": a lone letter is a value only right after the unit or block word that names it.
_LETTER_PAIR = re.compile(
    rf"(?:{_PART_WORDS['unit']}|{_PART_WORDS['building']})\s+(?P<new>(?-i:[A-Z]))\s*[,，]?\s*(?:not|instead of|rather than)"
    rf"\s+(?:(?:{_PART_WORDS['unit']}|{_PART_WORDS['building']})\s+)?(?P<old>(?-i:[A-Z]))\b", re.I)
_PART_THEN_VALUE = re.compile(rf"(?P<part>{_PART})\s*(?:number\s*|no\.?\s*)?[,，:：]?\s*(?P<new>{_V})", re.I)
# A new value after the part word alone: "the unit is 1203", "门牌号写错了 是18号", "应该是18号".
_PART_NEW = re.compile(
    rf"(?P<part>{_PART})[^0-9０-９。.!?！？]{{0,24}}?(?:is|should be|=|:|：|是|为|应该是|应是|改成|改为|换成)\s*"
    rf"(?P<new>{_V})", re.I)
_NEW_ONLY = re.compile(rf"(?:应该是|应是|正确的是|改成|改为|should be|it'?s actually|actually)\s*(?P<new>{_V})", re.I)
# The message must say something in the address is wrong or corrected (not "my unit is 12 years old").
_CORRECTS = re.compile(r"(typo|wrong|mistake|incorrect|not right|should be|instead of|rather than|\bnot\b|actually|"
                       r"fix|correct|写错|错了|不对|打错|填错|应该是|应是|改成|改为|不是)", re.I)


@dataclass(frozen=True)
class AddressFix:
    """One corrected part: its kind (None: not named), the new value and the old one if said."""
    part: str | None
    new: str
    old: str | None = None


def _kind(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    return next((k for k in _PART_WORDS if m.groupdict().get(k)), None)


def _clean(value: str) -> str:
    return value.strip().lstrip("#＃").translate(str.maketrans("０１２３４５６７８９", "0123456789"))


# The kind a value names by its own word when the message names no part: "C室" a unit, "5座" a
# block, "15楼" / "9/F" a floor, "18号" a house number.
_VALUE_KIND = [(re.compile(r"(?:室|户|房)$"), "unit"), (re.compile(r"(?:号楼|座|栋|幢)$"), "building"),
               (re.compile(r"(?:楼|层|/\s?F)$", re.I), "floor"), (re.compile(r"号$"), "house")]
# Written Cantonese 係 (simplified 系) before a value is the copula "是": "係C室唔係D室".
_HK_IS = re.compile(r"系(?=\s*[#＃A-Za-z0-9０-９])")


def correction(text: str) -> AddressFix | None:
    """The one-part correction a message makes, or None (no correction cue, no value)."""
    fix = _correction(_HK_IS.sub("是", text))
    if fix is not None and fix.part is None:
        kind = next((k for pat, k in _VALUE_KIND if pat.search(fix.new)), None)
        if kind is not None:
            return AddressFix(kind, fix.new, fix.old)
    return fix


def _correction(text: str) -> AddressFix | None:
    if not _CORRECTS.search(text) or "<ADDRESS" in text:
        return None      # a full address given (a placeholder) is the address itself, not a part
    part_m = _PART_ANCHORED.search(text)
    part = _kind(part_m)
    for pat in (_LETTER_PAIR, *_PAIRS):
        m = pat.search(text)
        if m and _clean(m.group("new")) != _clean(m.group("old")):
            return AddressFix(part, _clean(m.group("new")), _clean(m.group("old")))
    m = _PART_NEW.search(text)
    if m:
        return AddressFix(_kind(m) or part, _clean(m.group("new")))
    m = _NEW_ONLY.search(text)
    if m and part:
        return AddressFix(part, _clean(m.group("new")))
    m = _PART_THEN_VALUE.search(text)
    if m:      # "it should be apartment 4C", "wrong flat, 12B"
        return AddressFix(_kind(m), _clean(m.group("new")))
    return None


def names_part(text: str) -> bool:
    """The message corrects a named address part ("the apt is 4C not 4B"): an address change
    even without the word "address"."""
    fix = correction(text)
    return fix is not None and fix.part is not None


# Where each kind's value stands in an address: group "v" is the value replaced.
_IN_ADDRESS: dict[str, list[re.Pattern[str]]] = {
    "unit": [re.compile(r"(?:unit|apt\.?|apartment|flat|suite|room|#)\s*(?P<v>[A-Za-z0-9\-]+)", re.I),
             re.compile(r"(?P<v>[0-9]+[A-Za-z]?|(?<![A-Za-z])[A-Za-z]{1,2}[0-9]{0,3})\s*(?=室|房|户)")],
    "house": [re.compile(r"(?P<v>[0-9]+[A-Za-z]?)\s*(?=号(?!楼))"),
              # the street line's own number: "118 W 22nd St" (first) or "Keizersgracht 221," (last)
              re.compile(r"^\s*(?P<v>[0-9]+[A-Za-z]?)(?=\s+[A-Za-z])"),
              re.compile(r"^(?![^\d,]*\b(?:unit|apt|apartment|flat|suite|room)\b)[^\d,]+?\s(?P<v>[0-9]+[A-Za-z]?)(?=\s*,)",
                         re.I)],
    "building": [re.compile(r"(?:building|block|tower)\s*(?P<v>[A-Za-z0-9\-]+)", re.I),
                 re.compile(r"(?P<v>(?<![A-Za-z0-9])[0-9A-Za-z]{1,3})\s*(?=号楼|栋|幢|座)")],
    "floor": [re.compile(r"(?:floor)\s*(?P<v>[0-9]+)", re.I), re.compile(r"(?P<v>[0-9]+)\s*(?=楼(?!层)|层)"),
              re.compile(r"(?<![0-9A-Za-z])(?P<v>[0-9]{1,3})\s?(?=/\s?F\b)", re.I)],
    "postcode": [re.compile(r"\b(?P<v>[0-9]{4,6}(?:\s?[A-Z]{2})?)\b")],
}
_SUFFIX = re.compile(r"\s*(号楼|号|室|栋|幢|座|楼|层|/\s?F)$", re.I)


def _bare(value: str) -> str:
    return _SUFFIX.sub("", value).strip()


def _replace_token(address: str, old: str, new: str) -> str | None:
    """`old` replaced where it stands as a whole token (1302 not inside 13021); one place only."""
    pat = re.compile(rf"(?<![0-9A-Za-z]){re.escape(old)}(?![0-9A-Za-z])", re.I)
    hits = pat.findall(address)
    if len(hits) != 1:
        return None      # absent or ambiguous ("12" twice): never guess which one
    return pat.sub(new, address, count=1)


def apply(fix: AddressFix, address: str | None) -> str | None:
    """The address with the correction written in; None when it cannot be placed for sure."""
    if not address:
        return None
    new = _bare(fix.new)
    if fix.old:
        got = _replace_token(address, _bare(fix.old), new)
        if got is not None:
            return got if got != address else None
    if fix.part is None:
        return None
    for pat in _IN_ADDRESS.get(fix.part, []):
        hits = list(pat.finditer(address))
        if len(hits) == 1:
            m = hits[0]
            if fix.old and _bare(fix.old).lower() != m.group("v").lower():
                return None      # the customer's "old" value is not what the address holds: ask
            got = address[:m.start("v")] + new + address[m.end("v"):]
            return got if got != address else None
    return None
