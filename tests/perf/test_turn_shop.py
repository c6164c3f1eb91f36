"""The turn's view of the shop (bot/pipeline/turn_shop.py, #17): every read answers exactly what
the shop itself answers, a repeated read is not asked again, and a write makes the next read ask
the shop (so it sees the write). On two shops: the demo and one of our own test shops."""
import json
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.core.trace import Trace
from bot.pipeline.turn_shop import TurnShop
from bot.shop.store import Store
from bot.shop.store.builtin import BuiltinShop
from bot.shop.tools import ShopTools

ROOT = Path(__file__).resolve().parents[2]
SHOPS = [ROOT / "config" / "demo_shop.json", ROOT / "tests" / "dialogue" / "data" / "outdoor_shop_gbp.json"]


def _now(fixture: dict) -> datetime:
    stamps = [datetime.fromisoformat(v) for k in ("orders", "returns", "exchanges", "refunds", "tickets", "invoices")
              for r in fixture.get(k, []) for f, v in r.items() if f.endswith("_at") and v]
    return max(stamps) + timedelta(days=1)


@pytest.fixture(params=SHOPS, ids=lambda p: p.stem)
async def shop(request, tmp_path):
    fixture = json.loads(request.param.read_text(encoding="utf-8"))
    store = await Store.open(tmp_path / "shop.db")
    await store.import_fixture(fixture)
    yield BuiltinShop(store), fixture
    await store.close()


async def _reads(shop, fixture) -> list:
    """Every read the Shop protocol has, over every customer and order of the fixture."""
    out = [await shop.policies(), await shop.products(), list(await shop.customers())]
    for c in fixture["customers"]:
        for ident in c.get("identities", []):
            out.append(await shop.customer_for_identity(ident))
        customer = await shop.customer_for_identity(c["identities"][0])
        orders = await shop.orders_of(customer)
        out += [orders, await shop.tickets_of(customer), await shop.refund_status(customer)]
        for o in orders:
            out += [await shop.order(customer, o.id), await shop.returns_of(customer, o.id),
                    await shop.exchanges_of(customer, o.id), await shop.changes_of(customer, o.id),
                    await shop.refund_status(customer, o.id)]
    for p in await shop.products():
        out.append(await shop.product(p.id))
        for v in p.variants:
            out.append(await shop.variant(v.sku))
        out.append(await shop.search_products(p.name))
    out.append(await shop.customer_for_identity("telegram:nobody-at-all"))
    return out


class Counting:
    """The shop, counting the calls that reach it."""

    def __init__(self, shop) -> None:
        self.shop, self.calls = shop, 0

    def __getattr__(self, name):
        fn = getattr(self.shop, name)

        async def call(*args, **kwargs):
            self.calls += 1
            return await fn(*args, **kwargs)
        return call


async def test_reads_are_the_shops_own_and_asked_once(shop):
    inner, fixture = shop
    direct = Counting(inner)
    plain = await _reads(direct, fixture)
    counted = Counting(inner)
    turn = TurnShop(counted)
    first = await _reads(turn, fixture)
    assert first == plain
    asked = counted.calls
    assert 0 < asked < direct.calls           # repeated questions within the pass were not asked again
    again = await _reads(turn, fixture)
    assert again == plain
    assert counted.calls == asked             # the second pass asked the shop nothing


async def test_a_cached_list_is_the_callers_own(shop):
    inner, _ = shop
    turn = TurnShop(inner)
    products = await turn.products()
    products.clear()
    assert await turn.products() == await inner.products() != []


async def test_a_write_is_seen_by_the_next_read(shop):
    inner, fixture = shop
    now = _now(fixture)
    turn = TurnShop(inner)
    tools = ShopTools(turn, await turn.policies(), now, Trace())
    c = fixture["customers"][0]
    customer = await turn.customer_for_identity(c["identities"][0])
    before = await turn.tickets_of(customer)
    assert before == await inner.tickets_of(customer)
    outcome = await turn.create_ticket(customer, c["identities"][0], "conv-1", "test", ["user: hello"], now=now)
    assert outcome.ok
    after = await turn.tickets_of(customer)
    assert len(after) == len(before) + 1 and after == await inner.tickets_of(customer)
    # the same through the tools a dialogue uses: a cancel of an unshipped order shows at once
    paid = [o for o in await turn.orders_of(customer) if o.status in ("paid", "pending")]
    for c2 in fixture["customers"]:
        if paid:
            break
        customer = await turn.customer_for_identity(c2["identities"][0])
        paid = [o for o in await turn.orders_of(customer) if o.status in ("paid", "pending")]
    assert paid, "each test shop has an order not yet shipped"
    r = await tools.cancel_order(customer, paid[0].id)
    assert r.ok, r.code
    status = {o.id: o.status for o in await turn.orders_of(customer)}
    assert status[paid[0].id] == "cancelled" == {o.id: o.status for o in await inner.orders_of(customer)}[paid[0].id]


async def test_unhashable_arguments_pass_through(shop):
    inner, _ = shop
    turn = TurnShop(inner)
    calls = []

    class Probe:
        async def search_products(self, text, lang=None):
            calls.append(text)
            return [text]

    probe = TurnShop(Probe())
    assert await probe.search_products(["not", "hashable"]) == [["not", "hashable"]]
    assert await probe.search_products(["not", "hashable"]) == [["not", "hashable"]]
    assert len(calls) == 2 and probe.hits == 0
    assert turn.inner is inner
