"""Generated shops nobody wrote the code for: seeded, so every run builds the same shop.

`make_shop(seed, folder)` writes `folder/shop.json` (a DESIGN.md fixture naming its own knowledge
folder) and `folder/knowledge/{en,zh}/shop.md` + `facts.toml`, and returns a `GenShop` saying
which customer owns which order, so scenario scripts can name them without knowing the shape.

What varies with the seed: the order-id shape (slashes, letter suffixes, bare digits, '#', short
alphanumerics), the currency, carriers with their own delivery days, payment types and labels,
product words and categories, option dimensions and values (some written in Chinese), the
return/exchange windows and the knowledge sentences. None of it is the demo shop's.
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Id shapes: a function of (rng, n) giving the n-th order id. Separators, prefixes, suffixes, digits only.
ID_SHAPES = {
    "slashed": lambda r, n: f"ORD/2026/{r.randint(100, 999) * 10 + n:05d}",
    # two orders of one number with different letters: a split order ("88421" fits both)
    "suffixed": lambda r, n: f"SO-{41000 + 37 * (n // 2)}-{'ABCDEFGH'[n % 8]}",
    "hash": lambda r, n: f"#{r.randint(1000, 9999)}",
    "digits": lambda r, n: f"2026112{r.randint(100000, 999999)}",
    "short": lambda r, n: f"{'ABCK'[n % 4]}-{r.randint(1, 9)}{'FKQX'[n % 4]}{r.randint(1, 9)}{'KMPZ'[n % 4]}",
}

CURRENCIES = ["EUR", "GBP", "JPY", "CHF"]
CARRIERS = [("Nordpak", "2–3"), ("Kestrel Freight", "4–6"), ("Bluewing Post", "1–2"), ("Harbour Couriers", "3–5")]
PAYMENTS = [("card", "Mastercard •••• 7310"), ("paypal", "PayPal"), ("bank_transfer", "SEPA transfer"),
            ("cash_on_delivery", "Cash on delivery"), ("gift_card", "Store voucher •••• 5521")]
# Products: (name, name_zh or None, category, {dimension: [values]}).
PRODUCTS = [
    ("Bound notebook", "精装笔记本", "stationery", {"paper": ["lined 240 pages", "dotted 120 pages"]}),
    ("Fountain pen", None, "stationery", {"nib": ["fine", "medium"], "ink": ["蓝黑", "墨黑"]}),
    ("Ceramic teapot", "陶瓷茶壶", "kitchen", {"glaze": ["哑光", "亮面"], "volume": ["600ml", "900ml"]}),
    ("Yoga mat", "瑜伽垫", "fitness", {"thickness": ["4mm", "6mm"], "colour": ["sage", "clay"]}),
    ("Bike light set", None, "cycling", {"mount": ["clip", "strap"]}),
    ("Leather wallet", "皮夹", "personalised", {"engraving": ["initials", "none"]}),
    ("Desk lamp", "台灯", "lighting", {"plug": ["EU", "UK"], "shade": ["linen", "brass"]}),
    ("Stunt kite", None, "outdoor toys", {"span": ["1.6m", "2.2m"]}),
]
STATUSES = ["delivered", "shipped", "paid", "delivered", "pending"]


@dataclass
class GenShop:
    seed: int
    path: Path
    fixture: dict[str, Any]
    shape: str
    currency: str
    carriers: dict[str, str]                       # name -> days
    owner: dict[str, str] = field(default_factory=dict)   # order id -> customer id
    identity: dict[str, str] = field(default_factory=dict)  # customer id -> platform identity

    def orders_of(self, customer_id: str, status: str | None = None) -> list[dict[str, Any]]:
        return [o for o in self.fixture["orders"] if o["customer_id"] == customer_id
                and (status is None or o["status"] == status)]

    def order(self, order_id: str) -> dict[str, Any]:
        return next(o for o in self.fixture["orders"] if o["id"] == order_id)

    def product_words(self) -> set[str]:
        words: set[str] = set()
        for p in self.fixture["products"]:
            words.add(p["name"].lower())
            if p.get("name_zh"):
                words.add(p["name_zh"])
        return words


def _variants(rng: random.Random, pid: str, options: dict[str, list[str]]) -> list[dict[str, Any]]:
    combos: list[dict[str, str]] = [{}]
    for dim, values in options.items():
        combos = [dict(c, **{dim: v}) for c in combos for v in values]
    out = []
    for i, combo in enumerate(combos):
        out.append({"sku": f"{pid}-{i + 1}", "options": combo, "price": f"{rng.randint(8, 120)}.{rng.choice(['00', '50', '90'])}",
                    "stock": rng.choice([0, 2, 5, 9])})
    return out


def make_shop(seed: int, folder: Path, shape: str | None = None) -> GenShop:
    rng = random.Random(seed)
    shape = shape or rng.choice(sorted(ID_SHAPES))
    currency = CURRENCIES[seed % len(CURRENCIES)]
    carriers = dict(rng.sample(CARRIERS, 2))
    payments = rng.sample(PAYMENTS, 3)
    chosen = rng.sample(PRODUCTS, 5)
    products = []
    for i, (name, name_zh, cat, options) in enumerate(chosen):
        pid = f"P{seed}{i}"
        rec: dict[str, Any] = {"id": pid, "name": name, "category": cat, "options": options,
                               "variants": _variants(rng, pid, options)}
        if name_zh:
            rec["name_zh"] = name_zh
        products.append(rec)
    window = rng.choice([10, 21, 45])
    policies = {"return_window_days": window, "exchange_window_days": window + 10,
                "non_returnable_categories": [products[-1]["category"]]}
    customers, orders = [], []
    owner: dict[str, str] = {}
    identity: dict[str, str] = {}
    n = 0
    used: set[str] = set()
    for c in range(2):
        cid = f"c{seed}-{c}"
        pms = [{"id": f"pm-{cid}-{k}", "type": t, "label": label} for k, (t, label) in enumerate(payments[:2 if c else 3])]
        ident = f"telegram:{seed}{c}77"
        identity[cid] = ident
        customers.append({"id": cid, "name": ["Mara Lindqvist", "周静"][c], "phone": f"+4670{seed}{c}12345",
                          "email": f"{cid}@example.org", "default_address": f"Storgatan {c + 3}, 11{seed % 10}22 Uppsala",
                          "payment_methods": pms, "identities": [ident]})
        for k, status in enumerate(STATUSES[: 5 if c == 0 else 3]):
            while True:
                oid = ID_SHAPES[shape](rng, n)
                n += 1
                if oid not in used:
                    break
            used.add(oid)
            carrier = list(carriers)[k % 2]
            p1, p2 = products[(k + c) % 4], products[(k + c + 1) % 4]
            lines = []
            for p, qty in ((p1, 1), (p2, 2 if k == 0 else 1)):
                v = p["variants"][k % len(p["variants"])]
                lines.append({"sku": v["sku"], "product_id": p["id"],
                              "name": " ".join([p["name"], *v["options"].values()]), "options": v["options"],
                              "qty": qty, "price": v["price"], "category": p["category"]})
            day = 14 + k
            rec = {"id": oid, "customer_id": cid, "status": status, "placed_at": f"2026-11-{day:02d}T10:00:00+01:00",
                   "currency": currency, "shipping_address": customers[-1]["default_address"],
                   "payment_method_id": pms[k % len(pms)]["id"], "items": lines,
                   "total": f"{sum(float(li['price']) * li['qty'] for li in lines):.2f}"}
            if status in ("shipped", "delivered"):
                rec.update(carrier=carrier, tracking_no=f"NP{seed}{k}{c}4455667788",
                           shipped_at=f"2026-11-{day + 1:02d}T09:00:00+01:00")
            if status == "delivered":
                rec["delivered_at"] = f"2026-11-{day + 3:02d}T15:00:00+01:00"
            orders.append(rec)
            owner[oid] = cid
    facts = {"warranty": {"months": {p["category"]: rng.choice([6, 18, 36]) for p in products}},
             "delivery": {"carriers": {name: {"days": days} for name, days in carriers.items()}}}
    fixture = {"knowledge": "knowledge", "facts": facts, "policies": policies, "products": products,
               "customers": customers, "orders": orders, "returns": [], "exchanges": [], "refunds": [],
               "tickets": [], "order_changes": []}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shop.json").write_text(json.dumps(fixture, ensure_ascii=False, indent=1), encoding="utf-8")
    _knowledge(folder / "knowledge", seed)
    return GenShop(seed, folder / "shop.json", fixture, shape, currency, carriers, owner, identity)


KNOWLEDGE_EN = """---
id: returns-en
title: Sending something back
lang: en
tags: [returns, return_request, policy]
products: []
---
Items can be sent back within {return_window_days} days of delivery, unused and in the original sleeve. Our depot in Uppsala checks each parcel.

