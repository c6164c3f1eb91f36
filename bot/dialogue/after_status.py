"""A change asked right after an order-status answer is about THAT order (#13).

"can I change the payment to card?" / "能换成微信支付吗" after "your order X is paid and being
prepared" starts the payment change for X (the flow says why not when X has shipped), never a
refund-destination page or the capability list. "add the skillet" / "再加一个充电宝" is read against
the shop's own data:

- a line X already has ("add another stove", the stove is on X): more units of that line — the
  item change of X, proposed and confirmed (the quantity flow), while X has not shipped;
- a product of the catalogue X does not have: an existing order takes no new product (the shop's
  item change swaps variants and quantities of its own lines only), so the reply says X's status,
  whether X can still change, and that the item comes as a new order;
- X has shipped or is closed: nothing can be added to it — its status and a new order.

Which product is meant always comes from the catalogue and the order's lines (`matching`), never
from a word list; the cues below are only the verbs of asking to add or to pay another way.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue import matching as M
from bot.lang import cues as C
from bot.lang import replies as R
from bot.lang.display_names import shown_name
from bot.shop import order_ids
from bot.shop.policy import BEFORE_SHIPPING

# Asking to put one more of something on the order ("add the skillet", "one more bell", "再加一个").
ADD = re.compile(r"\badd(?:ing)?\b(?!ress)|\bone more\b|\ban extra\b|\bthrow in\b|\bput (?:in|on)\b.{0,30}\btoo\b|"
                 r"再加|加一|多加|加个|加上|添加|追加|再来一|再要一|再买一|也加|还要一", re.I)
# What is added that is not an item: an address, a note, an invoice detail, a phone number.
NOT_AN_ITEM = re.compile(r"\baddress|\bnote\b|\bcomment|\binstruction|\binvoice|\breceipt|\bphone|\bemail|"
                         r"\bname\b|\bgift (message|wrap)|<[A-Z_]+(?:_\d+)?>|地址|备注|留言|发票|电话|手机|邮箱|名字|贺卡", re.I)
# A payment method or the payment itself named ("the payment", "pay by", "付款", "支付").
PAY_TOPIC = re.compile(r"\bpay(?:ment|ing)?\b|\bcharge (?:it|them|the order)\b|付款|支付|付钱|结账|买单", re.I)
# A wish to pay another way ("change", "switch", "instead", "换成", "改用", "用…付").
PAY_CHANGE = re.compile(r"\b(?:change|switch|swap|instead|different|another|other|rather|move)\b|"
                        r"\bpay (?:it |for it )?(?:by|with|via|using|through)\b|改|换|用", re.I)
# Money going back is the refund's topic, a cancel is the cancel's, not a payment change.
NOT_PAYMENT = re.compile(r"\brefund|\bmoney back\b|\bcancel|退款|退钱|退回|取消|扣了两次|重复扣|charged twice|"
                         # "what did I pay with?", "我用什么付的": the method asked about, not changed
                         r"\b(what|which|how) did (i|we) pay\b|\bwhat (payment|card)\b.{0,20}\b(did|was)\b|"
                         r"用(的)?(什么|哪)|(什么|哪种|哪个)(方式)?(付|支付)的", re.I)


# The reason understanding records when this module read the message (engine: no shop question).
REASON = "after a status answer"


@dataclass(frozen=True)
class FollowUp:
    """What the message asks of the order just answered."""

    kind: str                    # "payment" | "more_units" | "new_item"
    order_id: str
    sku: str | None = None       # the order's own line named (more units of it)
    product_id: str | None = None  # a catalogue product the order does not have
    why: str = ""


def read(text: str, last_flow: str | None, last_order_id: str | None, orders: Sequence[Mapping[str, Any]],
         catalogue: Mapping[str, Mapping[str, Any]]) -> FollowUp | None:
    """The change `text` asks of the order the status answer was about (None: it asks none, or
    it is about another order)."""
    if last_flow != "order_status" or not last_order_id:
        return None
    order = next((o for o in orders if str(o.get("id")) == str(last_order_id)), None)
    if order is None:
        return None
    written = order_ids.find_known(text, [str(o["id"]) for o in orders])
    if written and str(order["id"]) not in written:
        return None                        # another order written: its own request, read as usual
    if wants_payment_change(text):
        return FollowUp("payment", str(order["id"]), why="payment change for the order just answered")
    if not ADD.search(text) or C.RETURN_VERB.search(text):
        return None
    own = [r for r in M.match_items(text, [order], catalogue) if not r.excluded]
    if own:
        return FollowUp("more_units", str(order["id"]), sku=own[0].sku, why="more units of a line of the order just answered")
    product = named_product(text, catalogue)
    if product is not None:
        return FollowUp("new_item", str(order["id"]), product_id=product,
                        why="a product added to the order just answered")
    if NOT_AN_ITEM.search(text):
        return None                        # "add my new address / a note": not an item, that request's flow
    # Something the catalogue does not name ("再加一个托特包"): still an addition to that order.
    return FollowUp("new_item", str(order["id"]), why="an item the catalogue does not name added to the order")


def wants_payment_change(text: str) -> bool:
    """Pay another way: the payment (or a method of paying) named with a wish to change it,
    and neither money back nor a cancel."""
    from bot.dialogue.flows.changes import payment_named
    if NOT_PAYMENT.search(text):
        return False
    topic = PAY_TOPIC.search(text) or payment_named(text) or C.PAYMENT_WORD.search(text)
    return bool(topic and PAY_CHANGE.search(text))


def named_product(text: str, catalogue: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The catalogue product `text` names, by the same matcher order lines are named with (its
    names in both languages and its category's words): the catalogue read as one order."""
    lines = [{"sku": pid, "product_id": pid, "name": p.get("name") or "", "category": p.get("category")}
             for pid, p in catalogue.items()]
    refs = [r for r in M.match_items(text, [{"id": "_catalogue", "items": lines}], catalogue) if not r.excluded]
    return refs[0].sku if refs else None


