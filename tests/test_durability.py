"""The 200 means stored: kill the server (SIGKILL) right after a burst is acknowledged, start it
again, and every message is answered exactly once."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.generic import sign, signed_headers
from tests.conftest import TEST_MASTER_KEY

SECRET = "durability-secret"
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(tmp: Path, port: int, callback: str, process: bool = True,
                 extra_env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = dict(os.environ, AFTERSALES_SERVER_PROCESS_INBOX=str(process).lower(), AFTERSALES_DATA_DIR=str(tmp), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               AFTERSALES_GENERIC_SECRET=SECRET, AFTERSALES_GENERIC_CALLBACK_URL=callback,
               AFTERSALES_GENERATOR_KIND="template", HF_HUB_OFFLINE="1", **(extra_env or {}))
    # The child keeps its own copy of the descriptor; the parent's closes at once (no leaked handle).
    with open(tmp / "server.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=log)


async def wait_healthy(port: int, proc: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            assert proc.poll() is None, "server exited during start-up"
            try:
                async with http.get(f"http://127.0.0.1:{port}/readyz") as r:
                    if r.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.25)
    raise TimeoutError("server did not become ready")


@pytest.mark.slow
async def test_sigkill_after_ack_loses_nothing_and_duplicates_nothing(tmp_path: Path, aiohttp_server: Any) -> None:
    answers: list[str] = []

    async def callback(request: web.Request) -> web.Response:
        body = await request.read()
        ts = request.headers["X-Aftersales-Timestamp"]
        assert request.headers["X-Aftersales-Signature"] == sign(SECRET, ts, body)
        answers.append(json.loads(body)["in_reply_to"])
        return web.json_response({"ok": True})

    cb_app = web.Application()
    cb_app.router.add_post("/cb", callback)
    cb = await aiohttp_server(cb_app)
    port = free_port()
    # The first life only acknowledges (its workers are off), so the kill is sure to land
    # between the 200 and the answer, for every message.
    proc = start_server(tmp_path, port, str(cb.make_url("/cb")), process=False)
    try:
        await wait_healthy(port, proc)
        ids = [f"kill-{i}" for i in range(12)]
        users = ["telegram:1001", "web:demo", "telegram:1002", "web:stranger"]
        async with aiohttp.ClientSession() as http:
            async def post(i: int, mid: str) -> int:
                body = json.dumps({"message_id": mid, "user": users[i % len(users)],
                                   "conversation": f"k{i % 4}", "text": "where is my order?"}).encode()
                async with http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                                     headers=signed_headers(SECRET, body)) as r:
                    return r.status
            statuses = await asyncio.gather(*(post(i, mid) for i, mid in enumerate(ids)))
        assert statuses == [200] * len(ids)
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        assert answers == []
        proc = start_server(tmp_path, port, str(cb.make_url("/cb")))
        await wait_healthy(port, proc)
        deadline = time.monotonic() + 120
        while len(set(answers)) < len(ids) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)        # room for a wrongful second reply to show up
    finally:
        proc.terminate()
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
    counts = Counter(answers)
    assert set(counts) == set(ids), f"lost: {set(ids) - set(counts)}"
    assert max(counts.values()) == 1, f"duplicated: {[k for k, v in counts.items() if v > 1]}"


BURST = 300


@pytest.mark.slow
async def test_burst_of_new_identities_every_ack_answered_once_and_audited(tmp_path: Path,
                                                                          aiohttp_server: Any) -> None:
    """Issue #10 item 3: hundreds of first messages at once (each creates data keys, a vault row,
    a state row, an inbox row and an audit record, on three SQLite connections) must neither
    wedge a connection in a transaction nor drop a reply or an audit record."""
    answers: list[str] = []

    async def callback(request: web.Request) -> web.Response:
        answers.append(json.loads(await request.read())["in_reply_to"])
        return web.json_response({"ok": True})

    cb_app = web.Application()
    cb_app.router.add_post("/cb", callback)
    cb = await aiohttp_server(cb_app)
    port = free_port()
    proc = start_server(tmp_path, port, str(cb.make_url("/cb")))
    acked: list[str] = []
    try:
        await wait_healthy(port, proc)
        gate = asyncio.Semaphore(64)
        async with aiohttp.ClientSession() as http:
            async def post(i: int) -> None:
                mid = f"burst-{i}"
                body = json.dumps({"message_id": mid, "user": f"web:burst-{i}", "conversation": f"b{i}",
                                   "text": f"hi, my number is 1391234{i:04d}, where is my order?"}).encode()
                async with gate, http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                                           headers=signed_headers(SECRET, body)) as r:
                    if r.status == 200:
                        acked.append(mid)
            await asyncio.gather(*(post(i) for i in range(BURST)))
        deadline = time.monotonic() + 240
        while len(set(answers)) < len(acked) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.0)
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    assert len(acked) == BURST                   # nothing refused: the inbox is far from full
    counts = Counter(answers)
    assert set(counts) == set(acked), f"lost: {len(set(acked) - set(counts))}"
    assert max(counts.values()) == 1, f"duplicated: {[k for k, v in counts.items() if v > 1]}"
    import sqlite3
    with sqlite3.connect(tmp_path / "aftersales.db") as db:
        statuses = Counter(s for (s,) in db.execute("SELECT status FROM inbox"))
        audited = db.execute("SELECT COUNT(*) FROM audit_records WHERE kind='message'").fetchone()[0]
    assert statuses == {"done": BURST}
    assert audited == BURST                      # every audit record written
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp_path), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY)
    verify = subprocess.run([sys.executable, "-m", "bot.cli", "audit", "verify"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"{BURST} records intact" in verify.stdout + verify.stderr
    # Not even a retried failure: before the fix, lock errors failed messages and retries hid it.
    log_text = (tmp_path / "server.log").read_text()
    assert "OperationalError" not in log_text and "failed (attempt" not in log_text, log_text[-3000:]


TG_TOKEN = "123456:durability-bot-token"
TG_SECRET = "durability-telegram-secret"
N_EACH = 6


async def outbox(tmp: Path, api_base: str, *args: str) -> subprocess.CompletedProcess[str]:
    """`aftersales outbox ...` in a thread: the fake platform it talks to runs on this loop."""
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY, **_tg_env(api_base))
    return await asyncio.to_thread(subprocess.run, [sys.executable, "-m", "bot.cli", "outbox", *args], cwd=ROOT,
                                   env=env, capture_output=True, text=True, timeout=120)


def _tg_env(api_base: str) -> dict[str, str]:
    return {"AFTERSALES_TELEGRAM_BOT_TOKEN": TG_TOKEN, "AFTERSALES_TELEGRAM_SECRET_TOKEN": TG_SECRET,
            "AFTERSALES_TELEGRAM_API_BASE": api_base}


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["sigkill", "sigterm"])
async def test_killed_mid_send_every_acked_message_answered_exactly_once(
        tmp_path: Path, aiohttp_server: Any, sig: signal.Signals) -> None:
    """Issue #10 item 7. The process dies (SIGKILL) or is stopped (SIGTERM, drain timeout
    passed) while a reply is mid-send on two platforms: the generic callback, which dedupes on
    our Idempotency-Key, gets the stored reply again with the same key after the restart;
    Telegram, which has no idempotency key, never gets a second copy — the message is an
    `unknown` dead letter that `aftersales outbox replay` sends on the operator's word."""
    release = asyncio.Event()
    entered = {"generic": asyncio.Event(), "telegram": asyncio.Event()}
    generic_arrivals: list[tuple[str, str]] = []
    telegram_arrivals: list[int] = []

    async def callback(request: web.Request) -> web.Response:
        body = await request.read()
        generic_arrivals.append((json.loads(body)["in_reply_to"], request.headers["Idempotency-Key"]))
        if not entered["generic"].is_set():
            entered["generic"].set()
            await release.wait()                 # the first reply hangs until the process is gone
        return web.json_response({"ok": True})

    async def send_message(request: web.Request) -> web.Response:
        data = await request.json()
        telegram_arrivals.append(int(data["chat_id"]))
        if not entered["telegram"].is_set():
            entered["telegram"].set()
            await release.wait()
        return web.json_response({"ok": True, "result": {"message_id": 1}})

    fake = web.Application()
    fake.router.add_post("/cb", callback)
    fake.router.add_post(f"/bot{TG_TOKEN}/sendMessage", send_message)
    api = await aiohttp_server(fake)
    env = _tg_env(str(api.make_url("")).rstrip("/"))
    port = free_port()
    proc = start_server(tmp_path, port, str(api.make_url("/cb")), extra_env=env)
    chats = [880000 + i for i in range(N_EACH)]
    generic_ids = [f"g-{i}" for i in range(N_EACH)]
    try:
        await wait_healthy(port, proc)
        async with aiohttp.ClientSession() as http:
            async def post_generic(i: int) -> int:
                body = json.dumps({"message_id": generic_ids[i], "user": f"web:kill{i}", "conversation": f"g{i}",
                                   "text": "where is my order?"}).encode()
                async with http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body,
                                     headers=signed_headers(SECRET, body)) as r:
                    return r.status

            async def post_telegram(i: int) -> int:
                update = {"update_id": 1000 + i, "message": {
                    "message_id": 7, "date": int(time.time()), "text": "where is my order?",
                    "chat": {"id": chats[i], "type": "private"}, "from": {"id": chats[i], "is_bot": False}}}
                async with http.post(f"http://127.0.0.1:{port}/webhooks/telegram", json=update,
                                     headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}) as r:
                    return r.status
            statuses = await asyncio.gather(*(post_generic(i) for i in range(N_EACH)),
                                            *(post_telegram(i) for i in range(N_EACH)))
        assert statuses == [200] * (2 * N_EACH)
        await asyncio.wait_for(asyncio.gather(*(e.wait() for e in entered.values())), 120)
        proc.send_signal(sig)
        rc = await asyncio.to_thread(proc.wait, 60)
        assert rc == (0 if sig == signal.SIGTERM else -signal.SIGKILL)
        held_chat, held_generic = telegram_arrivals[0], generic_arrivals[0]
        release.set()
        proc = start_server(tmp_path, port, str(api.make_url("/cb")), extra_env=env)
        await wait_healthy(port, proc)
        deadline = time.monotonic() + 120
        while (len(set(telegram_arrivals)) < N_EACH or len({m for m, _ in generic_arrivals}) < N_EACH) \
                and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(1.5)                 # room for a wrongful second reply
    finally:
        release.set()
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
    # Telegram: never a second copy on its own; the one cut off mid-send was not resent.
    assert max(Counter(telegram_arrivals).values()) == 1, Counter(telegram_arrivals)
    missing = set(chats) - set(telegram_arrivals)
    # Generic: every message answered, each under exactly one key, so the receiver keeps one
    # answer per message; the cut-off send (and any other in flight at the kill) came again
    # with that same key.
    keys: dict[str, set[str]] = {}
    for mid, key in generic_arrivals:
        keys.setdefault(mid, set()).add(key)
    assert set(keys) == set(generic_ids) and all(len(k) == 1 for k in keys.values())
    assert Counter(generic_arrivals)[held_generic] == 2
    # The operator sees the Telegram reply that may or may not have arrived, and replays it.
    base = str(api.make_url("")).rstrip("/")
    listed = await outbox(tmp_path, base, "list", "--json")
    assert listed.returncode == 0, listed.stderr
    letters = [json.loads(line) for line in listed.stdout.splitlines()]
    # The held send, plus any other marked `sending` when the kill landed (whether or not its
    # request got out: that is exactly what nobody can know without an idempotency key).
    assert {(d["platform"], d["status"], d["has_reply"]) for d in letters} == {("telegram", "unknown", True)}
    assert len(letters) >= 1 + len(missing)
    before = len(telegram_arrivals)
    replayed = await outbox(tmp_path, base, "replay", "--all")
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert len(telegram_arrivals) == before + len(letters)
    assert set(telegram_arrivals) == set(chats)                 # every acknowledged message answered
    assert Counter(telegram_arrivals)[held_chat] == 2           # again only on the operator's word
    assert (await outbox(tmp_path, base, "list", "--json")).stdout.strip() == ""
