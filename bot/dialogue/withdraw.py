"""The customer takes back a return or exchange already on record ("never mind, I'll keep it",
"cancel my return", "不退了", "退货取消吧", "换货申请撤销") — #13, keep13.

Such a message is never a new return (nor an order cancel, nor "return or exchange?"): it is
about the open record. The shop interface has no call that withdraws a record, so the reply
names the open record (its id, items and order), says nothing needs to be sent back, and offers
to have a colleague cancel it; a yes opens that case (`offer_next` → hand-off with the record in
its reason), a no leaves the record as it is. General words of both languages only.

    withdraws(text) -> "return" | "exchange" | None
    await answer(fc) -> Outcome | None       # None: nothing open to withdraw, the turn goes on
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import negation
from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome
from bot.lang import cues as C
from bot.lang import display_names
from bot.shop import order_ids

# A record's status that can still be withdrawn (as record_status reads an open return).
_OPEN = ("requested", "approved", "label_sent", "pending", "open")

_REC_EN = r"(?:return|exchange|refund request|swap)"
_REC_ZH = r"(?:退货|换货|退换货|退款)"
# "cancel my return", "withdraw the exchange request", "call off that return", "取消退货申请",
# "退货取消吧", "换货申请撤回", "退货不办了"
_EXPLICIT = re.compile(
    rf"\b(?:cancel|withdraw|revoke|retract|call off|stop|drop|undo)\s+(?:my|the|that|this|our)?\s*"
    rf"(?:\w+\s+){{0,2}}?{_REC_EN}s?\b(?!\s+(?:it|them|this|that|the)\b)|"
    rf"(?:取消|撤销|撤回|撤掉|作废)(?:掉)?(?:我的|这个|那个|这笔|那笔|刚才的|之前的|上次的)?(?:\S{{0,6}}?的)?{_REC_ZH}(?:申请|单)?|"
    rf"{_REC_ZH}(?:申请|单)?(?:就|先|还是)?(?:取消|撤销|撤回|不要了|不办了|不用了|算了|作废)", re.I)
# "I'll keep it (after all)", "留着吧", only together with a changed mind ("never mind", "算了").
_KEEP = re.compile(r"\b(?:keep|keeping)\s+(?:it|them|the \w+|this|that|these)\b|留着|留下|自己留|不寄回|不用寄回", re.I)
# A changed mind said with the keeping: the shared cue (cues.CHANGE_MIND, read beside the keeping
# clause, whose own "keep it" is no change of mind) or the words that say it only next to a keep.
_MIND = re.compile(r"\bafter all\b|\bactually\b|\banymore\b|\bany more\b|\bno longer\b|还是|不想|想了想|再想想", re.I)
# "不退了", "不想退了", "I don't want to return it anymore": the action refused, nothing else asked.
_NOT_ANY_MORE = re.compile(r"不(?:想|用|要|打算|需要)?(?:退|换)(?:货)?了|还是不(?:退|换)|"
                           r"\b(?:don'?t|do not|no longer|not)\s+(?:\w+\s+){0,3}?(?:return|exchange|send)\w*\b.{0,25}"
                           r"\b(?:anymore|any more|after all)\b|"
                           r"\bno longer\s+(?:\w+\s+){0,2}(?:return|exchange)", re.I)


def withdraws(text: str) -> str | None:
    """The kind of record the message takes back ("return" or "exchange"), else None. A message
    that also asks for a return or exchange ("keep the gloves, return the helmet") is that
    request, never a withdrawal."""
    kind = "exchange" if re.search(r"exchang|swap|换货|不换|换了", text, re.I) and \
        not re.search(r"return|refund|退", text, re.I) else "return"
    if _EXPLICIT.search(text):
        return kind
    asked, _ = negation.polarity(text)
    if "return_request" in asked or "exchange_request" in asked:
        return None
    if _NOT_ANY_MORE.search(text):
        return kind
    if _KEEP.search(text) and (_MIND.search(text) or C.CHANGE_MIND.search(_KEEP.sub(" ", text))):
        return kind
    return None


def _open_records(requests: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    return [r for r in requests if r.get("kind") == kind and str(r.get("status")) in _OPEN]


def _pick(fc: FlowContext, records: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The records the message is about: the order written, the item named, the order in focus,
    else the newest one — all of them when nothing narrows several down."""
    own = [str(o["id"]) for o in fc.orders]
    written = order_ids.find_known(fc.turn.text, own)
    if written:
        hit = [r for r in records if str(r.get("order_id")) in written]
        if hit:
            return hit
    from bot.dialogue import matching as M
    named = {(r.order_id, r.sku) for r in M.match_items(fc.turn.text, fc.orders, fc.catalogue) if not r.excluded}
    if named:
        names = {sku: _line_name(fc, oid, sku) for oid, sku in named}
        hit = [r for r in records if any(str(r.get("order_id")) == oid and names[sku] in (r.get("items") or [])
                                         for oid, sku in named)]
        if hit:
            return hit
    focus = str(fc.state.last_order_id or "")
    hit = [r for r in records if str(r.get("order_id")) == focus]
    if hit:
        return hit[-1:]
    return records


