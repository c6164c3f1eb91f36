"""Build shop.json: "Fenglun Cycles / 風輪單車", a Taipei bicycle + parts + cycling accessories shop (TWD),
order ids like 26TW0418 (two-digit year, market letters, four-digit sequence; no separator), unseen by the
developers.
Run once: python3 tests/playtest11/shop8/gen_shop.py  (writes shop.json next to this file).
The round's clock is the runner's default 2026-11-28T12:00+08:00 = Saturday noon in Taipei (+08:00): outside
the human agents' hours (Mon-Fri 10:00-19:00 Taipei; next answer Monday 10:00).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

# product id -> (name, name_zh or None, category, options {dim: [values]}, price rule, stock overrides)
PRODUCTS = {
    "P-ROAD": ("Aero road bike", "空力公路車", "bicycles",
               {"frame size": ["49 cm", "52 cm", "54 cm", "56 cm"], "colour": ["racing red", "matte black"]},
               {"*": "42800"}, {("56 cm", "racing red"): 0, ("49 cm", "matte black"): 0}),
    "P-FOLD": ("Folding bike", "折疊車", "bicycles",
               {"wheel size": ['16"', '20"'], "colour": ["forest green", "cream white"]},
               {'16"': "18900", '20"': "21500"}, {('20"', "cream white"): 0}),
    "P-EBIKE": ("City e-bike", "城市電動輔助自行車", "e_bikes",
                {"frame size": ["S", "M", "L"], "battery": ["400 Wh", "500 Wh"]},
                {"400 Wh": "68000", "500 Wh": "74000"}, {("L", "500 Wh"): 0}),
    "P-HELM": ("Road helmet", "公路安全帽", "helmets",
               {"head size": ["S (52-56 cm)", "M (55-59 cm)", "L (58-62 cm)"], "colour": ["matte black", "white"]},
               {"*": "2480"}, {("L (58-62 cm)", "matte black"): 0}),
    "P-TIRE": ("Road tyre", "公路外胎", "parts",
               {"tyre size": ["700x25c", "700x28c"], "pack": ["single", "pair"]},
               {"single": "1350", "pair": "2600"}, {("700x25c", "single"): 0}),
    "P-LIGHT": ("USB front light", "USB充電前燈", "lights",
                {"output": ["400 lm", "800 lm"]}, {"400 lm": "1290", "800 lm": "1890"}, {}),
    "P-PEDAL": ("Clipless pedals", "卡式踏板", "parts",
                {"system": ["SPD (MTB 2-bolt)", "SPD-SL (road 3-bolt)"]}, {"*": "2200"}, {("SPD (MTB 2-bolt)",): 0}),
    "P-SADDLE": ("Comfort saddle", "舒適坐墊", "parts",
                 {"width": ["143 mm", "155 mm"]}, {"*": "3200"}, {}),
    "P-CRANK": ("Crank arm", "曲柄", "parts",
                {"side": ["left", "right"], "length": ["170 mm", "172.5 mm"]}, {"*": "1650"},
                {("right", "172.5 mm"): 0}),
    "P-BOTTLE": ("Bidon water bottle", "單車水壺", "accessories",
                 {"pack": ["single", "set of 3"]}, {"single": "390", "set of 3": "990"}, {}),
    "P-GEL": ("Energy gel", "能量果膠", "nutrition",
              {"flavour": ["lemon", "cola"], "box": ["box of 12", "box of 24"]},
              {"box of 12": "720", "box of 24": "1380"}, {("cola", "box of 12"): 0}),
    "P-RACK": ("Rear carrier rack", None, "accessories",
               {"wheel size": ['20"', '700c']}, {"*": "1480"}, {}),
}
SHORT = {"49 cm": "49", "52 cm": "52", "54 cm": "54", "56 cm": "56", "racing red": "rd", "matte black": "bk",
         '16"': "16", '20"': "20", "forest green": "gn", "cream white": "cw", "400 Wh": "400", "500 Wh": "500",
         "S (52-56 cm)": "s", "M (55-59 cm)": "m", "L (58-62 cm)": "l", "white": "wh", "700x25c": "25c",
         "700x28c": "28c", "single": "1", "pair": "2", "400 lm": "400", "800 lm": "800", "SPD (MTB 2-bolt)": "spd",
         "SPD-SL (road 3-bolt)": "spdsl", "143 mm": "143", "155 mm": "155", "left": "l", "right": "r",
         "170 mm": "170", "172.5 mm": "1725", "set of 3": "3", "lemon": "lem", "cola": "col", "box of 12": "12",
         "box of 24": "24", "700c": "700"}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return "FL-" + pid[2:] + "-" + "-".join(SHORT.get(v, v).upper() for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 2 + (i * 5 + n * 3) % 7, currency="TWD")


CUSTOMERS = [
    ("fl01", "王冠宇", "+886 912 000 101", "guanyu.wang@example.tw", "台北市大安區復興南路一段 100 號 5 樓",
     [("visa", "card", "Visa •••• 0101"), ("cod", "cash_on_delivery", "貨到付款")], ["line:Uf101wgy", "telegram:7101"]),
    ("fl02", "林雅婷", "+886 933 000 102", "yating.lin@example.tw", "新北市板橋區文化路二段 28 號 3 樓",
     [("cod", "cash_on_delivery", "貨到付款"), ("atm", "bank_transfer", "ATM 轉帳 (國泰世華)")], ["line:Uf102lyt"]),
    ("fl03", "Daniel Wu", "+886 955 000 103", "daniel.wu@example.com", "No. 8, Ln. 45, Sec. 4, Xinyi Rd, Da'an Dist, Taipei 106",
     [("mc", "card", "Mastercard •••• 0103"), ("paypal", "paypal", "PayPal da***")], ["telegram:7103", "web:dwu"]),
    ("fl04", "陳柏翰", "+886 920 000 104", "bohan.chen@example.tw", "台中市西屯區台灣大道三段 301 號 12 樓",
     [("atm", "bank_transfer", "ATM 轉帳 (台新)"), ("visa", "card", "Visa •••• 0104")], ["line:Uf104cbh"]),
    ("fl05", "Emma Clarke", "+852 6123 0105", "emma.clarke@example.hk", "Flat 12B, 33 Robinson Road, Mid-Levels, Hong Kong",
     [("visa", "card", "Visa •••• 0105"), ("paypal", "paypal", "PayPal em***")], ["whatsapp:85261230105"]),
    ("fl06", "張家豪", "+886 978 000 106", "jiahao.zhang@example.tw", "高雄市苓雅區四維三路 6 號 8 樓",
     [("mc", "card", "Mastercard •••• 0106"), ("cod", "cash_on_delivery", "貨到付款")], ["telegram:7106", "line:Uf106zjh"]),
    ("fl07", "Kevin Lin", "+886 910 000 107", "kevin.lin@brightpath.example.tw", "No. 1, Songzhi Rd, Xinyi Dist, Taipei 110 (Brightpath Ltd., 18F)",
     [("amex", "card", "Amex •••• 0107")], ["telegram:7107"]),
    ("fl08", "黃詩涵", "+886 936 000 108", "shihan.huang@example.tw", "台南市東區大學路 1 號 2 樓",
     [("cod", "cash_on_delivery", "貨到付款"), ("visa", "card", "Visa •••• 0108")], ["line:Uf108hsh"]),
    ("fl09", "Sophie Martin", "+886 987 000 109", "sophie.martin@example.fr", "No. 20, Ln. 11, Zhongshan N Rd Sec. 2, Zhongshan Dist, Taipei 104",
     [("mc", "card", "Mastercard •••• 0109"), ("paypal", "paypal", "PayPal so***")], ["whatsapp:886987000109", "web:sophie.m"]),
    ("fl10", "李志明", "+886 915 000 110", "zhiming.li@example.tw", "桃園市中壢區中大路 300 號",
     [("visa", "card", "Visa •••• 0110")], ["telegram:7110"]),
]

# id, customer, status, placed, shipped, delivered, carrier, payment suffix, lines
ORDERS = [
    ("26TW0418", "fl01", "delivered", "11-21", "11-22", "11-24", "HCT", "visa",
     [("P-ROAD", ("54 cm", "racing red"), 1), ("P-PEDAL", ("SPD-SL (road 3-bolt)",), 1)]),
    ("26TW0452", "fl01", "paid", "11-27", None, None, None, "visa",
     [("P-HELM", ("M (55-59 cm)", "matte black"), 1), ("P-LIGHT", ("800 lm",), 1)]),
    ("26TW0377", "fl02", "delivered", "11-05", "11-06", "11-08", "T-Cat", "cod",
     [("P-TIRE", ("700x25c", "pair"), 1), ("P-GEL", ("lemon", "box of 12"), 2)]),
    ("26TW0461", "fl02", "shipped", "11-25", "11-26", None, "T-Cat", "cod",
     [("P-BOTTLE", ("set of 3",), 1), ("P-SADDLE", ("143 mm",), 1)]),
    ("26TW0433", "fl03", "delivered", "11-23", "11-24", "11-25", "T-Cat", "mc",
     [("P-HELM", ("L (58-62 cm)", "white"), 2), ("P-LIGHT", ("400 lm",), 1)]),
    ("26TW0389", "fl03", "returned", "10-18", "10-19", "10-21", "T-Cat", "mc",
     [("P-SADDLE", ("155 mm",), 1)]),
    ("26TW0466", "fl03", "pending", "11-27", None, None, None, "mc",
     [("P-CRANK", ("left", "172.5 mm"), 1)]),
    ("26TW0401", "fl04", "delivered", "11-10", "11-11", "11-12", "HCT", "atm",
     [("P-FOLD", ('20"', "forest green"), 1)]),
    ("26TW0355", "fl04", "cancelled", "10-27", None, None, None, "atm",
     [("P-EBIKE", ("M", "500 Wh"), 1)]),
    ("26TW0440", "fl05", "shipped", "11-18", "11-19", None, "SF Express", "visa",
     [("P-PEDAL", ("SPD-SL (road 3-bolt)",), 1), ("P-TIRE", ("700x28c", "single"), 2)]),
    ("26TW0395", "fl05", "delivered", "10-30", "10-31", "11-03", "SF Express", "visa",
     [("P-LIGHT", ("800 lm",), 1)]),
    ("26TW0447", "fl06", "delivered", "11-24", "11-25", "11-26", "T-Cat", "mc",
     [("P-GEL", ("cola", "box of 24"), 1), ("P-BOTTLE", ("single",), 2)]),
    ("26TW0458", "fl06", "paid", "11-27", None, None, None, "mc",
     [("P-FOLD", ('16"', "cream white"), 1)]),
    ("26TW0412", "fl07", "delivered", "11-12", "11-13", "11-14", "HCT", "amex",
     [("P-EBIKE", ("L", "400 Wh"), 1)]),
    ("26TW0455", "fl07", "paid", "11-27", None, None, None, "amex",
     [("P-TIRE", ("700x28c", "pair"), 2), ("P-LIGHT", ("400 lm",), 1)]),
    ("26TW0426", "fl08", "shipped", "11-26", "11-27", None, "Chunghwa Post", "cod",
     [("P-CRANK", ("right", "170 mm"), 1), ("P-SADDLE", ("143 mm",), 1)]),
    ("26TW0408", "fl08", "delivered", "11-11", "11-12", "11-13", "Chunghwa Post", "cod",
     [("P-HELM", ("S (52-56 cm)", "matte black"), 1), ("P-GEL", ("lemon", "box of 24"), 1)]),
    ("26TW0437", "fl09", "delivered", "11-20", "11-21", "11-22", "HCT", "mc",
     [("P-FOLD", ('20"', "forest green"), 1), ("P-HELM", ("M (55-59 cm)", "white"), 1)]),
    ("26TW0464", "fl09", "paid", "11-27", None, None, None, "paypal",
     [("P-SADDLE", ("155 mm",), 1), ("P-BOTTLE", ("set of 3",), 2)]),
    ("26TW0420", "fl10", "delivered", "11-19", "11-20", "11-21", "T-Cat", "visa",
     [("P-LIGHT", ("800 lm",), 2), ("P-TIRE", ("700x28c", "single"), 2)]),
    ("26TW0468", "fl10", "paid", "11-27", None, None, None, "visa",
     [("P-ROAD", ("52 cm", "matte black"), 1)]),
]
TRACK = {"HCT": "HCT{0}", "T-Cat": "9{0}", "Chunghwa Post": "CP{0}TW", "SF Express": "SF{0}"}


def ts(day: str | None, hour: str) -> str | None:
    return stamp(day, hour, "+08:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for n, (oid, cid, status, placed, shipped, delivered, carrier, pm, lines) in enumerate(ORDERS):
        items, total = order_items(prods, sku, lines, lambda name, combo: name + " (" + ", ".join(combo) + ")")
        orders.append(order(oid, cid, status, (ts(placed, "21:10:00"), ts(shipped, "15:30:00"), ts(delivered, "13:20:00")),
                            carrier, TRACK[carrier].format(f"{(n + 7) * 7919 % 10**8:08d}") if carrier else None,
                            "TWD", total, cust[cid][4], f"pm-{cid}-{pm}", items))
    by_id = {o["id"]: o for o in orders}
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm-{c}-{s}")
    ret = by_id["26TW0389"]
    light = by_id["26TW0420"]["items"][0]
    return {"policies": {"return_window_days": 7, "exchange_window_days": 30,
                         "non_returnable_categories": ["nutrition"]},
            "products": prods, "customers": customers, "orders": orders,
            "returns": [
                {"id": "R-5521", "order_id": ret["id"], "status": "completed", "reason": "changed_mind",
                 "created_at": "2026-10-24T11:00:00+08:00",
                 "items": [{"sku": i["sku"], "qty": i["qty"]} for i in ret["items"]],
                 "refund_amount": "3200.00", "refund_to": ret["payment_method_id"]},
                {"id": "R-5560", "order_id": "26TW0420", "status": "requested", "reason": "changed_mind",
                 "created_at": "2026-11-26T20:00:00+08:00", "items": [{"sku": light["sku"], "qty": 1}],
                 "refund_amount": "1890.00", "refund_to": "pm-fl10-visa"},
            ],
            "exchanges": [],
            "refunds": [
                {"id": "F-7301", "order_id": ret["id"], "amount": "3200.00", "status": "refunded",
                 "created_at": "2026-10-29T10:00:00+08:00", "return_id": "R-5521", "reason": "return"},
                {"id": "F-7318", "order_id": "26TW0355", "amount": by_id["26TW0355"]["total"], "status": "processing",
                 "created_at": "2026-10-29T09:30:00+08:00", "reason": "cancelled"},
            ],
            "tickets": [{"id": "T-3307", "customer_id": "fl04", "conversation": "line:Uf104cbh",
                         "reason": "product_issue", "order_id": "26TW0401", "status": "open",
                         "created_at": "2026-11-25T16:00:00+08:00"}],
            "invoices": [{"id": "EI-26-0418", "order_id": "26TW0418", "status": "issued",
                          "title": "王冠宇", "created_at": "2026-11-24T18:00:00+08:00"}],
            "order_changes": [{"id": "OC-118", "order_id": "26TW0355", "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": "2026-10-29T09:25:00+08:00"}]}


if __name__ == "__main__":
    write_shop(__file__, build())
