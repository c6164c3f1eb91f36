"""A question asked while a change waits for its yes (issue #13): answered from the shop's own
data, the change kept, and the confirmation asked again in one short line.

    kind = side_question.kind(text)   # "refund" | "amount" | "shipping" | "difference" | "variant_price" | "knowledge" | None
    text = await side_question.answer(fc, frame, kind)   # "" when the shop's data cannot say

Nothing here writes: the pending frame stays as it is, so the next "yes" confirms it.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import texts as T
from bot.dialogue import timing as TM
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.state import Frame
from bot.lang import replies as R
from bot.lang.display_names import option_word, shown_name

# Where / when the money goes: "when do I get the difference back", "退到哪里", "多久到账".
_MONEY = r"(refund|money|difference|差价|退款|退钱|钱|到账|退回|退到|退给)"   # ("会退到哪里？": where the refund goes)
_REFUND_Q = re.compile(r"(when|how long|how soon|how many days|where|which (?:card|account)|back to (?:my|the)|"
                       r"go(?:es)? back|多久|几天|多少天|几个?工作日|多长时间|什么时候|何时|退到|到哪|哪里|哪个账户|原路|到账)", re.I)
_MONEY_RE = re.compile(_MONEY, re.I)
# The price of another version: "how much is the tenor one", "the 3-person one costs?", "另一款多少钱".
_PRICE_Q = re.compile(r"(how much|price|cost|expensive|cheaper|多少钱|价格|什么价|几块|贵|便宜)", re.I)
# How much comes back: "what's the refund amount?", "退多少钱？".
_BACK_RE = re.compile(r"(refund|money back|get .{0,20}back|退款|退.{0,2}多少|退回)", re.I)
_AMOUNT_Q = re.compile(r"(amount|how much|what.{0,12}total|full|everything|多少|金额|全额|全部)", re.I)
# Whether the new version costs more: "does the new one cost more?", "要补差价吗", "新的更贵吗".
_DIFFERENCE_Q = re.compile(r"(cost (?:more|less|extra|the same)|more expensive|cheaper|price difference|"
                           r"pay (?:more|extra|the difference)|extra charge|same price|补差价|差价|要补|更贵|贵吗|便宜吗|"
                           r"一样的?价|价格一样)", re.I)
# When the order ships / arrives: the order's own status answers it.
_SHIPPING_Q = re.compile(r"(when will (?:it|they|my order|the rest|the others?|the remaining \w+) (?:ship|arrive|be (?:sent|delivered))|"
                         r"剩下的.{0,4}(?:什么时候|多久|哪天)|how long .{0,20}(?:ship|deliver|arrive)|"
                         r"when (?:does|do) (?:it|they) ship|什么时候发货|多久发货|几天到|什么时候到|多久能到|哪天发)", re.I)
# Questions a help-centre page answers: warranty, invoice, packaging and postage, a product detail.
_KNOWLEDGE_Q = re.compile(r"(warrant|guarantee|invoice|receipt|vat|保修|质保|保固|发票|收据|packag|original box|"
                          r"\blabel|\btags?\b|postage|return shipping|shipping (?:cost|fee)|who pays|"
                          r"包装|吊牌|标签|运费|邮费|寄回地址|怎么寄|"
                          r"waterproof|material|weight|size chart|wash|care|防水|材质|重量|尺码表|怎么洗|保养)", re.I)
# ("退款要几天" asks without a question mark or particle: its question word is 几天 / 多长时间.)
_QUESTION = re.compile(r"(\?|？|吗|呢|\b(?:when|how|where|what|which|is|are|does|do|can|will|would)\b|多久|多少|哪|什么|怎么|能否|是否|"
                       r"几天|几个?工作日|多长时间|几时|啥时候)",
                       re.I)


# Fee words about something else than the flow's own cost (a product's price is variant_price).
_NOT_FEE = re.compile(r"how much is|多少钱|价格|\bprice\b", re.I)


def kind(text: str) -> str | None:
    """What a message asked at a confirmation is about (None: not a side question)."""
    if not _QUESTION.search(text):
        return None
    if _MONEY_RE.search(text) and _REFUND_Q.search(text):
        return "refund"
    if _SHIPPING_Q.search(text):
        return "shipping"
    if _BACK_RE.search(text) and _AMOUNT_Q.search(text):
        return "amount"
    if _DIFFERENCE_Q.search(text):
        return "difference"
    from bot.dialogue import focus_questions as FQ
    if FQ.kind(text) in ("fee", "send_back") and not _NOT_FEE.search(text):
        # "运费谁出？", "is there a fee?", "how do I send it back?": the rule of the flow waiting
        # (a return's postage, a cancellation's cost), never the shop's delivery-fee page.
        return FQ.kind(text)
    if _KNOWLEDGE_Q.search(text):
        return "knowledge"
    if _PRICE_Q.search(text):
        return "variant_price"
    return None


def reask(frame: Frame, lang: str) -> str:
    """The confirmation still open, asked again in one short line."""
    from bot.dialogue.engine import _proposal_text
    what = _proposal_text(frame, lang) or _request_text(frame, lang)
    if what:
        return T.t(lang, f"\n\nShall I go ahead with: {what}? (yes/no)", f"\n\n还要为您办理：{what}吗？（是/否）")
    return T.t(lang, "\n\nShall I go ahead with the request above? (yes/no)", "\n\n刚才的申请还要为您办理吗？（是/否）")


def _request_text(frame: Frame, lang: str) -> str:
    """A cancel, return or exchange waiting for its yes, in a few words ("" when unknown)."""
    s = frame.slots
    oid = s.get("order_id")
    if not oid:
        return ""
    if frame.flow == "cancel_order":
        return T.t(lang, f"cancel order {oid}", f"取消订单 {oid}")
    title = s.get("title_shown") or s.get("title")
    if frame.flow == "invoice" and title:
        return T.t(lang, f"the invoice for order {oid} with title {title}", f"订单 {oid} 开具抬头为“{title}”的发票")
    chosen = [c for c in s.get("chosen") or [] if c.get("sku")]
    if frame.flow in ("return_request", "exchange_request") and chosen:
        def one(c: dict, lg: str) -> str:
            name = shown_name(c, lg)
            qty = int(c.get("qty") or 1)
            return (f"{qty} × {name}" if qty > 1 or int(c.get("ordered") or 1) > 1 else name) if lg == "en" \
                else (f"{name} ×{qty}" if qty > 1 or int(c.get("ordered") or 1) > 1 else name)
        en = ", ".join(one(c, "en") for c in chosen)
        zh = "、".join(one(c, "zh") for c in chosen)
        if frame.flow == "return_request":
            return T.t(lang, f"return {en} from order {oid}", f"订单 {oid} 退货 {zh}")
        return T.t(lang, f"exchange {en} from order {oid}", f"订单 {oid} 换货 {zh}")
    return ""


async def answer(fc: FlowContext, frame: Frame, what: str) -> str:
    """The answer from the shop's data ("" when it has none for this question)."""
    if what == "refund":
        return _refund(fc, frame)
    if what == "variant_price":
        return _variant_price(fc, frame)
    if what == "amount":
        return _amount(fc, frame)
    if what == "difference":
        return _difference(fc, frame)
    if what == "shipping":
        return await _shipping(fc, frame)
    if what in ("delay", "invoice_sent", "condition"):
        from bot.dialogue import confirm_questions as CQ
        return CQ.answer(fc, frame, what)
    if what in ("fee", "send_back"):
        rule = _flow_rule(fc, frame, what)
        if not rule and frame.flow not in ("return_request", "exchange_request", "cancel_order") \
                and _BARE_SHIPPING.search(fc.turn.text) and not _COST_WORD.search(fc.turn.text):
            # "what about shipping?" while a change of an unshipped order waits: when it ships.
            return await _shipping(fc, frame)
        return rule
    if _WARRANTY.search(fc.turn.text):
        return _warranty(fc, frame)
    return ""


