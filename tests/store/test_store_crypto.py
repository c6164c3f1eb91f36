"""Personal data never reaches the database files in clear when a cipher is given."""
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bot.shop.store import ERASED, Store

NOW = datetime(2026, 11, 26, 9, 0, tzinfo=timezone(timedelta(hours=8)))
CANARIES = {
    "phone": "13900001234",
    "address": "金丝雀路77号CANARY",
    "email": "canary.person@example.org",
    "name": "Canary Quillfeather",
    "new_address": "99 Canary Wharf Lane",
    "transcript": "my card is 6222020200112233445",
    "title": "Canary Trading Ltd",
    "state": "canary-state-secret",
}


def raw_bytes(db: Path) -> bytes:
    return b"".join(p.read_bytes() for p in (db, Path(f"{db}-wal"), Path(f"{db}-shm")) if p.exists())


async def fill(store: Store, shop: dict) -> None:
    c = shop["customers"][0]
    c.update(name=CANARIES["name"], phone=CANARIES["phone"], email=CANARIES["email"])
    for o in shop["orders"]:
        o["shipping_address"] = CANARIES["address"]
    await store.import_fixture(shop)
    await store.set_shipping_address("SO202611250800", CANARIES["new_address"])
    await store.create_ticket("c1", "telegram:1001", "conv", "human_agent", [CANARIES["transcript"]], NOW)
    await store.create_ticket(None, "web:stranger", "conv", "human_agent", [CANARIES["transcript"]], NOW)
    await store.create_invoice("SO202611200931", CANARIES["title"], NOW)
    await store.save_state("telegram:1001", {"note": CANARIES["state"]})


def leaks(data: bytes) -> list[str]:
    return [k for k, v in CANARIES.items() if v.encode() in data]


async def test_no_personal_data_in_db_files_with_cipher(open_store, tmp_path, shop, cipher):
    db = tmp_path / "sealed.db"
    store = await open_store(db, cipher=cipher)
    await fill(store, shop)
    assert Path(f"{db}-wal").exists()
    assert leaks(raw_bytes(db)) == []          # while open: pages still in the WAL
    exported = await store.export_fixture()
    await store.close()
    assert leaks(raw_bytes(db)) == []          # after the checkpoint on close
    # ...and the data is all there when read through the cipher.
    assert exported["customers"][0]["phone"] == CANARIES["phone"]
    assert exported["orders"][1]["shipping_address"] == CANARIES["new_address"]
    assert exported["tickets"][-1]["transcript"] == [CANARIES["transcript"]]
    assert exported["invoices"][0]["title"] == CANARIES["title"]


async def test_the_canary_check_can_see_plaintext(open_store, tmp_path, shop):
    # Without a cipher the same data is on disk in clear: the check above is not vacuous.
    db = tmp_path / "plain.db"
    store = await open_store(db)
    await fill(store, shop)
    await store.close()
    assert set(leaks(raw_bytes(db))) == set(CANARIES)


async def test_destroyed_key_exports_erased(open_store, tmp_path, shop, cipher):
    store = await open_store(tmp_path / "e.db", cipher=cipher)
    await store.import_fixture(shop)
    await store.create_ticket("c1", "telegram:1001", "conv", "human_agent", ["line"], NOW)
    cipher.destroy("c1")
    out = await store.export_fixture()
    c1, c2 = out["customers"]
    assert (c1["name"], c1["phone"], c1["email"]) == (ERASED, ERASED, ERASED)
    assert c2["name"] == "Emily Carter"
    assert {o["shipping_address"] for o in out["orders"] if o["customer_id"] == "c1"} == {ERASED}
    assert out["tickets"][-1]["transcript"] == [ERASED]
    assert (await store.get_customer("c1")).name == ERASED
    # Non-personal facts survive erasure.
    assert (await store.get_order("SO202611200931")).tracking_no == "SF1234567890"
    await store.close()


async def test_reopen_with_same_cipher_reads_back(open_store, tmp_path, shop, cipher):
    store = await open_store(tmp_path / "r.db", cipher=cipher)
    await store.import_fixture(shop)
    await store.save_state("k", {"a": "b"})
    await store.close()
    store = await open_store(tmp_path / "r.db", cipher=cipher)
    assert (await store.export_fixture())["customers"] == shop["customers"]
    assert await store.load_state("k") == {"a": "b"}
    await store.close()
