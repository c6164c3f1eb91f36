"""The Shop contract (tests/shop/contract.py) against a real Medusa.

Every test gets the contract shop afresh in the session's Medusa: new products (SKUs and handles
suffixed, as Medusa keeps them unique), customers holding the contract's identities, and orders at
every stage; the previous test's products go back to draft and its customers lose their
identities. The session's own catalogue is drafted while the contract runs (its "Google Home"
thermostat would otherwise compete with the contract's speaker) and published again after.
Tickets go to a built-in store, as in the running bot (Medusa has no helpdesk).
"""
from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.shop.medusa import MedusaShop
from bot.shop.medusa_http import MedusaClient
from bot.shop.models import Policies
from bot.shop.store import Store
from tests.shop.conftest import Cipher
from tests.shop.contract import ContractEnv, ShopContract, contract_fixture
from tests.shop.medusa_harness import IDENTITY_KEY, ContractSeed, MedusaInstance, retire, seed_contract

_tags = itertools.count(1)
_ROLES = {"A_PAID": "#C1001", "A_PENDING": "#C1002", "A_SHIPPED": "#C1003", "A_DELIVERED": "#C1004",
          "A_OLD": "#C1005", "B_PAID": "#C2001", "B_DELIVERED": "#C2002"}


class TestMedusaShop(ShopContract):
    @pytest.fixture(scope="class")
    async def contract_space(self, medusa: MedusaInstance) -> AsyncIterator[list[ContractSeed]]:
        session_products = list(medusa.seeded.products.values())
        await asyncio.gather(*(medusa.admin.post(f"/admin/products/{p}", {"status": "draft"})
                               for p in session_products))
        previous: list[ContractSeed] = []
        yield previous
        while previous:
            await retire(medusa.admin, previous.pop(), IDENTITY_KEY)
        await asyncio.gather(*(medusa.admin.post(f"/admin/products/{p}", {"status": "published"})
                               for p in session_products))

    @pytest.fixture
    async def env(self, medusa: MedusaInstance, contract_space: list[ContractSeed],
                  tmp_path: Path) -> AsyncIterator[ContractEnv]:
        while contract_space:
            await retire(medusa.admin, contract_space.pop(), IDENTITY_KEY)
        now = datetime.now(UTC)
        seed = ContractSeed()
        contract_space.append(seed)
        fixture = contract_fixture(now)
        await seed_contract(medusa.admin, medusa.seeded, medusa.server.db_url, fixture, f"c{next(_tags)}", seed)
        store = await Store.open(tmp_path / "tickets.db", cipher=Cipher())
        shop = MedusaShop(MedusaClient(medusa.base_url, api_key=medusa.seeded.api_key),
                          policies=Policies.from_dict(fixture["policies"]), identity="metadata",
                          identity_key=IDENTITY_KEY, store=store)
        try:
            # The fixture's payment method ids are kept as they are (customer metadata lists them).
            yield ContractEnv(shop, now, ids={role: seed.ids[fid] for role, fid in _ROLES.items()},
                              skus=seed.skus, missing_order_id="W0000000")
        finally:
            await shop.close()
            await store.close()

    async def test_change_items_swaps_a_variant_and_settles_the_difference(self, env: ContractEnv,
                                                                           medusa: MedusaInstance) -> None:
        """The contract's test, with Medusa's money semantics (docs/medusa.md): a price increase is
        an unpaid payment collection Medusa opens for the difference, not an instant charge, so
        a later decrease settles against it and refunds nothing the customer never paid."""
        from decimal import Decimal

        from bot.shop.models import ItemQty, ItemSwap
        alice = await self.alice(env)
        oid = env.ids["A_PAID"]
        out = await env.shop.change_items(alice, oid, [ItemSwap(env.sku("KET-15-ST"), 1, env.sku("KET-17-ST"))],
                                          now=env.now)
        assert out.ok, out
        assert out.data["price_difference"] == Decimal("20.00") and out.data["payment_method_id"] == env.pm("pm_a_card")
        assert set(out.data["change"].after) == {ItemQty(env.sku("KET-17-ST"), 1), ItemQty(env.sku("SH-M-WH"), 2)}
        order = await env.shop.order(alice, oid)
        assert order.total == Decimal("159.00")
        assert (await env.shop.variant(env.sku("KET-17-ST"))).stock == 2
        orders = (await medusa.admin.get("/admin/orders", q=oid, fields="id,custom_display_id,summary,"
                                         "*payment_collections"))["orders"]
        rec = next(o for o in orders if o["custom_display_id"] == oid)
        assert Decimal(str(rec["summary"]["pending_difference"])) == Decimal("20")
        assert sorted(p["status"] for p in rec["payment_collections"]) == ["completed", "not_paid"]
        fewer = await env.shop.change_items(alice, oid, [ItemSwap(env.sku("SH-M-WH"), 1, env.sku("SH-M-WH"))],
                                            payment_method_id=env.pm("pm_a_paypal"), now=env.now)
        assert fewer.ok and fewer.data["price_difference"] == Decimal("-20.00")
        assert fewer.data["refund"] is None           # the +20 was never paid: nothing to give back
        assert (await env.shop.order(alice, oid)).total == Decimal("139.00")
        assert [c.kind for c in await env.shop.changes_of(alice, oid)] == ["items", "items"]
