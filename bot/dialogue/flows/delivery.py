"""Delivery investigation: a parcel marked delivered but not received, lost, stuck, or damaged in
transit. Never a return offer or a tracking loop: a ticket with the carrier facts, and the
policy's remedy (config/knowledge/facts.toml [delivery], knowledge snippet shipping-lost-parcel).

Steps: start → (choose_order) → done (ticket) | within_normal_time | not_shipped | already_open.
An open case of the customer's for this parcel (this conversation's, or a ticket the shop lists)
is referred to, never duplicated.
"""
from __future__ import annotations

import re

from bot.dialogue import context as CX
from bot.dialogue import customs, lost_worry
from bot.dialogue import late_refund as LR
from bot.dialogue import parcel_wait as PW
from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext, days_between, out, resolve_order, take_slots
from bot.dialogue.flows.product_info import shop_currency
from bot.dialogue.legacy import Outcome
from bot.dialogue.snippet_focus import focus
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R

NAME = "delivery_issue"


# The carrier says it was delivered (whatever the shop's status still reads): a parcel missing at
# the door, investigated at once — never "still within the normal delivery time". The "but / not"
# is in the same sentence: "did it get delivered? also … 4mm not 6mm" is a question and another request.
MARKED_DELIVERED = re.compile(
    r"显示(?:已|已经)?(?:签收|送达|妥投|投递)|(?:已|已经)?签收了?[^.?!。？！]{0,8}(?:没|未|但|可是|却)|(?:送达|妥投)[^.?!。？！]{0,6}(?:没|但|可是|却)|"
    r"(?:说|写着|显示)(?:已经)?(?:送到|到了)|放.{0,4}(?:门口|快递柜|驿站).{0,6}(?:没|找不到)|"
    r"\b(?:says|shows|showing|marked|listed|status is|tracking says|app says)\s+(?:as\s+|it\s+was\s+|it'?s\s+)?"
    r"(?:delivered|dropped off|left)\b|\bdelivered\b[^.?!。？！]{0,40}\b(?:but|yet|never|not|no)\b|"
    r"\b(?:left|dropped off) at (?:my|the) (?:door|porch|mailbox)\b.{0,30}\b(?:not|no|nothing|never)\b", re.I)


# Held by customs, duty or import tax asked about: the shop's customs answer, not a carrier case.
CUSTOMS = re.compile(r"海关|清关|关税|进口税|报关|税费|\bcustoms?\b|\bduty\b|\bduties\b|import (?:tax|vat|fees?|charges?)",
                     re.I)
# What a damaged-parcel page of the shop's knowledge talks about.
DAMAGE_PAGE = re.compile(r"破损|损坏|摔坏|碎|\bbroken\b|\bdamaged?\b|\bcracked\b|\bsmashed\b", re.I)
_ASKS_WHAT = re.compile(r"[?？]|怎么办|怎么处理|要不要|需要.{0,4}(?:交|付|缴)|(?:交|付|缴).{0,4}(?:吗|多少)|what (?:do|should|can) i|"
                        r"do i (?:have|need) to|who pays|how (?:do|can) i|how much", re.I)
# The item itself is flawed (general words of a fault, no product words): it is in the customer's
# hands, so no parcel is missing — unless the message also says the parcel is absent.
ITEM_FAULT = re.compile(r"(弯(?:了|的|掉)|变形|松动|松了|锁不住|拉不上|拉不动|合不上|装不上|装不进|不匹配|对不上|有个?洞|破了个洞|开裂|"
                        r"有(?:个|道|条)?(?:裂|划痕|瑕疵)|质量问题|\bbent\b|\bholes?\b|\btear(s|ing)?\b|\btore\b|"
                        r"\brip(s|ped)?\b|\bsqueak|\brattl|\bwobbl|\bloose\b|\bdefect|\bfaulty\b|\bbroken\b|"
                        r"\bcracked\b|\bcrack\b|\bdo(?:es)? ?n[o']?t fit\b|\bdo(?:es)? not fit\b|\bwon'?t (lock|close|stay|"
                        r"extend|fold|fit|zip|stick)\b|\bfalls? apart\b)", re.I)
# The parcel (or an item of it) is not with the customer: a delivery case, whatever else is said.
ABSENT = re.compile(r"(没收到|未收到|没有收到|收不到|没到|还没来|没送到|找不到|不见了|丢了|寄丢|没看到(?:包裹|快递)|"
                    r"never (got|received|arrived|came|showed up|turned up)|did ?n[o']?t (get|receive|arrive|come)|"
                    r"not (been )?received|have ?n[o']?t (got|gotten|received)|has ?n[o']?t (arrived|come|shown up|turned up)|"
                    r"not (here|arrived|delivered)|where is (my|the)|can'?t find (it|the|my)|nowhere to be found|"
                    r"\blost\b|\bstolen\b)", re.I)


