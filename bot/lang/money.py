"""One money formatter for every reply that states an amount.

An amount is always shown with the order's own ISO 4217 currency, in the customer's language:
`"€49.00"` / `"49.00 欧元"`, `"$219.00"` / `"219.00 美元"`, `"¥299.00"` / `"299.00元"`. A currency
we have no words for is shown by its code (`"49.00 CHF"`) rather than guessed; an order with no
currency at all (old fixtures) is shown as a bare number, never as another shop's currency.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

# code -> (English prefix symbol, Chinese unit written after the number). Only symbols that are
# unambiguous on their own: "$" is the US dollar alone; other dollars and kronor go by code in
# English so "$" never means two currencies in one conversation.
_KNOWN: dict[str, tuple[str, str]] = {
    "CNY": ("¥", "元"),
    "RMB": ("¥", "元"),
    "USD": ("$", " 美元"),
    "EUR": ("€", " 欧元"),
    "GBP": ("£", " 英镑"),
    "JPY": ("JP¥", " 日元"),
    "HKD": ("HK$", " 港币"),
    "TWD": ("NT$", " 新台币"),
    "KRW": ("₩", " 韩元"),
    "AUD": ("A$", " 澳元"),
    "CAD": ("C$", " 加元"),
    "SGD": ("S$", " 新加坡元"),
    "INR": ("₹", " 卢比"),
}
# Currencies whose minor unit is not cents: no ".00" on a yen or won amount.
_NO_DECIMALS = {"JPY", "KRW"}


def amount_text(amount: Any, currency: str | None = None) -> str:
    """The number alone, with the currency's decimals ("49.00", "1200" for JPY)."""
    try:
        value = Decimal(str(amount)) if amount not in (None, "") else Decimal(0)
    except InvalidOperation:
        return str(amount)
    code = (currency or "").upper()
    quantum = Decimal(1) if code in _NO_DECIMALS else Decimal("0.01")
    return str(value.quantize(quantum, rounding=ROUND_HALF_UP))


def format_money(amount: Any, currency: str | None, lang: str) -> str:
    """`amount` in `currency` (ISO code) for a reply in `lang` ("zh" or anything else: English)."""
    number = amount_text(amount, currency)
    code = (currency or "").strip().upper()
    if not code:
        return number
    known = _KNOWN.get(code)
    if known is None:
        return f"{number} {code}"
    symbol, unit = known
    return f"{number}{unit}" if lang == "zh" else f"{symbol}{number}"


def currency_name(currency: str | None, lang: str) -> str:
    """The currency as a word for sentences like "refunded in euros" (code when unknown)."""
    code = (currency or "").strip().upper()
    known = _KNOWN.get(code)
    if known is None:
        return code
    return known[1].strip() if lang == "zh" else code
