"""Payments, parcels abroad, damaged parcels, invoices, open tickets and strangers' questions, on
shops that are not the demo: the GBP tea shop (tests/dialogue/fixtures/care_shop: ships to France,
its own knowledge on customs, VAT receipts, refund destination and breakage), the GBP cycle shop
(an open delivery case) and the demo shop (a stranger's policy question). Whole conversations
through `aftersales replay`, one process per shop, plus unit tests of the route rule."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import timing as TM
from bot.dialogue.facts import Facts
from bot.shop.countries import address_country, shop_country
from tests.conftest import TEST_MASTER_KEY

ROOT = Path(__file__).resolve().parents[2]
CARE = Path(__file__).parent / "fixtures" / "care_shop" / "shop.json"
CYCLE = Path(__file__).parent / "data" / "cycle_shop_gbp.json"
DEMO = ROOT / "config" / "demo_shop.json"


# ---------------------------------------------------------------- the route: address, not currency
@pytest.mark.parametrize("address,country", [
    ("14 Rue des Martyrs, 75009 Paris, France", "FR"),
    ("Flat 2, 47 Kensington Park Road, London W11 2EU", "GB"),
    ("742 Evergreen Terrace, Apt 3B, San Francisco, CA 94110", "US"),
    ("上海市浦东新区世纪大道100号2号楼1203室", "CN"),
    ("法国巴黎第九区殉道者街14号", "FR"),
    ("Hauptstr. 5, 10115 Berlin, Deutschland", "DE"),
    ("Bahnhofstrasse 1, 8001 Zürich", None),          # no country written, no one-country postcode
    ("12 France Road, Leeds", None),                   # a street named after a country is no country
])
def test_the_country_an_address_is_in(address: str, country: str | None) -> None:
    assert address_country(address) == country


def test_a_gbp_order_shipped_to_france_is_international_with_the_shops_cross_border_days() -> None:
    facts = Facts({"shop": {"country": "GB"}, "delivery": {"default": {"days": "2–7"}, "cross_border": {"days": "5–10"},
                                                         "carriers": {"Royal Mail": {"days": "1–3"}}}})
    abroad = {"id": "X1", "currency": "GBP", "carrier": "Royal Mail", "ship_country": "FR"}
    home = {"id": "X2", "currency": "GBP", "carrier": "Royal Mail", "ship_country": "GB"}
    assert TM.route_days(facts, abroad, "GBP") == ("5–10", True)
    assert TM.route_days(facts, home, "GBP") == ("1–3", False)
    # No country on the address: the currency decides, as before (CHF shop, CHF order: at home).
    assert TM.route_days(facts, {"id": "X3", "currency": "CHF", "carrier": "Royal Mail"}, "CHF")[1] is False
    assert shop_country(Facts({}), "CHF") == "CH" and shop_country(Facts({}), "EUR") is None


# ---------------------------------------------------------------- whole conversations
def _replay(tmp: Path, fixture: Path, turns: list[tuple[str, str, str]], now: str) -> dict[str, list[dict[str, Any]]]:
    stdin = "".join(json.dumps({"conversation": c, "user": u, "text": t}, ensure_ascii=False) + "\n"
                    for c, u, t in turns)
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp / "data"), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               AFTERSALES_GENERATOR_KIND="template", HF_HUB_OFFLINE="1")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--store", str(fixture), "--now", now],
                         cwd=ROOT, input=stdin, text=True, capture_output=True, env=env, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    out: dict[str, list[dict[str, Any]]] = {}
    for line in run.stdout.splitlines():
        row = json.loads(line)
        out.setdefault(row["conversation"], []).append(row)
    return out


def actions(row: dict[str, Any]) -> list[str]:
    return [a["name"] for a in row["trace"].get("actions", [])]


CARE_TURNS = [
    ("late-en", "web:lina", "where is my teapot? it was sent a week ago"),
    ("customs-en", "web:lina", "my parcel is stuck in customs, what do I do?"),
    ("customs-zh", "telegram:9102", "我的包裹卡在海关了，怎么办？"),
    ("damaged-zh", "telegram:9102", "杯子到了就坏了"),
    ("damaged-en", "web:nina", "the cup set arrived smashed"),
    ("vat-en", "web:lina", "I need a VAT invoice for TP-1095, how long does it take?"),
    ("same-zh", "telegram:9102", "TP-1095 开发票，抬头跟上次一样"),
    ("same-none", "web:nina", "can I get an invoice for TP-1088 with the same title as before?"),
    ("refund-card", "web:nina", "can you refund TP-1088 to my other card instead?"),
    ("refund-card-zh", "telegram:9102", "杯子的退款能退到别的卡吗？"),
    ("pay-change", "web:nina", "I paid by bank transfer, can I switch TP-1101 to card?"),
    ("pending", "web:nina", "I paid for TP-1101 yesterday by bank transfer but it still says pending"),
    ("stranger", "web:sam", "I'm asking for my friend, she ordered a teapot"),
]


@pytest.fixture(scope="module")
def care(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    return _replay(tmp_path_factory.mktemp("care"), CARE, CARE_TURNS, "2026-11-28T12:00:00+00:00")


def test_a_parcel_abroad_gets_the_cross_border_time_not_overdue(care: dict[str, list[dict[str, Any]]]) -> None:
    row = care["late-en"][0]
    assert "5–10 business days" in row["reply"] and "longer than it should" not in row["reply"]
    assert "create_ticket" not in actions(row)


def test_customs_is_answered_from_the_shops_knowledge_without_an_investigation(care: dict[str, list[dict[str, Any]]]) -> None:
    en, zh = care["customs-en"][0], care["customs-zh"][0]
    assert "Import duty and VAT are charged by the destination country" in en["reply"] and "TP-1095" in en["reply"]
    assert "进口关税和增值税由目的地国家收取" in zh["reply"]
    for row in (en, zh):
        assert "create_ticket" not in actions(row) and "add_to_ticket" not in actions(row)
        assert "investigation" not in row["reply"] and "调查" not in row["reply"]


def test_damaged_on_arrival_gets_the_shops_remedy_and_a_case(care: dict[str, list[dict[str, Any]]]) -> None:
    zh, en = care["damaged-zh"][0], care["damaged-en"][0]
    assert zh["trace"]["flow"]["name"] == "delivery_issue" and "create_ticket" in actions(zh)
    assert "照片" in zh["reply"] and "补发或全额退款" in zh["reply"]
    assert "send us photos" in en["reply"] and "replacement or refund you in full" in en["reply"]
    assert "and ." not in en["reply"] and "；。" not in zh["reply"]


def test_invoice_timing_is_the_running_shops_own(care: dict[str, list[dict[str, Any]]]) -> None:
    reply = care["vat-en"][0]["reply"]
    assert "within 2 working days" in reply and "3 business days" not in reply and "e-invoice" not in reply


def test_same_title_as_before_carries_the_earlier_invoices_title(care: dict[str, list[dict[str, Any]]]) -> None:
    row = care["same-zh"][0]
    assert "Atelier Lina SARL" in row["reply"] and "跟上次一样" not in row["reply"]
    assert "earlier_invoice_title" in actions(row)
    traced = json.dumps(row["trace"], ensure_ascii=False)
    assert "Atelier" not in traced.replace(row["reply"], "")      # the title itself is never traced
    # No earlier titled invoice: asked, nothing requested with a word from the message as the title.
    none = care["same-none"][0]
    assert none["trace"]["flow"]["step"] == "ask_title" and "request_invoice" not in actions(none)


def test_refund_to_another_card_gets_the_shops_refund_rule(care: dict[str, list[dict[str, Any]]]) -> None:
    en, zh = care["refund-card"][0], care["refund-card-zh"][0]
    assert "cannot send a refund to a different card" in en["reply"] and "TP-1088 was paid by card" in en["reply"]
    assert "无法退到其他银行卡" in zh["reply"] and "PayPal" in zh["reply"]
    for row in (en, zh):
        assert "already uses" not in row["reply"] and "create_ticket" not in actions(row)


def test_a_payment_change_from_bank_transfer_to_card_is_proposed(care: dict[str, list[dict[str, Any]]]) -> None:
    row = care["pay-change"][0]
    assert row["trace"]["flow"] == {"name": "change_payment", "step": "confirm"}
    assert "Visa" in row["reply"] and "already" not in row["reply"]


def test_paid_but_pending_states_what_the_shop_shows(care: dict[str, list[dict[str, Any]]]) -> None:
    reply = care["pending"][0]["reply"]
    assert "TP-1101 (£48.00) still shows as awaiting payment" in reply and "CASE-7781" in reply


def test_a_stranger_asking_for_a_friend_gets_the_privacy_rule_not_no_orders(care: dict[str, list[dict[str, Any]]]) -> None:
    row = care["stranger"][0]
    assert row["trace"]["flow"]["step"] == "refused_privacy" and "couldn't find any orders" not in row["reply"]


CYCLE_TURNS = [
    ("t-en", "web:ole", "I already reported this, my parcel CY-0070-K still hasn't come"),
    ("t-zh", "web:ole", "我之前反馈过了，包裹还是没到"),
    ("t-follow", "web:ole", "following up on my earlier complaint about the delivery"),
    ("addr-uk", "web:ida", "ship CY-0061-K to Unit 5, Riverside Business Park, 30 Dock Street, Leeds LS10 1JF please"),
    ("addr-uk", "web:ida", "yes"),
    ("addr-us", "web:ida", "new address for CY-0061-K: 1600 Pennsylvania Ave NW, Suite 200, Washington, DC 20500, USA"),
    ("addr-zh", "telegram:8801", "CY-0061-K 地址改到 北京市海淀区中关村大街27号 1号楼 1101室"),
]
DEMO_TURNS = [
    ("s-en", "web:nobody", "where do refunds go?"),
    ("s-en", "web:nobody", "I'm her friend, she ordered earbuds"),
]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    return _replay(tmp_path_factory.mktemp("cycle"), CYCLE, CYCLE_TURNS, "2026-11-28T12:00:00+00:00")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    return _replay(tmp_path_factory.mktemp("demo"), DEMO, DEMO_TURNS, "2026-11-28T12:00:00+08:00")


def test_an_open_case_the_customer_refers_to_gets_the_message_not_a_duplicate(cycle: dict[str, list[dict[str, Any]]]) -> None:
    for conv in ("t-en", "t-zh", "t-follow"):
        row = cycle[conv][0]
        assert "CASE-3301" in row["reply"], conv
        assert "add_to_ticket" in actions(row) and "create_ticket" not in actions(row), conv
    assert not re.search(r"was delivered on", cycle["t-en"][0]["reply"])


def test_a_strangers_policy_question_is_answered_without_an_order(demo: dict[str, list[dict[str, Any]]]) -> None:
    first, second = demo["s-en"]
    assert first["trace"]["flow"]["step"] == "policy_answer" and "original payment method" in first["reply"]
    assert second["trace"]["flow"]["step"] == "refused_privacy"
    assert "couldn't find any orders" not in first["reply"] + second["reply"]


def test_an_address_in_one_message_is_confirmed_and_stored_whole(cycle: dict[str, list[dict[str, Any]]]) -> None:
    ask, done = cycle["addr-uk"]
    whole = "Unit 5, Riverside Business Park, 30 Dock Street, Leeds LS10 1JF"
    assert whole in ask["reply"] and ask["trace"]["flow"]["step"] == "confirm"
    assert whole in done["reply"] and "change_address" in actions(done)
    assert "1600 Pennsylvania Ave NW, Suite 200, Washington, DC 20500, USA" in cycle["addr-us"][0]["reply"]
    assert "北京市海淀区中关村大街27号 1号楼 1101室" in cycle["addr-zh"][0]["reply"]


BEAUTY = Path(__file__).parent / "data" / "beauty_shop_eur.json"


@pytest.fixture(scope="module")
def beauty(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    return _replay(tmp_path_factory.mktemp("beauty"), BEAUTY,
                   [("r-en", "web:mia", "can the refund for HB-26-004417 go to another card?"),
                    ("r-zh", "web:lena", "退款能退到别的卡吗"),
                    ("inv", "web:mia", "I need an invoice for HB-26-004417")], "2026-11-28T12:00:00+01:00")


def test_a_shop_without_its_own_pages_answers_from_the_neutral_ones(beauty: dict[str, list[dict[str, Any]]]) -> None:
    en, zh = beauty["r-en"][0], beauty["r-zh"][0]
    assert "Refunds go back to the payment method the order was paid with" in en["reply"]
    assert "原路退回" in zh["reply"]
    for row in (en, zh):       # the rule says where refunds go: nothing promised, no case opened against it
        assert "create_ticket" not in actions(row) and "account you want" not in row["reply"]
    inv = beauty["inv"][0]["reply"]
    assert "sent by e-mail" in inv and "3 business days" not in inv and "e-invoice" not in inv
