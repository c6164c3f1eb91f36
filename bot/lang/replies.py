"""Template answers in Chinese and English.

These are the deterministic answers: they state the facts the tools returned (status,
carrier, tracking number, dates, amounts, next step) and always pass the grounding check,
so they are also the fallback for every LLM answer. The customer's name appears only as
the `<CUSTOMER_NAME>` placeholder, which the restore stage fills in for that customer alone.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from bot.lang.category_words import category_word
from bot.lang.display_names import shown_name
from bot.lang.money import format_money

CUSTOMER_NAME = "<CUSTOMER_NAME>"

_STATUS = {
    "pending": ("awaiting payment", "待付款"),
    "paid": ("paid and being prepared for shipping", "已付款，正在备货"),
    "shipped": ("on its way", "已发货，正在运输途中"),
    "delivered": ("delivered", "已签收"),
    "cancelled": ("cancelled", "已取消"),
    "returned": ("returned", "已退货"),
}
_REFUND_STATUS = {
    "pending": ("pending — it starts once the warehouse receives the return", "待处理（仓库收到退货后开始退款）"),
    "processing": ("being processed", "处理中"),
    "completed": ("completed", "已完成"),
    "refunded": ("refunded", "已退款"),
    "succeeded": ("completed", "已完成"),
    "rejected": ("rejected", "已拒绝"),
    "failed": ("failed", "失败"),
}
_CARRIER = {
    "SF": ("SF Express", "顺丰速运"),
    "JD": ("JD Logistics", "京东物流"),
    "YTO": ("YTO Express", "圆通速递"),
    "ZTO": ("ZTO Express", "中通快递"),
    "STO": ("STO Express", "申通快递"),
    "YD": ("Yunda", "韵达快递"),
    "EMS": ("EMS", "EMS"),
    "UPS": ("UPS", "UPS"),
    "DHL": ("DHL", "DHL"),
}
_CATEGORY = {
    "food": ("food", "食品"),
    "underwear": ("underwear", "内衣"),
    "customized": ("customised items", "定制商品"),
}


# Other shops' category codes, read as Chinese (anything else: "items excluded from returns").
_CATEGORY_ZH = {"gift_card": "礼品卡", "personal_care": "个人护理用品", "digital": "数字商品", "hygiene": "贴身卫生用品",
                "perishable": "生鲜易腐商品", "software": "软件", "cosmetics": "化妆品"}


def t(lang: str, en: str, zh: str) -> str:
    return zh if lang == "zh" else en


def date(value: str | None, lang: str) -> str:
    if not value:
        return ""
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.month}月{d.day}日" if lang == "zh" else f"{d.strftime('%b')} {d.day}"


def full_date(value: str | None, lang: str) -> str:
    """A date with its year ("2027年11月21日", "Nov 21, 2027"), for dates beyond this year."""
    if not value:
        return ""
    try:
        d = datetime.fromisoformat(value)
    except ValueError:
        return value
    return f"{d.year}年{d.month}月{d.day}日" if lang == "zh" else f"{d.strftime('%b')} {d.day}, {d.year}"


def money(amount: Any, currency: str | None, lang: str) -> str:
    # One formatter for every amount (bot/lang/money.py): the order's own currency, never ¥ by default.
    return format_money(amount, currency, lang)


def status(code: str, lang: str) -> str:
    en, zh = _STATUS.get(code, (code, code))
    return t(lang, en, zh)


def carrier(code: str | None, lang: str) -> str:
    if not code:
        return ""
    en, zh = _CARRIER.get(code.upper(), (code, code))
    return t(lang, en, zh)


def items_text(order: Mapping[str, Any], lang: str) -> str:
    names = [shown_name(i, lang) for i in order.get("items", [])]   # the customer's language (catalogue)
    sep = "、" if lang == "zh" else ", "
    return sep.join(n for n in names if n)


def order_line(order: Mapping[str, Any], lang: str) -> str:
    """One line per order for lists: id, what, when, status."""
    what = items_text(order, lang)
    when = date(order.get("placed_at"), lang)
    return t(lang,
             f"• {order['id']} — {what}, ordered {when}, {status(order['status'], 'en')}",
             f"• {order['id']}：{what}，{when}下单，{status(order['status'], 'zh')}")


def greeting_prefix(lang: str, has_name: bool) -> str:
    if has_name:
        return t(lang, f"Hi {CUSTOMER_NAME}! ", f"{CUSTOMER_NAME}，您好！")
    return t(lang, "Hi! ", "您好！")


# ---- order status -------------------------------------------------------------------------

def order_status(order: Mapping[str, Any], lang: str, not_received: bool = False, late: bool = False,
                 normal_days: str = "", international: bool = False, dispatch: str = "") -> str:
    """`normal_days`: the carrier's usual delivery time (facts.toml), stated instead of a generic one.
    `dispatch`: the shop's own dispatch time for a paid order (dialogue/dispatch_late.on_time_text);
    none given, none stated."""
    oid, st = order["id"], order["status"]
    what = items_text(order, lang)
    c = carrier(order.get("carrier"), lang)
    tn = order.get("tracking_no") or ""
    if st == "delivered" and not_received:
        return t(lang,
                 f"Our records show order {oid} ({what}) as delivered on {date(order.get('delivered_at'), 'en')} by "
                 f"{c} (tracking number {tn}). Please check with neighbours, reception or a nearby parcel locker "
                 f"first. If it doesn't turn up, say \"human\" and a colleague will open an investigation with "
                 f"the carrier — if the parcel is lost we resend it or refund you in full.",
                 f"系统显示订单 {oid}（{what}）已于{date(order.get('delivered_at'), 'zh')}由{c}签收（运单号 {tn}）。"
                 f"请先问问邻居、前台或附近的快递柜；如果还是找不到，回复“转人工”，同事会向快递公司发起调查，"
                 f"确认丢件后为您免费补发或全额退款。")
    if st == "shipped" and late:
        return t(lang,
                 f"Your order {oid} ({what}) shipped on {date(order.get('shipped_at'), 'en')} with {c} (tracking "
                 f"number {tn}) and is taking longer than it should. I'm sorry about the wait — say \"human\" and a "
                 f"colleague will check with the carrier; if the parcel is lost we resend it or refund you in full.",
                 f"您的订单 {oid}（{what}）已于{date(order.get('shipped_at'), 'zh')}由{c}发出（运单号 {tn}），"
                 f"运输时间比正常情况长了，抱歉让您久等。回复“转人工”，同事会联系快递公司核查；如果确认丢件，"
                 f"我们会免费补发或全额退款。")
    if st == "shipped":
        return t(lang,
                 f"Your order {oid} ({what}) is on its way: it shipped on {date(order.get('shipped_at'), 'en')} "
                 f"with {c}, tracking number {tn}. Tracking updates can lag by a few hours"
                 # The carrier's own time from the shop's facts; none known: no invented days.
                 + (f"; {c} usually delivers within {normal_days} business days of shipping"
                    + (", plus customs clearance." if international else ".") if normal_days else "."),
                 f"您的订单 {oid}（{what}）已于{date(order.get('shipped_at'), 'zh')}由{c}发出，运单号 {tn}，"
                 f"正在运输途中。物流信息可能会有几个小时的延迟"
                 + (f"，{c}一般发货后 {normal_days} 个工作日送达" + ("（国际件另需清关时间）。" if international else "。")
                    if normal_days else "。"))
    if st == "delivered":
        return t(lang,
                 f"Your order {oid} ({what}) was delivered on {date(order.get('delivered_at'), 'en')} "
                 f"by {c} (tracking number {tn}). If you haven't received it, tell me and I'll look into it.",
                 f"您的订单 {oid}（{what}）已于{date(order.get('delivered_at'), 'zh')}由{c}送达签收"
                 f"（运单号 {tn}）。如果您并没有收到，请告诉我，我马上帮您核实。")
    if st == "paid":
        return t(lang,
                 f"Your order {oid} ({what}) is paid and being prepared. {dispatch + ' ' if dispatch else ''}"
                 f"You'll get a tracking number as soon as it leaves the warehouse.",
                 f"您的订单 {oid}（{what}）已付款，正在备货。{dispatch}发货后会有运单号。")
    if st == "pending":
        return t(lang,
                 f"Your order {oid} ({what}) is still awaiting payment. It will be prepared once payment "
                 f"goes through.",
                 f"您的订单 {oid}（{what}）目前还是待付款状态，付款成功后我们会尽快备货发出。")
    if st == "cancelled":
        return t(lang, f"Order {oid} ({what}) has been cancelled.",
                 f"订单 {oid}（{what}）已取消。")
    if st == "returned":
        return t(lang, f"Order {oid} ({what}) has been returned.",
                 f"订单 {oid}（{what}）已退货。")
    return t(lang, f"Order {oid} is {st}.", f"订单 {oid} 的状态是：{st}。")


def order_not_found(lang: str, order_id: str | None) -> str:
    if order_id:
        return t(lang,
                 f"I couldn't find an order {order_id} on your account. Could you check the number? "
                 f"It's in your order confirmation.",
                 f"您的账户下没有找到订单 {order_id}，麻烦核对一下订单号？订单号可以在下单确认信息里找到。")
    return t(lang,
             "I couldn't find any orders linked to this account. If you ordered with another account, "
             "please send me the order number.",
             "这个账号下没有查到订单。如果您是用其他账号下的单，请把订单号发给我。")


def choose_order(orders: Iterable[Mapping[str, Any]], lang: str, purpose: str) -> str:
    lines = "\n".join(order_line(o, lang) for o in orders)
    ask_en = {
        "order_status": "Which order do you mean?",
        "cancel_order": "Which order would you like to cancel?",
        "change_address": "Which order's address should I change?",
        "return_request": "Which order would you like to return?",
        "exchange_request": "Which order would you like to exchange?",
        "invoice": "Which order do you need an invoice for?",
        "refund_status": "Which order's refund do you mean?",
        "product_issue": "Which order is the item from?",
    }.get(purpose, "Which order do you mean?")
    ask_zh = {
        "order_status": "请问您想查询哪一个订单？",
        "cancel_order": "请问您要取消哪一个订单？",
        "change_address": "请问要修改哪一个订单的地址？",
        "return_request": "请问您要退哪一个订单？",
        "exchange_request": "请问您要换哪一个订单的商品？",
        "invoice": "请问您需要哪一个订单的发票？",
        "refund_status": "请问您问的是哪一个订单的退款？",
        "product_issue": "请问是哪个订单里的商品？",
    }.get(purpose, "请问您说的是哪一个订单？")
    return t(lang, f"You have several recent orders:\n{lines}\n{ask_en} You can reply with the order number.",
             f"您最近有这几个订单：\n{lines}\n{ask_zh}回复订单号即可。")


def ask_order_number(lang: str) -> str:
    return t(lang, "Could you send me the order number? It is in your order confirmation.",
             "麻烦提供一下订单号（可在订单详情或确认邮件里找到）。")


# ---- refusals that cite the rule ------------------------------------------------------------
def existing_request(code: str, params: Mapping[str, Any], order: Mapping[str, Any], lang: str) -> str:
    """The return or exchange already open for this item: its id, what it is for, what next."""
    ref = str(params.get("exchange_id") or params.get("return_id"))
    sku = params.get("sku")
    item = next((str(i.get("name")) for i in order.get("items") or [] if i.get("sku") == sku), "")
    wanted = str(params.get("wanted") or "").strip()
    oid = order.get("id") or params.get("order_id")
    if lang == "en":
        kind = "an exchange" if code == "exchange_exists" else "a return"
        what = f" for {item}" if item else ""
        to = f" (asked for: {wanted})" if wanted else ""
        return (f"There's already {kind} request {ref}{what} in order {oid}{to}, still open, so I won't open a "
                f"second one. If you'd like to change what it asks for, a colleague can update it — just say "
                f"\"human\".")
    kind = "换货" if code == "exchange_exists" else "退货"
    what = f"（{item}）" if item else ""
    to = f"，申请内容：{wanted}" if wanted else ""
    return (f"订单 {oid}{what}已经有一个处理中的{kind}申请 {ref}{to}，我就不重复提交了。"
            f"如果想修改申请内容，回复“转人工”，同事会帮您更新。")



def refusal(code: str, params: Mapping[str, Any], order: Mapping[str, Any], action: str, lang: str) -> str:
    oid = order.get("id", "")
    st = order.get("status", "")
    if code in ("already_shipped", "not_cancellable", "shipped", "address_locked"):
        what = t(lang, "cancelled" if action == "cancel_order" else "re-addressed",
                 "取消" if action == "cancel_order" else "修改地址")
        shipped = date(order.get("shipped_at"), lang)
        via = carrier(order.get("carrier"), lang)
        tn = order.get("tracking_no") or ""
        if st == "delivered":
            return t(lang,
                     f"Order {oid} has already been delivered, so it can't be {what} — orders can only be "
                     f"cancelled or re-addressed before they ship. If you don't want it, you can return it "
                     f"within the return window.",
                     f"订单 {oid} 已经签收，无法{what}——订单只能在发货前取消或改地址。如果不想要了，"
                     f"可以在退货期内申请退货。")
        return t(lang,
                 f"Order {oid} already shipped on {shipped} with {via} (tracking {tn}), so it can't be "
                 f"{what} — that's only possible before an order ships. You can refuse the parcel on "
                 f"delivery, or return it after it arrives.",
                 f"订单 {oid} 已于{shipped}由{via}发出（运单号 {tn}），按规定只有发货前才能{what}，"
                 f"现在无法操作了。您可以在送达时拒收，或者签收后申请退货。")
    if code in ("already_withdrawn", "already_received", "already_refunded", "request_closed"):
        # withdrawing a return / exchange (withdraw14): the request named, the rule that stops it
        rid = params.get("return_id") or params.get("exchange_id") or ""
        ref_en, ref_zh = (f"Request {rid}", f"申请 {rid}") if rid else ("This request", "这个申请")
        return t(lang, {"already_withdrawn": f"{ref_en} was already withdrawn — there is nothing left to cancel.",
                        "already_received": f"{ref_en} can no longer be withdrawn: the item has already arrived back "
                                            "with us.",
                        "already_refunded": f"{ref_en} can no longer be withdrawn: its refund has already been paid.",
                        "request_closed": f"{ref_en} is already closed, so there is nothing to withdraw."}[code],
                 {"already_withdrawn": f"{ref_zh}已经撤销了，不需要再取消。",
                  "already_received": f"{ref_zh}不能再撤销了：商品已经寄回到仓库。",
                  "already_refunded": f"{ref_zh}不能再撤销了：退款已经退出。",
                  "request_closed": f"{ref_zh}已经关闭，没有可撤销的。"}[code])
    if code == "already_cancelled":
        return t(lang, f"Order {oid} is already cancelled, so there's nothing more to change.",
                 f"订单 {oid} 已经取消了，无需再操作。")
    if code == "already_returned":
        return t(lang, f"Order {oid} has already been returned.", f"订单 {oid} 已经退货了。")
    if code in ("return_window_expired", "exchange_window_expired"):
        days = params.get("days", "")
        delivered = date(params.get("delivered_at") or order.get("delivered_at"), lang)
        deadline = date(params.get("deadline"), lang)
        closed_en = f" (that window closed on {deadline})" if deadline else ""
        closed_zh = f"（已于{deadline}截止）" if deadline else ""
        if code == "return_window_expired":
            until = date(params.get("exchange_deadline"), lang) if params.get("exchange_deadline") else ""
            if until:
                # The exchange window is still open: say so, as the way the customer still has.
                return t(lang,
                         f"Order {oid} was delivered on {delivered}, and returns are accepted within {days} days "
                         f"of delivery{closed_en}, so I can't open a return for it. It can still be exchanged "
                         f"for another version of the same item until {until} — just say \"exchange\" and "
                         f"which one you'd like. If the item is faulty, tell me what's wrong.",
                         f"订单 {oid} 于{delivered}签收，退货需在签收后 {days} 天内申请{closed_zh}，"
                         f"所以无法再办理退货。不过{until}前还可以换成同款的其他规格——需要的话说“换货”并告诉我想换哪个。"
                         f"如果商品有质量问题，也请告诉我具体情况。")
            return t(lang,
                     f"Order {oid} was delivered on {delivered}, and returns are accepted within {days} days "
                     f"of delivery{closed_en}, so I can't open a return for it. If the item is faulty, tell "
                     f"me what's wrong — it may still be covered by the warranty.",
                     f"订单 {oid} 于{delivered}签收，退货需在签收后 {days} 天内申请{closed_zh}，"
                     f"所以无法再办理退货。如果商品有质量问题，告诉我具体情况，可能还在保修范围内。")
        return t(lang,
                 f"Order {oid} was delivered on {delivered}, and exchanges are possible within {days} days "
                 f"of delivery{closed_en}, so I can't arrange an exchange. If the item is faulty, tell me "
                 f"what's wrong and I'll see what the warranty covers.",
                 f"订单 {oid} 于{delivered}签收，换货需在签收后 {days} 天内申请{closed_zh}，"
                 f"所以无法再换货。如果商品有质量问题，请告诉我具体情况，我看看保修能否处理。")
    if code == "non_returnable_category":
        cat = str(params.get("category", ""))
        # Any shop's category: its general zh word (bot/lang/category_words.txt) when the table has none.
        word = category_word(cat, "zh")
        en, zh = _CATEGORY.get(cat, (cat.replace("_", " "),
                                     _CATEGORY_ZH.get(cat) or (f"{word}类商品" if word else "不可退换类商品")))
        named = [shown_name(i, lang) for i in order.get("items", []) if i.get("sku") == params.get("sku")]
        item = params.get("item") or (named[0] if named else items_text(order, lang))
        verb = t(lang, "returned" if action == "return_request" else "exchanged",
                 "退货" if action == "return_request" else "换货")
        return t(lang,
                 f"{item} in order {oid} can't be {verb}: {en} are excluded from returns and exchanges "
                 f"under our policy. If it arrived damaged or defective, tell me and I'll get a colleague "
                 f"to help.",
                 f"订单 {oid} 中的{item}属于{zh}，按照我们的政策不支持{verb}。如果收到时有破损或质量问题，"
                 f"请告诉我，我请同事为您处理。")
    if code in ("not_delivered", "not_yet_delivered"):
        return t(lang,
                 f"Order {oid} hasn't been delivered yet ({status(st, 'en')}), so a return can't be opened "
                 f"yet. If you no longer want it, you can cancel it before it ships or refuse the parcel.",
                 f"订单 {oid} 还没有签收（{status(st, 'zh')}），暂时不能申请退换货。如果不想要了，"
                 f"发货前可以取消订单，已发货可以拒收。")
    if code in ("return_exists", "exchange_exists") and (params.get("exchange_id") or params.get("return_id")):
        # Refer to the request already open (which one, for what), instead of a second one.
        return existing_request(code, params, order, lang)
    if code in ("return_exists", "exchange_exists", "already_requested"):
        return t(lang, f"There's already an open return or exchange request for order {oid}; "
                       f"you'll hear from us as soon as it moves on.",
                 f"订单 {oid} 已经有一个处理中的退换货申请了，有进展会第一时间通知您。")
    if code == "not_found":
        return order_not_found(lang, oid or None)
    if code == "item_required":
        names = items_text(order, lang)
        return t(lang, f"Order {oid} has several items ({names}). Which one would you like to exchange, and for which size or colour?",
                 f"订单 {oid} 里有多件商品（{names}），请问您想换哪一件？换成什么尺码或颜色？")
    if code == "item_not_found":
        return t(lang, f"I couldn't find that item in order {oid}; it contains {items_text(order, 'en')}.",
                 f"订单 {oid} 里没有找到这件商品，订单包含：{items_text(order, 'zh')}。")
    if code == "not_paid":
        return t(lang, f"Order {oid} hasn't been paid yet, so an invoice can't be issued until payment goes through.",
                 f"订单 {oid} 还未付款，付款成功后才能开具发票。")
    sentence = _REFUSALS.get(code)
    if sentence is not None:
        return t(lang, sentence[0].format(oid=oid), sentence[1].format(oid=oid))
    # An unknown code still gets a sentence with the next step; never the bare code.
    return t(lang, f"Sorry, I can't change order {oid} that way. A colleague can look at it with you: just say "
                   f"\"talk to a person\".",
             f"抱歉，订单 {oid} 无法这样办理。需要的话说“转人工”，我请同事帮您看看。")


# Every refusal code of bot.shop.codes not handled above: the rule in one sentence, and what next.
_REFUSALS: dict[str, tuple[str, str]] = {
    "conflict": ("Order {oid} changed while I was working on it, so nothing was done. Please check it again "
                 "and tell me if you still want this.",
                 "订单 {oid} 刚刚有了变化，这次没有办理。请再确认一下，如果还需要请告诉我。"),
    "unavailable": ("The shop system isn't answering right now, so nothing was changed on order {oid}. Please "
                    "try again in a few minutes, or ask for a person.",
                    "系统暂时无法连接，订单 {oid} 没有任何改动。请稍后再试，或说“转人工”。"),
    "refused": ("The shop system declined this change for order {oid}. A colleague can look into why — say "
                "\"talk to a person\".",
                "系统拒绝了订单 {oid} 的这次修改。需要的话说“转人工”，同事会帮您查明原因。"),
    "payment_method_not_found": ("I couldn't find that payment method on your account, so order {oid} keeps "
                                 "its current one.",
                                 "您的账户里没有找到这个支付方式，订单 {oid} 仍使用原来的支付方式。"),
    "variant_not_found": ("That option isn't one the shop sells for this item, so order {oid} stays as it is.",
                          "这件商品没有您说的这个规格，订单 {oid} 保持不变。"),
    "different_product": ("An item can only be swapped for another version of the same product, so order {oid} "
                          "stays as it is. For a different product, return this one and order the other.",
                          "只能换成同一商品的其他规格，订单 {oid} 保持不变。想要别的商品，可以退掉这件再下单。"),
    "out_of_stock": ("That version is out of stock right now, so order {oid} stays as it is.",
                     "这个规格目前缺货，订单 {oid} 保持不变。"),
    "invalid_quantity": ("That quantity doesn't fit order {oid} — it's more than the order holds or what's still "
                         "open to return.",
                         "数量不对——超过了订单 {oid} 里的数量或还可以退的数量。"),
    "no_change": ("Order {oid} already looks like that, so there was nothing to change.",
                  "订单 {oid} 已经是这样了，无需修改。"),
    "empty_order": ("That would remove every item from order {oid}; that's a cancellation — shall I cancel it "
                    "instead?",
                    "这样订单 {oid} 就没有商品了，相当于取消订单——需要我帮您取消吗？"),
    "no_catalogue": ("This shop has no catalogue I can pick other versions from, so order {oid} can only keep "
                     "the same items.",
                     "这家店没有可选的商品规格，订单 {oid} 只能保留原商品。"),
    "address_required": ("I need the new address to change order {oid}.", "修改订单 {oid} 需要新的地址。"),
    "item_required": ("Order {oid} has several items; which one do you mean?",
                      "订单 {oid} 里有多件商品，请问是哪一件？"),
    "variant_required": ("Which version would you like instead?", "请问想换成哪个规格？"),
}


# ---- confirmations and done messages --------------------------------------------------------

def confirm(action: str, order: Mapping[str, Any], args: Mapping[str, Any], lang: str) -> str:
    oid = order["id"]
    what = args.get("item") or items_text(order, lang)
    if action == "cancel_order":
        refund = ""
        if order.get("status") == "paid":
            refund = t(lang, f" The {money(order.get('total'), order.get('currency'), 'en')} you paid will be refunded.",
                       f"已支付的 {money(order.get('total'), order.get('currency'), 'zh')} 会原路退回。")
        return t(lang, f"Just to confirm: cancel order {oid} ({what})?{refund} Reply \"yes\" to cancel or \"no\" to keep it.",
                 f"跟您确认一下：要取消订单 {oid}（{what}）吗？{refund}回复“确认”取消，回复“不用”保留订单。")
    if action == "change_address":
        addr = args.get("address", "")
        return t(lang, f"Just to confirm: change the delivery address of order {oid} to {addr}? Reply \"yes\" to go ahead.",
                 f"跟您确认一下：把订单 {oid} 的收货地址改为 {addr} 吗？回复“确认”即可修改。")
    if action == "return_request":
        amount = args.get("amount")
        refund = ""
        if amount:
            refund = t(lang, f" Once the warehouse receives it, {money(amount, order.get('currency'), 'en')} is refunded to your original payment method.",
                       f"仓库收到退货后，{money(amount, order.get('currency'), 'zh')}会原路退回。")
        return t(lang, f"Just to confirm: return {what} from order {oid}?{refund} Reply \"yes\" to submit the return.",
                 f"跟您确认一下：要退回订单 {oid} 中的{what}吗？{refund}回复“确认”提交退货申请。")
    if action == "exchange_request":
        wanted = args.get("wanted", "")
        return t(lang, f"Just to confirm: exchange {what} from order {oid} for {wanted}? Reply \"yes\" to submit the exchange.",
                 f"跟您确认一下：把订单 {oid} 中的{what}换成{wanted}吗？回复“确认”提交换货申请。")
    return t(lang, f"Shall I go ahead with order {oid}? Reply \"yes\" or \"no\".",
             f"要继续处理订单 {oid} 吗？请回复“确认”或“不用”。")


def done(action: str, order: Mapping[str, Any], data: Mapping[str, Any], lang: str) -> str:
    oid = order["id"]
    if action == "cancel_order":
        refund = data.get("refund") or {}
        extra = ""
        if refund:
            # `refund_days`: the order's payment method's timeline from the shop's facts (cancel flow).
            days = data.get("refund_days")
            extra = t(lang, f" A refund of {money(refund.get('amount'), order.get('currency'), 'en')} is on its way to your original payment method "
                            f"(reference {refund.get('id')})" + (f"; it usually arrives within {days}." if days else "."),
                      f"退款 {money(refund.get('amount'), order.get('currency'), 'zh')} 将原路退回（退款单号 {refund.get('id')}）"
                      + (f"，一般 {days}到账。" if days else "。"))
        return t(lang, f"Done — order {oid} is cancelled.{extra}", f"已为您取消订单 {oid}。{extra}")
    if action == "change_address":
        return t(lang, f"Done — order {oid} will now be delivered to {data.get('address', 'the new address')}.",
                 f"已修改，订单 {oid} 将寄送到新地址：{data.get('address', '')}。")
    if action == "return_request":
        ret_id = data.get("return_id", "")
        refund = data.get("refund") or {}
        amount = refund.get("amount")
        tail = ""
        if amount:
            tail = t(lang, f" Once it arrives at our warehouse and passes inspection, {money(amount, order.get('currency'), 'en')} will be refunded to your original payment method.",
                     f"仓库收到并检验通过后，{money(amount, order.get('currency'), 'zh')}会原路退回。")
        return t(lang, f"Your return request {ret_id} for order {oid} is submitted. Please pack the item with its accessories and send it back; we'll message you the return address and label.{tail}",
                 f"已为订单 {oid} 提交退货申请（申请号 {ret_id}）。请将商品连同配件一起寄回，退货地址和面单稍后发给您。{tail}")
    if action == "exchange_request":
        ex_id = data.get("exchange_id", "")
        return t(lang, f"Your exchange request {ex_id} for order {oid} is submitted. Send the original item back and we'll ship the replacement as soon as it arrives.",
                 f"已为订单 {oid} 提交换货申请（申请号 {ex_id}）。请把原商品寄回，我们收到后会尽快发出新的商品。")
    return t(lang, f"Done for order {oid}.", f"订单 {oid} 已处理完成。")


def noted(lang: str) -> str:
    return t(lang, "Thanks, noted. ", "好的，已记下原因。")


def others_data(lang: str) -> str:
    return t(lang, "Sorry, I can't share anyone else's details or orders — for privacy, each customer can only see their own. Is there anything about your own orders I can help with?",
             "抱歉，出于隐私保护，我不能提供其他人的信息或订单，每位顾客只能查看自己的订单。您自己的订单有什么需要帮忙的吗？")


def identity_required(lang: str) -> str:
    return t(lang, "For your security I can only show and change orders for the account that placed them, so please message us from that account. If that's not possible, say \"human\" and a colleague will verify you.",
             "为了您的账户安全，订单只能由下单的账号查询和修改，请用下单时的账号联系我们。如果不方便，回复“转人工”，同事会帮您核实身份。")


def already_handed_off(ticket_id: str | None, lang: str) -> str:
    ref = t(lang, f" (ticket {ticket_id})", f"（工单号 {ticket_id}）") if ticket_id else ""
    return t(lang, f"A colleague already has our conversation{ref} and will reply here soon; anything you add here reaches them too.",
             f"已经为您转接人工客服{ref}，同事会尽快在这里回复，您补充的内容他们也能看到。")


def safety(ticket_id: str | None, lang: str, electric: bool | None = True, said: str = "") -> str:
    """The safety hand-off: the hazard the customer named (`said`) worded back, and "unplug it"
    only for an item of an electrical kind (None: not known, so only if it runs on mains)."""
    from bot.lang.hazards import said as hazard_said
    ref = t(lang, f" (ticket {ticket_id})", f"（工单号 {ticket_id}）") if ticket_id else ""
    named = hazard_said(said, lang)
    if electric is not True:
        # Not (or not known to be) an electrical item: no "unplug it", the same care otherwise.
        plug = t(lang, " (and unplug it if it runs on mains power)", "（如果是插电产品请拔掉电源）") if electric is None else ""
        what = t(lang, f"{named} like that" if named else "burning, smoke or melting",
                 f"{named}这种情况" if named else "烧焦、冒烟或熔化")
        return t(lang, f"Please stop using it now{plug} — {what} is a safety issue, not something to "
                       f"troubleshoot. I've passed this to a colleague{ref}, who will arrange a replacement or refund with "
                       f"you; it's covered whatever the return window.",
                 f"请立即停止使用{plug}——{what}属于安全问题，不要自行排查。已为您转接同事处理{ref}，"
                 f"会为您安排换新或退款，不受退货期限限制。")
    what = t(lang, f"{named} like that is" if named else "a burning smell, smoke or sparks are",
             f"{named}这种情况" if named else "焦味、冒烟或火花")
    return t(lang, f"Please stop using it and unplug it now — {what} a safety issue, not something to troubleshoot. "
                   f"I've passed this to a colleague{ref}, who will arrange a replacement or refund with you; it's "
                   f"covered whatever the return window.",
             f"请立即停止使用并拔掉电源——{what}属于安全问题，不要自行排查。已为您转接同事处理{ref}，会为您安排换新或退款，不受退货期限限制。")


def offer_remedies(lang: str) -> str:
    return t(lang, "Sorry that didn't fix it. I can arrange a return, an exchange for a new one, or a warranty repair — which would you prefer? Or say \"human\" to talk to a colleague.",
             "抱歉还是没解决。我可以为您办理退货、换新或保修维修，您想选哪一种？也可以回复“转人工”找同事处理。")


def after_refusal(lang: str) -> str:
    return t(lang, "I understand, and I'm sorry I can't make an exception myself — the rule applies to every order. If you'd like, a colleague can review your case: just say \"human\". I can also help with anything else on this order.",
             "理解您的心情，抱歉我这边无法破例，这条规则对所有订单都一样。如果需要，可以请同事复核您的情况，回复“转人工”即可；这个订单的其他问题我也可以继续帮您处理。")


def acknowledge(lang: str) -> str:
    return t(lang, "Got it. Is there anything else I can help with?", "好的，还有什么可以帮您？")


def info_answer(lang: str, snippet_text: str, intent: str) -> str:
    follow = {
        "return_request": ("If you'd like to return something, tell me which order and I'll check it for you.",
                           "如果需要退货，告诉我是哪个订单，我帮您核实办理。"),
        "exchange_request": ("If you'd like an exchange, tell me which order and what you need instead.",
                             "如果需要换货，告诉我订单号和想换的尺码或颜色。"),
        "refund_status": ("If you're waiting for a refund, I can look up where it stands.",
                          "如果您在等退款，我可以帮您查询进度。"),
        "cancel_order": ("If you'd like to cancel an order, tell me which one.", "如果要取消订单，请告诉我订单号。"),
        "change_address": ("If you'd like to change an address, tell me which order.", "如果要修改地址，请告诉我订单号。"),
        "invoice": ("Tell me the order number and I'll request the invoice.", "告诉我订单号，我帮您申请发票。"),
    }.get(intent)
    return snippet_text + ("\n" + t(lang, *follow) if follow else "")


def aborted(lang: str) -> str:
    return t(lang, "No problem — I haven't changed anything. Is there anything else I can help with?",
             "好的，我没有做任何修改。还有什么可以帮您？")


def ask_address(order_id: str, lang: str) -> str:
    return t(lang, f"Sure. What's the new delivery address for order {order_id}? Please send the full address.",
             f"好的，请把订单 {order_id} 的新收货地址完整发给我（省市区、街道、门牌号）。")


def ask_full_address(order_id: str, lang: str) -> str:
    return t(lang, f"I couldn't place that correction in the address on file for order {order_id} — "
                   "please send me the full corrected address in one line and I'll show it to you to confirm.",
             f"我没能把这处更正对应到订单 {order_id} 现有的地址里，麻烦把改好后的完整地址发我一行，我核对后请您确认。")


def ask_wanted(order: Mapping[str, Any], lang: str) -> str:
    return t(lang, f"Sure. What would you like instead for {items_text(order, 'en')} (order {order['id']}) — which size or colour?",
             f"好的，订单 {order['id']} 的{items_text(order, 'zh')}您想换成什么尺码或颜色？")


def ask_yes_no(lang: str) -> str:
    return t(lang, "Sorry, I didn't catch that — please reply \"yes\" to go ahead or \"no\" to leave things as they are.",
             "抱歉没太明白，请回复“确认”继续办理，或回复“不用”保持不变。")


# ---- refunds, invoices, tickets, product issues ----------------------------------------------

def refund_list(refunds: list[Mapping[str, Any]], lang: str, timing: str | None = None) -> str:
    """`timing`: the timeline line for these refunds' payment methods (facts.toml), when known."""
    if not refunds:
        return t(lang, "I don't see any refund on your account yet. Refunds start once a cancellation goes through or a return reaches our warehouse." + (" " + timing if timing else ""),
                 "您的账户下暂时没有退款记录。订单取消成功或退货寄回仓库后才会发起退款。" + (timing or ""))
    lines = []
    for r in refunds:
        en_st, zh_st = _REFUND_STATUS.get(str(r.get("status")), (str(r.get("status")), str(r.get("status"))))
        amt = money(r.get("amount"), r.get("currency"), lang)
        lines.append(t(lang, f"• {r.get('id')} for order {r.get('order_id')}: {amt}, {en_st} (since {date(r.get('created_at'), 'en')})",
                       f"• 退款 {r.get('id')}（订单 {r.get('order_id')}）：{amt}，{zh_st}（{date(r.get('created_at'), 'zh')}发起）"))
    body = "\n".join(lines)
    tail = f"\n{timing}" if timing else ""
    return t(lang, f"Here's where your refunds stand:\n{body}{tail}", f"您的退款进度如下：\n{body}{tail}")


