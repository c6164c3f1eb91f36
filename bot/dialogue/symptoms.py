"""What a customer says is wrong with an item, as symptom kinds (leak, power, charge, connect,
noise, broken, fit, heat, display, smell), in Chinese and English.

Two uses (#13): a named symptom of an item the customer holds makes the message a fault report
(never an order-status or lost-parcel answer), and a help-centre guide is used only when it is
about the symptom named — a pairing guide is no answer to "won't turn on". Symptom kinds are
product-neutral: which product is meant always comes from the shop's own catalogue and orders.
"""
from __future__ import annotations

import re

SYMPTOMS: dict[str, re.Pattern[str]] = {
    "leak": re.compile(r"\bleak|\bdrip|\bseep|water (comes?|gets?|got|is coming|runs?) (in|out|through)|"
                       r"lets? (water|air|rain) (in|out|through)|loses? air|deflat|漏|渗水|进水|瘪了|跑气", re.I),
    "power": re.compile(r"\b(won'?t|doesn'?t|does not|can'?t|will not|not) (turn(ing)? on|power(ing)? on|start(ing)?|"
                        r"switch(ing)? on)\b|\bno power\b|\b(is|went|gone|side|half) dead\b|\bdead\b|"
                        r"开不了机|不开机|开不了|没反应|不通电|没电了|不亮", re.I),
    "charge": re.compile(r"charg|充不进|充电|充不上", re.I),
    "connect": re.compile(r"\bpair|\bconnect|bluetooth|wi-?fi|\bsync|连不上|连接|配对|蓝牙", re.I),
    "noise": re.compile(r"\bnois|\bsqueak|\brattl|\bbuzz|\bcrackl|\bhum(s|ming)?\b|\bclick|异响|噪音|杂音|响声|吱吱", re.I),
    "fit": re.compile(r"\b(do(es)?n'?t|does not|won'?t|not) fit|\btoo (small|big|tight|loose)\b|装不上|装不进|不匹配|对不上",
                      re.I),
    "heat": re.compile(r"\b(won'?t|doesn'?t|does not|not) (heat|warm|get hot|boil)|overheat|too hot|\bgets? (very )?hot\b|"
                       r"不加热|不热|烧不开|加热不|过热|发烫|烫手", re.I),
    "display": re.compile(r"\bscreen\b|\bdisplay\b|\bflicker|\bblink|屏幕|显示|闪", re.I),
    "smell": re.compile(r"\bsmell|\bodou?r|\bstinks?\b|异味|臭|味道", re.I),
    "broken": re.compile(r"\bbroke|\bsnapp|\bcrack|\btor[en]\b|\btear|\brip(s|ped)?\b|\bholes?\b|\bsplit|\bpeel|\bbent\b|"
                         r"\bcame (off|apart|loose)|\bfell (off|apart)|\bloose\b|坏|断了|裂|破|洞|弯|脱落|开胶|起皮|掉了", re.I),
}
# Kinds too general to tell one fault guide from another ("it's broken" fits any guide).
GENERAL = frozenset({"broken"})


def named(text: str) -> frozenset[str]:
    """The symptom kinds the text names."""
    return frozenset(k for k, rx in SYMPTOMS.items() if rx.search(text or ""))


def specific(text: str) -> frozenset[str]:
    """The symptom kinds that tell one fault from another (not just "broken")."""
    return named(text) - GENERAL


def guide_fits(guide_text: str, said: str) -> bool:
    """May a troubleshooting guide answer what the customer said? Only when it is about one of
    the specific symptoms named. A message naming none ("it stopped working") takes only a guide
    about no one symptom: a pairing guide for "stopped working" is a guess (#13)."""
    asked = specific(said)
    return bool(asked & named(guide_text)) if asked else not specific(guide_text)


# The symptom said back when the remedies are offered ("Sorry the water bottle is leaking").
_SAID = {
    "leak": ("is leaking", "出现渗漏"), "power": ("won't turn on", "开不了机"), "charge": ("won't charge", "充不进电"),
    "connect": ("won't connect", "连接不上"), "noise": ("is making a noise", "有异响"), "fit": ("doesn't fit", "装不上或不合适"),
    "heat": ("isn't heating properly", "加热不正常"), "display": ("has a display or light problem", "显示或灯光异常"),
    "broken": ("is damaged", "有损坏"),
}


def main(text: str) -> str:
    """The one symptom kind to say back: the first specific one named, else "broken", else ""."""
    kinds = [k for k in SYMPTOMS if k in named(text) and k in _SAID]
    specific_ = [k for k in kinds if k not in GENERAL]
    return (specific_ or kinds or [""])[0]


def said_back(kind: str, lang: str) -> str:
    """The symptom kind worded for `lang` ("" for none)."""
    en, zh = _SAID.get(kind, ("", ""))
    return zh if lang == "zh" else en
