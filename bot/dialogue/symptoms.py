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
    "noise": re.compile(r"\b(weird|strange|loud|funny|odd|grinding) sound|\bnois|\bsqueak|\brattl|\bbuzz|\bcrackl|\bhum(s|ming)?\b|\bclick|异响|噪音|杂音|响声|吱吱", re.I),
    "fit": re.compile(r"\b(do(es)?n'?t|does not|won'?t|not) fit|\btoo (small|big|tight|loose)\b|装不上|装不进|不匹配|对不上",
                      re.I),
    "heat": re.compile(r"\b(won'?t|doesn'?t|does not|not|isn'?t|stopped|no longer) (heat|warm|get hot|getting hot|boil)|"
                       r"\bno heat\b|\bblows? cold\b|\bstays? cold\b|\bcold air\b|overheat|too hot|\bgets? (very )?hot\b|"
                       r"不加热|不热|烧不开|加热不|过热|发烫|烫手", re.I),
    "display": re.compile(r"\bscreen\b|\bdisplay\b|\bflicker|\bblink|屏幕|显示|闪", re.I),
    # No sound where sound belongs ("no sound from the left earbud", "一边没声音", "speaker is silent").
    "sound": re.compile(r"\bno (sound|audio)\b|\bsilent\b|\bcan'?t hear\b|\bplays? (no )?sound|\bsound\b.{0,20}\b(gone|stopp|cuts?)|"
                        r"\b(too )?quiet\b|\bmuted?\b|没声音|没有声音|无声|听不到|听不见|声音(太)?小|没声|有声音|出声|哑了", re.I),
    # Sound or signal that drops in and out ("one side cuts out", "keeps dropping", "断断续续").
    "cutout": re.compile(r"\bcut(s|ting)? (in and )?out\b|\bdrop(s|ping)? out\b|\bkeeps? (dropping|cutting)|"
                         r"\bintermittent|\bcomes and goes\b|\bon and off\b|断断续续|时有时无|时断时续|一会儿有一会儿没", re.I),
    # A burner or lighter that won't catch ("the stove won't ignite", "打不着火").
    "ignite": re.compile(r"\bignit|\bspark|\bno flame\b|\bflame\b|\bwon'?t (light|catch)\b|\bpilot\b|"
                         r"点不着|打不着|不着火|点火|打火|没火|不出火|火焰|熄火", re.I),
    "smell": re.compile(r"\bsmell|\bodou?r|\bstinks?\b|异味|臭|味道|焦味|糊味|烧焦|焦糊", re.I),
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


def guide_fits(guide_text: str, said: str, title: str = "", item_words: str = "") -> bool:
    """May a troubleshooting guide answer what the customer said? Only when it is about one of
    the specific symptoms named. A message naming none ("it stopped working") takes a guide about
    no one symptom, or one whose title shares a word of what was said besides the item's own
    name (the guide words the symptom its own way): a pairing guide for "stopped working" is a
    guess (#13)."""
    asked = specific(said)
    if asked:
        return bool(asked & named(guide_text))
    return not specific(guide_text) or bool(title and shared_words(title, said, item_words))


def fit_rank(title: str, guide_text: str, said: str) -> int:
    """How closely a fitting guide is about the symptom named: 2 its title names it, 1 only its
    text does, 0 neither (the charging guide before the pairing guide that mentions the case)."""
    asked = specific(said)
    if asked & named(title):
        return 2
    return 1 if asked & named(guide_text) else 0


# Words too common to say two texts are about the same thing.
_STOP = frozenset("the and with from that this have does doesn dont won't wont isn not only just when what "
                  "mine your they them then there been being into onto about after before still again also "
                  "it's its one two very really some please help".split())


def _tokens(text: str) -> set[str]:
    t = (text or "").lower()
    words = {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", t) if w not in _STOP}
    zh = "".join(re.findall(r"[\u4e00-\u9fff]+", t))
    return words | {zh[i:i + 2] for i in range(len(zh) - 1)}


def shared_words(title: str, said: str, item_words: str = "") -> set[str]:
    """Words (English words, Chinese two-character runs) a guide's title shares with what was
    said, the item's own name words left out (every guide of the item shares those)."""
    return (_tokens(title) & _tokens(said)) - _tokens(item_words)


# The symptom said back when the remedies are offered ("Sorry the water bottle is leaking").
_SAID = {
    "leak": ("is leaking", "出现渗漏"), "power": ("won't turn on", "开不了机"), "charge": ("won't charge", "充不进电"),
    "connect": ("won't connect", "连接不上"), "noise": ("is making a noise", "有异响"), "fit": ("doesn't fit", "装不上或不合适"),
    "heat": ("isn't heating properly", "加热不正常"), "display": ("has a display or light problem", "显示或灯光异常"),
    "sound": ("has no sound", "没有声音"), "cutout": ("keeps cutting out", "时断时续"), "ignite": ("won't ignite", "打不着火"),
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