_WARRANTY = re.compile(r"(warrant|guarantee|保修|质保|保固)", re.I)


def _warranty(fc: FlowContext, frame: Frame) -> str:
    """The warranty of the line talked about, from the shop's facts by its category ("" unknown)."""
    for line in _lines_of(fc, frame)[:1]:
        product = fc.catalogue.get(str(line.get("product_id") or "")) if fc.catalogue else None
        months = fc.facts.warranty_months_known((product or {}).get("category") or line.get("category"))
        if months is None:
            return ""
        name_en, name_zh = shown_name(line, "en"), shown_name(line, "zh")
        if not months:
            return T.t(fc.lang, f"{name_en} comes without a warranty.", f"{name_zh}不提供保修。")
        return T.t(fc.lang, f"{name_en} has a {months}-month warranty, counted from delivery.",
                   f"{name_zh}保修 {months} 个月，从签收之日起计算。")
    return ""


def _flow_rule(fc: FlowContext, frame: Frame, what: str) -> str:
    """A fee or how-to question about the flow waiting: its own page's sentence, or for a
    cancellation that it costs nothing ("" when the shop's pages do not say)."""
    from bot.dialogue import focus_questions as FQ
    if frame.flow == "cancel_order" and what == "fee":
        return FQ.no_cancel_fee(fc, fc.order(frame.slots.get("order_id")) or {})
    if frame.flow in ("return_request", "exchange_request"):
        return FQ.passage(fc, frame.flow, what)
    return ""


