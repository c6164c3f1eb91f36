"""Graceful shutdown: SIGTERM stops accepting, lets the in-flight message finish (its reply is
delivered and the inbox row is `done`), leaves queued work on disk for the next start, exits 0."""
from __future__ import annotations

import asyncio
import json
import signal
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.core.settings import PROJECT_ROOT

if str(PROJECT_ROOT) not in sys.path:      # the real `adapters` package, not tests/adapters
    sys.path.insert(0, str(PROJECT_ROOT))

from adapters.generic import signed_headers  # noqa: E402
from tests.test_durability import SECRET, free_port, start_server, wait_healthy  # noqa: E402

SLOW_CALLBACK_S = 3.0


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="session")
async def test_sigterm_finishes_in_flight_work_and_exits_0(tmp_path: Path, aiohttp_server: Any) -> None:
    entered = asyncio.Event()
    answered: list[tuple[str, float]] = []

    async def callback(request: web.Request) -> web.Response:
        mid = json.loads(await request.read())["in_reply_to"]
        entered.set()
        await asyncio.sleep(SLOW_CALLBACK_S)       # the reply is mid-delivery when SIGTERM lands
        answered.append((mid, time.monotonic()))
        return web.json_response({"ok": True})

    cb_app = web.Application()
    cb_app.router.add_post("/cb", callback)
    cb = await aiohttp_server(cb_app)
    port = free_port()
    url = f"http://127.0.0.1:{port}/webhooks/generic"
    proc = start_server(tmp_path, port, str(cb.make_url("/cb")))
    try:
        await wait_healthy(port, proc)
        async with aiohttp.ClientSession() as http:
            # Same conversation: m2 waits behind m1 (in order per conversation).
            for mid in ("sd-1", "sd-2"):
                b = json.dumps({"message_id": mid, "user": "telegram:1001", "conversation": "sd",
                                "text": "where is my order?"}).encode()
                async with http.post(url, data=b, headers=signed_headers(SECRET, b)) as r:
                    assert r.status == 200
            await asyncio.wait_for(entered.wait(), 60)
            proc.send_signal(signal.SIGTERM)
            # Stop accepting: the listener closes while the in-flight reply is still being sent.
            refused = False
            deadline = time.monotonic() + SLOW_CALLBACK_S - 0.5
            while time.monotonic() < deadline and not refused:
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as r:
                        await r.read()
                except aiohttp.ClientConnectionError:
                    refused = True
                await asyncio.sleep(0.1)
            assert refused, "still accepting connections after SIGTERM"
            rc = await asyncio.to_thread(proc.wait, 40)
        exited = time.monotonic()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    assert rc == 0, (tmp_path / "server.log").read_text()[-2000:]
    assert [mid for mid, _ in answered] == ["sd-1"]            # the in-flight reply got through
    assert answered[0][1] <= exited
    with sqlite3.connect(tmp_path / "aftersales.db") as db:
        # Message ids are keyed hashes now (a Telegram id embeds the chat id): arrival order.
        rows = [status for (status,) in db.execute("SELECT status FROM inbox ORDER BY seq")]
    assert rows == ["done", "pending"]       # sd-1 finished, not cut off mid-send; sd-2 untouched

    # The queued message is answered by the next start, once.
    proc = start_server(tmp_path, port, str(cb.make_url("/cb")))
    try:
        await wait_healthy(port, proc)
        deadline = time.monotonic() + 60
        while len(answered) < 2 and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        await asyncio.sleep(0.5)
    finally:
        proc.send_signal(signal.SIGTERM)
        rc2 = await asyncio.to_thread(proc.wait, 40)
    assert [mid for mid, _ in answered] == ["sd-1", "sd-2"]
    assert rc2 == 0
