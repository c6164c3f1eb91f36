"""The shop's own dispatch time (dialogue/dispatch_time): read from its facts or the sentence of
its pages that says how fast paid orders leave, never invented; the due date counts business
days without weekends; a paid order past it is overdue. zh and en."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from bot.dialogue import dispatch_time as DT
from bot.dialogue.facts import Facts
from bot.knowledge import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text,lang,amount,unit,business", [
    ("Orders paid before noon are packed and dispatched within 1 business day from our depot.", "en", 1, "days", True),
    ("Paid orders leave the warehouse within 2 business days; custom pieces take longer.", "en", 2, "days", True),
    ("In-stock orders ship within 24 hours of payment, weekends included.", "en", 24, "hours", False),
    ("Items in stock go out within three working days.", "en", 3, "days", True),
    ("已付款订单会在 1 个工作日内从仓库打包发出。", "zh", 1, "days", True),
    ("现货商品付款后48小时内发货，周末照常发货。", "zh", 48, "hours", False),
    ("订单两天内出库。", "zh", 2, "days", False),
])
def test_the_shops_sentence_gives_its_time(text: str, lang: str, amount: int, unit: str, business: bool) -> None:
    got = DT.from_text(text, lang)
    assert got is not None and (got.amount, got.unit, got.business) == (amount, unit, business)
    assert got.sentence in text


@pytest.mark.parametrize("text,lang", [
    ("We ship the replacement within 48 hours of receiving the returned item.", "en"),
    ("Tell us within 48 hours of delivery and send photos.", "en"),
    ("Inquiries are answered within 4 business days.", "en"),
    ("我们收到并检查后48小时内发出新商品。", "zh"),
    ("查询会在 4 个工作日内答复。", "zh"),
    ("退款一般 3 个工作日内到账。", "zh"),
])
def test_other_times_are_not_a_dispatch_time(text: str, lang: str) -> None:
    assert DT.from_text(text, lang) is None


def test_demo_knowledge_states_48_hours_in_both_languages() -> None:
    kb = KnowledgeBase.load(ROOT / "config" / "knowledge")
    for lang in ("en", "zh"):
        got = DT.shop_promise(Facts({}), kb, lang)
        assert got is not None and (got.amount, got.unit) == (48, "hours")


def test_no_text_and_no_fact_no_time() -> None:
    assert DT.shop_promise(Facts({}), None, "en") is None
    assert DT.shop_promise(Facts({}), KnowledgeBase([]), "zh") is None


def test_facts_win_over_pages() -> None:
    facts = Facts({"dispatch": {"within_business_days": 3, "text_en": "We dispatch in 3 business days."}})
    kb = KnowledgeBase.load(ROOT / "config" / "knowledge")
    got = DT.shop_promise(facts, kb, "en")
    assert got is not None and (got.amount, got.unit, got.business) == (3, "days", True)


def test_business_days_skip_the_weekend() -> None:
    promise = DT.Promise("", 1, "days", True)
    friday = {"status": "paid", "placed_at": "2026-11-27T20:15:00+08:00"}
    thursday = {"status": "paid", "placed_at": "2026-11-26T20:15:00+08:00"}
    saturday_noon = datetime.fromisoformat("2026-11-28T12:00:00+08:00")
    assert DT.due_by(friday, promise) == datetime.fromisoformat("2026-11-30T20:15:00+08:00")
    assert not DT.overdue(friday, promise, saturday_noon)
    assert DT.overdue(thursday, promise, saturday_noon)


def test_only_a_paid_unshipped_order_is_overdue() -> None:
    promise = DT.Promise("", 48, "hours", False)
    now = datetime.fromisoformat("2026-11-28T12:00:00+08:00")
    old = "2026-11-20T09:00:00+08:00"
    assert DT.overdue({"status": "paid", "placed_at": old}, promise, now)
    for status in ("pending", "shipped", "delivered", "cancelled"):
        assert not DT.overdue({"status": status, "placed_at": old}, promise, now)
    assert not DT.overdue({"status": "paid", "placed_at": old}, None, now)


def test_time_words() -> None:
    assert DT.time_words(DT.Promise("", 1, "days", True), "en") == "within 1 business day"
    assert DT.time_words(DT.Promise("", 48, "hours", False), "en") == "within 48 hours"
    assert DT.time_words(DT.Promise("", 2, "days", True), "zh") == "2 个工作日内"
