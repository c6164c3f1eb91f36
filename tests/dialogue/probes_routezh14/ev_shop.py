"""A small Hong Kong e-mobility shop written in traditional Chinese for the routezh14 probes: HKD,
order ids of its own shape (EV-MMDD-NN), option dimensions in traditional, a cancelled order whose
refund is overdue, an issued invoice, an unshipped order with options, a delivered e-bike."""
from __future__ import annotations

from typing import Any

CUSTOMER = "telegram:6601"      # 陳嘉欣
OTHER = "whatsapp:85291234567"  # 黃志明: an invoice on record


def _variants(prefix: str, dims: dict[str, list[str]], price: str, codes: dict[str, str],
              stock: dict[str, int] | None = None) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = [{}]
    for dim, values in dims.items():
        out = [{**o, dim: v} for o in out for v in values]
    rows = []
    for opts in out:
        sku = "-".join([prefix] + [codes[v] for v in opts.values()])
        rows.append({"sku": sku, "options": opts, "price": price, "currency": "HKD", "stock": (stock or {}).get(sku, 4)})
    return rows


def _line(pid: str, sku: str, name: str, opts: dict[str, str], qty: int, price: str, cat: str) -> dict[str, Any]:
    return {"sku": sku, "product_id": pid, "name": name, "options": opts, "qty": qty, "price": price, "category": cat}


