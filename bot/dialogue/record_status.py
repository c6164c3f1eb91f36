"""The customer's own records asked about, and details given for them (issue #13, info11).

Two kinds of message are about something the shop already holds, not a new request:

- a status question about their own return, exchange or reported case ("what's the status of my
  exchange?", "我的换货进度怎么样了", "any update on the delivery problem I reported?", "之前反映的
  问题一直没人回复") — answered from that record (the request list of that kind; the open case,
  with the message added to it so the colleague sees the chase), never a how-to text, another
  order's status or a new ticket;
- a return parcel's tracking number ("I already sent it back, tracking KF88221133", "寄回的单号是
  …") while a return of theirs is open — said back against that return (the refund starts once
  the warehouse receives it), never read as an order number to look up or a parcel not received.

    asked(text) -> "return" | "exchange" | "case" | None
    return_tracking(text, order_ids) -> str | None
    await answer(fc) -> Outcome | None          # None: nothing on record of that kind, the turn goes on
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome
from bot.lang import cues as C
from bot.lang import display_names
from bot.lang import replies as R
from bot.shop import order_ids

# Words asking how a thing stands (general words of each language).
_STATUS_EN = (r"(?:status|progress|update|news|word|any (?:update|news|word)|what'?s happening|what is happening|"
              r"how'?s|how is|how are|where (?:are we|is|are) (?:with|on)?|going on)")
_STATUS_ZH = (r"(?:进度|到哪|处理到|怎么样了|怎样了|如何了|结果|有(?:消息|进展|回复|结果)(?:了)?吗?|进展|审核|"
              r"还没(?:人)?(?:回复|回我|处理|消息)|一直没(?:人)?(?:回复|回我|处理|消息|回音)|没(?:有)?人(?:回复|回我|回|理|管|处理)|"
              r"没(?:有)?(?:回复|答复|回应|回我))")
_REC_EN = {"return": r"returns?|refund request", "exchange": r"exchanges?|replacement|swap",
           "case": (r"case|ticket|complaint|claim|report|(?:problem|issue|thing)s? (?:i|we) (?:reported|raised|told you about|"
                    r"complained about|mentioned)")}
_REC_ZH = {"return": r"退货(?:申请)?|退款申请", "exchange": r"换货(?:申请)?",
           "case": r"工单|投诉|(?:反馈|反映|报告|提交|说)(?:过)?的.{0,8}?(?:问题|情况|事)"}

# A new request of the same kind ("I want to exchange", "我要退货") is not a status question.
_NEW_REQUEST = re.compile(r"\b(?:i(?:'d| would)? (?:like|want|need) to|can i|could i|how (?:do|can) i|please)\s+"
                          r"(?:return|exchange|swap|send)\b|(?:我(?:想|要)|想要|能不能|可以|怎么)(?:申请)?(?:退货|换货|退)", re.I)


def _pattern(kind: str) -> re.Pattern[str]:
    en, zh = _REC_EN[kind], _REC_ZH[kind]
    return re.compile(
        rf"\b{_STATUS_EN}\b.{{0,30}}\b(?:my|the|that|our)\b.{{0,12}}\b(?:{en})\b|"
        rf"\b(?:my|the|that|our)\s+(?:\w+\s+){{0,2}}(?:{en})\b.{{0,25}}\b(?:status|progress|update|going|doing|"
        rf"processed|approved|sorted|through|moving|heard)\b|"
        # "has the replacement from my exchange shipped yet?": whether its goods left, a status question
        rf"\b(?:has|have|did|was|is)\b.{{0,12}}\b(?:my|the|that|our)\s+(?:[\w-]+\s+){{0,5}}?(?:{en})\b.{{0,40}}"
        rf"\b(?:shipped|sent|dispatched|gone out|left|arrived|on (?:its|the) way)\b|"
        rf"(?:{zh}).{{0,14}}{_STATUS_ZH}", re.I)


_ASKED = {kind: _pattern(kind) for kind in ("case", "exchange", "return")}


# The money of a return already made ("退货的钱什么时候退回来", "when do I get the refund for my
# return?"): that return's refund timeline, never a how-to text or "a return already exists".
_MONEY = re.compile(r"退款|退钱|钱|\brefund|\bmoney\b", re.I)
_WHEN = re.compile(r"什么时候|多久|几天|啥时候|何时|哪天|\bwhen\b|\bhow long\b|\bhow soon\b|\bhow many (?:more )?days\b",
                   re.I)
_RETURN_WORD = re.compile(r"退货|寄回|退回去|\breturn(?:ed|ing)?\b|\bsent (?:it|them) back\b", re.I)
# The return label of a request on record ("where's the label for my return?", "退货面单还没收到").
_LABEL = re.compile(r"\blabels?\b|面单|退货标签|寄回标签", re.I)
_MISSING = re.compile(r"\bwhere\b|\bwhen\b|\bhaven'?t\b|\bhasn'?t\b|\bnot (?:got|gotten|received|arrived)\b|\bdidn'?t\b|"
                      r"\bno\b|\bstill\b|\bany\b|\?|哪|没收到|没有收到|还没|什么时候|怎么|吗", re.I)


def asked(text: str) -> str | None:
    """The kind of the customer's own record a status question is about, or None ("label" and
    "refund" are questions about an open return: its label, its money)."""
    if _NEW_REQUEST.search(text):
        return None
    for kind in ("case", "exchange", "return"):      # (the case first: "the return problem I reported")
        if _ASKED[kind].search(text):
            return kind
    if _LABEL.search(text) and _MISSING.search(text):
        return "label"
    if _RETURN_WORD.search(text) and _MONEY.search(text) and _WHEN.search(text):
        return "refund"
    return None


# "any update?" / "有进展吗" with no record word: about an open case, when one is open.
_UPDATE = re.compile(r"\bany (?:update|news|progress)\b|有(?:新的?)?(?:进展|消息|结果)(?:了)?吗|进展(?:如何|怎么样)", re.I)
# A question whether (or why) the customer must pay something ("do I have to pay again?", "why
# should I pay this tax?", "那我还要再付一次吗"): with a case open, the shop's rule answers it.
_PAYS = re.compile(r"\b(?:do|will|should|must|would)\s+i\s+(?:have|need)\s+to\s+pay\b|\b(?:have|need) to pay\b.{0,30}\?|"
                   r"\bpay (?:again|twice|extra|more|anything)\b|\bwhy (?:should|do|must|would) i (?:have to )?pay\b|"
                   r"\bwho pays\b|\bam i (?:charged|paying)\b|"
                   r"(?:还要|还得|要不要|需要|需不需要|得)(?:我)?(?:再)?(?:付|交|支付|缴|出钱)|为什么(?:还)?要?(?:我)?(?:付|交|缴)|"
                   r"(?:收费|要钱|另外收|额外收).{0,2}吗", re.I)
_PAY_PAGE = re.compile(r"\bpay|\btax|\bdut(?:y|ies)\b|\bfees?\b|\bcost|\bfree\b|\bcharge|付|税|费|免费", re.I)


# "still no scan", "床垫还是没有物流更新": a parcel that still shows nothing — with a delivery case
# open, a chase of that case (added to it, what it shows said), never the help page on tracking.
_STILL_NOTHING = re.compile(
    r"\bstill\b.{0,25}?\b(?:no|nothing|not|hasn'?t|isn'?t|haven'?t|won'?t|doesn'?t|didn'?t)\b|"
    r"\b(?:no|zero)\s+(?:new\s+)?(?:scans?|tracking|movement|updates?)\b.{0,20}?\b(?:still|yet|again)\b|"
    r"(?:还是|仍然|依然|一直|到现在|至今)(?:都|也)?(?:没|没有|无|不)|还(?:是)?没有任何", re.I)
# "which order hasn't arrived yet?": a question about the orders, no chase of a case.
_WHICH = re.compile(r"哪个|哪一|哪些|\bwhich\b", re.I)
_PARCEL_WORD = re.compile(r"\bparcels?\b|\bpackages?\b|\bscans?\b|\btracking\b|\bdeliver|\barriv|\bcourier|"
                          r"\bmov(?:ed|ing|ement)\b|\bupdates?\b|\bshow(?:s|ing)?\b|"
                          r"物流|快递|包裹|扫描|轨迹|送货|配送|到货|签收|更新|送到|收到|动静|预约", re.I)


def still_nothing(text: str) -> bool:
    """The message says a parcel still shows nothing ("still no scan on my parcel", "还是没有物流更新")."""
    return bool(_STILL_NOTHING.search(text) and _PARCEL_WORD.search(text)) and not _WHICH.search(text)


async def _delivery_case_chased(fc: FlowContext) -> Outcome | None:
    """"Still no scan" while a delivery case of theirs is open: that case gets the message and says
    what it and its order show (tickets.refer). None without an open delivery case."""
    from bot.dialogue import context as CX
    from bot.dialogue.flows import tickets
    listed = await CX.customer_tickets(fc.tools, fc.customer) or []
    own = {str(o["id"]) for o in fc.orders}
    if not any(t.get("status") in CX.OPEN_TICKET and t.get("reason") == "delivery_issue"
               and (not t.get("order_id") or str(t["order_id"]) in own) for t in listed):
        return None
    referred = await tickets.refer(fc, "delivery_issue", asked=True)
    if referred is None or "ticket" not in referred.facts:
        return referred
    case = next((t for t in listed if str(t["id"]) == str(referred.facts["ticket"])), None)
    return referred if case is not None and case.get("reason") == "delivery_issue" else None


def pays(text: str) -> bool:
    """True when the message asks whether or why the customer has to pay something."""
    return bool(_PAYS.search(text))


async def case_question(fc: FlowContext) -> Outcome | None:
    """A pay question about the matter of a case open in this conversation: the shop's own rule
    (its page on that matter) answers it, the question goes onto the case, and the case is named
    — never only "a case is already open". None when no case is open here."""
    from bot.dialogue import context as CX
    from bot.dialogue.flows.delivery import CUSTOMS, shop_page
    held = [(k.split(":", 1)[0], k.split(":", 1)[1], v) for k, v in fc.state.opened.items()
            if k.split(":", 1)[0] in ("delivery", "payment", "case")]
    if not held:
        return None
    listed = await CX.customer_tickets(fc.tools, fc.customer) or []
    open_ids = {str(t["id"]) for t in listed if t.get("status") in CX.OPEN_TICKET}
    held = [h for h in held if str(h[2]) in open_ids]
    if not held:
        return None
    kind, order_id, case = held[-1]
    lang = fc.lang
    customs = bool(CUSTOMS.search(fc.turn.text)) or any(CUSTOMS.search(t) for r, t in fc.history[-4:] if r == "user")
    added = await CX.add_to_case(fc.tools, fc.customer, str(case), fc.turn.text,
                                 f"customer question on case {case} order={order_id or '-'}")
    fc.state.last_order_id = order_id or fc.state.last_order_id
    ref = T.t(lang, f" Your case {case}" + (f" for order {order_id}" if order_id else "") + " stays open"
              + (" and I've added this question to it." if added else "."),
              f"您的工单 {case}" + (f"（订单 {order_id}）" if order_id else "") + "仍在处理中"
              + ("，这个问题我也已补充到工单里。" if added else "。"))
    remedy = fc.facts.text("delivery.remedy", lang) if kind == "delivery" else ""
    # (one language per query: words of the other language pull the other language's page first)
    page = shop_page(fc, T.t(lang, "customs duty import tax sales tax pay", "海关 清关 关税 税费 付款"), CUSTOMS) \
        if customs else ""
    order = fc.order(order_id)
    abroad = None
    if customs and order is not None:
        from bot.dialogue import timing as TM
        from bot.dialogue.flows.product_info import shop_currency
        abroad = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency"))).international
    if abroad is False:
        # the case's parcel never crosses a border: no customs, nothing to pay for it
        text = T.t(lang, f"Order {order_id} is delivered within the country, so it goes through no customs and "
                         "there is no import tax to pay on it.",
                   f"订单 {order_id} 是国内配送，不经过海关，也不需要缴纳进口税费。")
    elif page:
        text = page
    elif remedy and not customs:
        # a parcel case: nothing is paid again — what the case leads to is the shop's own remedy
        text = T.t(lang, f"You don't pay anything again for this parcel: {remedy}.",
                   f"这个包裹您不需要再付任何费用：{remedy}。")
    else:
        text = T.t(lang, "Our help pages don't say whether anything has to be paid for this, so the colleague on the "
                         "case will answer it.",
                   "我们的帮助页面没有说明这种情况是否需要付费，负责工单的同事会给您答复。")
    text = text + ref if lang == "zh" else text + ref
    return Outcome(text, step="case_question", intent="other",
                   facts={"ticket": case, "case_updated": added, "order_id": order_id}, knowledge_query=False)


# A return parcel's tracking: its cue, then the number within a few characters.
_TRACK_CUE = re.compile(r"(tracking(?: number| no\.?| code| id)?|return label|waybill|consignment|"
                        r"sent (?:it|them|the \w+) back|shipped (?:it|them) back|posted (?:it|them)(?: back)?|"
                        r"dropped (?:it|them) off|快递单号|运单号|物流单号|退货单号|单号|寄回|寄出|退回去|寄走)", re.I)
_TOKEN = re.compile(r"(?<![0-9A-Za-z-])(?=[0-9A-Za-z-]*\d[0-9A-Za-z-]*\d)[0-9A-Za-z][0-9A-Za-z-]{6,28}[0-9A-Za-z](?![0-9A-Za-z-])")
_OPEN_RETURN = ("requested", "approved", "label_sent", "in_transit", "pending", "open")


def return_tracking(text: str, own_ids: Sequence[str]) -> str | None:
    """The tracking number a message gives (after its cue), when it is none of the customer's orders."""
    if not _TRACK_CUE.search(text):
        return None
    found = [m.group(0) for m in _TOKEN.finditer(text)
             if sum(ch.isdigit() for ch in m.group(0)) >= 6
             and order_ids.resolve(m.group(0), own_ids) is None and not order_ids.find_known(m.group(0), own_ids)]
    return found[0] if len(found) == 1 else None


