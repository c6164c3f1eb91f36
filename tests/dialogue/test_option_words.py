"""Option words across languages (bot/shop/option_words.txt): a Chinese word against an English
catalogue value and the reverse, through the real shop's variant matching."""
from __future__ import annotations

from decimal import Decimal

from bot.shop import catalog
from bot.shop.models import Product, Variant
from tests.dialogue.conftest import Env


async def _line(env: Env, identity: str, order_id: str) -> tuple[object, str]:
    customer = await env.customer(identity)
    order = (await env.tools.get_order(customer, order_id)).data
    return customer, order["items"][0]["sku"]


async def test_a_chinese_switch_word_names_the_english_catalogue_value(en_shop: Env) -> None:
    customer, sku = await _line(en_shop, "whatsapp:13055550123", "#W8804658")     # tactile keyboard
    res = await en_shop.tools.match_variant(customer, "#W8804658", sku, "改成线性轴")
    assert res.ok and res.data["changed"] == {"switch": "linear"}


async def test_a_chinese_colour_word_names_the_english_catalogue_colour(en_shop: Env) -> None:
    customer, sku = await _line(en_shop, "telegram:5005", "#W9453299")            # white thermostat
    res = await en_shop.tools.match_variant(customer, "#W9453299", sku, "要黑色的")
    assert res.data["changed"] == {"color": "black"} and res.data["new_sku"] == "TH-HK-BLK"   # (out of stock)
    none = await en_shop.tools.match_variant(customer, "#W9453299", sku, "要白色的")   # already white
    assert not none.ok and none.code == "no_change"


def _zh_product() -> Product:
    options = {"颜色": ("白色", "黑色"), "材质": ("不锈钢", "玻璃"), "连接": ("蓝牙", "有线")}
    variants = tuple(Variant(f"V{i}", "P", {"颜色": c, "材质": m, "连接": k}, Decimal("10"), 5)
                     for i, (c, m, k) in enumerate([(c, m, k) for c in options["颜色"] for m in options["材质"]
                                                    for k in options["连接"]]))
    return Product("P", "Kettle", "水壶", "home", options, variants)


def test_english_words_name_chinese_catalogue_values() -> None:
    p = _zh_product()
    assert catalog.options_named(p, "the white one, glass please") == {"颜色": "白色", "材质": "玻璃"}
    assert catalog.options_named(p, "I'd prefer stainless steel and wired") == {"材质": "不锈钢", "连接": "有线"}
    assert catalog.options_named(p, "bluetooth version") == {"连接": "蓝牙"}


def test_words_outside_the_table_and_unrelated_text_name_nothing() -> None:
    p = _zh_product()
    assert catalog.options_named(p, "where is my parcel") == {}
    assert catalog.options_named(p, "the purple one") == {}
