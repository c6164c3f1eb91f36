"""Build shop.json: "Southerly Cycles & Camp", a Melbourne bicycle-parts and camping shop (AUD,
order ids like TRL-261126-03 = TRL-<yymmdd placed>-<seq>) that the developers have not seen.

Run once: python3 tests/playtest8/shop5/gen_shop.py  (writes shop.json next to this file).
The round's clock is 2026-11-28T12:00+08:00 = Saturday 15:00 in Melbourne (AEDT, +11:00).
Knowledge texts and facts are in knowledge/ (written by hand, en + zh).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import catalogue, customer_list, order, order_items, stamp, write_shop  # noqa: E402  (shared builders)

# product id -> (name, name_zh or None, category, options {dim: [values]}, price rule, stock overrides)
PRODUCTS = {
    "P-TYRE": ("Gravel tyre", "砾石公路胎", "bike_parts",
               {"wheel size": ["700c", "650b"], "tyre width": ["40mm", "45mm"]}, {"*": "69.95"}, {}),
    "P-CHAIN": ("Bike chain", "自行车链条", "bike_parts",
                {"speed": ["11-speed", "12-speed"]}, {"11-speed": "49.00", "12-speed": "59.00"}, {}),
    "P-PEDAL": ("Clipless pedals", "自锁脚踏", "bike_parts",
                {"cleat system": ["SPD", "SPD-SL", "Look Keo"]}, {"*": "129.00"}, {}),
    "P-SADDLE": ("Road saddle", None, "bike_parts",
                 {"saddle width": ["143mm", "155mm"], "colour": ["black", "white"]}, {"*": "119.00"},
                 {("143mm", "white"): 0}),
    "P-LIGHT": ("USB-C bike light set", "USB-C车灯套装", "bike_electronics",
                {"brightness": ["400 lumen", "800 lumen"]}, {"400 lumen": "59.00", "800 lumen": "89.00"}, {}),
    "P-HELMET": ("Commuter helmet", "城市骑行头盔", "helmets",
                 {"head size": ["S 51-55cm", "M 55-59cm", "L 59-63cm"], "colour": ["black", "white"]},
                 {"*": "149.00"}, {("S 51-55cm", "white"): 0, ("M 55-59cm", "white"): 4, ("L 59-63cm", "black"): 2}),
    "P-TENT": ("Ridgeline 2P hiking tent", "双人徒步帐篷", "camping",
               {"season": ["3-season", "4-season"], "footprint": ["with footprint", "without footprint"]},
               {("3-season", "with footprint"): "449.00", ("3-season", "without footprint"): "389.00",
                ("4-season", "with footprint"): "609.00", ("4-season", "without footprint"): "549.00"},
               {("4-season", "with footprint"): 3}),
    "P-BAG": ("Alpine down sleeping bag", "羽绒睡袋", "camping",
              {"comfort rating": ["0°C", "-5°C"], "zip side": ["left zip", "right zip"]},
              {"0°C": "349.00", "-5°C": "399.00"},
              {("0°C", "left zip"): 0, ("0°C", "right zip"): 3, ("-5°C", "left zip"): 5, ("-5°C", "right zip"): 2}),
    "P-MAT": ("Inflatable sleeping mat", None, "camping",
              {"length": ["regular 183cm", "long 196cm"], "R-value": ["R3.2", "R4.5"]},
              {("regular 183cm", "R3.2"): "129.00", ("regular 183cm", "R4.5"): "179.00",
               ("long 196cm", "R3.2"): "149.00", ("long 196cm", "R4.5"): "199.00"}, {}),
    "P-STOVE": ("Titan canister stove", "分体式气炉", "stoves",
                {"ignition": ["piezo", "manual"]}, {"piezo": "89.00", "manual": "69.00"}, {}),
    "P-GAS": ("Gas canister 230g", "高山气罐", "consumables",
              {"pack": ["1 can", "3 cans"]}, {"1 can": "8.95", "3 cans": "24.95"}, {}),
    "P-MEAL": ("Freeze-dried meal", None, "food",
               {"flavour": ["beef stroganoff", "chana masala", "apple crumble"], "serves": ["1 serve", "2 serves"]},
               {"1 serve": "12.95", "2 serves": "18.95"}, {("apple crumble", "2 serves"): 0}),
}


SHORT = {"40mm": "40", "45mm": "45", "11-speed": "11S", "12-speed": "12S", "SPD-SL": "SPDSL", "Look Keo": "KEO",
         "143mm": "143", "155mm": "155", "black": "BK", "white": "WH", "400 lumen": "400", "800 lumen": "800",
         "S 51-55cm": "S", "M 55-59cm": "M", "L 59-63cm": "L", "3-season": "3S", "4-season": "4S",
         "with footprint": "FP", "without footprint": "NOFP", "0°C": "0C", "-5°C": "M5C", "left zip": "LZ",
         "right zip": "RZ", "regular 183cm": "REG", "long 196cm": "LONG", "R3.2": "R32", "R4.5": "R45",
         "piezo": "PZ", "manual": "MAN", "1 can": "1", "3 cans": "3", "beef stroganoff": "BEEF",
         "chana masala": "CHANA", "apple crumble": "APPLE", "1 serve": "1", "2 serves": "2"}


def sku(pid: str, combo: tuple[str, ...]) -> str:
    return pid[2:] + "-" + "-".join(SHORT.get(v, v.upper()) for v in combo)


def products() -> list[dict]:
    return catalogue(PRODUCTS, sku, lambda i, n: 4 + (i * 3 + n) % 9, currency="AUD")


CUSTOMERS = [
    # id, name, phone, email, address, [(pm suffix, type, label)], identities
    ("cu_1001", "Liam O'Connor", "+61 412 555 101", "liam.oc@example.com.au", "14 Brunswick Street, Fitzroy VIC 3065",
     [("visa", "card", "Visa •••• 4101"), ("paypal", "paypal", "PayPal li***")], ["telegram:5501"]),
    ("cu_1002", "张晓雯", "+61 412 555 102", "zxw@example.com", "Unit 5, 88 Dixon Street, Haymarket NSW 2000",
     [("alipay", "alipay", "支付宝 zxw***"), ("mc", "card", "Mastercard •••• 5102")], ["wechat:zxw_syd", "telegram:5502"]),
    ("cu_1003", "Hannah Walsh", "+61 412 555 103", "hannah.w@example.com.au", "27 Boundary Street, West End QLD 4101",
     [("visa", "card", "Visa •••• 4103"), ("payid", "bank_transfer", "PayID bank transfer")], ["whatsapp:61412555103"]),
    ("cu_1004", "陈浩", "+61 412 555 104", "chenhao@example.com", "9 Hay Street, Subiaco WA 6008",
     [("mc", "card", "Mastercard •••• 5104"), ("paypal", "paypal", "PayPal ch***")], ["telegram:5504"]),
    ("cu_1005", "Mia Thompson", "+61 412 555 105", "mia.t@example.com.au", "3 Rundle Street, Kent Town SA 5067",
     [("paypal", "paypal", "PayPal mi***"), ("visa", "card", "Visa •••• 4105"), ("gift", "gift_card", "Gift card •••• 7705")],
     ["web:miat"]),
    ("cu_1006", "刘洋", "+61 412 555 106", "liuyang@example.com", "Apt 1203, 180 Lonsdale Street, Melbourne VIC 3000",
     [("alipay", "alipay", "支付宝 liu***"), ("visa", "card", "Visa •••• 4106")], ["telegram:5506", "wechat:liuyang_mel"]),
    ("cu_1007", "Ethan Brooks", "+64 21 555 0107", "ethan.b@example.co.nz", "22 Ponsonby Road, Grey Lynn, Auckland 1011, New Zealand",
     [("visa", "card", "Visa •••• 4107")], ["telegram:5507"]),
    ("cu_1008", "林美玲", "+65 9123 1008", "meiling@example.sg", "Blk 45 Holland Drive #07-112, Singapore 270045",
     [("visa", "card", "Visa •••• 4108"), ("paypal", "paypal", "PayPal me***")], ["telegram:5508", "wechat:meiling_sg"]),
    ("cu_1009", "Oliver Grant", "+61 412 555 109", "oliver.g@example.com.au", "41 Sandy Bay Road, Battery Point TAS 7004",
     [("paypal", "paypal", "PayPal ol***"), ("mc", "card", "Mastercard •••• 5109")], ["whatsapp:61412555109"]),
    ("cu_1010", "王芳", "+61 412 555 110", "wangfang@example.com", "Unit 2, 36 McCullough Street, Sunnybank QLD 4109",
     [("alipay", "alipay", "支付宝 wan***"), ("visa", "card", "Visa •••• 4110")], ["wechat:wangfang_bne", "telegram:5510"]),
    ("cu_1011", "Jack Nguyen", "+61 412 555 111", "jack.n@example.com.au", "7 Smith Street, Darwin City NT 0800",
     [("paypal", "paypal", "PayPal ja***"), ("mc", "card", "Mastercard •••• 5111")], ["telegram:5511"]),
    ("cu_1012", "黄志强", "+61 412 555 112", "huangzq@example.com", "12 Lonsdale Street, Braddon ACT 2612",
     [("mc", "card", "Mastercard •••• 5112")], ["telegram:5512"]),
]

# id, customer, status, placed, shipped, delivered (dd as "MM-DD" or full ISO), carrier, payment suffix, lines
ORDERS = [
    ("TRL-261126-03", "cu_1001", "paid", "11-26", None, None, None, "visa",
     [("P-TYRE", ("700c", "45mm"), 2), ("P-CHAIN", ("12-speed",), 1)]),
    ("TRL-261115-11", "cu_1001", "delivered", "11-15", "11-17", "11-19", "Australia Post", "visa",
     [("P-LIGHT", ("800 lumen",), 1)]),
    ("TRL-261125-02", "cu_1002", "paid", "11-25", None, None, None, "alipay",
     [("P-BAG", ("-5°C", "left zip"), 1), ("P-MAT", ("regular 183cm", "R4.5"), 1)]),
    ("TRL-261118-06", "cu_1002", "delivered", "11-18", "11-19", "11-21", "StarTrack", "mc",
     [("P-TENT", ("3-season", "with footprint"), 1)]),
    ("TRL-261020-09", "cu_1002", "delivered", "10-20", "10-21", "10-24", "Australia Post", "alipay",
     [("P-HELMET", ("M 55-59cm", "black"), 1)]),
    ("TRL-261118-04", "cu_1003", "shipped", "11-18", "11-19", None, "Sendle", "visa",
     [("P-STOVE", ("piezo",), 1), ("P-GAS", ("3 cans",), 1)]),
    ("TRL-261127-01", "cu_1003", "pending", "11-27", None, None, None, "payid",
     [("P-MEAL", ("beef stroganoff", "2 serves"), 2), ("P-MEAL", ("apple crumble", "1 serve"), 2)]),
    ("TRL-261124-08", "cu_1004", "shipped", "11-24", "11-25", None, "Australia Post", "paypal",
     [("P-PEDAL", ("SPD",), 1)]),
    ("TRL-261110-04", "cu_1004", "delivered", "11-10", "11-11", "11-13", "Australia Post", "mc",
     [("P-TYRE", ("650b", "40mm"), 2)]),
    ("TRL-261126-10", "cu_1005", "paid", "11-26", None, None, None, "visa",
     [("P-SADDLE", ("155mm", "black"), 1), ("P-LIGHT", ("400 lumen",), 2)]),
    ("TRL-261105-02", "cu_1005", "returned", "11-05", "11-06", "11-08", "Aramex", "paypal",
     [("P-CHAIN", ("11-speed",), 1)]),
    ("TRL-261122-03", "cu_1006", "delivered", "11-22", "11-23", "11-24", "Aramex", "alipay",
     [("P-MAT", ("long 196cm", "R3.2"), 1), ("P-MEAL", ("beef stroganoff", "1 serve"), 2)]),
    ("TRL-261127-06", "cu_1006", "paid", "11-27", None, None, None, "visa",
     [("P-HELMET", ("L 59-63cm", "white"), 1)]),
    ("TRL-261120-07", "cu_1007", "shipped", "11-20", "11-21", None, "DHL Express", "visa",
     [("P-TENT", ("3-season", "without footprint"), 1), ("P-LIGHT", ("400 lumen",), 1)]),
    ("TRL-261101-05", "cu_1007", "cancelled", "11-01", None, None, None, "visa",
     [("P-PEDAL", ("Look Keo",), 1)]),
    ("TRL-261116-02", "cu_1008", "delivered", "11-16", "11-17", "11-25", "DHL Express", "visa",
     [("P-BAG", ("0°C", "right zip"), 1)]),
    ("TRL-261127-09", "cu_1008", "paid", "11-27", None, None, None, "paypal",
     [("P-TENT", ("4-season", "without footprint"), 1)]),
    ("TRL-261123-04", "cu_1009", "delivered", "11-23", "11-24", "11-26", "Australia Post", "paypal",
     [("P-CHAIN", ("11-speed",), 1), ("P-PEDAL", ("SPD-SL",), 1)]),
    ("TRL-261119-10", "cu_1009", "cancelled", "11-19", None, None, None, "paypal",
     [("P-HELMET", ("S 51-55cm", "black"), 1)]),
    ("TRL-261126-05", "cu_1010", "paid", "11-26", None, None, None, "alipay",
     [("P-MEAL", ("chana masala", "2 serves"), 3), ("P-STOVE", ("manual",), 1)]),
    ("TRL-261112-08", "cu_1010", "delivered", "11-12", "11-13", "11-15", "Sendle", "visa",
     [("P-TENT", ("3-season", "with footprint"), 1)]),
    ("TRL-261121-01", "cu_1011", "delivered", "11-21", "11-23", "2026-11-28T10:30:00+09:30", "StarTrack", "mc",
     [("P-TENT", ("4-season", "with footprint"), 1)]),
    ("TRL-261127-02", "cu_1011", "pending", "11-27", None, None, None, "paypal",
     [("P-GAS", ("3 cans",), 2), ("P-STOVE", ("piezo",), 1)]),
    ("TRL-261125-07", "cu_1012", "shipped", "11-25", "11-26", None, "StarTrack", "mc",
     [("P-HELMET", ("S 51-55cm", "black"), 1), ("P-LIGHT", ("800 lumen",), 1)]),
    ("TRL-261114-03", "cu_1012", "delivered", "11-14", "11-16", "11-18", "Australia Post", "mc",
     [("P-GAS", ("1 can",), 2)]),
    ("TRL-261008-06", "cu_1012", "delivered", "10-08", "10-09", "10-10", "StarTrack", "mc",
     [("P-STOVE", ("piezo",), 1)]),
]

TRACK = {"Australia Post": "33LNB{0}", "StarTrack": "STK{0}", "Sendle": "SNDL{0}", "Aramex": "MP00{0}",
         "DHL Express": "48{0}"}


def ts(day: str | None, hour: str) -> str | None:
    return day if day and "T" in day else stamp(day, hour, "+11:00")


def build() -> dict:
    prods = products()
    cust = {c[0]: c for c in CUSTOMERS}
    orders = []
    for n, (oid, cid, status, placed, shipped, delivered, carrier, pm, lines) in enumerate(ORDERS):
        items, total = order_items(prods, sku, lines, lambda name, combo: name + ", " + ", ".join(combo))
        orders.append(order(oid, cid, status, (ts(placed, "10:15:00"), ts(shipped, "16:40:00"), ts(delivered, "12:05:00")),
                            carrier, TRACK[carrier].format(f"{(n + 3) * 104729 % 10**8:08d}") if carrier else None,
                            "AUD", total, cust[cid][4], f"pm-{cid}-{pm}", items))
    by_id = {o["id"]: o for o in orders}
    customers = customer_list(CUSTOMERS, lambda c, s: f"pm-{c}-{s}")
    ret = by_id["TRL-261105-02"]
    returns = [{"id": "RMA-3107", "order_id": ret["id"], "status": "completed", "reason": "changed_mind",
                "created_at": "2026-11-09T11:00:00+11:00",
                "items": [{"sku": i["sku"], "qty": i["qty"]} for i in ret["items"]],
                "refund_amount": ret["total"], "refund_to": ret["payment_method_id"]}]
    refunds = [
        {"id": "RF-8801", "order_id": ret["id"], "amount": ret["total"], "status": "refunded",
         "created_at": "2026-11-12T14:00:00+11:00", "return_id": "RMA-3107", "reason": "return"},
        {"id": "RF-8802", "order_id": "TRL-261101-05", "amount": by_id["TRL-261101-05"]["total"], "status": "refunded",
         "created_at": "2026-11-02T09:30:00+11:00", "reason": "cancelled"},
        {"id": "RF-8803", "order_id": "TRL-261119-10", "amount": by_id["TRL-261119-10"]["total"], "status": "processing",
         "created_at": "2026-11-20T09:30:00+11:00", "reason": "cancelled"},
    ]
    return {"policies": {"return_window_days": 30, "exchange_window_days": 45,
                         "non_returnable_categories": ["consumables", "food"]},
            "products": prods, "customers": customers, "orders": orders, "returns": returns,
            "exchanges": [], "refunds": refunds,
            "tickets": [{"id": "TK-20417", "customer_id": "cu_1003", "conversation": "whatsapp:61412555103",
                         "reason": "delivery_issue", "order_id": "TRL-261118-04", "status": "open",
                         "created_at": "2026-11-26T10:00:00+11:00"}],
            "invoices": [{"id": "TI-2026-0031", "order_id": "TRL-261112-08", "status": "issued",
                          "title": "王芳", "created_at": "2026-11-16T09:00:00+11:00"}],
            "order_changes": [{"id": "OC-0101", "order_id": "TRL-261101-05", "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": "2026-11-02T09:20:00+11:00"},
                              {"id": "OC-0102", "order_id": "TRL-261119-10", "kind": "cancel", "before": "paid",
                               "after": "cancelled", "created_at": "2026-11-20T09:20:00+11:00"}]}


if __name__ == "__main__":
    write_shop(__file__, build())
