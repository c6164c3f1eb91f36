"""Questions about how the shop works that need no order of the customer's: who pays customs or
import duty, how long a delivery takes, how long a refund takes, what refusing a parcel does.

    kind = asked(text, orders)            # "customs" / "delivery_time" / "refund_time" / None
    out = answer(fc, kind)                # the shop's own answer (knowledge page, facts)

Read before any flow (engine._decide) when nothing waits for an answer: a stranger with no orders
gets the answer, never a request for an order number; a customer with orders gets the answer for
their own orders' routes and payment types. The facts and pages are the shop's (facts.toml layered
with the shop's fixture facts, its knowledge folder): nothing is stated that the shop does not say.
A message that reports a problem with a parcel ("stuck at customs for a week", "still not here")
or asks to act is left to the flows: only a question of how the shop's rules work is read here.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.dialogue import timing as TM
from bot.dialogue.flows import base
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.info_cues import WAITED
from bot.dialogue.legacy import Outcome
from bot.lang import cues as C
from bot.lang import replies as T

# Customs, duty, import tax: the words of the topic itself (any shop, any country).
CUSTOMS = re.compile(r"海关|清关|关税|进口税|报关|税费|\bcustoms?\b|(?<!heavy )(?<!heavy-)\bdut(y|ies)\b|\bimport(ation)? "
                     r"(tax(es)?|vat|fees?|charges?|costs?)\b|\btariffs?\b", re.I)
# "how long", "多久": a question about time.
HOW_LONG = re.compile(r"\bhow (long|many (business |working )?days|soon|quickly|fast)\b|\bhow long'?s\b|"
                      r"\bwhen (will|would|do|does|can) (it|they|i|we|my|the)\b.{0,30}\b(arrive|get|come|reach|receive)|"
                      r"多久|多长时间|几天|多少天|几个工作日|多少个工作日|什么时候(能|会|可以)?(到|收到|到账|送到)", re.I)
DELIVERY_WORD = re.compile(r"\barriv\w*|\bdeliver\w*|\bship(ping|ped|s)?\b|\bpost(age)?\b|\bget (here|there|to)\b|"
                           r"\breach\b|\bcome\b|\btransit\b|到货|送到|送达|发货|寄到|运到|配送|快递|物流|到(?!账)", re.I)
REFUND_WORD = re.compile(r"\brefund\w*|\bmoney back\b|\breimburse\w*|退款|退钱|到账|退回", re.I)
# A question, not a report: a question mark, a question word, or a "do I have to" shape.
ASKING = re.compile(r"[?？]|吗|么|呢|谁|多久|怎么|如何|是否|要不要|需不需要|\b(who|what|how|when|do|does|are|is|will|"
                    r"would|can|could|should|if|whether)\b", re.I)
# Something wrong with a parcel, reported ("stuck", "held", "lost", "a week already").
TROUBLE = re.compile(r"\bstuck\b|\bheld\b|\bholding\b|\bseized\b|卡在|卡住|扣(了|住|在)|滞留|\bstill\b|还没|"
                     r"\blost\b|\blate\b|\bdelayed?\b|\bletter\b|\binvoice\b|\bhasn'?t\b|\bnot (arrived|here)\b", re.I)
# "if I refuse the parcel…", "拒收的话…": what refusing a delivery does, asked (not a refusal reported).
REFUSE_Q = re.compile(r"\b(if|when|can|could|should|what if|what happens if) (i|we)( \w+){0,2} (refuse|reject|decline|"
                      r"don'?t accept|do not accept)\b|拒收(的话|后|了?(会|能|可以|还)|吗)|(如果|要是|假如|万一).{0,12}"
                      r"(拒收|拒签|不签收)|(能|可以)(拒收|拒签)", re.I)
# "did you get my parcel back?", "退货收到了吗": whether the shop has the customer's return.
RETURN_BACK = re.compile(r"\b(did|have|has)\b (you|u|the (shop|warehouse|store)|your warehouse|they)\b.{0,8}"
                         r"\b(get|got|receive[d]?)\b.{0,30}\b(back|returns?|returned)\b|"
                         r"\breturn(ed)? (parcel|package|item)?.{0,20}\b(arrived?|reached|got there|been received)\b|"
                         r"(收到|签收).{0,6}(我的)?(退货|退回|寄回|退的)|(退货|退回|寄回|退回去|寄回去)的?.{0,8}(收到|到了|签收)",
                         re.I)
# "which courier do you use?", "用什么快递": the shop's carriers (its facts).
CARRIER_Q = re.compile(r"(什么|哪家|哪个|哪些)快递|用.{0,4}(快递|物流)发|\b(which|what) (carriers?|couriers?|delivery "
                       r"compan(y|ies)|shipping compan(y|ies)|delivery services?)\b|\bwho (do you ship with|delivers)\b",
                       re.I)
REFUSE_PAGE = re.compile(r"\brefus\w*|拒收|拒签", re.I)


# A "how long" about another request (an exchange, a repair, an invoice, a cancellation): its flow.
OTHER_TOPIC = re.compile(r"\b(exchang\w*|swap\w*|repair\w*|warrant\w*|invoice\w*|receipt\w*|cancel\w*|return\w*|"
                         r"replace\w*|process\w*|approv\w*|review\w*)\b|换货|更换|维修|保修|发票|取消|退货|审核|处理", re.I)
# Flows whose answer is about money coming back: a bare "how long?" after them is the refund's time.
REFUND_FLOWS = ("refund_status", "cancel_order", "payment_issue")


def asked(text: str, orders: Sequence[dict[str, Any]], last_flow: str | None = None) -> str | None:
    """Which question of how the shop works `text` asks, None when it asks none (or reports a
    problem, or names an order to act on)."""
    if REFUSE_Q.search(text):
        return "refusal"
    from bot.dialogue.window_question import window_topic
    if window_topic(text):
        return "window"                  # the return / exchange window: the shop's rule, not delivery days
    if CARRIER_Q.search(text):
        return "carriers"
    if RETURN_BACK.search(text) and orders and (ASKING.search(text)):
        return "return_back"
    if not (ASKING.search(text) or HOW_LONG.search(text)):
        return None                      # a statement: nothing asked of the shop's rules
    if C.REFUND_ME.search(text) and not HOW_LONG.search(text):
        return None                      # a refund asked for: the flows decide it
    if CUSTOMS.search(text):
        shipped = any(o.get("status") == "shipped" for o in orders)
        if shipped and TROUBLE.search(text):
            return None                  # the delivery flow: that parcel's facts and the customs page
        return "customs"
    if HOW_LONG.search(text) and not TROUBLE.search(text) and not WAITED.search(text):
        if REFUND_WORD.search(text):
            return "refund_time"
        if DELIVERY_WORD.search(text):
            return "delivery_time"
        if re.search(r"\bit take\b|\btakes?\b|要多久|需要多久|多久", text, re.I) and not OTHER_TOPIC.search(text):
            # "how long does it take?" with no topic word: the topic just answered decides.
            if last_flow in REFUND_FLOWS:
                return "refund_time"
            if last_flow in (None, "order_status", "delivery_issue"):
                return "delivery_time"      # after a status: that order's usual days (_delivery_time)
    return None


async def answer(fc: FlowContext, kind: str) -> Outcome | None:
    if kind == "window":
        # The rule from the shop's own policies (flows/policy_info), with or without an order.
        from bot.dialogue.flows import policy_info
        from bot.dialogue.window_question import window_topic
        frame = fc.state.start(policy_info.NAME, topic=window_topic(fc.turn.text) or "return_request")
        return await policy_info.run(fc, frame)
    if kind == "return_back":
        return await _return_back(fc)
    if kind == "customs":
        return _customs(fc)
    if kind == "delivery_time":
        return _delivery_time(fc)
    if kind == "refund_time":
        case = _payment_case(fc)
        if case is not None:
            # "how long until I get the extra back?" after a double charge: that billing case, its
            # own payment method's timeline — not the cancel/return wording for every method.
            from bot.dialogue.flows import payment
            return await payment.run(fc, fc.state.start(payment.NAME, order_id=case))
        got = await fc.tools.refund_status(fc.customer, None) if fc.customer is not None else None
        if got is not None and got.ok and got.data.get("refunds"):
            # Refunds on record: where each one is and its own payment method's timeline; right
            # after they were listed, the timeline alone (not the same list again).
            from bot.dialogue.flows import refunds
            from bot.dialogue.state import Frame
            if fc.state.last_flow != refunds.NAME:
                return await refunds.run(fc, Frame(refunds.NAME))
            listed = list(got.data["refunds"])
            timings = TM.refund_timings(fc.facts, listed, fc.orders, fc.customer, fc.now, fc.lang)
            text = (TM.refund_timing_text(timings, fc.lang) + TM.overdue_text(timings, fc.lang)).strip()
            if text:
                return base.out(text, None, "refund_time", {"topic": "refund_time", "refunds": listed})
        return _refund_time(fc)
    if kind == "refusal":
        return _refusal(fc)
    if kind == "carriers":
        return _carriers(fc)
    return None


def _payment_case(fc: FlowContext) -> str | None:
    """The order of the billing case this conversation opened (the last one talked about first)."""
    cases = [k.split(":", 1)[1] for k in fc.state.opened if k.startswith("payment:")]
    if not cases or fc.customer is None:
        return None
    last = str(fc.state.last_order_id or "")
    return last if last in cases else cases[-1]


def _q(fc: FlowContext, en: str, zh: str) -> str:
    """The search words in the customer's language (a mixed query ranks the other language's pages first)."""
    return zh if fc.lang == "zh" else en


def _customs(fc: FlowContext) -> Outcome:
    from bot.dialogue.flows.delivery import shop_page
    lang = fc.lang
    page = shop_page(fc, _q(fc, "customs duty import tax", "海关 清关 关税"), CUSTOMS)
    if page:
        return base.out(customs_answer(fc, page), None, "customs_info", {"topic": "customs"})
    # The shop's pages say nothing of customs: no rule invented, a colleague answers.
    return base.out(T.t(lang, "Our help pages don't say who pays customs or import duty, so I can't tell you for "
                              "sure; a colleague can. Just say \"human\" and I'll bring one in.",
                        "我们的帮助页面没有说明海关和进口关税由谁承担，我无法确定地答复您；同事可以为您解答，"
                        "回复“人工”即可为您转接。"),
                    None, "customs_info", {"topic": "customs", "no_page": True})


# Who pays duties / import tax, said on a page ("payable by the recipient", "由收件人支付").
_WHO_PAYS = re.compile(r"\bpa(?:y|ys|id|yable)\b|\bcharged to\b|\brecipient\b|收件人|承担|缴纳|支付|付款", re.I)


# A duty / import-tax rule (a country's VAT threshold is the customs answer, though it never says "customs").
_DUTY = re.compile(r"\b(dut(?:y|ies)|vat|gst|sst|import|tax(?:es)?|tariffs?)\b|关税|增值税|进口|税", re.I)


def customs_answer(fc: FlowContext, page: str) -> str:
    """The customs sentences of the shop's page (not the rest of a delivery-times article), whether
    it says who pays, and the normal international transit time from the shop's facts."""
    from bot.dialogue.snippet_focus import sentences
    lang = fc.lang
    sep = " " if lang != "zh" else ""
    said = [x for x in sentences(page) if CUSTOMS.search(x) or _DUTY.search(x)] or [page]
    text = sep.join(said)
    if not _WHO_PAYS.search(text):
        text += T.t(lang, " Our help pages don't say who pays import duty or taxes on arrival; a colleague can confirm it "
                          "for your order — just say \"human\".",
                    "我们的帮助页面没有写明进口关税由谁承担；如需同事针对您的订单确认，回复“人工”即可。")
    cross = str(fc.facts.get("delivery.cross_border.days", "") or "")
    if cross and cross not in text:
        text += T.t(lang, f" International delivery normally takes {cross} business days, plus customs clearance.",
                    f"国际订单一般 {cross} 个工作日送达，另加清关时间。")
    return text


