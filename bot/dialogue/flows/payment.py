"""Payment issue (charged twice, failed payment, wrong amount, price dropped): look at the order
and its refunds, then hand to a person with the facts. The bot never moves money on its own here.

Steps: start → (choose_order) → done (ticket, handoff) | already_open.
"""
from __future__ import annotations

import re

from bot.dialogue import context as CX
from bot.dialogue import payment_hold as PH
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.snippet_focus import focus
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

# Asking when the case is answered or what is left to do ("那要多久", "how long will that take?").
_WHEN_REPLY = re.compile(r"多久|多长时间|什么时候|几天|啥时候|\bhow long\b|\bwhen\b|\bhow soon\b|"
                         r"\b(?:anything|something) else (?:i need|i have|i should|to do)|\bdo i (?:need|have) to\b|"
                         r"还要我|我还需要|需要我做什么|要做什么", re.I)
NAME = "payment_issue"


_MONEY_BACK = re.compile(r"(退回|退给我|到账|退款|钱|\bback\b|\brefund|\bmoney\b|\bwhen\b)", re.I)


def _eligible(order: dict) -> bool:
    return order.get("status") != "cancelled"


# The customer paid a moment ago ("刚付款", "刚刚下单给了钱", "I just paid / just ordered").
JUST_PAID = re.compile(r"(?:刚刚|刚才|刚)(?:才)?.{0,4}(?:付|支付|给了?钱|交了?钱|下单|下了单|买|结账|转账)|"
                       r"\bjust (?:now )?(?:paid|placed|ordered|bought|checked out|made (?:a|the|my) (?:payment|order))\b|"
                       r"\bpaid (?:just now|a (?:moment|minute|few minutes) ago)\b", re.I)


def just_paid(orders: list[dict]) -> str | None:
    """The id of the order placed last among those not cancelled; None when two tie or none is."""
    live = sorted((o for o in orders if _eligible(o) and o.get("placed_at")), key=lambda o: str(o["placed_at"]))
    if not live or (len(live) > 1 and live[-1]["placed_at"] == live[-2]["placed_at"]):
        return None
    return str(live[-1]["id"])


# The shop's refund page says refunds cannot go elsewhere ("only to the original method", "原路退回").
_ONLY_ORIGINAL = re.compile(r"cannot|can'?t|can not|only|always|original|same (?:payment )?method|"
                            r"(?:go(?:es)?|paid|sent|returned|refunded) back to (?:the|your) (?:payment|card|account|method)|"
                            r"原路|原支付|无法|不能|不可以|只能|一律|退回(?:到)?(?:您的)?(?:原|下单时)", re.I)
_REFUND_PAGE = re.compile(r"refund|退款|退回", re.I)


def _refund_rule(fc: FlowContext) -> str:
    """The running shop's own words on where refunds go ("" when its pages do not say)."""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return ""
    query = "退款 原路 退回 支付方式 银行卡" if fc.lang == "zh" else "refund original payment method card account"
    for snip in kb.search(query, lang=fc.lang, k=5) or kb.search(fc.turn.text, lang=fc.lang, k=5):
        if snip.lang == fc.lang and _REFUND_PAGE.search(snip.title + snip.text) \
                and re.search(r"card|account|payment method|卡|账户|支付方式|原路", snip.text, re.I):
            # The page's part for this question; never one that lost the rule's own sentence.
            part = focus(snip.text, fc.turn.text, fc.orders).strip()
            return part if _ONLY_ORIGINAL.search(part) or not _ONLY_ORIGINAL.search(snip.text) else snip.text.strip()
    return ""