async def answer(fc: FlowContext) -> Outcome | None:
    """A status question about a record of the customer's, or a return parcel's tracking number."""
    if fc.customer is None:
        return None
    own = [str(o["id"]) for o in fc.orders]
    tracking = return_tracking(fc.turn.text, own)
    kind = asked(fc.turn.text)
    if tracking is None and kind is None:
        if pays(fc.turn.text):
            return await case_question(fc)
        if still_nothing(fc.turn.text):
            chased = await _delivery_case_chased(fc)
            if chased is not None:
                return chased
        if _UPDATE.search(fc.turn.text):
            # "有进展吗" / "any update?" from a customer with an open case: that case and what its
            # order shows (tickets.refer; None when no case is open — the usual status answer).
            from bot.dialogue.flows import tickets
            return await tickets.refer(fc, None, asked=True)
        return None
    if kind == "case":
        from bot.dialogue.flows import tickets
        referred = await tickets.refer(fc, None, asked=True)
        if referred is not None and C.SAFETY.search(fc.turn.text):
            # a hazard already reported: the safety advice again, with the chase on that case
            referred.answer = T.t(fc.lang, "Please keep it switched off and don't use it meanwhile. ",
                                  "在此期间请先停止使用、不要通电。") + referred.answer
        return referred
    res = await fc.tools.request_status(fc.customer)
    requests = list(res.data.get("requests", [])) if res.ok else []
    if tracking is not None and kind is None:
        open_ = [r for r in requests if r.get("kind") == "return" and str(r.get("status")) in _OPEN_RETURN]
        if not open_:
            return None
        return _tracking_reply(fc, open_, tracking)
    if kind in ("label", "refund"):
        open_ = [r for r in requests if str(r.get("status")) in _OPEN_RETURN
                 and (r.get("kind") == "return" or kind == "label")]
        if not open_:
            return None               # nothing open: the usual rules (a refund look-up, a how-to)
        # "the label for my return" / "换货的面单": the kind the message names, when it has one open
        named = "exchange" if C.EXCHANGE_WORD.search(fc.turn.text) else "return" if _RETURN_WORD.search(fc.turn.text) \
            else None
        open_ = [r for r in open_ if r.get("kind") == named] or open_
        return _open_reply(fc, open_, kind)
    mine = [r for r in requests if r.get("kind") == kind]
    if not mine:
        if not requests:
            return None               # nothing on record: the usual rules answer (a how-to, a new request)
        none = T.t(fc.lang, f"I don't see an {kind} request on your account. ",
                   f"您的账户下没有{'换货' if kind == 'exchange' else '退货'}申请。")
        return Outcome(none + R.request_list(requests, fc.lang), facts={"requests": requests}, step="request_status",
                       intent="refund_status", knowledge_query=False)
    if len({r["order_id"] for r in mine}) == 1:
        fc.state.last_order_id = str(mine[0]["order_id"])
    return Outcome(listed(fc, mine), facts={"requests": mine}, step="request_status",
                   intent="refund_status", knowledge_query=False)


