"""The customer takes back a return or exchange already on record ("never mind, I'll keep it",
"cancel my return", "不退了", "退货取消吧", "换货申请撤销") — #13, keep13, withdraw14.

Such a message is never a new return (nor an order cancel, nor "return or exchange?"): it is
about the open record. The reply names the record (its id, lines and order) and says what
withdrawing it does (nothing to send back, the pending refund / the replacement dropped), for a
yes (`offer_next` {"flow": "withdraw"}; the engine takes its yes / no first); the yes withdraws
it through the shop (`ShopTools.withdraw_request`), a no leaves it as it is. Several open
requests: the customer is asked which (`offer_next` {"flow": "withdraw_which"}), the next
message picks one by id, order, item or kind. "Cancel my return and exchange it instead" is the
withdrawal plus the exchange of the same lines, started on the same yes (`then`). General words
of both languages only; the shop's records decide which request is meant.

    read(text) -> Withdrawal | None
    withdraws(text) -> "return" | "exchange" | None
    await answer(fc, offered=None) -> Outcome | None   # None: nothing open to withdraw, the turn goes on
    await confirm(fc, offered) -> (Outcome, exchange slots | None)   # the yes
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue import actions, negation
from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome
from bot.lang import cues as C
from bot.lang import display_names
from bot.shop import codes, order_ids

# A record's status that can still be withdrawn (as record_status reads an open return).
_OPEN = ("requested", "approved", "label_sent", "pending", "open")

_REC_EN = r"(?:return|exchange|refund request|swap)"
_REC_ZH = r"(?:退货|换货|退换货|退款)"
# "cancel my return", "withdraw the exchange request", "call off that return", "取消退货申请",
# "退货取消吧", "换货申请撤回", "退货不办了"
_EXPLICIT = re.compile(
    rf"\b(?:cancel|withdraw|revoke|retract|call off|stop|drop|undo|scrap|forget|abort|kill|nix)\s+(?!to\b)"
    rf"(?:about\s+)?(?:my|the|that|this|our)?\s*"
    rf"(?:\w+\s+){{0,2}}?{_REC_EN}s?\b(?!\s+(?:it|them|this|that|the)\b)|"
    rf"(?:取消|撤销|撤回|撤掉|作废)(?:掉)?(?:我的|这个|那个|这笔|那笔|刚才的|之前的|上次的)?(?:\S{{0,6}}?的)?{_REC_ZH}(?:申请|单)?|"
    # "撤回申请", "取消呢个申请", "I'll withdraw it", "withdraw my request": the request itself named
    # (only an open record makes it a withdrawal: `answer` finds none otherwise)
    rf"(?:取消|撤销|撤回|撤掉|作废)(?:掉)?(?:我的|这个|那个|刚才的|之前的|个)?(?:个)?申请|"
    rf"\b(?:withdraw|retract|revoke)\s+(?:it|that|this|(?:my|the|that|this)\s+(?:request|application|claim))\b|"
    rf"{_REC_ZH}(?:申请|单)?(?:就|先|还是)?(?:取消|撤销|撤回|不要了|不办了|不用了|算了|作废)|"
    rf"{_REC_ZH}(?:申请|单)?(?:帮我|给我|麻烦|请)?(?:撤了|撤掉|撤一下|撤销|撤回|取消掉|别办了|不用办了|不办了|别弄了|不弄了)|"
    # "退货不退了", "换货我不换了": the request named, then the same action refused
    rf"(?:退货|退款|换货)(?:申请|单)?\S{{0,4}}?不(?:想|用|要|打算)?(?:退|换)(?:货)?了|"
    # "I no longer want to return the duvet cover": the request refused in so many words
    rf"\bno longer\s+(?:want|need|wish)\s+(?:to\s+)?(?:return|exchange|send\b[^.]{{0,20}}\bback)|"
    # "never mind (about) the return", "changed my mind about the exchange", "no need for the return"
    rf"\b(?:never ?mind|nvm|changed my mind|no need for|forget about|don'?t need)\s+(?:about\s+)?"
    rf"(?:my|the|that|this)?\s*(?:\w+\s+)?{_REC_EN}", re.I)
# "I'll keep it (after all)", "留着吧", only together with a changed mind ("never mind", "算了").
_KEEP = re.compile(r"\b(?:keep|keeping)\s+(?:it|them|the \w+|this|that|these|both)\b|\bhang on to\b|"
                   r"留着|留下|留住|留返|留低|自己留|不寄回|不用寄回", re.I)
# A changed mind said with the keeping: the shared cue (cues.CHANGE_MIND, read beside the keeping
# clause, whose own "keep it" is no change of mind) or the words that say it only next to a keep.
_MIND = re.compile(r"\bafter all\b|\bactually\b|\banymore\b|\bany more\b|\bno longer\b|还是|不想|想了想|再想想|"
                   # "我留返自己用": kept for their own use, the request given up
                   r"自己用|自用|算了|算啦|\bmyself\b", re.I)
# "不退了", "不想退了", "I don't want to return it anymore": the action refused, nothing else asked.
_NOT_ANY_MORE = re.compile(r"不(?:想|用|要|打算|需要)?(?:退|换)(?:货)?(?:了|喇|啦|嘞|咯)|还是不(?:退|换)|"
                           r"\b(?:don'?t|do not)\s+(?:want\s+(?:to\s+)?|need\s+(?:to\s+)?)?(?:refund|return)\s+"
                           r"(?:me|it|them)\b.{0,40}\b(?:rather|instead)\b|"
                           r"\b(?:don'?t|do not|no longer|not)\s+(?:\w+\s+){0,3}?(?:return|exchange|send)\w*\b.{0,25}"
                           r"\b(?:anymore|any more|after all)\b|"
                           r"\bno longer\s+(?:\w+\s+){0,2}(?:return|exchange)", re.I)


# "… and exchange it instead", "改成换货", "换成M码": the lines of the return exchanged after all.
_INSTEAD = re.compile(r"\b(?:exchange|swap|replace)\w*\b|\b(?:a|an)\s+(?:\w+\s+)?(?:size|one)\b.{0,10}\binstead\b|"
                      r"换货|换成|换个|换一?[个件双]|改成换|改换|换\s*[A-Za-z0-9]{1,4}\s*码|换[大小]一?号", re.I)


@dataclass(frozen=True)
class Withdrawal:
    kind: str              # "return" | "exchange": the record taken back
    instead: bool = False  # a return withdrawn for an exchange of the same lines


def read(text: str) -> Withdrawal | None:
    """The request the message takes back, else None. A message that also asks for a return or
    exchange ("keep the gloves, return the helmet") is that request, never a withdrawal — except
    a return taken back for an exchange ("不退了，换成M码吧"): that is both, on one yes."""
    has_return = bool(re.search(r"return|refund|退", text, re.I))
    kind = "exchange" if re.search(r"exchang|swap|换货|不(?:想|用|要)?换|换(?:了|喇|啦)", text, re.I) and not has_return else "return"
    if kind == "return" and has_return and _INSTEAD.search(text) and (
            _EXPLICIT.search(text) or _NOT_ANY_MORE.search(text)):
        return Withdrawal("return", instead=True)
    if _EXPLICIT.search(text):
        return Withdrawal(kind)
    asked, _ = negation.polarity(text)
    if "return_request" in asked or "exchange_request" in asked:
        return None
    if _NOT_ANY_MORE.search(text):
        return Withdrawal(kind)
    if _KEEP.search(text) and (_MIND.search(text) or C.CHANGE_MIND.search(_KEEP.sub(" ", text))):
        return Withdrawal(kind)
    return None


def declines(text: str) -> bool:
    """The message gives up a return or exchange and asks for nothing else ("算了不换了",
    "我留下自己用", "撤回申请", "I'll keep it"): a no to that request's confirm or offer."""
    got = read(text)
    return got is not None and not got.instead


