"""`serve` writes JSON lines only — start-up, one line per turn, shutdown — and no message text."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
from aiohttp import web

from adapters.generic import signed_headers
from tests.conftest import TEST_MASTER_KEY
from tests.test_durability import free_port, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
SECRET = "logs-secret"
TEXT = "my parcel SO202611200931 has not arrived, call me on 13812345678"


async def test_serve_logs_json_lines_with_one_turn_line_and_no_text(tmp_path: Path, aiohttp_server: Any) -> None:
    answered = asyncio.Event()

    async def callback(request: web.Request) -> web.Response:
        answered.set()
        return web.json_response({"ok": True})
    cb_app = web.Application()
    cb_app.router.add_post("/cb", callback)
    cb = await aiohttp_server(cb_app)
    port = free_port()
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp_path), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               AFTERSALES_GENERIC_SECRET=SECRET, AFTERSALES_GENERIC_CALLBACK_URL=f"http://127.0.0.1:{cb.port}/cb",
               HF_HUB_OFFLINE="1")
    log_file = tmp_path / "server.log"
    with log_file.open("wb") as err:
        proc = subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port),
                                 "--generator", "template"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=err)
        try:
            await wait_healthy(port, proc)
            body = json.dumps({"message_id": "log-1", "user": "web:log", "text": TEXT}).encode()
            async with aiohttp.ClientSession() as http, http.post(
                    f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                    headers=signed_headers(SECRET, body, int(time.time()))) as r:
                assert r.status == 200
            await asyncio.wait_for(answered.wait(), 60)
            await asyncio.sleep(0.5)       # the turn line is written after the send
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
    lines = log_file.read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]      # every line is JSON (raises otherwise)
    events = [r.get("event") for r in records]
    assert "loading" in events and "ready" in events and events[-1] == "shutdown"
    turns = [r for r in records if r["logger"] == "aftersales.turn"]
    assert len(turns) == 1
    assert turns[0]["platform"] == "generic" and turns[0]["delivered"] is True
    assert turns[0]["intent"] and turns[0]["latency_ms"] > 0
    raw = log_file.read_text(encoding="utf-8")
    for secret_part in ("13812345678", "has not arrived", "web:log", "log-1"):
        assert secret_part not in raw
