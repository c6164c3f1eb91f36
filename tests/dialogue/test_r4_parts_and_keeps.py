"""Round 4 (issue #13, multi11): both parts of a two-part request, keep / except / "not that one"
phrases, and one faulty unit of two.

- "remove everything except the navy jacket", "除了外套，其他都不要了": the excepted line stays and
  the others go (`bot/dialogue/removals.py`); "除了X都不要了" with X in words the shop's data lacks
  asks which line, never a cancel of the whole order.
- "not the navy one, the other one" at a which-line question: the line ruled out is never the
  pick (`flows/base.settle_tie`); "不是X，是另一个" is a choice, not a no (`classic._NOT_THAT_BUT`).
- "两件T恤里有一件开线了": one unit, not the line of two (`matching.quantity_at`), and the
  replacement confirmation says "1 of 2" (`flows/exchange.replacement`).
- "SO1 到哪了？另外 SO2 开个发票", "where is #9750? also change the address of #7677": the other
  request gets the order id it wrote (`status_question.order_outside`).
- "change the delivery address of C-4Q3P to … and set it as my default address too": both
  changes proposed for one yes and both written (`joint_address.py`, `joint._written_order`).
Unit tests per reading plus whole conversations on the demo shops and generated shops
(tests/dialogue/gen_shop.py: other catalogue, option dimensions, id shapes)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import joint_address as JA
from bot.dialogue import matching as M
from bot.dialogue import removals as RM
from bot.dialogue import status_question as SQ
from bot.dialogue import two_actions as TA
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import _order, replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "create_return", "create_exchange", "create_ticket", "request_invoice", "cancel_order",
          "change_address", "change_default_address")


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _acts(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name and a.get("ok")]


def _shop(path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    d = json.loads(path.read_text(encoding="utf-8"))
    return d, {p["id"]: p for p in d["products"]}


def _one(d: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(o for o in d["orders"] if o["id"] == oid)


# -- unit: "except X" keeps X, every other line goes -------------------------------------------------
@pytest.mark.parametrize("text,want", [
    ("remove everything except the navy jacket", ("RJ-L-BLK",)),
    ("remove everything but the navy jacket", ("RJ-L-BLK",)),
    ("drop all but the black jacket", ("RJ-M-NVY",)),
    ("remove the black jacket", ("RJ-L-BLK",)),                     # no except: the named line goes
    ("remove the black jacket, keep the navy one", ("RJ-L-BLK",)),
])
def test_except_keeps_the_named_line_en_jackets(text: str, want: tuple[str, ...]) -> None:
    d, cat = _shop(EN)
    got = RM.lines_taken_out(text, [_one(d, "#W8254811")], cat)
    assert got is not None and got.skus == want


@pytest.mark.parametrize("text,want", [
    ("除了外套，其他都不要了", ("BTL-18-BLK-CH",)),
    ("remove the bottle, not the jacket", ("BTL-18-BLK-CH",)),
    ("#W7096158 水壶不要了，外套留着", ("BTL-18-BLK-CH",)),
])
def test_except_and_keep_phrases_on_a_two_product_order(text: str, want: tuple[str, ...]) -> None:
    d, cat = _shop(EN)
    got = RM.lines_taken_out(text, [_one(d, "#W7096158")], cat)
    assert got is not None and got.skus == want


def test_except_on_a_generated_shop(tmp_path: Path) -> None:
    g = make_shop(3, tmp_path / "gen")           # ids like #6517, CHF, stationery + cycling
    d, cat = _shop(g.path)
    got = RM.lines_taken_out("#6517 remove everything except the pen", [_one(d, "#6517")], cat)
    light = next(i["sku"] for i in _one(d, "#6517")["items"] if i["product_id"] != "P30")   # not the pen
    assert got is not None and got.skus == (light,)


def test_except_in_words_the_shop_lacks_is_a_part_never_the_whole_order() -> None:
    d, _ = _shop(EN)
    mine = [o for o in d["orders"] if o["customer_id"] == "cus_04"]
    # "锅" / "10寸" are not the skillet's own words: which line is asked, the order is not cancelled.
    assert RM.kept_but_unnamed("#W6455030 除了10寸的锅都不要了", mine, ["#W6455030"], True) == "#W6455030"
    assert RM.kept_but_unnamed("where is my parcel", mine, [], True) is None


# -- unit: the count after the item names the part ("两件T恤里有一件") -------------------------------------
@pytest.mark.parametrize("text,item,want", [
    ("两件T恤里有一件开线了，想换一件新的", "t恤", 1),
    ("两个水壶其中一个不加热了", "水壶", 1),
    ("两件T恤中有一件开线了", "t恤", 1),
    ("两件T恤都开线了", "t恤", 2),          # the whole line: the count before it stands
])
def test_part_count_after_the_item(text: str, item: str, want: int) -> None:
    t = M.norm(text)
    at = t.find(item)
    assert M.quantity_at(text, at, at + len(item), 2) == want


# -- unit: a status question by id, and the other request's own order ----------------------------------
@pytest.mark.parametrize("text,want", [
    ("where is #9750?", True),
    ("what's the status of #W1722178?", True),
    ("where is A-5F9K", True),
    ("where is 55 Water St", False),        # an address, no order id
])
def test_status_question_by_order_id(text: str, want: bool) -> None:
    assert SQ.asks_status(text) is want


def test_order_outside_the_status_clause() -> None:
    text = "SO202611261030 到哪了？另外SO202611270605帮我开个发票"
    known = ["SO202611261030", "SO202611270605", "SO202611230529"]
    span = (0, text.index("？"))
    assert SQ.order_outside(text, [span], known) == "SO202611270605"
    # the same order in both parts, or none outside: nothing to move
    assert SQ.order_outside("SO202611261030 到哪了？另外开个发票", [span], known) is None
    assert SQ.order_outside(text, [], known) is None


# -- unit: the order's half of "… and make it my default address" ------------------------------------------
def test_order_half_of_a_default_address_request() -> None:
    ids = ["C-4Q3P", "A-5F9K"]
    text = "please change the delivery address of C-4Q3P to <ADDRESS_1> and set it as my default address too"
    assert JA.also_this_order(text, ["default_address"], ids) == \
        "please change the delivery address of C-4Q3P to <ADDRESS_1>"
    zh = "把 C-4Q3P 的收货地址改成 <ADDRESS_1>，并设为默认地址"
    assert JA.also_this_order(zh, ["default_address"], ids) == "把 C-4Q3P 的收货地址改成 <ADDRESS_1>"
    assert JA.also_this_order(text, ["default_address", "change_address"], ids) is None   # already read
    assert JA.also_this_order("set <ADDRESS_1> as my default address", ["default_address"], ids) is None


# -- unit: a return and an exchange of two lines in one message --------------------------------------------
@pytest.mark.parametrize("shop,cid,text,want", [
    (EN, "cus_04", "#W4245967 I want to return the trimmer and exchange the duvet for the king size",
     ("return_request", "#W4245967 I want to return the trimmer")),
    (ZH, "c6", "SO202611130517 帆布包退货，T恤换货", ("return_request", "SO202611130517 帆布包退货")),
    (EN, "cus_04", "exchange or refund, whatever is faster", None),          # one request, two ways
    (EN, "cus_04", "I want a refund, not an exchange", None),                # the exchange is ruled out
    (EN, "cus_04", "return it and send me a new one", None),                 # one item: one exchange
    (EN, "cus_04", "return the duvet and exchange it for king", None),       # the same line twice
])
def test_missing_half(shop: Path, cid: str, text: str, want: tuple[str, str] | None) -> None:
    d, cat = _shop(shop)
    mine = [o for o in d["orders"] if o["customer_id"] == cid]
    assert TA.missing_half(text, ["exchange_request"], mine, cat) == want


def test_missing_half_on_a_generated_shop(tmp_path: Path) -> None:
    g = make_shop(3, tmp_path / "gen")
    d, cat = _shop(g.path)
    mine = [o for o in d["orders"] if o["customer_id"] == "c3-0"]
    got = TA.missing_half("#4807 exchange the yoga mat for 4mm and return the pen", ["exchange_request"], mine, cat)
    assert got == ("return_request", "return the pen")


# -- conversations ---------------------------------------------------------------------------------
async def test_except_removes_the_other_jacket(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5008",
                             ["#W8254811 remove everything except the navy jacket", "yes"], tmp_path / "c.db")
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    assert [(i["sku"], i["qty"]) for i in _order(shop, "#W8254811")["items"]] == [("RJ-M-NVY", 1)]


async def test_not_that_one_the_other_one_at_the_line_question(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5008",
                             ["I want to remove one of the jackets from #W8254811", "not the navy one, the other one",
                              "yes"], tmp_path / "c.db")
    assert "remove Storm rain jacket L black" in out[1]["reply"], out[1]["reply"]
    assert [(i["sku"], i["qty"]) for i in _order(shop, "#W8254811")["items"]] == [("RJ-M-NVY", 1)]


async def test_zh_not_that_one_is_no_abort(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, _ = await replay(settings, g.path, "telegram:7077", ["A-5F9K 我想删掉一个商品", "不是钢笔，是另一个"],
                          tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["name"] == "modify_order", out[1]["reply"]     # still choosing, not aborted
    assert not _writes(out)


async def test_zh_except_unknown_words_never_cancels(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "discord:880011223344", ["#W6455030 除了10寸的锅都不要了", "确认"],
                             tmp_path / "c.db")
    assert "cancel_order" not in _writes(out), [o["reply"] for o in out]
    assert _order(shop, "#W6455030")["status"] == "paid"


async def test_one_faulty_unit_of_two_zh(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "telegram:1001", ["SO202611210549 两件T恤里有一件开线了，想换一件新的", "确认"],
                          tmp_path / "c.db")
    assert "2件中的1件" in out[0]["reply"], out[0]["reply"]
    made = _acts(out, "create_exchange")
    assert len(made) == 1 and made[0]["args"]["qty"] == 1


async def test_one_faulty_unit_of_two_en_says_one_of_two(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN, "telegram:5005",
                          ["one of my two speakers from #W6516420 won't turn on, can you replace it?", "yes"],
                          tmp_path / "c.db")
    assert "1 of 2 ×" in out[0]["reply"], out[0]["reply"]
    made = _acts(out, "create_exchange")
    assert len(made) == 1 and made[0]["args"]["qty"] == 1


async def test_status_and_invoice_each_on_its_own_order(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "telegram:1001", ["SO202611261030 到哪了？另外SO202611270605帮我开个发票，抬头个人"],
                          tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "JDVA45908136669" in reply and "为订单 SO202611270605 申请发票" in reply, reply
    assert "请问是哪个订单" not in reply


async def test_gen_shop_status_and_address_each_on_its_own_order(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(3, tmp_path / "gen")
    out, _ = await replay(settings, g.path, "telegram:3077",
                          ["where is #9750? Also please change the address of #7677 to Kungsgatan 12, 11143 Stockholm"],
                          tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "#9750" in reply and "order #7677 to Kungsgatan 12" in reply, reply
    assert "Which order" not in reply


async def test_gen_shop_zh_status_and_cancel_each_on_its_own_order(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, _ = await replay(settings, g.path, "telegram:7077", ["C-4Q3P 什么时候发货？顺便把 A-5F9K 取消了"], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "C-4Q3P" in reply and "要取消订单 A-5F9K" in reply, reply
    assert "请问是哪个订单" not in reply


async def test_gen_shop_order_address_and_default_in_one_clause(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077",
                             ["please change the delivery address of C-4Q3P to Hauptstrasse 5, 8001 Zürich and set it "
                              "as my default address too", "yes"], tmp_path / "c.db")
    assert sorted(_writes(out)) == ["change_address", "change_default_address"], [o["reply"] for o in out]
    assert _order(shop, "C-4Q3P")["shipping_address"] == "Hauptstrasse 5, 8001 Zürich"
    me = next(c for c in shop["customers"] if "telegram:7077" in c["identities"])
    assert me["default_address"] == "Hauptstrasse 5, 8001 Zürich"


async def test_return_one_line_and_exchange_the_other_both_written(settings: Any, tmp_path: Path,
                                                                  models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001",
                             ["#W9024138 I want to return the headphones and exchange the bottles for the white ones",
                              "yes", "yes"], tmp_path / "c.db")
    assert "return Aurora 700 wireless headphones" in out[1]["reply"], out[1]["reply"]   # the second half asked
    assert _writes(out) == ["create_exchange", "create_return"], [o["reply"] for o in out]
    assert [i["sku"] for r in shop["returns"] if r["order_id"] == "#W9024138" for i in r["items"]] == ["HP700-BLK-BT"]
