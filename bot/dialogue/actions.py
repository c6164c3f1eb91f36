"""The shop calls flows make, in one place: today's `ShopTools`, whatever its generation.

Flows never reach a backend directly; they call these, which call the tools (ownership, policy,
trace). When the tools grow (per-item quantities, item swaps, payment changes), only this module
follows.
"""
from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any

from bot.shop.tools import ToolResult


def _accepts(fn: Any, name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


async def create_return(tools: Any, customer: Any, order_id: str, items: Sequence[Mapping[str, Any]],
                        reason: str | None) -> ToolResult:
    fn = tools.create_return
    if _accepts(fn, "items"):
        return await fn(customer, order_id, reason=reason,
                        items=[(str(i["sku"]), int(i.get("qty") or 1)) for i in items])
    return await fn(customer, order_id, reason, skus=[str(i["sku"]) for i in items] or None)


async def call(tools: Any, name: str, *args: Any, **kwargs: Any) -> ToolResult:
    """A tool the shop may not offer yet: a refusal code instead of an AttributeError."""
    fn = getattr(tools, name, None)
    if fn is None:
        return ToolResult(False, "unavailable", {"order_id": kwargs.get("order_id") or (args[1] if len(args) > 1 else "")})
    return await fn(*args, **kwargs)


async def withdraw_request(tools: Any, customer: Any, kind: str, record_id: str) -> ToolResult:
    """Take back the customer's return ("return") or exchange ("exchange"): the shop's outcome, or
    "unavailable" from tools that cannot withdraw (the dialogue then offers a colleague)."""
    fn = getattr(tools, "withdraw_request", None)
    if fn is None:
        key = "exchange_id" if kind == "exchange" else "return_id"
        return ToolResult(False, "unavailable", {key: record_id})
    return await fn(customer, kind, record_id)
