"""Shop data and messages in different Chinese scripts meet in one form: item, option and
catalogue matching, the knowledge base, the redaction allow-list, and writes back in the
customer's own script (bot/shop/tools.py `own_text`)."""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.core.trace import Trace
from bot.dialogue import matching
from bot.knowledge import KnowledgeBase
from bot.lang.category_words import category_surfaces
from bot.pipeline.catalogue_words import CatalogueWords
from bot.pipeline.turn_script import TurnScript
from bot.shop import catalog
from bot.shop.models import Product, Variant
from bot.shop.store import Store
from bot.shop.tools import ShopTools
from tests.parity.taipei_shop import taipei_fixture

NOW = datetime.fromisoformat("2026-11-28T12:00:00+08:00")


def _bike() -> Product:
    opts = {"顏色": ("消光黑", "珍珠白"), "車架尺寸": ("S", "M")}
    variants = tuple(Variant(f"CB-{c}-{s}", "P-CITY", {"顏色": c, "車架尺寸": s}, Decimal("12800"), 3, "TWD")
                     for c in opts["顏色"] for s in opts["車架尺寸"])
    return Product("P-CITY", "City bike", "城市通勤腳踏車", "bicycles", opts, variants)


@pytest.mark.parametrize("norm", [matching.norm, catalog.norm])
def test_norm_folds_both_scripts(norm) -> None:
    assert norm("城市通勤腳踏車 顏色") == norm("城市通勤脚踏车 颜色")
    assert norm("  Matte   BLACK ") == "matte black"


@pytest.mark.parametrize("text", ["可以换成珍珠白的吗", "可以換成珍珠白的嗎", "要白色的珍珠白", "珍珠白 please"])
def test_option_values_of_a_traditional_catalogue_found_in_either_script(text: str) -> None:
    named = {(d, v) for d, v, _ in catalog.option_mentions(_bike(), text)}
    assert ("顏色", "珍珠白") in named


def test_simplified_catalogue_value_found_in_a_folded_traditional_message() -> None:
    product = Product("P-T", "Tee", "纯棉T恤", "apparel", {"颜色": ("藏青色", "白色")},
                      (Variant("T-NV", "P-T", {"颜色": "藏青色"}, Decimal("99"), 3),
                       Variant("T-WH", "P-T", {"颜色": "白色"}, Decimal("99"), 3)))
    named = {(d, v) for d, v, _ in catalog.option_mentions(product, "換成藏青色")}
    assert ("颜色", "藏青色") in named


@pytest.mark.parametrize("text", ["腳踏車想退", "脚踏车想退", "那台單車", "城市通勤腳踏車不要了"])
def test_order_line_named_in_either_script(text: str) -> None:
    orders = [{"id": "TPE-1", "items": [
        {"sku": "CB-BLK-M", "product_id": "P-CITY", "name": "城市通勤腳踏車 消光黑 / M", "category": "bicycles"},
        {"sku": "LT-USB", "product_id": "P-LIGHT", "name": "USB充電車燈", "category": "accessories"}]}]
    refs = matching.match_items(text, orders)
    assert refs and refs[0].sku == "CB-BLK-M"


def test_category_words_fold() -> None:
    assert category_surfaces("腳踏車") == category_surfaces("脚踏车")


def test_catalogue_word_kept_from_person_redaction_in_either_script() -> None:
    words = CatalogueWords.from_products([_bike()])
    finding = SimpleNamespace(type="PERSON", start=2, end=5)
    assert words.keep_business("那就珍珠白吧", [finding]) == []
    assert words.keep_business("那就消光黑吧", [finding]) == []
    other = SimpleNamespace(type="PERSON", start=2, end=5)
    assert words.keep_business("那就陳嘉慧吧", [other]) == [other]


def _kb(tmp_path: Path, text: str, title: str) -> KnowledgeBase:
    (tmp_path / "zh-TW").mkdir()
    others = [("shipping-zh", "配送時間", "宅配一般兩到三天送達，超商取貨三到五天。"),
              ("warranty-zh", "保固說明", "腳踏車車架保固五年，零件保固一年。"),
              ("invoice-zh", "發票與統編", "需要統一編號請在結帳時填寫，電子發票會寄到您的信箱。")]
    body = "".join(f"---\nid: {i}\ntitle: {t}\n---\n{x}\n" for i, t, x in others)
    (tmp_path / "zh-TW" / "help.md").write_text(
        body + f"---\nid: returns-zh\ntitle: {title}\ntags: return_request\n---\n{text}\n", encoding="utf-8")
    return KnowledgeBase.load(tmp_path)


@pytest.mark.parametrize("query", ["退货运费谁出", "退貨運費誰出"])
def test_traditional_knowledge_answers_both_scripts(tmp_path: Path, query: str) -> None:
    kb = _kb(tmp_path, "七天內可以退貨。無理由退貨的運費由買家負擔，商品瑕疵的運費由我們負擔。", "退貨與運費")
    hits = kb.search(query, lang="zh")
    assert [h.id for h in hits] == ["returns-zh"]
    assert hits[0].lang == "zh"
    assert "运费由买家负担" in hits[0].text        # kept in the working script the dialogue reads


def test_simplified_knowledge_answers_a_traditional_question(tmp_path: Path) -> None:
    kb = _kb(tmp_path, "七天内可以退货。无理由退货的运费由买家负担。", "退货与运费")
    assert [h.id for h in kb.search(S_QUESTION, lang="zh")] == ["returns-zh"]


S_QUESTION = "請問退貨的運費誰負擔？"


@pytest.fixture
async def tpe(tmp_path: Path):
    store = await Store.open(tmp_path / "tpe.db")
    await store.import_fixture(taipei_fixture())
    tools = ShopTools(store, await store.policies(), NOW, Trace())
    customer = (await tools.resolve_customer("telegram:8801")).customer
    yield store, tools, customer
    await store.close()


async def test_match_variant_simplified_text_on_traditional_catalogue(tpe) -> None:
    store, tools, customer = tpe
    res = await tools.match_variant(customer, "TPE-1125-0042", "CB-BLK-M", "换成珍珠白，车架尺寸L")
    assert res.ok and res.data["new_sku"] == "CB-WHT-L"


async def test_free_text_written_back_in_the_customers_script(tpe) -> None:
    store, tools, customer = tpe
    state: dict = {}
    TurnScript.of("發票抬頭：鴻海精密工業股份有限公司，謝謝", state)
    script = TurnScript.of("好", state)
    tools.own_text = script.own
    # the flow holds the working (simplified) form; the shop gets what the customer wrote
    res = await tools.request_invoice(customer, "TPE-1125-0042", "鸿海精密工业股份有限公司")
    assert res.ok
    invoices = (await store.export_fixture())["invoices"]
    assert [i["title"] for i in invoices if i["order_id"] == "TPE-1125-0042"] == ["鴻海精密工業股份有限公司"]
    # a free-text reason is converted, a reason code is kept as is
    assert tools._own("尺寸太小了") == "尺寸太小了" and tools._own("颜色不喜欢") == "顏色不喜歡"
    assert tools._own("wrong_size") == "wrong_size"


async def test_simplified_writer_free_text_untouched(tpe) -> None:
    store, tools, customer = tpe
    state: dict = {}
    tools.own_text = TurnScript.of("发票抬头：深圳单车有限公司", state).own
    assert (await tools.request_invoice(customer, "TPE-1125-0042", "深圳单车有限公司")).ok
    invoices = (await store.export_fixture())["invoices"]
    assert [i["title"] for i in invoices if i["order_id"] == "TPE-1125-0042"] == ["深圳单车有限公司"]
