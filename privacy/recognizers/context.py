"""Context cues: the words before a number decide what an ambiguous number is.

`nearest_cue(text, pos)` looks a short window back from `pos` and returns the category of
the closest cue ("order", "tracking", "phone", "id", "card", "ssn", "keep"), or None.
The closest cue wins, so "订单123…，身份证110…" gives each number its own meaning.
"""
from __future__ import annotations

import re

WINDOW = 24

_CUES: dict[str, list[str]] = {
    "order": ["订单", "单号", "订单号", "订单编号", "编号", "流水号", "交易号", "交易单号", "工单", "退货单",
              "售后单", "发票号", "发票", "order", "order no", "order number", "order id", "order #",
              "invoice", "transaction", "reference", "ref", "ticket", "rma"],
    "tracking": ["快递", "运单", "物流", "快递单", "顺丰", "中通", "圆通", "申通", "韵达", "京东", "邮政", "ems",
                 "tracking", "waybill", "shipment", "dhl", "ups", "fedex",
                 "usps", "zto", "yto", "sto", "sf"],
    "keep": ["sku", "型号", "货号", "model", "数量", "qty", "quantity", "价格", "金额", "退款",
             "size", "尺码", "批次", "serial", "序列号", "imei", "验证码", "优惠券", "coupon",
             "积分", "会员号",
             # gift cards, vouchers and store credit are the shop's own numbers, not a bank card
             # (a 12-digit gift card passes Luhn and was read as CREDIT_CARD after "card")
             "gift card", "giftcard", "e-gift", "voucher", "store credit", "gift certificate", "redeem code",
             "礼品卡", "购物卡", "礼金卡", "提货卡", "储值卡", "卡券", "兑换码", "券码", "代金券"],
    "phone": ["电话", "手机", "手机号", "联系方式", "联系电话", "号码", "座机", "来电", "致电", "打", "拨",
              "tel", "phone", "mobile", "cell", "call", "reach me", "text me", "whatsapp", "fax",
              "contact", "number is", "cellphone", "telephone", "landline", "local number", "office line",
              "direct line", "home number", "work number", "cell number", "mobile number", "phone number", "ring",
              "家里电话", "分机",
              # short labels people put before a bare local number ("home 8675309", "mob 4472 1190")
              "home", "mob", "ph", "office", "宅电", "住宅电话"],
    "id": ["身份证", "身份证号", "证件号", "证件", "身份号码", "id number", "id card", "id no", "identity",
           "national id", "resident id"],
    "card": ["卡号", "银行卡", "信用卡", "储蓄卡", "借记卡", "银联", "尾号", "card", "visa", "mastercard",
             "amex", "账号", "账户", "bank account", "account number", "credit", "debit"],
    "ssn": ["ssn", "social security", "社会安全号"],
}

_GENERIC = frozenset({"number is"})
_ALL = sorted({(w, k) for k, ws in _CUES.items() for w in ws}, key=lambda p: -len(p[0]))
_CAT = {w: k for w, k in _ALL}
# Latin cues need word boundaries ("ups" must not fire inside "groups"); CJK cues do not.
_PAT = re.compile("|".join(
    (r"(?<![a-z])" + re.escape(w) + r"(?![a-z])") if w[0].isascii() else re.escape(w)
    for w, _ in _ALL))


def nearest_cue(text: str, pos: int, window: int = WINDOW) -> str | None:
    """Category of the cue closest before `pos` (within `window` characters)."""
    seg = text[max(0, pos - window):pos].lower()
    best: str | None = None
    best_end = -1
    for m in _PAT.finditer(seg):
        if m.end() >= best_end:
            if m.group(0) in _GENERIC and best in ("card", "id", "order", "ssn", "tracking") \
                    and m.start() - best_end <= 2:
                best_end = m.end()
                continue  # "card number is …": the noun right before "number" decides
            best_end = m.end()
            best = _CAT[m.group(0)]
    return best
