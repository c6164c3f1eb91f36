"""Build shop.json: "Cedar & Lantern Home", a Vancouver furniture + lighting + bedding shop (CAD; one
US customer billed in USD), order ids like 2611/0042 = <yymm placed>/<seq>, unseen by the developers.
Run once: python3 tests/playtest9/shop6/gen_shop.py  (writes shop.json next to this file).
The round's clock is 2026-11-28T12:00+08:00 = Friday 2026-11-27 20:00 in Vancouver (PST, -08:00):
outside service hours (Mon-Sat 9:00-18:00 Pacific).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

# product id -> (name, name_zh or None, category, options {dim: [values]}, price rule, stock overrides, usd rule)
PRODUCTS = {
    "P-BED": ("Haida oak bed frame", "海达橡木床架", "furniture",
              {"bed size": ["Queen", "King"], "finish": ["natural oak", "walnut stain"]},
              {"Queen": "1299.00", "King": "1499.00"}, {("King", "walnut stain"): 0}, None),
    "P-MATT": ("Cloudrest memory-foam mattress", "云眠记忆棉床垫", "mattresses",
               {"bed size": ["Double", "Queen", "King"], "firmness": ["medium", "firm"]},
               {"Double": "899.00", "Queen": "1099.00", "King": "1299.00"}, {("King", "firm"): 0}, None),
    "P-DUVET": ("Linen duvet cover", "亚麻被套", "bedding",
                {"bed size": ["Queen", "King"], "colour": ["sage", "oat", "charcoal"]},
                {"Queen": "189.00", "King": "219.00"}, {("King", "sage"): 0}, None),
    "P-PILLOW": ("Goose-down pillow", "鹅绒枕", "bedding",
                 {"loft": ["low loft", "high loft"], "pack": ["single", "pair"]},
                 {"single": "79.00", "pair": "139.00"}, {("low loft", "single"): 0}, None),
    "P-ARC": ("Arc floor lamp", "弧形落地灯", "lighting",
              {"finish": ["brushed brass", "matte black"]}, {"*": "349.00"}, {}, {"*": "259.00"}),
    "P-BULB": ("Smart LED bulb", "智能LED灯泡", "lighting",
               {"base": ["E26", "GU10"], "pack": ["2-pack", "4-pack"]},
               {"2-pack": "29.00", "4-pack": "49.00"}, {("GU10", "4-pack"): 0}, {"2-pack": "22.00", "4-pack": "36.00"}),
    "P-PEND": ("Rattan pendant light", "藤编吊灯", "lighting",
               {"cord length": ["100 cm", "150 cm"], "shade diameter": ["30 cm", "45 cm"]},
               {"30 cm": "159.00", "45 cm": "219.00"}, {}, None),
    "P-SOFA": ("Kitsilano sectional sofa", "基斯兰奴转角沙发", "furniture",
               {"chaise side": ["left chaise", "right chaise"], "fabric": ["boucle cream", "velvet forest green"]},
               {"boucle cream": "2499.00", "velvet forest green": "2699.00"}, {("right chaise", "boucle cream"): 0}, None),
    "P-CURT": ("Made-to-measure blackout curtain", None, "custom_made",
               {"width": ["140 cm", "200 cm"], "drop": ["220 cm", "260 cm"]},
               {("140 cm", "220 cm"): "119.00", ("140 cm", "260 cm"): "139.00",
                ("200 cm", "220 cm"): "159.00", ("200 cm", "260 cm"): "179.00"}, {}, None),
    "P-CANDLE": ("Soy candle", "大豆香薰蜡烛", "consumables",
                 {"scent": ["cedar & smoke", "fig leaf"], "size": ["200 g", "400 g"]},
                 {"200 g": "28.00", "400 g": "44.00"}, {("fig leaf", "400 g"): 0}, None),
}
SHORT = {"Queen": "Q", "King": "K", "Double": "D", "natural oak": "NAT", "walnut stain": "WAL", "medium": "MED",
         "firm": "FRM", "sage": "SAG", "oat": "OAT", "charcoal": "CHR", "low loft": "LO", "high loft": "HI",
         "single": "1", "pair": "2", "brushed brass": "BRS", "matte black": "BLK", "2-pack": "2PK", "4-pack": "4PK",
         "100 cm": "100", "150 cm": "150", "30 cm": "S30", "45 cm": "S45", "left chaise": "LH", "right chaise": "RH",
         "boucle cream": "BCL", "velvet forest green": "VGR", "140 cm": "W140", "200 cm": "W200", "220 cm": "D220",
         "260 cm": "D260", "cedar & smoke": "CED", "fig leaf": "FIG", "200 g": "200", "400 g": "400"}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return "CL-" + pid[2:] + "-" + "-".join(SHORT.get(v, v) for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 2 + (i * 5 + n) % 7, currency="CAD", extra="USD")


CUSTOMERS = [
    # id, name, phone, email, address, [(pm suffix, type, label)], identities
    ("v201", "Sophie Tremblay", "+1 604 555 0201", "sophie.t@example.ca", "2150 W 4th Ave, Vancouver BC V6K 1N6",
     [("visa", "card", "Visa •••• 0201"), ("gift", "gift_card", "Gift card •••• 9201")], ["telegram:7201"]),
    ("v202", "李静", "+1 604 555 0202", "lijing@example.com", "6080 No. 3 Rd, Unit 1508, Richmond BC V6Y 2B2",
     [("wechat", "wechat_pay", "微信支付 li***"), ("mc", "card", "Mastercard •••• 0202")], ["wechat:lijing_rmd", "telegram:7202"]),
    ("v203", "Marcus Chen", "+1 604 555 0203", "marcus@northshore-dental.example.ca",
     "1200 Lonsdale Ave, North Vancouver BC V7M 2H6",
     [("etr", "bank_transfer", "Interac e-Transfer"), ("amex", "card", "Amex •••• 0203")], ["whatsapp:16045550203"]),
    ("v204", "王磊", "+1 778 555 0204", "wanglei@example.com", "4500 Kingsway, Apt 2203, Burnaby BC V5H 2A9",
     [("alipay", "alipay", "支付宝 wan***"), ("visa", "card", "Visa •••• 0204")], ["telegram:7204"]),
    ("v205", "Emily Park", "+1 604 555 0205", "emily.park@example.ca", "880 Beach Ave, Suite 402, Vancouver BC V6Z 2Y1",
     [("visa", "card", "Visa •••• 0205"), ("paypal", "paypal", "PayPal em***")], ["web:emilyp"]),
    ("v206", "陈美华", "+852 9123 0206", "meiwah.chan@example.hk", "香港九龙旺角弥敦道 688 号 12 楼 B 室",
     [("mc", "card", "Mastercard •••• 0206"), ("alipay", "alipay", "支付宝 HK che***")], ["telegram:7206"]),
    ("v207", "Daniel Ruiz", "+1 206 555 0207", "druiz@example.com", "1423 NW 56th St, Seattle WA 98107, USA",
     [("visa", "card", "Visa •••• 0207"), ("paypal", "paypal", "PayPal dr***")], ["telegram:7207"]),
    ("v208", "赵雪", "+1 604 555 0208", "zhaoxue@example.com", "3880 Grandview Hwy, Unit 9, Burnaby BC V5C 6C1",
     [("wechat", "wechat_pay", "微信支付 zha***"), ("gift", "gift_card", "Gift card •••• 9208")],
     ["wechat:zhaoxue_bby", "telegram:7208"]),
    ("v209", "Olivia Grant", "+1 250 555 0209", "olivia.g@example.ca", "742 Fort St, Victoria BC V8W 1H2",
     [("mc", "card", "Mastercard •••• 0209"), ("etr", "bank_transfer", "Interac e-Transfer")], ["whatsapp:12505550209"]),
    ("v210", "Ryan Kowalski", "+1 403 555 0210", "ryan.k@example.ca", "915 17 Ave SW, Calgary AB T2T 0A4",
     [("visa", "card", "Visa •••• 0210")], ["telegram:7210"]),
]

# id, customer, status, placed, shipped, delivered ("MM-DD" or None), carrier, payment suffix, currency, lines
ORDERS = [
    ("2611/0042", "v201", "paid", "11-25", None, None, None, "visa", "CAD",
     [("P-BED", ("Queen", "walnut stain"), 1), ("P-PILLOW", ("high loft", "pair"), 2)]),
    ("2610/0117", "v201", "delivered", "10-12", "10-14", "10-17", "Canada Post", "visa", "CAD",
     [("P-ARC", ("brushed brass",), 1)]),
    ("2611/0051", "v202", "shipped", "11-16", "11-18", None, "Northline White Glove", "wechat", "CAD",
     [("P-MATT", ("Queen", "firm"), 1)]),
    ("2611/0008", "v202", "delivered", "11-03", "11-05", "11-10", "Canada Post", "mc", "CAD",
     [("P-DUVET", ("Queen", "sage"), 1), ("P-CANDLE", ("cedar & smoke", "200 g"), 3)]),
    ("2611/0063", "v203", "pending", "11-26", None, None, None, "etr", "CAD",
     [("P-SOFA", ("left chaise", "boucle cream"), 1)]),
    ("2611/0029", "v204", "delivered", "11-18", "11-19", "11-22", "Purolator", "alipay", "CAD",
     [("P-BULB", ("E26", "4-pack"), 2), ("P-PEND", ("150 cm", "45 cm"), 1)]),
    ("2611/0070", "v204", "paid", "11-27", None, None, None, "visa", "CAD",
     [("P-CURT", ("200 cm", "260 cm"), 2), ("P-CANDLE", ("fig leaf", "200 g"), 1)]),
    ("2611/0035", "v205", "delivered", "11-17", "11-18", "11-20", "Northline White Glove", "visa", "CAD",
     [("P-MATT", ("King", "medium"), 1)]),
    ("2611/0002", "v205", "delivered", "10-28", "10-29", "11-01", "Canada Post", "paypal", "CAD",
     [("P-DUVET", ("King", "oat"), 1)]),
    ("2611/0019", "v206", "shipped", "11-19", "11-21", None, "SF Express", "mc", "CAD",
     [("P-DUVET", ("King", "charcoal"), 1), ("P-PILLOW", ("low loft", "pair"), 2)]),
    ("2611/0047", "v207", "delivered", "11-14", "11-15", "11-19", "UPS", "visa", "USD",
     [("P-ARC", ("matte black",), 1)]),
    ("2611/0066", "v207", "paid", "11-26", None, None, None, "paypal", "USD",
     [("P-BULB", ("GU10", "2-pack"), 3)]),
    ("2610/0098", "v208", "cancelled", "10-30", None, None, None, "wechat", "CAD",
     [("P-SOFA", ("right chaise", "velvet forest green"), 1)]),
    ("2611/0074", "v208", "paid", "11-27", None, None, None, "gift", "CAD",
     [("P-DUVET", ("Queen", "oat"), 1), ("P-PILLOW", ("high loft", "single"), 2)]),
    ("2611/0012", "v209", "returned", "11-06", "11-07", "11-09", "Canada Post", "mc", "CAD",
     [("P-PEND", ("100 cm", "30 cm"), 1)]),
    ("2611/0055", "v209", "delivered", "11-21", "11-23", "11-26", "Northline White Glove", "mc", "CAD",
     [("P-BED", ("King", "natural oak"), 1)]),
    ("2611/0060", "v209", "shipped", "11-24", "11-25", None, "Canada Post", "mc", "CAD",
     [("P-CANDLE", ("fig leaf", "200 g"), 2), ("P-BULB", ("GU10", "2-pack"), 1)]),
    ("2611/0068", "v210", "paid", "11-26", None, None, None, "visa", "CAD",
     [("P-MATT", ("Double", "medium"), 1), ("P-DUVET", ("Queen", "charcoal"), 1)]),
]
TRACK = {"Canada Post": "7023{0}CA", "Purolator": "PUR{0}", "Northline White Glove": "NWG-{0}",
         "SF Express": "SF{0}", "UPS": "1Z8A4{0}"}


def ts(day: str | None, hour: str) -> str | None:
    return stamp(day, hour, "-08:00" if day and day[:2] == "11" else "-07:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for n, (oid, cid, status, placed, shipped, delivered, carrier, pm, cur, lines) in enumerate(ORDERS):
        items, total = order_items(prods, sku, lines, lambda name, combo: name + " – " + " / ".join(combo),
                                   "USD" if cur == "USD" else None)
        orders.append(order(oid, cid, status, (ts(placed, "11:20:00"), ts(shipped, "15:05:00"), ts(delivered, "13:40:00")),
                            carrier, TRACK[carrier].format(f"{(n + 7) * 7919 % 10**9:09d}") if carrier else None,
                            cur, total, cust[cid][4], f"pm-{cid}-{pm}", items))
    by_id = {o["id"]: o for o in orders}
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm-{c}-{s}")
    done = by_id["2611/0012"]
    duvet = by_id["2611/0008"]["items"][0]
    returns = [
        {"id": "RT-5012", "order_id": done["id"], "status": "completed", "reason": "changed_mind",
         "created_at": "2026-11-12T10:00:00-08:00", "items": [{"sku": i["sku"], "qty": i["qty"]} for i in done["items"]],
         "refund_amount": "144.00", "refund_to": done["payment_method_id"]},
        {"id": "RT-5031", "order_id": "2611/0008", "status": "requested", "reason": "changed_mind",
         "created_at": "2026-11-24T16:30:00-08:00", "items": [{"sku": duvet["sku"], "qty": 1}],
         "refund_amount": "174.00", "refund_to": "pm-v202-mc"},
    ]
    refunds = [
        {"id": "RF-7701", "order_id": done["id"], "amount": "144.00", "status": "refunded",
         "created_at": "2026-11-17T11:00:00-08:00", "return_id": "RT-5012", "reason": "return"},
        {"id": "RF-7702", "order_id": "2610/0098", "amount": by_id["2610/0098"]["total"], "status": "processing",
         "created_at": "2026-11-02T09:45:00-08:00", "reason": "cancelled"},
    ]
    return {"policies": {"return_window_days": 21, "exchange_window_days": 35,
                         "non_returnable_categories": ["custom_made", "consumables"]},
            "products": prods, "customers": customers, "orders": orders, "returns": returns,
            "exchanges": [], "refunds": refunds,
            "tickets": [{"id": "CS-3390", "customer_id": "v202", "conversation": "wechat:lijing_rmd",
                         "reason": "delivery_issue", "order_id": "2611/0051", "status": "open",
                         "created_at": "2026-11-25T14:10:00-08:00"}],
            "invoices": [{"id": "INV-CL-0207", "order_id": "2611/0035", "status": "issued",
                          "title": "Emily Park", "created_at": "2026-11-21T09:00:00-08:00"}],
            "order_changes": [{"id": "CHG-0410", "order_id": "2610/0098", "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": "2026-11-02T09:40:00-08:00"}]}


if __name__ == "__main__":
    write_shop(__file__, build())