# Tracking that has not moved, in words the shared cue lacks ("no scans for days", "没有扫描记录").
NO_SCANS = re.compile(r"\bno (?:new )?scans?\b|\b(?:hasn'?t|not) been scanned\b|\bno (?:movement|updates?)\b|"
                      r"\bhasn'?t (?:changed|moved)\b|没有?(?:新的?)?扫描|物流.{0,6}(?:没|没有)(?:动|变|更新)|一直没(?:动|更新)", re.I)


def fault_in_hand(text: str) -> bool:
    """A fault of an item the customer holds (it tore, leaks, does not fit its part), said with no
    word of a missing parcel: troubleshooting, never a lost-parcel case. Damage from the carrier
    ("arrived crushed") stays a delivery case."""
    from bot.dialogue import arrival_fault
    if ABSENT.search(text) or arrival_fault.carrier_damage(text):
        return False
    from bot.dialogue import symptoms
    from bot.dialogue.info_cues import FAULT
    return bool(FAULT.search(text) or ITEM_FAULT.search(text) or symptoms.named(text))


KNOWLEDGE_FLOOR = 2.0     # a page must score at least this to be the shop's answer


def shop_page(fc: FlowContext, query: str, about: re.Pattern[str]) -> str:
    """The text of the shop's own knowledge page about `about` (customs, damage), best first;
    "" when the shop has none — a reply then states no rule rather than another shop's."""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return ""
    for snip in kb.search(f"{query} {fc.turn.text}", lang=fc.lang, k=5):
        if snip.score >= KNOWLEDGE_FLOOR and about.search(snip.text) and snip.lang == fc.lang:
            # The part for this question and the order's country, not other countries' rules (#13).
            return focus(snip.text, fc.turn.text, fc.orders).strip()
    return ""


def _customs(fc: FlowContext, frame: Frame, order: dict, tr: TM.Transit) -> Outcome:
    """"Stuck in customs, what do I do?": the order's facts and the shop's customs page; no carrier
    investigation (customs holds it, not the carrier), a person when the shop's pages say nothing."""
    lang = fc.lang
    via = T.carrier(order.get("carrier"), lang)
    tn = order.get("tracking_no") or ""
    shipped = T.date(order.get("shipped_at"), lang)
    seen = T.t(lang, f"Order {order['id']} shipped on {shipped} with {via} (tracking {tn})"
                     f"{' and goes abroad, so customs in the destination country clear it' if tr.international else ''}.",
               f"订单 {order['id']} 于{shipped}由{via}发出（运单号 {tn}）"
               f"{'，寄往境外，需要目的地国家海关清关' if tr.international else ''}。")
    page = shop_page(fc, "customs duty import tax 海关 清关 关税", CUSTOMS)
    fc.state.last_order_id = order["id"]
    fc.state.finish()
    if page:
        if tr.normal_days and tr.normal_days not in page:
            page += customs.transit_line(tr, lang)
        return out(f"{seen} {page}" if lang != "zh" else seen + page, frame, "customs",
                   {"order": order, "international": tr.international, "normal_days": tr.normal_days})
    hours = int(fc.facts.get("service.reply_within_hours", 24) or 24)
    seen += customs.transit_line(tr, lang)
    nxt = T.t(lang, f" Our help pages don't cover customs for this parcel, so a colleague will tell you what to do "
                    f"next — usually within {hours} hours. Say \"human\" and I'll pass it on.",
              f"我们的帮助页面没有这方面的说明，需要同事告诉您下一步怎么做（一般 {hours} 小时内）。回复“人工”我就为您转接。")
    return out(seen + nxt, frame, "customs", {"order": order, "international": tr.international})


def kind_of(text: str, order: dict) -> str:
    if C.TRANSIT_DAMAGE.search(text):
        return "damaged"
    if order.get("status") == "delivered" or MARKED_DELIVERED.search(text):
        return "not_received"
    return "stuck"


def _eligible(order: dict) -> bool:
    return order.get("status") in ("shipped", "delivered")