def listed(fc: FlowContext, requests: list[dict[str, Any]]) -> str:
    """The requests with their units of each line, status and next step (the shop's label
    sentence while a label is still to come)."""
    lang = fc.lang
    lines = []
    for r in requests:
        en_st, zh_st = R._REQUEST_STATUS.get(str(r.get("status")), (str(r.get("status")), str(r.get("status"))))
        said = described(fc, r)
        nxt = _EXCHANGE_NEXT.get(str(r.get("status"))) if r.get("kind") == "exchange" else None
        if nxt and str(r.get("status")) != "requested":
            en_st, zh_st = f"{en_st} — {nxt[0]}", f"{zh_st}，{nxt[1]}"
        lines.append(T.t(lang, f"• {said[0].upper() + said[1:]}: {en_st}", f"• {said}：{zh_st}"))
    told = _label_sentence(fc) if any(str(r.get("status")) == "requested" for r in requests) else ""
    body = "\n".join(lines) + (("\n" + told) if told else "")
    return T.t(lang, f"Here is where your requests stand:\n{body}", f"您的申请进度如下：\n{body}")


def _tracking_reply(fc: FlowContext, open_: list[dict[str, Any]], tracking: str) -> Outcome:
    lang = fc.lang
    if len(open_) > 1:
        listed = "; ".join(f"{r['id']} ({T.t(lang, 'order', '订单')} {r['order_id']})" for r in open_[:5])
        return Outcome(T.t(lang, f"Thanks for the tracking number {tracking}. Which return is it for: {listed}?",
                           f"收到退货单号 {tracking}。请问是哪个退货申请的：{listed}？"),
                       step="choose_return", intent="return_request", facts={"requests": open_[:5]},
                       knowledge_query=False)
    r = open_[0]
    fc.state.last_order_id = str(r["order_id"])
    text = T.t(lang, f"Thanks — tracking number {tracking} is for your return {r['id']} (order {r['order_id']}). "
                     "The refund starts once the warehouse receives and checks the parcel; you don't need to do "
                     "anything else meanwhile.",
               f"收到，退货快递单号 {tracking} 对应您的退货申请 {r['id']}（订单 {r['order_id']}）。仓库收到并验货后就会开始退款，"
               "这期间您不需要再做其他操作。")
    return Outcome(text, step="return_tracking", intent="return_request",
                   facts={"return": r["id"], "order_id": r["order_id"], "tracking": tracking}, knowledge_query=False)


