"""Round 3 (issue #13, lines10): item / line / option matching.

1. "exchange one of the two shirts for an L" / "其中一件换成L码": the exchange takes that part of
   the line; the other units stay as they are.
2. Option values match across the units of one measure ("1.5L" = "1500ml", "2m" = "200cm",
   "45mm" = "4.5cm") and the inch mark ('12"').
3. The same item on several orders with a change in the message: asked which order (id, date,
   status), the answer ("the newer one", "第二个", the id) completes it on that order only; when
   only one order can still be changed, that one, saying why.
4. "yes both" / "两个都确认" at two waiting proposals confirms both, never a quantity.

Unit tests per step, then whole conversations on the demo shops and generated shops (other id
shapes, option dimensions), checking the store's end state."""
from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import both_answer as BA
from bot.dialogue import matching as M
from bot.dialogue import order_choice as OC
from bot.dialogue import unit_split as US
from bot.shop import catalog as K
from bot.shop.models import Product, Variant
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, _order, replay


# ------------------------------------------------------------------------------ 1. unit split
@pytest.mark.parametrize(("text", "want"), [
    ("SO202611210549 两件T恤其中一件换成L码", 1),          # "两件" counts the line, "其中一件" the part
    ("订单A-8F8K的Ceramic teapot其中一个换成900ml", 1),
    ("T恤换一件L码的，另一件不用换", 1),
    ("exchange one of the two shirts for an L", 1),
    ("exchange my shirts for L", None),                    # no part named: the whole line
    ("两件都换成L", None),
    ("换成一件L的", None),                                  # a count inside the target is no part
])
def test_exchanged_units(text: str, want: int | None) -> None:
    assert US.exchanged_units(text, 2) == want


# ------------------------------------------------------------------------------ 2. units
def _product(values: tuple[str, ...]) -> Product:
    return Product("P", "Thing", None, "x", {"dim": values},
                   tuple(Variant(f"S{i}", "P", {"dim": v}, Decimal(1), 5) for i, v in enumerate(values)))


@pytest.mark.parametrize(("values", "text", "want"), [
    (("10 inch", "12 inch"), "换成12寸的", "12 inch"),
    (("10 inch", "12 inch"), 'I want the 12" one', "12 inch"),
    (('10"', '12"'), "the 12 inch one", '12"'),
    (('10"', '12"'), "换成12寸", '12"'),
    (("12英寸", "14英寸"), '12" please', "12英寸"),
    (("15 cm", "20 cm"), "换成15cm", "15 cm"),
    (("15cm", "20cm"), "15厘米的", "15cm"),
    (("1.5L", "2L"), "1.5升的", "1.5L"),
    (("1.5L", "2L"), "the 1500ml one", "1.5L"),
    (("1.5升", "2升"), "1.5L please", "1.5升"),
    (("2m", "3m"), "换200厘米的", "2m"),
    (("2米", "3米"), "make it 2 m", "2米"),
    (("500ml", "750ml"), "0.5L please", "500ml"),
    (("500毫升", "750毫升"), "the 500ml one", "500毫升"),
    (("600ml", "900ml"), "换成0.9 升的", "900ml"),
    (("41mm", "45mm"), "the 4.5 cm case", "45mm"),
    (("1kg", "2kg"), "换1000克的", "1kg"),
])
def test_unit_equivalent_option_values(values: tuple[str, ...], text: str, want: str) -> None:
    assert K.options_named(_product(values), text).get("dim") == want


def test_a_converted_number_names_no_other_value() -> None:
    # 20cm is not the 2m value, 1.5 inch no cm value: only exact metric conversions.
    assert K.options_named(_product(("2m", "3m")), "换成20厘米的") == {}
    assert K.options_named(_product(("30cm", "40cm")), "the 12 inch one") == {}


# ------------------------------------------------------------------------------ 3. which order
def _orders() -> list[dict[str, Any]]:
    jacket = {"sku": "J-M", "product_id": "P-J", "name": "Rain jacket M", "options": {"size": "M"}, "qty": 1}
    return [{"id": "A-1", "status": "paid", "placed_at": "2026-11-27T10:00:00+00:00", "items": [dict(jacket)]},
            {"id": "A-2", "status": "shipped", "placed_at": "2026-11-28T10:00:00+00:00", "items": [dict(jacket)]},
            {"id": "A-3", "status": "pending", "placed_at": "2026-11-29T10:00:00+00:00",
             "items": [{"sku": "MUG", "product_id": "P-M", "name": "Mug", "options": {}, "qty": 1}]}]


