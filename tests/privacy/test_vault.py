"""The PII vault: values sealed under the customer's key, gone after erasure."""
from __future__ import annotations

import pytest

from bot.db import connect
from privacy.keys import KeyRing
from privacy.vault import Vault

pytestmark = pytest.mark.asyncio(loop_scope="session")

WA_CONV = "whatsapp:8613812345678"          # a WhatsApp conversation key embeds the phone number
MAPPING = {"<PHONE_NUMBER_1>": "13812345678", "<PERSON_1>": "张伟", "<EMAIL_ADDRESS_1>": "zw@example.com"}


@pytest.fixture
async def setup(tmp_path):
    path = tmp_path / "v.db"
    conn = await connect(path)
    ring = await KeyRing.open(conn, {"m1": bytes(32)}, "m1")
    yield path, conn, ring, await Vault.open(conn, ring)
    await conn.close()


async def test_round_trip_and_update(setup):
    _, _, ring, vault = setup
    assert await vault.load(WA_CONV, "c1") == {}
    await vault.save(WA_CONV, "c1", MAPPING)
    assert await vault.load(WA_CONV, "c1") == MAPPING
    await vault.save(WA_CONV, "c1", {**MAPPING, "<PHONE_NUMBER_2>": "13900000000"})
    assert (await vault.load(WA_CONV, "c1"))["<PHONE_NUMBER_2>"] == "13900000000"
    # Another ring instance with the same master key reads it (nothing only in memory).
    vault2 = Vault(setup[1], await KeyRing.open(setup[1], {"m1": bytes(32)}, "m1"))
    assert await vault2.load(WA_CONV, "c1") == {**MAPPING, "<PHONE_NUMBER_2>": "13900000000"}


async def test_no_value_or_conversation_key_in_clear(setup):
    path, conn, _, vault = setup
    await vault.save(WA_CONV, "c1", MAPPING)
    await conn.commit()
    raw = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))
    for canary in ("13812345678", "8613812345678", "张伟", "zw@example.com"):
        assert canary.encode() not in raw, canary


async def test_erasing_the_customer_empties_only_their_vault(setup):
    _, _, ring, vault = setup
    await vault.save(WA_CONV, "c1", MAPPING)
    await vault.save("telegram:42", "c2", {"<PERSON_1>": "Bob"})
    await ring.erase("c1")
    assert await vault.load(WA_CONV, "c1") == {}
    assert await vault.load("telegram:42", "c2") == {"<PERSON_1>": "Bob"}
    assert await vault.delete_scope("c1") == 1


async def test_group_members_have_their_own_mappings(setup):
    """Per speaker: erasing one group member leaves nothing of theirs under another's key."""
    _, _, ring, vault = setup
    group = "telegram:group-9"
    await vault.save(group, "c1", {"<PHONE_NUMBER_1>": "13812345678"})
    await vault.save(group, "c2", {"<PHONE_NUMBER_1>": "13900001111"})   # c2 speaks last
    assert await vault.load(group, "c1") == {"<PHONE_NUMBER_1>": "13812345678"}
    await ring.erase("c1")
    assert await vault.load(group, "c1") == {}
    assert await vault.load(group, "c2") == {"<PHONE_NUMBER_1>": "13900001111"}
    assert "13812345678" not in (await vault.load_conversation(group)).values()
    assert await vault.delete_scope("c1") == 1
