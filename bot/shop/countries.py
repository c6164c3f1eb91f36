"""Which country an address is in, and which country the shop ships from: the route of a parcel
(domestic or abroad) is decided by these, not by the currency the order was paid in.

Only what an address says for sure: a country written in it (English, Chinese or the local name)
or a postcode shape that belongs to one country alone (UK, US with its state, Canada, China's
province/city words). Anything else is unknown (None), and the caller falls back to the order's
currency.
"""
from __future__ import annotations

import re
from typing import Any

# Country names as written at the end of an address (en, zh, local), ISO 3166 alpha-2.
_NAMES: dict[str, tuple[str, ...]] = {
    "GB": ("united kingdom", "great britain", "uk", "u.k.", "england", "scotland", "wales", "northern ireland",
           "英国", "英格兰", "苏格兰"),
    "IE": ("ireland", "éire", "爱尔兰"),
    "FR": ("france", "法国"), "DE": ("germany", "deutschland", "德国"), "IT": ("italy", "italia", "意大利"),
    "ES": ("spain", "españa", "西班牙"), "PT": ("portugal", "葡萄牙"), "NL": ("netherlands", "nederland", "the netherlands", "荷兰"),
    "BE": ("belgium", "belgië", "belgique", "比利时"), "LU": ("luxembourg", "卢森堡"),
    "CH": ("switzerland", "schweiz", "suisse", "svizzera", "瑞士"), "AT": ("austria", "österreich", "奥地利"),
    "DK": ("denmark", "danmark", "丹麦"), "SE": ("sweden", "sverige", "瑞典"), "NO": ("norway", "norge", "挪威"),
    "FI": ("finland", "suomi", "芬兰"), "PL": ("poland", "polska", "波兰"), "CZ": ("czech republic", "czechia", "捷克"),
    "GR": ("greece", "希腊"), "HU": ("hungary", "匈牙利"), "RO": ("romania", "罗马尼亚"),
    "US": ("united states", "united states of america", "usa", "u.s.a.", "美国"),
    "CA": ("canada", "加拿大"), "MX": ("mexico", "méxico", "墨西哥"), "BR": ("brazil", "brasil", "巴西"),
    "AU": ("australia", "澳大利亚", "澳洲"), "NZ": ("new zealand", "新西兰"),
    "CN": ("china", "p.r. china", "people's republic of china", "中国", "中华人民共和国"),
    "HK": ("hong kong", "香港"), "MO": ("macau", "macao", "澳门"), "TW": ("taiwan", "台湾"),
    "JP": ("japan", "日本"), "KR": ("south korea", "korea", "韩国"), "SG": ("singapore", "新加坡"),
    "MY": ("malaysia", "马来西亚"), "TH": ("thailand", "泰国"), "IN": ("india", "印度"),
    "AE": ("united arab emirates", "uae", "阿联酋"), "IL": ("israel", "以色列"), "TR": ("turkey", "türkiye", "土耳其"),
    "ZA": ("south africa", "南非"), "RU": ("russia", "俄罗斯"),
}
_BY_NAME = {name: code for code, names in _NAMES.items() for name in names}
_LATIN_NAME = re.compile(r"(?<![\w.])(" + "|".join(sorted((re.escape(n) for n in _BY_NAME if n.isascii()
                                                             or not re.search(r"[\u4e00-\u9fff]", n)),
                                                            key=len, reverse=True)) + r")(?![\w])", re.I)
_ZH_NAME = re.compile("|".join(sorted((re.escape(n) for n in _BY_NAME if re.search(r"[\u4e00-\u9fff]", n)),
                                      key=len, reverse=True)))

_US_STATES = ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
              "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY").split()
_US = re.compile(r"\b(?:" + "|".join(_US_STATES) + r")\s+\d{5}(?:-\d{4})?\b")
_UK = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b")
_CA = re.compile(r"\b[ABCEGHJ-NPRSTVXY]\d[A-Z]\s?\d[A-Z]\d\b")
_CN = re.compile(r"[\u4e00-\u9fff]{2,}(?:省|自治区|市)[\u4e00-\u9fff]{1,}(?:市|区|县)")

# A currency used by one country alone: the shop's country when its facts do not name one.
CURRENCY_COUNTRY = {"GBP": "GB", "CHF": "CH", "CNY": "CN", "RMB": "CN", "USD": "US", "JPY": "JP", "CAD": "CA",
                    "AUD": "AU", "NZD": "NZ", "SEK": "SE", "NOK": "NO", "DKK": "DK", "PLN": "PL", "CZK": "CZ",
                    "HUF": "HU", "HKD": "HK", "SGD": "SG", "KRW": "KR", "INR": "IN", "MXN": "MX", "BRL": "BR"}


def address_country(address: Any) -> str | None:
    """The ISO country code `address` is in, None when it does not say for sure."""
    if isinstance(address, dict):
        code = address.get("country_code") or address.get("country")
        if code:
            return country_code(str(code))
        address = " ".join(str(v) for v in address.values() if v)
    text = str(address or "").strip()
    if not text:
        return None
    # A country written out wins; the last one written is the address's (a street may be "France Road").
    # Written last: after the last comma or at the very end ("… 75009 Paris France").
    tail = re.split(r"[,，\n]", text)[-1].strip(" .")
    if tail.lower() in _BY_NAME:
        return _BY_NAME[tail.lower()]
    last = list(_LATIN_NAME.finditer(text))
    if last and not text[last[-1].end():].strip(" ."):
        return _BY_NAME[last[-1].group(1).lower()]
    zh = _ZH_NAME.search(text)
    if zh and zh.start() <= 2:                       # 中文地址 start with the country: "法国巴黎…"
        return _BY_NAME[zh.group(0)]
    if _US.search(text):
        return "US"
    if _UK.search(text.upper()) and not _CA.search(text.upper()):
        return "GB"
    if _CA.search(text):
        return "CA"
    if _CN.search(text):
        return "CN"
    return None


def country_code(value: str) -> str | None:
    """"FR", "fr", "France", "法国" → "FR"; None when not a country."""
    v = value.strip()
    if len(v) == 2 and v.isalpha():
        return v.upper()
    return _BY_NAME.get(v.lower())


def shop_country(facts: Any, shop_currency: str | None) -> str | None:
    """The country the shop ships from: its facts' `[shop] country`, else the one country of its
    catalogue's currency (EUR and other shared currencies: unknown)."""
    named = facts.get("shop.country") if facts is not None else None
    if named:
        return country_code(str(named))
    return CURRENCY_COUNTRY.get(str(shop_currency or "").upper())
