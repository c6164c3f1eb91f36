"""Build shop.json: "Harbour Lane Optical & Tea / 港巷眼鏡茶舍", a Hong Kong eyewear + watches + Chinese tea and
teaware shop (HKD), order ids like K26-0412-A (warehouse letter + two-digit year, four-digit sequence, a check
letter), SKUs lower case with dots (hl.dive.40.st), unseen by the developers.
Run once: python3 tests/playtest12/shop9/gen_shop.py  (writes shop.json next to this file).
The round's clock is the runner's default 2026-11-28T12:00+08:00 = Saturday noon in Hong Kong (HKT, +08:00):
INSIDE the human agents' hours (Mon-Sat 10:00-20:00 HKT). The warehouse ships Mon-Fri only.
Customers write traditional Chinese with Cantonese wording, simplified Chinese (one in Shenzhen, one
mainland-born in Hong Kong), English (one in London), and code-switched messages.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

# product id -> (name, name_zh or None, category, options {dim: [values]}, price rule, stock overrides)
PRODUCTS = {
    "P-TIFR": ("Titanium round frame", "鈦金屬圓框眼鏡", "frames",
               {"lens width": ["48 mm", "50 mm"], "finish": ["gunmetal", "rose gold"],
                "lens": ["clear", "blue-light filter"]},
               {"clear": "1280.00", "blue-light filter": "1480.00"},
               {("50 mm", "rose gold", "blue-light filter"): 0, ("48 mm", "gunmetal", "clear"): 0}),
    "P-ACET": ("Acetate square frame", "板材方框眼鏡", "frames",
               {"bridge": ["18 mm", "20 mm"], "colour": ["tortoiseshell", "black"]},
               {"*": "980.00"}, {("20 mm", "tortoiseshell"): 0}),
    "P-SUN": ("Polarised sunglasses", "偏光太陽眼鏡", "sunglasses",
              {"lens tint": ["grey", "brown", "mirror blue"]},
              {"grey": "1150.00", "brown": "1150.00", "mirror blue": "1250.00"}, {("mirror blue",): 0}),
    "P-CL": ("Daily contact lenses", "每日拋棄隱形眼鏡", "contact_lenses",
             {"power": ["-1.00", "-2.50", "-4.00"], "pack": ["30 lenses", "90 lenses"]},
             {"30 lenses": "198.00", "90 lenses": "528.00"}, {("-2.50", "90 lenses"): 0}),
    "P-DIVE": ("Automatic diver watch", "自動潛水錶", "watches",
               {"case size": ["40 mm", "42 mm"], "strap": ["steel bracelet", "rubber strap"]},
               {"steel bracelet": "4680.00", "rubber strap": "4280.00"}, {("42 mm", "steel bracelet"): 0}),
    "P-DRESS": ("Quartz dress watch", "石英正裝錶", "watches",
                {"dial": ["white", "navy"], "strap": ["brown leather", "milanese mesh"]},
                {"*": "1980.00"}, {("navy", "milanese mesh"): 0}),
    "P-STRAP": ("Leather watch strap", "真皮錶帶", "straps",
                {"lug width": ["18 mm", "20 mm", "22 mm"], "colour": ["tan", "black"]},
                {"*": "380.00"}, {("20 mm", "tan"): 0}),
    "P-PUER": ("Aged pu'er tea cake", "陳年普洱茶餅", "tea",
               {"vintage": ["2015", "2019"], "weight": ["100 g", "357 g"]},
               {("2015", "100 g"): "420.00", ("2015", "357 g"): "1280.00", ("2019", "100 g"): "260.00",
                ("2019", "357 g"): "780.00"}, {("2015", "357 g"): 0}),
    "P-OOLONG": ("Tieguanyin oolong", "鐵觀音烏龍茶", "tea",
                 {"roast": ["light", "charcoal"], "tin": ["50 g", "150 g"]},
                 {"50 g": "168.00", "150 g": "438.00"}, {("charcoal", "150 g"): 0}),
    "P-POT": ("Yixing clay teapot", "宜興紫砂壺", "teaware",
              {"capacity": ["120 ml", "200 ml"], "clay": ["zini (purple)", "zhuni (red)"]},
              {"120 ml": "1680.00", "200 ml": "2180.00"}, {("200 ml", "zhuni (red)"): 0}),
    "P-SET": ("Gongfu tea set", "功夫茶具套裝", "teaware",
              {"pieces": ["6-piece", "10-piece"], "glaze": ["celadon", "white porcelain"]},
              {"6-piece": "560.00", "10-piece": "880.00"}, {}),
    "P-KIT": ("Lens care kit", None, "accessories",
              {"size": ["travel", "home"]}, {"travel": "88.00", "home": "128.00"}, {}),
}
SHORT = {"48 mm": "48", "50 mm": "50", "gunmetal": "gm", "rose gold": "rg", "clear": "cl", "blue-light filter": "bl",
         "18 mm": "18", "20 mm": "20", "22 mm": "22", "tortoiseshell": "ts", "black": "bk", "grey": "gy", "brown": "br",
         "mirror blue": "mb", "-1.00": "m100", "-2.50": "m250", "-4.00": "m400", "30 lenses": "30", "90 lenses": "90",
         "40 mm": "40", "42 mm": "42", "steel bracelet": "st", "rubber strap": "rb", "white": "wh", "navy": "nv",
         "brown leather": "bl", "milanese mesh": "ms", "tan": "tn", "2015": "15", "2019": "19", "100 g": "100",
         "357 g": "357", "light": "lt", "charcoal": "ch", "50 g": "50", "150 g": "150", "120 ml": "120",
         "200 ml": "200", "zini (purple)": "zn", "zhuni (red)": "zh", "6-piece": "6", "10-piece": "10",
         "celadon": "cd", "white porcelain": "wp", "travel": "tr", "home": "hm"}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return "hl." + pid[2:].lower() + "." + ".".join(SHORT[v] for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 3 + (i * 4 + n * 5) % 8, currency="HKD")


CUSTOMERS = [
    ("hl01", "陳嘉欣", "+852 9123 0101", "kayan.chan@example.hk", "香港灣仔軒尼詩道 302 號 15 樓 B 室",
     [("visa", "card", "Visa •••• 0101")], ["whatsapp:85291230101", "telegram:8101", "web:kayan.chan"]),
    ("hl02", "李浩然", "+852 6234 0102", "ho.lee@example.hk", "九龍觀塘協和街 101 號 8 樓 C 室",
     [("fps", "bank_transfer", "FPS 轉數快 (HSBC)")], ["whatsapp:85262340102", "telegram:8102"]),
    ("hl03", "Priya Nair", "+852 5345 0103", "priya.nair@example.com", "Flat 21A, Tower 3, 8 Tai Hang Road, Tai Hang, Hong Kong",
     [("mc", "card", "Mastercard •••• 0103")], ["telegram:8103", "web:priya.n"]),
    ("hl04", "王芳", "+86 138 2345 0104", "wangfang@example.cn", "广东省深圳市南山区科技园南路 18 号 3 栋 1201",
     [("alipay", "alipay", "支付宝 138****0104")], ["telegram:8104", "web:wangfang"]),
    ("hl05", "Tom Fletcher", "+44 7700 900105", "tom.fletcher@example.co.uk", "14 Elm Grove, London N4 2DL, United Kingdom",
     [("paypal", "paypal", "PayPal to***")], ["whatsapp:447700900105", "web:tomf"]),
    ("hl06", "黃志強", "+852 9456 0106", "chikeung.wong@example.hk", "新界沙田大圍美田路 33 號 12 樓 5 室",
     [("fps", "bank_transfer", "FPS 轉數快 (中銀)"), ("visa", "card", "Visa •••• 0106")], ["whatsapp:85294560106"]),
    ("hl07", "Mandy Wong", "+852 6567 0107", "mandy.wong@example.hk", "九龍旺角西洋菜南街 1 號 10 樓",
     [("mc", "card", "Mastercard •••• 0107")], ["whatsapp:85265670107", "telegram:8107"]),
    ("hl08", "张伟", "+852 5678 0108", "zhangwei@example.com", "九龙尖沙咀加拿分道 20 号 6 楼 A 室",
     [("wechat", "wechat_pay", "WeChat Pay HK 张*")], ["telegram:8108", "web:zhangwei"]),
    ("hl09", "Oliver Lam", "+852 9789 0109", "oliver.lam@lampartners.example.hk", "Room 1203, 88 Des Voeux Road Central, Central, Hong Kong",
     [("visa", "card", "Visa •••• 0109")], ["web:oliverlam", "telegram:8109", "whatsapp:85297890109"]),
    ("hl10", "吳美玲", "+852 6890 0110", "meiling.ng@example.hk", "香港北角英皇道 500 號 20 樓 D 室",
     [("alipay", "alipay", "AlipayHK 6890****"), ("visa", "card", "Visa •••• 0110")], ["whatsapp:85268900110"]),
]

# id, customer, status, placed, shipped, delivered, carrier, payment suffix, lines
ORDERS = [
    ("K26-0412-A", "hl01", "delivered", "11-22", "11-23", "11-24", "SF Express", "visa",
     [("P-DIVE", ("40 mm", "steel bracelet"), 1), ("P-STRAP", ("20 mm", "black"), 1)]),
    ("K26-0455-C", "hl01", "paid", "11-27", None, None, None, "visa",
     [("P-SET", ("10-piece", "celadon"), 1), ("P-OOLONG", ("light", "50 g"), 3)]),
    ("K26-0398-F", "hl02", "delivered", "11-18", "11-19", "11-20", "Kerry Express", "fps",
     [("P-TIFR", ("48 mm", "rose gold", "blue-light filter"), 1), ("P-KIT", ("travel",), 2)]),
    ("K26-0463-H", "hl02", "shipped", "11-26", "11-27", None, "SF Express", "fps",
     [("P-SUN", ("grey",), 1)]),
    ("K26-0421-J", "hl03", "delivered", "11-24", "11-25", "11-26", "SF Express", "mc",
     [("P-POT", ("120 ml", "zini (purple)"), 2), ("P-SET", ("6-piece", "white porcelain"), 1)]),
    ("K26-0377-B", "hl03", "returned", "10-28", "10-29", "10-30", "SF Express", "mc",
     [("P-DRESS", ("white", "brown leather"), 1)]),
    ("K26-0466-K", "hl03", "pending", "11-27", None, None, None, "mc",
     [("P-STRAP", ("22 mm", "tan"), 2)]),
    ("K26-0402-D", "hl04", "shipped", "11-18", "11-19", None, "SF International", "alipay",
     [("P-PUER", ("2019", "357 g"), 2), ("P-OOLONG", ("charcoal", "50 g"), 1)]),
    ("K26-0384-E", "hl04", "delivered", "11-06", "11-07", "11-10", "SF International", "alipay",
     [("P-ACET", ("18 mm", "black"), 1)]),
    ("K26-0350-G", "hl04", "cancelled", "10-29", None, None, None, "alipay",
     [("P-TIFR", ("50 mm", "gunmetal", "clear"), 1)]),
    ("K26-0436-L", "hl05", "delivered", "11-19", "11-20", "11-25", "DHL Express", "paypal",
     [("P-DIVE", ("42 mm", "rubber strap"), 1)]),
    ("K26-0449-Z", "hl05", "shipped", "11-23", "11-24", None, "DHL Express", "paypal",
     [("P-STRAP", ("22 mm", "black"), 1), ("P-OOLONG", ("light", "150 g"), 1)]),
    ("K26-0459-N", "hl05", "paid", "11-27", None, None, None, "paypal",
     [("P-PUER", ("2015", "100 g"), 1)]),
    ("K26-0391-P", "hl06", "delivered", "11-13", "11-14", "11-16", "Hongkong Post", "fps",
     [("P-CL", ("-4.00", "90 lenses"), 2), ("P-KIT", ("home",), 1)]),
    ("K26-0461-Q", "hl06", "paid", "11-27", None, None, None, "visa",
     [("P-DRESS", ("navy", "brown leather"), 1)]),
    ("K26-0428-R", "hl07", "delivered", "11-20", "11-21", "11-22", "SF Express", "mc",
     [("P-SUN", ("brown",), 1), ("P-CL", ("-1.00", "30 lenses"), 2)]),
    ("K26-0448-S", "hl07", "shipped", "11-25", "11-26", None, "Hongkong Post", "mc",
     [("P-POT", ("200 ml", "zini (purple)"), 1)]),
    ("K26-0415-T", "hl08", "delivered", "11-11", "11-12", "11-13", "SF Express", "wechat",
     [("P-DRESS", ("white", "milanese mesh"), 1)]),
    ("K26-0457-U", "hl08", "paid", "11-27", None, None, None, "wechat",
     [("P-TIFR", ("50 mm", "gunmetal", "blue-light filter"), 1)]),
    ("K26-0405-V", "hl09", "delivered", "11-13", "11-14", "11-15", "Kerry Express", "visa",
     [("P-OOLONG", ("light", "150 g"), 2), ("P-SET", ("10-piece", "white porcelain"), 1)]),
    ("K26-0419-Y", "hl09", "delivered", "11-17", "11-18", "11-19", "Kerry Express", "visa",
     [("P-STRAP", ("18 mm", "tan"), 2)]),
    ("K26-0450-B", "hl09", "delivered", "11-24", "11-25", "11-26", "Kerry Express", "visa",
     [("P-STRAP", ("20 mm", "black"), 1), ("P-KIT", ("travel",), 1)]),
    ("K26-0440-W", "hl10", "delivered", "11-16", "11-17", "11-18", "SF Express", "alipay",
     [("P-DIVE", ("40 mm", "rubber strap"), 1)]),
    ("K26-0467-X", "hl10", "paid", "11-27", None, None, None, "visa",
     [("P-CL", ("-1.00", "90 lenses"), 1), ("P-KIT", ("travel",), 1)]),
]
TRACK = {"SF Express": "SF14{0}", "SF International": "SF30{0}", "Kerry Express": "KEX{0}",
         "Hongkong Post": "EC{0}HK", "DHL Express": "57{0}"}
HOURS = {"placed": "20:40:00", "shipped": "16:10:00", "delivered": "14:00:00"}


def ts(day: str | None, hour: str) -> str | None:
    return stamp(day, hour, "+08:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for n, (oid, cid, status, placed, shipped, delivered, carrier, pm, lines) in enumerate(ORDERS):
        items, total = order_items(prods, sku, lines, lambda name, combo: name + " (" + ", ".join(combo) + ")")
        times = (ts(placed, HOURS["placed"]), ts(shipped, HOURS["shipped"]), ts(delivered, HOURS["delivered"]))
        orders.append(order(oid, cid, status, times, carrier,
                            TRACK[carrier].format(f"{(n + 11) * 6121 % 10**8:08d}") if carrier else None,
                            "HKD", total, cust[cid][4], f"pm-{cid}-{pm}", items))
    by_id = {o["id"]: o for o in orders}
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm-{c}-{s}")
    ret = by_id["K26-0377-B"]
    strap = by_id["K26-0419-Y"]["items"][0]
    dive = by_id["K26-0440-W"]["items"][0]
    return {"policies": {"return_window_days": 14, "exchange_window_days": 30,
                         "non_returnable_categories": ["contact_lenses", "tea"]},
            "products": prods, "customers": customers, "orders": orders,
            "returns": [
                {"id": "RT-2207", "order_id": ret["id"], "status": "completed", "reason": "changed_mind",
                 "created_at": "2026-11-03T11:00:00+08:00",
                 "items": [{"sku": i["sku"], "qty": i["qty"]} for i in ret["items"]],
                 "refund_amount": "1980.00", "refund_to": ret["payment_method_id"]},
                {"id": "RT-2241", "order_id": "K26-0419-Y", "status": "requested", "reason": "changed_mind",
                 "created_at": "2026-11-25T19:30:00+08:00", "items": [{"sku": strap["sku"], "qty": 1}],
                 "refund_amount": "380.00", "refund_to": "pm-hl09-visa"},
            ],
            "exchanges": [
                {"id": "EX-0931", "order_id": "K26-0440-W", "status": "requested", "reason": "changed_mind",
                 "created_at": "2026-11-24T21:15:00+08:00",
                 "items": [{"sku": dive["sku"], "qty": 1, "new_sku": "hl.dive.40.st"}],
                 "wanted": "換鋼帶", "price_difference": "400.00"},
            ],
            "refunds": [
                {"id": "RF-6610", "order_id": ret["id"], "amount": "1980.00", "status": "refunded",
                 "created_at": "2026-11-06T10:00:00+08:00", "return_id": "RT-2207", "reason": "return"},
                {"id": "RF-6622", "order_id": "K26-0350-G", "amount": by_id["K26-0350-G"]["total"],
                 "status": "processing", "created_at": "2026-10-31T09:30:00+08:00", "reason": "cancelled"},
            ],
            "tickets": [{"id": "TK-4108", "customer_id": "hl08", "conversation": "telegram:8108",
                         "reason": "product_issue", "order_id": "K26-0415-T", "status": "open",
                         "created_at": "2026-11-26T15:00:00+08:00"}],
            "invoices": [{"id": "INV-K26-0412", "order_id": "K26-0412-A", "status": "issued",
                          "title": "陳嘉欣", "created_at": "2026-11-24T18:00:00+08:00"}],
            "order_changes": [{"id": "OC-3350", "order_id": "K26-0350-G", "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": "2026-10-30T10:05:00+08:00"}]}


if __name__ == "__main__":
    write_shop(__file__, build())