def test_why_this_order_names_the_order_that_can_no_longer_change() -> None:
    orders = _orders()
    note = OC.why_this_order(orders, orders[0], orders[0]["items"][0], "change the jacket to L", "en")
    assert "A-2" in note and "A-1" in note
    zh = OC.why_this_order(orders, orders[0], orders[0]["items"][0], "雨衣换成L码", "zh")
    assert "A-2" in zh and "无法修改" in zh
    # The id written by the customer: nothing to explain.
    assert OC.why_this_order(orders, orders[0], orders[0]["items"][0], "A-1 jacket to L", "en") == ""
    # A line no other order holds: nothing to explain.
    assert OC.why_this_order(orders, orders[2], orders[2]["items"][0], "mug", "en") == ""


def test_only_changeable() -> None:
    orders = _orders()
    assert OC.only_changeable(orders[:2]) == "A-1"
    assert OC.only_changeable([orders[0], dict(orders[1], status="pending")]) is None      # both: ask
    assert OC.only_changeable([orders[0], dict(orders[1], status="delivered")]) is None    # an exchange


@pytest.mark.parametrize(("text", "want"), [
    ("the newer one", 1), ("the older one", 0), ("较新的那单", 1), ("早的那个", 0), ("后下的那个", 1),
    ("第二个", 1), ("the first one", 0),
])
def test_pick_candidate_by_date(text: str, want: int) -> None:
    cands = [{"id": "A", "placed_at": "2026-11-20T10:00:00+00:00"}, {"id": "B", "placed_at": "2026-11-27T10:00:00+00:00"}]
    assert M.pick_candidate(text, cands) == [want]


# ------------------------------------------------------------------------------ 4. both
@pytest.mark.parametrize("text", ["yes both", "both, yes", "yes to both", "both please", "yes, both of them",
                                  "两个都确认", "两个都可以", "两项都要", "都确认", "好的，两个都改"])
def test_confirms_both(text: str) -> None:
    assert BA.confirms_both(text)


@pytest.mark.parametrize("text", ["yes", "no both", "both are wrong", "yes both, and add a bottle", "两个都不要",
                                  "return both", "两个都退", "just the kettle"])
def test_not_a_yes_to_both(text: str) -> None:
    assert not BA.confirms_both(text)


def test_two_waiting() -> None:
    assert BA.two_waiting("change_address", {"_joint": True})
    assert BA.two_waiting("modify_order", {"swaps": [{"sku": "A"}], "address": "<ADDRESS_1>"})
    assert not BA.two_waiting("modify_order", {"swaps": [{"sku": "A"}]})


# ------------------------------------------------------------------------------ conversations
def _twin(src: Path, order_id: str, new_id: str, placed: str, status: str, folder: Path) -> Path:
    """`src` with a copy of `order_id` as `new_id` (the same lines on a second order)."""
    d = json.loads(src.read_text(encoding="utf-8"))
    if d.get("knowledge"):
        d["knowledge"] = str((src.parent / d["knowledge"]).resolve())
    o = copy.deepcopy(next(o for o in d["orders"] if o["id"] == order_id))
    o.update(id=new_id, placed_at=placed, status=status)
    for k in ("shipped_at", "delivered_at", "tracking_no", "carrier"):
        o.pop(k, None)
    d["orders"].append(o)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "shop.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


def _exchanged(shop: dict[str, Any], order_id: str) -> list[tuple[str, int, str]]:
    return [(i["sku"], int(i["qty"]), i["new_sku"]) for e in shop["exchanges"] if e["order_id"] == order_id
            for i in e["items"]]


def _skus(shop: dict[str, Any], order_id: str) -> list[tuple[str, int]]:
    return sorted((i["sku"], int(i["qty"])) for i in _order(shop, order_id)["items"])


ONE_OF_TWO = [
    (["SO202611210549 两件T恤其中一件换成L码", "确认"], "其余 1 件"),
    (["exchange one of the two shirts for an L", "yes"], "the other 1 stays"),
    (["I want to exchange the t-shirts from SO202611210549", "size L, but only one of them", "yes"], "the other 1"),
    (["SO202611210549的T恤换一件L码的，另一件不用换", "是的"], "其余 1 件"),
]


@pytest.mark.parametrize(("turns", "said"), ONE_OF_TWO)
async def test_one_of_two_shirts_exchanged(settings: Any, tmp_path: Path, models: Any, turns: list[str],
                                           said: str) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "telegram:1001", turns, tmp_path / "c.db")
    assert said in out[-2]["reply"]
    assert _exchanged(shop, "SO202611210549") == [("TS-COTTON", 1, "TS-COTTON-L")]
    assert _skus(shop, "SO202611210549") == [("SNACK-NUT", 1), ("TS-COTTON", 2)]      # the order as bought


