"""Someone with no orders on this identity (#13): an order number they typed, or a charge they
report, is never met with "no orders on this account" again. Nothing is looked up or disclosed —
an order is shown only to the account that placed it — but they are told how to get it checked:
write from the buyer's account, or a person verifies them.

Only the shape of what was typed matters (an order-number-like token: letters, separators and at
least four digits), never the shop's id format: every shop writes its ids differently.
"""
from __future__ import annotations

import re

from bot.lang import cues as C

# "W9024138", "#6749", "SO-41037-B", "ORD/2026/01234", "2026112345678", "A-1F7K": a token carrying
# ≥4 digits, or fewer with letters and a separator.
# ASCII classes: a Chinese character next to the number ("订单2026112345678到哪了") is no part of it.
_ID_TOKEN = re.compile(r"(?<![A-Za-z0-9_./:@-])#?[A-Za-z]{0,5}[-/#]?\d[A-Za-z0-9_/-]{2,24}(?![A-Za-z0-9_.@])")


def typed_order_id(text: str) -> str | None:
    """The first order-number-like token of the message (None when there is none)."""
    for m in _ID_TOKEN.finditer(text):
        token = m.group(0)
        digits = sum(ch.isdigit() for ch in token)
        # Short ids ("A-1F7K") carry few digits but a separator and letters mixed in.
        shaped = digits >= 4 or (digits >= 2 and len(token) >= 5 and re.search(r"[-/#]", token)
                                 and re.search(r"[A-Za-z]", token))
        if shaped and not re.fullmatch(r"\d{1,2}[-/]\d{1,2}([-/]\d{2,4})?", token):
            return token
    return None


def reports_charge(text: str) -> bool:
    """A payment complaint (charged twice, a charge they don't recognise)."""
    return bool(C.CHARGED.search(text) or re.search(r"\bcharged\b|\bcharge on my\b|扣款|扣钱|扣了", text, re.I))


def reply(text: str, lang: str) -> str | None:
    """How to get the order or the charge checked; None when the message names neither."""
    if reports_charge(text):
        return (("I can't see any order or payment from this chat account, so I can't check the charge from here. "
                 "Please write to us from the account you ordered with, or say \"human\" and a colleague will verify "
                 "the charge with you — the order number and the date and amount of each charge help (never send a "
                 "full card number).") if lang == "en" else
                "这个聊天账号下查不到订单或付款记录，我这边没法直接核实这笔扣款。请用下单时的账号联系我们，或回复“转人工”，"
                "同事会和您核实——提供订单号、每笔扣款的时间和金额会更快（请不要发送完整卡号）。")
    oid = typed_order_id(text)
    if oid:
        return ((f"I can't look up {oid} from this chat account: to protect the buyer's details, an order is shown "
                 "only to the account that placed it. Please message us from that account (or ask the person who "
                 "ordered it to), or say \"human\" and a colleague will verify that you're the buyer.")
                if lang == "en" else
                f"这个聊天账号无法查询 {oid}：为保护买家信息，订单只对下单的账号展示。请用下单的账号联系我们（或请下单人联系），"
                "也可以回复“转人工”，同事会核实您是否为买家。")
    return None