def described(fc: FlowContext, r: Mapping[str, Any]) -> str:
    """One request said with its id, order, units and date ("1 of 2 × harness" when it covers part
    of a line), in the customer's language."""
    lang = fc.lang
    order = fc.order(str(r.get("order_id"))) or {}
    lines = {str(i.get("sku")): i for i in order.get("items") or []}
    parts = []
    for q in r.get("quantities") or []:
        line = lines.get(str(q.get("sku")))
        name = display_names.shown_name(line, lang) if line else str(q.get("sku"))
        of = int(line.get("qty") or 0) if line else 0
        n = int(q.get("qty") or 0)
        part = T.t(lang, f"{n} of {of} × {name}" if of > n else f"{n} × {name}",
                   f"{name} {n} 件（共 {of} 件）" if of > n else f"{name} {n} 件")
        new = _variant_named(fc, str(q.get("new_sku") or ""), lang) if q.get("new_sku") != q.get("sku") else ""
        parts.append(part + (T.t(lang, f" → {new}", f" → 换成 {new}") if new else ""))
    if not parts:
        parts = [str(i) for i in r.get("items") or []]
    what = ("、" if lang == "zh" else ", ").join(parts)
    kind_en, kind_zh = ("return", "退货") if r.get("kind") == "return" else ("exchange", "换货")
    return T.t(lang, f"your {kind_en} {r.get('id')} for order {r.get('order_id')} ({what}), registered on "
                     f"{R.date(r.get('created_at'), 'en')}",
               f"您的{kind_zh}申请 {r.get('id')}（订单 {r.get('order_id')}，{what}，{R.date(r.get('created_at'), 'zh')}提交）")


