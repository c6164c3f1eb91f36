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


# "it's my order", "my phone is …", "I'm <name>", "knowing the number proves it", "我就是张伟":
# an identity claim typed in the chat (names and numbers may arrive already masked as <PERSON_1>).
_CLAIM = re.compile(
    r"<(?:PERSON|PHONE_NUMBER|EMAIL_ADDRESS|CN_RESIDENT_ID)(?:_\d+)?>|"
    r"\b(?:it'?s|it is|that'?s|that is|this is)\s+(?:really\s+|definitely\s+|obviously\s+)?(?:mine|my (?:order|parcel|package))\b|"
    r"\b(?:obviously|definitely|clearly)\s+(?:it'?s\s+)?(?:mine|my (?:order|parcel|package))\b|"
    r"\bi\s+(?:know|have)\s+the\s+order\s*(?:number|no|id)\b|\bprov(?:e|es|ed|ing)\b.{0,30}\b(?:mine|my|i'?m|i am)\b|"
    r"\bmy\s+(?:name|phone|mobile|phone number|email|e-mail)\s+(?:is|:)|\bi'?m\s+the\s+(?:buyer|owner|customer)\b|"
    r"我就是|我本人|是本人|(?:就|肯定|当然|确实)是我的|我知道订单号|订单号我知道|知道订单号|我叫|我的名字|"
    r"(?:我的)?(?:手机号?|电话)(?:码|号码)?\s*(?:是|:|：)?\s*[\d<+]", re.I)
# A refund asked for ("refund it to my card", "退款到我卡上").
_REFUND = re.compile(r"\brefund|\bmoney back\b|\bpay (?:me )?back\b|退款|退钱|把钱退|钱退", re.I)


def claims_ownership(text: str) -> bool:
    """The message asserts the order is theirs (a name, a phone number, "I know the number")."""
    return bool(_CLAIM.search(text))


# A refund asked for, not a question about how refunds work ("how long does a refund take?").
_REFUND_ASK = re.compile(r"\brefund (?:me|it|them|this|that|the|my|#?\w*\d)|\b(?:want|need|get) (?:a |my )?refund\b|"
                         r"\bmoney back\b|\bpay (?:me )?back\b|帮我退|给我退|要退款|申请退款|退款到|退到|退给我|把钱退", re.I)
_HOW = re.compile(r"\bhow (?:long|many|do|does|can)\b|\bwhen\b|\bpolicy\b|多久|几天|怎么|如何|政策|规定", re.I)


def asks_refund(text: str) -> bool:
    """A refund requested (an order number typed with it, or a plain "refund me"), not a question."""
    if not _REFUND.search(text) or (_HOW.search(text) and not typed_order_id(text)):
        return False
    return bool(typed_order_id(text) or _REFUND_ASK.search(text))


def claim_reply(lang: str) -> str:
    """Why a name, phone number or order number typed here proves nothing, and how to be verified
    (never "send the order number": they may just have sent it)."""
    return (("I understand it's your order, but I can't confirm who you are from a name, phone number or order "
             "number typed in this chat — anyone could type those, and an order's details are shown only to the "
             "account that placed it. To have it checked, message us from the account you ordered with, or say "
             "\"human\" and a colleague will verify you against the buyer's details on the order.")
            if lang == "en" else
            "理解您说这是您的订单，但在这个聊天里，仅凭姓名、手机号或订单号无法确认您的身份——这些信息任何人都能输入，"
            "订单详情只对下单的账号展示。请用下单时的账号联系我们；或回复“转人工”，同事会按订单上的买家信息核实您的身份。")


def refund_reply(text: str, lang: str) -> str:
    """A refund asked by someone with no orders here: refused, with the reason and the way to do it."""
    oid = typed_order_id(text)
    what = (f" for {oid}" if lang == "en" else f" {oid} ") if oid else ""
    return ((f"I can't start a refund{what} from this chat account: a refund can only be requested by the buyer, "
             "from the account that placed the order, and it always goes back to the payment method that paid for "
             "it — never to another card. Please write to us from that account, or say \"human\" and a colleague "
             "will verify that you're the buyer.")
            if lang == "en" else
            f"这个聊天账号无法为订单{what}申请退款：退款只能由买家用下单的账号申请，并且只会原路退回到付款时用的支付方式，"
            "不能退到其他卡上。请用下单的账号联系我们，或回复“转人工”，同事会核实您是否为买家。")


# Flow results that, for someone with no customer record here, mean "not your order" — they get
# the verification answer rather than "not found on your account" or "no refunds on record".
_ORDER_BOUND = frozenset({"no_orders", "no_customer", "not_found"})


def lost(customer: object | None, orders: list, flow: str | None, step: str | None) -> bool:
    """A stranger's request answered as if they had an account ("no refunds on your account")."""
    if orders:
        return False
    if step in ("no_orders", "no_customer"):
        return True
    return customer is None and (step in _ORDER_BOUND or (flow == "refund_status" and step == "done"))
