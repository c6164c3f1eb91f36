"""Pure catalogue matching (bot.shop.catalog) and order-id recognition (bot.shop.order_ids)."""
import json
from pathlib import Path

import pytest

from bot.shop import Product, Variant
from bot.shop import catalog as cat
from bot.shop import order_ids as ids

DEMO_EN = json.loads((Path(__file__).resolve().parents[2] / "config" / "demo_shop_en.json").read_text("utf-8"))
DEMO_ZH = json.loads((Path(__file__).resolve().parents[2] / "config" / "demo_shop.json").read_text("utf-8"))


def products(fixture) -> list[Product]:
    from decimal import Decimal
    return [Product(p["id"], p["name"], p.get("name_zh"), p["category"],
                    {k: tuple(v) for k, v in p["options"].items()},
                    tuple(Variant(v["sku"], p["id"], v["options"], Decimal(v["price"]), v["stock"])
                          for v in p["variants"])) for p in fixture["products"]]


EN, ZH = products(DEMO_EN), products(DEMO_ZH)


@pytest.mark.parametrize("text, product, options", [
    ("do you have the Aurora headphones in silver", "P-HP-700", {"color": "silver"}),
    ("thermostat that works with HomeKit", "P-THERMO", {"compatibility": "Apple HomeKit"}),
    ("can I get the Alexa speaker instead", "P-SPEAKER", {"assistant": "Amazon Alexa"}),
    ("headphones with the usb-c dongle", "P-HP-700", {"connectivity": "Bluetooth + USB-C dongle"}),
    ("headphones, just bluetooth", "P-HP-700", {"connectivity": "Bluetooth"}),
    ("is the 2TB SSD back in stock?", "P-SSD", {"capacity": "2TB"}),
    ("the sage 40 oz bottle with a straw lid", "P-BOTTLE", {"color": "sage", "capacity": "40oz", "lid": "straw"}),
    ("my tent", "P-TENT", {}),
])
def test_search_english_catalogue(text, product, options):
    hit = cat.search(EN, text, "en")[0]
    assert (hit.product.id, dict(hit.options)) == (product, options)
    assert all(all(v.options[k] == val for k, val in options.items()) for v in hit.variants)


@pytest.mark.parametrize("text, product, options", [
    ("有1.7L的电热水壶吗", "P-KT", {"capacity": "1.7L"}),
    ("玻璃的水壶", "P-KT", {"material": "glass"}),
    ("黑色跑鞋43码还有吗", "P-SHOE-RUN", {"size": "43", "color": "black"}),
    ("充电宝20000mAh", "P-PB", {"capacity": "20000mAh"}),
])
def test_search_chinese_catalogue(text, product, options):
    hit = cat.search(ZH, text, "zh")[0]
    assert (hit.product.id, dict(hit.options)) == (product, options)


def test_nothing_named_nothing_found():
    assert cat.search(EN, "where is my parcel", "en") == []


def test_swap_variant_changes_only_the_named_dimension():
    kb = next(p for p in EN if p.id == "P-KB")
    current = {"layout": "US", "switch": "linear", "connectivity": "wired"}
    wanted = cat.options_named(kb, "could I have tactile switches instead")
    assert wanted == {"switch": "tactile"}
    assert cat.swap_variant(kb, current, wanted).sku == "KB-US-TAC-W"
    assert cat.swap_variant(kb, current, {"layout": "UK", "switch": "clicky"}) is None       # not sold
    shoe = next(p for p in ZH if p.id == "P-SHOE-RUN")
    assert cat.options_named(shoe, "42码小了，想换43码") == {"size": "43"}                     # the later one
    assert cat.options_named(shoe, "42码小了，想换43码", prefer="first") == {"size": "42"}


@pytest.mark.parametrize("text, found", [
    ("my order #W2378156 never came", ["#W2378156"]),
    ("order w2378156", ["#W2378156"]),
    ("订单 so 2026 1120 0931 还没到", ["SO202611200931"]),
    ("1001-2026-0042 and 1001 2026 0042", ["1001-2026-0042"]),
    ("#88120046", ["88120046"]),
    ("nothing here, 299.00 paid at 12:30", []),
])
def test_find_known_ids_as_written(text, found):
    known = ["SO202611200931", "#W2378156", "1001-2026-0042", "88120046"]
    assert ids.find_known(text, known) == found


def test_candidates_and_resolution():
    # a date is no order id (nor an amount, nor a sku with too few digits)
    assert ids.candidates("order #W2378156, paid 1,299.00 on 2026-11-28, sku SHOE-42") == ["#W2378156"]
    assert ids.resolve("w2378156", ["#W2378156"]) == "#W2378156"
    assert ids.resolve("#W2378157", ["#W2378156"]) is None
    # What the pipeline hands the dialogue: own ids first (shop spelling), then unknown mentions.
    assert ids.resolve_mentions("is W2378156 or #W1111111 mine?", ["W2378156", "#W1111111"],
                                ["#W2378156"]) == ["#W2378156", "#W1111111"]
