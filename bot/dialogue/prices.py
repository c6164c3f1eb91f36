"""Which currency a catalogue price is shown in.

A variant's `price` is in its own `currency` (fixture extension), with `prices` in others for a
shop selling in several. A customer is shown prices in the currency of their own orders when the
catalogue lists one for every variant, else in the catalogue's own currency: a number is never
labelled with a currency it is not in.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def priced(variants: Sequence[Mapping[str, Any]], preferred: str | None) -> tuple[list[dict[str, Any]], str | None]:
    """(variants whose `price` is in the returned currency, that currency or None when unknown)."""
    def price_in(v: Mapping[str, Any], code: str) -> Any:
        if v.get("currency") == code:
            return v.get("price")
        return (v.get("prices") or {}).get(code)

    if preferred and variants and all(price_in(v, preferred) is not None or not v.get("currency")
                                      for v in variants):
        return [{**v, "price": price_in(v, preferred) if v.get("currency") else v.get("price"),
                 "currency": preferred} for v in variants], preferred
    own = next((str(v["currency"]) for v in variants if v.get("currency")), None)
    return [dict(v) for v in variants], own or preferred