def _variant_named(fc: FlowContext, sku: str, lang: str) -> str:
    """The catalogue variant `sku` said as the customer sees it ("King/sage"); "" when unknown."""
    from bot.dialogue.info_texts import variant_label
    for product in (fc.catalogue or {}).values():
        for v in product.get("variants") or []:
            if str(v.get("sku")) == sku and sku:
                return variant_label(v, lang)
    return ""


# What an exchange's replacement is doing at each state (the new item ships once the old one is in).
_EXCHANGE_NEXT = {
    "requested": ("the replacement ships once the exchange is approved and your item is back with us",
                  "审核通过、原商品寄回后，新商品就会发出"),
    "approved": ("the replacement hasn't shipped yet; it ships once your item is back with us",
                 "新商品还没有发出，原商品寄回仓库后就会发出"),
    "received": ("your item is back with us; the replacement ships next", "原商品已到仓库，接下来发出新商品"),
}


def _label_sentence(fc: FlowContext) -> str:
    """The shop's own sentence about how the return label is sent ("" when its pages say nothing)."""
    kb = fc.knowledge
    if kb is None:
        return ""
    hits = kb.search(T.t(fc.lang, "return label registered e-mail", "退货 面单 寄回 标签"), lang=fc.lang, k=6,
                     intent="return_request")
    for s in hits:
        if s.lang != fc.lang:
            continue
        for x in re.split(r"(?<=[。！？.!?])\s*", s.text):
            if _LABEL.search(x):
                return x.strip()
    return ""


