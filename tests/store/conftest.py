"""Store test fixtures: a real AES-GCM field cipher with a fixed key, sample shops."""
from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import os
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bot.shop.store import Store

DEMO_SHOP = Path(__file__).resolve().parents[2] / "config" / "demo_shop.json"


class AesGcmCipher:
    """FieldCipher for tests: per-scope AES-256-GCM keys derived from a fixed master key.

    `destroy(scope)` forgets a scope's key, as crypto-shredding a customer would."""

    def __init__(self, master: bytes = b"\x42" * 32) -> None:
        self.master = master
        self.destroyed: set[str] = set()
        self.calls = 0

    def _key(self, scope: str) -> bytes:
        if scope in self.destroyed:
            raise KeyError("key destroyed")
        return HKDF(hashes.SHA256(), 32, salt=None, info=scope.encode()).derive(self.master)

    async def encrypt(self, scope: str, plaintext: str) -> str:
        self.calls += 1
        nonce = os.urandom(12)
        blob = nonce + AESGCM(self._key(scope)).encrypt(nonce, plaintext.encode(), scope.encode())
        return "v1:" + base64.b64encode(blob).decode()

    async def decrypt(self, scope: str, token: str) -> str:
        blob = base64.b64decode(token.removeprefix("v1:"))
        return AESGCM(self._key(scope)).decrypt(blob[:12], blob[12:], scope.encode()).decode()

    async def blind_index(self, value: str, purpose: str = "index") -> str:
        return hmac.new(self.master, f"{purpose}:{value}".encode(), hashlib.sha256).hexdigest()[:32]

    def destroy(self, scope: str) -> None:
        self.destroyed.add(scope)


def small_shop() -> dict:
    """Two customers, a handful of orders, one record of each kind."""
    return copy.deepcopy({
        "policies": {"return_window_days": 7, "exchange_window_days": 15,
                     "non_returnable_categories": ["food", "underwear", "customized"]},
        "customers": [
            {"id": "c1", "name": "张伟", "phone": "13812345678", "email": "zw@example.com",
             "identities": ["telegram:1001", "slack:U01ABC"]},
            {"id": "c2", "name": "Emily Carter", "phone": "+1 415-555-0142", "email": "emily@example.com",
             "identities": ["web:demo"]},
        ],
        "orders": [
            {"id": "SO202611200931", "customer_id": "c1", "status": "delivered",
             "placed_at": "2026-11-18T10:00:00+08:00", "shipped_at": "2026-11-19T09:00:00+08:00",
             "delivered_at": "2026-11-21T15:30:00+08:00", "carrier": "SF", "tracking_no": "SF1234567890",
             "currency": "CNY", "total": "467.00", "shipping_address": "上海市浦东新区世纪大道100号",
             "items": [{"sku": "SHOE-RUN-42", "name": "跑鞋 42码", "qty": 1, "price": "299.00", "category": "shoes"},
                       {"sku": "SNACK-NUT", "name": "坚果礼盒", "qty": 1, "price": "168.00", "category": "food"}]},
            {"id": "SO202611250800", "customer_id": "c1", "status": "paid",
             "placed_at": "2026-11-25T08:00:00+08:00", "shipped_at": None, "delivered_at": None,
             "carrier": None, "tracking_no": None, "currency": "CNY", "total": "129.00",
             "shipping_address": "上海市浦东新区世纪大道100号",
             "items": [{"sku": "KT-15", "name": "电热水壶 1.5L", "qty": 1, "price": "129.00", "category": "appliances"}]},
            {"id": "SO202611230700", "customer_id": "c1", "status": "shipped",
             "placed_at": "2026-11-23T07:00:00+08:00", "shipped_at": "2026-11-24T07:00:00+08:00",
             "delivered_at": None, "carrier": "JD", "tracking_no": "JDVA01234567890", "currency": "CNY",
             "total": "459.00", "shipping_address": "上海市浦东新区世纪大道100号",
             "items": [{"sku": "HD-2000", "name": "AirFlow HD-2000 吹风机", "qty": 1, "price": "459.00",
                        "category": "appliances"}]},
            {"id": "SO202611240000", "customer_id": "c2", "status": "pending",
             "placed_at": "2026-11-23T11:00:00-05:00", "shipped_at": None, "delivered_at": None,
             "carrier": None, "tracking_no": None, "currency": "USD", "total": "24.00",
             "shipping_address": "742 Evergreen Terrace, San Francisco",
             "items": [{"sku": "BAG-TOTE", "name": "Canvas tote bag", "qty": 2, "price": "12.00", "category": "bags"}]},
        ],
        "returns": [{"id": "RT20261122-0001", "order_id": "SO202611200931", "status": "rejected",
                     "reason": "changed_mind", "created_at": "2026-11-22T10:00:00+08:00", "skus": ["SNACK-NUT"]}],
        "exchanges": [],
        "refunds": [{"id": "RF20261122-0001", "order_id": "SO202611200931", "amount": "10.00", "status": "refunded",
                     "created_at": "2026-11-22T11:00:00+08:00"}],
        "tickets": [{"id": "TK20261122-0001", "customer_id": "c1", "conversation": "telegram:1001",
                     "reason": "human_agent", "created_at": "2026-11-22T12:00:00+08:00"}],
    })


@pytest.fixture
def cipher() -> AesGcmCipher:
    return AesGcmCipher()


@pytest.fixture
def shop() -> dict:
    return small_shop()


@pytest.fixture
def demo_shop() -> dict:
    return json.loads(DEMO_SHOP.read_text(encoding="utf-8"))


@pytest.fixture
async def store(tmp_path):
    s = await Store.open(tmp_path / "shop.db")
    yield s
    await s.close()


@pytest.fixture
async def sealed_store(tmp_path, cipher):
    s = await Store.open(tmp_path / "sealed.db", cipher=cipher)
    yield s
    await s.close()


@pytest.fixture
async def open_store():
    """`await open_store(path, **kw)`; every store opened is closed at teardown, even when the
    test fails (an unclosed aiosqlite connection keeps its thread, and so the process, alive)."""
    opened: list[Store] = []

    async def _open(path, **kw) -> Store:
        s = await Store.open(path, **kw)
        opened.append(s)
        return s

    yield _open
    for s in opened:
        try:
            await s.close()
        except Exception:
            pass
