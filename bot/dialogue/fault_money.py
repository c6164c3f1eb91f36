"""#13 (multi10): a fault report is never a billing case. The intent model can read "I charged the
headphones twice and they still won't turn on" as a payment problem (charged, twice); a message
that names a fault of the item and no money at all is a product fault. Money is named by the
strict payment cues (`cues.CHARGED`: money taken twice, a failed payment …) or by words about
money itself; "charged it / them / the light" is a battery being charged, not a card."""
from __future__ import annotations

import re

from bot.dialogue import symptoms
from bot.lang import cues as C

_MONEY = re.compile(r"\b(?:refund\w*|money|card|bill(?:ed|ing)?|invoice|payment|pay|paid|price|cost|amount|"
                    r"bank|account|paypal|debit\w*|transaction|receipt|fee|\$|€|£)\b|[$€£¥]\s?\d|"
                    r"扣款|扣钱|扣了|付款|支付|付了|钱|退款|价格|差价|账单|银行卡|信用卡|余额|金额|费用", re.I)
# "charged it twice", "charging them overnight", "充了电": the item's battery, not a payment.
_DEVICE_CHARGE = re.compile(r"\bcharg(?:e|ed|ing)\s+(?:it|them|the\s+\w+|my\s+(?!card|account|bank)\w+)|"
                            r"\bcharg(?:e|ed|ing)\s+(?:it|them)\b|充(?:了|过)?(?:几次|两次|一晚上|一夜)?电|充不进", re.I)


def is_fault_not_payment(text: str) -> bool:
    """Whether `text` reports a fault of an item and names no money (a billing case is wrong)."""
    if C.CHARGED.search(text) or _MONEY.search(text):
        return False
    kinds = symptoms.named(text)
    return bool(kinds - {"charge"}) or ("charge" in kinds and bool(_DEVICE_CHARGE.search(text)))
