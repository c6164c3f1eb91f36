"""The built-in store passes the Shop contract, on SQLite and on PostgreSQL."""
import inspect

from bot.shop import Shop
from bot.store.builtin import BuiltinShop
from tests.shop.contract import ContractEnv, ShopContract


class TestBuiltinShop(ShopContract):
    pass


def _methods(cls: type) -> dict[str, inspect.Signature]:
    return {n: inspect.signature(f) for n, f in vars(cls).items() if inspect.iscoroutinefunction(f)
            and not n.startswith("_")}


async def test_builtin_shop_is_a_shop_with_the_protocols_signatures(env: ContractEnv) -> None:
    assert isinstance(env.shop, Shop) and env.shop.backend == "builtin"
    ours = _methods(BuiltinShop)
    for name, sig in _methods(Shop).items():
        assert name in ours, name
        assert list(ours[name].parameters) == list(sig.parameters), name