_REQUEST_STATUS = {
    "requested": ("requested — we'll send the return label shortly", "已提交，退货面单稍后发给您"),
    "approved": ("approved", "已通过"),
    "received": ("received at the warehouse", "仓库已收到"),
    "completed": ("completed", "已完成"),
    "rejected": ("rejected", "未通过"),
    "shipped": ("replacement shipped", "新商品已发出"),
}


def request_list(requests: list[Mapping[str, Any]], lang: str) -> str:
    if not requests:
        return t(lang, "I don't see any return or exchange requests on your account. If you'd like to start one, tell me which order.",
                 "您的账户下没有退换货申请。如需申请，请告诉我是哪个订单。")
    lines = []
    for r in requests:
        en_st, zh_st = _REQUEST_STATUS.get(str(r.get("status")), (str(r.get("status")), str(r.get("status"))))
        items = ("、" if lang == "zh" else ", ").join(str(i) for i in r.get("items", []))
        kind_en, kind_zh = ("Return", "退货") if r.get("kind") == "return" else ("Exchange", "换货")
        lines.append(t(lang, f"• {kind_en} {r.get('id')} for order {r.get('order_id')} ({items}): {en_st} (since {date(r.get('created_at'), 'en')})",
                       f"• {kind_zh}申请 {r.get('id')}（订单 {r.get('order_id')}，{items}）：{zh_st}（{date(r.get('created_at'), 'zh')}提交）"))
    body = "\n".join(lines)
    return t(lang, f"Here are your return and exchange requests:\n{body}", f"您的退换货申请进度如下：\n{body}")


