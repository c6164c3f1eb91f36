"""A yes to what the bot proposed does it, a no drops it; a negation scopes the action it
precedes; a changed mind is a new value (issue #13, round 2, r2-yes). Whole conversations on
three shops (GBP outdoor gear, EUR beauty, the English demo), every write checked exactly."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.core.settings import PROJECT_ROOT
from bot.dialogue import negation
from bot.dialogue.classic import flow_for
from tests.test_conversation_corrections import replay

DATA = Path(__file__).with_name("data")
OUTDOOR = DATA / "outdoor_shop_gbp.json"
BEAUTY = DATA / "beauty_shop_eur.json"
EN_DEMO = PROJECT_ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange",
          "create_ticket")


def _writes(out: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
    return [(a["name"], a["args"]) for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _names(out: list[dict[str, Any]]) -> list[str]:
    return [n for n, _ in _writes(out)]


# -- per step: which actions a message asks for and which it rules out -------------------------------
@pytest.mark.parametrize(("text", "asked", "ruled"), [
    ("the headphones crackle, I want a refund, not a replacement", ["return_request"], ["exchange_request"]),
    ("耳机有杂音 不要换货 退款", ["return_request"], ["exchange_request"]),
    ("I'd rather get my money back than an exchange", ["return_request"], []),
    ("no exchange please just refund", ["return_request"], ["exchange_request"]),
    ("我不想退货，换个新的吧", ["exchange_request"], ["return_request"]),
    ("poles snapped. no refund needed, just send me a new pair", ["exchange_request"], ["return_request"]),
    ("dont cancel it pls", [], ["cancel_order"]),
    ("先别取消 我再想想", [], ["cancel_order"]),
    ("cancel it", ["cancel_order"], []),
    ("please return it", ["return_request"], []),
])
def test_what_a_message_asks_for_and_rules_out(text: str, asked: list[str], ruled: list[str]) -> None:
    got_asked, got_ruled = negation.polarity(text)
    assert got_asked[:len(asked)] == asked and set(ruled) <= set(got_ruled)


@pytest.mark.parametrize(("intent", "text", "flow"), [
    ("exchange_request", "I want a refund, not a replacement", "return_request"),
    ("delivery_issue", "K30311 睡袋拉链坏了 不要换货 直接退款", "return_request"),
    ("return_request", "don't refund me, exchange it please", "exchange_request"),
    ("cancel_order", "先别取消K30418", None),
    ("cancel_order", "don't cancel K30418 i still want it", None),
    ("cancel_order", "cancel K30418 please", "cancel_order"),
])
def test_a_ruled_out_action_is_never_the_flow(intent: str, text: str, flow: str | None) -> None:
    orders = [{"id": "K30418", "status": "paid", "items": []}, {"id": "K30311", "status": "delivered", "items": []}]
    assert flow_for(intent, text, orders)[0] == flow


# -- class 1: a yes to a proposal executes it, a no drops it -----------------------------------------
@pytest.mark.parametrize(("texts", "shop", "user", "writes"), [
    # a change asked on a delivered order: an exchange offered, the yes starts it, the next yes makes it
    (["can i change the poles on K30311 to the 110cm ones", "sure", "yes"], OUTDOOR, "web:ola",
     [("create_exchange", "K30311", "POL-130", "POL-110")]),
    (["K30311 的登山杖能改成110cm的吗", "行", "确认"], OUTDOOR, "web:ola",
     [("create_exchange", "K30311", "POL-130", "POL-110")]),
    # (the large fig candle is sold out: the small one offered, then taken)
    (["hey can I change the candle on HB-26-004417 to the fig one", "ok do it", "yes", "yes"],
     BEAUTY, "web:mia", [("create_exchange", "HB-26-004417", "CDL-LAV-L", "CDL-FIG-S")]),
    # the offer refused: nothing written
    (["can i change the poles on K30311 to the 110cm ones", "no thanks"], OUTDOOR, "web:ola", []),
    (["HB-26-004417 的蜡烛能换成无花果的吗", "不用了"], BEAUTY, "web:mia", []),
    # a colleague offered after a warranty answer: the yes hands it on
    # (the hand-off case is filed on the order the conversation was about)
    (["my skillet from W7624894 cracked, is it under warranty?", "sure"], EN_DEMO, "web:ava",
     [("create_ticket", "#W7624894", None, None)]),
    (["W7624894 的煎锅裂了，有保修吗", "没问题"], EN_DEMO, "web:ava", [("create_ticket", "#W7624894", None, None)]),
    # a return offered after a policy answer
    (["what's your return policy for sleeping bags?", "yes please", "yes"], OUTDOOR, "web:ola",
     [("create_return", "K30311", "SB-WI-R", None)]),
])
async def test_a_yes_to_a_proposal_does_it(texts: list[str], shop: Path, user: str, writes: list[tuple],
                                           settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    got = []
    for name, args in _writes(out):
        items = args.get("items") or [{}]
        got.append((name, args.get("order_id"), args.get("sku") or items[0].get("sku"),
                    args.get("new_sku")))
    assert got == writes


# -- class 2: a negation scopes the action and the items ---------------------------------------------
@pytest.mark.parametrize(("texts", "shop", "user", "writes"), [
    (["the headphones from W9024138 crackle, I want a refund, not a replacement", "yes"], EN_DEMO, "web:ava",
     [("create_return", "#W9024138", ["HP700-BLK-BT"])]),
    (["hi, I'd rather get my money back than an exchange for the W9024138 headphones, they keep cutting out",
      "go ahead"], EN_DEMO, "web:ava", [("create_return", "#W9024138", ["HP700-BLK-BT"])]),
    (["K30311 睡袋拉链坏了 不要换货 直接退款", "好的"], OUTDOOR, "web:ola", [("create_return", "K30311", ["SB-WI-R"])]),
    (["K30311 poles snapped. no refund needed, just send me a new pair", "yes"], OUTDOOR, "web:ola",
     [("create_exchange", "K30311", ["POL-130"])]),
    (["HB-26-004417 蜡烛有裂纹 我不想退货 换个新的", "确认"], BEAUTY, "web:mia",
     [("create_exchange", "HB-26-004417", ["CDL-LAV-L"])]),
    (["W9024138 headphones are fine but the bottles leak, return them", "yes"], EN_DEMO, "web:ava",
     [("create_return", "#W9024138", ["BTL-32-BLK-ST"])]),
    (["please don't cancel K30418 i still want it", "yes"], OUTDOOR, "web:ola", []),
    (["先别取消 HB-26-004502，我再考虑一下", "好"], BEAUTY, "web:mia", []),
    (["dont cancel W7096158 pls", "ok"], EN_DEMO, "web:ava", []),
])
async def test_a_negation_scopes_the_action(texts: list[str], shop: Path, user: str, writes: list[tuple],
                                            settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    got = [(n, a.get("order_id"), sorted(i["sku"] for i in a.get("items") or [{"sku": a.get("sku")}]))
           for n, a in _writes(out)]
    assert got == writes


# -- class 3: a changed mind is the new value --------------------------------------------------------
@pytest.mark.parametrize(("texts", "shop", "user", "order_id", "swap"), [
    (["K30418 change the tent to polyester", "actually no, make it the 3-person one", "yes"], OUTDOOR, "web:ola",
     "K30418", ("TNT-2-NY", "TNT-3-PE")),
    (["K30418 的帐篷换成 polyester 的", "算了还是改成3人的吧", "确认"], OUTDOOR, "web:ola", "K30418",
     ("TNT-2-NY", "TNT-3-PE")),
    (["HB-26-004502 change the extensions to 60cm", "hmm no, 40cm instead", "yes"], BEAUTY, "web:mia",
     "HB-26-004502", ("EXT-50-BRN", "EXT-40-BRN")),
    (["HB-26-004502 的接发换成60cm的", "不对 还是要40cm的", "好的"], BEAUTY, "web:mia", "HB-26-004502",
     ("EXT-50-BRN", "EXT-40-BRN")),
    # a value kept at what the line has ("keep nylon") takes back what was asked for that dimension
    (["K30418 change the tent to polyester", "hmm on second thought, keep nylon but the 3-person", "yes"], OUTDOOR,
     "web:ola", "K30418", ("TNT-2-NY", "TNT-3-NY")),
    (["HB-26-004502 change the extensions to black", "wait no — keep brown, 60cm instead", "yes"], BEAUTY,
     "web:mia", "HB-26-004502", ("EXT-50-BRN", "EXT-60-BRN")),
    (["K30418 的帐篷换成 polyester 的", "算了 还是尼龙的 但要3人的", "确认"], OUTDOOR, "web:ola", "K30418",
     ("TNT-2-NY", "TNT-3-NY")),
])
async def test_a_changed_mind_is_the_new_value(texts: list[str], shop: Path, user: str, order_id: str,
                                               swap: tuple[str, str], settings: Any, tmp_path: Path,
                                               models: Any) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    writes = _writes(out)
    assert [n for n, _ in writes] == ["change_items"]
    args = writes[0][1]
    assert args["order_id"] == order_id
    assert [(s["sku"], s["new_sku"]) for s in args["swaps"] if s["sku"] != s["new_sku"]] == [swap]
