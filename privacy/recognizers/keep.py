"""Protected spans: things the bot needs, which must survive redaction.

Order numbers (SO + 12 digits, marketplace ids after order cues), tracking numbers (SF, JD,
YT, ZTO, 1Z…, DHL after cues), amounts, dates, sizes, SKUs and model numbers, and product
names that a NER model may mistake for a person ("AirFlow HD-2000 hair dryer").
They are reported as `_KEEP` findings that veto overlapping numeric/NER findings.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from . import KEEP_PREFIX
from .base import Recognizer
from .digits import classify_text

_PATTERNS = [
    # Alphanumeric identifiers: SO202611200931, SF1234567890, JD0012345678901, 1Z999AA10123456784, SHOE-42
    re.compile(r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,6}[-_]?\d[\dA-Za-z-]{3,30}|1Z[0-9A-Z]{16})(?![A-Za-z0-9])"),
    # Shop order ids with the year in the middle: 1001-2026-0042
    # (a mainland mobile written 3-4-4 is not one: 138-2026-1234)
    re.compile(r"(?<![\d-])(?!1[3-9]\d-\d{4}-\d{4}(?![\d-]))\d{3,6}-(?:19[5-9]|20[0-4])\d-\d{3,6}(?![\d-])"),
    # Business tax and registration numbers after their label (ABN 51 824 753 556, VAT GB 123 4567 89,
    # EIN 12-3456789, 税号…): an invoice needs them, and grouped digits read as a phone otherwise.
    # (TIN is left out: in the US it is a person's number too)
    re.compile(r"(?<![A-Za-z])(?:ABN|ACN|VAT(?:[ \t]?(?:no\.?|number|reg(?:istration)?(?: no\.?)?))?|EIN|GST(?:[ \t]?no\.?)?|"
               r"UEN|NZBN|税号|纳税人识别号|统一社会信用代码)[ \t]*[:：#]?[ \t]*(?:[A-Z]{2}[ \t]?)?\d[\d \t-]{6,18}\d(?!\d)"),
    # Amounts
    re.compile(r"(?:[¥$€£]|RMB|CNY|USD|HKD|EUR)\s?\d[\d,]{0,12}(?:\.\d{1,2})?"),
    re.compile(r"\d[\d,]{0,12}(?:\.\d{1,2})?\s?(?:元|块钱|块|角|美元|美金|港币|dollars?|bucks|usd|rmb|yuan)", re.I),
    # Dates and times
    re.compile(r"(?:19|20)\d\d\s?[-/.年]\s?\d{1,2}\s?[-/.月]\s?\d{1,2}\s?日?"),
    re.compile(r"\d{1,2}\s?月\s?\d{1,2}\s?[日号]"),
    re.compile(r"(?<!\d)\d{1,2}/\d{1,2}/(?:19|20)?\d\d(?!\d)"),
    re.compile(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?!\d)"),
    # Sizes and quantities
    re.compile(r"(?<!\d)\d{1,4}(?:\.\d)?\s?(?:码|号码?(?=[的鞋衣裤,，。 ]|$)|cm|mm|ml|kg|g|寸|英寸|inch(?:es)?|GB|TB|件|个|双|瓶|盒|天|小时|分钟|岁)(?![A-Za-z])", re.I),
]

# Capitalised words right before a product noun are a product, not a person.
_PRODUCT = re.compile(
    r"(?:[A-Z][\w+-]*\s)(?:[A-Z0-9][\w+-]*\s){0,2}(?:hair\s?dryer|dryer|headphones?|earbuds|earphones?|smartphone|speaker|blender|"
    r"laptop|tablet|smartwatch|camera|keyboard|mouse|monitor|charger|cable|vacuum|kettle|shoes?|sneakers?|"
    r"jacket|shirt|backpack|router|console|controller|lamp|mixer|toaster|heater|purifier|"
    r"mattress|pillow|bottle|TV)\b")
# CamelCase and mixed letter/digit tokens are product or brand names (AirFlow, iPhone, HD-2000).
_CAMEL = re.compile(r"\b(?:[A-Z]?[a-z]+[A-Z][A-Za-z]*|[A-Za-z]+\d+[A-Za-z\d]*|i[A-Z][a-z]+)\b")


_GAELIC = re.compile(r"(Mc|Mac)([A-Z][a-z]{2,})")


def _is_gaelic_surname(word: str) -> bool:
    """Mc + capitalised word is a surname; Mac + word only when the rest is a known name."""
    m = _GAELIC.fullmatch(word)
    if not m:
        return False
    if m.group(1) == "Mc":
        return True
    from .en_name import is_first, is_last  # lazy: en_name loads the gazetteer
    return is_first(m.group(2)) or is_last(m.group(2))


_EXTENSION = re.compile(r"(?i:x|ext)\d{1,5}")

# Company names on invoices ("Park Trading LLC", "Brooks & Sons Ltd", "上海天丰贸易有限公司"),
# shop branches and dealers ("南京路总店", "华东区总代理"): business data the bot needs, even
# when a word in them is also a person's or a place's name.
_COMPANY = re.compile(
    r"(?<![\w&])(?:[A-Z][\w'’.\-]*[ \t]+(?:&[ \t]+|and[ \t]+|of[ \t]+)?){1,5}"
    r"(?:LLC|L\.L\.C\.|Ltd\.?|Limited|Inc\.?|Incorporated|Co\.?|Corp\.?|Corporation|Company|GmbH|LLP|PLC|plc|"
    r"S\.A\.|SARL|AG|Pty(?:[ \t]+Ltd)?|BV|B\.V\.|Group|Holdings|Partners|Associates)(?![\w])")
# family firms named "X & Sons", "X and Brothers", "X & Co": the name before them is the firm's
_COMPANY_AMP = re.compile(r"(?<![\w&])(?:[A-Z][\w'’.\-]*[ \t]+){1,3}(?:&|and)[ \t]+(?:Sons?|Brothers|Bros\.?|Daughters|Co\.?)"
                          r"(?:[ \t]+[A-Z][\w'’\-]*){0,2}(?![\w])")
_CN_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,16}?(?:股份有限公司|有限责任公司|有限公司|分公司|集团|商行|工作室|事务所)")
# (a branch's name holds no verb or particle: "让许嘉怡去门店拿" names no branch)
_CN_BRANCH = re.compile(r"(?:(?![去来到在让把给的了我你他她是和跟从往拿取买找问])[\u4e00-\u9fff]){2,4}?(?:总店|分店|旗舰店|专卖店|直营店|体验店|专柜|总代理|代理商|经销商|总部|营业部|门店)")


def _after_number(text: str, s: int) -> bool:
    """Is position `s` just after a digit (optionally one space): "555-0134 x22" is an extension."""
    k = s - 1
    if k >= 0 and text[k] == " ":
        k -= 1
    return k >= 0 and text[k].isdigit()


class KeepRecognizer(Recognizer):
    ENTITIES = [KEEP_PREFIX]

    def find(self, text: str, nlp_artifacts: Any) -> Iterator[tuple[str, int, int, float]]:
        for pat in _PATTERNS:
            for m in pat.finditer(text):
                if pat is _PATTERNS[0] and _EXTENSION.fullmatch(m.group(0)) and _after_number(text, m.start()):
                    continue   # a phone extension, not an identifier
                yield KEEP_PREFIX, m.start(), m.end(), 1.0
        if re.search(r"[A-Za-z]", text):
            for pat in (_PRODUCT, _CAMEL, _COMPANY, _COMPANY_AMP):
                for m in pat.finditer(text):
                    if pat is _CAMEL and _is_gaelic_surname(m.group(0)):
                        continue   # McCray, MacDonald: a family name, not a brand (MacBook stays)
                    if pat is _CAMEL and _EXTENSION.fullmatch(m.group(0)) and _after_number(text, m.start()):
                        continue
                    yield KEEP_PREFIX + "_PRODUCT", m.start(), m.end(), 1.0
        if re.search(r"[\u4e00-\u9fff]", text):
            for pat in (_CN_COMPANY, _CN_BRANCH):
                for m in pat.finditer(text):
                    yield KEEP_PREFIX + "_PRODUCT", m.start(), m.end(), 1.0
        for typ, s, e, score in classify_text(text):
            if typ == KEEP_PREFIX:
                yield typ, s, e, score
