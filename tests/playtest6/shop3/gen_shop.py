"""Build shop.json: a home & beauty shop (EUR, ids like HB-26-004417) the developers have not seen.

Run once: python tests/playtest6/shop3/gen_shop.py  (writes shop.json next to this file).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

# product id -> (name, name_zh, category, options {dim: [values]}, price rule, stock rule)
PRODUCTS = {
    "P-OSLO": ("Oslo 3-seat sofa", "奥斯陆三人沙发", "furniture",
               {"fabric": ["linen", "velvet", "boucle"], "colour": ["sand", "moss green"]},
               {"linen": "899.00", "velvet": "949.00", "boucle": "999.00"},
               {("velvet", "sand"): 0, ("boucle", "moss green"): 1}),
    "P-ARC": ("Arc floor lamp", "弧形落地灯", "lighting",
              {"finish": ["brass", "matte black"]}, {"*": "189.00"}, {("matte black",): 2}),
    "P-LUMI": ("Lumi smart table lamp", "Lumi 智能台灯", "electronics",
               {"finish": ["oak", "white"]}, {"*": "79.00"}, {}),
    "P-FIG": ("Noir Fig eau de parfum", "黑无花果淡香精", "fragrance",
              {"capacity": ["30ml", "50ml", "100ml"]}, {"30ml": "45.00", "50ml": "68.00", "100ml": "98.00"},
              {("100ml",): 0}),
    "P-CANDLE": ("Soy scented candle", "大豆香薰蜡烛", "home_fragrance",
                 {"scent": ["fig", "sea salt", "cedar"], "size": ["small", "large"]},
                 {"small": "19.00", "large": "29.00"}, {("cedar", "small"): 0}),
    "P-SERUM": ("Hyaluronic hydrating serum", "玻尿酸保湿精华", "skincare",
                {"capacity": ["30ml", "50ml"], "bundle": ["single", "duo pack"]},
                {("30ml", "single"): "39.00", ("30ml", "duo pack"): "69.00",
                 ("50ml", "single"): "55.00", ("50ml", "duo pack"): "95.00"}, {}),
    "P-DUVET": ("Goose down duvet", "鹅绒被", "bedding",
                {"size": ["135x200", "200x220"], "warmth": ["light", "all-season"]},
                {("135x200", "light"): "149.00", ("135x200", "all-season"): "169.00",
                 ("200x220", "light"): "199.00", ("200x220", "all-season"): "219.00"}, {}),
    "P-PILLOW": ("Memory foam pillow", "记忆棉枕头", "bedding",
                 {"firmness": ["soft", "medium", "firm"]}, {"*": "49.00"}, {("firm",): 3}),
    "P-CURTAIN": ("Linen curtains (pair)", "亚麻窗帘（一对）", "home_textile",
                  {"length": ["160cm", "220cm", "260cm"], "colour": ["ivory", "charcoal"]},
                  {"160cm": "59.00", "220cm": "79.00", "260cm": "99.00"}, {("260cm", "charcoal"): 0}),
    "P-DIFF": ("Ultrasonic aroma diffuser", "超声波香薰机", "appliances",
               {"capacity": ["300ml", "500ml"], "colour": ["white", "walnut"]},
               {"300ml": "59.00", "500ml": "69.00"}, {}),
    "P-SHEET": ("Percale sheet set", "纯棉府绸床品套件", "bedding",
                {"size": ["double", "king"], "colour": ["white", "sage"]},
                {"double": "79.00", "king": "89.00"}, {}),
    "P-TOWEL": ("Monogrammed towel set", "定制刺绣毛巾套装", "made_to_order",
                {"colour": ["white", "grey"]}, {"*": "59.00"}, {}),
}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return pid[2:] + "-" + "-".join(v.replace(" ", "").upper()[:4] for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 4 + (i * 3 + n) % 9, name_zh="always")


CUSTOMERS = [
    # id, name, phone, email, address, [(pm suffix, type, label)], identities
    ("cus_01", "Lena Fischer", "+49 151 2345 6701", "lena.f@example.com", "Kastanienallee 12, 10435 Berlin, DE",
     [("visa", "card", "Visa •••• 4417"), ("paypal", "paypal", "PayPal le***")], ["telegram:7001"]),
    ("cus_02", "王芳", "+49 160 5550 2202", "wangfang@example.com", "Leopoldstraße 80, 80802 München, DE",
     [("card", "card", "Mastercard •••• 2202"), ("alipay", "alipay", "支付宝 160****2202")], ["telegram:7002", "wechat:wf88"]),
    ("cus_03", "Marco Rossi", "+39 333 123 4567", "marco.rossi@example.com", "Via Tortona 31, 20144 Milano, IT",
     [("visa", "card", "Visa •••• 9031"), ("paypal", "paypal", "PayPal ma***")], ["whatsapp:393331234567"]),
    ("cus_04", "陈嘉欣", "+852 6123 4004", "kayan.chan@example.com", "Prinsengracht 263, 1016 GV Amsterdam, NL",
     [("card", "card", "Visa •••• 4004")], ["telegram:7004"]),
    ("cus_05", "Emma de Vries", "+31 6 1234 5005", "emma.dv@example.com", "Oudegracht 150, 3511 AZ Utrecht, NL",
     [("card", "card", "Mastercard •••• 5005"), ("sepa", "bank_transfer", "SEPA NL91 •••• 5005")], ["web:emma"]),
    ("cus_06", "李强", "+49 176 5550 6006", "liqiang@example.com", "Zeil 106, 60313 Frankfurt am Main, DE",
     [("card", "card", "Visa •••• 6006"), ("wechat", "wechat_pay", "微信支付 176****6006")], ["telegram:7006", "whatsapp:4917655506006"]),
    ("cus_07", "James O'Connor", "+353 87 555 0707", "james.oc@example.com", "14 Camden Row, Dublin 8, D08 IE",
     [("visa", "card", "Visa •••• 0707"), ("paypal", "paypal", "PayPal ja***")], ["telegram:7007"]),
    ("cus_08", "张敏", "+33 6 55 50 80 08", "zhangmin@example.com", "27 Rue de Bretagne, 75003 Paris, FR",
     [("card", "card", "Mastercard •••• 8008"), ("gift", "gift_card", "Gift card •••• 8808")], ["telegram:7008"]),
    ("cus_09", "Ana García", "+34 600 111 222", "ana.garcia@example.com", "Calle de Fuencarral 45, 28004 Madrid, ES",
     [("card", "card", "Visa •••• 1222"), ("cod", "cash_on_delivery", "Cash on delivery")], ["whatsapp:34600111222"]),
    ("cus_10", "黄伟明", "+852 9123 1010", "wm.wong@example.com", "Graben 21, 1010 Wien, AT",
     [("card", "card", "Visa •••• 1010"), ("paypal", "paypal", "PayPal wm***")], ["telegram:7010"]),
    ("cus_11", "Olivia Brown", "+44 7700 900111", "olivia.b@example.com", "Rue Neuve 18, 1000 Bruxelles, BE",
     [("card", "card", "Amex •••• 1111"), ("gift", "gift_card", "Gift card •••• 1199")], ["web:olivia"]),
    ("cus_12", "刘洋", "+49 152 5551 1212", "liuyang@example.com", "Schanzenstraße 5, 20357 Hamburg, DE",
     [("card", "card", "Mastercard •••• 1212"), ("paypal", "paypal", "PayPal li***")], ["telegram:7012"]),
]

# order id, customer, status, placed, shipped, delivered, carrier, payment suffix, [(pid, combo, qty)]
ORDERS = [
    ("HB-26-004417", "cus_01", "delivered", "11-21", "11-22", "11-24", "DHL", "visa",
     [("P-FIG", ("50ml",), 1), ("P-CANDLE", ("fig", "large"), 2)]),
    ("HB-26-004502", "cus_01", "paid", "11-27", None, None, None, "visa", [("P-OSLO", ("linen", "sand"), 1)]),
    ("HB-26-003980", "cus_01", "delivered", "10-26", "10-27", "10-30", "DHL", "paypal", [("P-PILLOW", ("medium",), 1)]),
    ("HB-26-004120", "cus_01", "cancelled", "11-02", None, None, None, "visa", [("P-ARC", ("brass",), 1)]),
    ("HB-26-004433", "cus_02", "shipped", "11-24", "11-25", None, "DPD", "card", [("P-DUVET", ("200x220", "all-season"), 1)]),
    ("HB-26-004460", "cus_02", "delivered", "11-23", "11-24", "11-26", "DHL", "alipay",
     [("P-SERUM", ("30ml", "single"), 2), ("P-DIFF", ("300ml", "white"), 1)]),
    ("HB-26-004471", "cus_02", "paid", "11-27", None, None, None, "card", [("P-CURTAIN", ("220cm", "ivory"), 2)]),
    ("HB-26-003705", "cus_02", "returned", "10-10", "10-11", "10-14", "DHL", "card", [("P-SHEET", ("king", "sage"), 1)]),
    ("HB-26-004390", "cus_03", "delivered", "11-17", "11-18", "11-20", "GLS", "visa", [("P-ARC", ("brass",), 1)]),
    ("HB-26-004488", "cus_03", "paid", "11-27", None, None, None, "paypal",
     [("P-SHEET", ("king", "white"), 1), ("P-PILLOW", ("firm",), 2)]),
    ("HB-26-004010", "cus_03", "delivered", "10-29", "10-30", "11-01", "GLS", "visa", [("P-LUMI", ("oak",), 1)]),
    ("HB-26-004301", "cus_03", "cancelled", "11-12", None, None, None, "paypal", [("P-CANDLE", ("cedar", "large"), 3)]),
    ("HB-26-004455", "cus_04", "delivered", "11-22", "11-23", "11-25", "PostNL", "card", [("P-FIG", ("100ml",), 1)]),
    ("HB-26-004499", "cus_04", "pending", "11-28", None, None, None, "card", [("P-SERUM", ("50ml", "single"), 1)]),
    ("HB-26-004200", "cus_04", "delivered", "11-06", "11-08", "11-10", "PostNL", "card", [("P-TOWEL", ("white",), 1)]),
    ("HB-26-004350", "cus_04", "returned", "11-14", "11-15", "11-17", "PostNL", "card", [("P-PILLOW", ("soft",), 1)]),
    ("HB-26-004466", "cus_05", "shipped", "11-20", "11-21", None, "PostNL", "card", [("P-DUVET", ("135x200", "light"), 1)]),
    ("HB-26-004477", "cus_05", "delivered", "11-23", "11-24", "11-26", "PostNL", "sepa",
     [("P-CANDLE", ("sea salt", "small"), 3), ("P-SERUM", ("50ml", "duo pack"), 1)]),
    ("HB-26-004150", "cus_05", "delivered", "11-03", "11-04", "11-08", "DHL", "card", [("P-OSLO", ("velvet", "moss green"), 1)]),
    ("HB-26-004481", "cus_06", "paid", "11-26", None, None, None, "card",
     [("P-DIFF", ("500ml", "walnut"), 1), ("P-CANDLE", ("cedar", "large"), 1)]),
    ("HB-26-004440", "cus_06", "delivered", "11-20", "11-21", "11-23", "DHL", "wechat", [("P-PILLOW", ("soft",), 2)]),
    ("HB-26-004100", "cus_06", "delivered", "11-01", "11-02", "11-05", "DHL", "card", [("P-DIFF", ("300ml", "white"), 1)]),
    ("HB-26-004250", "cus_06", "cancelled", "11-10", None, None, None, "card", [("P-FIG", ("30ml",), 1)]),
    ("HB-26-004492", "cus_07", "paid", "11-27", None, None, None, "paypal",
     [("P-FIG", ("30ml",), 1), ("P-CURTAIN", ("160cm", "charcoal"), 2)]),
    ("HB-26-004410", "cus_07", "delivered", "11-19", "11-20", "11-22", "DPD", "visa", [("P-SHEET", ("double", "sage"), 1)]),
    ("HB-26-004380", "cus_07", "returned", "11-08", "11-09", "11-11", "DPD", "visa", [("P-DUVET", ("135x200", "all-season"), 1)]),
    ("HB-26-004050", "cus_07", "delivered", "10-15", "10-16", "10-20", "DPD", "visa", [("P-CANDLE", ("fig", "small"), 2)]),
    ("HB-26-004485", "cus_08", "shipped", "11-26", "11-27", None, "DHL", "card",
     [("P-LUMI", ("white",), 1), ("P-CANDLE", ("fig", "small"), 2)]),
    ("HB-26-004470", "cus_08", "delivered", "11-24", "11-25", "11-27", "DHL", "card", [("P-ARC", ("matte black",), 1)]),
    ("HB-26-003900", "cus_08", "returned", "10-05", "10-06", "10-09", "DHL", "card", [("P-SERUM", ("30ml", "single"), 1)]),
    ("HB-26-004330", "cus_08", "cancelled", "11-13", None, None, None, "gift", [("P-DIFF", ("500ml", "white"), 1)]),
    ("HB-26-004495", "cus_09", "paid", "11-27", None, None, None, "cod", [("P-SERUM", ("30ml", "duo pack"), 1)]),
    ("HB-26-004420", "cus_09", "delivered", "11-20", "11-21", "11-24", "GLS", "card", [("P-FIG", ("50ml",), 1)]),
    ("HB-26-004280", "cus_09", "cancelled", "11-11", None, None, None, "card", [("P-PILLOW", ("medium",), 1)]),
    ("HB-26-004462", "cus_10", "delivered", "11-21", "11-22", "11-25", "DHL", "card", [("P-OSLO", ("linen", "moss green"), 1)]),
    ("HB-26-004490", "cus_10", "paid", "11-27", None, None, None, "paypal",
     [("P-DUVET", ("200x220", "light"), 1), ("P-PILLOW", ("medium",), 2)]),
    ("HB-26-004300", "cus_10", "returned", "11-05", "11-06", "11-09", "DHL", "card", [("P-CANDLE", ("sea salt", "large"), 2)]),
    ("HB-26-004474", "cus_11", "delivered", "11-23", "11-24", "11-26", "DPD", "card", [("P-CURTAIN", ("260cm", "ivory"), 2)]),
    ("HB-26-004496", "cus_11", "paid", "11-27", None, None, None, "gift", [("P-CANDLE", ("sea salt", "large"), 4)]),
    ("HB-26-004111", "cus_11", "cancelled", "11-01", None, None, None, "card", [("P-TOWEL", ("grey",), 1)]),
    ("HB-26-004498", "cus_12", "paid", "11-28", None, None, None, "paypal",
     [("P-ARC", ("brass",), 1), ("P-LUMI", ("oak",), 1)]),
    ("HB-26-004449", "cus_12", "delivered", "11-22", "11-23", "11-25", "GLS", "card",
     [("P-PILLOW", ("firm",), 1), ("P-SHEET", ("king", "white"), 1)]),
    ("HB-26-004000", "cus_12", "returned", "10-20", "10-21", "10-24", "GLS", "card", [("P-DIFF", ("300ml", "walnut"), 1)]),
]

TRACK = {"DHL": "JJD00{0}", "DPD": "0150{0}", "GLS": "GLS{0}", "PostNL": "3SPOST{0}"}


def ts(day: str | None, hour: str) -> str | None:
    return stamp(day, hour, "+01:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for oid, cid, status, placed, shipped, delivered, carrier, pm, lines in ORDERS:
        items, total = order_items(prods, sku, lines, lambda name, combo: name + " " + " ".join(combo))
        orders.append(order(oid, cid, status, (ts(placed, "10:15:00"), ts(shipped, "16:00:00"), ts(delivered, "14:30:00")),
                            carrier, TRACK[carrier].format(oid[-6:] + "49") if carrier else None,
                            "EUR", total, cust[cid][4], f"pm_{cid}_{pm}", items))
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm_{c}_{s}")
    by_id = {o["id"]: o for o in orders}
    returns, refunds = [], []
    for n, o in enumerate(o for o in orders if o["status"] == "returned"):
        rid = f"RT-26-{n + 1:04d}"
        done = o["id"] != "HB-26-004380"   # James's refund is still on its way
        returns.append({"id": rid, "order_id": o["id"], "status": "completed" if done else "approved",
                        "reason": "changed_mind", "created_at": o["delivered_at"],
                        "items": [{"sku": i["sku"], "qty": i["qty"]} for i in o["items"]],
                        "refund_amount": o["total"], "refund_to": o["payment_method_id"]})
        refunds.append({"id": f"RF-26-{n + 1:04d}", "order_id": o["id"], "amount": o["total"],
                        "status": "refunded" if done else "processing",
                        "created_at": "2026-11-20T11:00:00+01:00" if not done else o["delivered_at"],
                        "return_id": rid, "reason": "return"})
    assert by_id["HB-26-004380"]["status"] == "returned"
    return {"policies": {"return_window_days": 14, "exchange_window_days": 30,
                         "non_returnable_categories": ["skincare", "made_to_order"]},
            "products": prods, "customers": customers, "orders": orders, "returns": returns,
            "exchanges": [], "refunds": refunds,
            "tickets": [{"id": "TK-26-0001", "customer_id": "cus_05", "conversation": "web:emma",
                         "reason": "delivery_issue", "created_at": "2026-11-27T09:00:00+01:00"}],
            "invoices": [{"id": "INV-26-0001", "order_id": "HB-26-004410", "status": "issued",
                          "title": "James O'Connor", "created_at": "2026-11-23T09:00:00+01:00"}],
            "order_changes": [{"id": f"CH-26-{n + 1:04d}", "order_id": o["id"], "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": ts(o["placed_at"][5:10], "18:00:00")}
                              for n, o in enumerate(o for o in orders if o["status"] == "cancelled")]}


if __name__ == "__main__":
    write_shop(__file__, build())