# A page about delivery times: a delivery word and a span of days.
DELIVERY_PAGE = re.compile(r"(deliver\w*|dispatch\w*|ship\w*|配送|送达|发货)[^.。]{0,80}\d\s*[–-]\s*\d+\s*"
                           r"(business |working )?(days?|个?工作日|天)", re.I)


def _route(fc: FlowContext, order: dict[str, Any]) -> tuple[str, bool]:
    from bot.dialogue.flows.product_info import shop_currency
    return TM.route_days(fc.facts, order, shop_currency(fc.catalogue, order.get("currency")))


def _delivery_time(fc: FlowContext) -> Outcome | None:
    lang, facts = fc.lang, fc.facts
    mine = [o for o in fc.orders if o.get("status") in ("shipped", "paid", "pending")]
    last = fc.state.last_order_id if fc.state.last_flow in ("order_status", "delivery_issue") else None
    if last:
        # "how long will that take?" right after an order's status: that order only; its days
        # unknown (a carrier the shop does not list), the status flow answers as before.
        mine = [o for o in fc.orders if str(o.get("id")) == str(last) and o.get("status") == "shipped"]
        if not mine or not _route(fc, mine[0])[0]:
            return None
    lines: list[str] = []
    for o in mine[:3]:
        days, intl = _route(fc, o)
        carrier = o.get("carrier")
        if not days:
            continue
        if o.get("status") == "shipped":
            lines.append(T.t(lang, f"Order {o['id']} shipped with {carrier}, which usually delivers within {days} "
                                   f"business days of shipping{', plus customs clearance' if intl else ''}.",
                             f"订单 {o['id']} 已由{carrier}发出，一般发货后 {days} 个工作日送达"
                             f"{'（国际件另需清关时间）' if intl else ''}。"))
    domestic = str(facts.get("delivery.default.days", "") or "")
    abroad = str(facts.get("delivery.cross_border.days", "") or "")
    carriers = facts.get("delivery.carriers", {}) or {}
    used = {str(o.get("carrier")) for o in fc.orders if o.get("carrier")}
    if not lines:
        # The carriers of the customer's own orders; a stranger (or a shop without a default
        # time) hears every carrier the shop lists.
        named = [(str(n), str(e.get("domestic_days") or e.get("days"))) for n, e in carriers.items()
                 if isinstance(e, dict) and e.get("days")
                 and (any(n.lower() == u.lower() for u in used) or not domestic)][:5]
        general = []
        if domestic:
            general.append(T.t(lang, f"within the country it usually takes {domestic} business days after dispatch",
                               f"国内一般发货后 {domestic} 个工作日送达"))
        if named:
            general.append(T.t(lang, "by carrier at home: " + ", ".join(f"{n} {d} business days" for n, d in named),
                               "各承运商（国内）：" + "，".join(f"{n} {d} 个工作日" for n, d in named)))
        if abroad:
            general.append(T.t(lang, f"abroad {abroad} business days plus customs clearance",
                               f"寄往境外一般 {abroad} 个工作日，另需清关时间"))
        if general:
            lines.append(T.t(lang, "Our usual delivery times after dispatch: " + "; ".join(general) + ".",
                             "发货后的一般配送时间：" + "；".join(general) + "。"))
    unshipped = [o for o in mine if o.get("status") in ("paid", "pending")]
    if unshipped and lines:
        o = unshipped[0]
        days, intl = _route(fc, o)
        if days:
            lines.append(T.t(lang, f"Order {o['id']} hasn't shipped yet; once it does, it usually takes {days} "
                                   f"business days{', plus customs clearance' if intl else ''}.",
                             f"订单 {o['id']} 还未发货，发货后一般 {days} 个工作日送达{'（另需清关时间）' if intl else ''}。"))
    if not lines:
        from bot.dialogue.flows.delivery import shop_page
        page = shop_page(fc, _q(fc, "delivery time shipping days", "配送 时效 天"), DELIVERY_PAGE)
        if not page:
            return base.out(T.t(lang, "I don't have the shop's delivery times to hand; a colleague can tell you. "
                                      "Would you like me to pass your question on?",
                                "我这里没有店铺的配送时效信息，同事可以为您解答。需要我帮您转给同事吗？"),
                            None, "delivery_time", {"topic": "delivery_time", "known": False})
        lines.append(page)
    return base.out(" ".join(lines) if lang != "zh" else "".join(lines), None, "delivery_time",
                    {"topic": "delivery_time"})


