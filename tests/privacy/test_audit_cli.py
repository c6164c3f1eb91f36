"""`aftersales audit ...` / `keys rotate` end to end through argparse, on a real database."""
from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest

from bot.cli.audit import main
from bot.db import connect
from privacy.audit import AuditEntry, AuditLog
from privacy.keys import KeyRing

KEY = bytes(range(32))


def _trace(i: int) -> dict:
    return {"language": "en", "intent": {"name": "return_request" if i % 2 else "order_status", "confidence": 0.8},
            "sentiment": {"label": "negative" if i == 2 else "neutral", "score": -0.5 if i == 2 else 0.0},
            "redactions": [{"type": "EMAIL_ADDRESS", "placeholder": "<EMAIL_ADDRESS_1>"}],
            "entities": {"order_id": "SO1"}, "knowledge": [{"id": "kb-7", "title": "Return policy", "score": 2.5}],
            "actions": [{"name": "create_return", "args": {"order_id": "SO1", "reason": "too small"}, "ok": True,
                         "result": {"id": "R1"}}],
            "generator": "llm:gemma3-270m", "grounded": i != 3, "handoff": i == 4,
            "prompt": "Answer using the snippets.\nCustomer: I want to return SO1", "timings_ms": {"total": 12.5}}


@pytest.fixture
def db(tmp_path, monkeypatch):
    monkeypatch.setenv("AFTERSALES_MASTER_KEY", "m1:" + KEY.hex())
    monkeypatch.setenv("AFTERSALES_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "cli.db"

    async def fill() -> None:
        conn = await connect(path)
        log = await AuditLog.open(conn, await KeyRing.open(conn, {"m1": KEY}, "m1"))
        for i in range(1, 6):
            await log.append(AuditEntry("telegram", f"telegram:{i}", f"m{i}", f"return SO1 <EMAIL_ADDRESS_1> #{i}",
                                        "OK, return R1 created.", _trace(i), customer_id=f"c{i % 2}",
                                        time=1_790_000_000 + 86400 * i))
        await conn.close()
    asyncio.run(fill())
    return str(path)


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_list_filters(db, capsys):
    code, out = run(capsys, "audit", "list", "--db", db, "--ungrounded")
    assert code == 0 and "(1 shown, 1 match)" in out and "return_request" in out
    _, out = run(capsys, "audit", "list", "--db", db, "--json", "--customer", "c0")
    assert sorted(json.loads(line)["id"] for line in out.splitlines()) == [2, 4]
    _, out = run(capsys, "audit", "list", "--db", db, "--json", "--handoff")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [4]
    _, out = run(capsys, "audit", "list", "--db", db, "--json", "--negative", "--platform", "telegram")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [2]
    _, out = run(capsys, "audit", "list", "--db", db, "--json", "--since", "2026-09-25", "--until", "2026-09-26")
    assert [json.loads(line)["id"] for line in out.splitlines()] == [4]


def test_show_renders_the_trace(db, capsys):
    code, out = run(capsys, "audit", "show", "3", "--db", db)
    assert code == 0
    for needle in ("Intent       return_request (confidence 0.80)", "llm:gemma3-270m", "grounded no",
                   "[  2.50] kb-7  Return policy", "create_return(order_id=SO1, reason=too small)",
                   '{"id": "R1"}', "| Customer: I want to return SO1", "total 12.5",
                   "EMAIL_ADDRESS → <EMAIL_ADDRESS_1>"):
        assert needle in out, needle


def test_verify_exit_codes_name_the_first_bad_record(db, capsys):
    code, out = run(capsys, "audit", "verify", "--db", db)
    assert code == 0 and out.startswith("OK")
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM audit_records WHERE seq = 3")
    code, out = run(capsys, "audit", "verify", "--db", db)
    assert code == 1 and "first bad record: 3" in out


def test_export_erase_and_report(db, capsys):
    code, out = run(capsys, "audit", "export", "--db", db)
    recs = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(recs) == 5 and recs[0]["inbound"].endswith("#1")
    code, out = run(capsys, "audit", "erase", "--customer", "c1", "--db", db)
    assert code == 0 and "1 data key(s) destroyed" in out
    _, out = run(capsys, "audit", "export", "--db", db)
    recs = {r["id"]: r for r in map(json.loads, out.splitlines())}
    assert recs[1]["erased"] and recs[1]["inbound"] is None and recs[2]["inbound"].endswith("#2")
    assert recs[6]["kind"] == "erase"
    assert run(capsys, "audit", "verify", "--db", db)[0] == 0
    code, out = run(capsys, "audit", "report", "--db", db)
    assert code == 0 and "containment" in out and "80.0%" in out and "return_request" in out
    _, out = run(capsys, "audit", "report", "--db", db, "--json")
    assert json.loads(out)["grounded_rate"] == 0.8


def test_purge_and_rotate(db, capsys, monkeypatch):
    code, out = run(capsys, "audit", "purge", "--db", db, "--before", "2026-09-25")
    assert code == 0 and "purged 3 record(s)" in out
    assert run(capsys, "audit", "verify", "--db", db)[0] == 0
    new = bytes(range(50, 82))
    monkeypatch.setenv("AFTERSALES_MASTER_KEY", f"m2:{new.hex()},m1:{KEY.hex()}")
    code, out = run(capsys, "keys", "rotate", "--db", db)
    assert code == 0 and "under master key 'm2'" in out
    monkeypatch.setenv("AFTERSALES_MASTER_KEY", f"m2:{new.hex()}")        # old key retired
    code, out = run(capsys, "audit", "show", "5", "--db", db)
    assert code == 0 and "#5" in out
    monkeypatch.setenv("AFTERSALES_MASTER_KEY", f"m1:{KEY.hex()}")        # old key alone no longer opens
    code, _ = run(capsys, "audit", "verify", "--db", db)
    assert code == 2


def test_rotate_generate_with_dev_key_file(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("AFTERSALES_MASTER_KEY", raising=False)
    monkeypatch.setenv("AFTERSALES_DATA_DIR", str(tmp_path / "data"))
    db = str(tmp_path / "dev.db")

    async def fill() -> None:
        conn = await connect(db)
        from bot.core.settings import load_settings
        log = await AuditLog.open(conn, await KeyRing.from_settings(load_settings(), conn))
        await log.append(AuditEntry("web", "web:1", "m1", "hello #1", "hi", _trace(1)))
        await conn.close()
    asyncio.run(fill())
    code, out = run(capsys, "keys", "rotate", "--generate", "--db", db)
    assert code == 0 and "under master key 'dev2'" in out
    keyfile = (tmp_path / "data" / "master.key").read_text()
    assert keyfile.startswith("dev2:") and ",dev1:" in keyfile
    code, out = run(capsys, "audit", "show", "1", "--db", db)
    assert code == 0 and "hello #1" in out
