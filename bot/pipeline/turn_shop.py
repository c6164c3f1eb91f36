"""One turn's view of the shop: each read asked once per turn (#17).

A turn asks the shop the same questions several times (the catalogue three times, the customer's
orders four or five: the runner, the engine, each flow), and every answer is a database round trip
plus unsealing (or an HTTP call for a remote backend). Within one turn the answers are the same, so
`TurnShop` keeps them for the turn's duration; any other call (a cancel, a return, a ticket: a
write) forgets everything it kept, so a read after a write sees the write. A new `TurnShop` is made
for every turn: nothing is kept between turns, so another turn's or another process's change is
seen by the next turn exactly as before.

Answers are the shop's own frozen models; a cached sequence is handed out as a new list each time,
so a caller that sorts or extends its copy changes nobody else's.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

# The Shop protocol's reads (bot/shop/ports.py): answers depend only on the arguments and the data.
READS = frozenset({"policies", "customer_for_identity", "customers", "orders_of", "order", "returns_of",
                   "exchanges_of", "changes_of", "refund_status", "products", "product", "variant",
                   "search_products", "tickets_of", "invoices_of"})
# Not cached, not a write: passed through as they are.
PASS = frozenset({"check", "close"})


class TurnShop:
    """A Shop for one turn: reads memoised by their arguments, every other call clears them."""

    def __init__(self, shop: Any) -> None:
        self._shop = shop
        self._kept: dict[tuple[Any, ...], Any] = {}
        self.hits = 0          # reads answered from the turn's memory (tests, profiling)

    @property
    def inner(self) -> Any:
        return self._shop

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._shop, name)
        if not callable(attr) or name.startswith("_") or name in PASS:
            return attr
        if name in READS:
            return self._read(name, attr)
        return self._write(attr)

    def _read(self, name: str, fn: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        async def read(*args: Any, **kwargs: Any) -> Any:
            try:
                key = (name, args, tuple(sorted(kwargs.items())))
                hash(key)
            except TypeError:            # an argument that cannot be a key: ask the shop
                return await fn(*args, **kwargs)
            if key in self._kept:
                self.hits += 1
                value = self._kept[key]
            else:
                value = await fn(*args, **kwargs)
                self._kept[key] = value
            return list(value) if isinstance(value, list) else value
        return read

    def _write(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            self._kept.clear()
            result = fn(*args, **kwargs)
            if hasattr(result, "__await__"):
                return _cleared_after(result, self._kept)
            return result
        return call


async def _cleared_after(awaitable: Awaitable[Any], kept: dict[tuple[Any, ...], Any]) -> Any:
    # A read running concurrently with the write may have kept a pre-write answer: forget again.
    try:
        return await awaitable
    finally:
        kept.clear()
