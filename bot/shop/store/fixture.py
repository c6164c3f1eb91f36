"""Fixture checks (DESIGN.md "Fixture format") and date rebasing for the demo shop."""
from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.shop.models import ORDER_CHANGE_KINDS, ORDER_STATUSES, PAYMENT_TYPES
from bot.shop.policy import Policies, parse_ts

RECORD_LISTS = ("returns", "exchanges", "refunds", "tickets", "invoices", "order_changes")
TIMESTAMPED_LISTS = ("orders",) + RECORD_LISTS
# Optional shop-level extras (docs/INTERNALS.md "Fixture extensions"): `facts` (the shop's own
# business facts, facts.toml's shape: carriers' delivery days, warranty months by category,
# service hours, refund timelines) and `knowledge` (its knowledge folder, relative to the file).
SHOP_KEYS = {"facts", "knowledge"}
TOP_KEYS = {"policies", "products", "customers", "orders"} | set(RECORD_LISTS) | SHOP_KEYS


class FixtureError(ValueError):
    """A fixture that does not match the format; the message names the offending path."""


def _req(rec: Mapping[str, Any], key: str, where: str) -> Any:
    value = rec.get(key)
    if value is None or value == "":
        raise FixtureError(f"{where}.{key}: required")
    return value


def _ts(rec: Mapping[str, Any], key: str, where: str, required: bool) -> None:
    value = rec.get(key)
    if value is None:
        if required:
            raise FixtureError(f"{where}.{key}: required")
        return
    try:
        parse_ts(value)
    except (TypeError, ValueError):
        raise FixtureError(f"{where}.{key}: not an ISO-8601 timestamp: {value!r}") from None


def _money(rec: Mapping[str, Any], key: str, where: str) -> None:
    try:
        Decimal(str(_req(rec, key, where)))
    except InvalidOperation:
        raise FixtureError(f"{where}.{key}: not an amount") from None


def _own_pm(pm_id: Any, customer_id: str, pm_owner: Mapping[str, str], where: str) -> None:
    if pm_id is None:
        return
    if pm_id not in pm_owner:
        raise FixtureError(f"{where}: unknown payment method {pm_id!r}")
    if pm_owner[pm_id] != customer_id:
        raise FixtureError(f"{where}: payment method {pm_id!r} belongs to another customer")


def _validate_products(products: Any) -> dict[str, str]:
    """Check the catalogue; return sku → product id."""
    if products is None:
        return {}
    if not isinstance(products, list):
        raise FixtureError("products: must be a list")
    skus: dict[str, str] = {}
    ids: set[str] = set()
    for n, p in enumerate(products):
        where = f"products[{n}]"
        pid = _req(p, "id", where)
        if pid in ids:
            raise FixtureError(f"{where}.id: duplicate {pid!r}")
        ids.add(pid)
        _req(p, "name", where)
        _req(p, "category", where)
        options = p.get("options") or {}
        if not isinstance(options, Mapping) or not all(
                isinstance(v, list) and all(isinstance(x, str) for x in v) for v in options.values()):
            raise FixtureError(f"{where}.options: must map each option to a list of values")
        for m, v in enumerate(p.get("variants") or []):
            vw = f"{where}.variants[{m}]"
            sku = _req(v, "sku", vw)
            if sku in skus:
                raise FixtureError(f"{vw}.sku: duplicate {sku!r}")
            if v.get("product_id") is not None and v["product_id"] != pid:
                raise FixtureError(f"{vw}.product_id: unknown product {v['product_id']!r} (listed under {pid!r})")
            skus[sku] = pid
            _money(v, "price", vw)
            prices = v.get("prices") or {}
            if not isinstance(prices, Mapping):
                raise FixtureError(f"{vw}.prices: must map a currency to an amount")
            for cur in prices:
                _money(prices, cur, f"{vw}.prices")
            stock = v.get("stock")
            if not isinstance(stock, int) or isinstance(stock, bool) or stock < 0:
                raise FixtureError(f"{vw}.stock: must be a non-negative integer")
            vopts = v.get("options") or {}
            if not isinstance(vopts, Mapping):
                raise FixtureError(f"{vw}.options: must be an object")
            for key, value in vopts.items():
                if key not in options:
                    raise FixtureError(f"{vw}.options.{key}: not an option of product {pid!r}")
                if value not in options[key]:
                    raise FixtureError(f"{vw}.options.{key}: {value!r} is not one of {options[key]}")
            missing = set(options) - set(vopts)
            if missing:
                raise FixtureError(f"{vw}.options.{sorted(missing)[0]}: required")
    return skus