def defect_handoff(ticket_id: str | None, lang: str) -> str:
    ref = t(lang, f" (ticket {ticket_id})", f"（工单号 {ticket_id}）") if ticket_id else ""
    return t(lang, f"I'm sorry it arrived like that. Items excluded from returns are still covered when they arrive damaged, faulty or misprinted — I've passed this to a colleague{ref} who will arrange a replacement, a reprint or a refund. A photo of the problem, sent here, speeds it up.",
             f"很抱歉收到的商品有问题。不支持无理由退换的商品，如果到货破损、有质量问题或印错，仍由我们负责——已为您转接同事处理{ref}，会为您安排补发、重印或退款。在这里发一张问题照片可以加快处理。")


def invoice_done(order: Mapping[str, Any], data: Mapping[str, Any], lang: str, with_title: bool = False,
                 when: str | None = None) -> str:
    """`when`: how and when the running shop sends invoices, in its own words (its knowledge); None
    keeps the older wording, "" (the shop's pages do not say) states no time."""
    if when is not None and data.get("status") != "issued":
        ref = data.get("invoice_id", "")
        said = f" {when}" if when else t(lang, " It's sent to you once it's issued.", "开具后会发送给您。")
        if lang == "zh":
            said = when or "开具后会发送给您。"
        if with_title:
            return t(lang, f"Thanks — the invoice details you sent are on invoice request {ref} for order {order['id']}.{said}",
                     f"好的，您提供的发票信息已登记到订单 {order['id']} 的发票申请（申请号 {ref}）。{said}")
        return t(lang, f"I've requested an invoice for order {order['id']} (request {ref}).{said} If you need a company "
                       f"title and tax ID on it, just send them.",
                 f"已为订单 {order['id']} 申请发票（申请号 {ref}）。{said}如需开具公司抬头和税号，请把信息发给我。")
    if data.get("status") == "issued":
        return t(lang, f"The invoice for order {order['id']} was already issued on {date(data.get('created_at'), 'en')} and sent to your e-mail. To have it re-issued with different details, say \"human\" and a colleague will help.",
                 f"订单 {order['id']} 的发票已于{date(data.get('created_at'), 'zh')}开具并发送到您的邮箱。如需更改信息重新开具，回复“转人工”，同事会为您处理。")
    if with_title:
        return t(lang, f"Thanks — the invoice details you sent are on invoice request {data.get('invoice_id', '')} for order {order['id']}; the e-invoice reaches your e-mail within 3 business days.",
                 f"好的，您提供的发票信息已登记到订单 {order['id']} 的发票申请（申请号 {data.get('invoice_id', '')}），电子发票 3 个工作日内发送到您的邮箱。")
    return t(lang, f"I've requested an e-invoice for order {order['id']} (request {data.get('invoice_id', '')}). It's sent to your e-mail within 3 business days. If you need a company title and tax ID on it, just send them.",
             f"已为订单 {order['id']} 申请电子发票（申请号 {data.get('invoice_id', '')}），3 个工作日内发送到您的邮箱。如需开具公司抬头和税号，请把信息发给我。")


