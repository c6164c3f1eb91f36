"""facts14b (#13, regression of round 1): who moves the faulty item in a warranty claim comes from
the shop's own warranty pages — a pickup only where the pages offer a collection, the pages' own
sentence for a customer abroad, never "a colleague will arrange the pickup" assumed."""
from __future__ import annotations

from bot.dialogue import warranty_ship as WS
from bot.knowledge import KnowledgeBase, Snippet

HK_EN = ("To claim, send us the order number and a photo. In Hong Kong our courier collects the item from your door. "
         "Customers outside Hong Kong post the item to our service centre at their own cost.")
HK_ZH = "申请保修请发订单号和照片。香港地区由本店安排上门取件。香港以外的客户请自行寄回维修中心，运费自付。"
LABEL = "We check it and send you a free return label to our service centre. Repair takes 7–10 days."


def _kb(*pages: tuple[str, str, str]) -> KnowledgeBase:
    return KnowledgeBase([Snippet(sid, "Warranty", text, 0.0, lang, ("warranty",)) for sid, lang, text in pages]
                         + [Snippet("returns-en", "Returns", "We collect returns for free.", 0.0, "en", ("returns",))])


def test_pages_are_the_warranty_pages_in_the_customer_language() -> None:
    kb = _kb(("w-en", "en", HK_EN), ("w-zh", "zh", HK_ZH))
    assert WS.pages(kb, "zh") == [HK_ZH] and WS.pages(kb, "en") == [HK_EN]
    assert WS.pages(_kb(("w-en", "en", HK_EN)), "zh") == [HK_EN]      # English when no page in the language
    assert WS.pages(None, "en") == []


def test_collection_offered_only_when_the_warranty_pages_say_so() -> None:
    assert WS.collection_offered([HK_EN]) and WS.collection_offered([HK_ZH])
    # a return label is the customer sending it, and the returns page's collection is not the warranty's
    assert not WS.collection_offered(WS.pages(_kb(("w-en", "en", LABEL)), "en"))


def test_abroad_sentence_read_from_the_page() -> None:
    assert WS.abroad_sentence([HK_EN]) == "Customers outside Hong Kong post the item to our service centre at their own cost."
    assert WS.abroad_sentence([HK_ZH]) == "香港以外的客户请自行寄回维修中心，运费自付。"
    assert WS.abroad_sentence([LABEL]) == ""


def test_customer_abroad_by_words_or_by_another_place_than_home() -> None:
    s = WS.abroad_sentence([HK_EN])
    assert WS.customer_abroad(["I moved to Canada, please arrange the pickup"], s)
    assert WS.customer_abroad(["我而家人在海外，可唔可以上门取件"], s)
    assert WS.customer_abroad(["I'm overseas at the moment"], "")
    assert not WS.customer_abroad(["I'm in Hong Kong, please book the pickup"], s)
    assert not WS.customer_abroad(["please book the pickup"], s)


def test_send_sentence_is_how_the_item_travels() -> None:
    assert WS.send_sentence([LABEL]) == "We check it and send you a free return label to our service centre."
    assert WS.send_sentence(["Repair takes 7–10 days."]) == ""


# Flow steps on the demo English shop, its warranty pages replaced by a Hong Kong shop's.
import dataclasses  # noqa: E402

from bot.dialogue.commands import Command  # noqa: E402
from bot.dialogue.flows import warranty  # noqa: E402
from tests.dialogue.conftest import Env  # noqa: E402


async def _claim(en_shop: Env, text: str, kb: KnowledgeBase) -> str:
    fc = await en_shop.ctx("discord:880055667788", text, Command("start_flow", {"flow": "warranty"}),
                           Command("set_slot", {"order_id": "#W5158108"}))
    fc = dataclasses.replace(fc, knowledge=kb) if dataclasses.is_dataclass(fc) else fc
    if not dataclasses.is_dataclass(fc):
        fc.knowledge = kb
    frame = fc.state.start("warranty", order_id="#W5158108")
    out = await warranty.run(fc, frame)
    assert out.step == "done" and en_shop.actions("create_ticket")
    return out.answer


async def test_step_claim_abroad_gets_the_page_sentence_not_a_pickup(en_shop: Env) -> None:
    answer = await _claim(en_shop, "I moved to Canada, please book the warranty pickup", _kb(("w-en", "en", HK_EN)))
    assert "Customers outside Hong Kong post the item" in answer and "arrange the pickup" not in answer


async def test_step_claim_at_home_where_the_shop_collects_gets_the_pickup(en_shop: Env) -> None:
    answer = await _claim(en_shop, "ok please book the warranty pickup", _kb(("w-en", "en", HK_EN)))
    assert "arrange the pickup" in answer and "outside Hong Kong" not in answer
