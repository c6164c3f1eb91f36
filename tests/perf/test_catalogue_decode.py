"""The catalogue decoded once per distinct row (bot/shop/store/store.py `_decoded`, #17): the
models are exactly what decoding the row gives, and a changed row (stock) is decoded afresh.
On two shops: the demo and one of our own test shops."""
import json
from pathlib import Path

import pytest

from bot.shop.store import Store
from bot.shop.store import store as store_mod

ROOT = Path(__file__).resolve().parents[2]
SHOPS = [ROOT / "config" / "demo_shop.json", ROOT / "tests" / "dialogue" / "data" / "beauty_shop_eur.json"]


@pytest.fixture(params=SHOPS, ids=lambda p: p.stem)
async def store(request, tmp_path):
    s = await Store.open(tmp_path / "shop.db")
    await s.import_fixture(json.loads(request.param.read_text(encoding="utf-8")))
    yield s
    await s.close()


async def test_memo_gives_what_decoding_gives(store):
    store_mod._DECODED.clear()
    first = await store.products()
    rows = await store._rows(store_mod._VARIANTS_IN_ORDER)
    fresh = {r["sku"]: Store._decode_variant(r) for r in rows}
    assert {v.sku: v for p in first for v in p.variants} == fresh
    second = await store.products()
    assert second == first
    assert all(a is b for p1, p2 in zip(first, second) for a, b in zip(p1.variants, p2.variants))
    for p in first:
        assert await store.product(p.id) == p
        for v in p.variants:
            assert await store.variant(v.sku) == v


async def test_a_changed_row_is_decoded_afresh(store):
    before = {v.sku: v for p in await store.products() for v in p.variants}
    sku = next(iter(before))
    await store._adjust_stock({sku: -1})
    after = {v.sku: v for p in await store.products() for v in p.variants}
    assert after[sku].stock == before[sku].stock - 1 and after[sku] is not before[sku]
    assert {k: v for k, v in after.items() if k != sku} == {k: v for k, v in before.items() if k != sku}


def test_bounded():
    store_mod._DECODED.clear()
    for i in range(store_mod._DECODED_MAX + 5):
        store_mod._decoded(("k", i), lambda i=i: i)
    assert len(store_mod._DECODED) <= store_mod._DECODED_MAX
    assert store_mod._decoded(("k", 3), lambda: "rebuilt") == "rebuilt"   # dropped keys are rebuilt, not stale