def ev_fixture() -> dict[str, Any]:
    bike = {"顏色": ["石墨黑", "薄荷綠"], "電池": ["10Ah", "15Ah"]}
    scooter = {"顏色": ["銀灰", "湖水藍"]}
    helmet = {"尺寸": ["M", "L"], "顏色": ["珍珠白", "啞光黑"]}
    codes = {"石墨黑": "BK", "薄荷綠": "GN", "10Ah": "10", "15Ah": "15", "銀灰": "SV", "湖水藍": "BL",
             "M": "M", "L": "L", "珍珠白": "WH", "啞光黑": "MB"}
    products = [
        {"id": "P-EBIKE", "name": "Urban e-bike", "name_zh": "城市電動車", "category": "ebikes", "options": bike,
         "variants": _variants("EB", bike, "8980.00", codes, {"EB-GN-15": 0})},
        {"id": "P-SCOOT", "name": "Folding e-scooter", "name_zh": "摺疊電動滑板車", "category": "scooters",
         "options": scooter, "variants": _variants("SC", scooter, "3280.00", codes, {"SC-BL": 0})},
        {"id": "P-HELMET", "name": "Commuter helmet", "name_zh": "通勤頭盔", "category": "helmets", "options": helmet,
         "variants": _variants("HM", helmet, "560.00", codes)},
        {"id": "P-LOCK", "name": "U-lock", "name_zh": "U型鎖", "category": "accessories", "options": {},
         "variants": [{"sku": "LK-U", "options": {}, "price": "320.00", "currency": "HKD", "stock": 12}]},
        {"id": "P-CHARGER", "name": "Fast charger", "name_zh": "快速充電器", "category": "accessories", "options": {},
         "variants": [{"sku": "CH-FAST", "options": {}, "price": "450.00", "currency": "HKD", "stock": 7}]},
    ]
    addr = "香港九龍旺角彌敦道600號12樓B室"
    addr2 = "香港新界沙田大圍村南道8號3樓"

    def order(oid: str, who: str, status: str, placed: str, items: list[dict[str, Any]], total: str, pm: str,
              shipped: str | None = None, delivered: str | None = None, tracking: str | None = None,
              address: str = addr) -> dict[str, Any]:
        return {"id": oid, "customer_id": who, "status": status, "placed_at": placed, "shipped_at": shipped,
                "delivered_at": delivered, "carrier": "順豐速運" if shipped else None, "tracking_no": tracking,
                "currency": "HKD", "total": total, "shipping_address": address, "payment_method_id": pm,
                "items": items}

    orders = [
        order("EV-1119-03", "hk1", "delivered", "2026-11-19T11:00:00+08:00",
              [_line("P-EBIKE", "EB-BK-10", "城市電動車 石墨黑 / 10Ah", {"顏色": "石墨黑", "電池": "10Ah"}, 1, "8980.00",
                     "ebikes"),
               _line("P-LOCK", "LK-U", "U型鎖", {}, 1, "320.00", "accessories")], "9300.00", "pm-hk1-card",
              "2026-11-20T10:00:00+08:00", "2026-11-22T15:00:00+08:00", "SF1402233445566"),
        order("EV-1126-11", "hk1", "paid", "2026-11-26T20:00:00+08:00",
              [_line("P-HELMET", "HM-M-WH", "通勤頭盔 M / 珍珠白", {"尺寸": "M", "顏色": "珍珠白"}, 1, "560.00", "helmets"),
               _line("P-CHARGER", "CH-FAST", "快速充電器", {}, 1, "450.00", "accessories")], "1010.00", "pm-hk1-fps"),
        order("EV-1102-07", "hk1", "cancelled", "2026-11-02T09:30:00+08:00",
              [_line("P-SCOOT", "SC-SV", "摺疊電動滑板車 銀灰", {"顏色": "銀灰"}, 1, "3280.00", "scooters")], "3280.00",
              "pm-hk1-card"),
        order("EV-1125-02", "hk1", "shipped", "2026-11-25T08:00:00+08:00",
              [_line("P-LOCK", "LK-U", "U型鎖", {}, 2, "320.00", "accessories")], "640.00", "pm-hk1-fps",
              "2026-11-26T09:00:00+08:00", None, "SF1402299887766"),
        order("EV-1115-05", "hk2", "delivered", "2026-11-15T12:00:00+08:00",
              [_line("P-SCOOT", "SC-SV", "摺疊電動滑板車 銀灰", {"顏色": "銀灰"}, 1, "3280.00", "scooters")], "3280.00",
              "pm-hk2-card", "2026-11-16T09:00:00+08:00", "2026-11-18T16:00:00+08:00", "SF1402211112222", addr2),
        order("EV-1127-09", "hk2", "paid", "2026-11-27T10:00:00+08:00",
              [_line("P-HELMET", "HM-L-MB", "通勤頭盔 L / 啞光黑", {"尺寸": "L", "顏色": "啞光黑"}, 1, "560.00", "helmets")],
              "560.00", "pm-hk2-card", address=addr2),
    ]
    customers = [
        {"id": "hk1", "name": "陳嘉欣", "phone": "+852 9123 4567", "email": "kayan@example.hk", "default_address": addr,
         "payment_methods": [{"id": "pm-hk1-card", "type": "card", "label": "Visa •••• 6601"},
                             {"id": "pm-hk1-fps", "type": "bank_transfer", "label": "轉數快 FPS"}],
         "identities": [CUSTOMER]},
        {"id": "hk2", "name": "黃志明", "phone": "+852 9876 5432", "email": "chiming@example.hk", "default_address": addr2,
         "payment_methods": [{"id": "pm-hk2-card", "type": "card", "label": "Mastercard •••• 2288"}],
         "identities": [OTHER]},
    ]
    return {"policies": {"return_window_days": 7, "exchange_window_days": 14, "non_returnable_categories": []},
            "products": products, "customers": customers, "orders": orders, "returns": [], "exchanges": [],
            "refunds": [{"id": "RF-HK-3301", "order_id": "EV-1102-07", "amount": "3280.00", "status": "processing",
                         "created_at": "2026-11-03T10:00:00+08:00", "currency": "HKD", "reason": "cancelled"}],
            "tickets": [],
            "invoices": [{"id": "INV-HK-0418", "order_id": "EV-1115-05", "status": "issued", "title": "志明設計工作室",
                          "created_at": "2026-11-19T09:30:00+08:00"}],
            "order_changes": []}
