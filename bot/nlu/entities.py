"""Entity extraction from redacted customer messages: order ids, tracking numbers, amounts,
sizes and colours. Product mentions are matched against the shop's own data by the dialogue
(bot/dialogue/matching.py), never against a word list here.

Placeholders produced by the privacy stage (``<PHONE_NUMBER_1>``, ``<ADDRESS>``, …) are masked
before matching, so a redacted phone number can never be mistaken for an order id.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

# Placeholders from privacy/pseudonyms.py: <TYPE> or <TYPE_N>.
PLACEHOLDER_RE = re.compile(r"<([A-Z][A-Z_]*?)(?:_(\d+))?>")

# Boundaries: CJK characters count as \w in Python, so \b fails between "订单" and "SO…";
# use explicit look-arounds on ASCII letters/digits instead.
_NA = r"(?<![A-Za-z0-9])"
_NZ = r"(?![A-Za-z0-9])"

# Order ids in any shop's shape (no shop's format is built in; the pipeline matches these
# candidates against the ids the shop knows for the customer, bot.shop.order_ids):
# an optional '#', 1-4 letters, then 6+ digits possibly typed in groups ("SO 2026 1120 0931",
# "#W2378156", "ord-88120046"); or a '#' and 4+ digits ("#1001").
# A space after the letters only when they are capitals ("SO 2026…"): "code 4398…" is words.
ALNUM_ORDER_RE = re.compile(_NA + r"(#\s?)?([A-Z]{2,4}\s|[A-Za-z]{1,4}-?)((?:\d[\s-]?){5,19}\d)" + _NZ
                            + r"|(?<![A-Za-z0-9#])(#\s?)(\d(?:[\s-]?\d){3,19})" + _NZ)
# Marketplace ids: 16–20 digits (Taobao/JD/Pinduoduo style); the intent features use it.
LONG_ID_RE = re.compile(r"(?<!\d)(\d{16,20})(?!\d)")
# Digit-only ids (marketplaces, many shops): 6–20 digits, hyphen-grouped allowed; claimed only
# next to an order cue or standing alone (a bare number in a sentence may be anything).
DIGIT_ID_RE = re.compile(r"(?<![\d-])(\d{6,20}|\d{2,8}(?:-\d{2,8}){1,4})(?![\d-])")
ORDER_CUE_RE = re.compile(r"(订单|单号|订单号|order|purchase|单子|\bno\.?|#)", re.I)

_TRACKING_PATTERNS = [
    r"SF\d{10,15}",                 # SF Express
    r"JD[A-Z]{0,2}\d{10,15}",       # JD Logistics (JDVA…, JDX…)
    r"YT\d{10,15}",                 # YTO
    r"ZTO\d{10,15}",                # ZTO with prefix
    r"STO\d{10,15}",                # STO with prefix
    r"YD\d{10,15}",                 # Yunda with prefix
    r"EMS\d{9,13}",                 # EMS with prefix
    r"E[A-Z]\d{9}CN",               # UPU / China Post EMS international
    r"1Z[0-9A-Z]{16}",              # UPS
]
TRACKING_RE = re.compile(_NA + r"(" + "|".join(_TRACKING_PATTERNS) + r")" + _NZ, re.I)
DHL_RE = re.compile(r"(?<!\d)(\d{10})(?!\d)")
DHL_CUE_RE = re.compile(r"(dhl|tracking|waybill|运单|快递单|物流单|单号)", re.I)

_CN_NUM = "零〇一二两三四五六七八九十百千万"
AMOUNT_RE = re.compile(
    # Any shop's currency: symbols, ISO codes and currency words in both languages, before or after.
    r"(?:[¥￥€£]\s?\d+(?:[,.]\d{3})*(?:[.,]\d{1,2})?"
    r"|\$\s?\d+(?:,\d{3})*(?:\.\d{1,2})?"
    r"|(?:RMB|CNY|USD|EUR|GBP|CHF|JPY|HKD|AUD|CAD)\s?\d+(?:,\d{3})*(?:\.\d{1,2})?"
    r"|(?<![\dA-Za-z.])\d+(?:,\d{3})*(?:[.,]\d{1,2})?\s?(?:欧元|美元|英镑|日元|港币|元|块钱|块|rmb|RMB|CNY|"
    r"dollars?|bucks|usd|USD|euros?|EUR|eur|€|pounds?|GBP|gbp|£|CHF|chf)"
    r"|[" + _CN_NUM + r"]+(?:元|块钱|块))",
)

SIZE_RE = re.compile(
    r"(?:(?<!\d)\d{2}(?:\.5)?\s?(?:码|號|号)"
    r"|(?:尺码|码数|鞋码)\s?\d{2}(?:\.5)?"
    r"|\bsize\s?(?:\d{1,2}(?:\.5)?|xxs|xs|s|m|l|xl|xxl|xxxl|[23]xl)\b"
    r"|" + _NA + r"(?:XXS|XS|XXL|XXXL|XL|[23]XL)" + _NZ +
    r"|" + _NA + r"(?:XXS|XS|XXL|XXXL|XL|[23]XL|S|M|L)\s?(?:码|号|號)"
    r"|(?<=换)(?:成)?[SML]" + _NZ +
    r"|(?:大|中|小|加大)号|均码)",
    re.I,
)

_ZH_COLOURS = [
    "红色", "黑色", "白色", "蓝色", "绿色", "黄色", "灰色", "粉色", "紫色", "橙色", "棕色",
    "咖啡色", "米色", "米白色", "卡其色", "藏青色", "藏青", "深蓝色", "浅蓝色", "天蓝色", "银色",
    "金色", "玫瑰金", "酒红色", "墨绿色", "军绿色", "杏色", "驼色", "深灰色", "浅灰色",
]
_EN_COLOURS = [
    "red", "black", "white", "blue", "navy", "green", "yellow", "grey", "gray", "pink", "purple",
    "orange", "brown", "beige", "khaki", "silver", "gold", "rose gold", "maroon", "olive", "teal",
    "cream", "burgundy", "charcoal",
]
COLOUR_RE = re.compile(
    "(" + "|".join(sorted(_ZH_COLOURS, key=len, reverse=True)) + ")"
    + r"|\b(" + "|".join(sorted(_EN_COLOURS, key=len, reverse=True)) + r")\b",
    re.I,
)

@dataclass
class Entities:
    """What a message mentions. Each list keeps first-mention order without duplicates."""

    order_ids: list[str] = field(default_factory=list)
    tracking_numbers: list[str] = field(default_factory=list)
    amounts: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    products: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, list[str]]:
        return asdict(self)

    def is_empty(self) -> bool:
        return not any(self.to_dict().values())


def mask_placeholders(text: str) -> str:
    """Blank out privacy placeholders (same length, so offsets stay valid)."""
    return PLACEHOLDER_RE.sub(lambda m: " " * len(m.group(0)), text)


def _add(bucket: list[str], value: str) -> None:
    if value and value not in bucket:
        bucket.append(value)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def _stands_alone(text: str, start: int, end: int) -> bool:
    # Only the number (and punctuation/whitespace) in the message.
    rest = text[:start] + text[end:]
    return not re.search(r"[A-Za-z0-9\u4e00-\u9fff]", rest)


def extract_entities(text: str) -> Entities:
    """Find order ids, tracking numbers, amounts, sizes, colours and products in `text`."""
    ents = Entities()
    work = mask_placeholders(unicodedata.normalize("NFKC", text))

    for m in TRACKING_RE.finditer(work):
        _add(ents.tracking_numbers, m.group(1).upper())
        work = _blank(work, m.start(), m.end())

    for m in ALNUM_ORDER_RE.finditer(work):
        _add(ents.order_ids, re.sub(r"\s", "", m.group(0)).upper())
        work = _blank(work, m.start(), m.end())

    for m in DHL_RE.finditer(work):
        window = work[max(0, m.start() - 16): m.start()]
        if DHL_CUE_RE.search(window):
            _add(ents.tracking_numbers, m.group(1))
            work = _blank(work, m.start(), m.end())

    for m in DIGIT_ID_RE.finditer(work):
        window = work[max(0, m.start() - 12): m.start()] + work[m.end(): m.end() + 6]
        if ORDER_CUE_RE.search(window) or _stands_alone(work, m.start(), m.end()):
            _add(ents.order_ids, m.group(1))
            work = _blank(work, m.start(), m.end())

    for m in AMOUNT_RE.finditer(work):
        _add(ents.amounts, m.group(0).strip())
        work = _blank(work, m.start(), m.end())

    for m in SIZE_RE.finditer(work):
        _add(ents.sizes, m.group(0).strip())

    for m in COLOUR_RE.finditer(work):
        _add(ents.colors, m.group(0).lower())
    # `products` is not filled here: which items a message names depends on the shop's own data
    # (the customer's orders, the catalogue), so bot.dialogue.matching fills it per turn.
    return ents