def _refund_time(fc: FlowContext) -> Outcome:
    lang, facts = fc.lang, fc.facts
    table = facts.get("refund_days_zh" if lang == "zh" else "refund_days", {}) or {}
    kinds: list[str] = []
    for o in fc.orders:
        k = TM.payment_type(fc.customer, o) or "default"
        if k not in kinds:
            kinds.append(k)
    labels = {"card": ("cards", "银行卡"), "paypal": ("PayPal", "PayPal"), "gift_card": ("gift cards", "礼品卡"),
              "alipay": ("Alipay", "支付宝"), "wechat_pay": ("WeChat Pay", "微信支付"),
              "bank_transfer": ("bank transfers", "银行转账"), "cash_on_delivery": ("cash on delivery", "货到付款"),
              "default": ("other methods", "其他方式")}
    shown = [k for k in kinds if table.get(k)] or [k for k in table if k in labels]
    if not shown:
        # The shop gives no timeline: its own page on refunds (where they go), and no days invented.
        from bot.dialogue.flows.delivery import shop_page
        page = shop_page(fc, _q(fc, "refund payment method", "退款 原路"), REFUND_WORD)
        return base.out((page + " " if page and lang != "zh" else page) +
                        T.t(lang, "The shop's pages give no refund timeline; a colleague can tell you how long it "
                                  "takes for your payment method.",
                            "店铺页面没有写退款到账的时间，同事可以告诉您您的支付方式需要多久。"), None, "refund_time",
                        {"topic": "refund_time", "known": False})
    parts = [T.t(lang, f"to {labels.get(k, (k, k))[0]}: {table[k]}", f"{labels.get(k, (k, k))[1]}：{table[k]}")
             for k in shown if table.get(k)]
    text = T.t(lang, "Refunds go back to the original payment method once the cancellation goes through or the "
                     "return reaches the warehouse; they usually take " + "; ".join(parts) + ".",
               "退款在订单取消成功或退货到仓后原路退回，一般到账时间：" + "；".join(parts) + "。")
    return base.out(text, None, "refund_time", {"topic": "refund_time", "types": shown})


