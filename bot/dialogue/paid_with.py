"""An order referred to by how it was paid ("the one I paid by card", "用微信付的那单", "the
PayPal order", "the one on my Amex") — #13, mind11: the orders whose own payment method fits the
method named, read from the customer's payment methods (DESIGN.md `type` and `label`), never
guessed. Method words are general ones per type; the label's own words ("Amex", "4071") count too."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

# General words for each payment method type (both languages). Gift cards first: "gift card"
# must not read as a bank card.
_TYPE_WORDS: dict[str, str] = {
    "gift_card": r"gift ?cards?|vouchers?|store credit|礼品卡|购物卡|代金券|储值卡",
    "paypal": r"pay ?pal|贝宝",
    "wechat_pay": r"we ?chat(?: ?pay)?|weixin|微信",
    "alipay": r"ali ?pay|支付宝",
    "bank_transfer": r"bank transfer|wire(?: transfer)?|e-?transfer|sepa|\btransfer\b|转账|汇款|银行转账|对公",
    "card": r"(?:credit|debit|bank)? ?cards?|visa|master ?card|amex|银行卡|信用卡|借记卡|刷卡|卡(?=付|支付|买)",
    "cash_on_delivery": r"cash on delivery|\bcod\b|货到付款",
}
# The message talks about paying (so a method word picks an order, not a wish to pay differently).
_PAID = re.compile(r"\bpa(?:id|y|ying)\b|\bcharged\b|\bon my\b|\bwith my\b|\bthe \w+(?: \w+)? (?:one|order)\b|"
                   r"付|支付|买的|那单|那笔|那个订单", re.I)


def named_types(text: str) -> list[str]:
    """The payment method types the text names, in the order of `_TYPE_WORDS`."""
    rest = text
    found: list[str] = []
    for kind, words in _TYPE_WORDS.items():
        rx = re.compile(r"(?<![a-z])(?:" + words + r")(?![a-z])", re.I)
        if rx.search(rest):
            found.append(kind)
            rest = rx.sub(" ", rest)
    return found


def _label_words(label: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]{3,}|\d{4}", label)]


def paid_with(text: str, orders: Sequence[Mapping[str, Any]], customer: Any | None) -> list[str] | None:
    """Ids of `orders` paid with the method the text names; None when it names none (or the
    customer's methods are unknown)."""
    methods = list(getattr(customer, "payment_methods", ()) or ())
    if not methods or not _PAID.search(text):
        return None
    types = named_types(text)
    by_type: set[str] = set()
    by_label: set[str] = set()
    for m in methods:
        kind = str(getattr(m, "type", "") or "")
        label = str(getattr(m, "label", "") or "")
        if any(re.search(rf"(?<![A-Za-z0-9]){re.escape(w)}(?![A-Za-z0-9])", text, re.I)
               for w in _label_words(label) if w.lower() not in ("card", "transfer", "gift")):
            by_label.add(str(getattr(m, "id", "")))
        if kind in types:
            by_type.add(str(getattr(m, "id", "")))
    fits = by_label or by_type          # "my Amex" is that card, not every card
    if not fits:
        return None
    return [str(o["id"]) for o in orders if str(o.get("payment_method_id") or "") in fits]


# An invoice asked for in so many words (both languages).
_INVOICE = re.compile(r"\binvoices?\b|\breceipts?\b|\bfapiao\b|发票|开票|收据", re.I)


def refers(text: str) -> bool:
    """The text points at one of the customer's orders by how it was paid ("the one I paid by
    card", "用微信付的那单"): a request about that order, never a question about the rules."""
    return bool(named_types(text)) and bool(_PAID.search(text))


def invoice_for_paid_order(text: str) -> bool:
    """"帮我开张发票，就是用微信付的那单": an invoice for an order named by its payment."""
    return bool(_INVOICE.search(text)) and refers(text)