def handoff(ticket_id: str | None, lang: str, hours: str = "", within_hours: Any = None) -> str:
    """`hours` (service hours) and `within_hours` come from the shop's facts; absent: not stated."""
    ref = t(lang, f" (ticket {ticket_id})", f"（工单号 {ticket_id}）") if ticket_id else ""
    when_en = (f" usually within {within_hours} hours" if within_hours else "") + (f" (service hours: {hours})" if hours else "")
    when_zh = (f"服务时间 {hours}，" if hours else "") + (f"一般 {within_hours} 小时内回复。" if within_hours else "")
    return t(lang, f"I've passed our conversation to a colleague{ref}; they'll reply here as soon as possible{(',' + when_en) if when_en else ''}.",
             f"已为您转接人工客服{ref}，同事会尽快在这里回复您{'，' + when_zh if when_zh else '。'}")


def product_issue(lang: str, snippet_text: str | None) -> str:
    if snippet_text:
        return t(lang, f"Sorry the item is giving you trouble. Here's what usually fixes it:\n{snippet_text}\nIf that doesn't help, I can arrange a return, an exchange or a warranty repair — just say which.",
                 f"抱歉给您带来麻烦了。可以先试试这些方法：\n{snippet_text}\n如果还是不行，我可以为您办理退货、换货或保修，告诉我您想怎么处理。")
    return t(lang, "Sorry the item is giving you trouble. Could you tell me what exactly happens? If it's faulty I can arrange a return, an exchange or a warranty repair.",
             "抱歉给您带来麻烦了。能具体说说是什么情况吗？如果是质量问题，我可以为您办理退货、换货或保修。")


