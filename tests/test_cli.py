"""The console script as a user runs it: store import/export, replay, and clear errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import DEMO_SHOP, TEST_MASTER_KEY

ROOT = Path(__file__).resolve().parent.parent


def run(args: list[str], tmp: Path, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    full_env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp / "data"), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
                    HF_HUB_OFFLINE="1", **env)
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], cwd=ROOT, input=stdin, text=True,
                          capture_output=True, env=full_env, timeout=300)


def test_store_import_then_export_round_trips_the_fixture(tmp_path: Path) -> None:
    db = tmp_path / "shop.db"
    imported = run(["store", "import", str(DEMO_SHOP), "--db", str(db)], tmp_path)
    assert imported.returncode == 0, imported.stderr
    exported = run(["store", "export", "--db", str(db)], tmp_path)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    original = json.loads(DEMO_SHOP.read_text(encoding="utf-8"))
    assert {c["id"]: c["name"] for c in data["customers"]} == {c["id"]: c["name"] for c in original["customers"]}
    assert {o["id"]: o["status"] for o in data["orders"]} == {o["id"]: o["status"] for o in original["orders"]}
    assert data["policies"] == original["policies"]
    # Customer names and phones never sit in the database file in clear.
    raw = b"".join(p.read_bytes() for p in tmp_path.glob("shop.db*"))
    assert original["customers"][0]["phone"].encode() not in raw
    assert original["customers"][0]["name"].encode() not in raw
    # Platform ids can be phone numbers (WhatsApp): looked up by keyed hash, stored sealed.
    wa_ids = [i.split(":", 1)[1] for c in original["customers"] for i in c["identities"] if i.startswith("whatsapp:")]
    assert wa_ids and all(w.encode() not in raw for w in wa_ids)
    assert {c["id"]: c["identities"] for c in data["customers"]} == \
        {c["id"]: c["identities"] for c in original["customers"]}


def test_unreadable_fixture_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    result = run(["store", "import", str(bad), "--db", str(tmp_path / "x.db")], tmp_path)
    assert result.returncode != 0
    assert "bad.json" in result.stderr


def test_bad_setting_stops_the_command_naming_it(tmp_path: Path) -> None:
    result = run(["store", "export", "--db", str(tmp_path / "x.db")], tmp_path, AFTERSALES_SERVER_PORT="http")
    assert result.returncode == 2
    assert "AFTERSALES_SERVER_PORT" in result.stderr


def test_replay_writes_one_line_per_message_and_reports_bad_lines(tmp_path: Path) -> None:
    lines = [
        {"conversation": "a", "user": "telegram:1001", "text": "hello"},
        "this is not json",
        {"conversation": "a", "user": "telegram:1001", "text": "where is order SO202611261030"},
        {"conversation": "b", "user": "web:demo", "text": "谢谢"},
    ]
    stdin = "\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n"
    result = run(["replay", "--store", str(DEMO_SHOP), "--now", "2026-11-28T12:00:00+08:00"], tmp_path, stdin)
    assert result.returncode == 0, result.stderr
    out = [json.loads(x) for x in result.stdout.splitlines()]
    assert [(o["conversation"], o["turn"]) for o in out] == [("a", 0), ("a", 1), ("b", 0)]
    assert "line 2" in result.stderr
    assert "JDVA45908136669" in out[1]["reply"]
    assert out[1]["trace"]["intent"]["name"] == "order_status"


def test_serve_on_a_port_in_use_says_so_in_one_line(tmp_path: Path) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        r = run(["serve", "--port", str(port)], tmp_path)
    assert r.returncode == 2
    assert f"127.0.0.1:{port} is already in use" in r.stderr
    assert "Traceback" not in r.stderr


def test_serve_stops_on_a_misspelt_variable_before_loading(tmp_path: Path) -> None:
    r = run(["serve", "--port", "0"], tmp_path, AFTERSALES_GENERIC_SECRT="x")
    assert r.returncode == 2
    assert "AFTERSALES_GENERIC_SECRT" in r.stderr and "AFTERSALES_GENERIC_SECRET" in r.stderr
