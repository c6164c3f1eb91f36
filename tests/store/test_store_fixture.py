import copy
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from bot.shop.policy import Policies
from bot.shop.store import FixtureError, rebase_fixture_dates

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone(timedelta(hours=8)))


async def test_import_export_round_trip(store, shop):
    await store.import_fixture(shop)
    exported = await store.export_fixture()
    # An old-format fixture (no catalogue, no order changes) comes back with those lists empty.
    assert (exported.pop("invoices"), exported.pop("products"), exported.pop("order_changes")) == ([], [], [])
    assert exported == shop


async def test_round_trip_keeps_unknown_fields(store, shop):
    shop["customers"][0]["vip_level"] = 3
    shop["orders"][0]["channel"] = "tmall"
    shop["refunds"][0]["note"] = "goodwill"
    await store.import_fixture(shop)
    out = await store.export_fixture()
    assert out["customers"][0]["vip_level"] == 3
    assert out["orders"][0]["channel"] == "tmall"
    assert out["refunds"][0]["note"] == "goodwill"


async def test_replace_wipes_and_merge_upserts(store, shop):
    await store.import_fixture(shop)
    other = {"customers": [{"id": "c9", "name": "New", "identities": ["web:new"]}], "orders": []}
    await store.import_fixture(other, replace=False)
    assert await store.get_customer("c1") is not None
    assert (await store.customer_for_identity("web:new")).id == "c9"
    await store.import_fixture(other)  # replace
    assert await store.get_customer("c1") is None
    assert await store.get_order("SO202611200931") is None
    assert (await store.export_fixture())["customers"][0]["id"] == "c9"


async def test_reads(store, shop):
    assert await store.is_empty()
    await store.import_fixture(shop)
    assert not await store.is_empty()
    c = await store.customer_for_identity("slack:U01ABC")
    assert (c.id, c.name, c.phone, c.identities) == ("c1", "张伟", "13812345678", ("telegram:1001", "slack:U01ABC"))
    assert await store.customer_for_identity("telegram:9999") is None
    orders = await store.list_orders("c1")
    assert [o.id for o in orders] == ["SO202611250800", "SO202611230700", "SO202611200931"]  # newest placed first
    o = await store.get_order("SO202611200931")
    assert o.customer_id == "c1" and o.total == Decimal("467.00") and o.carrier == "SF"
    assert [(i.sku, i.qty, i.price, i.category) for i in o.items] == [
        ("SHOE-RUN-42", 1, Decimal("299.00"), "shoes"), ("SNACK-NUT", 1, Decimal("168.00"), "food")]
    assert await store.get_order("SO000000000000") is None


async def test_policies_fixture_over_defaults(open_store, tmp_path, shop):
    s = await open_store(tmp_path / "p.db", default_policies=Policies(return_window_days=30))
    try:
        assert (await s.policies()).return_window_days == 30
        shop["policies"] = {"return_window_days": 10}
        await s.import_fixture(shop)
        p = await s.policies()
        assert (p.return_window_days, p.exchange_window_days) == (10, 15)
        assert (await s.export_fixture())["policies"]["return_window_days"] == 10
    finally:
        await s.close()


async def test_conversation_state_survives_reopen(open_store, tmp_path):
    s = await open_store(tmp_path / "s.db")
    assert await s.load_state("telegram:1001") is None
    await s.save_state("telegram:1001", {"step": "confirm_cancel", "order_id": "SO202611250800"})
    await s.save_state("telegram:1001", {"step": "idle", "lang": "zh"})
    await s.close()
    s = await open_store(tmp_path / "s.db")
    assert await s.load_state("telegram:1001") == {"step": "idle", "lang": "zh"}
    await s.close()


async def test_created_ids_are_readable_and_skip_imported_ones(store, shop):
    await store.import_fixture(shop)
    now = datetime(2026, 11, 22, 15, 0, tzinfo=timezone(timedelta(hours=8)))
    t1 = await store.create_ticket("c1", "telegram:1001", "conv", "human_agent", ["a"], now)
    t2 = await store.create_ticket(None, "web:x", "conv2", "human_agent", [], now)
    # TK20261122-0001 came with the fixture.
    assert (t1.id, t2.id) == ("TK20261122-0002", "TK20261122-0003")
    assert t1.created_at == "2026-11-22T15:00:00+08:00"


@pytest.mark.parametrize("mutate, path", [
    (lambda f: f["orders"][0].update(status="lost"), "orders[0].status"),
    (lambda f: f["orders"][0].update(customer_id="nobody"), "orders[0].customer_id"),
    (lambda f: f["orders"][0].update(placed_at="yesterday"), "orders[0].placed_at"),
    (lambda f: f["customers"][1]["identities"].append("telegram:1001"), "customers[1].identities"),
    (lambda f: f["refunds"][0].update(order_id="SO1"), "refunds[0].order_id"),
    (lambda f: f.update(policies={"return_window_days": -1}), "policies.return_window_days"),
    (lambda f: f.update(shops=[]), "shops"),
])
async def test_bad_fixture_is_rejected_naming_the_field(store, shop, mutate, path):
    await store.import_fixture(shop)
    bad = copy.deepcopy(shop)
    mutate(bad)
    with pytest.raises(FixtureError, match=path.replace("[", r"\[").replace("]", r"\]")):
        await store.import_fixture(bad)
    assert (await store.export_fixture())["orders"] == shop["orders"]  # nothing half-imported


def test_rebase_shifts_everything_so_latest_is_a_day_ago(shop):
    now = datetime(2027, 3, 10, 9, 30, 15, 123456, tzinfo=UTC)
    out = rebase_fixture_dates(shop, now)
    assert shop["orders"][0]["placed_at"] == "2026-11-18T10:00:00+08:00"  # input untouched
    stamps = [(k, i, f, v) for k in ("orders", "returns", "refunds", "tickets") for i, r in enumerate(out[k])
              for f, v in r.items() if f.endswith("_at") and v]
    latest = max(datetime.fromisoformat(v) for *_, v in stamps)
    assert latest == datetime(2027, 3, 9, 9, 30, 15, tzinfo=UTC)
    # Spacing preserved, offsets preserved, ids untouched.
    orig = datetime.fromisoformat(shop["orders"][0]["delivered_at"]) - datetime.fromisoformat(shop["orders"][0]["placed_at"])
    new = datetime.fromisoformat(out["orders"][0]["delivered_at"]) - datetime.fromisoformat(out["orders"][0]["placed_at"])
    assert orig == new
    assert out["orders"][0]["placed_at"].endswith("+08:00") and out["orders"][3]["placed_at"].endswith("-05:00")
    assert out["orders"][1]["shipped_at"] is None
    assert [o["id"] for o in out["orders"]] == [o["id"] for o in shop["orders"]]
