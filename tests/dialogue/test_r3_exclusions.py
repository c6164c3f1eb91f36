"""Round 3 (#13) what the customer rules out is never the write target, and a yes after a stock
answer starts the change it implies:

- an option value under a rejection ("不要黑色的", "not the black", "除了白色都行", "anything but
  white") never becomes the target of an exchange / item change; when it is the line's own value,
  that dimension changes to the one other value in stock, or the bot asks among the remaining
  in-stock ones (`bot.shop.option_exclusions`, `ShopTools.match_variant`, `catalog.remaining_variants`);
- "有的 白色43码有货" → "好 那换成这个" / "ok do that" / "行": the exchange of the customer's line
  to the quoted version is proposed as a confirmation (`bot.dialogue.stock_offer`, the engine's
  `_answer_to_offer`), nothing written before the yes.

On the demo shops and generated shops (other products, option dimensions, id shapes)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bot.core.trace import Trace
from bot.dialogue.commands import Command, Understood
from bot.dialogue.engine import _answer_to_offer
from bot.dialogue.stock_offer import change_offer
from bot.shop import catalog
from bot.shop.models import Product, Variant
from bot.shop.option_exclusions import rejected_at, split_mentions
from bot.shop.store import Store
from bot.shop.tools import ShopTools
from tests.dialogue.conftest import NOW
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

WRITES = ("change_items", "create_exchange", "create_return")
ZH_USER, EN_USER = "wecom:zhangwei", "telegram:5001"


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["name"]) for n, o in enumerate(out) for a in o["trace"]["actions"] if a["name"] in WRITES]


def _new_skus(shop: dict[str, Any], order_id: str) -> list[str]:
    return [i["new_sku"] for e in shop["exchanges"] if e["order_id"] == order_id for i in e["items"]]


# ---------------------------------------------------------------- unit: reading a rejection
@pytest.mark.parametrize("text,value,rejected", [
    ("跑鞋想换43码的 不要黑色的", "黑色", True),
    ("跑鞋想换43码的 不要黑色的", "43", False),        # the 不要 after 43 is black's
    ("换个颜色 除了白色都行", "白色", True),
    ("any colour but black", "black", True),
    ("anything except google home", "google home", True),
    ("white one, not black", "white", False),
    ("黑色的不行 换白的", "黑色", True),
    ("换成黑色的", "黑色", False),
])
def test_rejected_at_reads_the_value_own_clause(text: str, value: str, rejected: bool) -> None:
    start = text.index(value)
    nxt = None if value != "43" else text.index("黑色")
    assert rejected_at(text, start, start + len(value), nxt) is rejected


def test_split_mentions_keeps_wanted_and_excluded_apart() -> None:
    text = "43码的 不要黑色的"
    wanted, excluded = split_mentions(text, [("size", "43", 0), ("color", "black", text.index("黑色"))])
    assert wanted == {"size": "43"}
    assert excluded == {"color": {"black"}}


def _product(options: dict[str, list[str]], stock: dict[tuple[str, ...], int]) -> Product:
    variants = tuple(Variant("-".join(k), "P1", dict(zip(options, k)), Decimal("10.00"), n) for k, n in stock.items())
    return Product("P1", "Widget", None, "misc", {d: tuple(v) for d, v in options.items()}, variants)


def test_remaining_variants_never_hold_an_excluded_value() -> None:
    p = _product({"finish": ["oak", "ash", "teak"], "size": ["s", "l"]},
                 {("oak", "s"): 3, ("ash", "s"): 2, ("teak", "s"): 0, ("teak", "l"): 4, ("ash", "l"): 1})
    left = catalog.remaining_variants(p, {"finish": "oak", "size": "s"}, {}, {"finish": {"oak"}})
    assert [v.sku for v in left] == ["ash-s"]             # teak s is sold out, the size is kept
    left = catalog.remaining_variants(p, {"finish": "oak", "size": "s"}, {"size": "l"}, {"finish": {"oak"}})
    assert sorted(v.sku for v in left) == ["ash-l", "teak-l"]


# ---------------------------------------------------------------- unit: match_variant on shops
async def _tools(tmp_path: Path, fixture: Path) -> tuple[Store, ShopTools]:
    store = await Store.open(tmp_path / "x.db")
    await store.import_fixture(json.loads(fixture.read_text(encoding="utf-8")))
    return store, ShopTools(store, await store.policies(), NOW, Trace())


async def test_demo_the_rejected_own_colour_goes_to_the_only_other_in_stock(tmp_path: Path) -> None:
    store, tools = await _tools(tmp_path, DEMO_SHOP)
    try:
        c = (await tools.resolve_customer(ZH_USER)).customer
        res = await tools.match_variant(c, "SO202611230529", "SHOE-RUN-42", "想换43码的 不要黑色的")
        assert res.ok and res.data["new_sku"] == "SHOE-RUN-43-WH", res
        res = await tools.match_variant(c, "SO202611230529", "SHOE-RUN-42", "size 43, not the black")
        assert res.ok and res.data["new_sku"] == "SHOE-RUN-43-WH", res
    finally:
        await store.close()


async def test_en_any_but_asks_among_the_remaining_in_stock(tmp_path: Path) -> None:
    store, tools = await _tools(tmp_path, EN_SHOP)
    try:
        c = (await tools.resolve_customer("slack:U07NOAH")).customer
        res = await tools.match_variant(c, "#W4395826", "TH-GH-WHT", "anything except Google Home")
        assert not res.ok and res.data["excluded"] == {"compatibility": ["Google Home"]}
        assert {x["compatibility"] for x in res.data["candidates"]} == {"Apple HomeKit", "Amazon Alexa"}
        assert all(x["color"] == "white" for x in res.data["candidates"])     # the colour is kept
    finally:
        await store.close()


@pytest.mark.parametrize("seed,shape", [(12, "suffixed"), (7, "hash"), (3, "short")])
async def test_generated_shop_never_targets_the_ruled_out_value(tmp_path: Path, seed: int, shape: str) -> None:
    gen = make_shop(seed, tmp_path / "gen", shape)
    store, tools = await _tools(tmp_path, gen.path)
    tried = 0
    try:
        products = {p["id"]: p for p in gen.fixture["products"]}
        for order in gen.fixture["orders"]:
            cust = next(x for x in gen.fixture["customers"] if x["id"] == order["customer_id"])
            c = (await tools.resolve_customer(cust["identities"][0])).customer
            for line in order["items"]:
                for dim, values in products[line["product_id"]]["options"].items():
                    own = line["options"].get(dim)
                    if len(values) < 2 or own is None:
                        continue
                    for text in (f"not the {own}", f"不要{own}的", f"anything but {own}"):
                        res = await tools.match_variant(c, order["id"], line["sku"], text)
                        tried += 1
                        if res.ok or res.code == "out_of_stock":
                            assert res.data["options"][dim] != own, (text, res)
                        for cand in res.data.get("candidates") or []:
                            assert cand[dim] != own, (text, res)
    finally:
        await store.close()
    assert tried >= 6


# ---------------------------------------------------------------- unit: the offer a stock answer leaves
def test_change_offer_is_the_line_of_that_product_in_focus() -> None:
    orders = [{"id": "A-1", "status": "delivered", "items": [{"sku": "S-42", "product_id": "P"}]},
              {"id": "A-2", "status": "delivered", "items": [{"sku": "X", "product_id": "Q"}]}]
    product = {"id": "P"}
    quoted = [{"sku": "S-43-W", "options": {"size": "43", "colour": "white"}, "stock": 2}]
    offer = change_offer(product, quoted, orders, None)
    assert offer == {"flow": "exchange_request", "order_id": "A-1",
                     "items": [{"order_id": "A-1", "sku": "S-42", "excluded": False}], "wanted_text": "43 , white"}
    assert change_offer(product, [{**quoted[0], "stock": 0}], orders, None) is None     # sold out: no offer
    assert change_offer(product, [{**quoted[0], "sku": "S-42"}], orders, None) is None  # what they have
    two = [*orders, {"id": "A-3", "status": "paid", "items": [{"sku": "S-41", "product_id": "P"}]}]
    assert change_offer(product, quoted, two, None) is None                             # which? not guessed
    assert change_offer(product, quoted, two, "A-3")["order_id"] == "A-3"               # the order in focus


def test_a_line_change_request_after_the_offer_is_its_yes() -> None:
    offer = {"flow": "exchange_request", "order_id": "A-1"}
    ask = Understood((Command("start_flow", {"flow": "exchange_request"}),), 0.9, "t")
    assert _answer_to_offer("好 那换成这个", ask, offer) is True
    named = Understood((Command("start_flow", {"flow": "exchange_request"}),
                        Command("set_slot", {"order_id": "A-9"})), 0.9, "t")
    assert _answer_to_offer("换A-9", named, offer) is None          # another order: its own request
    other = Understood((Command("start_flow", {"flow": "cancel_order"}),), 0.9, "t")
    assert _answer_to_offer("取消吧", other, offer) is None


# ---------------------------------------------------------------- conversations
EXCLUDED = [
    (DEMO_SHOP, ZH_USER, "SO202611230529 跑鞋想换43码的 不要黑色的", "SO202611230529", "SHOE-RUN-43-WH"),
    (DEMO_SHOP, ZH_USER, "exchange my running shoes SO202611230529 for size 43, not the black",
     "SO202611230529", "SHOE-RUN-43-WH"),
    (DEMO_SHOP, ZH_USER, "SO202611230529 跑鞋想换个颜色 除了黑色都行", "SO202611230529", "SHOE-RUN-42-WH"),
    (EN_SHOP, EN_USER, "exchange my headphones from #W9024138, any colour but black", "#W9024138", "HP700-SLV-BT"),
]


@pytest.mark.parametrize("shop,user,text,order_id,sku", EXCLUDED)
async def test_the_excluded_value_is_never_written(settings: Any, tmp_path: Path, models: Any, shop: Path,
                                                   user: str, text: str, order_id: str, sku: str) -> None:
    out, exported = await replay(settings, shop, user, [text, "是"], tmp_path / "c.db")
    assert [n for n, _ in _writes(out)] == [1], _writes(out)          # only after the yes
    assert _new_skus(exported, order_id) == [sku]


ASK_AMONG = [
    (EN_SHOP, "slack:U07NOAH", "W4395826 恒温器想换个 不要Google Home的", ("HomeKit", "Alexa"), "Google Home"),
    (EN_SHOP, "slack:U07NOAH", "swap the thermostat on #W4395826, anything except Google Home",
     ("HomeKit", "Alexa"), "Google Home"),
    (EN_SHOP, EN_USER, "W7096158 rain jacket: change the colour, anything but black", ("red", "navy"), "black"),
    (EN_SHOP, EN_USER, "W7096158 雨衣换个颜色 不要黑色", ("红色", "藏青色"), "黑色"),
]


@pytest.mark.parametrize("shop,user,text,offered,gone", ASK_AMONG)
async def test_any_but_asks_among_the_remaining(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str,
                                                text: str, offered: tuple[str, ...], gone: str) -> None:
    out, _ = await replay(settings, shop, user, [text], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert all(x in reply for x in offered), reply
    listed = reply.split("：" if "：" in reply else ":")[-1]
    assert gone not in listed, reply
    assert not _writes(out)


STOCK_YES = [
    (DEMO_SHOP, ZH_USER, ["跑鞋白色43码有货吗", "好 那换成这个"], "SO202611230529", "SHOE-RUN-43-WH"),
    (DEMO_SHOP, ZH_USER, ["do you have the running shoes in white size 43?", "ok do that"],
     "SO202611230529", "SHOE-RUN-43-WH"),
    (DEMO_SHOP, ZH_USER, ["T恤藏青色M码还有吗", "行"], "SO202611210549", "TS-COTTON-M-NV"),
    (DEMO_SHOP, ZH_USER, ["跑鞋43码白色多少钱", "好的 换吧"], "SO202611230529", "SHOE-RUN-43-WH"),
]


@pytest.mark.parametrize("shop,user,texts,order_id,sku", STOCK_YES)
async def test_a_yes_after_a_stock_answer_proposes_the_change(settings: Any, tmp_path: Path, models: Any,
                                                              shop: Path, user: str, texts: list[str],
                                                              order_id: str, sku: str) -> None:
    out, exported = await replay(settings, shop, user, [*texts, "确认"], tmp_path / "c.db")
    assert order_id in out[1]["reply"], out[1]["reply"]                   # proposed on that order
    assert [n for n, _ in _writes(out)] == [2], _writes(out)             # written only after its own yes
    assert _new_skus(exported, order_id) == [sku]


# ---------------------------------------------------------------- a declined remedy, a version named before the order
def test_a_bare_refused_exchange_is_ruled_out() -> None:
    from bot.dialogue.negation import polarity
    assert polarity("不换了 退钱吧") == (["return_request"], ["exchange_request"])
    assert polarity("我不换 要退货") == (["return_request"], ["exchange_request"])
    assert polarity("换了个新的") == ([], [])                 # a bare 换 only counts after its negation


async def test_the_declined_exchange_becomes_the_return(settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, DEMO_SHOP, ZH_USER, ["SO202611230529 跑鞋开胶了", "不换了 退钱吧", "是"],
                                 tmp_path / "c.db")
    assert "退货" in out[1]["reply"] and "SO202611230529" in out[1]["reply"], out[1]["reply"]
    assert _writes(out) == [(2, "create_return")]
    assert not _new_skus(exported, "SO202611230529")


async def test_the_version_named_before_the_order_is_kept(settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, DEMO_SHOP, ZH_USER, ["想换个白色的", "跑鞋", "是"], tmp_path / "c.db")
    assert "白色" in out[1]["reply"] and "可选" not in out[1]["reply"], out[1]["reply"]    # not asked again
    assert [n for n, _ in _writes(out)] == [2]
    assert _new_skus(exported, "SO202611230529") == ["SHOE-RUN-42-WH"]
