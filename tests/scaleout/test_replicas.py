"""Two `aftersales serve` replicas share one PostgreSQL schema and one Redis prefix; a burst of
generic-webhook messages is spread over both; one replica is SIGKILLed mid-burst (while it is
delivering an answer); every message is answered exactly once, and the shared audit chain verifies."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.generic import sign, signed_headers
from bot import db
from bot.core.settings import PROJECT_ROOT, load_settings
from bot.shop.store import Store, rebase_fixture_dates
from privacy.audit import AuditLog
from privacy.keys import FieldCipher, KeyRing
from tests.conftest import TEST_MASTER_KEY
from tests.scaleout.conftest import REDIS_URL
from tests.test_durability import free_port, wait_healthy

pytestmark = pytest.mark.scaleout

SECRET = "scaleout-secret"
N_MESSAGES = 40
KILL_AFTER = 1          # replica A dies while delivering its first answer


def replica_env(tmp: Path, pg_url: str, prefix: str, callback: str, workers: int) -> dict[str, str]:
    tmp.mkdir(parents=True, exist_ok=True)
    return dict(os.environ, AFTERSALES_DATA_DIR=str(tmp), AFTERSALES_DATA_DB=pg_url, AFTERSALES_DATA_SEED_FIXTURE="",
                AFTERSALES_REDIS_URL=REDIS_URL, AFTERSALES_REDIS_PREFIX=prefix,
                AFTERSALES_REDIS_CLAIM_IDLE_MS="1500", AFTERSALES_REDIS_LOCK_TTL_MS="2000",
                AFTERSALES_MASTER_KEY=TEST_MASTER_KEY, AFTERSALES_GENERIC_SECRET=SECRET,
                AFTERSALES_GENERIC_CALLBACK_URL=callback, AFTERSALES_GENERATOR_KIND="template",
                AFTERSALES_SERVER_WORKERS=str(workers), AFTERSALES_SERVER_PER_USER_PER_MINUTE="10000",
                # One platform here: its send concurrency is the replica's whole concurrency.
                AFTERSALES_OUTBOUND_PER_PLATFORM_CONCURRENCY=str(workers),
                HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")


def start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    # The child keeps its own copy of the descriptor; the parent's closes at once (no leaked handle).
    with open(log, "ab") as err:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], cwd=PROJECT_ROOT,
                                env=env, stdout=subprocess.DEVNULL, stderr=err)


async def seed(pg_url: str) -> None:
    """The demo shop, imported once before the replicas start (so they do not race to seed it)."""
    settings = load_settings(env={"AFTERSALES_DATA_DB": pg_url, "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY})
    conn = await db.connect(settings.db_path)
    store = await Store.open(settings.db_path, cipher=FieldCipher(await KeyRing.from_settings(settings, conn)))
    fixture = json.loads((PROJECT_ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8"))
    await store.import_fixture(rebase_fixture_dates(fixture, datetime.now(UTC)))
    await store.close()
    await conn.close()


async def test_two_replicas_one_killed_mid_burst_every_message_answered_once(
        tmp_path: Path, pg_url: str, redis_prefix: str, aiohttp_server: Any) -> None:
    answers: list[tuple[str, str]] = []          # (replica, in_reply_to), as the receiver keeps them
    arrivals: list[tuple[str, str]] = []         # (in_reply_to, Idempotency-Key), every POST
    procs: dict[str, subprocess.Popen[bytes]] = {}

    async def callback(request: web.Request) -> web.Response:
        body = await request.read()
        ts = request.headers["X-Aftersales-Timestamp"]
        assert request.headers["X-Aftersales-Signature"] == sign(SECRET, ts, body)
        replica = request.match_info["replica"]
        mid, key = json.loads(body)["in_reply_to"], request.headers["Idempotency-Key"]
        arrivals.append((mid, key))
        if arrivals.count((mid, key)) > 1:
            # The receiver contract (README): a repeated Idempotency-Key is the same answer; a
            # take-over resends the stored reply with its key when a replica died mid-send.
            return web.json_response({"ok": True, "duplicate": True})
        answers.append((replica, mid))
        if replica == "a" and sum(1 for r, _ in answers if r == "a") == KILL_AFTER:
            # Hold A's only worker in this send while the burst keeps arriving, so that A has
            # acknowledged messages it never gets to answer when it dies (not left to timing).
            await asyncio.sleep(1.5)
            procs["a"].send_signal(signal.SIGKILL)      # mid-send: the answer got here, nothing after it
            procs["a"].wait(10)
        return web.json_response({"ok": True})

    cb_app = web.Application()
    cb_app.router.add_post("/cb/{replica}", callback)
    cb = await aiohttp_server(cb_app)
    await seed(pg_url)
    ports = {"a": free_port(), "b": free_port()}
    for name, workers in (("a", 1), ("b", 2)):
        env = replica_env(tmp_path / name, pg_url, redis_prefix, str(cb.make_url(f"/cb/{name}")), workers)
        procs[name] = start(env, ports[name], tmp_path / f"{name}.log")
    try:
        await asyncio.gather(*(wait_healthy(ports[n], procs[n]) for n in ("a", "b")))
        ids = [f"burst-{i}" for i in range(N_MESSAGES)]
        acked_by: dict[str, str] = {}
        async with aiohttp.ClientSession() as http:
            async def deliver(i: int, mid: str) -> None:
                await asyncio.sleep((i % (N_MESSAGES // 2)) * 0.03)    # a burst, not one instant
                body = json.dumps({"message_id": mid, "user": f"web:user{i % 8}", "conversation": f"k{i % 8}",
                                   "text": "where is my order SO202611200931?"}).encode()
                order = ["a", "b"] if i % 2 == 0 else ["b", "a"]
                for attempt in range(60):                       # a platform redelivers until it gets a 200
                    replica = order[attempt % 2]
                    try:
                        async with http.post(f"http://127.0.0.1:{ports[replica]}/webhooks/generic", data=body,
                                             headers=signed_headers(SECRET, body)) as r:
                            if r.status == 200:
                                acked_by[mid] = replica
                                return
                    except aiohttp.ClientError:
                        pass
                    await asyncio.sleep(0.1)
                raise AssertionError(f"{mid} was never acknowledged")
            half = N_MESSAGES // 2
            await asyncio.gather(*(deliver(i, mid) for i, mid in enumerate(ids[:half])))
            # A dies while delivering its first answer; the rest of the burst arrives after that.
            deadline = time.monotonic() + 60
            while procs["a"].poll() is None and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            assert procs["a"].poll() is not None, "replica A never answered, so it was never killed"
            await asyncio.gather(*(deliver(i, mid) for i, mid in enumerate(ids) if i >= half))
        deadline = time.monotonic() + 60
        while len({m for _, m in answers}) < len(ids) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        await asyncio.sleep(2.0)          # room for a wrongful second answer (lock TTL, reclaim idle)
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.terminate()
        for p in procs.values():
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill()
    keys: dict[str, set[str]] = {}
    for mid, key in arrivals:
        keys.setdefault(mid, set()).add(key)
    assert all(len(k) == 1 for k in keys.values()), "a resend carried a different idempotency key"
    assert len(arrivals) - len(answers) <= 1        # only the send A died in may arrive again
    counts = Counter(m for _, m in answers)
    assert set(counts) == set(ids), f"lost: {sorted(set(ids) - set(counts))}"
    assert max(counts.values()) == 1, f"duplicated: {[k for k, v in counts.items() if v > 1]}"
    by_a = {m for r, m in answers if r == "a"}
    assert len(by_a) == KILL_AFTER
    # Messages replica A acknowledged but never answered were taken over by replica B.
    orphaned = {m for m, r in acked_by.items() if r == "a"} - by_a
    assert orphaned and all((("b", m) in answers) for m in orphaned)
    assert any(acked_by[m] == "b" for m in ids[N_MESSAGES // 2:])    # redelivered to the survivor
    # Both replicas wrote into one audit chain, and it verifies.
    settings = load_settings(env={"AFTERSALES_DATA_DB": pg_url, "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY})
    conn = await db.connect(settings.db_path)
    try:
        log = await AuditLog.open(conn, await KeyRing.from_settings(settings, conn))
        result = await log.verify()
        assert result.ok, result
        assert result.checked >= N_MESSAGES - 1          # A died before auditing the answer it was sending
        await log.close()
    finally:
        await conn.close()
