"""Erasure leaves nothing readable: `aftersales audit erase --customer` end to end.

A WhatsApp customer (whose platform id IS their phone number) and two customers sharing a
Telegram group talk to the real pipeline, giving their phone, e-mail, name and address. After
`audit erase` of the WhatsApp customer and of one group member:
- no raw byte of any file under the data directory (database, -wal, -shm, key file) and no log
  record holds any of their values, nor their platform id;
- every file is owner-only (0600);
- their conversation state, vault mappings and audit records no longer open, while the other
  group member's own mapping still does and never held the erased member's values.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
import stat
from pathlib import Path

import pytest

from bot.cli.audit import main as audit_main
from bot.core.messages import Message
from bot.pipeline.runtime import Runtime

WA_ID = "15557654321"           # a WhatsApp wa_id is the customer's phone number
ERASED = {"id": "c-wa", "name": "Rosalind Featherstone", "phone": "13751234987", "email": "rosalind.f@example.org",
          "address": "上海市徐汇区漕溪北路398号汇智大厦1806室", "identity": f"whatsapp:{WA_ID}"}
MEMBER = {"id": "c-g1", "name": "欧阳澜心", "phone": "13698765012", "email": "lanxin.oy@example.net",
          "address": "杭州市西湖区文一西路969号", "identity": "telegram:5839201746"}
KEPT = {"id": "c-g2", "name": "Cornelius Ashdown", "phone": "13511112222", "email": "c.ashdown@example.com",
        "address": "南京市鼓楼区中山路88号金地花园3期1102室", "identity": "telegram:5839201747"}
ORDER = "SO202611260001"


def _fixture() -> dict:
    def cust(c):
        return {"id": c["id"], "name": c["name"], "phone": c["phone"], "email": c["email"],
                "default_address": c["address"], "identities": [c["identity"]]}

    def order(c, n):
        return {"id": f"{ORDER[:-1]}{n}", "customer_id": c["id"], "status": "shipped",
                "placed_at": "2026-11-20T10:00:00+08:00", "shipped_at": "2026-11-21T09:00:00+08:00",
                "carrier": "SF", "tracking_no": f"SF00000000{n}", "currency": "CNY", "total": "99.00",
                "shipping_address": c["address"],
                "items": [{"sku": "SKU-1", "name": "Mug", "qty": 1, "price": "99.00", "category": "home"}]}
    return {"policies": {"return_window_days": 7, "exchange_window_days": 15, "non_returnable_categories": []},
            "customers": [cust(ERASED), cust(MEMBER), cust(KEPT)],
            "orders": [order(ERASED, 1), order(MEMBER, 2), order(KEPT, 3)],
            "returns": [], "exchanges": [], "refunds": [], "tickets": []}


def _needles(c: dict) -> list[str]:
    out = [c["name"], c["phone"], c["email"], c["address"], c["identity"].split(":", 1)[1]]
    return out + [c["name"].split()[-1]] if " " in c["name"] else out


def _leaks(blob: bytes | str, needles: list[str]) -> list[str]:
    if isinstance(blob, str):
        return [n for n in needles if n in blob]
    return [n for n in needles if n.encode() in blob or n.encode("utf-16-le") in blob]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.getMessage()} {record.args!r} {record.__dict__!r}")


@pytest.fixture
def log_lines():
    cap = _Capture()
    root = logging.getLogger()
    old = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(cap)
    yield cap.lines
    root.removeHandler(cap)
    root.setLevel(old)


def _msg(platform: str, conv: str, sender: str, i: int, text: str) -> Message:
    return Message(platform=platform, conversation_id=conv, sender_id=sender, message_id=f"m{i}", text=text)


async def test_erase_leaves_nothing_readable(make_settings, models, tmp_path: Path, monkeypatch, log_lines) -> None:
    settings = make_settings()
    rt = await Runtime.open(settings)
    e, m, k = ERASED, MEMBER, KEPT
    try:
        await rt.store.import_fixture(_fixture())
        turns = [
            _msg("whatsapp", WA_ID, WA_ID, 0, f"Hi, my name is {e['name']}, where is order {ORDER[:-1]}1?"),
            _msg("whatsapp", WA_ID, WA_ID, 1, f"Call me on {e['phone']} or mail {e['email']}, I live at {e['address']}"),
            _msg("telegram", "group-1", "5839201746", 2, f"我叫{m['name']}，电话{m['phone']}，邮箱{m['email']}，地址{m['address']}"),
            # the other member speaks last: a shared mapping would now be sealed under their key
            _msg("telegram", "group-1", "5839201747", 3, f"My number is {k['phone']}, order {ORDER[:-1]}3 please"),
        ]
        for msg in turns:
            await rt.process(msg)
        await rt.audit.flush()
        member_records = [r.id for r in await rt.audit.list(None) if r.customer_id == m["id"]]
    finally:
        await rt.close()
    assert member_records

    monkeypatch.setenv("AFTERSALES_MASTER_KEY", base64.b64encode(bytes(range(32))).decode())  # conftest's key
    monkeypatch.setenv("AFTERSALES_DATA_DIR", str(tmp_path / "data"))
    for cid in (e["id"], m["id"]):
        assert await asyncio.to_thread(audit_main, ["audit", "erase", "--customer", cid, "--db", str(settings.db_path)]) == 0

    needles = _needles(e) + _needles(m)
    files = [p for p in (tmp_path / "data").rglob("*") if p.is_file()]
    assert Path(settings.db_path).resolve() in {p.resolve() for p in files}
    for p in files:
        assert not _leaks(p.read_bytes(), needles), (p.name, _leaks(p.read_bytes(), needles))
        assert stat.S_IMODE(p.stat().st_mode) & 0o077 == 0, (p.name, oct(p.stat().st_mode))
    for line in log_lines:
        assert not _leaks(line, needles), line[:300]

    # Nothing of theirs opens any more; the remaining member's own values still do.
    rt = await Runtime.open(settings)
    try:
        assert await rt.store.load_state(f"whatsapp:{WA_ID}", e["id"]) is None
        assert await rt.vault.load(f"whatsapp:{WA_ID}", e["id"]) == {}
        assert await rt.vault.load("telegram:group-1", m["id"]) == {}
        kept = await rt.vault.load("telegram:group-1", k["id"])
        assert k["phone"] in kept.values(), kept
        assert not _leaks(json.dumps(kept, ensure_ascii=False), needles), kept
        assert await rt.store.load_state("telegram:group-1", k["id"]) is not None
        for rid in member_records:
            rec = await rt.audit.get(rid)
            assert rec.erased and rec.inbound is None
            assert await rt.audit.reveal(rid, rt.vault, reviewer="test") == {}
        exported = json.dumps(await rt.store.export_fixture(), ensure_ascii=False)
        assert not _leaks(exported, needles)
        assert k["name"] in exported
    finally:
        await rt.close()
