"""#13 (vague13): "where is my refund?" / "我的退款呢" while a return of the customer's is still
open — that return and where its money stands are part of the answer (a refund not issued yet is
waiting for the returned parcel), never "no refund on your account" as if nothing were under way.

    await open_of(fc, order_id=None) -> list of open return requests (the shop's request records)
    said(fc, returns, refunds) -> the lines to add to a refund answer ("" when none is open)
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.state import Frame
from bot.lang import replies as R

# A return still under way: its refund is not final yet (closed, refunded or rejected ones are not).
OPEN = ("requested", "approved", "received", "label_sent", "in_transit", "pending", "open", "processing")
# A refund that already reached its end (then the return's money is told by that refund's own line).
_PAID = ("refunded", "completed", "succeeded")


async def open_of(fc: FlowContext, order_id: str | None = None) -> list[dict[str, Any]]:
    """The customer's open return requests (of `order_id` when given), as the shop holds them."""
    if fc.customer is None:
        return []
    res = await fc.tools.request_status(fc.customer)
    found = list(res.data.get("requests", [])) if res.ok else []
    return [r for r in found if r.get("kind") == "return" and str(r.get("status")) in OPEN
            and (order_id is None or str(r.get("order_id")) == str(order_id))]


def said(fc: FlowContext, returns: Sequence[Mapping[str, Any]], refunds: Sequence[Mapping[str, Any]]) -> str:
    """Each open return with its state and its refund: the refund on record for it, else that it
    is issued once the parcel is back (where the money goes and the usual days, from the facts)."""
    from bot.dialogue import record_status
    from bot.dialogue.flows import side_question
    lang = fc.lang
    rows = []
    for r in returns:
        linked = [f for f in refunds if str(f.get("return_id") or "") == str(r.get("id"))]
        if any(str(f.get("status")) in _PAID for f in linked):
            continue                         # its money is already back: the refund line says so
        en_st, zh_st = R._REQUEST_STATUS.get(str(r.get("status")), (str(r.get("status")), str(r.get("status"))))
        what = record_status.described(fc, r)
        if linked:
            ref = ", ".join(str(f.get("id")) for f in linked)
            money = T.t(lang, f"its refund {ref} is issued once the return reaches our warehouse",
                        f"对应退款 {ref} 会在仓库收到退货后发起")
        else:
            money = side_question.refund_text(fc, Frame("return_request", "done", {"order_id": str(r["order_id"])}))
            money = money.rstrip("。.")
            money = T.t(lang, "no refund is issued yet — " + money[0].lower() + money[1:],
                        "退款尚未发起——" + money)
        rows.append(T.t(lang, f"• {what[0].upper() + what[1:]}: {en_st}; {money}.",
                        f"• {what}：{zh_st}；{money}。"))
    if not rows:
        return ""
    head = T.t(lang, "Your open return:" if len(rows) == 1 else "Your open returns:",
               "您处理中的退货：")
    return "\n".join([head, *rows])
