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
