"""A worry that a parcel is lost, asked as a question ("has my package been lost?", "会不会丢了啊",
"是不是丢件了") — not a report that it is (issue #13, info11).

Inside the carrier's usual days the worry gets the normal time and the date to come back, never a
carrier investigation at once: the case would contradict the "still within the normal time" the
next turn gives. Only the question form counts; "it's lost, tracking hasn't moved for a week"
still goes to the carrier rules.

    worried(text) -> bool
    only_detail(text, order_ids) -> bool     # the message only gives an order number
"""
from __future__ import annotations

import re

_WORRY = re.compile(
    r"会不会(?:是)?(?:寄)?丢|是不是(?:寄)?丢|不会(?:是)?(?:寄)?丢了吧|(?:寄)?丢了吗|丢件了吗|(?:担心|怕|害怕).{0,10}(?:丢|寄丢)|"
    r"(?:有没有|是否)(?:可能)?(?:寄)?丢|"
    r"\b(?:has|have|did|is|was|could|might|may)\s+(?:it|they|my|the|this|that)\b[^.?!]{0,30}"
    r"\b(?:lost|gone missing|go missing|been lost|get lost|got lost)\b|"
    r"\b(?:worried|afraid|scared|concerned|wonder(?:ing)?)\b[^.?!]{0,40}\b(?:lost|missing)\b|"
    r"\b(?:is|was) (?:it|my \w+|the \w+) lost\b|\blost\s*\?", re.I)


def worried(text: str) -> bool:
    """True when the message asks (or worries) whether the parcel is lost."""
    return bool(_WORRY.search(text))


_FILLER = re.compile(r"(?:my|the|it'?s|it is|is|here|order|number|no\.?|id|tracking|订单号?|单号|运单号|快递单号|是|的|这个|就是|我的)",
                     re.I)


def only_detail(text: str, order_ids: list[str]) -> bool:
    """True when the message is one of the customer's order numbers and filler words, nothing else."""
    rest = text
    found = False
    for oid in order_ids:
        if oid and oid.lower() in rest.lower():
            found = True
            rest = re.sub(re.escape(oid), " ", rest, flags=re.I)
    return found and not re.sub(r"[\W_]+", "", _FILLER.sub(" ", rest))