def knowledge_answer(lang: str, snippet_text: str) -> str:
    return snippet_text


def greeting(lang: str, has_name: bool) -> str:
    return greeting_prefix(lang, has_name) + t(lang, "I can help with orders, deliveries, returns, exchanges, refunds and invoices. What can I do for you?",
                                                "我可以帮您查订单、查物流，办理退换货、退款和发票。请问有什么可以帮您？")


def who_am_i(lang: str) -> str:
    return t(lang, "I'm the shop's virtual assistant. I can check orders and deliveries, handle returns, exchanges, refunds and invoices — and if you'd rather talk to a person, say \"human\" and I'll bring in a colleague.",
             "我是店铺的智能客服助手，可以帮您查订单和物流、办理退换货、退款和发票。如果您希望人工服务，回复“转人工”我马上为您转接。")


def thanks_bye(lang: str) -> str:
    return t(lang, "You're welcome! If anything else comes up, just message me here. Have a great day!",
             "不客气！之后有任何问题随时在这里找我，祝您生活愉快！")


def fallback(lang: str) -> str:
    return t(lang, "I'm the shop's after-sales assistant: I can check an order or delivery, cancel an order or change its address before it ships, arrange returns and exchanges, track refunds, request invoices, or get you a person. What would you like to do?",
             "我是店铺的售后助手，可以帮您查订单和物流、发货前取消订单或改地址、办理退换货、查询退款、申请发票，也可以为您转人工。请问需要什么帮助？")


