"""The one interface between the bot and a shop system: `Shop`.

Implemented by the built-in store (`bot.shop.store.builtin.BuiltinShop`, SQLite/PostgreSQL) and by
the Medusa connector (`bot.shop.medusa`). `bot.shop.tools.ShopTools` (what the dialogue calls) sits
on it; the dialogue never talks to a backend directly. tests/shop/contract.py is the executable
form of this contract: every backend must pass it.

Rules every implementation keeps
--------------------------------
1. Ownership. Every call that names an order or a payment method takes the `Customer` the
   platform identity resolved to, and only ever sees that customer's records. Someone else's
   order gives exactly what a non-existent order gives (`None` from reads, `Outcome(False,
   codes.NOT_FOUND, {"order_id": <as asked>})` from mutations), same code, same data keys, and
   no side effect. A payment method of another customer is `codes.PAYMENT_METHOD_NOT_FOUND`
   with `{"payment_method_id": <as asked>}`, exactly like an unknown id.
2. Policy first, then the write. A mutation checks the rules of `bot.shop.policy` (pure functions
   over these models: windows, non-returnable categories, unshipped-only changes, same-product
   variant swaps, stock) against `now` and refuses with the decision's code and params as
   `data`. A refused call changes nothing. The order of checks is fixed: ownership → order
   state → items/variants/quantities → stock/payment → write.
3. Typed results. Reads return models (bot.shop.models) or None; mutations return `Outcome`.
   Data keys named below are always present when `ok` is True. Codes come from bot.shop.codes
   only.
4. Failures of the shop system are outcomes, not exceptions: unreachable/timeouts →
   `codes.UNAVAILABLE`; the system refused for its own reason → `codes.REFUSED` with
   `{"detail": <short, no personal data>}`; the order changed under us → `codes.CONFLICT`.
   Reads may raise `ShopUnavailable` (the dialogue then hands off).
5. Order ids are the shop's own, taken as the customer wrote them: a leading "#" is optional
   (`order(c, "W2378156")` finds `#W2378156` and vice versa), and case, spaces or hyphens
   typed inside may differ — resolved against the customer's own ids only
   (`bot.shop.order_ids.resolve`). Data always carries the shop's spelling under "order_id",
   except in a not_found refusal, which echoes the id as asked.
6. `now` is the clock for policy decisions and for the timestamps of records created (replay
   freezes it with --now). Implementations that cannot set a record's timestamp (Medusa) use
   `now` for the decision and the system's own time for the record.
7. No personal data in exceptions, logs or `Outcome.code`; addresses and titles only in the
   records they belong to.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

from bot.shop.models import (
    Customer,
    ExchangeRecord,
    ItemQty,
    ItemSwap,
    Order,
    OrderChange,
    Outcome,
    Policies,
    Product,
    ProductHit,
    RefundRecord,
    ReturnRecord,
    ShopCheck,
    Ticket,
    Variant,
)


class ShopUnavailable(RuntimeError):
    """The shop system cannot be reached or answered nonsense (message names no personal data)."""


@runtime_checkable
class Shop(Protocol):
    """Everything the dialogue needs from a shop. See the module docstring for the rules."""

    #: "builtin" or "medusa": shown by `aftersales shop check` and in traces.
    backend: str

    # ------------------------------------------------------------------ lifecycle / health
    async def close(self) -> None:
        """Release connections (idempotent)."""
        ...

    async def check(self) -> ShopCheck:
        """Reachable and readable? Counts of what it holds: at least "customers", "orders",
        "products", "variants". Never raises: a failure is `ShopCheck(ok=False, detail=...)`."""
        ...

    async def policies(self) -> Policies:
        """The shop's after-sales rules (fixture `policies` over config `[policies]`)."""
        ...

    # ------------------------------------------------------------------ customers and orders
    async def customer_for_identity(self, identity: str) -> Customer | None:
        """The customer a platform identity ("telegram:1001", "web:abc") belongs to, with
        default_address and payment_methods filled in; None for a stranger. How an identity maps
        to a customer is the backend's (built-in: fixture `identities`; Medusa: configured
        `[shop] identity`)."""
        ...

    async def customers(self) -> Sequence[Customer]:
        """Every customer (demo pages list their identities). May be capped by a backend."""
        ...

    async def orders_of(self, customer: Customer) -> Sequence[Order]:
        """The customer's orders, most recently placed first."""
        ...

    async def order(self, customer: Customer, order_id: str) -> Order | None:
        """The customer's order `order_id` ("#" optional), or None when it does not exist OR
        belongs to someone else — indistinguishable on purpose."""
        ...

    async def returns_of(self, customer: Customer, order_id: str) -> Sequence[ReturnRecord]:
        """Return requests of the customer's order, oldest first; () when not theirs."""
        ...

    async def exchanges_of(self, customer: Customer, order_id: str) -> Sequence[ExchangeRecord]:
        """Exchange requests of the customer's order, oldest first; () when not theirs."""
        ...

    async def changes_of(self, customer: Customer, order_id: str) -> Sequence[OrderChange]:
        """Order changes (items, address, payment, cancel) of the customer's order, oldest first."""
        ...

    async def refund_status(self, customer: Customer, order_id: str | None = None) -> Sequence[RefundRecord]:
        """Refunds of the customer's orders (or of one of them), newest first. An order that is
        not theirs gives () — callers that must tell "not found" apart ask `order()` first."""
        ...

    # ------------------------------------------------------------------ catalogue
    async def products(self) -> Sequence[Product]:
        """The whole catalogue (with variants). () for a shop without one (old fixtures)."""
        ...

    async def product(self, product_id: str) -> Product | None:
        ...

    async def variant(self, sku: str) -> Variant | None:
        """The variant with this sku, with current price and stock."""
        ...

    async def search_products(self, text: str, lang: str | None = None) -> Sequence[ProductHit]:
        """Products the (redacted) customer text names, best first: matched against the names in
        both languages (name, name_zh, names) and the option values of every dimension ("black",
        "256GB", "Google Home", "wool", "42"). Each hit carries the option values named and the
        variants consistent with them. Implementations may delegate to
        `bot.shop.catalog.search(products, text, lang)` so both backends match the same way."""
        ...

    # ------------------------------------------------------------------ changes before shipping
    async def cancel_order(self, customer: Customer, order_id: str, *, now: datetime) -> Outcome:
        """Cancel an order not yet shipped (pending, paid). A paid order gets a "processing"
        refund of its total to its payment method.
        ok data: order_id, previous_status, change (OrderChange kind "cancel"),
                 refund (RefundRecord | None: None when nothing was paid).
        refusals: not_found, already_cancelled, already_returned, already_shipped, conflict,
                  unavailable, refused."""
        ...

    async def change_shipping_address(self, customer: Customer, order_id: str, address: str, *,
                                      now: datetime) -> Outcome:
        """Set the shipping address of an order not yet shipped (the address as the customer
        gave it, already restored from placeholders by the caller).
        ok data: order_id, status, change (OrderChange kind "address").
        refusals: not_found, address_required, already_*, conflict, unavailable, refused."""
        ...

    async def change_items(self, customer: Customer, order_id: str, swaps: Sequence[ItemSwap], *,
                           payment_method_id: str | None = None, now: datetime) -> Outcome:
        """Change the lines of an order not yet shipped: each `ItemSwap(sku, qty, new_sku)` makes
        line `sku` into `qty` units of `new_sku`, a variant of the same product (new_sku == sku:
        a quantity change; qty 0: drop the line). Lines not named stay as they are. The new
        variant's current price applies; stock must cover the units added beyond what the order
        already held of that sku. The price difference (new total minus old) is charged or
        refunded through `payment_method_id` (default: the order's own), which must be one of the
        customer's. A refund of the difference is a RefundRecord (reason "price_difference").
        ok data: order_id, change (OrderChange kind "items", before/after tuples of ItemQty),
                 price_difference (Decimal, signed), currency, payment_method_id,
                 refund (RefundRecord | None), order (Order after the change).
        refusals: not_found, payment_method_not_found, already_*, item_not_found,
                  variant_not_found, different_product, invalid_quantity, out_of_stock,
                  no_change, empty_order, no_catalogue, conflict, unavailable, refused."""
        ...

    async def change_payment_method(self, customer: Customer, order_id: str, payment_method_id: str, *,
                                    now: datetime) -> Outcome:
        """Pay an order not yet shipped with another of the customer's payment methods.
        ok data: order_id, payment_method_id, change (OrderChange kind "payment").
        refusals: not_found, payment_method_not_found, already_*, no_change, conflict,
                  unavailable, refused."""
        ...

    async def change_default_address(self, customer: Customer, address: str, *, now: datetime) -> Outcome:
        """Set the customer's default address (future orders; existing orders keep theirs).
        ok data: customer_id. refusals: address_required, unavailable, refused."""
        ...

    # ------------------------------------------------------------------ after delivery
    async def create_return(self, customer: Customer, order_id: str, items: Sequence[ItemQty] | None,
                            reason: str | None, refund_to: str | None = None, *, now: datetime) -> Outcome:
        """Ask to return `items` ((sku, qty) pairs; None: every returnable line in full) of a
        delivered order inside the return window. Non-returnable categories are refused when
        named and left out (data["excluded"]) of a whole-order return. qty may not exceed what
        was ordered minus what open returns already cover. The refund (status "pending") is the
        unit price times qty of each line, to `refund_to` (one of the customer's payment method
        ids; default the order's own).
        ok data: order_id, return (ReturnRecord), refund (RefundRecord), excluded (list of skus).
        refusals: not_found, payment_method_not_found, not_delivered, already_cancelled,
                  already_returned, return_window_expired, item_not_found, invalid_quantity,
                  non_returnable_category, return_exists, unavailable, refused."""
        ...

    async def create_exchange(self, customer: Customer, order_id: str, items: Sequence[ItemSwap],
                              wanted: str, reason: str | None, *, now: datetime) -> Outcome:
        """Ask to exchange `items` (ItemSwap(sku, qty, new_sku)) of a delivered order inside the
        exchange window for other variants of the same products — chosen by any option (size,
        colour, capacity, connectivity, …). new_sku must be in stock for qty. `wanted` is the
        customer's words. A swap with new_sku None leaves the variant to a person reading
        `wanted` (no stock reserved, price_difference None). An empty `items` means the only line
        of a one-line order (item_required otherwise), with new_sku None.
        ok data: order_id, exchange (ExchangeRecord), price_difference (Decimal, signed,
                 new minus old, settled through the order's payment method; None when a
                 variant is not chosen yet), currency.
        refusals: not_found, not_delivered, already_*, exchange_window_expired, item_required,
                  item_not_found, invalid_quantity, non_returnable_category, exchange_exists,
                  return_exists, variant_not_found, different_product, out_of_stock,
                  unavailable, refused."""
        ...

    async def cancel_return(self, customer: Customer, return_id: str, *, now: datetime) -> Outcome:
        """Withdraw one of the customer's own return requests the customer changed their mind
        about (`policy.can_withdraw`: only while nothing was received back or refunded). The
        record's status becomes "cancelled" and its pending refund is cancelled with it.
        Someone else's return reads exactly like a missing one: not_found {"return_id": <as asked>}.
        ok data: return_id, order_id, previous_status, return (ReturnRecord, status "cancelled"),
                 refund (the RefundRecord withdrawn with it, status "cancelled"; None when none).
        refusals: not_found, already_withdrawn, already_received, already_refunded,
                  request_closed, unavailable, refused."""
        ...

    async def cancel_exchange(self, customer: Customer, exchange_id: str, *, now: datetime) -> Outcome:
        """Withdraw one of the customer's own exchange requests while its item has not come back
        and its replacement has not been sent; stock reserved for the replacement is released.
        ok data: exchange_id, order_id, previous_status, exchange (ExchangeRecord, "cancelled").
        refusals: not_found ({"exchange_id": <as asked>}), already_withdrawn, already_received,
                  already_shipped, request_closed, unavailable, refused."""
        ...

    # ------------------------------------------------------------------ paperwork and people
    async def request_invoice(self, customer: Customer, order_id: str, title: str | None = None, *,
                              now: datetime) -> Outcome:
        """Ask for an invoice of a paid order (optionally with a company title / tax id).
        ok codes: ok (new request), title_added, already_requested, already_issued.
        ok data: order_id, invoice (Invoice), total, currency.
        refusals: not_found, already_cancelled, not_paid, unavailable, refused."""
        ...

    async def create_ticket(self, customer: Customer | None, identity: str | None, conversation: str | None,
                            reason: str | None, transcript: Sequence[str], *, now: datetime,
                            order_id: str | None = None) -> Outcome:
        """Hand the conversation to a person; works for strangers too (customer None). The
        transcript is already redacted; it is stored sealed and never logged. `order_id`: the
        order the case is about, kept on the ticket (`Ticket.order_id`) for `tickets_of`.
        ok data: ticket (Ticket). refusals: unavailable, refused."""
        ...

    async def add_to_ticket(self, customer: Customer, ticket_id: str, lines: Sequence[str], *,
                            now: datetime) -> Outcome:
        """Add redacted lines (a new detail, a new title) to one of the customer's own tickets.
        ok data: ticket (Ticket). refusals: not_found (no such ticket, or someone else's), unavailable."""
        ...

    async def tickets_of(self, customer: Customer) -> Sequence[Ticket]:
        """The customer's tickets (open and closed), newest first, each with its reason, status
        and the order it is about when one was given; () for a customer without any. Lets the
        dialogue refer to an open case instead of opening a duplicate."""
        ...
