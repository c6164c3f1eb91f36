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