async def _refund_elsewhere(fc: FlowContext, frame: Frame, order: dict | None) -> Outcome:
    """"Refund it to my other card": the shop's rule on where refunds go and what this order was paid
    with; when the rule allows another destination (or the shop's pages do not say), a person
    decides it (a ticket with the facts) — the bot never moves a refund itself."""
    lang = fc.lang
    rule = _refund_rule(fc)
    kind = TM.payment_type(fc.customer, order) if order else None
    paid = T.t(lang, f"Order {order['id']} was paid by {T.payment_type(kind, lang)}. ",
               f"订单 {order['id']} 是用{T.payment_type(kind, lang)}支付的。") if order and kind else ""
    if rule and _ONLY_ORIGINAL.search(rule):
        fc.state.finish()
        return out(paid + rule, frame, "refund_destination",
                   {"order": order, "payment_type": kind, "rule": "original_method_only"})
    if order is None:
        fc.state.finish()
        return out(rule or T.t(lang, "Where a refund can go is decided by a colleague for the order in question — "
                                     "tell me the order number and I'll pass it on.",
                               "退款能否退到其他账户需要同事针对具体订单确认——请告诉我订单号，我帮您转交。"),
                   frame, "refund_destination", {"rule": "asked" if not rule else "stated"})
    lines = [f"payment_issue refund_destination order={order['id']} paid_with={kind}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    tk = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, NAME, transcript,
                                      order_id=str(order["id"]))
    ticket = tk.data.get("ticket_id") if tk.ok else None
    if ticket:
        fc.state.opened[f"payment:{order['id']}"] = str(ticket)
    fc.state.finish()
    hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
    ref = T.t(lang, f" (case {ticket})" if ticket else "", f"（工单号 {ticket}）" if ticket else "")
    return out(paid + (f"{rule} " if rule and lang != "zh" else rule)
               + T.t(lang, f"I've asked our billing team to send the refund to the account you want{ref}; they confirm "
                           f"it with you within {hours} hours.",
                     f"已请账务同事按您的要求处理退款去向{ref}，{hours} 小时内与您确认。"),
               frame, "refund_destination", {"order": order, "ticket": ticket, "payment_type": kind}, handoff=True)


# "It's cheaper now, do I get the difference?": a question about a later price, not a charge gone
# wrong (general words of each language, no product words).
PRICE_DROP = re.compile(r"降价|便宜了|便宜|差价|价保|价格保护|打折|促销|特价|price (?:dropped|drop|went down|difference|match|protection)|"
                        r"\bcheaper\b|\bon sale\b|\bsale price\b|\bdiscount(?:ed)?\b|\bdiff(?:erence)? back\b|"
                        r"\b(?:refund|pay) (?:me )?the (?:price )?diff(?:erence)?\b", re.I)
_PRICE_PAGE = re.compile(r"price (?:difference|drop|protection|match|adjust)|差价|降价|价保|价格保护", re.I)


def _price_rule(fc: FlowContext) -> str:
    """The running shop's own words on price drops after purchase ("" when its pages do not say)."""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return ""
    query = "降价 差价 价保 价格保护" if fc.lang == "zh" else "price drop price difference after purchase price protection"
    for snip in kb.search(query, lang=fc.lang, k=5) or []:
        if snip.lang != fc.lang:
            continue
        said = [m.group(0).strip() for m in re.finditer(r"[^.!?。！？]+[.!?。！？]?", snip.text) if _PRICE_PAGE.search(m.group(0))
                and re.search(r"after (?:purchase|buying|ordering|you (?:buy|order|bought|ordered))|once (?:you have )?(?:bought|ordered)|"
                              r"购买后|下单后|买后|购买之后|下单之后", m.group(0), re.I)]
        if said:
            return (" " if fc.lang != "zh" else "").join(said[:2])
    return ""


