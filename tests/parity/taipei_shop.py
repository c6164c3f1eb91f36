"""A small traditional-Chinese shop for the parity probes: a Taipei bicycle shop, TWD prices,
order ids of its own shape (TPE-MMDD-NNNN), option dimensions and values written in traditional."""
from __future__ import annotations

from typing import Any

SHOP_NOW = "2026-11-28T12:00:00+08:00"
CUSTOMER = "telegram:8801"      # 林怡君


def _variants(prefix: str, dims: dict[str, list[str]], price: str, codes: dict[str, str],
              stock: dict[str, int] | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{}]
    for dim, values in dims.items():
        out = [{**o, dim: v} for o in out for v in values]
    rows = []
    for opts in out:
        sku = "-".join([prefix] + [codes[v] for v in opts.values()])
        rows.append({"sku": sku, "options": opts, "price": price, "currency": "TWD",
                     "stock": (stock or {}).get(sku, 5)})
    return rows


def taipei_fixture() -> dict[str, Any]:
    bike_dims = {"顏色": ["消光黑", "珍珠白"], "車架尺寸": ["S", "M", "L"]}
    helmet_dims = {"尺寸": ["M", "L"], "顏色": ["霧面灰", "亮紅"]}
    codes = {"消光黑": "BLK", "珍珠白": "WHT", "S": "S", "M": "M", "L": "L", "霧面灰": "GRY", "亮紅": "RED"}
    products = [
        {"id": "P-CITY", "name": "City commuter bike", "name_zh": "城市通勤腳踏車", "category": "bicycles",
         "options": bike_dims, "variants": _variants("CB", bike_dims, "12800.00", codes)},
        {"id": "P-HELMET", "name": "Road helmet", "name_zh": "公路安全帽", "category": "helmets",
         "options": helmet_dims, "variants": _variants("HM", helmet_dims, "1980.00", codes)},
        {"id": "P-LIGHT", "name": "USB bike light", "name_zh": "USB充電車燈", "category": "accessories",
         "options": {}, "variants": [{"sku": "LT-USB", "options": {}, "price": "690.00", "currency": "TWD",
                                       "stock": 30}]},
    ]

    def line(pid: str, sku: str, name: str, opts: dict[str, str], qty: int, price: str, cat: str) -> dict[str, Any]:
        return {"sku": sku, "product_id": pid, "name": name, "options": opts, "qty": qty, "price": price,
                "category": cat}

    address = "台北市大安區復興南路一段100號5樓"
    orders = [
        {"id": "TPE-1125-0042", "customer_id": "tw1", "status": "paid", "placed_at": "2026-11-25T10:00:00+08:00",
         "shipped_at": None, "delivered_at": None, "carrier": None, "tracking_no": None, "currency": "TWD",
         "total": "12800.00", "shipping_address": address, "payment_method_id": "pm-tw1-card",
         "items": [line("P-CITY", "CB-BLK-M", "城市通勤腳踏車 消光黑 / M", {"顏色": "消光黑", "車架尺寸": "M"}, 1,
                        "12800.00", "bicycles")]},
        {"id": "TPE-1120-0017", "customer_id": "tw1", "status": "delivered",
         "placed_at": "2026-11-20T09:00:00+08:00", "shipped_at": "2026-11-21T09:00:00+08:00",
         "delivered_at": "2026-11-24T15:00:00+08:00", "carrier": "黑貓宅急便", "tracking_no": "TC903344551",
         "currency": "TWD", "total": "4650.00", "shipping_address": address, "payment_method_id": "pm-tw1-card",
         "items": [line("P-HELMET", "HM-M-GRY", "公路安全帽 M / 霧面灰", {"尺寸": "M", "顏色": "霧面灰"}, 2,
                        "1980.00", "helmets"),
                   line("P-LIGHT", "LT-USB", "USB充電車燈", {}, 1, "690.00", "accessories")]},
        {"id": "TPE-1126-0101", "customer_id": "tw1", "status": "shipped",
         "placed_at": "2026-11-26T20:00:00+08:00", "shipped_at": "2026-11-27T10:00:00+08:00",
         "delivered_at": None, "carrier": "黑貓宅急便", "tracking_no": "TC903399127", "currency": "TWD",
         "total": "690.00", "shipping_address": address, "payment_method_id": "pm-tw1-card",
         "items": [line("P-LIGHT", "LT-USB", "USB充電車燈", {}, 1, "690.00", "accessories")]},
    ]
    customers = [{"id": "tw1", "name": "林怡君", "phone": "+886 912 345 678", "email": "yichun@example.tw",
                  "default_address": address,
                  "payment_methods": [{"id": "pm-tw1-card", "type": "card", "label": "Visa •••• 8801"},
                                      {"id": "pm-tw1-cod", "type": "cash_on_delivery", "label": "超商取貨付款"}],
                  "identities": [CUSTOMER]}]
    return {"policies": {"return_window_days": 7, "exchange_window_days": 14,
                         "non_returnable_categories": ["custom_made"]},
            "products": products, "customers": customers, "orders": orders,
            "returns": [], "exchanges": [], "refunds": [], "tickets": [], "invoices": [], "order_changes": []}
