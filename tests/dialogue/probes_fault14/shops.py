"""Shops for the fault14 probes, generated against a frozen clock: each shop has its own
direct-replacement window (`warranty.replace_within_days`), its own warranty months per category
and its own return / exchange windows, and every customer holds one delivered order whose
delivery is just inside or just outside those windows. Nothing here is the demo shop's.

    write(folder, now) -> {shop name: fixture path}
"""
from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

NOW = "2026-11-28T12:00:00+08:00"

# name: (currency, policies, facts.warranty, products)
# products: (pid, name, name_zh, category, dimension, values, price)
SHOPS: dict[str, dict[str, Any]] = {
    "alpha": {"currency": "CNY", "policies": {"return_window_days": 7, "exchange_window_days": 15,
                                              "non_returnable_categories": ["food"]},
              "warranty": {"replace_within_days": 10, "months": {"small_appliances": 6, "glassware": 0}},
              "products": [("P-BRUSH", "Sonic toothbrush", "声波电动牙刷", "small_appliances", "colour", ["白", "粉"], "189.00"),
                           ("P-CARAFE", "Glass carafe", "玻璃冷水壶", "glassware", "volume", ["1L", "1.5L"], "59.00")]},
    "beta": {"currency": "EUR", "policies": {"return_window_days": 14, "exchange_window_days": 30,
                                             "non_returnable_categories": []},
             "warranty": {"replace_within_days": 30, "months": {"electronics": 24, "default": 0}},
             "products": [("P-FAN", "Desk fan", "桌面风扇", "electronics", "plug", ["EU", "UK"], "49.00"),
                          ("P-JAR", "Storage jar", "储物罐", "homeware", "size", ["small", "large"], "14.00")]},
    "gamma": {"currency": "TWD", "policies": {"return_window_days": 7, "exchange_window_days": 7,
                                              "non_returnable_categories": []},
              "warranty": {"replace_within_days": 7, "months": {"power_tools": 12, "drinkware": 3}},
              "products": [("P-DRILL", "Cordless drill", "充电电钻", "power_tools", "battery", ["2Ah", "4Ah"], "2490.00"),
                           ("P-FLASK", "Vacuum flask", "保温瓶", "drinkware", "colour", ["银", "黑"], "690.00")]},
}

# customer key: (product index, qty, delivery age in days as a function of the shop's numbers)
# in: just inside the replacement window; out: just past it, in warranty; expired: past the warranty.
CASES: dict[str, tuple[int, int, str]] = {
    "in2": (0, 2, "in"), "in1": (0, 1, "in"), "out1": (0, 1, "out"), "out2": (0, 2, "out"),
    "nowar": (1, 1, "out"), "expired": (0, 1, "expired"), "incase": (0, 1, "in"), "outcase": (0, 1, "out"),
    "in2b": (1, 2, "in"),
}


def _age(kind: str, w: dict[str, Any], category: str) -> float:
    days = int(w["replace_within_days"])
    months = int(w["months"].get(category, w["months"].get("default", 0)) or 0)
    if kind == "in":      # inside the replacement window and the return window both
        return min(days, int(w.get("_return", days))) - 1.5
    if kind == "out":
        return days + 2.5
    return months * 30.44 + 20


def fixture(name: str, now: str = NOW) -> dict[str, Any]:
    spec = SHOPS[name]
    clock = datetime.fromisoformat(now)
    products, customers, orders, tickets = [], [], [], []
    for pid, en, zh, cat, dim, values, price in spec["products"]:
        products.append({"id": pid, "name": en, "name_zh": zh, "category": cat, "options": {dim: values},
                         "variants": [{"sku": f"{pid[2:]}-{n}", "options": {dim: v}, "price": price, "stock": 9}
                                      for n, v in enumerate(values)]})
    for n, (key, (pi, qty, kind)) in enumerate(CASES.items()):
        p = products[pi]
        v = p["variants"][0]
        cid = f"{name}-{key}"
        window = {**spec["warranty"], "_return": spec["policies"]["return_window_days"]}
        delivered = clock - timedelta(days=_age(kind, window, p["category"]))
        oid = f"{name[0].upper()}{7310 + n * 13}-{key[:2].upper()}"
        customers.append({"id": cid, "name": f"Customer {n}", "email": f"{cid}@example.com",
                          "payment_methods": [{"id": f"pm-{cid}", "type": "card", "label": "Card •••• 4242"}],
                          "identities": [f"web:{cid}"]})
        orders.append({"id": oid, "customer_id": cid, "status": "delivered",
                       "placed_at": (delivered - timedelta(days=4)).isoformat(),
                       "shipped_at": (delivered - timedelta(days=3)).isoformat(),
                       "delivered_at": delivered.isoformat(), "carrier": "Swiftline", "tracking_no": f"SW{9100 + n}",
                       "currency": spec["currency"], "total": f"{float(v['price']) * qty:.2f}",
                       "shipping_address": "1 Example Road", "payment_method_id": f"pm-{cid}",
                       "items": [{"sku": v["sku"], "product_id": p["id"], "name": p["name"], "options": dict(v["options"]),
                                  "qty": qty, "price": v["price"], "category": p["category"]}]})
        if key.endswith("case"):
            tickets.append({"id": f"TK-{name}-{n}", "customer_id": cid, "conversation": f"web:{cid}",
                            "reason": "product_issue", "order_id": oid, "status": "open",
                            "created_at": (clock - timedelta(days=1)).isoformat(),
                            "transcript": ["user: it stopped working", "bot: passed to a colleague"]})
    return {"policies": spec["policies"], "products": products, "customers": customers, "orders": orders,
            "returns": [], "exchanges": [], "refunds": [], "tickets": tickets, "order_changes": [],
            "facts": {"warranty": spec["warranty"]}}


def write(folder: Path, now: str = NOW) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name in SHOPS:
        path = folder / f"{name}.json"
        path.write_text(json.dumps(fixture(name, now), ensure_ascii=False, indent=1), encoding="utf-8")
        paths[name] = path
    return paths


def order_of(name: str, key: str) -> dict[str, Any]:
    return next(o for o in fixture(name)["orders"] if o["customer_id"] == f"{name}-{key}")
