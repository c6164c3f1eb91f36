"""The harness itself: Medusa is up, seeded as the tests expect, and reachable with the API key."""
from __future__ import annotations

import aiohttp

from tests.shop.medusa_harness import CATALOGUE, ORDERS, MedusaInstance, basic_auth


async def test_seeded_orders_have_the_stages_asked_for(medusa: MedusaInstance) -> None:
    want = {"paid": ("captured", "not_fulfilled"), "shipped": ("captured", "shipped"),
            "delivered": ("captured", "delivered")}
    for key, (_, lines, stage) in ORDERS.items():
        order = (await medusa.admin.get(f"/admin/orders/{medusa.seeded.orders[key]}",
                                        fields="payment_status,fulfillment_status,*items"))["order"]
        assert (order["payment_status"], order["fulfillment_status"]) == want[stage], key
        assert sorted((i["variant_sku"], i["quantity"]) for i in order["items"]) == sorted(lines)


async def test_catalogue_and_stock(medusa: MedusaInstance) -> None:
    products = (await medusa.admin.get("/admin/products", fields="handle,*variants,*options"))["products"]
    assert {p["handle"] for p in products} == {c["handle"] for c in CATALOGUE}
    assert sum(len(p["variants"]) for p in products) == sum(len(c["variants"]) for c in CATALOGUE)


async def test_secret_api_key_authenticates(medusa: MedusaInstance) -> None:
    async with aiohttp.ClientSession() as http:
        async with http.get(medusa.base_url + "/admin/customers",
                            headers={"Authorization": basic_auth(medusa.seeded.api_key)}) as resp:
            assert resp.status == 200
            assert {c["email"] for c in (await resp.json())["customers"]} >= {"anna.berg@example.com"}
        async with http.get(medusa.base_url + "/admin/customers",
                            headers={"Authorization": basic_auth("sk_wrong")}) as resp:
            assert resp.status == 401
