"""Build shop.json: "Harbour & Bloom", a Singapore beauty/skincare + small kitchen appliances + pet supplies
shop (SGD; one Kuala Lumpur customer billed in MYR), order ids like sg-4471-kt (market prefix, sequence,
two check letters; lower case), unseen by the developers.
Run once: python3 tests/playtest10/shop7/gen_shop.py  (writes shop.json next to this file).
The round's clock is 2026-11-28T12:00+08:00 = Saturday noon in Singapore (SGT, +08:00): outside the
human agents' hours (Mon-Fri 9:00-18:00 SGT; next answer Monday 9:00).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

G, C = "UK 3-pin (Type G)", "EU 2-pin (Type C)"
# product id -> (name, name_zh or None, category, options {dim: [values]}, price rule, stock overrides, MYR rule)
PRODUCTS = {
    "P-SERUM": ("Vitamin C brightening serum", "维C焕亮精华液", "skincare",
                {"volume": ["30 ml", "50 ml"]}, {"30 ml": "42.00", "50 ml": "62.00"}, {}, {"30 ml": "138.00", "50 ml": "199.00"}),
    "P-SUN": ("Mineral sunscreen SPF 50", "矿物防晒霜", "skincare",
              {"tint": ["untinted", "tinted"], "volume": ["50 ml", "100 ml"]},
              {"50 ml": "32.00", "100 ml": "49.00"}, {("tinted", "100 ml"): 0}, {"50 ml": "105.00", "100 ml": "159.00"}),
    "P-CUSH": ("Silk cushion foundation", "丝柔气垫粉底", "makeup",
               {"shade": ["N10 porcelain", "N20 ivory", "W30 sand", "W40 honey"], "bundle": ["compact", "compact + refill"]},
               {"compact": "39.00", "compact + refill": "55.00"}, {("W30 sand", "compact + refill"): 0,
                                                                  ("N20 ivory", "compact"): 0}, None),
    "P-EDP": ("Tanjong Rhu eau de parfum", None, "fragrance",
              {"scent": ["white tea", "fig & vetiver", "yuzu blossom"], "volume": ["50 ml", "100 ml"]},
              {"50 ml": "98.00", "100 ml": "148.00"}, {("yuzu blossom", "100 ml"): 0}, None),
    "P-AIRF": ("Compact air fryer", "小型空气炸锅", "kitchen_appliances",
               {"capacity": ["3.5 L", "5.5 L"], "plug type": [G, C]},
               {"3.5 L": "129.00", "5.5 L": "169.00"}, {("5.5 L", C): 0}, None),
    "P-BLEND": ("Personal blender", "便携式搅拌杯", "kitchen_appliances",
                {"wattage": ["300 W", "600 W"], "bundle": ["single cup", "2-cup bundle"]},
                {("300 W", "single cup"): "59.00", ("300 W", "2-cup bundle"): "74.00",
                 ("600 W", "single cup"): "79.00", ("600 W", "2-cup bundle"): "94.00"}, {("600 W", "single cup"): 0}, None),
    "P-ESP": ("Espresso machine", "半自动意式咖啡机", "kitchen_appliances",
              {"finish": ["brushed steel", "matte cream"], "plug type": [G, C]},
              {"*": "459.00"}, {("matte cream", C): 0}, None),
    "P-HARN": ("No-pull dog harness", "防爆冲狗狗胸背带", "pet_supplies",
               {"pet size": ["XS", "S", "M", "L"], "colour": ["ocean blue", "sunset orange"]},
               {"XS": "36.00", "S": "36.00", "M": "36.00", "L": "42.00"}, {("L", "sunset orange"): 0},
               {"XS": "118.00", "S": "118.00", "M": "118.00", "L": "138.00"}),
    "P-CATF": ("Grain-free cat food", "无谷猫粮", "pet_food",
               {"flavour": ["salmon", "chicken & duck"], "bag": ["1.5 kg", "4 kg"]},
               {"1.5 kg": "28.00", "4 kg": "62.00"}, {("chicken & duck", "4 kg"): 0}, None),
    "P-FOUNT": ("Cat water fountain", "猫咪智能饮水机", "pet_appliances",
                {"capacity": ["2 L", "3 L"], "bundle": ["fountain only", "fountain + 3 filters"]},
                {("2 L", "fountain only"): "49.00", ("2 L", "fountain + 3 filters"): "61.00",
                 ("3 L", "fountain only"): "59.00", ("3 L", "fountain + 3 filters"): "71.00"}, {("2 L", "fountain only"): 0}, None),
    "P-NEST": ("Nap Nest orthopedic pet bed", None, "pet_supplies",
               {"pet size": ["S", "M", "L"], "cover": ["grey felt", "teddy fleece"]},
               {"S": "69.00", "M": "89.00", "L": "119.00"}, {("L", "teddy fleece"): 0}, None),
}
SHORT = {"30 ml": "30", "50 ml": "50", "100 ml": "100", "untinted": "UT", "tinted": "TI", "N10 porcelain": "N10",
         "N20 ivory": "N20", "W30 sand": "W30", "W40 honey": "W40", "compact": "C", "compact + refill": "CR",
         "white tea": "WT", "fig & vetiver": "FV", "yuzu blossom": "YZ", "3.5 L": "35", "5.5 L": "55", G: "G", C: "C",
         "300 W": "300", "600 W": "600", "single cup": "1C", "2-cup bundle": "2C", "brushed steel": "ST",
         "matte cream": "CR", "ocean blue": "BL", "sunset orange": "OR", "salmon": "SAL", "chicken & duck": "CKD",
         "1.5 kg": "1K5", "4 kg": "4K", "2 L": "2L", "3 L": "3L", "fountain only": "F", "fountain + 3 filters": "F3",
         "grey felt": "GRY", "teddy fleece": "TED"}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return "hb" + pid[2:].lower() + "." + ".".join(SHORT.get(v, v).lower() for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 3 + (i * 7 + n * 3) % 9, currency="SGD", extra="MYR")


CUSTOMERS = [
    # id, name, phone, email, address, [(pm suffix, type, label)], identities
    ("hb001", "Tan Wei Ling", "+65 9123 0001", "weiling.tan@example.sg", "Blk 412 Bedok North Ave 2, #08-115, Singapore 460412",
     [("visa", "card", "Visa •••• 4001"), ("paynow", "bank_transfer", "PayNow (UEN/mobile)")], ["whatsapp:6591230001", "telegram:5001"]),
    ("hb002", "林晓雯", "+65 8123 0002", "xiaowen.lin@example.com", "18 Jurong West St 61, #12-07, Singapore 640018",
     [("wechat", "wechat_pay", "微信支付 lin***"), ("mc", "card", "Mastercard •••• 4002")], ["wechat:xiaowen_sg", "telegram:5002"]),
    ("hb003", "Priya Nair", "+65 9123 0003", "priya.nair@example.sg", "7 Tanjong Rhu Rd, #15-03 The Waterside, Singapore 436881",
     [("visa", "card", "Visa •••• 4003"), ("paypal", "paypal", "PayPal pr***")], ["web:priya.n"]),
    ("hb004", "陈志强", "+65 8123 0004", "zq.chen@example.com", "230 Tampines St 21, #05-332, Singapore 520230",
     [("alipay", "alipay", "支付宝 che***"), ("visa", "card", "Visa •••• 4004")], ["telegram:5004"]),
    ("hb005", "Aisyah Rahman", "+60 12 345 0005", "aisyah.r@example.my", "No. 21, Jalan Telawi 3, Bangsar Baru, 59100 Kuala Lumpur, Malaysia",
     [("mc", "card", "Mastercard •••• 4005"), ("paypal", "paypal", "PayPal ai***")], ["whatsapp:60123450005"]),
    ("hb006", "黄佩珊", "+65 9123 0006", "peishan.huang@example.com", "55 Upper Serangoon Rd, #03-21, Singapore 347596",
     [("visa", "card", "Visa •••• 4006"), ("gift", "gift_card", "Gift card •••• 7006")], ["line:U5006hps", "telegram:5006"]),
    ("hb007", "Marcus Lim", "+65 9123 0007", "marcus.lim@lim-associates.example.sg", "1 Raffles Place, #20-01, Singapore 048616",
     [("amex", "card", "Amex •••• 4007"), ("gift", "gift_card", "Gift card •••• 7007")], ["telegram:5007"]),
    ("hb008", "周丽娜", "+65 8123 0008", "lina.zhou@example.com", "88 Punggol Field, #10-442, Singapore 820088",
     [("alipay", "alipay", "支付宝 zho***"), ("paynow", "bank_transfer", "PayNow (mobile)")], ["wechat:lina_zhou"]),
    ("hb009", "Hannah Schmidt", "+65 9123 0009", "hannah.schmidt@example.de", "26 Holland Grove Rd, Singapore 278814",
     [("visa", "card", "Visa •••• 4009"), ("paypal", "paypal", "PayPal ha***")], ["web:hannah.s", "telegram:5009"]),
    ("hb010", "刘建国", "+65 8123 0010", "jianguo.liu@example.com", "501 Ang Mo Kio Ave 8, #07-1120, Singapore 560501",
     [("visa", "card", "Visa •••• 4010")], ["telegram:5010"]),
]

# id, customer, status, placed, shipped, delivered ("MM-DD" or None), carrier, payment suffix, currency, lines
ORDERS = [
    ("sg-4471-kt", "hb001", "delivered", "11-17", "11-18", "11-20", "Ninja Van", "visa", "SGD",
     [("P-AIRF", ("5.5 L", G), 1), ("P-SERUM", ("30 ml",), 2)]),
    ("sg-4519-rb", "hb001", "paid", "11-27", None, None, None, "visa", "SGD",
     [("P-SUN", ("tinted", "50 ml"), 1), ("P-CUSH", ("W40 honey", "compact"), 1)]),
    ("sg-4402-mw", "hb002", "delivered", "10-30", "10-31", "11-02", "SingPost", "wechat", "SGD",
     [("P-HARN", ("M", "ocean blue"), 1), ("P-CATF", ("salmon", "4 kg"), 1)]),
    ("sg-4530-pz", "hb002", "shipped", "11-25", "11-26", None, "Ninja Van", "mc", "SGD",
     [("P-FOUNT", ("2 L", "fountain + 3 filters"), 1), ("P-CATF", ("chicken & duck", "1.5 kg"), 2)]),
    ("sg-4488-jd", "hb003", "delivered", "11-21", "11-22", "11-24", "J&T Express", "visa", "SGD",
     [("P-EDP", ("white tea", "50 ml"), 1), ("P-CUSH", ("W30 sand", "compact + refill"), 1)]),
    ("sg-4391-hq", "hb003", "returned", "10-18", "10-19", "10-22", "Ninja Van", "paypal", "SGD",
     [("P-SERUM", ("50 ml",), 1)]),
    ("sg-4533-vc", "hb003", "pending", "11-27", None, None, None, "paypal", "SGD",
     [("P-BLEND", ("600 W", "2-cup bundle"), 1)]),
    ("sg-4455-yf", "hb004", "delivered", "11-23", "11-24", "11-26", "Ninja Van", "alipay", "SGD",
     [("P-ESP", ("brushed steel", G), 1)]),
    ("sg-4361-ga", "hb004", "cancelled", "10-30", None, None, None, "alipay", "SGD",
     [("P-AIRF", ("3.5 L", G), 1), ("P-SERUM", ("50 ml",), 1)]),
    ("my-4467-ns", "hb005", "shipped", "11-18", "11-19", None, "DHL", "mc", "MYR",
     [("P-SERUM", ("50 ml",), 1), ("P-SUN", ("untinted", "100 ml"), 2)]),
    ("my-4420-ck", "hb005", "delivered", "11-05", "11-06", "11-10", "DHL", "mc", "MYR",
     [("P-HARN", ("S", "sunset orange"), 2)]),
    ("sg-4498-lu", "hb006", "delivered", "11-24", "11-25", "11-26", "Ninja Van", "visa", "SGD",
     [("P-BLEND", ("300 W", "single cup"), 2), ("P-NEST", ("M", "teddy fleece"), 1)]),
    ("sg-4526-ex", "hb006", "paid", "11-26", None, None, None, "gift", "SGD",
     [("P-FOUNT", ("3 L", "fountain only"), 1), ("P-CATF", ("salmon", "1.5 kg"), 1)]),
    ("sg-4380-wt", "hb007", "delivered", "10-15", "10-16", "10-19", "SingPost", "amex", "SGD",
     [("P-FOUNT", ("3 L", "fountain + 3 filters"), 1)]),
    ("sg-4529-iq", "hb007", "paid", "11-26", None, None, None, "amex", "SGD",
     [("P-EDP", ("fig & vetiver", "100 ml"), 1), ("P-SERUM", ("30 ml",), 3)]),
    ("sg-4509-oa", "hb008", "shipped", "11-23", "11-24", None, "SingPost", "alipay", "SGD",
     [("P-NEST", ("L", "grey felt"), 1), ("P-HARN", ("L", "ocean blue"), 1)]),
    ("sg-4410-dm", "hb008", "delivered", "11-03", "11-04", "11-06", "J&T Express", "paynow", "SGD",
     [("P-CUSH", ("N10 porcelain", "compact"), 1), ("P-SUN", ("untinted", "50 ml"), 1)]),
    ("sg-4502-hs", "hb009", "delivered", "11-20", "11-21", "11-23", "Ninja Van", "visa", "SGD",
     [("P-ESP", ("matte cream", G), 1)]),
    ("sg-4531-af", "hb009", "paid", "11-27", None, None, None, "paypal", "SGD",
     [("P-AIRF", ("3.5 L", C), 1), ("P-BLEND", ("300 W", "2-cup bundle"), 1)]),
    ("sg-4476-rr", "hb010", "delivered", "11-18", "11-19", "11-21", "J&T Express", "visa", "SGD",
     [("P-CATF", ("salmon", "1.5 kg"), 3), ("P-FOUNT", ("3 L", "fountain + 3 filters"), 1)]),
    ("sg-4535-mm", "hb010", "paid", "11-27", None, None, None, "visa", "SGD",
     [("P-HARN", ("XS", "sunset orange"), 1)]),
]
TRACK = {"Ninja Van": "NVSGHB{0}", "SingPost": "RR{0}SG", "J&T Express": "JT66{0}", "DHL": "47{0}"}


def ts(day: str | None, hour: str) -> str | None:
    return stamp(day, hour, "+08:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for n, (oid, cid, status, placed, shipped, delivered, carrier, pm, cur, lines) in enumerate(ORDERS):
        items, total = order_items(prods, sku, lines, lambda name, combo: name + " (" + ", ".join(combo) + ")",
                                   "MYR" if cur == "MYR" else None)
        orders.append(order(oid, cid, status, (ts(placed, "20:15:00"), ts(shipped, "16:40:00"), ts(delivered, "14:05:00")),
                            carrier, TRACK[carrier].format(f"{(n + 11) * 104729 % 10**9:09d}") if carrier else None,
                            cur, total, cust[cid][4], f"pm-{cid}-{pm}", items))
    by_id = {o["id"]: o for o in orders}
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm-{c}-{s}")
    done = by_id["sg-4391-hq"]
    harn = by_id["my-4420-ck"]["items"][0]
    return {"policies": {"return_window_days": 14, "exchange_window_days": 30,
                         "non_returnable_categories": ["makeup", "pet_food"]},
            "products": prods, "customers": customers, "orders": orders,
            "returns": [
                {"id": "RT-2207", "order_id": done["id"], "status": "completed", "reason": "changed_mind",
                 "created_at": "2026-10-27T10:00:00+08:00",
                 "items": [{"sku": i["sku"], "qty": i["qty"]} for i in done["items"]],
                 "refund_amount": "62.00", "refund_to": done["payment_method_id"]},
                {"id": "RT-2240", "order_id": "my-4420-ck", "status": "requested", "reason": "wrong_size",
                 "created_at": "2026-11-20T18:30:00+08:00", "items": [{"sku": harn["sku"], "qty": 1}],
                 "refund_amount": "118.00", "refund_to": "pm-hb005-mc"},
            ],
            "exchanges": [],
            "refunds": [
                {"id": "RF-8801", "order_id": done["id"], "amount": "62.00", "status": "refunded",
                 "created_at": "2026-11-02T11:00:00+08:00", "return_id": "RT-2207", "reason": "return"},
                {"id": "RF-8815", "order_id": "sg-4361-ga", "amount": by_id["sg-4361-ga"]["total"], "status": "processing",
                 "created_at": "2026-11-03T09:30:00+08:00", "reason": "cancelled"},
            ],
            "tickets": [{"id": "TK-6120", "customer_id": "hb008", "conversation": "wechat:lina_zhou",
                         "reason": "delivery_issue", "order_id": "sg-4509-oa", "status": "open",
                         "created_at": "2026-11-27T15:20:00+08:00"}],
            "invoices": [{"id": "INV-HB-0311", "order_id": "sg-4471-kt", "status": "issued",
                          "title": "Tan Wei Ling", "created_at": "2026-11-21T09:00:00+08:00"}],
            "order_changes": [{"id": "CHG-0902", "order_id": "sg-4361-ga", "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": "2026-11-03T09:25:00+08:00"}]}


if __name__ == "__main__":
    write_shop(__file__, build())
