"""Fixture checks (DESIGN.md "Fixture format") and date rebasing for the demo shop."""
from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from bot.policy import Policies, parse_ts
from bot.store.models import ORDER_STATUSES

RECORD_LISTS = ("returns", "exchanges", "refunds", "tickets", "invoices")
TIMESTAMPED_LISTS = ("orders",) + RECORD_LISTS
TOP_KEYS = {"policies", "customers", "orders"} | set(RECORD_LISTS)


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


def validate_fixture(fixture: Mapping[str, Any]) -> None:
    """Raise FixtureError naming the first problem; accept any DESIGN.md-shaped fixture."""
    if not isinstance(fixture, Mapping):
        raise FixtureError("fixture: must be a JSON object")
    unknown = set(fixture) - TOP_KEYS
    if unknown:
        raise FixtureError(f"{sorted(unknown)[0]}: unknown top-level key")
    try:
        Policies.from_dict(fixture.get("policies"))
    except ValueError as exc:
        raise FixtureError(str(exc)) from None
    customers: set[str] = set()
    identities: set[str] = set()
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
    orders: set[str] = set()
    for n, o in enumerate(fixture.get("orders") or []):
        where = f"orders[{n}]"
        oid = _req(o, "id", where)
        if oid in orders:
            raise FixtureError(f"{where}.id: duplicate {oid!r}")
        orders.add(oid)
        if _req(o, "customer_id", where) not in customers:
            raise FixtureError(f"{where}.customer_id: unknown customer {o['customer_id']!r}")
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
            _req(rec, "status", where)
            if key == "refunds":
                _money(rec, "amount", where)


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