@pytest.mark.parametrize("seed", [5, 7])
@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_one_of_two_exchanged_on_a_generated_shop(settings: Any, tmp_path: Path, models: Any, seed: int,
                                                        lang: str) -> None:
    gs = make_shop(seed, tmp_path / "shop")
    cid = gs.fixture["customers"][0]["id"]
    order = gs.orders_of(cid)[0]
    line = order["items"][1]
    assert order["status"] == "delivered" and line["qty"] == 2
    product = next(p for p in gs.fixture["products"] if p["id"] == line["product_id"])
    other = min((v for v in product["variants"] if v["sku"] != line["sku"] and v["stock"]),
                key=lambda v: sum(line["options"][d] != x for d, x in v["options"].items()))
    wanted = " ".join(x for d, x in other["options"].items() if line["options"][d] != x)
    turns = [f"{order['id']} please exchange one of the two {product['name'].lower()}s for {wanted}", "yes"] \
        if lang == "en" else [f"订单{order['id']}的{product['name']}其中一个换成{wanted}", "确认"]
    out, shop = await replay(settings, gs.path, gs.identity[cid], turns, tmp_path / "c.db")
    assert _exchanged(shop, order["id"]) == [(line["sku"], 1, other["sku"])]


UNIT_CHANGES = [
    (EN_SHOP, "whatsapp:15035550152", ["#W3407453 煎锅想换成10寸的", "确认"], "#W3407453", "SKL-12-CI", "SKL-10-CI"),
    (EN_SHOP, "whatsapp:15035550152", ['can I exchange my skillet from W3407453 for the 10" one?', "yes"],
     "#W3407453", "SKL-12-CI", "SKL-10-CI"),
    (DEMO_SHOP, "telegram:1001", ["kettle in SO202611270605: please change it to the 1700ml one", "yes"],
     "SO202611270605", "KT-15", "KT-17"),
    (DEMO_SHOP, "telegram:1003", ["SO202611190543 watch: please exchange it for the 4.5 cm case", "yes"],
     "SO202611190543", "WATCH-S2", "WATCH-S2-45"),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "sku", "new_sku"), UNIT_CHANGES)
async def test_a_value_in_other_units_makes_the_change(settings: Any, tmp_path: Path, models: Any, shop_path: Path,
                                                        user: str, turns: list[str], order_id: str, sku: str,
                                                        new_sku: str) -> None:
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    lines = [s for s, _ in _skus(shop, order_id)]
    assert (sku, 1, new_sku) in _exchanged(shop, order_id) or (new_sku in lines and sku not in lines)


@pytest.mark.parametrize(("seed", "unit_text"), [(7, "0.9 升"), (21, "0.6 cm")])
async def test_a_converted_measure_on_a_generated_shop(settings: Any, tmp_path: Path, models: Any, seed: int,
                                                       unit_text: str) -> None:
    gs = make_shop(seed, tmp_path / "shop")
    cid = gs.fixture["customers"][0]["id"]
    order = gs.orders_of(cid)[0]
    line = next(i for i in order["items"] if any(v in ("600ml", "4mm") for v in i["options"].values()))
    product = next(p for p in gs.fixture["products"] if p["id"] == line["product_id"])
    turns = [f"{order['id']}: please exchange the {product['name'].lower()} for the {unit_text} one", "yes"]
    out, shop = await replay(settings, gs.path, gs.identity[cid], turns, tmp_path / "c.db")
    made = _exchanged(shop, order["id"])
    assert len(made) == 1 and made[0][0] == line["sku"]
    target = next(v for v in product["variants"] if v["sku"] == made[0][2])
    assert set(target["options"].values()) & {"900ml", "6mm"}


TWO_ORDERS = [
    (DEMO_SHOP, "SO202611270605", "telegram:1001", ["水壶换成1.7升的", "第二个", "确认"], "KT-15", "KT-17", False),
    (DEMO_SHOP, "SO202611270605", "telegram:1001", ["我的电热水壶能改成1.7L吗", "最新的那单", "确认"], "KT-15", "KT-17", True),
    (EN_SHOP, "#W7096158", "web:ava", ["change the black rain jacket to L", "the newer one", "yes"],
     "RJ-M-BLK", "RJ-L-BLK", True),
    (EN_SHOP, "#W7096158", "web:ava", ["I'd like the rain jacket in navy please", "W7096158", "yes"],
     "RJ-M-BLK", "RJ-M-NVY", False),
]


@pytest.mark.parametrize(("src", "order_id", "user", "turns", "sku", "new_sku", "newer"), TWO_ORDERS)
async def test_the_same_item_on_two_orders_is_asked_and_changed_once(
        settings: Any, tmp_path: Path, models: Any, src: Path, order_id: str, user: str, turns: list[str],
        sku: str, new_sku: str, newer: bool) -> None:
    twin_id = order_id + "9" if order_id.startswith("#") else "SO202611280901"
    shop_path = _twin(src, order_id, twin_id, "2026-11-28T09:01:00+08:00", "pending", tmp_path / "shop")
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    asked = out[0]["reply"]
    assert order_id in asked and twin_id in asked
    assert "Nov 28" in asked or "11月28日" in asked                         # the dates tell them apart
    changed, kept = (twin_id, order_id) if newer else (order_id, twin_id)
    assert new_sku in [s for s, _ in _skus(shop, changed)] and sku not in [s for s, _ in _skus(shop, changed)]
    assert sku in [s for s, _ in _skus(shop, kept)] and new_sku not in [s for s, _ in _skus(shop, kept)]


