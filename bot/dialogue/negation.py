"""Which after-sales actions a message asks for and which it rules out ("a refund, not a
replacement", "不要换货 退款", "don't cancel it"): a negation scopes the action word right after
it, so the action named is never the one the customer refused. General words of each language
only (verbs and nouns of the actions), never a shop's product words."""
from __future__ import annotations

import re

# The actions, by the flow that makes them.
_ACTIONS: dict[str, str] = {
    "cancel_order": r"cancel(?:l?ing|l?ed|lation)?|call (?:it )?off|取消|撤单",
    "exchange_request": r"exchang\w*|replac\w*|swap\w*|(?:a |another )?new (?:one|ones|pair|unit|set)|"
                        r"re-?send\w*|re-?ship\w*|换货|换新|换一个|换个|换一[双套件台个只]|调换|更换|补发|"
                        r"(?:寄|发|送)(?:个|一个|一[双套件台只])?新的|重新(?:寄|发)|再(?:寄|发)一[个双套件台只]|"
                        # "不换了 退钱吧": a bare 换 counts only right after its negation
                        r"(?<=[不别])换(?=了|啦|$|\s|[，,。.!！])",
    "return_request": r"refund\w*|return\w*|money back|send (?:it|them) back|退款|退货|退钱|退掉|退回|退了|"
                      # "我不想退，想要补发": a bare 退 counts only right after its negation
                      r"(?:(?<=不想)|(?<=不要)|(?<=[不别]))退(?=了|啦|$|\s|[，,。.!！])|"
                      # "我只退那个充电宝" / "只想退T恤": a bare 退 right after 只 / 想 / 要 / 我 asks for it
                      r"(?:(?<=只)|(?<=想)|(?<=要)|(?<=我))退(?=\S)",
}
_NEG_EN = r"(?:\bnot\b|\bno\b|\bdon'?t\b|\bdo not\b|\bdont\b|\bnever\b|\bwithout\b|\brather than\b|\binstead of\b|" \
          r"\bno need (?:to|for)\b|\bdon'?t want\b|\bnot want\b)"
_NEG_ZH = r"(?:不要|不用|不想|不需要|无需|别|先别|不必|没必要|不是要?|不)"
# A negation reaches the action word only across a few words ("not a full", "don't want to").
_GAP_EN = r"(?:\s+(?:a|an|the|any|to|want|wanna|need|do|go|get|it|me|for|with|my|this|that)\b){0,3}\s*"
_GAP_ZH = r"\s*(?:帮我|给我|我|您|你|再|去|要|申请|办理|了)?\s*"


def _spans(text: str, kind: str) -> list[tuple[int, int, bool]]:
    """Each mention of `kind`'s action: (start, end, negated)."""
    word = _ACTIONS[kind]
    found: list[tuple[int, int, bool]] = []
    for m in re.finditer(word, text, re.I):
        head = text[:m.start()]
        neg = re.search(_NEG_EN + _GAP_EN + r"$", head, re.I) or re.search(_NEG_ZH + _GAP_ZH + r"$", head) \
            or re.search(r"\brather\b.{1,60}\bthan" + _GAP_EN + r"$", head, re.I)     # "rather X than an exchange"
        found.append((m.start(), m.end(), bool(neg)))
    return found


def polarity(text: str) -> tuple[list[str], list[str]]:
    """(asked, ruled_out): the flows of the actions named without / with a negation, in the
    order the message names them. An action both asked and ruled out counts as asked."""
    asked: list[tuple[int, str]] = []
    ruled: list[tuple[int, str]] = []
    for kind in _ACTIONS:
        spans = _spans(text, kind)
        if not spans:
            continue
        pos = [s for s in spans if not s[2]]
        if pos:
            asked.append((pos[0][0], kind))
        else:
            ruled.append((spans[0][0], kind))
    return [k for _, k in sorted(asked)], [k for _, k in sorted(ruled)]


def instead(flow: str | None, text: str) -> str | None:
    """The flow the customer asked for when `flow` is an action they ruled out and they named
    another ("refund, not a replacement" read as an exchange → the return); None otherwise."""
    if flow is None:
        return None
    asked, ruled = polarity(text)
    if flow not in ruled:
        return None
    others = [k for k in asked if k != flow]
    return others[0] if others else None


def ruled_out(flow: str | None, text: str) -> bool:
    """`flow`'s action is named only under a negation ("先别取消", "don't cancel it")."""
    return flow is not None and flow in polarity(text)[1]


def masked(text: str) -> str:
    """The message with each ruled-out action (its negation and its word) blanked, so cues read
    only what is asked: "a refund, not a replacement" → "a refund, ".
    Lengths are kept (spaces), so offsets into the message stay valid."""
    out = text
    for kind in _ACTIONS:
        for start, end, neg in _spans(text, kind):
            if not neg:
                continue
            head = text[:start]
            m = re.search(_NEG_EN + _GAP_EN + r"$", head, re.I) or re.search(_NEG_ZH + _GAP_ZH + r"$", head) \
                or re.search(r"\bthan" + _GAP_EN + r"$", head, re.I)
            begin = m.start() if m else start
            out = out[:begin] + " " * (end - begin) + out[end:]
    return out