def _open_reply(fc: FlowContext, open_: list[dict[str, Any]], kind: str) -> Outcome:
    """An open return (or exchange) the question is about: its record, and its label or its money."""
    lang = fc.lang
    if len({str(r["order_id"]) for r in open_}) > 1:
        named = fc.slots_given().get("order_id")
        open_ = [r for r in open_ if str(r["order_id"]) == str(named)] or open_
    if len(open_) > 1:
        body = "\n".join(f"• {described(fc, r)}" for r in open_[:5])
        return Outcome(T.t(lang, f"You have these open requests:\n{body}\nWhich one is it about?",
                           f"您有这些处理中的申请：\n{body}\n请问是哪一个？"),
                       step="request_status", intent="refund_status", facts={"requests": open_[:5]},
                       knowledge_query=False)
    r = open_[0]
    fc.state.last_order_id = str(r["order_id"])
    said = described(fc, r)
    head = T.t(lang, said[0].upper() + said[1:] + " — it is still open, so nothing new needs to be opened. ",
               f"{said}仍在处理中，无需重新申请。")
    if kind == "label":
        told = _label_sentence(fc)
        rest = T.t(lang, (told + " " if told else "") + "If the label hasn't reached you, a colleague can send it "
                         "again — shall I pass this on?",
                   told + "如果您还没收到面单，可以让同事重新发送——需要我帮您转交吗？")
        facts: dict[str, Any] = {"requests": [r], "offer_next": {"flow": "handoff", "reason": f"return label for {r['id']}"}}
        return Outcome(head + rest, step="request_status", intent="return_request", facts=facts, knowledge_query=False)
    from bot.dialogue.flows import side_question
    from bot.dialogue.state import Frame
    money = side_question.refund_text(fc, Frame("return_request", "done", {"order_id": str(r["order_id"])}))
    return Outcome(head + money, step="request_status", intent="refund_status",
                   facts={"requests": [r]}, knowledge_query=False)
