"""Round 3, overdue refunds: a refund past its payment method's usual days is called late with
its facts (refund id, order, amount, the usual days) and, when the customer asks to escalate, the
case is filed on THAT refund's order — never on another order, and no "already cancelled, nothing
to change" in front of it. First message or follow-up, zh and en, on the demo shop and on a
generated shop (other id shape and currency, a late refund of its own); store export checked."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import late_refund as LR
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, replay

PROBES = [
    ["my refund still hasn't arrived, it's been ages. please escalate this"],
    ["退款怎么还没到？都这么久了，帮我升级处理"],
    ["where is my refund?", "that's way past the days you promised, I want someone to look into it"],
    ["I cancelled {A} and never got my money back, this is late. escalate pls"],
    ["订单{A}取消了，退款一直没到账，已经超时了，我要投诉"],
    ["hi, refund status?", "还没到账啊，超过时间了，找人处理一下"],
]
CANCEL_LEAD = ("already cancelled", "已经取消了，无需", "nothing more to change", "无需再操作")


def _shop(kind: str, tmp: Path) -> tuple[Path, str, str, str]:
    """(shop, identity, the order of the late refund, the refund id)."""
    if kind == "demo":
        return DEMO_SHOP, "whatsapp:8615811112222", "SO202611220915", "RF20261122-0001"
    s = make_shop(14, tmp, "short")
    cid = s.fixture["customers"][0]["id"]
    o = s.orders_of(cid, "paid")[0]
    o["status"] = "cancelled"
    s.fixture["refunds"] = [{"id": "R-5501", "order_id": o["id"], "amount": o["total"], "status": "processing",
                             "created_at": "2026-11-12T10:00:00+01:00", "currency": o["currency"], "reason": "cancelled"}]
    s.path.write_text(json.dumps(s.fixture, ensure_ascii=False), encoding="utf-8")
    return s.path, s.identity[cid], o["id"], "R-5501"


def _late_cases(shop: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in shop["tickets"] if "refund_overdue" in json.dumps(t, ensure_ascii=False)]


@pytest.mark.parametrize("kind", ["demo", "gen"])
@pytest.mark.parametrize("case", range(len(PROBES)))
async def test_a_late_refund_is_called_late_and_escalated_on_its_order(case: int, kind: str, settings: Any,
                                                                      tmp_path: Path, models: Any) -> None:
    path, user, order_id, refund_id = _shop(kind, tmp_path)
    texts = [t.format(A=order_id) for t in PROBES[case]]
    out, shop = await replay(settings, path, user, texts, tmp_path / "r.db")
    reply = out[-1]["reply"]
    assert refund_id in reply and order_id in reply, reply
    assert ("late" in reply) or ("逾期" in reply), reply
    assert not any(w in reply for w in CANCEL_LEAD), reply
    cases = _late_cases(shop)
    assert [c["order_id"] for c in cases] == [order_id], cases
    ticket = next(w for w in reply.replace("（", " ").replace("）", " ").replace(")", " ").split() if w.startswith("TK"))
    assert ticket.rstrip(";,.，。") in {c["id"] for c in cases}, (ticket, cases)


async def test_asking_twice_reuses_the_case(settings: Any, tmp_path: Path, models: Any) -> None:
    path, user, order_id, _ = _shop("gen", tmp_path)
    _, shop = await replay(settings, path, user, ["my refund is late, escalate it", "please escalate, it's still late"],
                           tmp_path / "t.db")
    assert [c["order_id"] for c in _late_cases(shop)] == [order_id]


async def test_a_refund_within_its_days_is_not_escalated_as_late(settings: Any, tmp_path: Path, models: Any) -> None:
    # This customer's refund waits for the returned parcel ("pending"): not late, no late case.
    out, shop = await replay(settings, DEMO_SHOP, "whatsapp:8613912345678", ["my refund hasn't come, escalate it"],
                             tmp_path / "p.db")
    assert not _late_cases(shop)
    assert "late:" not in out[-1]["reply"] and "逾期" not in out[-1]["reply"]


@pytest.mark.parametrize("text", ["please escalate this", "I want someone to look into it", "帮我升级处理", "找人处理一下",
                                  "我要投诉"])
def test_escalation_cues(text: str) -> None:
    assert LR.wants_escalation(text)


@pytest.mark.parametrize("text", ["where is my refund?", "退款到哪了", "thanks"])
def test_no_escalation_without_the_ask(text: str) -> None:
    assert not LR.wants_escalation(text)
