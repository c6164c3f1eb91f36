"""A catalogue variant priced in the order's currency (flows/changes.price_in_currency, #13)."""
from __future__ import annotations

from bot.dialogue.flows.changes import price_in_currency

SHOE = {"sku": "SHOE-43", "price": "299.00", "currency": "CNY", "prices": {"USD": "59.00"}}


def test_a_usd_order_gets_the_usd_price_of_a_cny_listed_variant() -> None:
    assert price_in_currency(SHOE, "USD") == "59.00"


def test_the_variants_own_currency_and_an_unknown_one_keep_its_price() -> None:
    assert price_in_currency(SHOE, "CNY") == "299.00"
    assert price_in_currency(SHOE, None) == "299.00"
    assert price_in_currency({"price": "10.00"}, "EUR") == "10.00"      # a one-currency shop lists no currency
