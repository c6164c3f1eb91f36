"""records14 (#13): several requests in one message, invoices, product questions, records.

- a labelled tax id ("EIN 98-7654321", "税号 BN 123456789", "Tax ID: 12-3456789") is read by its
  label, never as an order number — also when the id reader glued the label to it;
- a damage report beside an invoice request keeps both: the damage case first, the invoice queued
  with the whole of its clause (title and tax id written after a comma included);
- "re-issue invoice INV-8001 with the company name …" finds the order of the invoice named."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import invoice_company, tax_ids
from bot.lang import cues as C
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay


def _acts(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name]


@pytest.mark.parametrize("text,tax", [
    ("税号 BN 123456789", "BN 123456789"), ("EIN 98-7654321", "98-7654321"),
    ("VAT number GB 123 4567 89", "GB 123 4567 89"), ("Tax ID: 12-3456789", "12-3456789"),
    ("tax id is 12-3456789", "12-3456789"), ("税号91310115MA1K4B2C3D", "91310115MA1K4B2C3D"),
    ("HST 123456789RT0001", "123456789RT0001"),
])
def test_labelled_tax_ids_are_read_by_their_label(text: str, tax: str) -> None:
    m = C.TAX_ID.search(text)
    assert m is not None and m.group(1) == tax


@pytest.mark.parametrize("mention,taxes,read", [
    ("EIN98-7654321", {"987654321"}, True), ("BN123456789", {"BN123456789"}, True),
    ("98-7654321", {"987654321"}, True), ("SO98-7654321X", {"987654321"}, False),
    ("#W1234567", {"987654321"}, False), ("W987654321", set(), False),
])
def test_an_order_mention_that_is_a_tax_id(mention: str, taxes: set[str], read: bool) -> None:
    assert tax_ids.tax_id_read(mention, taxes) is read


@pytest.mark.parametrize("text,clause", [
    ("the water bottle arrived dented, and I also need a company invoice for it: ACME Trading LLC, tax id 12-3456789",
     "need a company invoice for it: ACME Trading LLC, tax id 12-3456789"),
    ("my skillet came with a cracked handle. also please send a company invoice to Hudson Media LLC, Tax ID: 12-3456789",
     "please send a company invoice to Hudson Media LLC, Tax ID: 12-3456789"),
    ("被套收到时外箱破了，被套也撕开一个口子，还有我要开公司发票，抬头：温哥华家居有限公司，税号 BN 123456789",
     "我要开公司发票，抬头：温哥华家居有限公司，税号 BN 123456789"),
    ("I need an invoice for ACME Ltd, and the lamp arrived dented", "I need an invoice for ACME Ltd"),
])
def test_the_invoice_clause_beside_a_damage_keeps_title_and_tax_id(text: str, clause: str) -> None:
    assert invoice_company.damage_and_invoice(text, ["invoice"]) == clause


@pytest.mark.parametrize("text", [
    "I need an invoice for ACME Ltd, tax id 12-3456789",            # no damage: nothing to split
    "I need an invoice for the lamp that arrived dented",           # one clause holds both
])
def test_no_split_without_a_separate_damage_clause(text: str) -> None:
    assert invoice_company.damage_and_invoice(text, ["invoice"]) is None


def test_a_started_damage_flow_needs_no_split() -> None:
    text = "the lamp arrived dented, and I also need an invoice: ACME LLC"
    assert invoice_company.damage_and_invoice(text, ["delivery_issue", "invoice"]) is None


@pytest.mark.parametrize("text,hurt", [
    ("my skillet came with a cracked handle", True), ("the mug was broken when it arrived", True),
    ("收到的时候杯子碎了", True), ("the lamp arrived dented", True),
    ("I need an invoice", False), ("it broke after two weeks of use", False),
])
def test_damage_on_arrival(text: str, hurt: bool) -> None:
    assert invoice_company.arrived_damaged(text) is hurt


async def test_damage_and_company_invoice_with_tax_id_both_done(settings: Any, tmp_path: Path, models: Any) -> None:
    text = ("the water bottle arrived dented, and I also need a company invoice for it: ACME Trading LLC, "
            "tax id 12-3456789")
    out, _ = await replay(settings, EN_SHOP, "telegram:5001", [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert _acts(out, "create_ticket"), reply                       # the damage case
    assert "ACME Trading LLC" in reply and "12-3456789" in reply, reply
    assert "couldn't find an order" not in reply, reply


async def test_a_glued_ein_is_no_order_and_the_invoice_named_is_reissued(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "line:U8a7f0owen",
                          ["can you re-issue invoice INV-8001 with the company name Owen Labs LLC, EIN 98-7654321", "yes"],
                          tmp_path / "r.db")
    first = out[0]["reply"]
    assert "#W5730240" in first and "Owen Labs LLC" in first and "98-7654321" in first, first
    assert "couldn't find an order" not in first, first
    tickets = [a for a in _acts(out[1:], "create_ticket") if a["ok"]]
    assert tickets, out[1]["reply"]


async def test_a_traditional_damage_and_labelled_tax_id(settings: Any, tmp_path: Path, models: Any) -> None:
    text = "跑鞋收到時鞋盒壓壞了，另外幫我開公司發票，抬頭：上海雲杉貿易有限公司，稅號 BN 123456789"
    out, _ = await replay(settings, DEMO_SHOP, "telegram:1001", [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert "BN 123456789" in reply and "沒有找到訂單" not in reply, reply
    assert "損" in reply or "壞" in reply, reply


# --- existing records: a delivery case chased, an exchange's state, new variant and shipping ---

from bot.dialogue import record_status  # noqa: E402


@pytest.mark.parametrize("text,still", [
    ("still no scan on my parcel", True), ("床垫还是没有任何物流扫描记录", True), ("tracking still shows nothing", True),
    ("no tracking updates yet, still", True), ("物流到现在都没更新", True),
    ("where is my parcel?", False), ("still want to return it", False), ("我还没想好", False),
])
def test_a_parcel_that_still_shows_nothing(text: str, still: bool) -> None:
    assert record_status.still_nothing(text) is still


@pytest.mark.parametrize("text,kind", [
    ("hi, has the replacement duvet cover from my exchange shipped yet?", "exchange"),
    ("has my exchange been sent out?", "exchange"), ("I want the replacement shipped to my office", None),
])
def test_whether_an_exchange_shipped_is_a_status_question(text: str, kind: str | None) -> None:
    assert record_status.asked(text) == kind


@pytest.mark.parametrize("shop,user,text,case", [
    ("en", "slack:U07ETHAN", "still no scan on the bottles, nothing has moved", "TCK-7001"),
    ("gen", None, "包裹还是没有任何物流更新", "T-9003"),
    ("gen", None, "包裹還是沒有掃描記錄，怎麼辦", "T-9003"),
])
async def test_still_no_scan_goes_onto_the_open_delivery_case(shop: str, user: str | None, text: str, case: str,
                                                              settings: Any, tmp_path: Path, models: Any) -> None:
    from tests.dialogue.test_r4_records import _gen
    path, user = (EN_SHOP, user) if shop == "en" else _gen(tmp_path)
    out, _ = await replay(settings, path, user, [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert case in reply, reply
    assert [a for a in _acts(out, "add_to_ticket") if a["args"]["ticket_id"] == case], reply
    assert not _acts(out, "create_ticket"), reply


async def test_still_no_scan_without_a_delivery_case_opens_none_of_another_kind(settings: Any, tmp_path: Path,
                                                                                models: Any) -> None:
    # telegram:1001 has no open case: the message is no chase of anything
    out, _ = await replay(settings, DEMO_SHOP, "telegram:1001", ["吹风机的快递还是没有物流更新"], tmp_path / "r.db")
    assert not _acts(out, "add_to_ticket"), out[0]["reply"]


async def test_an_exchange_status_names_the_new_variant_and_its_shipping(settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    import json
    fx = json.loads(EN_SHOP.read_text(encoding="utf-8"))
    fx["exchanges"][0]["status"] = "approved"
    path = tmp_path / "shop.json"
    path.write_text(json.dumps(fx), encoding="utf-8")
    out, _ = await replay(settings, path, "discord:880055667788", ["has the replacement from my exchange shipped yet?"],
                          tmp_path / "r.db")
    reply = out[0]["reply"]
    assert "EXC-4001" in reply and "tactile" in reply and "hasn't shipped yet" in reply, reply
    assert not _acts(out, "create_exchange"), reply


# --- partial answers: a shipped order's cancel refusal says where it is and the usual days ---

@pytest.mark.parametrize("shop,user,text,says", [
    ("zh", "telegram:1001", "我想取消吹风机那单", "一般发货后 1–3 个工作日送达"),
    ("en", "telegram:5001", "please cancel my tent order", "usually delivers within 2–5 business days"),
])
async def test_a_shipped_orders_cancel_refusal_gives_the_usual_days(shop: str, user: str, text: str, says: str,
                                                                   settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP if shop == "zh" else EN_SHOP, user, [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert says in reply, reply
    assert not [a for a in _acts(out, "cancel_order") if a["ok"]], reply
    assert [a for a in _acts(out, "check_cancel") if not a["ok"]], reply


# --- product questions of a logged-in customer: compared values, per unit, a size up ---

from bot.dialogue import product_questions as PQ  # noqa: E402

_BULB = {"id": "P-B", "name": "Bulb", "options": {"base": ["E26", "GU10"], "pack": ["2-pack", "4-pack"]},
         "variants": [{"sku": f"B-{b}-{p}", "options": {"base": b, "pack": p}, "price": pr, "stock": 3}
                      for b in ("E26", "GU10") for p, pr in (("2-pack", "22.00"), ("4-pack", "36.00"))]}


@pytest.mark.parametrize("value,n", [("4-pack", 4), ("30 pack", 30), ("3 cans", 3), ("pair", 2), ("2只装", 2),
                                     ("single", 1), ("navy", None), ("10000mAh", None)])
def test_unit_counts_of_option_values(value: str, n: int | None) -> None:
    assert PQ.unit_count(value) == n


def test_per_unit_comparison_picks_the_bigger_pack() -> None:
    said = PQ.compared_values("is the 4-pack cheaper per bulb than the 2-pack?", {"pack": ["4-pack", "2-pack"]},
                              _BULB["variants"], "USD", "en")
    assert said is not None and "Per unit the 4-pack is cheaper" in said and "$9.00 each" in said, said


def test_plain_comparison_picks_the_lower_price_and_says_same_when_equal() -> None:
    said = PQ.compared_values("which is cheaper, 2-pack or 4-pack?", {"pack": ["2-pack", "4-pack"]},
                              _BULB["variants"], "USD", "en")
    assert said is not None and "The 2-pack is cheaper" in said, said
    same = PQ.compared_values("E26 or GU10, which is cheaper?", {"base": ["E26", "GU10"]}, _BULB["variants"], "USD", "zh")
    assert same is not None and "价格一样" in same, same


def test_no_comparison_without_two_values_of_one_option() -> None:
    assert PQ.compared_values("is it cheaper?", {"pack": ["4-pack"]}, _BULB["variants"], "USD", "en") is None


_JACKET = {"id": "P-J", "options": {"size": ["M", "L", "XL"], "color": ["black"]}}


@pytest.mark.parametrize("text,owned,want", [
    ("這款有大一號的嗎", "L", {"size": ["XL"]}), ("does it come one size smaller?", "L", {"size": ["M"]}),
    ("有大一号的吗", "XL", {}), ("does it come in navy?", "L", {}),
])
def test_a_size_up_is_the_size_after_the_customers_own(text: str, owned: str, want: dict[str, list[str]]) -> None:
    from bot.lang.script import to_simplified
    line = {"product_id": "P-J", "options": {"size": owned, "color": "black"}}
    assert PQ.size_step(to_simplified(text), _JACKET, [line]) == want


def test_a_size_up_without_an_owned_line_names_nothing() -> None:
    assert PQ.size_step("a size up?", _JACKET, []) == {}


@pytest.mark.parametrize("shop,user,text,says", [
    ("zh", "telegram:1001", "這款羽絨服有大一號的嗎", "XL"),
    ("en", "discord:880055667788", "is the rain jacket cheaper in black than in navy?", "cost the same"),
])
async def test_product_questions_start_nothing(shop: str, user: str, text: str, says: str, settings: Any,
                                               tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP if shop == "zh" else EN_SHOP, user, [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert says in reply, reply
    assert out[0]["trace"]["flow"]["name"] == "product_info", out[0]["trace"]["flow"]
    assert not _acts(out, "change_items") and not _acts(out, "create_exchange"), reply


# --- short follow-ups: a never-mind with nothing waiting, two questions in one message ---

from bot.dialogue import closing  # noqa: E402
from bot.dialogue.classic import _REQUEST_SPLIT  # noqa: E402


@pytest.mark.parametrize("text,nm", [("算了 never mind", True), ("never mind 算了", True), ("算了 不用了 never mind", True),
                                     ("thanks bye", False), ("算了，还是退货吧", False), ("never mind, where is it?", False)])
def test_a_mixed_language_never_mind(text: str, nm: bool) -> None:
    assert closing.never_mind(text) is nm


@pytest.mark.parametrize("text,parts", [
    ("where is my tent and can I still return the skillet?", ["where is my tent", "can I still return the skillet"]),
    ("how long will my backpack take, and can I change the address?",
     ["how long will my backpack take", "can I change the address"]),
    ("帐篷到哪了，煎锅还能退吗", ["帐篷到哪了", "煎锅还能退吗"]),
    ("return the shoes and the socks", ["return the shoes and the socks"]),
])
def test_two_questions_in_one_message_are_two_clauses(text: str, parts: list[str]) -> None:
    assert [p.strip() for p in _REQUEST_SPLIT.split(text) if p and p.strip()] == parts


async def test_never_mind_after_a_refusal_is_acknowledged(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP, "telegram:1003", ["我要换羽绒服的尺码", "算了 不用了 never mind"], tmp_path / "r.db")
    assert out[1]["reply"] == "好的，还有什么可以帮您？", out[1]["reply"]
    assert not _acts(out[1:], "create_ticket") and not _acts(out[1:], "tickets"), out[1]["trace"]["actions"]


@pytest.mark.parametrize("user,texts,first,second", [
    ("telegram:5001", ["where is my tent and can I still return the skillet?"], "FedEx", "window closed"),
    ("discord:880011223344", ["how long will my backpack take, and can I change the address?"],
     "usually delivers within", "can't change its address"),
])
async def test_both_parts_of_a_two_part_question_are_answered(user: str, texts: list[str], first: str, second: str,
                                                              settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, user, texts, tmp_path / "r.db")
    reply = out[0]["reply"]
    assert first in reply and second in reply, reply


# --- follow-ups after a billing case ---

@pytest.mark.parametrize("shop,user,texts,says", [
    ("zh", "telegram:1001", ["我的羽绒服那单被扣了两次款", "好的 那要多久"], "24 小时内回复您"),
    ("en", "telegram:5001", ["I was charged twice for my tent order", "thanks. anything else I need to do?"],
     "nothing else you need to do"),
])
async def test_a_short_question_after_a_billing_case_is_answered_from_it(shop: str, user: str, texts: list[str],
                                                                        says: str, settings: Any, tmp_path: Path,
                                                                        models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP if shop == "zh" else EN_SHOP, user, texts, tmp_path / "r.db")
    case = next(a for a in _acts(out[:1], "create_ticket") if a["ok"])["result"]["ticket_id"]
    reply = out[1]["reply"]
    assert says in reply and case in reply, reply
    assert not _acts(out[1:], "create_ticket"), reply


async def test_how_long_at_the_which_order_question_is_answered_not_looped(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "telegram:5001", ["I was charged twice", "ok, how long will that take?"],
                          tmp_path / "r.db")
    assert out[1]["reply"] != out[0]["reply"], out[1]["reply"]
    assert "replies within" in out[1]["reply"] and "Which order" in out[1]["reply"], out[1]["reply"]


def test_no_case_follow_up_without_a_billing_case() -> None:
    from types import SimpleNamespace

    from bot.dialogue import case_followup
    from bot.dialogue.state import DialogueState
    st = DialogueState()
    st.last_flow = "order_status"
    fc = SimpleNamespace(turn=SimpleNamespace(text="how long will that take?"), state=st, lang="en", facts={})
    assert case_followup.answer(fc) is None  # type: ignore[arg-type]
    st.last_flow, st.last_order_id = "payment_issue", "A1"
    st.opened["payment:A1"] = "TK-1"
    fc.turn.text = "ok and the refund to my card, when?"
    assert case_followup.answer(fc) is None  # type: ignore[arg-type]


@pytest.mark.parametrize("text,status", [
    ("do the gravel tyres come in 650b", False), ("does the jacket come in navy?", False),
    ("is it available in XL", False), ("when will it come", True), ("has it come yet", True),
    ("where is my order", True),
])
def test_comes_in_an_option_is_no_delivery_question(text: str, status: bool) -> None:
    from bot.dialogue import status_question
    assert status_question.asks_status(text) is status


async def test_a_stock_question_of_a_customer_with_a_paid_order_adds_no_status(settings: Any, tmp_path: Path,
                                                                             models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "telegram:5001", ["does the rain jacket come in navy? any in stock?"],
                          tmp_path / "r.db")
    reply = out[0]["reply"]
    assert "navy" in reply and "being prepared" not in reply, reply
    assert out[0]["trace"]["flow"]["name"] == "product_info", out[0]["trace"]["flow"]


@pytest.mark.parametrize("text", ["內衣可以退嗎", "内衣套装能退货吗"])
async def test_a_non_returnable_item_past_its_window_gets_the_category_rule(text: str, settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP, "whatsapp:8613912345678", [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert "不支持退貨" in reply or "不支持退货" in reply, reply
    assert not _acts(out, "create_return"), reply
