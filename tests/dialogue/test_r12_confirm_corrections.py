"""Round 12: what a reply to an open confirmation does. A correction rebuilds the proposal and
the next yes writes the corrected one ("not all of it, one less" turns a cancel into a quantity
reduction; "nah, rather the grey one" is a new value, not a "no"); a question inside the
confirmation is answered with the confirmation asked again in one line. Demo zh/en shops and a
generated shop (other ids, currency, catalogue)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import fewer_units as FU
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

WRITES = ("cancel_order", "change_items", "create_exchange", "create_return")


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str, Any]]:
    return [(n, a["name"], a.get("args")) for n, o in enumerate(out)
            for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok", True)]


def _order(shop: dict[str, Any], order_id: str) -> dict[str, Any]:
    return next(o for o in shop["orders"] if o["id"] == order_id)


# --- unit: fewer units ------------------------------------------------------------------------

@pytest.mark.parametrize("text,ordered,gone", [
    ("actually not all of it, just one less", 2, 1),
    ("wait, not everything, just one serum less", 3, 1),
    ("不是全部取消，少一件就行", 2, 1),
    ("只取消一件", 3, 1),
    ("只留一个", 3, 2),
    ("keep one, cancel the rest", 3, 2),
    ("cancel one of them", 2, 1),
])
def test_a_narrowed_cancel_names_the_units_taken_off(text: str, ordered: int, gone: int) -> None:
    assert FU.units_less(text, ordered) == gone


@pytest.mark.parametrize("text,ordered", [
    ("no thanks", 2), ("少一点废话", 2), ("one less thing to worry about", 1), ("不用了", 2),
    ("cancel it all", 2), ("少一件", 1),          # one unit ordered: nothing to narrow
])
def test_other_replies_do_not_narrow(text: str, ordered: int) -> None:
    assert FU.units_less(text, ordered) is None


def test_the_narrowed_line_is_the_named_one_or_the_only_multi_unit_line() -> None:
    order = {"id": "Q-1", "items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 3}, {"sku": "C", "qty": 2}]}
    assert FU.narrowed_line("one less", order) is None                   # two such lines: not guessed
    named = [{"order_id": "Q-1", "sku": "C", "excluded": False}]
    assert FU.narrowed_line("one less", order, named) == {"order_id": "Q-1", "sku": "C", "qty": 1, "excluded": False}
    single = {"id": "Q-2", "items": [{"sku": "A", "qty": 1}, {"sku": "B", "qty": 3}]}
    assert FU.narrowed_line("just one less", single)["sku"] == "B"


# --- conversations ----------------------------------------------------------------------------

@pytest.mark.parametrize("shop,user,order_id,texts,left", [
    (DEMO_SHOP, "line:U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", "SO202611261310",
     ["帮我把订单SO202611261310取消了", "不是全部取消，少一件就行", "好的"], [("UW-SET", 1)]),
    (EN_SHOP, "slack:U07NOAH", "#W1722178",
     ["cancel order #W1722178 please", "actually not all of it, just one less", "yes"], [("SSD-1T-UC", 1)]),
])
async def test_one_less_at_a_cancel_confirmation_reduces_the_quantity(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, order_id: str, texts: list[str],
        left: list[tuple[str, int]]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    writes = _writes(out)
    assert [w[1] for w in writes] == ["change_items"], out[1]["reply"]
    assert writes[0][0] == 2                       # written on the yes, never before
    assert "1" in out[1]["reply"]
    order = _order(exported, order_id)
    assert order["status"] != "cancelled"
    assert [(i["sku"], i["qty"]) for i in order["items"]] == left