def changeable(order: Mapping[str, Any]) -> bool:
    """May the order's lines still change (the policy's before-shipping statuses)?"""
    return str(order.get("status")) in BEFORE_SHIPPING


def new_item_answer(order: Mapping[str, Any], product: Mapping[str, Any] | None, lang: str) -> str:
    """The order's status, whether it can still change, and that a new product is a new order."""
    oid = str(order["id"])
    status = R.status(str(order.get("status")), lang)
    name = shown_name({"name": product.get("name") or "", "name_zh": product.get("name_zh")}, lang) \
        if product else ""
    name = name or R.t(lang, "new item", "新商品")
    if changeable(order):
        return R.t(lang, f"Order {oid} is {status}, so it can still be changed — but only its own items (another "
                         f"option or quantity of what's on it); a new product can't be added to it. Please order the "
                         f"{name} as a new order; it ships separately. Would you like to change anything on "
                         f"{oid} itself?",
                   f"订单 {oid} {status}，还可以修改，但只能改订单里已有商品的规格或数量，不能往里加新商品。"
                   f"{name}请单独下一个新订单，会另外发货。{oid} 本身还需要改什么吗？")
    return R.t(lang, f"Order {oid} is {status}, so nothing can be added to it any more — items can only be changed "
                     f"before an order ships. Please order the {name} as a new order.",
               f"订单 {oid} {status}，已经不能再往里加商品了——订单只能在发货前修改。{name}请单独下一个新订单。")


def more_units_closed(order: Mapping[str, Any], line: Mapping[str, Any], lang: str) -> str:
    """More of a line of an order that can no longer change: its status and a new order."""
    oid = str(order["id"])
    status = R.status(str(order.get("status")), lang)
    name = shown_name(line, lang)
    return R.t(lang, f"Order {oid} is {status}, so its quantities can't be changed any more — items can only be "
                     f"changed before an order ships. For another {name}, please place a new order.",
               f"订单 {oid} {status}，数量已经不能再改了——订单只能在发货前修改。如需再要一件{name}，请单独下一个新订单。")
