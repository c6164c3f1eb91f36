"""route13: "where did you send the invoice?" / "发票寄到哪里了？" asks about an invoice already issued.

Naming no order, it is about the order whose invoice the shop has on record (read from the shop by
the invoice flow), never "which order?" over every order, nor a new request for another one.
"""
from __future__ import annotations

import re

# Where / how / whether an invoice went out, in both languages (no shop words).
_SENT = re.compile(
    r"发票.{0,8}(?:寄|发|送|开)(?:到|给|去)?(?:哪|了吗|了没|没有|什么|怎么|何处)|发票.{0,6}(?:在哪|去哪|哪里|哪儿)|"
    r"(?:怎么|如何|什么方式|用什么).{0,6}(?:寄|发|送)(?:给我)?的?.{0,4}发票|发票.{0,6}(?:是)?怎么(?:发|寄|送|给)|"
    r"(?:没|没有|还没)(?:收到|看到|找到).{0,4}发票|发票.{0,6}(?:没|没有|还没)(?:收到|看到|找到)|"
    r"\bwhere (?:did|have|was|were|is|has)\b.{0,30}\binvoice|\binvoice\b.{0,30}\b(?:sent|emailed|e-mailed|mailed|"
    r"delivered)\b|\bhow (?:was|is|did|will)\b.{0,30}\binvoice\b|\b(?:haven'?t|didn'?t|never|not) (?:got|gotten|"
    r"received|seen|found)\b.{0,20}\binvoice", re.I)


def asks_where_sent(text: str) -> bool:
    """The message asks where or how an invoice was sent, or says it never came."""
    return bool(_SENT.search(text or ""))
