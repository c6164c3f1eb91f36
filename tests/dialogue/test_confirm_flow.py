"""An open confirmation keeps its change (issue #13, dlg-flow): a line dropped while another
line's change waits joins that change set (never a whole-order cancel); "cancel the whole
thing" is a cancel proposal of its own; a question asked at the confirmation is answered from
the shop's data and the change stays open, so the next yes makes it. Per-step tests, then whole
conversations on three shops (GBP outdoor gear, EUR beauty, CHF music) in English and Chinese,
every write checked exactly."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.core.settings import PROJECT_ROOT
from bot.dialogue.classic import whole_cancel
from bot.dialogue.flows import side_question
from tests.test_conversation_corrections import _order, replay

DATA = Path(__file__).with_name("data")
OUTDOOR = DATA / "outdoor_shop_gbp.json"
BEAUTY = DATA / "beauty_shop_eur.json"
MUSIC = Path(__file__).with_name("fixtures") / "music_shop" / "shop.json"
EN_DEMO = PROJECT_ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange")


def _writes(out: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(a["name"], a["args"]) for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _lines(shop: dict[str, Any], order_id: str) -> list[tuple[str, int]]:
    return [(i["sku"], int(i["qty"])) for i in _order(shop, order_id)["items"]]


# -- per step: what a message at a confirmation is ------------------------------------------------
@pytest.mark.parametrize("text", ["cancel the whole thing", "no wait, just cancel the whole order",
                                  "please cancel my order entirely", "整个订单都取消", "算了，整个订单都取消",
                                  "全部取消吧", "订单不要了"])
def test_a_whole_order_cancel(text: str) -> None:
    assert whole_cancel(text)


@pytest.mark.parametrize("text", ["cancel the stove", "露营炉取消吧", "no, cancel that change and keep my order as it is",
                                  "接发不要了，取消掉", "cancel it", "保留原订单，取消这个修改"])
def test_not_a_whole_order_cancel(text: str) -> None:
    assert not whole_cancel(text)


@pytest.mark.parametrize(("text", "kind"), [
    ("when would I get the price difference back?", "refund"), ("will the refund go back to my card?", "refund"),
    ("差价退到哪里？", "refund"), ("退款多久到账？", "refund"), ("how much is the tenor one?", "variant_price"),
    ("那 tenor 的多少钱？", "variant_price"), ("is there a warranty on it?", "knowledge"), ("保修多久？", "knowledge"),
    ("when will it ship?", "shipping"), ("什么时候发货？", "shipping"), ("what's the refund amount?", "amount"), ("退多少钱？", "amount"), ("how much extra?", "variant_price"),
    ("yes", None), ("drop the stove too", None)])
def test_the_kind_of_a_question_at_a_confirmation(text: str, kind: str | None) -> None:
    assert side_question.kind(text) == kind


# -- class 1: a line dropped while another line's change waits --------------------------------------
@pytest.mark.parametrize(("texts", "shop", "user", "order_id", "swaps", "lines"), [
    (["On K30418 change the tent to polyester", "and cancel the stove", "yes"], OUTDOOR, "web:ola", "K30418",
     [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}, {"sku": "STV-GAS", "qty": 0, "new_sku": "STV-GAS"}],
     [("TNT-2-PE", 1), ("SB-SU-R", 2)]),
    (["K30418 的帐篷换成 polyester 的", "露营炉取消吧", "确认"], OUTDOOR, "web:ola", "K30418",
     [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}, {"sku": "STV-GAS", "qty": 0, "new_sku": "STV-GAS"}],
     [("TNT-2-PE", 1), ("SB-SU-R", 2)]),
    (["HB-26-004502 的蜡烛换成 lavender", "接发不要了，取消掉", "好的"], BEAUTY, "web:mia", "HB-26-004502",
     [{"sku": "CDL-FIG-S", "qty": 2, "new_sku": "CDL-LAV-S"}, {"sku": "EXT-50-BRN", "qty": 0, "new_sku": "EXT-50-BRN"}],
     [("CDL-LAV-S", 2)]),
    (["On K30418 change the tent to polyester", "actually just cancel that one", "yes"], OUTDOOR, "web:ola", "K30418",
     [{"sku": "TNT-2-NY", "qty": 0, "new_sku": "TNT-2-NY"}], [("SB-SU-R", 2), ("STV-GAS", 1)]),
    # A line named without "cancel": never a return of a like item on another (delivered) order.
    (["W7096158 的夹克换成 L 码", "水杯不要了", "好的"], EN_DEMO, "web:ava", "#W7096158",
     [{"sku": "RJ-M-BLK", "qty": 1, "new_sku": "RJ-L-BLK"}, {"sku": "BTL-18-BLK-CH", "qty": 0, "new_sku": "BTL-18-BLK-CH"}],
     [("RJ-L-BLK", 1)]),
    (["On #W7096158 can I get the jacket in size L instead", "forget the bottle", "yes"], EN_DEMO, "web:ava", "#W7096158",
     [{"sku": "RJ-M-BLK", "qty": 1, "new_sku": "RJ-L-BLK"}, {"sku": "BTL-18-BLK-CH", "qty": 0, "new_sku": "BTL-18-BLK-CH"}],
     [("RJ-L-BLK", 1)]),
    # The same line dropped: removed, its option change gone with it.
    (["On #W7096158 can I get the jacket in size L instead", "actually I don't want the jacket at all", "yes"], EN_DEMO,
     "web:ava", "#W7096158", [{"sku": "RJ-M-BLK", "qty": 0, "new_sku": "RJ-M-BLK"}], [("BTL-18-BLK-CH", 1)]),
    (["W7096158 的夹克换成 L 码", "夹克还是不要了吧", "确认"], EN_DEMO, "web:ava", "#W7096158",
     [{"sku": "RJ-M-BLK", "qty": 0, "new_sku": "RJ-M-BLK"}], [("BTL-18-BLK-CH", 1)]),
    (["On K30418 change the tent to polyester", "and remove one of the sleeping bags", "yes"], OUTDOOR, "web:ola", "K30418",
     [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}, {"sku": "SB-SU-R", "qty": 1, "new_sku": "SB-SU-R"}],
     [("TNT-2-PE", 1), ("SB-SU-R", 1), ("STV-GAS", 1)]),
])
async def test_a_line_dropped_at_a_confirmation_joins_the_change_set(settings: Any, tmp_path: Path, models: Any,
                                                                      texts: list[str], shop: Path, user: str,
                                                                      order_id: str, swaps: list[dict],
                                                                      lines: list[tuple[str, int]]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["name"] == "modify_order" and out[1]["trace"]["flow"]["step"] == "confirm"
    assert _writes(out) == [("change_items", {"order_id": order_id, "swaps": swaps, "payment_method_id": None})]
    assert _order(exported, order_id)["status"] == "paid"
    assert sorted(_lines(exported, order_id)) == sorted(lines)
    assert "go back" not in out[-1]["reply"] and "要继续" not in out[-1]["reply"]


# -- class 4: the whole order cancelled at a confirmation --------------------------------------------
@pytest.mark.parametrize(("texts", "shop", "user", "order_id"), [
    (["K30418 的帐篷换成 polyester 的", "算了，整个订单都取消", "确认"], OUTDOOR, "web:ola", "K30418"),
    (["On A-0002-K change the ukulele to soprano", "forget that, cancel the whole thing", "yes"], MUSIC,
     "telegram:8801", "A-0002-K"),
])
async def test_cancel_the_whole_thing_at_a_confirmation_is_a_cancel_proposal(settings: Any, tmp_path: Path, models: Any,
                                                                             texts: list[str], shop: Path, user: str,
                                                                             order_id: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"] == {"name": "cancel_order", "step": "confirm"}
    assert not _writes(out[:2])
    assert _writes(out) == [("cancel_order", {"order_id": order_id})]
    assert _order(exported, order_id)["status"] == "cancelled"
    # The change of the cancelled order is not offered back.
    assert "go back" not in out[2]["reply"] and "要继续" not in out[2]["reply"]


# -- classes 2, 3, 5: a question at a confirmation, then the yes ------------------------------------------
async def test_price_of_another_version_is_answered_and_the_yes_makes_the_change(settings: Any, tmp_path: Path,
                                                                                 models: Any) -> None:
    out, exported = await replay(settings, MUSIC, "telegram:8801", ["On A-0002-K change the ukulele to soprano",
                                                                    "how much is the tenor one?", "ok, yes"],
                                 tmp_path / "c.db")
    assert "149.00" in out[1]["reply"] and "out of stock" in out[1]["reply"]
    assert "Shall I go ahead with" in out[1]["reply"] and "soprano" in out[1]["reply"]
    assert out[1]["trace"]["flow"] == {"name": "modify_order", "step": "confirm"}
    assert _writes(out) == [("change_items", {"order_id": "A-0002-K", "payment_method_id": None,
                                              "swaps": [{"sku": "UKE-CON", "qty": 1, "new_sku": "UKE-SOP"}]})]


async def test_zh_where_the_difference_goes_is_answered_and_ke_yi_makes_the_change(settings: Any, tmp_path: Path,
                                                                                   models: Any) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", ["K30418 的帐篷换成 polyester 的", "差价退到哪里？", "可以"],
                                 tmp_path / "c.db")
    assert "原支付方式" in out[1]["reply"] and "到账" in out[1]["reply"] and "还要为您办理" in out[1]["reply"]
    assert not _writes(out[:2])
    assert _writes(out) == [("change_items", {"order_id": "K30418", "payment_method_id": None,
                                              "swaps": [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}]})]


async def test_zh_refund_timing_during_a_partial_return_keeps_the_one_unit(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", ["K30311 的睡袋两件退一件", "退款多久到账？", "可以"],
                                 tmp_path / "c.db")
    assert "工作日" in out[1]["reply"] and out[1]["trace"]["flow"] == {"name": "return_request", "step": "confirm"}
    made = [r for r in exported["returns"] if r["order_id"] == "K30311"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", 1)]


async def test_refund_destination_during_a_return_is_answered_and_ok_makes_it(settings: Any, tmp_path: Path,
                                                                              models: Any) -> None:
    out, exported = await replay(settings, BEAUTY, "web:mia", ["I'd like to return one of the two perfumes from HB-26-004417",
                                                              "will the refund go back to my card?", "ok"],
                                 tmp_path / "c.db")
    assert "original payment method" in out[1]["reply"] and "Shall I go ahead" in out[1]["reply"]
    made = [r for r in exported["returns"] if r["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("EDP-VAN-50", 1)]


async def test_a_warranty_question_at_a_confirmation_keeps_the_change(settings: Any, tmp_path: Path,
                                                                      models: Any) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", ["On K30418 change the tent to polyester",
                                                                "is there a warranty on the polyester tent?", "go ahead"],
                                 tmp_path / "c.db")
    assert "Shall I go ahead with" in out[1]["reply"] and not _writes(out[:2])
    assert _writes(out) == [("change_items", {"order_id": "K30418", "payment_method_id": None,
                                              "swaps": [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}]})]


# -- class 6: a line the customer keeps stays out for the rest of the flow ----------------------------
async def test_the_line_said_to_be_fine_is_not_offered_after_a_refusal(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, exported = await replay(settings, BEAUTY, "web:mia",
                                 ["I want to return the gift card from HB-26-004417, the candle is fine",
                                  "ok then the perfume", "yes"], tmp_path / "c.db")
    assert "can't be returned" in out[0]["reply"] and "candle" not in out[0]["reply"].split("\n", 1)[1].lower()
    assert "stays with you" in out[1]["reply"]
    made = [r for r in exported["returns"] if r["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("EDP-VAN-50", 2)]


async def test_zh_the_line_said_to_be_fine_is_not_offered_after_a_refusal(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, exported = await replay(settings, BEAUTY, "web:mia", ["HB-26-004417 的礼品卡想退，蜡烛没问题不用退", "那香水呢", "好的"],
                                 tmp_path / "c.db")
    assert "蜡烛" not in out[0]["reply"].split("\n", 1)[1]
    made = [r for r in exported["returns"] if r["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("EDP-VAN-50", 2)]


@pytest.mark.parametrize(("texts", "shop", "user", "order_id", "made"), [
    (["I want to return the poles from K30311, the sleeping bags are fine", "no, I said the sleeping bags stay", "yes"],
     OUTDOOR, "web:ola", "K30311", [("POL-130", 1)]),
    (["K30311 的登山杖和睡袋都退了吧", "睡袋不退了，留着", "确认"], OUTDOOR, "web:ola", "K30311", [("POL-130", 1)]),
    (["I want to return the perfume and the candle from HB-26-004417", "no, not the candle, keep that", "yes"],
     BEAUTY, "web:mia", "HB-26-004417", [("EDP-VAN-50", 2)]),
])
async def test_an_objection_about_a_kept_line_at_a_return_confirmation(settings: Any, tmp_path: Path, models: Any,
                                                                       texts: list[str], shop: Path, user: str,
                                                                       order_id: str, made: list) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    # Heard and proposed again without the kept line: neither dropped nor repeated over it.
    assert out[1]["trace"]["flow"] == {"name": "return_request", "step": "confirm"}
    returns = [r for r in exported["returns"] if r["order_id"] == order_id]
    assert len(returns) == 1 and [(i["sku"], i["qty"]) for i in returns[0]["items"]] == made
    assert [w for w, _ in _writes(out)] == ["create_return"]


# -- class 3: the yes after an interruption is for the change still open --------------------------------
@pytest.mark.parametrize(("texts", "words"), [
    (["On K30418 change the tent to polyester", "where is my order K30419?", "ok go ahead"], "Shall I go ahead with"),
    (["K30418 的帐篷换成 polyester 的", "K30419 到哪了？", "可以"], "还要为您办理"),
])
async def test_a_yes_after_another_answer_confirms_the_change_offered_back(settings: Any, tmp_path: Path, models: Any,
                                                                           texts: list[str], words: str) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", texts, tmp_path / "c.db")
    assert "K30419" in out[1]["reply"] and words in out[1]["reply"] and not _writes(out[:2])
    assert out[2]["trace"]["flow"] == {"name": "modify_order", "step": "done"}
    assert _writes(out) == [("change_items", {"order_id": "K30418", "payment_method_id": None,
                                              "swaps": [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}]})]


async def test_a_no_after_another_answer_drops_the_change_offered_back(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", ["On K30418 change the tent to polyester",
                                                                "where is my order K30419?", "no thanks"],
                                 tmp_path / "c.db")
    assert out[2]["trace"]["flow"]["step"] == "aborted" and not _writes(out)
    assert _lines(exported, "K30418") == [("TNT-2-NY", 1), ("SB-SU-R", 2), ("STV-GAS", 1)]


@pytest.mark.parametrize(("texts", "words"), [
    (["I want to return the perfume from HB-26-004417", "do I need to send it back in the original box?", "yes"],
     "Shall I go ahead"),
    (["HB-26-004417 的香水想退", "退回运费谁出？", "好的"], "还要为您办理"),
])
async def test_a_policy_question_at_a_return_confirmation_is_answered_and_the_return_kept(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], words: str) -> None:
    out, exported = await replay(settings, BEAUTY, "web:mia", texts, tmp_path / "c.db")
    first = out[0]["reply"]
    assert out[1]["reply"] != first and words in out[1]["reply"]
    assert out[1]["trace"]["flow"] == {"name": "return_request", "step": "confirm"}
    made = [r for r in exported["returns"] if r["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("EDP-VAN-50", 2)]


# -- class 7: a second option dimension corrected inside an open confirmation -----------------------------
@pytest.mark.parametrize(("texts", "shop", "user", "order_id", "swaps"), [
    (["K30418 的睡袋换成冬季的", "再改成加长的", "确认"], OUTDOOR, "web:ola", "K30418",
     [{"sku": "SB-SU-R", "qty": 2, "new_sku": "SB-WI-L"}]),
    (["For HB-26-004502 can the candles be lavender instead of fig", "and large please", "yes"], BEAUTY, "web:mia",
     "HB-26-004502", [{"sku": "CDL-FIG-S", "qty": 2, "new_sku": "CDL-LAV-L"}]),
])
async def test_a_second_dimension_at_a_line_change_confirmation_keeps_the_first(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], shop: Path, user: str, order_id: str,
        swaps: list[dict]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"] == {"name": "modify_order", "step": "confirm"} and not _writes(out[:2])
    assert _writes(out) == [("change_items", {"order_id": order_id, "swaps": swaps, "payment_method_id": None})]


@pytest.mark.parametrize(("texts", "shop", "user", "order_id", "sku", "new_sku"), [
    (["I want to exchange one of the two sleeping bags from K30311 for the long one", "actually summer season too", "yes"],
     OUTDOOR, "web:ola", "K30311", "SB-WI-R", "SB-SU-L"),
    (["exchange one of the two perfumes from HB-26-004417 for cedar", "make it 30ml as well", "yes"], BEAUTY, "web:mia",
     "HB-26-004417", "EDP-VAN-50", "EDP-CED-30"),
])
async def test_a_second_dimension_at_an_exchange_keeps_the_first_and_the_one_unit(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], shop: Path, user: str, order_id: str,
        sku: str, new_sku: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    made = [e for e in exported["exchanges"] if e["order_id"] == order_id]
    assert len(made) == 1 and [(i["sku"], i["new_sku"], i["qty"]) for i in made[0]["items"]] == [(sku, new_sku, 1)]
    assert [w for w, _ in _writes(out)] == ["create_exchange"]


async def test_zh_the_refund_amount_asked_at_a_partial_return(settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, MUSIC, "telegram:8801", ["A-0001-Z 的松香两盒退一盒", "退多少钱？", "好的"],
                                 tmp_path / "c.db")
    assert "9.80" in out[1]["reply"] and "还要为您办理" in out[1]["reply"]
    made = [r for r in exported["returns"] if r["order_id"] == "A-0001-Z"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("ROSIN-1", 1)]


@pytest.mark.parametrize(("texts", "shop", "user", "order_id", "write"), [
    (["please change the address of K30418 to 5 Elm Street, Leeds LS1 4AB", "when will it ship?", "yes"], OUTDOOR,
     "web:ola", "K30418", "change_address"),
    (["A-0002-K 的尤克里里换成 soprano", "什么时候发货？", "好的"], MUSIC, "telegram:8801", "A-0002-K", "change_items"),
])
async def test_when_it_ships_asked_at_a_confirmation_is_the_orders_status(settings: Any, tmp_path: Path, models: Any,
                                                                          texts: list[str], shop: Path, user: str,
                                                                          order_id: str, write: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert order_id in out[1]["reply"].split("\n")[0] and out[1]["reply"] != out[0]["reply"]
    assert out[1]["trace"]["flow"]["step"] == "confirm" and not _writes(out[:2])
    assert [w for w, _ in _writes(out)] == [write]


@pytest.mark.parametrize(("texts", "shop", "user"), [
    (["I want to return the poles from K30311", "cancel the whole thing", "yes"], OUTDOOR, "web:ola"),
    (["HB-26-004417 的香水想退", "算了，整个都取消", "确认"], BEAUTY, "web:mia"),
])
async def test_cancel_the_whole_thing_at_a_return_drops_it_and_cancels_no_other_order(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], shop: Path, user: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "aborted"
    assert _writes(out) == []


@pytest.mark.parametrize(("texts", "shop", "user", "price", "order_id", "swaps"), [
    (["On K30418 change the tent to polyester", "is the 3-person one more expensive?", "yes"], OUTDOOR, "web:ola",
     "3-person, fabric polyester", "K30418", [{"sku": "TNT-2-NY", "qty": 1, "new_sku": "TNT-2-PE"}]),
    (["HB-26-004502 的蜡烛换成 lavender", "大号的贵吗？", "好的"], BEAUTY, "web:mia", "大号", "HB-26-004502",
     [{"sku": "CDL-FIG-S", "qty": 2, "new_sku": "CDL-LAV-S"}]),
])
async def test_another_versions_price_is_answered_beside_the_proposal_and_the_proposal_kept(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], shop: Path, user: str, price: str, order_id: str,
        swaps: list[dict]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert price in out[1]["reply"].split("\n")[0] and out[1]["trace"]["flow"]["step"] == "confirm"
    assert _writes(out) == [("change_items", {"order_id": order_id, "swaps": swaps, "payment_method_id": None})]


@pytest.mark.parametrize("texts", [["On K30418 change the tent to polyester", "where is my order K30419?",
                                    "thanks, that's all"],
                                   ["K30418 的帐篷换成 polyester 的", "K30419 到哪了？", "谢谢，不用了"]])
async def test_thanks_after_a_change_offered_back_writes_nothing(settings: Any, tmp_path: Path, models: Any,
                                                                 texts: list[str]) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", texts, tmp_path / "c.db")
    assert out[2]["trace"]["flow"]["step"] != "clarify" and not _writes(out)


@pytest.mark.parametrize(("texts", "shop", "user"), [
    (["On K30418 change the tent to polyester", "is the polyester one waterproof?", "yes"], OUTDOOR, "web:ola"),
    (["W7096158 的夹克换成 L 码", "这件怎么洗？", "好的"], EN_DEMO, "web:ava"),
])
async def test_a_product_question_the_shop_cannot_answer_is_said_so_and_the_change_kept(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], shop: Path, user: str) -> None:
    from bot.lang import replies as R
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert R.fallback("en") not in out[1]["reply"] and R.fallback("zh") not in out[1]["reply"]
    assert out[1]["trace"]["flow"]["step"] == "confirm" and not _writes(out[:2])
    assert [w for w, _ in _writes(out)] == ["change_items"]


# -- taking back the option (not the line) at a confirmation ------------------------------------------------
@pytest.mark.parametrize("texts", [["On K30418 change the tent to polyester", "I don't want the tent in polyester after all"],
                                   ["K30418 的帐篷换成 polyester 的", "帐篷不要 polyester 了"]])
async def test_taking_back_the_only_option_change_removes_nothing(settings: Any, tmp_path: Path, models: Any,
                                                                  texts: list[str]) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "aborted" and not _writes(out)
    assert _lines(exported, "K30418") == [("TNT-2-NY", 1), ("SB-SU-R", 2), ("STV-GAS", 1)]


async def test_taking_back_one_option_change_keeps_the_other_line_of_the_change_set(settings: Any, tmp_path: Path,
                                                                                   models: Any) -> None:
    out, exported = await replay(settings, OUTDOOR, "web:ola", ["On K30418 change the tent to polyester and drop the stove",
                                                                "I don't want the tent in polyester after all", "yes"],
                                 tmp_path / "c.db")
    assert _writes(out) == [("change_items", {"order_id": "K30418", "payment_method_id": None,
                                              "swaps": [{"sku": "STV-GAS", "qty": 0, "new_sku": "STV-GAS"}]})]
    assert _lines(exported, "K30418") == [("TNT-2-NY", 1), ("SB-SU-R", 2)]


# -- a yes to the one version offered after a stock answer --------------------------------------------------
@pytest.mark.parametrize("texts", [["I want to exchange the perfume from HB-26-004417 for cedar", "yes", "yes"],
                                   ["HB-26-004417 的香水想换成 cedar 的", "好的", "确认"]])
async def test_a_yes_to_the_only_version_offered_picks_it(settings: Any, tmp_path: Path, models: Any,
                                                          texts: list[str]) -> None:
    out, exported = await replay(settings, BEAUTY, "web:mia", texts, tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["step"] == "ask_wanted" and "30ml" in out[0]["reply"]
    assert out[1]["trace"]["flow"]["step"] == "confirm" and not _writes(out[:2])
    made = [e for e in exported["exchanges"] if e["order_id"] == "HB-26-004417"]
    assert len(made) == 1 and [(i["sku"], i["new_sku"]) for i in made[0]["items"]] == [("EDP-VAN-50", "EDP-CED-30")]
