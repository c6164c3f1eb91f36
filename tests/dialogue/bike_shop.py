"""A shop none of the dialogue code was written against (#13 edits13): a Taipei bicycle shop in
TWD with order ids shaped `TPE-<digits>`, products with two or three option dimensions (frame
size / colour / wheel size, lumens / mount) where not every combination exists. Built from the
English demo fixture's policies and knowledge so only the catalogue, orders and customer differ."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.core.settings import PROJECT_ROOT

USER = "line:Ubike0001"


def _variant(sku: str, price: str, stock: int, **opts: str) -> dict[str, Any]:
    return {"sku": sku, "options": {k.replace("_", " "): v for k, v in opts.items()}, "price": price, "stock": stock}


PRODUCTS: list[dict[str, Any]] = [
    {"id": "B-CITY", "name": "Urban commuter bike", "name_zh": "城市通勤自行车", "category": "bicycles",
     "options": {"frame size": ["S", "M", "L"], "colour": ["matte black", "grey", "white"]},
     "variants": [_variant("CITY-S-BK", "18800", 3, frame_size="S", colour="matte black"),
                  _variant("CITY-M-BK", "18800", 4, frame_size="M", colour="matte black"),
                  _variant("CITY-L-BK", "18800", 2, frame_size="L", colour="matte black"),
                  _variant("CITY-M-GY", "18800", 5, frame_size="M", colour="grey"),
                  _variant("CITY-L-GY", "18800", 1, frame_size="L", colour="grey"),
                  _variant("CITY-S-WH", "18800", 2, frame_size="S", colour="white")]},
    {"id": "B-GRAVEL", "name": "Gravel bike", "name_zh": "碎石公路车", "category": "bicycles",
     "options": {"frame size": ["52", "54", "56"], "wheel size": ["700c", "650b"], "colour": ["sand", "olive"]},
     "variants": [_variant("GRV-52-700-SD", "42000", 2, frame_size="52", wheel_size="700c", colour="sand"),
                  _variant("GRV-54-700-SD", "42000", 3, frame_size="54", wheel_size="700c", colour="sand"),
                  _variant("GRV-54-650-SD", "42000", 1, frame_size="54", wheel_size="650b", colour="sand"),
                  _variant("GRV-54-700-OL", "42000", 2, frame_size="54", wheel_size="700c", colour="olive"),
                  _variant("GRV-56-700-OL", "42000", 2, frame_size="56", wheel_size="700c", colour="olive"),
                  _variant("GRV-52-650-OL", "42000", 1, frame_size="52", wheel_size="650b", colour="olive")]},
    {"id": "B-HELMET", "name": "Road helmet", "name_zh": "公路安全帽", "category": "accessories",
     "options": {"size": ["M", "L"], "colour": ["black", "grey"]},
     "variants": [_variant("HLM-M-BK", "2600", 6, size="M", colour="black"),
                  _variant("HLM-L-BK", "2600", 5, size="L", colour="black"),
                  _variant("HLM-M-GY", "2600", 4, size="M", colour="grey"),
                  _variant("HLM-L-GY", "2600", 3, size="L", colour="grey")]},
    {"id": "B-LIGHT", "name": "Front light", "name_zh": "前灯", "category": "accessories",
     "options": {"output": ["400lm", "800lm"], "mount": ["clip", "strap"]},
     "variants": [_variant("LGT-400-CL", "900", 9, output="400lm", mount="clip"),
                  _variant("LGT-800-CL", "1500", 4, output="800lm", mount="clip"),
                  _variant("LGT-800-ST", "1500", 3, output="800lm", mount="strap")]},
    {"id": "B-LOCK", "name": "U-lock", "name_zh": "U型锁", "category": "accessories", "options": {},
     "variants": [_variant("LOCK-U", "1200", 10)]},
    {"id": "B-BOTTLE", "name": "Water bottle", "name_zh": "水壶", "category": "accessories",
     "options": {"volume": ["550ml", "750ml"]},
     "variants": [_variant("BTL-550", "350", 20, volume="550ml"), _variant("BTL-750", "420", 15, volume="750ml")]},
]


def _line(sku: str, qty: int = 1) -> dict[str, Any]:
    for p in PRODUCTS:
        for v in p["variants"]:
            if v["sku"] == sku:
                label = " ".join([p["name"], *v["options"].values()])
                return {"sku": sku, "product_id": p["id"], "name": label, "options": dict(v["options"]),
                        "qty": qty, "price": v["price"], "category": p["category"]}
    raise KeyError(sku)


def _order(oid: str, status: str, lines: list[dict[str, Any]], placed: str) -> dict[str, Any]:
    total = sum(int(ln["price"]) * ln["qty"] for ln in lines)
    shipped = status in ("shipped", "delivered")
    return {"id": oid, "customer_id": "bk1", "status": status, "placed_at": placed,
            "shipped_at": "2026-11-22T10:00:00+08:00" if shipped else None,
            "delivered_at": "2026-11-24T15:00:00+08:00" if status == "delivered" else None,
            "carrier": "黑貓宅急便" if shipped else None, "tracking_no": "9012345678" if shipped else None,
            "currency": "TWD", "total": f"{total}.00", "shipping_address": "台北市信义区松仁路100号",
            "payment_method_id": "pm_bk1_card", "items": lines}


ORDERS = [
    _order("TPE-88123", "paid", [_line("CITY-M-BK"), _line("HLM-L-GY")], "2026-11-27T09:00:00+08:00"),
    _order("TPE-88157", "paid", [_line("LGT-400-CL"), _line("LOCK-U"), _line("BTL-550", 2)],
           "2026-11-27T18:00:00+08:00"),
    _order("TPE-87011", "delivered", [_line("GRV-54-700-SD")], "2026-11-20T11:00:00+08:00"),
]


def fixture() -> dict[str, Any]:
    base = json.loads((PROJECT_ROOT / "config" / "demo_shop_en.json").read_text(encoding="utf-8"))
    base.update({"products": PRODUCTS, "orders": ORDERS, "returns": [], "exchanges": [], "refunds": [],
                 "tickets": [], "invoices": [], "order_changes": []})
    base["customers"] = [{"id": "bk1", "name": "林怡君", "phone": "+886 912 345 678", "email": "yijun@example.tw",
                          "default_address": "台北市信义区松仁路100号",
                          "payment_methods": [{"id": "pm_bk1_card", "type": "card", "label": "Visa •••• 2231"}],
                          "identities": [USER]}]
    return base


def write(folder: Path) -> Path:
    path = folder / "bike_shop.json"
    path.write_text(json.dumps(fixture(), ensure_ascii=False), encoding="utf-8")
    return path
