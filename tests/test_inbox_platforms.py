"""Issue #10 item 6, through the real server: one platform's API hangs and another platform's
customers are still answered (per-platform concurrency, the pipeline not held by a send)."""
from __future__ import annotations

import asyncio
import json
import signal
import subprocess
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.generic import signed_headers
from tests.test_durability import SECRET, TG_SECRET, TG_TOKEN, _tg_env, free_port, start_server, wait_healthy

N_HANGING = 12          # more than the per-platform cap (8) and the workers (4) together


@pytest.mark.slow
async def test_a_hanging_platform_does_not_stall_another(tmp_path: Path, aiohttp_server: Any) -> None:
    release = asyncio.Event()
    generic: list[str] = []
    telegram: list[int] = []
    telegram_while_held: list[int] = []

    async def callback(request: web.Request) -> web.Response:
        generic.append(json.loads(await request.read())["in_reply_to"])
        await release.wait()                       # the shop's endpoint hangs
        return web.json_response({"ok": True})

    async def send_message(request: web.Request) -> web.Response:
        chat = int((await request.json())["chat_id"])
        telegram.append(chat)
        if not release.is_set():
            telegram_while_held.append(chat)
        return web.json_response({"ok": True, "result": {"message_id": 1}})

    fake = web.Application()
    fake.router.add_post("/cb", callback)
    fake.router.add_post(f"/bot{TG_TOKEN}/sendMessage", send_message)
    api = await aiohttp_server(fake)
    env = {**_tg_env(str(api.make_url("")).rstrip("/")), "AFTERSALES_OUTBOUND_TIMEOUT_S": "300"}
    port = free_port()
    proc = start_server(tmp_path, port, str(api.make_url("/cb")), extra_env=env)
    chats = [990000 + i for i in range(3)]
    try:
        await wait_healthy(port, proc)
        async with aiohttp.ClientSession() as http:
            for i in range(N_HANGING):
                body = json.dumps({"message_id": f"h-{i}", "user": f"web:hang{i}", "conversation": f"h{i}",
                                   "text": "where is my order?"}).encode()
                async with http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                                     headers=signed_headers(SECRET, body)) as r:
                    assert r.status == 200
            deadline = time.monotonic() + 90
            while len(generic) < 8 and time.monotonic() < deadline:     # the cap is full and hanging
                await asyncio.sleep(0.1)
            assert len(generic) == 8
            for i, chat in enumerate(chats):
                update = {"update_id": 5000 + i, "message": {
                    "message_id": 3, "date": int(time.time()), "text": "where is my order?",
                    "chat": {"id": chat, "type": "private"}, "from": {"id": chat, "is_bot": False}}}
                async with http.post(f"http://127.0.0.1:{port}/webhooks/telegram", json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}) as r:
                    assert r.status == 200
            deadline = time.monotonic() + 90
            while len(telegram_while_held) < len(chats) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert sorted(telegram_while_held) == chats     # answered while the other platform hangs
            assert len(generic) == 8                         # that platform stayed within its cap
            release.set()
            deadline = time.monotonic() + 90
            while len(set(generic)) < N_HANGING and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            await asyncio.sleep(1.0)
    finally:
        release.set()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert Counter(generic) == Counter(f"h-{i}" for i in range(N_HANGING))     # each once
    assert sorted(telegram) == chats