def _refusal(fc: FlowContext) -> Outcome:
    """What refusing the parcel at the door does (the shop's own page), never a return started."""
    from bot.dialogue.flows.delivery import shop_page
    lang = fc.lang
    page = shop_page(fc, _q(fc, "refuse parcel delivery refund courier", "拒收 退款"), REFUSE_PAGE)
    if page:
        # The page's sentences about refusing, not the whole page (it may cover cancelling too).
        said = [x for x in re.split(r"(?<=[.!?。！？])\s*", page) if x.strip()]
        keep = [x for i, x in enumerate(said) if REFUSE_PAGE.search(x)
                or (i and REFUSE_PAGE.search(said[i - 1]) and REFUND_WORD.search(x))]
        text = (" " if lang != "zh" else "").join(keep) or page
        return base.out(text, None, "refusal_info", {"topic": "refusal"})
    return base.out(T.t(lang, "Our help pages don't say what happens to a refused parcel, so I can't promise a "
                              "refund for it; a colleague can tell you. Just say \"human\" and I'll bring one in.",
                        "我们的帮助页面没有说明拒收包裹后如何处理，我无法承诺退款；同事可以为您解答，回复“人工”即可为您转接。"),
                    None, "refusal_info", {"topic": "refusal", "no_page": True})


async def _return_back(fc: FlowContext) -> Outcome:
    """"Did you get my parcel back?": the customer's returns as the shop records them, and the
    refunds they led to — never a new return, never "which order"."""
    from bot.lang import replies as R
    lang = fc.lang
    res = await fc.tools.request_status(fc.customer)
    returns = [r for r in (res.data.get("requests") or []) if r.get("kind") == "return"] if res.ok else []
    if not returns:
        return base.out(R.request_list([], lang), None, "request_status", {"requests": []})
    text = R.request_list(returns, lang)
    got = await fc.tools.refund_status(fc.customer, None)
    ids = {str(r.get("id")) for r in returns}
    orders = {str(r.get("order_id")) for r in returns}
    refunds = [f for f in (got.data.get("refunds") or []) if str(f.get("return_id")) in ids
               or (not f.get("return_id") and str(f.get("order_id")) in orders)] if got.ok else []
    if refunds:
        timings = TM.refund_timings(fc.facts, refunds, fc.orders, fc.customer, fc.now, lang)
        text += "\n" + R.refund_list(refunds, lang, timing=TM.refund_timing_text(timings, lang))
    return base.out(text, None, "request_status", {"requests": returns, "refunds": refunds})


