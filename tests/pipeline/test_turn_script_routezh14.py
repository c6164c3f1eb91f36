"""routezh14 (#13): the reply's script for a Chinese writer who gave no evidence yet, and written
Cantonese. "我要找真人客服" / "SO1234的地址要改" use only characters both scripts share: on a shop that
writes traditional, the reply is traditional (before: simplified); the guess is never remembered, so
the customer's own first evidence decides. Written Cantonese (嘅, 咗, 冇) is a Hong Kong writer's:
traditional, and read in Mandarin ("仲有冇货" → "还有没有货") by everything that understands."""
from __future__ import annotations

from types import SimpleNamespace

from bot.lang.cantonese import to_mandarin
from bot.lang.script import to_traditional
from bot.pipeline.catalogue_words import CatalogueWords
from bot.pipeline.turn_script import TurnScript


def test_no_evidence_takes_the_shops_script_and_is_not_remembered() -> None:
    state: dict = {}
    ts = TurnScript.of("我要找真人客服", state, shop="hant")
    assert ts.traditional and "script" not in state
    reply = ts.reply("已为您转接人工客服，同事会尽快回复您。", "zh")
    assert reply == to_traditional(reply) and "為您轉接" in reply
    # a simplified shop, or no shop script: the reply as written
    assert TurnScript.of("我要找真人客服", {}, shop="hans").reply("已为您转接", "zh") == "已为您转接"
    assert TurnScript.of("我要找真人客服", {}).reply("已为您转接", "zh") == "已为您转接"
    # no Chinese at all: nothing to guess
    assert TurnScript.of("SO1234", {}, shop="hant").script is None


def test_the_customers_own_evidence_beats_the_shops_script() -> None:
    state: dict = {}
    TurnScript.of("我要退货，订单 A-12", state, shop="hant")
    assert state["script"] == "hans"
    ts = TurnScript.of("我要找真人客服", state, shop="hant")      # no evidence: the conversation's, not the shop's
    assert ts.reply("已为您转接", "zh") == "已为您转接"


def test_written_cantonese_is_a_traditional_writer_read_in_mandarin() -> None:
    state: dict = {}
    ts = TurnScript.of("EV-1126-11 嘅地址要改一下", state)
    assert ts.traditional and state["script"] == "hant" and state["zh_variant"] == "hk"
    assert ts.working == "EV-1126-11 的地址要改一下"
    assert TurnScript.of("充電器仲有冇貨", {}).working == "充电器还有没有货"
    assert TurnScript.of("發票寄咗去邊度", {}).working == "发票寄了去哪里"
    # Mandarin is never touched, in either script
    assert TurnScript.of("充電器還有貨嗎", {}).working == "充电器还有货吗"
    assert TurnScript.of("我的订单呢", {}).working == "我的订单呢"


def test_to_mandarin_longest_words_first() -> None:
    assert to_mandarin("有冇货") == "有没有货" and to_mandarin("冇收到") == "没有收到"
    assert to_mandarin("系咪坏咗") == "是不是坏了" and to_mandarin("退款要几耐") == "退款要多久"
    assert to_mandarin("退钱要几多日") == "退钱要多少天" and to_mandarin("") == ""


def test_catalogue_words_know_the_shops_script() -> None:
    def product(name_zh: str, options: dict) -> SimpleNamespace:
        return SimpleNamespace(name="x", name_zh=name_zh, names={}, options=options)
    assert CatalogueWords.from_products([product("城市電動車", {"顏色": ["石墨黑"]})]).script == "hant"
    assert CatalogueWords.from_products([product("电热水壶", {"颜色": ["白色"]})]).script == "hans"
    assert CatalogueWords.from_products([SimpleNamespace(name="Kettle", name_zh=None, names={}, options={})]).script is None
