"""Invoice: which order, the company title and tax id when given (read from the real text: the
title is the customer's, never a placeholder), the shop's request. A title sent after the first
answer ("抬头 上海云帆科技有限公司 税号 9131…") re-issues for the order last talked about.

Steps: start → (choose_order) → done | refused. Requesting an invoice changes no order and can be
asked again with another title, so it needs no confirmation.
"""
from __future__ import annotations

from typing import Any

from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "invoice"


def _eligible(order: dict[str, Any]) -> bool:
    return order.get("status") not in ("cancelled", "pending")


def invoice_title(text: str) -> str | None:
    """"抬头 上海云帆科技有限公司 税号 9131…" → "上海云帆科技有限公司 / 9131…" (None when absent)."""
    title, tax = C.TITLE.search(text), C.TAX_ID.search(text)
    parts = [m.group(1).strip() for m in (title, tax) if m]
    return " / ".join(parts) if parts else None


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    title = invoice_title(fc.reveal(fc.turn.text))
    if title:
        frame.slots["title"] = title
    order, ask = await resolve_order(fc, frame, _eligible, "invoice", "开发票")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    fc.state.finish()
    title = frame.slots.get("title")
    res = await fc.tools.request_invoice(fc.customer, order["id"], title)
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    return out(R.invoice_done(order, res.data, lang, with_title=bool(title)), frame, "invoice",
               {"order": order, "invoice": dict(res.data)})
