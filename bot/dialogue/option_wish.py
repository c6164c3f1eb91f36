"""#13 (stock10): an option wish with no product word ("I'd like silver instead", "my headphones,
I want silver", "换成黑色的吧") once the order is known — or when one line of the customer's
orders has a product with that option value — is the change of that line: an item change before
shipping, an exchange once delivered (the flows confirm first). Read from the shop's own data
only: the lines' products and their option values, never a list of product or colour words.
Several lines that could take the value: the order is asked among their orders."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue import matching as M

# Another request, a rejection or a question about the product: never read as this wish. A change
# verb ("change", "换", "instead") is not needed and not excluded.
_OTHER_REQUEST = re.compile(r"(\bcancel|取消|\breturn|退货|退回|退款|refund|address|地址|\bpay(?:ment)?\b|付款|支付|"
                            r"\binvoice|发票|\b(?:don'?t|do not|doesn'?t|not|never|no)\b|不要|不用|别|不想|"
                            r"\breceived\b|\barrived\b|\bsent (?:me|us)\b|\bcame\b|收到|寄来|发来|发错|寄错|到货|送来|"
                            r"\bbroken?\b|\bfault|坏|故障|不工作)", re.I)
_QUESTION = re.compile(r"[?？]|\b(?:how|what|when|where|why|which|does|do you|is there|are there|is it|are they|"
                       r"in stock|available)\b|^\s*(?:is|are|will|would|should|did)\b|多少|怎么|什么|哪|有没有|有吗|有货|吗\s*$",
                       re.I)
_ASKS_FOR = re.compile(r"\b(?:can|could|may) (?:i|we) (?:get|have|switch|change|swap)\b|"
                       r"\b(?:i'?d like|i want|i'?ll take|prefer)\b", re.I)
# "I'd like to know if it comes in white": a question however politely it starts.
_ASKS_ABOUT = re.compile(r"\b(?:know|wonder(?:ing)?|ask(?:ing)?|tell me)\b|想知道|请问|问一下|问下", re.I)
# Statuses whose lines can still become another version (the flow checks the shop's rules again).
UNSHIPPED, DELIVERED = ("pending", "paid"), ("delivered",)


@dataclass(frozen=True)
class Wish:
    order_id: str
    sku: str
    status: str


def wished_lines(text: str, orders: Sequence[Mapping[str, Any]], catalogue: Mapping[str, Mapping[str, Any]],
                 scope: Sequence[str], named_skus: Sequence[tuple[str, str]] = ()) -> list[Wish]:
    """The order lines whose product has an option value the message names that differs from the
    line's own. `scope`: the orders written or in focus (empty: every order of the customer);
    `named_skus`: (order id, sku) of lines the message names, which narrow the lines read."""
    if not catalogue or _OTHER_REQUEST.search(text) or _ASKS_ABOUT.search(text) or (_QUESTION.search(text) and not _ASKS_FOR.search(text)):
        return []
    from bot.dialogue.classic import _mentions
    # A line matched on another order than the one written or in focus is that value's owner
    # ("clay": the clay mat on another order), not the line the wish is about: not a narrowing.
    named = {(o, sku) for o, sku in named_skus if not scope or o in scope}
    hits: list[Wish] = []
    for order in orders:
        status = str(order.get("status") or "")
        if status not in UNSHIPPED + DELIVERED or (scope and str(order.get("id")) not in scope):
            continue
        for line in order.get("items") or []:
            if named and (str(order["id"]), str(line.get("sku"))) not in named:
                continue
            product = catalogue.get(str(line.get("product_id")))
            if not product or not product.get("options"):
                continue
            current = {str(k): M.norm(str(v)) for k, v in (line.get("options") or {}).items()}
            mentions = _mentions(product, text)
            if mentions and any(current.get(dim) != M.norm(value) for dim, value, _ in mentions):
                hits.append(Wish(str(order["id"]), str(line.get("sku")), status))
    return hits