def starts_with_apology(text: str) -> bool:
    return text.lstrip().lower().startswith(("sorry", "i'm sorry", "i'm really sorry", "抱歉", "非常抱歉", "很抱歉"))


def apology(lang: str) -> str:
    return t(lang, "I'm really sorry about this. ", "非常抱歉给您带来不好的体验。")


def offer_human(lang: str) -> str:
    return t(lang, " If you'd rather talk to a person, say \"human\" and I'll bring in a colleague.",
             "如果您希望人工处理，回复“转人工”我马上为您转接。")


def nothing_to_act_on(action: str, lang: str) -> str:
    msg = {
        "cancel_order": ("None of your orders can be cancelled right now — orders can only be cancelled before they ship.",
                         "您目前没有可以取消的订单——订单只能在发货前取消。"),
        "change_address": ("None of your orders can be re-addressed right now — addresses can only be changed before an order ships.",
                           "您目前没有可以修改地址的订单——只有发货前才能修改地址。"),
        "return_request": ("I don't see a delivered order that could be returned on your account.",
                           "您的账户下没有可以退货的已签收订单。"),
        "exchange_request": ("I don't see a delivered order that could be exchanged on your account.",
                             "您的账户下没有可以换货的已签收订单。"),
    }.get(action, ("I couldn't find a matching order.", "没有找到符合条件的订单。"))
    return t(lang, *msg)
