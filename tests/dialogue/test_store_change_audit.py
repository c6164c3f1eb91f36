"""Store-change audit on a shop the code was never written for (GBP outdoor gear; options berth /
fabric / season / fit / fuel / length; ids K30418; card, bank transfer and cash on delivery):
whole conversations through the real pipeline, and every write checked exactly — which line,
how many units, which option — in the exported store, plus that nothing else was written."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_conversation_corrections import _acted, _order, replay

SHOP = Path(__file__).with_name("data") / "outdoor_shop_gbp.json"
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange")
ORIGINAL = [("TNT-2-NY", 1), ("SB-SU-R", 2), ("STV-GAS", 1)]


def _lines(shop: dict[str, Any], order_id: str) -> list[tuple[str, int]]:
    return [(i["sku"], int(i["qty"])) for i in _order(shop, order_id)["items"]]


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


async def _talk(settings: Any, tmp_path: Path, texts: list[str], user: str = "web:ola"
                ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    return await replay(settings, SHOP, user, texts, tmp_path / "audit.db")


# -- class 1: change one line and drop another; keep one, add another; remove one ------------------
async def test_option_change_and_a_removal_in_one_message_do_both(settings: Any, tmp_path: Path,
                                                                   models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["On order K30418 please change the tent to polyester and drop the stove",
                                                 "yes"])
    assert "polyester" in out[0]["reply"] and "remove" in out[0]["reply"].lower()
    assert _writes(out) == ["change_items"]
    assert _order(shop, "K30418")["status"] == "paid"
    assert _lines(shop, "K30418") == [("TNT-2-PE", 1), ("SB-SU-R", 2)]


async def test_zh_option_change_and_a_removal_in_one_message_do_both(settings: Any, tmp_path: Path,
                                                                      models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30418 的帐篷换成 polyester 的，露营炉不要了", "确认"])
    assert "去掉" in out[0]["reply"] and "露营炉" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-PE", 1), ("SB-SU-R", 2)]


async def test_keeping_one_line_and_adding_a_unit_of_another(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30418: keep the tent as is and add another sleeping bag", "yes"])
    assert "2 → 3" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-NY", 1), ("SB-SU-R", 3), ("STV-GAS", 1)]


async def test_removing_one_line_names_the_money_back_and_keeps_the_order(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["remove the stove from K30418", "yes"])
    assert "£35.00 back" in out[0]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-NY", 1), ("SB-SU-R", 2)]


async def test_removing_a_line_of_a_shipped_order_points_to_a_return(settings: Any, tmp_path: Path,
                                                                     models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["please remove the stove from order K30419"])
    reply = out[0]["reply"]
    assert "already shipped" in reply and "return" in reply and "address" not in reply
    assert _writes(out) == [] and _lines(shop, "K30419") == [("POL-110", 2), ("STV-MF", 1)]


# -- class 2: a partial return, negation, and the switch to an exchange ----------------------------
async def test_return_one_of_two_while_the_other_item_stays(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["I want to return one of the two sleeping bags from K30311, the poles stay",
                                                 "yes"])
    made = [r for r in shop["returns"] if r["order_id"] == "K30311"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", 1)]
    assert _writes(out) == ["create_return"]


async def test_zh_return_one_of_two_the_poles_are_fine(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30311 的两个睡袋退一个，登山杖没问题", "对"])
    made = [r for r in shop["returns"] if r["order_id"] == "K30311"]
    assert len(made) == 1 and [(i["sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", 1)]


async def test_switching_a_partial_return_to_an_exchange_keeps_the_count(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, [
        "I want to return one of the two sleeping bags from K30311, the poles are fine",
        "actually can I exchange it for the long one instead", "yes"])
    assert not shop["returns"]
    made = [e for e in shop["exchanges"] if e["order_id"] == "K30311"]
    assert len(made) == 1
    assert [(i["sku"], i["new_sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", "SB-WI-L", 1)]
    assert _writes(out) == ["create_exchange"]


async def test_exchange_option_named_in_a_follow_up_is_that_option_for_one_unit(settings: Any, tmp_path: Path,
                                                                                 models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["I'd like to exchange a sleeping bag from K30311",
                                                 "the long one, same season", "yes"])
    made = [e for e in shop["exchanges"] if e["order_id"] == "K30311"]
    assert [(i["sku"], i["new_sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", "SB-WI-L", 1)]


# -- class 3: a question, "never mind", a correction at the confirmation ------------------------------
async def test_a_price_question_at_the_confirmation_is_answered_not_taken_as_yes(settings: Any, tmp_path: Path,
                                                                                models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["can I change the tent on K30418 to the 3-person one",
                                                 "how much extra?", "yes"])
    assert not _acted(out[:2], "change_items")
    assert "£30.00 more" in out[1]["reply"] and "?" in out[1]["reply"]
    assert _lines(shop, "K30418")[0] == ("TNT-3-NY", 1)


async def test_zh_price_question_at_the_confirmation_is_not_a_yes(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30418 帐篷改成 3-person 的", "要补多少钱？", "确认"])
    assert not _acted(out[:2], "change_items")
    # the difference answered and the confirmation still open (asked again in the side-question wording)
    assert "30.00" in out[1]["reply"] and out[1]["trace"]["flow"]["step"] == "confirm"
    assert _lines(shop, "K30418")[0] == ("TNT-3-NY", 1)


async def test_never_mind_and_forget_it_change_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    for n, no in enumerate(("never mind", "forget it")):
        out, shop = await replay(settings, SHOP, "web:ola", ["change the tent on K30418 to polyester", no],
                                 tmp_path / f"nm{n}.db")
        assert _writes(out) == [] and _lines(shop, "K30418") == ORIGINAL


async def test_actually_make_it_corrects_the_pending_option(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["change the tent on K30418 to polyester",
                                                 "actually make it 3-person nylon", "yes"])
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418")[0] == ("TNT-3-NY", 1)


# -- classes 4 and 5: several changes, in one message or in consecutive turns ------------------------
async def test_changes_in_consecutive_turns_are_all_confirmed_and_made(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["change the tent on K30418 to polyester",
                                                 "and only one sleeping bag please", "yes"])
    assert "polyester" in out[1]["reply"] and "2 → 1" in out[1]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-PE", 1), ("SB-SU-R", 1), ("STV-GAS", 1)]


async def test_two_option_changes_with_a_quantity_in_one_message(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, [
        "change the tent on K30418 to 3-person and make it 2 sleeping bags long instead of regular", "yes"])
    assert _lines(shop, "K30418") == [("TNT-3-NY", 1), ("SB-SU-L", 2), ("STV-GAS", 1)]


# -- classes 6 and 7: payment methods of this shop; a cancel stays a cancel ---------------------------
async def test_payment_change_to_the_method_named(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["can I pay K30418 by bank transfer instead", "yes"])
    assert "bank transfer" in out[0]["reply"]
    assert _order(shop, "K30418")["payment_method_id"] == "pm-ola-bank"
    assert _writes(out) == ["change_payment"]


async def test_zh_payment_change_to_cash_on_delivery(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30418 改成货到付款", "是的"])
    assert _order(shop, "K30418")["payment_method_id"] == "pm-ola-cod"
    assert _lines(shop, "K30418") == ORIGINAL


async def test_a_cancel_that_mentions_the_payment_is_a_cancel(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["I want to cancel K30418, I paid by card", "yes"])
    assert _writes(out) == ["cancel_order"]
    assert _order(shop, "K30418")["status"] == "cancelled"
    assert _order(shop, "K30418")["payment_method_id"] == "pm-ola-card"


async def test_a_line_change_without_the_usual_verbs_is_still_a_line_change(settings: Any, tmp_path: Path,
                                                                            models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["on K30418 the stove can go, and the tent in polyester please", "yes"])
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-PE", 1), ("SB-SU-R", 2)]


async def test_an_option_and_a_new_count_of_one_line(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["I'd like to change the sleeping bags on K30418 to long, 3 of them",
                                                 "yes"])
    assert _lines(shop, "K30418") == [("TNT-2-NY", 1), ("SB-SU-L", 3), ("STV-GAS", 1)]


async def test_zh_keep_the_original_at_the_confirmation_is_a_no(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30418 的帐篷换成 3-person 的", "还是保持原样吧"])
    assert "没有做任何修改" in out[1]["reply"]
    assert _writes(out) == [] and _lines(shop, "K30418") == ORIGINAL


async def test_payment_then_address_in_consecutive_turns_are_both_made_on_one_yes(settings: Any, tmp_path: Path,
                                                                                models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["can I pay K30418 by bank transfer instead",
                                                 "and please ship it to 5 Elm Street, York YO1 7HH", "yes"])
    assert "bank transfer" in out[1]["reply"] and "both" in out[1]["reply"]
    assert sorted(_writes(out)) == ["change_address", "change_payment"]
    order = _order(shop, "K30418")
    assert order["payment_method_id"] == "pm-ola-bank" and "Elm Street" in order["shipping_address"]
    assert _lines(shop, "K30418") == ORIGINAL


async def test_the_other_value_of_a_named_dimension_in_a_follow_up(settings: Any, tmp_path: Path,
                                                                   models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["I'd like to exchange one of the sleeping bags from K30311",
                                                 "the other season, same fit", "yes"])
    made = [e for e in shop["exchanges"] if e["order_id"] == "K30311"]
    assert [(i["sku"], i["new_sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", "SB-SU-R", 1)]


async def test_zh_the_other_fit_same_season(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30311 的睡袋想换一个", "换个版型，季节一样的", "确认"])
    assert "睡袋" in out[1]["reply"]
    made = [e for e in shop["exchanges"] if e["order_id"] == "K30311"]
    assert [(i["sku"], i["new_sku"], i["qty"]) for i in made[0]["items"]] == [("SB-WI-R", "SB-WI-L", 1)]


async def test_the_other_option_of_an_unshipped_line_is_an_item_change(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["on K30418 I want the other fabric for the tent", "yes"])
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30418") == [("TNT-2-PE", 1), ("SB-SU-R", 2), ("STV-GAS", 1)]


async def test_a_line_named_by_its_option_value_is_removed(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["on K30501 remove the 130cm ones", "yes"], user="web:sam")
    assert "£80.00 back" in out[0]["reply"]
    assert _lines(shop, "K30501") == [("TNT-3-PE", 1)]


async def test_zh_a_count_for_another_line_joins_the_pending_option_change(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["K30501 帐篷换成 nylon 的", "那登山杖也只要一根", "确认"], user="web:sam")
    assert "尼龙" in out[1]["reply"] and "2 → 1" in out[1]["reply"]
    assert _writes(out) == ["change_items"]
    assert _lines(shop, "K30501") == [("TNT-3-NY", 1), ("POL-130", 1)]


async def test_forget_it_inside_a_question_of_the_flow_ends_it(settings: Any, tmp_path: Path, models: Any) -> None:
    for n, texts in enumerate((["I'd like to exchange one of the sleeping bags from K30311", "ok forget it then"],
                               ["K30311 的睡袋想换一个", "不换了"],
                               ["I need to change something on the tent in K30418", "no, keep it as it is"])):
        out, shop = await replay(settings, SHOP, "web:ola", texts, tmp_path / f"f{n}.db")
        assert out[1]["trace"]["flow"]["step"] == "aborted", out[1]["reply"]
        assert _writes(out) == [] and not shop["exchanges"] and _lines(shop, "K30418") == ORIGINAL


async def test_does_it_come_in_at_the_confirmation_answers_and_asks_again(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, shop = await _talk(settings, tmp_path, ["change K30418's tent to the 3-person one",
                                                 "does it come in polyester?", "yes"])
    assert out[1]["reply"].startswith("Yes, it comes in that version.") and "polyester" in out[1]["reply"]
    assert not _acted(out[:2], "change_items")
    assert _lines(shop, "K30418")[0] == ("TNT-3-PE", 1)
