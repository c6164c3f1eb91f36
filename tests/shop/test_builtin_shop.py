"""The built-in store passes the Shop contract, on SQLite and on PostgreSQL."""
import inspect

from bot.shop import ItemSwap, Shop
from bot.shop.store.builtin import BuiltinShop
from tests.shop.contract import ContractEnv, ShopContract


class TestBuiltinShop(ShopContract):
    async def test_exchange_reserves_the_replacements_stock(self, env: ContractEnv) -> None:
        alice = await self.alice(env)
        before = (await env.shop.variant("SP-GH")).stock
        out = await env.shop.create_exchange(alice, "#C1004", [ItemSwap("SP-GH", 1, "SP-GH")], "a working one",
                                             "defective", now=env.now)
        assert out.ok and (await env.shop.variant("SP-GH")).stock == before - 1
        none_left = await env.shop.create_exchange(alice, "#C2002", [ItemSwap("SH-M-WH", 1, "SH-M-NV")], "navy",
                                                   None, now=env.now)
        assert none_left.code == "not_found"      # Bob's order, and Alice asked


def _methods(cls: type) -> dict[str, inspect.Signature]:
    return {n: inspect.signature(f) for n, f in vars(cls).items() if inspect.iscoroutinefunction(f)
            and not n.startswith("_")}


async def test_builtin_shop_is_a_shop_with_the_protocols_signatures(env: ContractEnv) -> None:
    assert isinstance(env.shop, Shop) and env.shop.backend == "builtin"
    ours = _methods(BuiltinShop)
    for name, sig in _methods(Shop).items():
        assert name in ours, name
        assert list(ours[name].parameters) == list(sig.parameters), name


async def _with_records(store, **records) -> BuiltinShop:
    from tests.shop.conftest import NOW
    from tests.shop.contract import contract_fixture
    fixture = contract_fixture(NOW)
    fixture.update(records)
    await store.import_fixture(fixture)
    return BuiltinShop(store)


def _ret(rid: str, status: str) -> dict:
    return {"id": rid, "order_id": "#C1004", "status": status, "reason": "x", "created_at": "2026-11-27T10:00:00+00:00",
            "items": [{"sku": "SH-M-WH", "qty": 1}], "refund_amount": "20.00", "refund_to": "pm_a_card"}


async def test_a_return_received_refunded_or_rejected_is_not_withdrawn(builtin_store) -> None:
    from tests.shop.conftest import NOW
    from tests.shop.contract import ALICE
    shop = await _with_records(builtin_store, returns=[_ret("RT-R1", "received"), _ret("RT-R2", "requested"),
                                                       _ret("RT-R3", "rejected"), _ret("RT-R4", "refunded")],
                               refunds=[{"id": "RF-2", "order_id": "#C1004", "amount": "20.00", "status": "refunded",
                                         "created_at": "2026-11-27T11:00:00+00:00", "return_id": "RT-R2"}])
    alice = await shop.customer_for_identity(ALICE)
    got = {rid: await shop.cancel_return(alice, rid, now=NOW) for rid in ("RT-R1", "RT-R2", "RT-R3", "RT-R4")}
    assert {k: (v.ok, v.code) for k, v in got.items()} == {
        "RT-R1": (False, "already_received"), "RT-R2": (False, "already_refunded"),
        "RT-R3": (False, "request_closed"), "RT-R4": (False, "already_refunded")}
    assert got["RT-R1"].data == {"return_id": "RT-R1", "order_id": "#C1004", "status": "received"}
    # A refused withdrawal changes nothing.
    assert [r.status for r in await shop.returns_of(alice, "#C1004")] == ["received", "requested", "rejected",
                                                                         "refunded"]


async def test_withdrawn_return_and_exchange_export_as_cancelled(env: ContractEnv) -> None:
    from tests.shop.contract import ALICE
    alice = await env.shop.customer_for_identity(ALICE)
    ret = (await env.shop.create_return(alice, "#C1004", [("SH-M-WH", 1)], "x", now=env.now)).data["return"]
    before = (await env.shop.variant("SP-AX")).stock
    ex = (await env.shop.create_exchange(alice, "#C1004", [ItemSwap("SP-GH", 1, "SP-AX")], "Alexa", None,
                                         now=env.now)).data["exchange"]
    assert (await env.shop.variant("SP-AX")).stock == before - 1
    assert (await env.shop.cancel_return(alice, ret.id.lower(), now=env.now)).ok      # the id as typed
    assert (await env.shop.cancel_exchange(alice, ex.id, now=env.now)).ok
    assert (await env.shop.variant("SP-AX")).stock == before
    dump = await env.shop.store.export_fixture()
    assert [(r["id"], r["status"]) for r in dump["returns"]] == [(ret.id, "cancelled")]
    assert [(x["id"], x["status"]) for x in dump["exchanges"]] == [(ex.id, "cancelled")]
    assert [r["status"] for r in dump["refunds"] if r.get("return_id") == ret.id] == ["cancelled"]
