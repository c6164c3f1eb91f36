"""Erasure audit (#14, privacy14): what the erasure test checks only AFTER `audit erase` must hold
while the customer is still live too.

- Conversation keys are pseudonymous: the platform ids (a WhatsApp wa_id IS the phone number, a
  Telegram user id) and the values customers typed never reach a database file in clear while
  their conversations are open — not only after erasure.
- Sealing is per speaker in a group: each member's mapping opens with their own key and holds
  only their values, before anyone is erased.
- Every file the runtime creates (database, -wal, -shm, key file) is owner-only from the start.
"""
from __future__ import annotations

import stat
from pathlib import Path

from test_erasure import ERASED, KEPT, MEMBER, ORDER, WA_ID, _fixture, _leaks, _msg, _needles

from bot.pipeline.runtime import Runtime


async def _talk(rt: Runtime) -> None:
    e, m, k = ERASED, MEMBER, KEPT
    await rt.store.import_fixture(_fixture())
    for msg in (
        _msg("whatsapp", WA_ID, WA_ID, 0, f"Hi, I'm {e['name']}, mail {e['email']}, phone {e['phone']}, order {ORDER[:-1]}1"),
        _msg("telegram", "group-1", "5839201746", 1, f"我叫{m['name']}，电话{m['phone']}，地址{m['address']}"),
        _msg("telegram", "group-1", "5839201747", 2, f"My number is {k['phone']}, email {k['email']}"),
    ):
        await rt.process(msg)
    await rt.audit.flush()


def _data_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


async def test_live_conversations_keep_ids_and_values_sealed(make_settings, models, tmp_path: Path) -> None:
    settings = make_settings()
    rt = await Runtime.open(settings)
    try:
        await _talk(rt)
        # what the customers typed in the messages (the shop's own fixture rows are a separate store
        # with its own field cipher, checked by tests/store): their platform ids and typed values
        typed = [WA_ID, "5839201746", "5839201747", ERASED["email"], ERASED["phone"], MEMBER["phone"],
                 MEMBER["address"], KEPT["phone"], KEPT["email"]]
        files = _data_files(tmp_path / "data")
        assert Path(settings.db_path).resolve() in {p.resolve() for p in files}
        for p in files:
            assert not _leaks(p.read_bytes(), typed), (p.name, _leaks(p.read_bytes(), typed))
            assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, (p.name, oct(p.stat().st_mode))
    finally:
        await rt.close()


async def test_group_members_are_sealed_apart_before_erasure(make_settings, models) -> None:
    settings = make_settings()
    rt = await Runtime.open(settings)
    try:
        await _talk(rt)
        mine = await rt.vault.load("telegram:group-1", MEMBER["id"])
        theirs = await rt.vault.load("telegram:group-1", KEPT["id"])
        assert MEMBER["phone"] in mine.values() and KEPT["phone"] in theirs.values(), (mine, theirs)
        # neither mapping holds the other speaker's values
        assert not _leaks(" ".join(mine.values()), _needles(KEPT)), mine
        assert not _leaks(" ".join(theirs.values()), _needles(MEMBER)), theirs
        # a WhatsApp customer's mapping is under their own scope, not the group's members'
        wa = await rt.vault.load(f"whatsapp:{WA_ID}", ERASED["id"])
        assert ERASED["phone"] in wa.values(), wa
        assert await rt.vault.load(f"whatsapp:{WA_ID}", MEMBER["id"]) == {}
    finally:
        await rt.close()
