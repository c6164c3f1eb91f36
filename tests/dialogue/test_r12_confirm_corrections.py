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
from bot.dialogue.state import Frame
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


SHOP6 = Path(__file__).resolve().parents[1] / "playtest9" / "shop6" / "shop.json"


async def test_one_curtain_less_on_another_shop_keeps_the_order_and_the_other_line(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, SHOP6, "telegram:7204",
                                 ["cancel order 2611/0070", "wait, not everything, just one curtain less", "yes"],
                                 tmp_path / "c.db")
    assert [w[1] for w in _writes(out)] == ["change_items"]
    order = _order(exported, "2611/0070")
    assert order["status"] != "cancelled"
    assert sorted((i["sku"], i["qty"]) for i in order["items"]) == [("CL-CANDLE-FIG-200", 1), ("CL-CURT-W200-D260", 1)]


# --- the kept unit of a reduction gets the new option ------------------------------------------

async def test_the_unit_kept_after_removing_one_of_two_takes_the_new_option(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, EN_SHOP, "discord:880011223344",
                                 ["please take one of the 10 inch cast iron skillets off #W6455030",
                                  "and make the one I keep stainless steel", "yes"], tmp_path / "c.db")
    assert "stays as ordered" not in out[1]["reply"]
    assert [w[1] for w in _writes(out)] == ["change_items"]
    items = sorted((i["sku"], i["qty"]) for i in _order(exported, "#W6455030")["items"])
    assert items == [("SKL-10-SS", 1), ("SKL-12-SS", 1)]


# --- a changed count of a return is re-proposed, never a "no" -----------------------------------

@pytest.mark.parametrize("shop,user,texts,order_id,sku", [
    (DEMO_SHOP, "telegram:1001", ["SO202611210549的T恤想退一件", "算了，两件都退吧", "可以 办吧"], "SO202611210549", "TS-COTTON"),
    (EN_SHOP, "line:U8a7f0owen", ["return one of the thermostats from #W5730240", "actually make it both", "go ahead"],
     "#W5730240", "TH-AX-WHT"),
])
async def test_a_larger_count_at_a_return_confirmation_is_confirmed_then_written(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, texts: list[str], order_id: str,
        sku: str) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "confirm"
    assert "2" in out[1]["reply"]
    writes = _writes(out)
    assert [(n, name) for n, name, _ in writes] == [(2, "create_return")]
    assert writes[0][2]["items"] == [{"sku": sku, "qty": 2}]


def test_a_new_count_is_read_only_when_it_differs_and_is_not_refused() -> None:
    chosen = [{"sku": "A", "qty": 1, "ordered": 2}]
    assert FU.new_count("算了，两件都退吧", chosen) == ("A", 2)
    assert FU.new_count("actually make it both", chosen) == ("A", 2)
    assert FU.new_count("不用，都不退了", chosen) is None
    assert FU.new_count("don't return both", chosen) is None
    assert FU.new_count("yes", chosen) is None
    assert FU.new_count("just the one", chosen) is None


# --- never-mind + a new value is a correction -------------------------------------------------

