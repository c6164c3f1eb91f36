"""Build shop.json: a bookshop-and-stationery plus small kitchen appliances shop (GBP, ids like
ORD/2026/00417) the developers have not seen.

Run once: python3 tests/playtest7/shop4/gen_shop.py  (writes shop.json next to this file).
The clock of the round is 2026-11-28T12:00+08:00 = 04:00 UK time.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

# product id -> (name, name_zh, category, options {dim: [values]}, price rule, stock overrides)
PRODUCTS = {
    "P-ATLAS": ("The Night Sky Atlas", "星空图鉴", "books",
                {"binding": ["hardback", "paperback"]}, {"hardback": "30.00", "paperback": "16.99"}, {}),
    "P-READERS": ("Early readers box set", "幼儿分级读物套装", "books",
                  {"age range": ["3-5 years", "6-8 years"], "pack": ["10 books", "20 books"]},
                  {("3-5 years", "10 books"): "24.99", ("3-5 years", "20 books"): "44.99",
                   ("6-8 years", "10 books"): "27.99", ("6-8 years", "20 books"): "49.99"},
                  {("6-8 years", "20 books"): 0}),
    "P-NOTE": ("A5 hardcover notebook", "A5精装笔记本", "stationery",
               {"ruling": ["dotted", "lined", "plain"], "pages": ["120 pages", "240 pages"]},
               {"120 pages": "12.00", "240 pages": "18.00"}, {("dotted", "240 pages"): 0}),
    "P-PEN": ("Piston fountain pen", "活塞钢笔", "stationery",
              {"nib": ["fine", "medium"], "hand": ["right-handed", "left-handed"]}, {"*": "45.00"},
              {("medium", "left-handed"): 1}),
    "P-SCISS": ("Craft scissors", "手工剪刀", "stationery",
                {"hand": ["right-handed", "left-handed"]}, {"*": "8.50"}, {}),
    "P-INK": ("Ink cartridges", "钢笔墨囊", "stationery",
              {"colour": ["black", "blue"], "pack": ["6 pack", "30 pack"]},
              {"6 pack": "4.00", "30 pack": "15.00"}, {}),
    "P-PLANNER": ("Personalised 2027 planner", "定制2027年手帐", "personalised",
                  {"cover": ["navy", "sage"]}, {"*": "28.00"}, {}),
    "P-KETTLE": ("Gooseneck pour-over kettle", "手冲细口电水壶", "kitchen_appliances",
                 {"wattage": ["1000W", "1500W"], "plug": ["UK", "EU"]}, {"1000W": "54.99", "1500W": "64.99"},
                 {("1500W", "EU"): 0}),
    "P-GRIND": ("Burr coffee grinder", "锥刀磨豆机", "kitchen_appliances",
                {"plug": ["UK", "EU"], "colour": ["black", "cream"]}, {"*": "89.00"}, {("EU", "black"): 0}),
    "P-TOAST": ("2-slice toaster", "双片多士炉", "kitchen_appliances",
                {"wattage": ["800W", "1200W"], "colour": ["white", "graphite"]},
                {"800W": "39.99", "1200W": "49.99"}, {("1200W", "graphite"): 0}),
    "P-BLEND": ("Personal blender", "便携搅拌机", "kitchen_appliances",
                {"wattage": ["300W", "600W"], "jars": ["1 jar", "2 jars"]},
                {("300W", "1 jar"): "34.99", ("300W", "2 jars"): "42.99",
                 ("600W", "1 jar"): "44.99", ("600W", "2 jars"): "52.99"}, {}),
    "P-TEA": ("Loose-leaf tea", "散装茶叶", "food",
              {"flavour": ["earl grey", "jasmine", "chai"], "weight": ["100g", "250g"]},
              {"100g": "9.50", "250g": "19.00"}, {("chai", "250g"): 0}),
}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return pid[2:] + "-" + "-".join(v.replace(" ", "").replace("-", "").upper()[:4] for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 3 + (i * 5 + n) % 11, name_zh="always")


CUSTOMERS = [
    # id, name, phone, email, address, [(pm suffix, type, label)], identities
    ("u101", "Oliver Bennett", "+44 7700 900101", "oliver.b@example.co.uk", "Flat 3, 21 Holloway Road, London N7 8JG, UK",
     [("visa", "card", "Visa •••• 0101"), ("paypal", "paypal", "PayPal ol***")], ["telegram:8101"]),
    ("u102", "李娜", "+44 7700 900102", "lina.uk@example.com", "44 Oxford Road, Manchester M1 5QA, UK",
     [("mc", "card", "Mastercard •••• 0102"), ("paypal", "paypal", "PayPal li***")], ["wechat:lina_mcr", "telegram:8102"]),
    ("u103", "Priya Shah", "+44 7700 900103", "priya.shah@example.co.uk", "9 Granby Street, Leicester LE1 6FB, UK",
     [("visa", "card", "Visa •••• 0103"), ("paypal", "paypal", "PayPal pr***")], ["whatsapp:447700900103"]),
    ("u104", "王磊", "+44 7700 900104", "wanglei@example.com", "17 Marchmont Crescent, Edinburgh EH9 1HN, UK",
     [("mc", "card", "Mastercard •••• 0104"), ("bank", "bank_transfer", "Bank transfer (Faster Payments)")],
     ["telegram:8104"]),
    ("u105", "Siobhan Murphy", "+353 86 555 0105", "siobhan.m@example.ie", "12 Harcourt Terrace, Dublin 2, D02 AB12, Ireland",
     [("visa", "card", "Visa •••• 0105"), ("paypal", "paypal", "PayPal si***")], ["web:siobhan"]),
    ("u106", "陈思", "+44 7700 900106", "chensi@example.com", "5 Bristol Street, Birmingham B5 7AA, UK",
     [("visa", "card", "Visa •••• 0106"), ("gift", "gift_card", "Gift card •••• 6606")], ["telegram:8106"]),
    ("u107", "George Hughes", "+44 7700 900107", "george.h@example.co.uk", "30 Cathedral Road, Cardiff CF11 9LL, UK",
     [("amex", "card", "Amex •••• 1007"), ("paypal", "paypal", "PayPal ge***")], ["whatsapp:447700900107"]),
    ("u108", "黄嘉怡", "+852 9123 0108", "kayi.wong@example.com", "Flat 12B, 88 Caine Road, Mid-Levels, Hong Kong",
     [("visa", "card", "Visa •••• 0108")], ["telegram:8108"]),
    ("u109", "Amelia Clarke", "+44 7700 900109", "amelia.c@example.co.uk", "2 Whiteladies Road, Bristol BS8 1PD, UK",
     [("apple", "card", "Apple Pay (Visa •••• 0109)"), ("gift", "gift_card", "Gift card •••• 9909")], ["web:amelia"]),
    ("u110", "赵宇", "+44 7700 900110", "zhaoyu@example.com", "61 Woodhouse Lane, Leeds LS2 3AR, UK",
     [("mc", "card", "Mastercard •••• 0110"), ("paypal", "paypal", "PayPal zh***")], ["telegram:8110"]),
    ("u111", "Tom Richardson", "+44 7700 900111", "tom.r@example.co.uk", "140 Byres Road, Glasgow G12 8TD, UK",
     [("paypal", "paypal", "PayPal to***"), ("bank", "bank_transfer", "Bank transfer (Faster Payments)")],
     ["telegram:8111"]),
    ("u112", "周婷", "+44 7700 900112", "zhouting@example.com", "8 Mill Road, Cambridge CB1 2AD, UK",
     [("visa", "card", "Visa •••• 0112"), ("paypal", "paypal", "PayPal zh***")], ["telegram:8112", "web:zhouting"]),
]

# order no, customer, status, placed, shipped, delivered, carrier, payment suffix, [(pid, combo, qty)]
ORDERS = [
    (417, "u101", "delivered", "11-18", "11-19", "11-20", "Royal Mail", "visa",
     [("P-ATLAS", ("hardback",), 1), ("P-NOTE", ("dotted", "120 pages"), 2)]),
    (466, "u101", "paid", "11-26", None, None, None, "visa",
     [("P-KETTLE", ("1500W", "UK"), 1), ("P-TEA", ("earl grey", "100g"), 2)]),
    (290, "u101", "delivered", "10-08", "10-09", "10-12", "DPD", "paypal", [("P-TOAST", ("1200W", "white"), 1)]),
    (355, "u101", "cancelled", "11-05", None, None, None, "visa", [("P-PEN", ("fine", "right-handed"), 1)]),
    (431, "u102", "shipped", "11-23", "11-24", None, "Evri", "mc", [("P-READERS", ("3-5 years", "10 books"), 1)]),
    (452, "u102", "delivered", "11-22", "11-23", "11-25", "DPD", "mc",
     [("P-BLEND", ("600W", "1 jar"), 1), ("P-SCISS", ("left-handed",), 2)]),
    (470, "u102", "paid", "11-27", None, None, None, "paypal", [("P-NOTE", ("lined", "240 pages"), 3)]),
    (310, "u102", "returned", "10-14", "10-15", "10-17", "Royal Mail", "mc", [("P-INK", ("blue", "30 pack"), 1)]),
    (440, "u103", "delivered", "11-20", "11-21", "11-23", "DPD", "visa", [("P-GRIND", ("UK", "black"), 1)]),
    (478, "u103", "pending", "11-27", None, None, None, "visa", [("P-PLANNER", ("navy",), 1)]),
    (398, "u103", "returned", "11-03", "11-04", "11-06", "Royal Mail", "visa", [("P-KETTLE", ("1000W", "UK"), 1)]),
    (250, "u103", "delivered", "09-27", "09-28", "09-30", "Royal Mail", "paypal", [("P-INK", ("blue", "30 pack"), 1)]),
    (459, "u104", "shipped", "11-18", "11-19", None, "Evri", "mc", [("P-TOAST", ("800W", "graphite"), 1)]),
    (468, "u104", "paid", "11-27", None, None, None, "bank",
     [("P-PEN", ("medium", "left-handed"), 1), ("P-INK", ("black", "6 pack"), 2)]),
    (380, "u104", "delivered", "11-06", "11-07", "11-08", "Royal Mail", "mc", [("P-PLANNER", ("sage",), 1)]),
    (333, "u104", "cancelled", "11-24", None, None, None, "mc", [("P-GRIND", ("UK", "cream"), 1)]),
    (447, "u105", "shipped", "11-21", "11-22", None, "Parcelforce", "visa", [("P-GRIND", ("EU", "cream"), 1)]),
    (462, "u105", "delivered", "11-19", "11-20", "11-26", "Parcelforce", "paypal",
     [("P-ATLAS", ("paperback",), 1), ("P-READERS", ("6-8 years", "10 books"), 1)]),
    (360, "u105", "cancelled", "11-02", None, None, None, "visa", [("P-KETTLE", ("1000W", "EU"), 1)]),
    (455, "u106", "delivered", "11-22", "11-23", "11-25", "Evri", "visa", [("P-KETTLE", ("1500W", "UK"), 1)]),
    (474, "u106", "paid", "11-27", None, None, None, "visa",
     [("P-BLEND", ("300W", "2 jars"), 1), ("P-NOTE", ("plain", "120 pages"), 1)]),
    (402, "u106", "delivered", "11-11", "11-12", "11-13", "DPD", "gift", [("P-TEA", ("jasmine", "250g"), 2)]),
    (449, "u107", "delivered", "11-21", "11-22", "11-24", "Royal Mail", "amex", [("P-PEN", ("fine", "right-handed"), 1)]),
    (475, "u107", "paid", "11-27", None, None, None, "paypal",
     [("P-TOAST", ("1200W", "white"), 1), ("P-TEA", ("chai", "100g"), 1)]),
    (300, "u107", "returned", "10-18", "10-19", "10-21", "DPD", "amex", [("P-SCISS", ("right-handed",), 1)]),
    (442, "u108", "shipped", "11-17", "11-18", None, "Parcelforce", "visa", [("P-ATLAS", ("hardback",), 2)]),
    (461, "u108", "delivered", "11-14", "11-15", "11-24", "Parcelforce", "visa",
     [("P-SCISS", ("right-handed",), 1), ("P-NOTE", ("dotted", "120 pages"), 2)]),
    (370, "u108", "cancelled", "11-06", None, None, None, "visa", [("P-INK", ("black", "30 pack"), 1)]),
    (457, "u109", "delivered", "11-22", "11-23", "11-24", "DPD", "apple", [("P-BLEND", ("600W", "2 jars"), 1)]),
    (473, "u109", "paid", "11-27", None, None, None, "gift", [("P-READERS", ("6-8 years", "10 books"), 2)]),
    (410, "u109", "delivered", "11-13", "11-14", "11-15", "Royal Mail", "apple", [("P-PEN", ("medium", "right-handed"), 1)]),
    (464, "u110", "delivered", "11-24", "11-25", "11-27", "Evri", "mc",
     [("P-TOAST", ("800W", "white"), 1), ("P-INK", ("blue", "6 pack"), 3)]),
    (471, "u110", "paid", "11-27", None, None, None, "paypal", [("P-GRIND", ("UK", "black"), 1)]),
    (320, "u110", "returned", "10-22", "10-23", "10-25", "Evri", "mc", [("P-NOTE", ("plain", "240 pages"), 1)]),
    (450, "u111", "delivered", "11-19", "11-20", "11-22", "Royal Mail", "paypal",
     [("P-PLANNER", ("navy",), 1), ("P-ATLAS", ("paperback",), 1)]),
    (479, "u111", "pending", "11-27", None, None, None, "bank", [("P-KETTLE", ("1000W", "UK"), 1)]),
    (340, "u111", "cancelled", "11-01", None, None, None, "paypal", [("P-TEA", ("earl grey", "250g"), 1)]),
    (445, "u112", "delivered", "11-20", "11-21", "11-22", "DPD", "visa",
     [("P-NOTE", ("lined", "120 pages"), 2), ("P-PEN", ("fine", "left-handed"), 1)]),
    (469, "u112", "paid", "11-27", None, None, None, "visa",
     [("P-TEA", ("earl grey", "250g"), 1), ("P-TOAST", ("1200W", "white"), 1)]),
    (280, "u112", "delivered", "10-02", "10-03", "10-05", "Royal Mail", "visa", [("P-GRIND", ("UK", "cream"), 1)]),
    (390, "u112", "returned", "11-07", "11-08", "11-10", "DPD", "visa", [("P-SCISS", ("left-handed",), 1)]),
]

TRACK = {"Royal Mail": "RM{0}GB", "DPD": "1550{0}", "Evri": "H01HYA{0}", "Parcelforce": "PB{0}GB"}


def oid(n: int) -> str:
    return f"ORD/2026/{n:05d}"


def ts(day: str | None, hour: str) -> str | None:
    return stamp(day, hour, "+00:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for n, cid, status, placed, shipped, delivered, carrier, pm, lines in ORDERS:
        items, total = order_items(prods, sku, lines, lambda name, combo: name + ", " + ", ".join(combo))
        orders.append(order(oid(n), cid, status, (ts(placed, "09:40:00"), ts(shipped, "15:10:00"), ts(delivered, "13:20:00")),
                            carrier, TRACK[carrier].format(f"{n * 7919:08d}") if carrier else None,
                            "GBP", total, cust[cid][4], f"pm-{cid}-{pm}", items))
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm-{c}-{s}")
    by_id = {o["id"]: o for o in orders}
    returns, refunds = [], []
    for n, o in enumerate(o for o in orders if o["status"] == "returned"):
        rid = f"R-{n + 1:03d}"
        done = o["id"] != oid(398)   # Priya's kettle refund is still processing
        returns.append({"id": rid, "order_id": o["id"], "status": "completed" if done else "approved",
                        "reason": "changed_mind", "created_at": o["delivered_at"],
                        "items": [{"sku": i["sku"], "qty": i["qty"]} for i in o["items"]],
                        "refund_amount": o["total"], "refund_to": o["payment_method_id"]})
        refunds.append({"id": f"F-{n + 1:03d}", "order_id": o["id"], "amount": o["total"],
                        "status": "refunded" if done else "processing",
                        "created_at": "2026-11-19T10:00:00+00:00" if not done else o["delivered_at"],
                        "return_id": rid, "reason": "return"})
    # Wang Lei's cancelled grinder: refund of a cancelled order still processing
    refunds.append({"id": "F-020", "order_id": oid(333), "amount": "89.00", "status": "processing",
                    "created_at": "2026-11-24T18:00:00+00:00", "reason": "cancelled"})
    assert by_id[oid(398)]["status"] == "returned" and by_id[oid(333)]["status"] == "cancelled"
    return {"policies": {"return_window_days": 21, "exchange_window_days": 28,
                         "non_returnable_categories": ["food", "personalised"]},
            "products": prods, "customers": customers, "orders": orders, "returns": returns,
            "exchanges": [], "refunds": refunds,
            "tickets": [{"id": "T-0031", "customer_id": "u106", "conversation": "telegram:8106",
                         "reason": "delivery_issue", "created_at": "2026-11-27T10:00:00+00:00"}],
            "invoices": [{"id": "VAT-0007", "order_id": oid(410), "status": "issued",
                          "title": "Amelia Clarke", "created_at": "2026-11-16T09:00:00+00:00"}],
            "order_changes": [{"id": f"C-{n + 1:03d}", "order_id": o["id"], "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": ts(o["placed_at"][5:10], "17:00:00")}
                              for n, o in enumerate(o for o in orders if o["status"] == "cancelled")]}


if __name__ == "__main__":
    write_shop(__file__, build())