def _prefer(fc: FlowContext) -> None:
    """A parcel "marked delivered" means a delivered order; "stuck"/"late" a shipped one."""
    text = fc.turn.text
    if MARKED_DELIVERED.search(text) or (C.NOT_RECEIVED.search(text) and not C.STUCK.search(text)):
        # Marked delivered: an order delivered recently enough to report it missing — or, the
        # shop's status lagging behind the carrier's, one still shown as shipped.
        window = float(fc.facts.get("delivery.report_within_days", 0) or 0)
        delivered = [o for o in fc.orders if o.get("status") == "delivered"]
        recent = [o for o in delivered if window and (days_between(o.get("delivered_at"), fc.now) or 0) <= window]
        shipped = [o for o in fc.orders if o.get("status") == "shipped"]
        named = {str(i.get("order_id")) for i in fc.slots_given().get("items") or [] if not i.get("excluded")}
        if named:
            pool = (recent or delivered) + shipped
        elif MARKED_DELIVERED.search(text) or not shipped:
            pool = recent or delivered or shipped
        else:
            # "Still not here" with no word of a delivery scan: the parcel on its way (often one
            # late abroad), never a delivered order the customer did not call delivered.
            pool = shipped
    elif C.TRANSIT_DAMAGE.search(text):
        # Damaged as it arrived: a parcel the customer has, so a delivered order first; one still
        # shown as shipped only when none is (the shop's status lagging behind the carrier's).
        pool = [o for o in fc.orders if o.get("status") == "delivered"] \
            or [o for o in fc.orders if o.get("status") == "shipped"]
    else:
        pool = [o for o in fc.orders if o.get("status") == "shipped"]
    fc.orders_pref = pool


