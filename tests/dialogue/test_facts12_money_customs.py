"""facts12: payment, refund, customs and invoice answers that say everything the customer needs.

A hold on an unpaid order is explained (nothing captured) without a billing case; a cancelled
order with no refund says what is owed, where, how long, and offers a chase; a refund sent long
ago says by when it should have arrived and how to trace it; a customs hold on a domestic route
says there is no customs and nothing to pay and opens the inquiry at once, one abroad gets the
shop's customs rule and the route's normal time and no carrier case; invoice titles keep the
company name and its tax id. Both demo shops (zh/CNY, en/USD) and a generated shop."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import invoice_company, refund_facts
from bot.dialogue.flows import invoice
from bot.dialogue.state import Frame
from bot.knowledge import KnowledgeBase
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, replay

EN_SHOP = DEMO_SHOP.parent / "demo_shop_en.json"


def _acted(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name]


# ---- unit: titles, tax ids, damage + invoice -----------------------------------------------------
@pytest.mark.parametrize("text,name", [
    ("invoice for sg-4535-mm. Lim Trading Pte Ltd please", "Lim Trading Pte Ltd"),
    ("invoice for AB-7781-QZ. Kestrel Goods Ltd", "Kestrel Goods Ltd"),
    ("the title should be just Acme Widgets LLC", "Acme Widgets LLC"),
    ("抬头改成 就是杭州星辰科技有限公司", "杭州星辰科技有限公司"),
    ("抬头写 那个杭州星辰科技有限公司 谢谢", "杭州星辰科技有限公司"),
])
def test_the_company_title_is_read_without_filler_or_id_fragments(text: str, name: str) -> None:
    assert invoice.company_name(text) == name


def test_a_tax_id_sent_alone_completes_the_title_instead_of_replacing_it() -> None:
    frame = Frame("invoice", slots={"title": "Acme Widgets LLC", "title_shown": "Acme Widgets LLC"})
    assert invoice._merged(frame, "12-3456789", "12-3456789") == ("Acme Widgets LLC / 12-3456789",) * 2
    frame = Frame("invoice", slots={"title": "Acme Widgets / 12-3456789", "title_shown": "Acme Widgets / 12-3456789"})
    assert invoice._merged(frame, "Acme Widgets LLC", "Acme Widgets LLC")[0] == "Acme Widgets LLC / 12-3456789"
    assert invoice._merged(Frame("invoice"), "12-3456789", "12-3456789") == ("12-3456789", "12-3456789")


@pytest.mark.parametrize("text,clause", [
    ("the lamp arrived cracked, and I also need an invoice for the order", "need an invoice for the order"),
    ("台灯收到就碎了，另外帮我开个发票", "帮我开个发票"),
])
def test_damage_and_invoice_in_one_message_queue_the_invoice(text: str, clause: str) -> None:
    assert invoice_company.damage_and_invoice(text, ["invoice"]) == clause
    assert invoice_company.damage_and_invoice(text, ["invoice", "delivery_issue"]) is None
    assert invoice_company.damage_and_invoice("I need an invoice please", ["invoice"]) is None


def _kb_with_fee(tmp: Path) -> KnowledgeBase:
    for lang, body in (("en", "Returns are free if the item is faulty. A change-of-mind return costs a flat "
                              "EUR 4 return fee, deducted from the refund."),
                       ("zh", "商品有质量问题退货免费。无理由退货收取 4 欧元退货费，从退款中扣除。")):
        (tmp / lang).mkdir(parents=True, exist_ok=True)
        (tmp / lang / "returns.md").write_text(f"---\nid: ret-{lang}\ntitle: Returns\nlang: {lang}\n"
                                               f"tags: [returns, refund]\nproducts: []\n---\n{body}\n", encoding="utf-8")
        for n, other in enumerate(("Parcels leave the depot within two days.", "Opening hours are nine to five.",
                                   "配送一般需要三天。", "客服工作时间九点到五点。")):
            (tmp / lang / f"other{n}.md").write_text(f"---\nid: o{n}-{lang}\ntitle: Other {n}\nlang: {lang}\n"
                                                     f"tags: [other]\nproducts: []\n---\n{other}\n", encoding="utf-8")
    return KnowledgeBase.load(tmp)


class _FC:
    def __init__(self, kb: KnowledgeBase, lang: str) -> None:
        self.knowledge, self.lang = kb, lang


@pytest.mark.parametrize("lang,word", [("en", "EUR 4 return fee"), ("zh", "4 欧元退货费")])
def test_the_change_of_mind_return_fee_is_the_shops_sentence(lang: str, word: str, tmp_path: Path) -> None:
    fc: Any = _FC(_kb_with_fee(tmp_path), lang)
    assert word in refund_facts.return_fee(fc, "changed my mind")
    assert refund_facts.return_fee(fc, "it arrived broken") == ""
    assert refund_facts.return_fee(fc, "坏了") == ""


# ---- conversations: demo shops -----------------------------------------------------------------
@pytest.mark.parametrize("shop,user,text,words", [
    (EN_SHOP, "slack:U07NOAH", "there's a charge on my paypal for order #W1722178 but it still says pending, did you "
                               "take my money?", ("authorisation hold", "not been charged")),
    (DEMO_SHOP, "feishu:ou_7f3a9c2e1b8d", "订单SO202611270438还显示待付款，可我微信那边已经扣了一笔钱？",
     ("预授权冻结", "不是实际扣款")),
])
async def test_a_hold_on_an_unpaid_order_is_explained_without_a_case(shop: Path, user: str, text: str,
                                                                     words: tuple[str, ...], settings: Any,
                                                                     tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, shop, user, [text], tmp_path / "h.db")
    reply = out[-1]["reply"]
    assert all(w in reply for w in words), reply
    assert not _acted(out, "create_ticket"), reply


@pytest.mark.parametrize("shop,user,text,words", [
    (EN_SHOP, "slack:U07NOAH", "I cancelled order #W1651440 a while ago, where is my refund",
     ("$89.00", "5–10 business days", "chase")),
])
async def test_a_cancelled_order_without_a_refund_says_what_is_owed(shop: Path, user: str, text: str,
                                                                    words: tuple[str, ...], settings: Any,
                                                                    tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, shop, user, [text], tmp_path / "n.db")
    reply = out[-1]["reply"]
    assert all(w in reply for w in words), reply


async def test_a_cancelled_order_without_a_refund_zh(settings: Any, tmp_path: Path, models: Any) -> None:
    shop = json.loads(DEMO_SHOP.read_text(encoding="utf-8"))
    refunded = {r["order_id"] for r in shop["refunds"]}
    order = next(o for o in shop["orders"] if o["status"] == "cancelled" and o["id"] not in refunded)
    user = next(c["identities"][0] for c in shop["customers"] if c["id"] == order["customer_id"])
    out, _ = await replay(settings, DEMO_SHOP, user, [f"{order['id']}取消了，退款到哪了"], tmp_path / "z.db")
    reply = out[-1]["reply"]
    assert order["id"] in reply and "没有这笔订单的退款记录" in reply and "催" in reply, reply
    assert str(order["total"]).split(".")[0] in reply, reply


@pytest.mark.parametrize("shop,user,text,words", [
    (EN_SHOP, "whatsapp:13055550123", "I never got the refund for #W4256985", ("should have arrived by", "bank")),
    (DEMO_SHOP, "telegram:1001", "SO202610290920那个取消的单 退款我一直没收到啊", ("最晚应在", "银行")),
])
async def test_a_refund_sent_long_ago_says_when_it_was_due_and_how_to_trace(shop: Path, user: str, text: str,
                                                                          words: tuple[str, ...], settings: Any,
                                                                          tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, shop, user, [text], tmp_path / "d.db")
    reply = out[-1]["reply"]
    assert all(w in reply for w in words), reply


@pytest.mark.parametrize("shop,user,text,words", [
    (EN_SHOP, "web:liam", "tracking for #W2501713 says held at customs. do I have to pay some fee??",
     ("doesn't go through customs", "no customs fee")),
    (DEMO_SHOP, "telegram:1003", "物流显示SO202611241031在海关被扣了，要我交关税吗？", ("不经过海关", "不需要缴纳")),
])
async def test_customs_on_a_domestic_route_no_fee_and_the_inquiry_now(shop: Path, user: str, text: str,
                                                                      words: tuple[str, ...], settings: Any,
                                                                      tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, shop, user, [text], tmp_path / "c.db")
    reply = out[-1]["reply"]
    assert all(w in reply for w in words), reply
    assert _acted(out, "create_ticket"), reply


async def test_customs_abroad_gets_the_rule_and_the_normal_time_not_a_case(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP, "whatsapp:447700900123",
                          ["my parcel SO202611232258 is stuck in customs, what do I do?"], tmp_path / "i.db")
    reply = out[-1]["reply"]
    assert "5–12" in reply and "customs" in reply, reply
    assert not _acted(out, "create_ticket"), reply


async def test_an_ein_is_no_order_number_and_stays_in_the_confirmation(settings: Any, tmp_path: Path,
                                                                      models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "web:ava",
                          ["I need an invoice for order #W9024138 made out to Acme Widgets LLC, EIN 12-3456789"],
                          tmp_path / "e.db")
    reply = out[-1]["reply"]
    assert "Acme Widgets LLC" in reply and "12-3456789" in reply and "#W9024138" in reply, reply
    assert "couldn't find" not in reply.lower(), reply


async def test_a_tax_id_after_the_title_keeps_both(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "web:ava",
                          ["I need an invoice for order #W9024138 for Acme Widgets LLC", "the EIN is 12-3456789"],
                          tmp_path / "t.db")
    reply = out[-1]["reply"]
    assert "Acme Widgets LLC" in reply and "12-3456789" in reply, reply


# ---- conversations: a generated shop (other ids, currency, payment labels) ----------------------
async def test_a_hold_on_another_shops_unpaid_order(settings: Any, tmp_path: Path, models: Any) -> None:
    s = make_shop(21, tmp_path, "slashed")
    cid = s.fixture["customers"][0]["id"]
    order = s.orders_of(cid, "pending")[0]
    out, _ = await replay(settings, s.path, s.identity[cid],
                          [f"my card shows a charge for {order['id']} but the order still says unpaid?"], tmp_path / "g.db")
    reply = out[-1]["reply"]
    assert order["id"] in reply and "authorisation hold" in reply, reply
    assert not _acted(out, "create_ticket"), reply