# An order id-like token (letters and at least four digits): the message names an order.
_ORDER_REF = re.compile(r"[A-Za-z#-]*\d{4,}[\w-]*")
STRANGER_FLOOR = 3.0      # a page must score at least this to answer a stranger's question


def for_stranger(text: str, lang: str, orders: Sequence[dict[str, Any]], snippets: Sequence[Any]) -> str | None:
    """A customer with no orders asked a question (not about an order of theirs) that a flow
    answered with "no orders on this account": the shop's page that answers the question, and the
    order-number offer after it; None when no page answers it (the flow's answer stands)."""
    if orders or not (ASKING.search(text) or C.QUESTION.search(text)) or C.POSSESSIVE.search(text) \
            or _ORDER_REF.search(text):
        return None
    same = [s for s in snippets if getattr(s, "lang", lang) in (lang, "both", None)
            and getattr(s, "score", 0) >= STRANGER_FLOOR]
    if not same:
        return None
    return same[0].text.strip() + T.t(lang, "\nIf you have an order with us under another account, send me its "
                                            "number and I'll check it.",
                                      "\n如果您用其他账号下过单，把订单号发给我，我帮您查。")


def _carriers(fc: FlowContext) -> Outcome | None:
    """The carriers the shop lists in its facts with their usual days; none listed: the flows
    answer as before (a knowledge page may name them)."""
    carriers = fc.facts.get("delivery.carriers", {}) or {}
    named = [(str(n), str(e.get("domestic_days") or e.get("days")), bool(e.get("international")))
             for n, e in carriers.items() if isinstance(e, dict) and e.get("days")]
    if not named:
        return None
    lang = fc.lang
    from bot.dialogue.flows.delivery import shop_page
    # The shop's own page naming its carriers says it best (which one for which region).
    page = shop_page(fc, _q(fc, "carrier courier shipping", "快递 物流 发货"),
                     re.compile("|".join(re.escape(n) for n, _, _ in named), re.I))
    if page:
        return base.out(page, None, "carriers", {"topic": "carriers", "page": True})
    parts = [T.t(lang, f"{n} ({d} business days{', also abroad' if intl else ''})",
                 f"{n}（{d} 个工作日{'，也寄往境外' if intl else ''}）") for n, d, intl in named[:8]]
    return base.out(T.t(lang, "We ship with " + ", ".join(parts) + ".", "我们使用的快递：" + "、".join(parts) + "。"),
                    None, "carriers", {"topic": "carriers", "carriers": [n for n, _, _ in named]})