def withdraws(text: str) -> str | None:
    """The kind of record the message takes back ("return" or "exchange"), else None."""
    got = read(text)
    return got.kind if got is not None else None


def _open_records(requests: Sequence[Mapping[str, Any]], kind: str) -> list[Mapping[str, Any]]:
    return [r for r in requests if r.get("kind") == kind and str(r.get("status")) in _OPEN]


def _pick(fc: FlowContext, records: list[Mapping[str, Any]], focus: bool = True) -> list[Mapping[str, Any]]:
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
    if not focus:
        return records
    in_focus = str(fc.state.last_order_id or "")
    hit = [r for r in records if str(r.get("order_id")) == in_focus]
    return hit or records        # (several on the order in focus: the customer says which)


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



_ORDINAL = (re.compile(r"\b(?:first|1st)\b|第一|头一个|前一个|^\s*1\s*$", re.I),
            re.compile(r"\b(?:second|2nd)\b|第二|后一个|^\s*2\s*$", re.I),
            re.compile(r"\b(?:third|3rd)\b|第三|^\s*3\s*$", re.I))


def _chosen_by_words(fc: FlowContext, records: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Of the requests listed, the ones the answer to "which one?" names: its id, its order, an
    item, its kind ("the exchange"), or its place in the list ("the second one")."""
    text = fc.turn.text
    by_id = [r for r in records if str(r.get("id")).lower() in text.lower()]
    if by_id:
        return by_id
    for n, cue in enumerate(_ORDINAL):
        if cue.search(text) and n < len(records):
            return [records[n]]
    kinds = {"exchange": re.search(r"exchang|swap|换货|换的", text, re.I), "return": re.search(r"return|退货|退的", text, re.I)}
    if bool(kinds["exchange"]) != bool(kinds["return"]):
        hit = [r for r in records if kinds.get(str(r.get("kind")))]
        if hit:
            return hit
    picked = _pick(fc, records, focus=False)      # (the order in focus is no answer to "which?")
    return picked if len(picked) < len(records) else []


def _what_happens(r: Mapping[str, Any], lang: str, instead: bool) -> str:
    """What the withdrawal does to the label / the refund / the replacement, said before the yes."""
    if r.get("kind") == "exchange":
        text = T.t(lang, "You keep the item you have and no replacement will be sent; nothing needs to be sent back.",
                   "您手上的商品留着，不会再寄出换货商品，也不用寄回任何东西。")
    else:
        text = T.t(lang, "Nothing needs to be sent back (any return label for it won't be needed), and the refund "
                         "waiting on this return is cancelled with it.",
                   "您不用寄回任何东西（退货面单也不用再用），这笔退货对应的待退款会一并取消。")
    if instead:
        text += T.t(lang, " Then I'll set up an exchange of the same item instead.",
                    " 然后我帮您改为同一件商品的换货。")
    return text


# A record's status past withdrawing, and the rule that says so.
_LATE = {"received": codes.ALREADY_RECEIVED, "partially_received": codes.ALREADY_RECEIVED,
         "inspected": codes.ALREADY_RECEIVED, "refunded": codes.ALREADY_REFUNDED, "shipped": codes.ALREADY_SHIPPED}
# "cancel R-002", "withdraw RMA-17", "R-002 撤回吧": a cancel word beside a request's own id.
_CANCEL_ID = re.compile(r"\b(?:cancel|withdraw|revoke|retract|undo|call off|scrap|drop)\b|取消|撤销|撤回|撤掉|作废|不要了|不办了",
                        re.I)


def _names_id(text: str, record_id: str) -> bool:
    """The request's own id written (case as typed, "#" optional), not inside a longer token."""
    return bool(record_id) and re.search(rf"(?<![A-Za-z0-9]){re.escape(record_id.lstrip('#'))}(?![A-Za-z0-9])",
                                         text, re.I) is not None


def _refusal(fc: FlowContext, r: Mapping[str, Any], code: str) -> Outcome:
    """The record named, why it can no longer be withdrawn, and a colleague offered for a yes."""
    lang = fc.lang
    fc.state.last_order_id = str(r["order_id"])
    why = T.t(lang, _REFUSED_EN.get(code, ""), _REFUSED_ZH.get(code, ""))
    text = T.t(lang, f"Your {_said(fc, r)}: {why}. A colleague can look at what is possible from here — shall I "
                     "pass it on? (yes/no)",
               f"您的{_said(fc, r)}：{why}。同事可以帮您看看接下来怎么处理，需要我转给同事吗？（是/否）")
    return Outcome(text, facts={"withdraw": {"id": r["id"], "kind": r["kind"], "order_id": r["order_id"], "refused": code},
                                "offer_next": {"flow": "handoff",
                                               "reason": f"customer wants to withdraw {r['kind']} {r['id']}: {code}"}},
                   step="withdraw_refused", intent="refund_status", knowledge_query=False)


async def answer(fc: FlowContext, offered: Mapping[str, Any] | None = None) -> Outcome | None:
    """The open record named back with what withdrawing it does, for a yes; several: which one?"""
    if fc.customer is None:
        return None
    choosing = offered if offered and offered.get("flow") == "withdraw_which" else None
    said = read(fc.turn.text)
    by_id = said is None and choosing is None and bool(_CANCEL_ID.search(fc.turn.text)) \
        and bool(re.search(r"\d", fc.turn.text))
    if said is None and choosing is None and not by_id:
        return None
    res = await fc.tools.request_status(fc.customer)
    every = list(res.data.get("requests", [])) if res.ok else []
    if by_id:
        # "please cancel R-002", "R-002 撤回吧": a request of theirs named by its id with a cancel word
        named = [r for r in every if _names_id(fc.turn.text, str(r.get("id")))]
        if len(named) != 1:
            return None
        said = Withdrawal(str(named[0].get("kind")))
        every = named
    requests = [r for r in every if str(r.get("status")) in _OPEN]
    if said is not None and choosing is None and not _open_records(requests, said.kind):
        # Taken back too late (received, refunded): said so with the rule, never a new return.
        late = [r for r in every if r.get("kind") == said.kind and str(r.get("status")) in _LATE]
        return _refusal(fc, late[-1], _LATE[str(late[-1].get("status"))]) if late else None
    instead = bool(said.instead) if said is not None else bool(choosing and choosing.get("instead"))
    if choosing is not None:
        listed = [r for r in requests if str(r.get("id")) in [str(x) for x in choosing.get("choices") or []]]
        chosen = _chosen_by_words(fc, listed)
        if not chosen:
            if said is None:
                return None          # the answer was about something else: the turn goes on
            chosen = _pick(fc, _open_records(requests, said.kind)) if _open_records(requests, said.kind) else []
            if not chosen:
                return None
    else:
        assert said is not None
        records = _open_records(requests, said.kind)
        if not records:
            return None
        chosen = _pick(fc, records)
    lang = fc.lang
    if len(chosen) > 1:
        listed_text = "; ".join(f"({n}) {_said(fc, r)}" for n, r in enumerate(chosen, 1)) if lang != "zh" \
            else "；".join(f"（{n}）{_said(fc, r)}" for n, r in enumerate(chosen, 1))
        return Outcome(T.t(lang, f"You have more than one open request: {listed_text}. Which one would you like to withdraw?",
                           f"您有几个处理中的申请：{listed_text}。请问要撤销哪一个？"),
                       facts={"requests": [dict(r) for r in chosen],
                              "offer_next": {"flow": "withdraw_which", "choices": [str(r["id"]) for r in chosen],
                                             "instead": instead}},
                       step="withdraw_which", intent="refund_status", knowledge_query=False)
    r = chosen[0]
    fc.state.last_order_id = str(r["order_id"])
    if r.get("kind") == "return":
        paid = await fc.tools.refund_status(fc.customer, str(r["order_id"]))
        if paid.ok and any(str(f.get("return_id")) == str(r["id"]) and f.get("status") in ("refunded", "processing")
                           for f in paid.data.get("refunds") or []):
            return _refusal(fc, r, codes.ALREADY_REFUNDED)
    what = _said(fc, r)
    exchange = r["kind"] == "exchange"
    head = T.t(lang, f"Understood — you'd like to keep it. Your {what} is still open, so it can be withdrawn.",
               f"明白，您{'不想换了' if exchange else '想留着不退了'}。您的{what}还在处理中，可以撤销。")
    ask = T.t(lang, "Shall I withdraw it? (yes/no)", "要我现在撤销这个申请吗？（是/否）")
    if instead:
        ask = T.t(lang, "Shall I withdraw it and start the exchange? (yes/no)", "要我撤销退货并改为换货吗？（是/否）")
    text = f"{head} {_what_happens(r, lang, instead)} {ask}" if lang != "zh" \
        else f"{head}{_what_happens(r, lang, instead)}{ask}"
    offer: dict[str, Any] = {"flow": "withdraw", "withdraw": str(r["id"]), "kind": str(r["kind"]),
                             "order_id": str(r["order_id"])}
    if instead:
        offer["then"] = _exchange_slots(r, fc.turn.text)
    return Outcome(text, facts={"withdraw": {"id": r["id"], "kind": r["kind"], "order_id": r["order_id"]},
                                "offer_next": offer},
                   step="withdraw_offer", intent="refund_status", knowledge_query=False)


def _exchange_slots(r: Mapping[str, Any], text: str) -> dict[str, Any]:
    """The exchange flow's slots for the lines of the return withdrawn (its words kept as the wish)."""
    items = [{"order_id": str(r["order_id"]), "sku": str(q["sku"]), "qty": int(q.get("qty") or 1), "excluded": False}
             for q in r.get("quantities") or [] if q.get("sku")]
    slots: dict[str, Any] = {"order_id": str(r["order_id"]), "items": items, "wanted_text": text[:300]}
    if len(items) == 1:
        slots["sku"] = items[0]["sku"]
        slots["qty"] = items[0]["qty"]
    return slots


_REFUSED_EN = {
    codes.ALREADY_WITHDRAWN: "it was already withdrawn — there is nothing left to cancel",
    codes.ALREADY_RECEIVED: "the item has already arrived back with us, so it can no longer be withdrawn",
    codes.ALREADY_REFUNDED: "its refund has already been paid, so it can no longer be withdrawn",
    codes.ALREADY_SHIPPED: "the replacement has already been sent, so it can no longer be withdrawn",
    codes.REQUEST_CLOSED: "it is already closed, so there is nothing to withdraw",
}
_REFUSED_ZH = {
    codes.ALREADY_WITHDRAWN: "这个申请已经撤销了，不需要再取消",
    codes.ALREADY_RECEIVED: "商品已经寄回到仓库，这个申请不能再撤销",
    codes.ALREADY_REFUNDED: "这笔退款已经退出，这个申请不能再撤销",
    codes.ALREADY_SHIPPED: "换货商品已经寄出，这个申请不能再撤销",
    codes.REQUEST_CLOSED: "这个申请已经关闭，没有可撤销的",
}


async def confirm(fc: FlowContext, offered: Mapping[str, Any]) -> tuple[Outcome, dict[str, Any] | None]:
    """The yes to the withdrawal offer: the record withdrawn through the shop, said with what it
    means; the exchange slots to start next when the return was withdrawn for one."""
    lang = fc.lang
    kind, rid = str(offered.get("kind") or "return"), str(offered.get("withdraw"))
    res = await actions.withdraw_request(fc.tools, fc.customer, kind, rid)
    if res.ok:
        return Outcome(done_text(rid, kind, lang, bool(offered.get("then"))), facts={"withdrawn": dict(res.data)},
                       step="done", intent="refund_status", knowledge_query=False), \
            (dict(offered["then"]) if isinstance(offered.get("then"), Mapping) else None)
    why = T.t(lang, _REFUSED_EN.get(res.code, ""), _REFUSED_ZH.get(res.code, ""))
    if why:
        text = T.t(lang, f"I couldn't withdraw {rid}: {why}.", f"{rid} 没能撤销：{why}。")
        if res.code in (codes.ALREADY_RECEIVED, codes.ALREADY_REFUNDED, codes.ALREADY_SHIPPED):
            text += T.t(lang, " A colleague can look at what is possible from here — shall I pass it on? (yes/no)",
                        "同事可以帮您看看接下来怎么处理，需要我转给同事吗？（是/否）")
            return Outcome(text, facts={"offer_next": {"flow": "handoff", "reason":
                                                       f"customer wants to withdraw {kind} {rid}: {res.code}"}},
                           step="refused", intent="refund_status", knowledge_query=False), None
        return Outcome(text, step="refused", intent="refund_status", knowledge_query=False), None
    # The shop could not do it now (down, refused for its own reason): a colleague, for a yes.
    text = T.t(lang, f"I couldn't withdraw {rid} from here just now. A colleague can cancel it for you — shall I "
                     "pass it on? (yes/no)",
               f"我这边暂时没能撤销 {rid}，同事可以帮您取消。需要我转给同事吗？（是/否）")
    return Outcome(text, facts={"offer_next": {"flow": "handoff", "withdraw_case": rid, "reason":
                                               f"customer withdraws {kind} {rid}: please cancel it ({res.code})"}},
                   step="refused", intent="refund_status", knowledge_query=False), None


def done_text(record_id: str, kind: str, lang: str, instead: bool = False) -> str:
    """The withdrawal written: what it means for the parcel, the label, the refund or the replacement."""
    if kind == "exchange":
        return T.t(lang, f"Done — exchange {record_id} is withdrawn. You keep the item you have; no replacement "
                         "will be sent and nothing needs to be sent back.",
                   f"好的，换货申请 {record_id} 已撤销。您手上的商品留着，不会寄出换货商品，也不用寄回任何东西。")
    if instead:
        return T.t(lang, f"Done — return {record_id} is withdrawn (its refund is cancelled, no label needed). "
                         "Now the exchange:",
                   f"好的，退货申请 {record_id} 已撤销（对应退款已取消，面单不用再用）。接下来办理换货：")
    return T.t(lang, f"Done — return {record_id} is withdrawn. You keep the item: nothing needs to be sent back "
                     "(don't use the return label if you printed one), and the refund waiting on it is cancelled.",
               f"好的，退货申请 {record_id} 已撤销。商品您留着，不用寄回（退货面单也不用再用），对应的待退款已取消。")