def _validate_item(item: Mapping[str, Any], variants: Mapping[str, str], where: str) -> None:
    pid = item.get("product_id")
    if pid is not None and variants and pid not in set(variants.values()):
        raise FixtureError(f"{where}.product_id: unknown product {pid!r}")
    if variants and item["sku"] not in variants:
        raise FixtureError(f"{where}.sku: unknown sku {item['sku']!r}")
    if pid is not None and variants and variants[item["sku"]] != pid:
        raise FixtureError(f"{where}.product_id: {pid!r} is not the product of sku {item['sku']!r}")
    if item.get("options") is not None and not isinstance(item["options"], Mapping):
        raise FixtureError(f"{where}.options: must be an object")


def validate_fixture(fixture: Mapping[str, Any]) -> None:
    """Raise FixtureError naming the first problem; accept any DESIGN.md-shaped fixture."""
    if not isinstance(fixture, Mapping):
        raise FixtureError("fixture: must be a JSON object")
    unknown = set(fixture) - TOP_KEYS
    if unknown:
        raise FixtureError(f"{sorted(unknown)[0]}: unknown top-level key")
    if fixture.get("facts") is not None and not isinstance(fixture["facts"], Mapping):
        raise FixtureError("facts: must be an object (the shape of facts.toml)")
    if fixture.get("knowledge") is not None and not isinstance(fixture["knowledge"], str):
        raise FixtureError("knowledge: must be a folder path")
    try:
        Policies.from_dict(fixture.get("policies"))
    except ValueError as exc:
        raise FixtureError(str(exc)) from None
    variants = _validate_products(fixture.get("products"))
    customers: set[str] = set()
    identities: set[str] = set()
    pm_owner: dict[str, str] = {}
    for n, c in enumerate(fixture.get("customers") or []):
        where = f"customers[{n}]"
        cid = _req(c, "id", where)
        if cid in customers:
            raise FixtureError(f"{where}.id: duplicate {cid!r}")
        customers.add(cid)
        for ident in c.get("identities") or []:
            if not isinstance(ident, str) or ":" not in ident:
                raise FixtureError(f"{where}.identities: {ident!r} is not platform:id")
            if ident in identities:
                raise FixtureError(f"{where}.identities: {ident!r} belongs to two customers")
            identities.add(ident)
        if c.get("default_address") is not None and not isinstance(c["default_address"], str):
            raise FixtureError(f"{where}.default_address: must be a string")
        pms = c.get("payment_methods") or []
        if not isinstance(pms, list):
            raise FixtureError(f"{where}.payment_methods: must be a list")
        for m, pm in enumerate(pms):
            pw = f"{where}.payment_methods[{m}]"
            pid = _req(pm, "id", pw)
            if pid in pm_owner:
                raise FixtureError(f"{pw}.id: duplicate {pid!r}")
            pm_owner[pid] = cid
            if pm.get("type") not in PAYMENT_TYPES:
                raise FixtureError(f"{pw}.type: must be one of {', '.join(PAYMENT_TYPES)}")
    orders: dict[str, str] = {}
    for n, o in enumerate(fixture.get("orders") or []):
        where = f"orders[{n}]"
        oid = _req(o, "id", where)
        if oid in orders:
            raise FixtureError(f"{where}.id: duplicate {oid!r}")
        if _req(o, "customer_id", where) not in customers:
            raise FixtureError(f"{where}.customer_id: unknown customer {o['customer_id']!r}")
        orders[oid] = o["customer_id"]
        _own_pm(o.get("payment_method_id"), o["customer_id"], pm_owner, f"{where}.payment_method_id")
        if o.get("status") not in ORDER_STATUSES:
            raise FixtureError(f"{where}.status: must be one of {', '.join(ORDER_STATUSES)}")
        _ts(o, "placed_at", where, True)
        _ts(o, "shipped_at", where, False)
        _ts(o, "delivered_at", where, False)
        _req(o, "currency", where)
        _money(o, "total", where)
        for m, item in enumerate(o.get("items") or []):
            iw = f"{where}.items[{m}]"
            for key in ("sku", "name", "category"):
                _req(item, key, iw)
            if not isinstance(item.get("qty", 1), int) or item.get("qty", 1) < 1:
                raise FixtureError(f"{iw}.qty: must be a positive integer")
            _money(item, "price", iw)
            _validate_item(item, variants, iw)
    seen: set[str] = set()
    for key in RECORD_LISTS:
        for n, rec in enumerate(fixture.get(key) or []):
            where = f"{key}[{n}]"
            rid = _req(rec, "id", where)
            if rid in seen:
                raise FixtureError(f"{where}.id: duplicate {rid!r}")
            seen.add(rid)
            _ts(rec, "created_at", where, True)
            if key == "tickets":
                if rec.get("customer_id") is not None and rec["customer_id"] not in customers:
                    raise FixtureError(f"{where}.customer_id: unknown customer {rec['customer_id']!r}")
                if rec.get("transcript") is not None and not isinstance(rec["transcript"], list):
                    raise FixtureError(f"{where}.transcript: must be a list of lines")
                continue
            if _req(rec, "order_id", where) not in orders:
                raise FixtureError(f"{where}.order_id: unknown order {rec['order_id']!r}")
            if key == "order_changes":
                if rec.get("kind") not in ORDER_CHANGE_KINDS:
                    raise FixtureError(f"{where}.kind: must be one of {', '.join(ORDER_CHANGE_KINDS)}")
                continue
            _req(rec, "status", where)
            if key == "refunds":
                _money(rec, "amount", where)
            owner = orders[rec["order_id"]]
            _own_pm(rec.get("refund_to"), owner, pm_owner, f"{where}.refund_to")
            for m, item in enumerate(rec.get("items") or []):
                iw = f"{where}.items[{m}]"
                if variants and _req(item, "sku", iw) not in variants:
                    raise FixtureError(f"{iw}.sku: unknown sku {item['sku']!r}")
                if not isinstance(item.get("qty", 1), int) or item.get("qty", 1) < 1:
                    raise FixtureError(f"{iw}.qty: must be a positive integer")
                new = item.get("new_sku")
                if new is not None and variants:
                    if new not in variants:
                        raise FixtureError(f"{iw}.new_sku: unknown sku {new!r}")
                    if item["sku"] in variants and variants[new] != variants[item["sku"]]:
                        raise FixtureError(f"{iw}.new_sku: {new!r} is a variant of another product")


def _timestamp_slots(fixture: Mapping[str, Any]):
    for key in TIMESTAMPED_LISTS:
        for rec in fixture.get(key) or []:
            for field, value in rec.items():
                if field.endswith("_at") and isinstance(value, str):
                    yield rec, field, value


def rebase_fixture_dates(fixture: Mapping[str, Any], now: datetime) -> dict[str, Any]:
    """A copy of `fixture` with every timestamp shifted by the same amount, so that the latest
    one lands exactly one day before `now`. Each value keeps its own UTC offset; relative
    spacing (and so every policy window) is unchanged. Ids are left alone."""
    out = copy.deepcopy(dict(fixture))
    slots = list(_timestamp_slots(out))
    if not slots:
        return out
    latest = max(parse_ts(value) for _, _, value in slots)
    target = parse_ts(now).replace(microsecond=0) - timedelta(days=1)
    shift = target - latest
    for rec, field, value in slots:
        dt = parse_ts(value)
        rec[field] = (dt + shift).astimezone(dt.tzinfo).isoformat()
    return out