_BARE_SHIPPING = re.compile(r"\bshipping\b|\bdelivery\b|发货|配送", re.I)
_COST_WORD = re.compile(r"fee|cost|charge|pay|free|运费|邮费|费|钱", re.I)


def refund_text(fc: FlowContext, frame: Frame) -> str:
    """Where and when the money of `frame`'s flow comes back (the return, cancel or change)."""
    return _refund(fc, frame)


def _refund(fc: FlowContext, frame: Frame) -> str:
    lang = fc.lang
    order = fc.order(frame.slots.get("order_id"))
    kind = TM.payment_type(fc.customer, order)
    span = fc.facts.refund_days(kind, lang)
    where_en = f"your original payment method ({T.payment_type(kind, 'en')})" if kind else "your original payment method"
    where_zh = f"原支付方式（{T.payment_type(kind, 'zh')}）" if kind else "原支付方式"
    after_en, after_zh = ("once the return reaches our warehouse", "仓库收到退货后") \
        if frame.flow in ("return_request", "exchange_request") else \
        ("once the cancellation goes through", "订单取消后") if frame.flow == "cancel_order" else \
        ("once the change is made", "修改完成后")
    when_en = f"; {TM.arrives_within(span, 'en')}" if span else ""
    when_zh = f"，{TM.arrives_within(span, 'zh')}" if span else ""
    return T.t(lang, f"Any money back goes to {where_en} {after_en}{when_en}.",
               f"{after_zh}，退款原路退回到{where_zh}{when_zh}。")


def _lines_of(fc: FlowContext, frame: Frame) -> list[dict[str, Any]]:
    order = fc.order(frame.slots.get("order_id")) or {}
    skus = [str(s.get("sku")) for s in frame.slots.get("swaps") or []] \
        + [str(i.get("sku")) for i in frame.slots.get("items") or [] if not i.get("excluded")] \
        + [str(c.get("sku")) for c in frame.slots.get("chosen") or []]
    return [i for i in order.get("items") or [] if str(i.get("sku")) in skus] or list(order.get("items") or [])


def _variant_price(fc: FlowContext, frame: Frame) -> str:
    """"how much is the tenor one?": the price and stock of the version whose option value the
    question names, read from the catalogue ("" when no version of the lines talked about is named)."""
    lang = fc.lang
    text = fc.turn.text.lower()
    for line in _lines_of(fc, frame):
        product = fc.catalogue.get(str(line.get("product_id") or "")) if fc.catalogue else None
        if not product:
            continue
        sku = str(line.get("sku"))
        proposed = ((frame.slots.get("swap_info") or {}).get(sku) or {}).get("options") \
            or ((frame.slots.get("plan") or {}).get(sku) or {}).get("options")
        # Priced beside what is proposed ("the 3-person one" of the polyester tent proposed).
        current = dict(proposed or line.get("options") or {})
        named: dict[str, str] = {}
        same: dict[str, str] = {}
        for dim, values in (product.get("options") or {}).items():
            for v in values:
                words = {str(v).lower(), option_word(str(v), lang).lower(), option_word(str(v), "zh").lower()}
                if any(w and w in text for w in words):
                    (named if current.get(dim) != v else same)[dim] = str(v)
        if not named and same and proposed:
            # "how much is the rose gold one?" of the rose gold just proposed: that version's price.
            named = same
        if not named:
            continue
        wanted = {**current, **named}
        hit = next((v for v in product.get("variants") or []
                    if all(str((v.get("options") or {}).get(k)) == str(x) for k, x in wanted.items())), None) \
            or next((v for v in product.get("variants") or []
                     if all(str((v.get("options") or {}).get(k)) == str(x) for k, x in named.items())), None)
        if hit is None:
            return T.t(lang, f"{shown_name(line, 'en')} doesn't come in {T.options_text(named, 'en')}.",
                       f"{shown_name(line, 'zh')}没有{T.options_text(named, 'zh')}这个规格。")
        # Stated in the order's currency (a USD order in a CNY shop is told its USD price, not the
        # catalogue's CNY one labelled for the order); else in the variant's own currency.
        from bot.dialogue.info_texts import price_in
        amount, cur = price_in(hit, (fc.order(frame.slots.get("order_id")) or {}).get("currency"))
        price = R.money(float(amount or 0), cur, lang)
        opts_en, opts_zh = T.options_text(hit.get("options") or {}, "en"), T.options_text(hit.get("options") or {}, "zh")
        stock_en = "" if int(hit.get("stock") or 0) > 0 else " (out of stock right now)"
        stock_zh = "" if int(hit.get("stock") or 0) > 0 else "（目前缺货）"
        return T.t(lang, f"The {opts_en} version is {price}{stock_en}.", f"{opts_zh} 的价格是 {price}{stock_zh}。")
    return ""