async def test_the_same_item_on_a_generated_shop_asked_by_id(settings: Any, tmp_path: Path, models: Any) -> None:
    gs = make_shop(13, tmp_path / "gen")
    cid = gs.fixture["customers"][0]["id"]
    paid = gs.orders_of(cid, "paid")[0]
    line = paid["items"][0]
    product = next(p for p in gs.fixture["products"] if p["id"] == line["product_id"])
    other = next(v for v in product["variants"] if v["sku"] != line["sku"] and v["stock"])
    wanted = " ".join(x for d, x in other["options"].items() if line["options"][d] != x)
    shop_path = _twin(gs.path, paid["id"], paid["id"] + "X", "2026-11-27T10:00:00+01:00", "pending", tmp_path / "shop")
    out, shop = await replay(settings, shop_path, gs.identity[cid],
                             [f"{product['name']}改成{wanted}", paid["id"], "确认"], tmp_path / "c.db")
    assert paid["id"] + "X" in out[0]["reply"]
    assert other["sku"] in [s for s, _ in _skus(shop, paid["id"])]
    assert line["sku"] in [s for s, _ in _skus(shop, paid["id"] + "X")]


@pytest.mark.parametrize(("src", "order_id", "user", "turns", "sku", "new_sku"), [
    (DEMO_SHOP, "SO202611270605", "telegram:1001", ["水壶换成1.7升的", "确认"], "KT-15", "KT-17"),
    (EN_SHOP, "#W7096158", "web:ava", ["change the black rain jacket to L", "yes"], "RJ-M-BLK", "RJ-L-BLK"),
    (EN_SHOP, "#W7096158", "web:ava", ["can I get the rain jacket in navy", "yes"], "RJ-M-BLK", "RJ-M-NVY"),
])
async def test_only_one_order_can_change_and_the_reply_says_why(
        settings: Any, tmp_path: Path, models: Any, src: Path, order_id: str, user: str, turns: list[str],
        sku: str, new_sku: str) -> None:
    twin_id = order_id + "9" if order_id.startswith("#") else "SO202611280901"
    shop_path = _twin(src, order_id, twin_id, "2026-11-28T09:01:00+08:00", "shipped", tmp_path / "shop")
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    assert twin_id in out[0]["reply"] and order_id in out[0]["reply"]
    assert new_sku in [s for s, _ in _skus(shop, order_id)]
    assert sku in [s for s, _ in _skus(shop, twin_id)]


BOTH = [
    (DEMO_SHOP, "telegram:1001", ["SO202611270605 水壶换成1.7升的，另外地址改成上海市徐汇区漕溪北路88号", "两个都确认"],
     "SO202611270605", [("KT-17", 1)], "漕溪北路"),
    (EN_SHOP, "web:ava", ["#W7096158 change the rain jacket to L, and ship it to 12 Elm St, Springfield", "both, yes"],
     "#W7096158", [("BTL-18-BLK-CH", 1), ("RJ-L-BLK", 1)], "Elm"),
    (EN_SHOP, "web:ava", ["#W7096158 雨衣换成L码", "地址也改成 12 Elm St, Springfield", "两个都可以"],
     "#W7096158", [("BTL-18-BLK-CH", 1), ("RJ-L-BLK", 1)], "Elm"),
    (EN_SHOP, "slack:U07NOAH", ["#W1722178 change one of the two SSDs to 2TB", "and ship it to 9 Oak Ave, Portland",
                                "yes both"], "#W1722178", [("SSD-1T-UC", 1), ("SSD-2T-UC", 1)], "Oak"),
    (DEMO_SHOP, "dingtalk:lina_0817", ["SO202611270438 帆布包其中一个换成黑色", "地址改成 杭州市西湖区文三路90号", "好的两个都确认"],
     "SO202611270438", [("BAG-TOTE", 1), ("BAG-TOTE-BK", 1)], "文三路"),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "lines", "address"), BOTH)
async def test_yes_both_confirms_both_proposals_and_no_quantity(
        settings: Any, tmp_path: Path, models: Any, shop_path: Path, user: str, turns: list[str], order_id: str,
        lines: list[tuple[str, int]], address: str) -> None:
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    assert _skus(shop, order_id) == lines                       # no line's quantity raised by "both"
    assert address in _order(shop, order_id)["shipping_address"]
