"""Round 3 (issue #13, refs10): a vague reference ("only that one", "the other one", "那个就行",
"灯泡留一个") resolves inside the order in focus — the one last shown or talked about — when the same
kind of line sits on several orders; "the other order" / "另一个订单" means the orders other than the
focus. And "N packs of A instead of M packs of B" / "要两包暖白的 不要三包冷白" changes count AND option
of the line, never read as a plain count change or a removal. Unit tests per step, then whole
conversations on a home-goods shop with slash ids ("2611/0042") and on the demo shop, checking the
store's end state (which order changed, and only that one)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import focus as F
from bot.dialogue import matching as M
from bot.dialogue import removals as RM
from bot.dialogue.commands import UnderstandingContext
from bot.lang import cues as C
from bot.lang import glossary as G
from tests.test_conversation_corrections import EN_SHOP, _order, replay

HOME = Path(__file__).with_name("data") / "home_shop_refs10.json"
WRITES = ("change_items", "cancel_order", "create_return", "create_exchange")


def _ctx(focus: str | None, orders: list[dict[str, Any]]) -> UnderstandingContext:
    return UnderstandingContext(text="", language="en", history=(), flow=None, step=None, slots={},
                                orders=orders, catalogue=(), last_order_id=focus)


_ORDERS = [{"id": "2611/0042", "status": "paid", "items": [{"sku": "B3", "qty": 3}, {"sku": "L1", "qty": 1}]},
           {"id": "2611/0017", "status": "paid", "items": [{"sku": "B2", "qty": 2}]}]
_REFS = [M.ItemRef("2611/0042", "B3", "bulb", 2.0, 0), M.ItemRef("2611/0017", "B2", "bulb", 2.0, 0)]


def test_refs_on_two_orders_narrow_to_the_focus() -> None:
    got = F.prefer_focus(_REFS, "only that one, just one bulb", _ctx("2611/0042", _ORDERS))
    assert [r.order_id for r in got] == ["2611/0042"]


@pytest.mark.parametrize("text", ["one bulb in both orders", "2611/0017 just one bulb"])
def test_no_narrowing_when_the_customer_reaches_across(text: str) -> None:
    assert len(F.prefer_focus(_REFS, text, _ctx("2611/0042", _ORDERS))) == 2


def test_the_other_order_is_away_from_the_focus() -> None:
    got = F.prefer_focus(_REFS, "另一个订单的灯泡只要一个", _ctx("2611/0042", _ORDERS))
    assert [r.order_id for r in got] == ["2611/0017"]


def test_no_focus_keeps_every_candidate() -> None:
    assert len(F.prefer_focus(_REFS, "just one bulb", _ctx(None, _ORDERS))) == 2


def test_first_in_focus_scopes_then_widens_only_for_a_named_line() -> None:
    seen: list[tuple[str, ...]] = []

    def find(scope: Any) -> str | None:
        seen.append(tuple(scope))
        return None
    assert F.first_in_focus(find, "just one", _ctx("2611/0042", _ORDERS), named=False) is None
    assert seen == [("2611/0042",)]                 # a bare "just one": never across orders
    seen.clear()
    F.first_in_focus(find, "just one of the curtains", _ctx("2611/0042", _ORDERS), named=True)
    assert seen == [("2611/0042",), ()]


def test_drop_the_other_one_keeps_the_named_line() -> None:
    import json
    shop = json.loads(HOME.read_text())
    cat = {p["id"]: p for p in shop["products"]}
    orders = [o for o in shop["orders"] if o["customer_id"] == "cu-noor"]
    for text in ("drop the other one, keep the lamp", "灯要留着，另一个不要了"):
        got = RM.lines_taken_out(text, orders, cat, ["2611/0042"])
        assert got is not None and got.skus == ("P-BULB-3-PA-COOL-E27",), text


@pytest.mark.parametrize(("text", "q"), [("make it 2x warm white rather than 3x cool white", 2),
                                         ("make it x2 please", 2), ("2611/0042 1 instead of 2", 1),
                                         ("one 2TB SSD instead of two 1TB", 1)])
def test_counts_with_a_times_sign_and_never_order_digits(text: str, q: int) -> None:
    assert M.quantity_for(text) == q


def test_three_packs_after_a_wanting_verb_is_not_warranty() -> None:
    assert not C.WARRANTY.search("要两包暖白的 不要三包冷白")
    assert C.WARRANTY.search("这个还在三包范围内吗") and C.WARRANTY.search("三包期多久")


def test_compound_surface_for_a_value_told_apart_by_one_word() -> None:
    assert "暖白" in G.zh_surfaces("warm white", ("warm white", "cool white"))


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _lines(shop: dict[str, Any], oid: str) -> list[tuple[str, int]]:
    return sorted((i["sku"], int(i["qty"])) for i in _order(shop, oid)["items"])


B42 = [("P-BULB-3-PA-COOL-E27", 1), ("P-LAMP-MATT-1.5M", 1)]
B63 = [("P-BULB-3-PA-COOL-E14", 1), ("P-CURT-200C-260C", 2)]
FOCUS = [
    (HOME, "web:noor", ["what's in 2611/0017?", "what about 2611/0042?", "reduce the bulbs to just one", "yes"],
     "2611/0042", B42),
    (HOME, "web:noor", ["what's in 2611/0017?", "and 2611/0042?", "only that one, I just want one of the bulbs", "yes"],
     "2611/0042", B42),
    (HOME, "web:noor", ["is 2611/0042 shipped yet?", "ok. I only need one of those bulbs", "yes"], "2611/0042", B42),
    (HOME, "web:noor", ["status of 2611/0017?", "and 2611/0042?", "drop the other one, keep the lamp", "yes"],
     "2611/0042", [("P-LAMP-MATT-1.5M", 1)]),
    (HOME, "web:lin", ["2611/0058 里有什么", "2611/0063 呢", "灯泡只要一个就行", "确认"], "2611/0063", B63),
    (HOME, "web:lin", ["看一下2611/0058", "再看一下2611/0063", "那个就行 灯泡留一个", "确认"], "2611/0063", B63),
    (HOME, "web:lin", ["看一下2611/0063", "另一个订单的灯泡只要一个就行", "确认"], "2611/0058",
     [("P-BULB-2-PA-WARM-E27", 1), ("P-LAMP-BRAS-1.5M", 1)]),
    (EN_SHOP, "web:liam", ["what's in #W4245967", "and #W6455030?", "I only want one of the 10 inch ones", "yes"],
     "#W6455030", [("SKL-10-CI", 1), ("SKL-12-SS", 1)]),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "after"), FOCUS)
async def test_vague_reference_written_on_the_order_in_focus(settings: Any, tmp_path: Path, models: Any,
                                                             shop_path: Path, user: str, turns: list[str],
                                                             order_id: str, after: list) -> None:
    import json
    before = {o["id"]: o for o in json.loads(Path(shop_path).read_text())["orders"]}
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _writes(out) == ["change_items"], replies
    assert _lines(shop, order_id) == after, replies
    changed = [o["id"] for o in shop["orders"]
               if sorted((i["sku"], int(i["qty"])) for i in o["items"])
               != sorted((i["sku"], int(i["qty"])) for i in before[o["id"]]["items"])]
    assert changed == [order_id], replies            # no other order touched
    refunds = [r["order_id"] for r in shop["refunds"] if r["order_id"] not in
               {r0["order_id"] for r0 in json.loads(Path(shop_path).read_text())["refunds"]}]
    assert set(refunds) <= {order_id}, refunds       # a refund, if any, on that order only


BOTH = [
    (HOME, "web:noor", ["2611/0042: I want 2 packs of warm white instead of 3 packs of cool white", "yes"],
     "2611/0042", [("P-BULB-3-PA-WARM-E27", 2), ("P-LAMP-MATT-1.5M", 1)]),
    (HOME, "web:noor", ["2611/0042 make it 2x warm white rather than 3x cool white", "yes"],
     "2611/0042", [("P-BULB-3-PA-WARM-E27", 2), ("P-LAMP-MATT-1.5M", 1)]),
    (HOME, "web:noor", ["2611/0042", "can I get 2 warm white bulbs instead of the 3 cool white", "yes"],
     "2611/0042", [("P-BULB-3-PA-WARM-E27", 2), ("P-LAMP-MATT-1.5M", 1)]),
    (HOME, "web:lin", ["2611/0063 要两包暖白的 不要三包冷白", "确认"], "2611/0063",
     [("P-BULB-3-PA-WARM-E14", 2), ("P-CURT-200C-260C", 2)]),
    (HOME, "web:lin", ["2611/0063的灯泡 我要两包暖白的，不要三包了", "确认"], "2611/0063",
     [("P-BULB-3-PA-WARM-E14", 2), ("P-CURT-200C-260C", 2)]),
    (HOME, "web:noor", ["for 2611/0017 I'd like one 200cm curtain instead of two 140cm ones", "yes"], "2611/0017",
     [("P-BULB-2-PA-WARM-E14", 2), ("P-CURT-200C-220C", 1)]),
    (EN_SHOP, "web:liam", ["#W6455030 can I have 1 stainless 10 inch instead of the 2 cast iron ones", "yes"],
     "#W6455030", [("SKL-10-SS", 1), ("SKL-12-SS", 1)]),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "after"), BOTH)
async def test_count_and_option_change_together(settings: Any, tmp_path: Path, models: Any, shop_path: Path,
                                                user: str, turns: list[str], order_id: str, after: list) -> None:
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _writes(out) == ["change_items"], replies
    assert _lines(shop, order_id) == after, replies
