"""Invoice: which order, the company title and tax id when given (read from the real text: the
title is the customer's, never a placeholder), the shop's request. A title sent after the first
answer ("抬头 上海云帆科技有限公司 税号 9131…") re-issues for the order last talked about.

Steps: start → (choose_order) → done | refused. Requesting an invoice changes no order and can be
asked again with another title, so it needs no confirmation.
"""
from __future__ import annotations

import re
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
    parts = [m.group(1).strip() for m in (title, tax) if m and _real_title(m.group(1))]
    return " / ".join(parts) if parts else None


# What follows "抬头" in a question ("能换个抬头吗", "title?") is no title.
_NOT_A_TITLE = re.compile(r"^(吗|呢|吧|啊|了|的|么|嘛|怎么|能|可以|can|could|please|\?|？)", re.I)


def _real_title(value: str) -> bool:
    v = value.strip()
    return len(v) >= 2 and not _NOT_A_TITLE.match(v)


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
    if res.data.get("status") == "issued" and C.TITLE_CUE.search(fc.turn.text):
        # Issued already and the customer wants another title: a person re-issues it. With the
        # title given, the re-issue request goes to them now; without, the title is asked first.
        return await _reissue(fc, frame, order, title, dict(res.data))
    text = R.invoice_done(order, res.data, lang, with_title=bool(title))
    shown = invoice_title(fc.turn.text)
    if title and shown:
        # Read back what was stored, so a mangled title or tax id is caught now, not on the invoice.
        text += R.t(lang, f" On it: {shown}. If anything is wrong, just send the correct details.",
                    f"登记的信息：{shown}。如有错误，直接把正确的信息发给我即可。")
    return out(text, frame, "invoice", {"order": order, "invoice": dict(res.data)})


async def _reissue(fc: FlowContext, frame: Frame, order: dict[str, Any], title: str | None,
                   data: dict[str, Any]) -> Outcome:
    lang = fc.lang
    if not title:
        fc.state.last_flow = NAME          # the title sent next belongs to this invoice
        return out(R.t(lang, f"The invoice for order {order['id']} was already issued; it can be re-issued with another "
                             f"title. What should the new title be (for a personal invoice, your name)?",
                       f"订单 {order['id']} 的发票已经开具，可以更换抬头重开。请问新的抬头写什么？（个人抬头写姓名即可）"),
                   frame, "ask_title", {"order": order, "invoice": data})
    shown = invoice_title(fc.turn.text) or ""          # the redacted form, for the reply and the record
    lines = [f"invoice_reissue order={order['id']} invoice={data.get('invoice_id', '')} new_title={shown}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    tk = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "invoice_reissue",
                                      transcript)
    ticket = tk.data.get("ticket_id") if tk.ok else None
    ref = R.t(lang, f" (ticket {ticket})" if ticket else "", f"（工单号 {ticket}）" if ticket else "")
    hours = int(fc.facts.get("service.reply_within_hours", 24))
    return out(R.t(lang, f"I've asked a colleague to re-issue the invoice for order {order['id']} with the title "
                         f"\"{shown}\"{ref}; the new e-invoice reaches your e-mail, usually within {hours} hours.",
                   f"已为您提交重开发票申请{ref}：订单 {order['id']}，新抬头“{shown}”。同事处理后会把新的电子发票发到您的邮箱，"
                   f"一般 {hours} 小时内。"),
               frame, "reissue", {"order": order, "invoice": data, "ticket": ticket})