@pytest.mark.parametrize("shop,user,texts,order_id,new_sku", [
    (EN_SHOP, "telegram:5001", ["change the rain jacket on #W7096158 to size L", "nah, rather the navy one", "yes"],
     "#W7096158", "RJ-L-NVY"),
    (DEMO_SHOP, "slack:U03MJ5P2Q", ["SO202611250912的吹风机换成玫瑰金", "算了 还是换成美规插头的灰色吧", "好"],
     "SO202611250912", "HD-2000-US"),
])
async def test_a_never_mind_with_a_new_value_rebuilds_the_proposal(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, texts: list[str], order_id: str,
        new_sku: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "confirm"
    assert out[1]["reply"] != out[0]["reply"]
    writes = _writes(out)
    assert [(n, name) for n, name, _ in writes] == [(2, "change_items")]
    assert writes[0][2]["swaps"][0]["new_sku"] == new_sku


def test_a_four_letter_colour_word_names_the_multi_word_value() -> None:
    from bot.shop.catalog import option_mentions
    from bot.shop.models import Product
    harness = Product(id="P", name="Harness", name_zh=None, category="pets",
                      options={"colour": ("ocean blue", "sunset orange"), "size": ("S", "M")})
    assert [(d, v) for d, v, _ in option_mentions(harness, "nah, rather the blue one")] == [("colour", "ocean blue")]
    bed = Product(id="B", name="Bed", name_zh=None, category="pets", options={"cover": ("grey felt", "teddy fleece")})
    assert [(d, v) for d, v, _ in option_mentions(bed, "the grey one please")] == [("cover", "grey felt")]
    # a generic four-letter word names nothing
    hub = Product(id="H", name="Hub", name_zh=None, category="home", options={"kit": ("home pack", "pro pack")})
    assert option_mentions(hub, "the home one") == []


# --- a pick among offered versions with "confirm" writes ----------------------------------------

@pytest.mark.parametrize("shop,user,texts,new_sku", [
    (DEMO_SHOP, "whatsapp:447700900123", ["SO202611251317的吹风机换成玫瑰金美规", "那就玫瑰金国标的吧，确认"], "HD-2000-RG"),
    (EN_SHOP, "discord:880055667788", ["change the black jacket on #W8254811 to red", "the M red one then, confirm"],
     "RJ-M-RED"),
])
async def test_a_pick_among_offered_versions_with_confirm_writes_it(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, texts: list[str], new_sku: str) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["step"] == "ask_change"
    writes = _writes(out)
    assert [(n, name) for n, name, _ in writes] == [(1, "change_items")]
    assert writes[0][2]["swaps"][0]["new_sku"] == new_sku


def test_go_ahead_words() -> None:
    from bot.dialogue.pick_and_go import go_ahead
    assert go_ahead("the M red one then, confirm") and go_ahead("就这个 确认") and go_ahead("ok go ahead with that")
    assert not go_ahead("the M red one then") and not go_ahead("那就玫瑰金的吧")
    assert not go_ahead("the red one but don't confirm yet") and not go_ahead("先别确认")


# --- a question inside the confirmation: the shop's sentence, then the confirmation --------------

@pytest.mark.parametrize("shop,user,texts", [
    (EN_SHOP, "whatsapp:13055550123", ["switch the keyboard on #W8804658 to linear switches",
                                       "will that delay shipping?", "ok"]),
    (DEMO_SHOP, "whatsapp:8613912345678", ["SO202611262115的电饭煲换成5L的", "改了会不会耽误发货？", "好的"]),
])
async def test_a_delay_question_is_answered_and_the_next_yes_writes(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, texts: list[str]) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["reply"] != out[0]["reply"]
    assert out[1]["trace"]["flow"]["step"] == "confirm"
    assert ("dispatch" in out[1]["reply"]) or ("发货" in out[1]["reply"])
    assert [(n, name) for n, name, _ in _writes(out)] == [(2, "change_items")]


@pytest.mark.parametrize("text,flow,kind", [
    ("will that delay shipping?", "modify_order", "delay"),
    ("does it hold up dispatch?", "modify_order", "delay"),
    ("这样会耽误发货吗？", "modify_order", "delay"),
    ("改地址会影响发货吗", "change_address", "delay"),
    ("where will you send it?", "invoice", "invoice_sent"),
    ("发票发到哪里？", "invoice", "invoice_sent"),
    ("where will you send it?", "modify_order", None),
    ("ok ship it", "modify_order", None),
])
def test_confirmation_question_kinds(text: str, flow: str, kind: str | None) -> None:
    from bot.dialogue import confirm_questions as CQ
    assert CQ.kind(text, flow) == kind


# --- one of two pending changes dropped for the other -----------------------------------------

@pytest.mark.parametrize("shop,user,texts,order_id", [
    (EN_SHOP, "discord:880055667788",
     ["switch the navy jacket on #W8254811 to red, and change the delivery address to 500 Market St, "
      "San Francisco, CA 94105", "forget the jacket change, just the address", "yes"], "#W8254811"),
    (DEMO_SHOP, "web:demo", ["SO202611262325的帆布包换成黑色，另外收货地址也改成北京市朝阳区建国路88号", "包不换了，只改地址", "确认"],
     "SO202611262325"),
])
async def test_just_the_address_drops_the_item_change_and_the_yes_writes_the_address(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, texts: list[str], order_id: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"] == {"name": "change_address", "step": "confirm"}
    assert not any(a["name"] == "change_items" for o in out for a in o["trace"]["actions"])
    assert [a["name"] for a in out[2]["trace"]["actions"] if a["name"] in ("change_address", "change_items")] \
        == ["change_address"]
    assert out[2]["trace"]["flow"]["step"] == "done"


def test_which_change_is_kept() -> None:
    from bot.dialogue import keep_only as K
    assert K.kept_flow("forget the jacket change, just the address") == "change_address"
    assert K.kept_flow("包不换了，只改地址") == "change_address"
    assert K.kept_flow("skip the address, only the colour change") == "modify_order"
    assert K.kept_flow("just the address please") is None          # nothing dropped
    change = Frame("modify_order", "confirm", {"order_id": "X"})
    address = Frame("change_address", "start", {"_text": "address to 1 Main St"})
    kept = K.split("forget the address, just the colour change", change, [address])
    assert kept == (change, [])
    assert K.split("forget the size, just the colour change", change, []) is None   # a correction


def test_exchange_values_with_a_bracketed_note_are_named_by_their_bare_words() -> None:
    from bot.shop.catalog import option_mentions
    from bot.shop.models import Product
    kettle = Product(id="K", name="Kettle", name_zh=None, category="kitchen",
                     options={"plug type": ("UK 3-pin (Type G)", "EU 2-pin (Type C)"), "finish": ("steel", "cream")})
    assert [(d, v) for d, v, _ in option_mentions(kettle, "I need the EU 2-pin one, in cream")] == \
        [("plug type", "EU 2-pin (Type C)"), ("finish", "cream")]
    assert [v for _, v, _ in option_mentions(kettle, "a type g plug please")] == ["UK 3-pin (Type G)"]