def _price_difference(fc: FlowContext, frame: Frame, order: dict) -> Outcome:
    """A price-difference question: what the order was charged (the shop's record) and the shop's
    own rule when its pages have one; no case is opened for a question — a person only when asked."""
    lang = fc.lang
    fc.state.finish()
    paid = R.money(order.get("total"), order.get("currency"), lang)
    rule = _price_rule(fc)
    head = T.t(lang, f"Order {order['id']} was charged {paid}, the price at the time of purchase.",
               f"订单 {order['id']} 按下单时的价格支付了 {paid}。")
    if rule:
        body = (" " if lang != "zh" else "") + rule
    else:
        body = T.t(lang, " The shop's policies say nothing about refunding a later price drop; if you'd like a colleague to look at "
                         "it anyway, say \"human\".",
                   "店铺政策里没有关于购买后降价补差的规定；如果您希望同事再看一下，回复“转人工”即可。")
    return out(head + body, frame, "price_difference", {"order": order})


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    take_slots(fc, frame)
    if C.REFUND_ELSEWHERE.search(fc.turn.text):
        given = fc.slots_given()
        named = frame.slots.get("order_id") or given.get("order_id")
        lines = {str(i.get("order_id")) for i in given.get("items") or frame.slots.get("items") or [] if not i.get("excluded")}
        named = named or (next(iter(lines)) if len(lines) == 1 else None)
        order = fc.order(named) if named else (fc.order(fc.state.last_order_id) if fc.state.last_order_id else None)
        if order is None and len(fc.orders) == 1:
            order = fc.orders[0]
        found = await fc.tools.refund_status(fc.customer, str(order["id"]) if order else None)
        if found.ok and found.data.get("refunds"):
            # A refund already on record: it answers (its status, amount, where it goes) with the rule.
            from bot.dialogue.flows import refunds
            if order is not None:
                frame.slots["order_id"] = order["id"]
            frame.flow = refunds.NAME
            fc.handed_to = refunds.NAME
            return await refunds.other_method(fc, frame)
        return await _refund_elsewhere(fc, frame, order)
    from bot.dialogue import it_order
    back = it_order.referred(fc.turn.text, fc.state.last_order_id, fc.orders) \
        if not frame.slots.get("order_id") and not frame.slots.get("items") else None
    if back is not None:
        frame.slots["order_id"] = back     # "charged twice for it": the order just answered (route13)
    if not frame.slots.get("order_id") and not frame.slots.get("items") and JUST_PAID.search(fc.turn.text):
        newest = just_paid(fc.orders)
        if newest is not None:
            frame.slots["order_id"] = newest   # "I just paid and was charged twice": the order paid last
    CX.narrow_order(fc, frame, [o for o in fc.orders if _eligible(o)])
    was = frame.step
    order, ask = await resolve_order(fc, frame, _eligible, "payment", "付款问题")
    if ask is not None:
        if was == "choose_order" and ask.step == "choose_order" and _WHEN_REPLY.search(fc.turn.text):
            # "ok, how long will that take?" to "which order?": answered, then the order asked
            # again — never the same question alone, in a loop (records14)
            hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
            ask.answer = T.t(fc.lang, f"Once I know the order, our billing team checks its payment records and replies "
                                      f"within {hours} hours. ",
                             f"确定是哪个订单后，账务同事会核对支付记录，{hours} 小时内回复您。") + ask.answer
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    key = f"payment:{order['id']}"
    kind = TM.payment_type(fc.customer, order)
    days = fc.facts.refund_days(kind, lang)
    method = T.payment_type(kind, lang) if kind else ""
    if not fc.state.opened.get(key):
        # A billing case the shop already holds for this order: referred to, not opened again.
        found = await CX.open_case(fc.tools, fc.customer, NAME, str(order["id"]))
        if found:
            fc.state.opened[key] = str(found["id"])
    if fc.state.opened.get(key):
        followed = fc.state.last_flow == NAME     # a detail right after the answer: the engine says "noted"
        fc.state.finish()
        text = T.already_open(NAME, fc.state.opened[key], lang)
        if order.get("status") == "pending" and not followed:
            text = _unpaid_head(order, lang) + " " + text if lang != "zh" else _unpaid_head(order, lang) + text
        if await CX.add_to_case(fc.tools, fc.customer, fc.state.opened[key], fc.turn.text,
                                f"payment_issue follow-up order={order['id']} status={order['status']}") \
                and not followed:
            text += T.t(lang, " I've added your new message to the case.", "您这条补充已记到工单里。")
        if _WHEN_REPLY.search(fc.turn.text) and not _MONEY_BACK.search(fc.turn.text):
            # "好的 那要多久", "how long will that take?", "anything else I need to do?": when the
            # colleague answers, and that nothing more is needed — never only "a case is open"
            hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
            text += T.t(lang, f" They check the payment records and reply within {hours} hours; you don't need to do "
                              "anything else meanwhile.",
                        f"同事会核对支付记录，{hours} 小时内回复您，这期间您不需要再做其他操作。")
        if _MONEY_BACK.search(fc.turn.text):
            # "so when do I get the extra back?": when, from this order's payment method.
            where_en, where_zh = (f"your {method}", f"退回{method}") if method else ("your original payment method", "原路退回")
            text += T.t(lang, f" Once a colleague has verified the charge, the extra amount goes back to {where_en}"
                              + (f", usually within {days}." if days else "."),
                        f"同事核实扣款后，多扣的金额会{where_zh}" + (f"，{TM.arrives_within(days, 'zh')}。" if days else "。"))
            rule = PH.duplicate_rule(fc)
            if rule and order.get("status") != "pending":
                text += (" " if lang != "zh" else "") + rule
        return out(text, frame, "already_open", {"order": order, "ticket": fc.state.opened[key]}, handoff=True)
    if PRICE_DROP.search(fc.turn.text) and not C.CHARGED.search(PRICE_DROP.sub(" ", fc.turn.text)):
        return _price_difference(fc, frame, order)
    if order.get("status") == "pending" and not PH.wants_case(fc.turn.text):
        # An amount shown for an unpaid order: the hold explained (nothing captured), what becomes
        # of it in the shop's words — a question, so no billing case unless one is asked for.
        fc.state.finish()
        sep = " " if lang != "zh" else ""
        text = _unpaid_head(order, lang) + sep + PH.hold_text(fc, order, method) + PH.close(lang)
        return out(text, frame, "payment_hold",
                   {"order": order, "offer_next": {"flow": "handoff", "reason": "payment hold check"}})
    res = await fc.tools.refund_status(fc.customer, order["id"])
    refunds = list(res.data.get("refunds", [])) if res.ok else []
    lines = [f"payment_issue order={order['id']} status={order['status']} total={order.get('total')}"
             f" currency={order.get('currency')} refunds={[(r.get('id'), r.get('amount'), r.get('status')) for r in refunds]}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    tk = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "payment_issue",
                                      transcript, order_id=str(order["id"]))
    ticket = tk.data.get("ticket_id") if tk.ok else None
    if ticket:
        fc.state.opened[key] = str(ticket)
    fc.state.finish()
    hours = int(fc.facts.get("service.reply_within_hours", 24))
    head = _unpaid_head(order, lang) if order.get("status") == "pending" else None
    return out(T.payment_ticket(order, refunds, ticket, hours, days, lang, method=method, head=head), frame,
               "done", {"order": order, "refunds": refunds, "ticket": ticket}, handoff=True)


def _unpaid_head(order: dict, lang: str) -> str:
    """"I paid but it still says unpaid": what the shop shows — no payment has reached it yet."""
    paid = R.money(order.get("total"), order.get("currency"), lang)
    return T.t(lang, f"Order {order['id']} ({paid}) still shows as awaiting payment: no payment has reached the "
                     f"shop yet. If the money has left your account, it is usually a payment still being confirmed.",
               f"订单 {order['id']}（{paid}）目前仍显示待付款，店铺这边还没有收到这笔付款；如果您的账户已经扣款，"
               f"一般是支付还在确认中。")