---
id: warranty-terms
title: Guarantee
lang: en
tags: [warranty, policy]
products: []
---
Every item carries the guarantee months listed for its category; the guarantee covers manufacturing faults, not wear.

---
id: warranty-claim
title: Guarantee claims
lang: en
tags: [warranty, product_issue, how-to]
products: []
---
For a guarantee claim, mail photos of the fault and the order number to the Uppsala depot; it answers within {hours} hours.
"""

KNOWLEDGE_ZH = """---
id: returns-zh
title: 退回商品
lang: zh
tags: [returns, return_request, policy]
products: []
---
商品在签收后 {return_window_days} 天内可以退回，需未使用并保留原包装。乌普萨拉仓库会检查每个包裹。

---
id: warranty-terms-zh
title: 质保
lang: zh
tags: [warranty, policy]
products: []
---
每件商品按其类别的质保月数提供质保，只涵盖制造缺陷，不包括正常磨损。

---
id: warranty-claim-zh
title: 质保申请
lang: zh
tags: [warranty, product_issue, how-to]
products: []
---
申请质保请把故障照片和订单号发给乌普萨拉仓库，{hours} 小时内答复。
"""


def _knowledge(folder: Path, seed: int) -> None:
    hours = 30 + seed % 7
    for lang, text in (("en", KNOWLEDGE_EN), ("zh", KNOWLEDGE_ZH)):
        (folder / lang).mkdir(parents=True, exist_ok=True)
        (folder / lang / "shop.md").write_text(text.replace("{hours}", str(hours)), encoding="utf-8")
    (folder / "facts.toml").write_text(
        "[service]\n"
        'hours_en = "Tuesday to Saturday, 10:00–16:00 (Uppsala time)"\n'
        'hours_zh = "周二至周六 10:00–16:00（乌普萨拉时间）"\n'
        f"reply_within_hours = {hours}\n\n"
        "[warranty]\n"
        'snippet = "warranty-terms"\n'
        'claim_snippet = "warranty-claim"\n'
        "replace_within_days = 20\n\n"
        "[refund_days]\n"
        'card = "4–6 business days"\npaypal = "2 business days"\nbank_transfer = "5 business days"\n'
        'cash_on_delivery = "6 business days"\ngift_card = "at once"\ndefault = "4–8 business days"\n'
        "[refund_days_zh]\n"
        'card = "4–6 个工作日"\npaypal = "2 个工作日"\nbank_transfer = "5 个工作日"\n'
        'cash_on_delivery = "6 个工作日"\ngift_card = "立即"\ndefault = "4–8 个工作日"\n',
        encoding="utf-8")