async def _to_open_case(fc: FlowContext, frame: Frame, pref: set[str]) -> list[dict] | None:
    """"Still no front light" from a customer with an open case for that parcel: that order
    (the items named, or nothing named and one case open), never a guess among the others.
    Returns the tickets read (None when the shop cannot list them) for the rest of the turn."""
    tickets = await CX.customer_tickets(fc.tools, fc.customer)
    if tickets is None:
        return None
    cases = {str(t["order_id"]) for t in tickets
             if t.get("reason") == NAME and t.get("status") in CX.OPEN_TICKET and t.get("order_id")}
    cases &= {str(o["id"]) for o in fc.orders}
    named = {str(i.get("order_id")) for i in frame.slots.get("items") or [] if not i.get("excluded")}
    # Nothing named: the case's parcel only when it is the kind of parcel this message is about.
    hit = (cases & named) if named else (cases & {str(p) for p in pref} if pref else cases)
    if len(hit) == 1:
        frame.slots["order_id"] = next(iter(hit))
    return tickets


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    before = (fc.state.last_flow, fc.state.last_order_id)     # what this conversation last answered
    take_slots(fc, frame)
    if CX.others_order(fc.turn.text) and not frame.slots.get("order_id") and not frame.slots.get("items"):
        fc.state.finish()
        return Outcome(R.others_data(lang), step="refused_privacy", intent="other")
    if frame.step == "start" and fault_in_hand(fc.turn.text) and not CUSTOMS.search(fc.turn.text):
        # Read as "delivered but not received", a fault would open a carrier case: the item's remedies instead.
        from bot.dialogue.flows import troubleshoot
        slots = {k: v for k, v in frame.slots.items() if k in ("order_id", "items")}
        new = fc.state.start(troubleshoot.NAME, **slots)
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        fc.handed_to = troubleshoot.NAME
        return await troubleshoot.run(fc, new)
    named = fc.order(str(frame.slots.get("order_id") or ""))
    if frame.step == "start" and named is not None and named.get("status") in ("cancelled", "returned") \
            and LR.MONEY.search(fc.turn.text):
        # "I cancelled X and never got my money back": nothing was to be delivered — the refund
        # of that order is the matter, never a parcel investigation.
        from bot.dialogue.flows import refunds
        new = fc.state.start(refunds.NAME, order_id=str(named["id"]))
        fc.state.paused = [f for f in fc.state.paused if f is not frame]
        fc.handed_to = refunds.NAME
        return await refunds.run(fc, new)
    given = fc.slots_given()
    from bot.dialogue import dispatch_late as DL
    late = [k.split(":", 1)[1] for k in fc.state.opened if k.startswith(DL.REASON + ":")]
    if late and not given.get("order_id") and not given.get("items") and not frame.slots.get("order_id"):
        # "帮我催一下" after an order past its dispatch time was chased: that order's case again,
        # never "which parcel?" among the delivered ones.
        held = fc.order(fc.state.last_order_id if fc.state.last_order_id in late else late[-1])
        chased = await DL.chase(fc, frame, held) if held is not None else None
        if chased is not None:
            fc.state.finish()
            return chased
    open_cases = [k.split(":", 1)[1] for k in fc.state.opened if k.startswith("delivery:")]
    if open_cases and not given.get("order_id") and not given.get("items") and not frame.slots.get("order_id"):
        # "what now, how long?" with nothing named: the case already open in this conversation,
        # never a new investigation on another order.
        case = fc.state.last_order_id if fc.state.last_order_id in open_cases else open_cases[-1]
        frame.slots["order_id"] = case
    _prefer(fc)
    pref = {o["id"] for o in fc.orders_pref}
    listed = await _to_open_case(fc, frame, pref) if not frame.slots.get("order_id") else None
    CX.narrow_order(fc, frame, [o for o in fc.orders if o["id"] in pref] if pref else None)
    order, ask = await resolve_order(fc, frame, (lambda o: o["id"] in pref) if pref else _eligible,
                                     "delivery", "物流问题")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    if order.get("status") in ("pending", "paid"):
        fc.state.finish()
        return out(T.delivery_not_shipped(order, lang), frame, "not_shipped", {"order": order})
    key = f"delivery:{order['id']}"
    kind = frame.slots.get("kind") or kind_of(fc.turn.text, order)
    tr = TM.transit(fc.facts, order, fc.now, shop_currency(fc.catalogue, order.get("currency")))
    since, normal, late = tr.since, tr.normal_days, tr.late
    if kind != "damaged" and CUSTOMS.search(fc.turn.text) and order.get("status") == "shipped":
        if not tr.international:
            # No customs on a domestic route: said plainly, nothing to pay, the inquiry opened now.
            return await customs.domestic_hold(fc, frame, order, tr)
        if _ASKS_WHAT.search(fc.turn.text) or not fc.state.opened.get(f"customs:{order['id']}"):
            # Held by customs abroad: the shop's customs rule and the route's normal time first; a
            # carrier case only when it is reported again after that answer.
            fc.state.opened[f"customs:{order['id']}"] = "told"
            return _customs(fc, frame, order, tr)
    case = fc.state.opened.get(key)
    if not case:
        # A case the shop already holds for this parcel (opened earlier, elsewhere or by a person).
        found = await CX.open_case(fc.tools, fc.customer, NAME, str(order["id"]), listed)
        if found:
            case = str(found["id"])
            fc.state.opened[key] = case
    if case:
        followed = fc.state.last_flow == NAME     # a detail right after the answer: the engine says "noted"
        fc.state.finish()
        days = fc.facts.get("delivery.investigation_days", 3)
        now_text = ""
        if kind == "stuck" and not late and normal:
            now_text, overdue = CX.delay_answer(order, normal, since, lang, late, tr.expected_by, fc.now)
            now_text = "" if overdue else " " + now_text
            if now_text and PW.wants_refund(fc.turn.text):
                # "just refund me" about a parcel with a case open: the refund asked for is answered too.
                now_text += PW.refund_options(fc, order)
        remedy = fc.facts.text("delivery.remedy", lang)
        nxt = T.t(lang, f" The carrier answers within {days} business days" + (f", and {remedy}." if remedy else "."),
                  f"承运商会在 {days} 个工作日内给出结果" + (f"；{remedy}。" if remedy else "。"))
        # What the customer adds now ("the neighbours don't have it either") goes onto that case.
        added = await CX.add_to_case(fc.tools, fc.customer, case, fc.turn.text,
                                     f"delivery_issue follow-up kind={kind} order={order['id']} status={order['status']}")
        note = T.t(lang, " I've added what you just told me to the case.", "您刚才补充的情况我已经记到这个工单里了。") \
            if added and not followed else ""
        if kind == "stuck" and not lost_worry.worried(fc.turn.text) \
                and (C.LOST_OR_FROZEN.search(fc.turn.text) or NO_SCANS.search(fc.turn.text)):
            # Tracking frozen on a parcel whose case is open: the inquiry is made on that case —
            # no "tell me by … and I'll open one" (it is open), no second case.
            now_text = ""
            note = T.t(lang, f" I've added to case {case} that the tracking hasn't moved, so the carrier inquiry on "
                             f"order {order['id']} covers it.",
                       f"已在工单 {case} 里补充物流一直没有更新的情况，订单 {order['id']} 的承运商核查会一并处理。") \
                if added else note
        if CX.RESEND.search(fc.turn.text):
            # The resend asked for is the case's remedy: noted on it, decided with the carrier's answer.
            note += T.t(lang, " I've noted on the case that you'd like the items sent again; it's done as soon as "
                              "the carrier confirms the parcel lost.",
                        "已在工单里注明您希望补发；承运商一确认丢件就为您补发。")
        return out(T.already_open(NAME, case, lang) + note + now_text + nxt, frame, "already_open",
                   {"order": order, "ticket": case, "kind": kind, "late": late, "normal_days": normal,
                    "case_updated": added})
    wait_key = f"delivery_wait:{order['id']}"
    # Told the status of this parcel already and asking again ("帮我查一下"): the inquiry is opened.
    asked_before = fc.state.opened.get(wait_key) or (before[0] in ("order_status", NAME) and before[1] == order["id"])
    # Frozen tracking opens the inquiry only once the carrier can take one ([delivery] stuck_after_days).
    too_soon = since < float(fc.facts.get("delivery.stuck_after_days", 3) or 3)
    if PW.wants_refund(fc.turn.text) and not late and normal and kind != "damaged":
        # "just refund me" for a parcel still within its usual time: the refund asked for is
        # answered (not yet: the policy's remedy, when it applies), and the same promise as before
        # is kept (the inquiry from the date given, not one opened now against it).
        answer, overdue = CX.delay_answer(order, normal, since, lang, late, tr.expected_by, fc.now)
        if not overdue:
            remedy = fc.facts.text("delivery.remedy", lang)
            fc.state.opened[wait_key] = "told"
            fc.state.finish()
            head = T.t(lang, "I can't refund a parcel that is still on its way within the carrier's usual time. ",
                       "包裹还在承运商的正常配送时间内，暂时无法直接退款。")
            # What is possible now (refuse it / return it, the shop's own rules), then the estimate
            # and when the investigation can be opened; no case now.
            options = PW.refund_options(fc, order)
            tail = T.t(lang, f" Then, {remedy}." if remedy else "", f"之后{remedy}。" if remedy else "")
            return out(head + answer + options + tail, frame, "within_normal_time",
                       {"order": order, "normal_days": normal, "days_since_shipped": PW.calendar_days(
                           order.get("shipped_at"), fc.now), "refund_asked": True,
                        "expected_by": tr.expected_by.isoformat() if tr.expected_by else None})
    # "has it been lost?" is a worry, not a report: inside the usual days it gets the normal time too.
    worry = lost_worry.worried(fc.turn.text)
    # Only the order number (or "单号是 …") given as the detail asked for is no new complaint either.
    detail = lost_worry.only_detail(fc.turn.text, [str(o["id"]) for o in fc.orders])
    # "so when would you look into it?" right after the estimate: the date already given, not the
    # inquiry opened against it (the same answer twice would contradict itself).
    when_only = bool(fc.state.opened.get(wait_key)) and bool(CX.WHEN_ASK.search(fc.turn.text)) \
        and not C.LOST_OR_FROZEN.search(fc.turn.text) and not NO_SCANS.search(fc.turn.text)
    if kind == "stuck" and not late and (too_soon or worry or not C.LOST_OR_FROZEN.search(fc.turn.text)) \
            and (not asked_before or worry or detail or when_only):
        # Slow but within the carrier's usual days: the normal time and the date to come back,
        # no investigation yet. Asked again in this conversation, the inquiry is opened.
        answer, overdue = CX.delay_answer(order, normal, since, lang, late, tr.expected_by, fc.now)
        if not overdue:
            fc.state.opened[wait_key] = "told"
            fc.state.last_order_id = order["id"]
            fc.state.finish()
            if when_only and not worry:
                answer = T.t(lang, "It's still too early for a carrier inquiry: ", "现在还不到向承运商发起核查的时候：") + answer
            return out(answer, frame, "within_normal_time",
                       {"order": order, "normal_days": normal, "days_since_shipped": round(since, 1)})
    facts = {"investigation_days": fc.facts.get("delivery.investigation_days", 3),
             "remedy": fc.facts.text("delivery.remedy", lang), "normal_days": normal, "late": late,
             "international": tr.international}
    if kind == "damaged":
        # The shop's own damaged-on-arrival rule (photos, replacement or refund) where it has one.
        facts["policy"] = shop_page(fc, "arrived damaged broken photos replacement refund 破损 损坏 照片 补发 退款",
                                    DAMAGE_PAGE)
    lines = [f"delivery_issue kind={kind} order={order['id']} status={order['status']} carrier={order.get('carrier')}"
             f" tracking={order.get('tracking_no')} shipped_at={order.get('shipped_at')}"
             f" delivered_at={order.get('delivered_at')} days_since_shipped={since:.1f}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    res = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "delivery_issue",
                                       transcript, order_id=str(order["id"]))
    ticket = res.data.get("ticket_id") if res.ok else None
    if ticket:
        fc.state.opened[key] = str(ticket)
    fc.state.finish()
    return out(T.delivery_ticket(order, kind, ticket, facts, lang), frame, "done",
               {"order": order, "ticket": ticket, "kind": kind, **facts}, handoff=False)
