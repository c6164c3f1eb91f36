"""Reply templates of the v2 flows, zh and en side by side.

Each states the facts, the next step and, on refusal, the rule. Figures (delivery days, refund
timelines, warranty months, service hours) come in as arguments from bot.dialogue.facts.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.lang.display_names import foreign, shown_name, shown_value
from bot.lang.replies import carrier, date, money, status, t

__all__ = ["t"]

_DIMENSIONS_ZH = {"size": "尺码", "color": "颜色", "colour": "颜色", "capacity": "容量", "material": "材质",
                  "connectivity": "连接方式", "compatibility": "兼容", "assistant": "语音助手", "layout": "布局",
                  "switch": "轴体", "lid": "盖子", "torso": "背长", "amount": "面额", "case size": "表盘尺寸",
                  "plug": "插头", "case": "外壳", "storage": "存储", "style": "款式", "length": "长度", "width": "宽度",
                  "scent": "香味", "flavor": "口味", "flavour": "口味", "weight": "重量", "value": "面额",
                  "volume": "容量", "pattern": "图案", "fit": "版型", "finish": "表面处理", "fabric": "面料",
                  "season": "季节", "thickness": "厚度", "voltage": "电压", "version": "版本", "edition": "版本",
                  "model": "型号", "type": "类型", "shape": "形状"}


def dimension(name: str, lang: str) -> str:
    """An option dimension as a customer reads it ("size" → "尺码"); unknown ones as the shop wrote
    them (matching reads this too; `options_text` quotes them in a Chinese reply)."""
    return _DIMENSIONS_ZH.get(name.lower(), name) if lang == "zh" else name


def value_text(value: Any, lang: str) -> str:
    """An option value as a customer reads it: the general zh word for a known one ("white" →
    "白色", bot/shop/option_words.txt), else as the shop wrote it ("rosewood", "11-52"); "a/b"
    lists word by word."""
    if lang != "zh":
        return foreign(str(value), lang)      # as the shop wrote it; a Chinese-only value quoted
    return "/".join(shown_value(part, lang) for part in str(value).split("/"))


def _option_zh(name: str, value: Any) -> str:
    """"尺码 42", "面料 涤纶"; a dimension with no Chinese word as the shop wrote it, quoted with
    its value when that is English too ("“body soprano”"), never half-translated."""
    known = _DIMENSIONS_ZH.get(name.lower())
    shown = value_text(value, "zh")
    if known:
        return f"{known} {shown}"
    if shown.startswith("“") and shown.endswith("”") and "/" not in shown:
        return f"“{name} {shown[1:-1]}”"
    return f"{foreign(name, 'zh')} {shown}"


def options_text(options: Mapping[str, Any], lang: str) -> str:
    sep = "，" if lang == "zh" else ", "
    if lang == "zh":
        return sep.join(_option_zh(str(k), v) for k, v in options.items())
    return sep.join(f"{dimension(str(k), lang)} {value_text(v, lang)}" for k, v in options.items())


def options_listing(options: Mapping[str, Any], lang: str) -> str:
    sep = "；" if lang == "zh" else "; "
    return sep.join(f"{dimension(str(k), lang)}: {', '.join(value_text(x, lang) for x in v)}"
                    for k, v in options.items() if isinstance(v, (list, tuple)))


def _join(names: Sequence[str], lang: str) -> str:
    names = [n for n in names if n]
    if lang == "zh":
        return "、".join(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1] if names else ""


def item_list(items: Sequence[Mapping[str, Any]], lang: str) -> str:
    """"1 × Cotton T-shirt, Canvas tote bag" — quantities shown when not the whole line."""
    parts = []
    for i in items:
        q, of = int(i.get("qty") or 1), int(i.get("ordered") or i.get("qty") or 1)
        name = shown_name(i, lang)   # the catalogue's name in the customer's language, when it has one
        parts.append(t(lang, f"{q} × {name}" if of > 1 or q > 1 else name, f"{name} ×{q}" if of > 1 or q > 1 else name))
    return _join(parts, lang)


# ---- choosing -----------------------------------------------------------------------------
def choose_order(orders: Sequence[Mapping[str, Any]], lang: str, purpose: str) -> str:
    lines = []
    for n, o in enumerate(orders, 1):
        what = _join([shown_name(i, lang) for i in o.get("items", [])], lang)
        # The date it was placed tells two orders of the same item apart ("the newer one").
        placed = date(o.get("placed_at"), lang) if o.get("placed_at") else ""
        lines.append(t(lang, f"{n}. {o['id']} — {what} ({(f'ordered {placed}, ' if placed else '')}{status(o['status'], 'en')})",
                       f"{n}. {o['id']}：{what}（{(placed + '下单，') if placed else ''}{status(o['status'], 'zh')}）"))
    head = t(lang, f"Which order is this about{purpose and ' (' + purpose + ')'}?",
             f"请问是哪个订单{purpose and '（' + purpose + '）'}？")
    return head + "\n" + "\n".join(lines) + "\n" + t(lang, "Tell me the number, the order id or the item.",
                                                     "回复序号、订单号或商品名都可以。")


def choose_items(order: Mapping[str, Any], lang: str, verb_en: str, verb_zh: str) -> str:
    names = [shown_name(i, lang) + (f" ×{i.get('qty')}" if int(i.get("qty") or 1) > 1 else "")
             for i in order.get("items", [])]
    return t(lang, f"Order {order['id']} has {_join(names, 'en')}. Which would you like to {verb_en} (and how many)?",
             f"订单 {order['id']} 里有{_join(names, 'zh')}。请问要{verb_zh}哪一件（几件）？")


def clarify(options: Sequence[str], lang: str, offer_person: bool) -> str:
    labels = [flow_label(o, lang) for o in options]
    if labels:
        text = t(lang, f"Just to be sure: do you mean {' or '.join(labels)}?",
                 f"想确认一下：您是想{'，还是'.join(labels)}？")
    else:
        text = t(lang, "Sorry, I didn't quite get that. Is it about an order, a return or exchange, a delivery, "
                       "a payment, or a product question?",
                 "抱歉，我没太明白。是关于订单、退换货、物流、付款，还是商品咨询呢？")
    if offer_person:
        text += t(lang, " If you prefer, I can pass you to a person — just say so.", "如果您愿意，我也可以为您转人工。")
    return text


_LABELS = {
    "order_status": ("checking where an order is", "查询订单物流"),
    "cancel_order": ("cancelling an order", "取消订单"),
    "change_address": ("changing a delivery address", "修改收货地址"),
    "modify_order": ("changing the items of an order", "修改订单商品"),
    "change_payment": ("changing how an order is paid", "更换支付方式"),
    "default_address": ("changing your default address", "修改默认地址"),
    "return_request": ("returning an item", "退货"),
    "exchange_request": ("exchanging an item", "换货"),
    "refund_status": ("checking a refund", "查询退款"),
    "delivery_issue": ("a parcel that is missing, stuck or damaged", "包裹丢失、延误或损坏"),
    "payment_issue": ("a problem with a payment", "付款问题"),
    "invoice": ("an invoice", "开发票"),
    "warranty": ("the warranty", "保修"),
    "product_info": ("a question about a product", "商品咨询"),
    "troubleshooting": ("a product that isn't working", "商品故障"),
    "handoff": ("talking to a person", "转人工"),
}


def flow_label(flow: str, lang: str) -> str:
    en, zh = _LABELS.get(flow, (flow, flow))
    return t(lang, en, zh)


# ---- returns --------------------------------------------------------------------------------
def confirm_return(order: Mapping[str, Any], items: Sequence[Mapping[str, Any]], amount: str, lang: str,
                   excluded: Sequence[str] = (), fee: str = "") -> str:
    """`fee`: the shop's own sentence on a change-of-mind return fee (refund_facts.return_fee), said
    before the yes so the refund quoted is not taken for the whole amount."""
    cur = order.get("currency")
    left = ""
    if excluded:
        left = t(lang, f" ({_join(list(excluded), 'en')} stays with you.)", f"（{_join(list(excluded), 'zh')}不退。）")
    fee_en, fee_zh = (f" {fee}", fee) if fee else ("", "")
    return t(lang,
             f"To confirm: return {item_list(items, 'en')} from order {order['id']}, refund "
             f"{money(amount, cur, 'en')} to the original payment method.{left}{fee_en} Shall I go ahead? (yes/no)",
             f"确认一下：订单 {order['id']} 退货 {item_list(items, 'zh')}，退款 {money(amount, cur, 'zh')} "
             f"原路退回。{left}{fee_zh}确认办理吗？（是/否）")


def return_done(order: Mapping[str, Any], data: Mapping[str, Any], items: Sequence[Mapping[str, Any]],
                refund_days: str, lang: str, ship_days: int | None = None, fee: str = "") -> str:
    """`ship_days`: the shop's own days to send the item back (its facts); None: no deadline is
    stated (a number the shop never gave would be invented)."""
    rid = data.get("return_id") or (data.get("return") or {}).get("id", "")
    refund = data.get("refund") or {}
    amount = money(refund.get("amount"), refund.get("currency") or order.get("currency"), lang)
    within_en, within_zh = (f" within {ship_days} days", f"请在 {ship_days} 天内寄回") if ship_days \
        else ("", "请把商品寄回")
    usually_en, usually_zh = (f" (usually {refund_days})", f"（一般 {refund_days} 到账）") if refund_days else ("", "")
    return t(lang,
             f"Done — return {rid} is open for {item_list(items, 'en')} (order {order['id']}). Send the item back"
             f"{within_en}; once it arrives, {amount} is refunded to your original payment method{usually_en}."
             + (f" {fee}" if fee else ""),
             f"已为您提交退货申请 {rid}：{item_list(items, 'zh')}（订单 {order['id']}）。{within_zh}，"
             f"仓库收到后 {amount} 原路退回{usually_zh}。" + fee)


# ---- delivery investigation -------------------------------------------------------------------
def delivery_ticket(order: Mapping[str, Any], kind: str, ticket: str | None, facts: Mapping[str, Any],
                    lang: str) -> str:
    via = carrier(order.get("carrier"), lang)
    tn = order.get("tracking_no") or ""
    shipped = date(order.get("shipped_at"), lang)
    delivered = date(order.get("delivered_at"), lang)
    days = facts.get("investigation_days")
    remedy = facts.get("remedy", "")
    check = ""      # what the customer can check meanwhile (not-received and damaged cases only)
    if kind == "not_received":
        # No delivery date in the shop's data (its status still "shipped"): the carrier's word only.
        on_en, on_zh = (f" on {delivered}", f"于{delivered}") if order.get("delivered_at") else ("", "")
        seen = t(lang, f"{via} marked order {order['id']} (tracking {tn}) as delivered{on_en}, but you haven't "
                       f"received it.",
                 f"订单 {order['id']}（{via}，运单号 {tn}）{on_zh}显示签收，但您没有收到。")
        check = t(lang, " Meanwhile, please check with neighbours, reception or a parcel locker.",
                  "这期间也麻烦您问一下邻居、前台或快递柜。")
    elif kind == "damaged":
        seen = t(lang, f"Order {order['id']} ({via}, tracking {tn}) arrived damaged in transit.",
                 f"订单 {order['id']}（{via}，运单号 {tn}）在运输中损坏了。")
        check = t(lang, " Please keep the box and send me a photo of the damage and the label if you can.",
                  "请保留外包装，方便的话发一张破损和面单的照片。")
    elif not facts.get("normal_days"):
        # A carrier the shop's facts do not know: its name, no invented delivery time.
        seen = t(lang, f"Order {order['id']} shipped on {shipped} with {via} (tracking {tn}) and "
                       f"{'is taking longer than expected' if facts.get('late') else 'is still in transit'}.",
                 f"订单 {order['id']} 于{shipped}由{via}发出（运单号 {tn}），"
                 f"{'运输时间比预期长' if facts.get('late') else '目前仍在运输中'}。")
    else:
        seen = t(lang, f"Order {order['id']} shipped on {shipped} with {via} (tracking {tn}) and "
                       f"{'is past the usual ' + str(facts.get('normal_days')) + ' business days' if facts.get('late') else 'is still in transit'}.",
                 f"订单 {order['id']} 于{shipped}由{via}发出（运单号 {tn}），"
                 f"{'已超过正常的 ' + str(facts.get('normal_days')) + ' 个工作日' if facts.get('late') else '目前仍在运输中'}。")
    ref = t(lang, f" Case {ticket}." if ticket else "", f"工单号 {ticket}。" if ticket else "")
    policy = str(facts.get("policy") or "")
    if policy:
        # The shop's own page for this case says what happens (photos, replacement or refund).
        check = t(lang, f" {policy}", policy)
    then_en, then_zh = (f", and {remedy}." if remedy else "."), (f"；{remedy}。" if remedy else "。")
    if policy and kind == "damaged":
        then_en, then_zh = ".", "。"
    return seen + t(lang,
                    f" I've opened an investigation with the carrier; they answer within {days} business days"
                    f"{then_en}{check}{ref}",
                    f"我已向承运商发起调查，{days} 个工作日内会有结果{then_zh}{check}{ref}")


def delivery_not_shipped(order: Mapping[str, Any], lang: str) -> str:
    return t(lang, f"Order {order['id']} hasn't shipped yet ({status(order['status'], 'en')}), so there's no parcel "
                   f"to trace. If you no longer want it, I can cancel it.",
             f"订单 {order['id']} 还没有发货（{status(order['status'], 'zh')}），暂时没有包裹可查。"
             f"如果不想要了，我可以帮您取消。")


def already_open(kind: str, ref: str, lang: str) -> str:
    label = flow_label(kind, lang)
    return t(lang, f"There's already an open case {ref} for this ({label}); a colleague is on it and will get back "
                   f"to you — no need to open another.",
             f"这个问题（{label}）已经有处理中的工单 {ref}，同事正在跟进，会尽快回复您，不需要重复提交。")


# ---- payment issue ----------------------------------------------------------------------------
def payment_ticket(order: Mapping[str, Any] | None, refunds: Sequence[Mapping[str, Any]], ticket: str | None,
                   hours: int, refund_days: str, lang: str, method: str = "", head: str | None = None) -> str:
    """`method`: the payment method the order was paid with (named in the reply); `head`: what
    the order shows, when the flow words it itself (an unpaid order said to be paid)."""
    ref = t(lang, f" (case {ticket})" if ticket else "", f"（工单号 {ticket}）" if ticket else "")
    back_en, back_zh = (f"to your {method}", f"退回{method}") if method else ("to the same payment method", "原路退回")
    if head is not None:
        pass
    elif order:
        paid = money(order.get("total"), order.get("currency"), lang)
        head = t(lang, f"Order {order['id']} shows one payment of {paid} ({status(order['status'], 'en')}).",
                 f"订单 {order['id']} 记录的是一笔 {paid} 的付款（{status(order['status'], 'zh')}）。")
        if refunds:
            head += t(lang, f" Refunds on it: {', '.join(money(r.get('amount'), r.get('currency'), 'en') + ' ' + str(r.get('status')) for r in refunds)}.",
                      f"已有退款：{'、'.join(money(r.get('amount'), r.get('currency'), 'zh') + str(r.get('status')) for r in refunds)}。")
    else:
        head = ""
    days_en, days_zh = (f" (usually {refund_days})", f"（一般 {refund_days}）") if refund_days else ("", "")
    return head + t(lang,
                    f" I've passed this to our billing team with those details{ref}; they check the payment records "
                    f"and reply within {hours} hours. Anything charged in error goes back {back_en}{days_en}.",
                    f"我已把这些信息转给账务同事{ref}，他们会核对支付记录，{hours} 小时内回复您。"
                    f"如有多扣的款项会{back_zh}{days_zh}。")


# ---- warranty ---------------------------------------------------------------------------------
def warranty(item: str, order: Mapping[str, Any], months: int, until: str | None, covered: bool,
             replace: bool, claim: str, lang: str) -> str:
    oid = order["id"]
    if months <= 0:
        return t(lang, f"{item} (order {oid}) has no warranty beyond the return window. If it arrived faulty, "
                       f"tell me what's wrong and I'll get a colleague to look at it.",
                 f"{item}（订单 {oid}）没有退货期之外的保修。如果收到时就有问题，请告诉我具体情况，我请同事为您处理。")
    if not covered:
        return t(lang, f"{item} (order {oid}) had a {months}-month warranty from delivery, which ended on {until}. "
                       f"A paid repair may still be possible — say \"talk to a person\" and a colleague will quote it.",
                 f"{item}（订单 {oid}）的保修期是签收后 {months} 个月，已于{until}到期。"
                 f"仍可付费维修，说“转人工”同事会为您报价。")
    direct = t(lang, " It's within the first days after delivery, so a faulty one can be replaced directly — "
                     "say if you'd like an exchange.",
               "目前还在签收后的直换期内，有质量问题可以直接换新——需要的话告诉我。") if replace else ""
    # no claim guide in the shop's knowledge: no "How to claim:" left hanging
    how_en, how_zh = (f" How to claim: {claim}", f"保修方式：{claim}") if claim else ("", "")
    return t(lang, f"{item} (order {oid}) is under warranty: {months} months from delivery, until {until}.{direct}"
                   f"{how_en}",
             f"{item}（订单 {oid}）在保修期内：签收后 {months} 个月，到{until}为止。{direct}{how_zh}")


# ---- product info -------------------------------------------------------------------------------
def product_info(name: str, options: Mapping[str, Sequence[str]], variants: Sequence[Mapping[str, Any]],
                 currency: str | None, lang: str) -> str:
    opts = options_listing(options, lang)
    prices = sorted({str(v.get("price")) for v in variants if v.get("price") is not None}, key=float)
    price = ""
    if prices:
        lo, hi = money(prices[0], currency, lang), money(prices[-1], currency, lang)
        price = lo if lo == hi else f"{lo}–{hi}"
    out = [v for v in variants if int(v.get("stock") or 0) <= 0]
    stock_en = (f" Out of stock: {', '.join('/'.join(map(str, v['options'].values())) for v in out)}."
                if out else " Everything is in stock.")
    stock_zh = (f"缺货：{'、'.join('/'.join(map(str, v['options'].values())) for v in out)}。" if out else "目前都有货。")
    return t(lang, f"{name}: {opts or 'one version'}; price {price}.{stock_en}",
             f"{name}：{opts or '只有一个规格'}；价格 {price}。{stock_zh}")


def variant_info(name: str, named: Mapping[str, str], variants: Sequence[Mapping[str, Any]], currency: str | None,
                 lang: str) -> str:
    """One version asked about: its price and which combinations are in stock."""
    what = options_text(named, lang)
    if not variants:
        return t(lang, f"{name} doesn't come as {what}.", f"{name}没有{what}这个规格。")
    parts = []
    for v in variants:
        opts = "/".join(str(x) for x in (v.get("options") or {}).values())
        stock = int(v.get("stock") or 0)
        price = money(v.get("price"), currency, lang)
        parts.append(t(lang, f"{opts}: {price}, {'in stock' if stock > 0 else 'out of stock'}",
                       f"{opts}：{price}，{'有货' if stock > 0 else '缺货'}"))
    return t(lang, f"{name} ({what}) — " + "; ".join(parts) + ".", f"{name}（{what}）——" + "；".join(parts) + "。")


def not_sold(lang: str) -> str:
    return t(lang, "I couldn't find that in our catalogue. Which product do you mean?",
             "商品目录里没有找到这个商品，请问您指的是哪一款？")


# ---- order changes ------------------------------------------------------------------------------
def confirm_change(what_en: str, what_zh: str, order_id: str, lang: str) -> str:
    return t(lang, f"To confirm: {what_en} on order {order_id}. Shall I go ahead? (yes/no)",
             f"确认一下：订单 {order_id} {what_zh}。确认修改吗？（是/否）")


def change_done(what_en: str, what_zh: str, order_id: str, lang: str) -> str:
    return t(lang, f"Done — {what_en} on order {order_id}.", f"已完成：订单 {order_id} {what_zh}。")


def ask_payment(methods: Sequence[Mapping[str, Any]], lang: str) -> str:
    kinds = [payment_type(m.get("type"), lang) for m in methods]
    return t(lang, f"Which payment method should it use? On your account: {_join(kinds, 'en')}.",
             f"请问改用哪种支付方式？您账户里有：{_join(kinds, 'zh')}。")


_PAY = {"card": ("card", "银行卡"), "paypal": ("PayPal", "PayPal"), "gift_card": ("gift card", "礼品卡"),
        "alipay": ("Alipay", "支付宝"), "wechat_pay": ("WeChat Pay", "微信支付"),
        "bank_transfer": ("bank transfer", "银行转账"), "cash_on_delivery": ("cash on delivery", "货到付款")}


def payment_type(kind: str | None, lang: str) -> str:
    en, zh = _PAY.get(kind or "", (kind or "", kind or ""))
    return t(lang, en, zh)


def ask_address(lang: str, default: bool = False) -> str:
    return t(lang, "What's the new default address?" if default else "What's the new address?",
             "请告诉我新的默认地址。" if default else "请告诉我新的地址。")


def resume(flow: str, lang: str) -> str:
    return t(lang, f"\n\nShall we go back to {flow_label(flow, 'en')}?", f"\n\n要继续刚才的{flow_label(flow, 'zh')}吗？")
