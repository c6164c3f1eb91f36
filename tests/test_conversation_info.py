"""Whole conversations about products, warranty and faults through `replay`: the catalogue's
prices in the customer's currency, follow-ups on the product talked about, the warranty of that
product, and no store change from a question."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DEMO_SHOP
from tests.test_conversations import replay, say

UK = "whatsapp:447700900123"          # pays in USD; the demo catalogue is priced in CNY


def unchanged(shop: dict[str, Any]) -> bool:
    """Nothing created: the store's records are those of the fixture."""
    before = json.loads(Path(DEMO_SHOP).read_text(encoding="utf-8"))
    return all(len(shop[k]) == len(before.get(k) or []) for k in ("returns", "exchanges", "tickets", "order_changes"))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "conv.db"


async def test_price_follow_up_and_warranty_of_a_product_not_bought(settings: Any, db: Path, models: Any) -> None:
    out, shop = await replay(settings, say("i1", UK, "what does the silver smart watch in 45mm cost? do you have it?",
                                           "and in black?", "is there a warranty on it?"), db)
    assert "$219.00" in out[0]["reply"] and "1399" not in out[0]["reply"] and "out of stock" in out[0]["reply"]
    assert out[1]["trace"]["flow"]["name"] == "product_info"
    assert "45mm/black: $219.00, in stock (3)" in out[1]["reply"]
    assert out[2]["trace"]["flow"]["name"] == "warranty"
    assert "Smart watch S2" in out[2]["reply"] and "12-month" in out[2]["reply"] and "Underwear" not in out[2]["reply"]
    assert unchanged(shop)


async def test_a_policy_question_about_a_product_starts_nothing(settings: Any, db: Path, models: Any) -> None:
    out, shop = await replay(settings, say("i2", "telegram:1001", "what's your return policy on running shoes?"), db)
    assert out[0]["trace"]["flow"]["name"] == "policy_info"
    assert "7 days" in out[0]["reply"] and "can be returned" in out[0]["reply"]
    assert not any(a["name"] == "create_return" for a in out[0]["trace"]["actions"])
    assert unchanged(shop)