def _line_name(fc: FlowContext, order_id: str, sku: str) -> str:
    order = next((o for o in fc.orders if str(o["id"]) == order_id), {})
    line = next((i for i in order.get("items") or [] if str(i.get("sku")) == sku), {})
    return str(line.get("name") or sku)


def _said(fc: FlowContext, r: Mapping[str, Any]) -> str:
    """The record with its id, its lines (named in the customer's language) and its order."""
    lang = fc.lang
    order = fc.order(str(r.get("order_id"))) or {}
    by_name = {str(i.get("name")): i for i in order.get("items") or []}
    names = [display_names.shown_name(by_name[str(n)], lang) if str(n) in by_name else str(n)
             for n in r.get("items") or []]
    items = ("、" if lang == "zh" else ", ").join(names)
    kind = str(r.get("kind"))
    return T.t(lang, f"{kind} {r['id']} ({items}, order {r['order_id']})",
               f"{'换货' if kind == 'exchange' else '退货'}申请 {r['id']}（{items}，订单 {r['order_id']}）")


async def answer(fc: FlowContext) -> Outcome | None:
    """The open record named back with how it is withdrawn (a colleague, offered for a yes)."""
    if fc.customer is None:
        return None
    kind = withdraws(fc.turn.text)
    if kind is None:
        return None
    res = await fc.tools.request_status(fc.customer)
    records = _open_records(list(res.data.get("requests", [])) if res.ok else [], kind)
    if not records:
        return None
    chosen = _pick(fc, records)
    lang = fc.lang
    if len(chosen) > 1:
        listed = T.t(lang, "; ".join(_said(fc, r) for r in chosen), "；".join(_said(fc, r) for r in chosen))
        return Outcome(T.t(lang, f"You have more than one open request: {listed}. Which one would you like to withdraw?",
                           f"您有几个处理中的申请：{listed}。请问要撤销哪一个？"),
                       facts={"requests": [dict(r) for r in chosen]}, step="withdraw_which", intent="refund_status",
                       knowledge_query=False)
    r = chosen[0]
    fc.state.last_order_id = str(r["order_id"])
    what = _said(fc, r)
    text = T.t(lang,
               f"Understood — you'd like to keep it. Your {what} is still open. I can't withdraw it from here "
               "myself, but you don't need to send anything back, and a colleague can cancel it for you. "
               "Shall I ask them to cancel it? (yes/no)",
               f"明白，您{'不想换了' if r['kind'] == 'exchange' else '想留着不退了'}。您的{what}目前还在处理中。我这边不能直接撤销，"
               "您不用寄回任何东西，同事可以帮您取消这个申请。需要我转给同事取消吗？（是/否）")
    reason = f"customer withdraws {r['kind']} {r['id']} (order {r['order_id']}): please cancel it; nothing will be sent back"
    return Outcome(text, facts={"withdraw": {"id": r["id"], "kind": r["kind"], "order_id": r["order_id"]},
                                "offer_next": {"flow": "handoff", "reason": reason, "withdraw": str(r["id"])}},
                   step="withdraw_offer", intent="refund_status", knowledge_query=False)


def done_text(record_id: str, ticket_id: str | None, lang: str) -> str:
    """The yes to the withdrawal offer: the case opened for it, the record named."""
    case = T.t(lang, f" (case {ticket_id})", f"（工单 {ticket_id}）") if ticket_id else ""
    return T.t(lang, f"Done — I've asked a colleague to cancel {record_id}{case}. You don't need to send anything "
                     "back; you'll hear from us once it is withdrawn.",
               f"好的，已请同事取消 {record_id}{case}。您不用寄回任何东西，撤销后会通知您。")
