"""bot/lang/script.py and bot/pipeline/turn_script.py: which script, conversions, the customer's own writing."""
from __future__ import annotations

import subprocess
import sys
import threading

import pytest

from bot.lang import script as S
from bot.pipeline.turn_script import TurnScript


@pytest.mark.parametrize(("text", "expected"), [
    ("我的訂單還沒到", "hant"), ("幫我退這個", "hant"), ("可以換成黑色的嗎", "hant"), ("好，確認", "hant"),
    ("麻煩了", "hant"), ("就這樣", "hant"), ("對啊", "hant"), ("台北市大安區", "hant"),
    ("我的订单还没到", "hans"), ("帮我退这个", "hans"), ("没错", "hans"),
    ("好", None), ("ok", None), ("W2378156", None), ("可以啊", None), ("好喔", None), ("台北市", None),
    ("<PERSON_1>", None), ("", None),
])
def test_script_of(text: str, expected: str | None) -> None:
    assert S.script_of(text) == expected


def test_to_simplified_keeps_placeholders_ids_skus_and_numbers() -> None:
    text = "幫我把訂單 #TW-2026-0012 的 SKU BK-700C-52 退貨，寄到<ADDRESS_2>，收件人<PERSON_1>，NT$12,800"
    out = S.to_simplified(text)
    assert out == "帮我把订单 #TW-2026-0012 的 SKU BK-700C-52 退货，寄到<ADDRESS_2>，收件人<PERSON_1>，NT$12,800"
    assert len(out) == len(text)


def test_to_traditional_tw_and_hk() -> None:
    text = "已为您创建退货，退款 NT$1,200 将退回 <PERSON_1> 的账户（订单 A-12）。"
    assert S.to_traditional(text) == "已為您創建退貨，退款 NT$1,200 將退回 <PERSON_1> 的賬戶（訂單 A-12）。"
    assert "<PERSON_1>" in S.to_traditional(text, "hk") and "訂單" in S.to_traditional(text, "hk")
    assert S.to_traditional("ok W1") == "ok W1"


def test_variant_of_cantonese() -> None:
    assert S.variant_of("我唔要呢個，幫我退咗佢") == "hk"
    assert S.variant_of("我不要這個") is None


def test_fold_is_one_form_for_both_scripts() -> None:
    assert S.fold("腳踏車 單車 顏色 尺寸") == S.fold("脚踏车 单车 颜色 尺寸") == "脚踏车 单车 颜色 尺寸"


def test_converters_build_once_under_threads() -> None:
    S._converters.clear()
    results: list[str] = []
    threads = [threading.Thread(target=lambda: results.append(S._convert("t2s", "訂單"))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == ["订单"] * 8 and set(S._converters) == {"t2s"}


def test_opencc_is_not_imported_by_the_cli() -> None:
    code = "import sys, bot.cli.main, bot.pipeline.runner, bot.dialogue.matching; print('opencc' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- TurnScript: one turn's working form, reply form and the customer's own writing -------------

def test_turn_script_remembers_the_script_and_a_bare_yes_keeps_it() -> None:
    state: dict = {}
    first = TurnScript.of("我要退貨，訂單 A-12", state)
    assert first.working == "我要退货，订单 A-12" and first.traditional and state["script"] == "hant"
    second = TurnScript.of("好", state)
    assert second.traditional and second.working == "好"
    third = TurnScript.of("ok", state)
    assert third.reply("好的，已为您办理。", "zh") == "好的，已為您辦理。"
    assert third.reply("Done, the return is created.", "en") == "Done, the return is created."


def test_turn_script_simplified_writer_gets_shop_words_folded() -> None:
    state: dict = {}
    ts = TurnScript.of("我要换颜色", state)
    assert ts.script == "hans"
    assert ts.reply("可以换成「城市通勤腳踏車」的黑色款。", "zh") == "可以换成「城市通勤脚踏车」的黑色款。"
    assert ts.reply("好的，已为您办理。", "zh") == "好的，已为您办理。"


def test_own_maps_a_span_back_to_what_the_customer_wrote() -> None:
    state: dict = {}
    TurnScript.of("發票抬頭：臺灣單車股份有限公司", state)
    ts = TurnScript.of("好", state)
    # the working form says 台湾; the customer wrote 臺灣 and gets exactly that back
    assert ts.own("台湾单车股份有限公司") == "臺灣單車股份有限公司"
    assert ts.own("这是别的文字") == "這是別的文字"          # not said: converted
    assert ts.own("<ADDRESS_1>") == "<ADDRESS_1>"


def test_own_is_identity_for_simplified_writers() -> None:
    state: dict = {}
    ts = TurnScript.of("发票抬头：深圳单车有限公司", state)
    assert ts.own("深圳单车有限公司") == "深圳单车有限公司"


def test_own_maps_back_through_restored_values() -> None:
    values = {"<PERSON_1>": "陳嘉慧", "<ADDRESS_1>": "台北市大安區復興南路一段100號5樓"}

    def restore(text: str) -> str:
        for k, v in values.items():
            text = text.replace(k, v)
        return text

    state: dict = {}
    TurnScript.of("收件人改成<PERSON_1>，發票抬頭：鴻海精密工業股份有限公司", state, restore)
    ts = TurnScript.of("對", state, restore)
    # what a flow holds after reveal: real values, the rest in the working (simplified) form
    assert ts.own("陈嘉慧") == "陳嘉慧" or ts.own("收件人改成陳嘉慧") == "收件人改成陳嘉慧"
    assert ts.own("收件人改成陳嘉慧，发票抬头：鸿海精密工业股份有限公司") == \
        "收件人改成陳嘉慧，發票抬頭：鴻海精密工業股份有限公司"


def test_taiwan_particle_zhe_reaches_the_cues_as_simplified() -> None:
    assert S.to_simplified("爐頭不要了 脫水餐留著") == "炉头不要了 脱水餐留着"
    assert S.to_simplified("穿著有點緊") == "穿着有点紧"
    assert S.to_simplified("著名品牌，顯著改善") == "著名品牌，显著改善"


def test_reply_keeps_the_shops_own_words_and_everyday_tai() -> None:
    state: dict = {}
    ts = TurnScript.of("我的安全帽到了嗎", state)
    keep = ("公路安全帽", "霧面灰")
    # OpenCC alone writes 霧麵灰 and 臺北; the shop wrote 霧面灰, and Taiwan writes 台北
    assert ts.reply("您的公路安全帽 M / 霧面灰 已发货，寄往台北", "zh", keep) == "您的公路安全帽 M / 霧面灰 已發貨，寄往台北"
    assert ts.reply("可以换成雾面灰", "zh", keep) == "可以換成霧面灰"
    wrote = TurnScript.of("寄到臺北市", {})
    assert "臺北" in wrote.reply("寄往台北", "zh")