def _amount(fc: FlowContext, frame: Frame) -> str:
    """The refund of the return waiting for its yes, from its lines' prices ("" for other flows)."""
    from bot.dialogue.flows.base import amount_of
    items = list(frame.slots.get("chosen") or [])
    order = fc.order(frame.slots.get("order_id")) or {}
    if frame.flow == "cancel_order" and order:
        # A cancel gives back everything paid (nothing when the order was never paid).
        if str(order.get("status")) == "pending" or not order.get("total"):
            return T.t(fc.lang, f"Order {order['id']} hasn't been paid yet, so nothing is charged and nothing "
                                f"needs refunding.", f"订单 {order['id']} 还没有付款，取消不会产生任何费用，也无需退款。")
        money = R.money(order.get("total"), order.get("currency"), fc.lang)
        return T.t(fc.lang, f"Yes — the full {money} you paid for order {order['id']} is refunded to your original "
                            f"payment method.", f"是的，订单 {order['id']} 已支付的 {money} 会全额原路退回。")
    if frame.flow != "return_request" or not items:
        return ""
    money = R.money(amount_of(items), order.get("currency"), fc.lang)
    return T.t(fc.lang, f"The refund for this return is {money}, back to your original payment method once the "
                        f"items reach us.", f"这次退货退款 {money}，仓库收到商品后原路退回。")


def _difference(fc: FlowContext, frame: Frame) -> str:
    """"does the new one cost more?": the pending swap's new price against the line's own, from the
    prices the proposal was made with ("" when no version change is pending)."""
    order = fc.order(frame.slots.get("order_id")) or {}
    info = frame.slots.get("swap_info") or {}
    lines = {str(i.get("sku")): i for i in order.get("items") or []}
    diff, seen = 0.0, False
    for swap in frame.slots.get("swaps") or []:
        sku, new = str(swap.get("sku")), (info.get(str(swap.get("sku"))) or {})
        line = lines.get(sku)
        if line is None or new.get("price") in (None, "") or str(swap.get("new_sku")) == sku:
            continue
        try:
            diff += (float(new["price"]) - float(line.get("price") or 0)) * int(swap.get("qty") or 1)
        except (TypeError, ValueError):
            continue
        seen = True
    if not seen:
        return ""
    money = R.money(abs(diff), order.get("currency"), fc.lang)
    if abs(diff) < 0.005:
        return T.t(fc.lang, "The new version costs the same, so there is nothing to pay and nothing back.",
                   "新规格价格一样，不用补差价，也没有退款。")
    if diff > 0:
        return T.t(fc.lang, f"Yes — the new version costs {money} more; that difference is charged to the "
                            f"order's payment method.", f"是的，新规格贵 {money}，差价从订单的支付方式补扣。")
    return T.t(fc.lang, f"No — the new version is {money} cheaper; the difference goes back to the order's "
                        f"payment method.", f"不会，新规格便宜 {money}，差价原路退回。")


async def _shipping(fc: FlowContext, frame: Frame) -> str:
    """"when will it ship?": the order's own status answer (the order-status flow, run aside so
    the pending frame stays where it is)."""
    from bot.dialogue.flows import status
    if not frame.slots.get("order_id"):
        return ""
    saved, paused = fc.state.frame, list(fc.state.paused)
    res = await status.run(fc, Frame("order_status", slots={"order_id": frame.slots["order_id"]}))
    fc.state.frame, fc.state.paused = saved, paused
    return res.answer if res.step not in ("choose_order", "ask_order") else ""


def unknown(fc: FlowContext, frame: Frame) -> str:
    """A question the shop's data does not answer: said so plainly (never the capability menu),
    with a person offered; the confirmation follows."""
    lines = _lines_of(fc, frame)[:1]
    about_en = f" about {shown_name(lines[0], 'en')}" if lines else ""
    about_zh = f"关于{shown_name(lines[0], 'zh')}的" if lines else ""
    return T.t(fc.lang, f"I don't have that detail{about_en} in the shop's information; a colleague can check it "
                        f"for you if you like.", f"店铺资料里没有{about_zh}这项信息，需要的话我可以请同事帮您确认。")
