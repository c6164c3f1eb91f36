"""Round 3 (issue #13, topics10): topic routing in follow-ups.

1. "can I change the payment to card?" / "能换成微信支付吗" right after an order-status answer
   starts the payment change for THAT order (or says why not, with the rule) — never a refund
   page, an exchange page or the capability list.
2. A fault with a named symptom the knowledge words its own way ("no sound from the left earbud"
   → "Only one earbud plays sound") gets its guide and the remedies; no unrelated guide.
3. "add the <item>" / "再加一个<item>" after a status answer says whether that order can still
   change and what happens: more units of its own line proposed (modify_order), a new product
   as a new order, nothing added to a shipped order.

Unit tests per reading step (`bot/dialogue/after_status.py`, `bot/dialogue/symptoms.py`,
`bot/dialogue/option_numbers.swapped_value`) and whole conversations on the demo shops, the
outdoor shop and generated shops (tests/dialogue/gen_shop.py: other id shapes and catalogues).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import after_status as AS
from bot.dialogue import option_numbers
from bot.dialogue import symptoms as SY
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import _order, replay

ROOT = Path(__file__).resolve().parents[2]
DEMO, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
OUTDOOR = Path(__file__).with_name("data") / "outdoor_shop_gbp.json"
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange",
          "create_ticket")


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _lines(shop: dict[str, Any], order_id: str) -> list[tuple[str, int]]:
    return [(i["sku"], int(i["qty"])) for i in _order(shop, order_id)["items"]]


def _fixture(path: Path) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return data["orders"], {p["id"]: p for p in data["products"]}


# -- unit: reading the follow-up ---------------------------------------------------------------------
EN_ORDERS, EN_CAT = _fixture(EN)
MINE = [o for o in EN_ORDERS if o["customer_id"] == "cus_01"]


@pytest.mark.parametrize("text", ["can I change the payment to card?", "could I pay with paypal instead",
                                  "can i switch to a different payment method", "能换成微信支付吗", "付款方式能改成银行卡吗",
                                  "我想改用支付宝付款"])
def test_a_payment_change_after_a_status_is_about_that_order(text: str) -> None:
    got = AS.read(text, "order_status", "#W7096158", MINE, EN_CAT)
    assert got is not None and (got.kind, got.order_id) == ("payment", "#W7096158")


@pytest.mark.parametrize("text", ["I want a refund to my card", "cancel it and refund my paypal", "退款退到银行卡",
                                  "what did I pay with?", "我用什么付的款", "这单是用哪种方式支付的"])
def test_money_back_or_a_cancel_is_not_a_payment_change(text: str) -> None:
    assert AS.read(text, "order_status", "#W7096158", MINE, EN_CAT) is None


def test_only_right_after_a_status_answer_and_only_for_that_order() -> None:
    assert AS.read("can I change the payment to card?", "refund_status", "#W7096158", MINE, EN_CAT) is None
    assert AS.read("can I change the payment to card?", "order_status", None, MINE, EN_CAT) is None
    # another order written: its own request, read as usual
    assert AS.read("can I pay #W8615334 by card instead?", "order_status", "#W7096158", MINE, EN_CAT) is None


def test_an_item_added_is_read_against_the_order_and_the_catalogue() -> None:
    more = AS.read("add a second rain jacket please", "order_status", "#W7096158", MINE, EN_CAT)
    assert more is not None and (more.kind, more.sku) == ("more_units", "RJ-M-BLK")
    new = AS.read("can you add the skillet to it", "order_status", "#W8615334", MINE, EN_CAT)
    assert new is not None and new.kind == "new_item" and "skillet" in EN_CAT[str(new.product_id)]["name"].lower()
    assert AS.read("please add my new address to it", "order_status", "#W7096158", MINE, EN_CAT) is None
    assert AS.read("where is it now?", "order_status", "#W7096158", MINE, EN_CAT) is None


def test_the_added_item_answer_says_status_and_what_happens() -> None:
    paid = next(o for o in MINE if o["id"] == "#W7096158")
    shipped = next(o for o in MINE if o["id"] == "#W8615334")
    skillet = next(p for p in EN_CAT.values() if "skillet" in p["name"].lower())
    text = AS.new_item_answer(paid, skillet, "en")
    assert "#W7096158" in text and "can still be changed" in text and "new order" in text
    text = AS.new_item_answer(shipped, skillet, "zh")
    assert "#W8615334" in text and "不能" in text and "新订单" in text
    assert AS.changeable(paid) and not AS.changeable(shipped)


# -- unit: symptoms matched by meaning ---------------------------------------------------------------
@pytest.mark.parametrize(("text", "kind"), [("no sound from the left earbud", "sound"), ("左边耳机没声音了", "sound"),
                                            ("耳机一边听不到声音", "sound"), ("the stove won't ignite", "ignite"),
                                            ("炉子打不着火", "ignite"), ("it makes a weird sound", "noise")])
def test_symptom_kinds_in_both_languages(text: str, kind: str) -> None:
    assert kind in SY.named(text)


def test_a_guide_fits_by_its_own_wording_of_the_symptom() -> None:
    one_side = ("Only one earbud plays sound", "When only one earbud works, first check the silent one is charged "
                "... pair again; if one side stays silent, we replace it under warranty.")
    pairing = ("Wireless earbuds Pro won't pair", "If the Earbuds Pro won't connect, put both buds in the case.")
    said = "the left earbud has no sound"
    assert SY.guide_fits(" ".join(one_side), said, one_side[0], "earbuds")
    assert not SY.guide_fits(" ".join(pairing), said, pairing[0], "earbuds")      # relevance floor kept
    stove = ("Camping stove doesn't light", "If the burner won't catch, check the canister valve and the igniter.")
    assert SY.guide_fits(" ".join(stove), "the stove won't ignite", stove[0], "camping stove")
    zh_stove = ("露营炉点不着", "打开气阀后按下点火器，如果仍然不出火，请检查气罐。")
    assert SY.guide_fits(" ".join(zh_stove), "露营炉打不着火", zh_stove[0], "露营炉")
    # no symptom kind named: a title sharing a word of what was said (besides the item's name) fits
    taste = ("Kettle water tastes of plastic", "Boil and discard water twice; the smell goes after a few uses.")
    assert SY.guide_fits(" ".join(taste), "my kettle makes the water taste weird", taste[0], "kettle")
    assert not SY.guide_fits(" ".join(taste), "my kettle is wobbly", taste[0], "kettle")


def test_the_guide_whose_title_names_the_symptom_ranks_first() -> None:
    said = "耳机充电盒充不进电"
    pairing = ("无线耳机 Pro 无法配对", "无线耳机 Pro 无法配对 把两只耳机放回充电盒，进入配对模式")
    charging = ("耳机充电盒充不进电", "耳机充电盒充不进电 请用随附的USB-C数据线充电")
    assert SY.fit_rank(charging[0], charging[1], said) > SY.fit_rank(pairing[0], pairing[1], said)


# -- unit: "110 instead of 130" -----------------------------------------------------------------------
def test_a_bare_number_swap_names_the_other_value() -> None:
    orders, cat = _fixture(OUTDOOR)
    line = next(i for o in orders if o["id"] == "K30501" for i in o["items"] if i["sku"] == "POL-130")
    pole = cat[line["product_id"]]
    assert option_numbers.swapped_value("poles 110 instead of 130 pls, and I just need 1", line, pole) == "110cm"
    assert option_numbers.swapped_value("I just need 1", line, pole) is None
    assert option_numbers.swapped_value("110 please", line, pole) is None          # both values must be written


# -- conversations: payment change after a status answer ---------------------------------------------
async def test_zh_payment_change_after_status_is_made_on_that_order(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    out, shop = await replay(settings, DEMO, "web:demo", ["SO202611262325 到哪了", "能换成PayPal支付吗", "确认"],
                             tmp_path / "c.db")
    assert "SO202611262325" in out[1]["reply"], out[1]["reply"]
    assert _writes(out) == ["change_payment"], [o["reply"] for o in out]
    assert _order(shop, "SO202611262325")["payment_method_id"] == "pm-c8-paypal"


async def test_en_payment_change_after_status_is_proposed_for_that_order(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001", ["where is #W7096158", "can I change the payment to card?",
                                                             "yes"], tmp_path / "c.db")
    assert "#W7096158" in out[1]["reply"] and "refund" not in out[1]["reply"].lower(), out[1]["reply"]
    assert _writes(out) == ["change_payment"]
    assert _order(shop, "#W7096158")["payment_method_id"] in ("pm_cus_01_visa", "pm_cus_01_amex")


async def test_a_shipped_order_says_why_not_with_the_rule(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001", ["what's happening with #W8615334",
                                                             "can i switch to a different payment method"],
                             tmp_path / "c.db")
    reply = out[1]["reply"]
    assert "#W8615334" in reply and "shipped" in reply and "can no longer be changed" in reply, reply
    assert _writes(out) == [] and _order(shop, "#W8615334")["payment_method_id"] == "pm_cus_01_amex"


@pytest.mark.parametrize(("seed", "shape", "status", "texts"), [
    (43, "slashed", "paid", ["{oid} 什么状态", "能换个付款方式吗"]),
    (44, "hash", "shipped", ["where's {oid}", "ok. can I pay by paypal instead?"]),
])
async def test_generated_shops_payment_change_after_status(settings: Any, tmp_path: Path, models: Any, seed: int,
                                                           shape: str, status: str, texts: list[str]) -> None:
    g = make_shop(seed, tmp_path / "gen", shape)
    cid = f"c{seed}-0"
    order = next(o for o in g.fixture["orders"] if o["customer_id"] == cid and o["status"] == status)
    out, _ = await replay(settings, g.path, g.identity[cid], [t.replace("{oid}", order["id"]) for t in texts],
                          tmp_path / "c.db")
    reply = out[1]["reply"]
    assert out[1]["trace"]["flow"]["name"] == "change_payment", reply
    if status == "shipped":
        assert order["id"] in reply and "shipped" in reply, reply
    else:
        assert "支付方式" in reply, reply
    assert _writes(out) == []


# -- conversations: a symptom worded another way -----------------------------------------------------
@pytest.mark.parametrize("text", ["the left earbud has no sound", "my earbuds: no sound from the left one",
                                  "左边耳机没声音了", "耳机一边听不到声音"])
async def test_no_sound_gets_the_one_side_guide_and_the_remedies(settings: Any, tmp_path: Path, models: Any,
                                                                 text: str) -> None:
    out, _ = await replay(settings, DEMO, "telegram:1001", [text], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert ("one earbud works" in reply or "只有一只耳机有声音" in reply), reply        # the guide
    assert "pairing mode" not in reply and "配对模式" not in reply.split("重新配对")[0], reply
    assert "warranty" in reply or "保修" in reply, reply                              # the remedy too
    assert "SO202611050521" in reply


async def test_an_english_fault_on_the_chinese_shop_gets_its_english_guide(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, _ = await replay(settings, DEMO, "wecom:zhaomin", ["the kettle won't heat up at all"], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "sits flat on the base" in reply and "exchange" in reply, reply


# -- conversations: an item added after a status answer ----------------------------------------------
async def test_more_units_of_a_line_of_the_unshipped_order(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola", ["status of K30418?", "add another stove please", "yes"],
                             tmp_path / "c.db")
    assert "K30418" in out[1]["reply"] and "1 → 2" in out[1]["reply"], out[1]["reply"]
    assert _writes(out) == ["change_items"]
    assert ("STV-GAS", 2) in _lines(shop, "K30418")


async def test_more_units_of_a_shipped_order_is_a_new_order(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, OUTDOOR, "web:ola", ["K30419 到哪了", "再加一个露营炉"], tmp_path / "c.db")
    reply = out[1]["reply"]
    assert "K30419" in reply and "已发货" in reply and "新订单" in reply, reply
    assert _writes(out) == [] and _lines(shop, "K30419") == [("POL-110", 2), ("STV-MF", 1)]


@pytest.mark.parametrize(("shop", "user", "texts", "order_id", "said"), [
    (DEMO, "web:demo", ["SO202611262325 到哪了", "再加一个充电宝"], "SO202611262325", ("还可以修改", "新订单")),
    (EN, "telegram:5001", ["what's happening with #W8615334", "can you add the skillet to it"], "#W8615334",
     ("on its way", "new order")),
])
async def test_a_new_product_is_a_new_order_with_the_status(settings: Any, tmp_path: Path, models: Any, shop: Path,
                                                            user: str, texts: list[str], order_id: str,
                                                            said: tuple[str, str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    reply = out[1]["reply"]
    assert order_id in reply and all(s in reply for s in said), reply
    assert _writes(out) == []
    before = {o["id"]: o for o in json.loads(shop.read_text(encoding="utf-8"))["orders"]}
    assert len(_order(exported, order_id)["items"]) == len(before[order_id]["items"])


@pytest.mark.parametrize(("seed", "shape"), [(41, "suffixed"), (45, "short")])
async def test_generated_shops_item_added_after_status(settings: Any, tmp_path: Path, models: Any, seed: int,
                                                       shape: str) -> None:
    g = make_shop(seed, tmp_path / "gen", shape)
    cid = f"c{seed}-0"
    order = next(o for o in g.fixture["orders"] if o["customer_id"] == cid and o["status"] in ("paid", "pending"))
    other = next(p for p in g.fixture["products"] if p["id"] not in {i["product_id"] for i in order["items"]})
    own = order["items"][0]
    out, shop = await replay(settings, g.path, g.identity[cid],
                             [f"status of {order['id']}?", f"add the {other['name'].lower()} please",
                              f"ok then add one more {own['name'].split()[0].lower()} {own['name'].split()[1].lower()}",
                              "yes"], tmp_path / "c.db")
    assert order["id"] in out[1]["reply"] and "new order" in out[1]["reply"], out[1]["reply"]
    assert "1 → 2" in out[2]["reply"], out[2]["reply"]
    assert _writes(out) == ["change_items"]
    assert (own["sku"], int(own["qty"]) + 1) in _lines(shop, order["id"])
