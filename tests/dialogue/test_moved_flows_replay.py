"""The moved flows through the whole pipeline (replay on the demo shop): the trace names the v2
flow and its step on every turn, and the shop's end state is what was confirmed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.test_conversations import order, replay, say


async def test_cancel_and_address_traces_name_the_flow_and_step(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, say("c1", "telegram:1001", "帮我取消订单 SO202611270605", "确认")
                             + say("a1", "web:demo", "I need to change the delivery address of SO202611262325",
                                   "no, leave it"), tmp_path / "r.db")
    flows = [(o["trace"]["flow"]["name"], o["trace"]["flow"]["step"]) for o in out]
    assert flows[0] == ("cancel_order", "confirm") and flows[1] == ("cancel_order", "done")
    assert flows[2] == ("change_address", "ask_address") and flows[3] == ("change_address", "aborted")
    assert order(shop, "SO202611270605")["status"] == "cancelled"
    assert order(shop, "SO202611262325")["status"] == "paid"


async def test_refund_invoice_and_handoff_traces_name_their_flows(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, say("r1", "whatsapp:8615811112222", "我的退款到账了吗")
                          + say("i1", "telegram:1001", "SO202611230529 要开发票")
                          + say("h1", "web:demo", "I want to talk to a real person"), tmp_path / "r2.db")
    names = [o["trace"]["flow"]["name"] for o in out]
    assert names == ["refund_status", "invoice", "handoff"]
    assert out[2]["trace"]["handoff"] is True
    assert "1299" in out[0]["reply"]
