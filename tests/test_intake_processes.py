"""`[server] intake_processes = 2`: a webhook-only child shares the port (SO_REUSEPORT) and stores
into the same durable inbox; the parent's workers answer what it stored (bot/server/intake.py).

Real processes on loopback. Which listener takes a connection is the kernel's choice, so the
tests make it visible instead of guessing: while the parent is stopped (SIGSTOP) only the child
can answer, so every response then comes from the child."""
from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.generic import signed_headers
from tests.conftest import TEST_MASTER_KEY
from tests.test_durability import free_port, wait_healthy

SECRET = "intake-secret"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def start_server(tmp: Path, port: int, callback: str, intake: int = 2, process: bool = True
                 ) -> subprocess.Popen[bytes]:
    env = dict(os.environ, AFTERSALES_SERVER_PROCESS_INBOX=str(process).lower(), AFTERSALES_DATA_DIR=str(tmp),
               AFTERSALES_MASTER_KEY=TEST_MASTER_KEY, AFTERSALES_GENERIC_SECRET=SECRET,
               AFTERSALES_GENERIC_CALLBACK_URL=callback, AFTERSALES_GENERATOR_KIND="template",
               AFTERSALES_SERVER_INTAKE_PROCESSES=str(intake), HF_HUB_OFFLINE="1")
    with open(tmp / "server.log", "ab") as log:
        return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)], cwd=ROOT, env=env,
                                stdout=subprocess.DEVNULL, stderr=log)


# -- processes, from /proc ------------------------------------------------------------------------

def _stat(pid: int) -> tuple[str, int] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    state, ppid = text.rsplit(")", 1)[1].split()[:2]
    return state, int(ppid)


def alive(pid: int) -> bool:
    st = _stat(pid)
    return st is not None and st[0] not in ("Z", "X")      # a zombie has exited


def intake_children(parent: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        st = _stat(int(entry.name))
        if st is None or st[1] != parent or st[0] in ("Z", "X"):
            continue
        try:
            cmd = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"bot.server.intake" in cmd:
            out.append(int(entry.name))
    return out


def listening(pid: int, port: int) -> bool:
    """`pid` holds a listening TCP socket on `port` (from /proc/net/tcp and its descriptors)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(fields[9])
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return False
    for fd in fds:
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:[") and target[8:-1] in inodes:
            return True
    return False


async def wait_for(cond: Any, what: str, timeout: float = 90) -> Any:
    """Poll until `cond()` is truthy (a bound on waiting, never an assertion about speed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = cond()
        if value:
            return value
        await asyncio.sleep(0.1)
    raise TimeoutError(what)


async def serving_child(proc: subprocess.Popen[bytes], port: int) -> int:
    def ready() -> int | None:
        kids = [k for k in intake_children(proc.pid) if listening(k, port)]
        return kids[0] if kids else None
    return int(await wait_for(ready, "no intake child listening"))


# -- requests -----------------------------------------------------------------------------------------

def body_for(mid: str, i: int) -> bytes:
    return json.dumps({"message_id": mid, "user": f"web:cust{i}", "conversation": f"conv-{mid}",
                       "text": "where is my order?"}).encode()


async def post_fresh(port: int, body: bytes, headers: dict[str, str], timeout: float | None = None) -> int | None:
    """One request on its own connection (so the kernel picks a listener for it); None when no
    answer came within `timeout`."""
    conn = aiohttp.TCPConnector(force_close=True)
    try:
        async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=timeout)) as http:
            async with http.post(f"http://127.0.0.1:{port}/webhooks/generic", data=body, headers=headers) as r:
                await r.read()
                return r.status
    except (TimeoutError, aiohttp.ClientError):
        return None


async def get_fresh(port: int, path: str) -> int:
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(force_close=True)) as http:
        async with http.get(f"http://127.0.0.1:{port}{path}") as r:
            await r.read()
            return r.status


async def callback_server(aiohttp_server: Any, answers: list[str]) -> Any:
    async def callback(request: web.Request) -> web.Response:
        answers.append(json.loads(await request.read())["in_reply_to"])
        return web.json_response({"ok": True})
    app = web.Application()
    app.router.add_post("/cb", callback)
    return await aiohttp_server(app)


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGCONT)
        proc.terminate()
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


# -- tests ----------------------------------------------------------------------------------------------

async def test_two_processes_every_ack_answered_once_child_alone_kill_and_orphans(tmp_path: Path,
                                                                                   aiohttp_server: Any) -> None:
    answers: list[str] = []
    cb = await callback_server(aiohttp_server, answers)
    port = free_port()
    proc = start_server(tmp_path, port, str(cb.make_url("/cb")))
    child: int | None = None
    try:
        await wait_healthy(port, proc)
        child = await serving_child(proc, port)

        # 1. A burst over fresh connections (spread by the kernel): each 200 answered exactly once.
        burst = [f"burst-{i}" for i in range(60)]
        statuses = await asyncio.gather(*(post_fresh(port, body_for(m, i), signed_headers(SECRET, body_for(m, i)))
                                          for i, m in enumerate(burst)))
        assert statuses == [200] * len(burst)
        await wait_for(lambda: set(burst) <= set(answers), "burst not answered")

        # 2. The chat page and /metrics through either process: the child relays them to the
        #    parent, naming the client (loopback here), so /metrics' loopback rule still holds.
        assert await asyncio.gather(*(get_fresh(port, "/metrics") for _ in range(16))) == [200] * 16
        assert await asyncio.gather(*(get_fresh(port, "/") for _ in range(8))) == [200] * 8

        # 3. The parent stopped: only the child answers. It stores and acknowledges alone, and
        #    refuses bad input itself.
        os.kill(proc.pid, signal.SIGSTOP)
        by_child: list[str] = []
        bad_sig = bad_body = None
        for rnd in range(12):
            mids = [f"alone-{rnd}-{i}" for i in range(8)]
            got = await asyncio.gather(*(post_fresh(port, body_for(m, i), signed_headers(SECRET, body_for(m, i)),
                                                    timeout=3) for i, m in enumerate(mids)))
            by_child += [m for m, s in zip(mids, got) if s == 200]
            assert set(got) <= {200, None}
            if bad_sig is None:
                body = body_for(f"forged-{rnd}", 0)
                bad_sig = await post_fresh(port, body, signed_headers("wrong-secret", body), timeout=3)
            if bad_body is None:
                bad_body = await post_fresh(port, b"{not json", signed_headers(SECRET, b"{not json"), timeout=3)
            if len(by_child) >= 6 and bad_sig is not None and bad_body is not None:
                break
        assert len(by_child) >= 6
        assert bad_sig == 401
        assert bad_body == 400

        # 4. SIGKILL the child after its 200s: nothing it acknowledged is lost once the parent
        #    runs again, and the parent starts a new child.
        os.kill(child, signal.SIGKILL)
        os.kill(proc.pid, signal.SIGCONT)
        await wait_for(lambda: set(by_child) <= set(answers), "a message the killed child acknowledged was lost")
        new_child = await serving_child(proc, port)
        assert new_child != child
        await asyncio.sleep(1.0)        # room for a wrongful second reply to show up
        counts = Counter(answers)
        assert max(counts.values()) == 1, f"duplicated: {[k for k, v in counts.items() if v > 1]}"
        assert "forged-0" not in counts

        # 5. The parent killed outright: its child does not outlive it.
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
        await wait_for(lambda: not alive(new_child), "the intake child outlived its parent", timeout=60)
    finally:
        stop(proc)
        for pid in intake_children(proc.pid) + ([child] if child else []):
            if alive(pid):
                os.kill(pid, signal.SIGKILL)


async def test_sigterm_drains_both_processes_and_nothing_acknowledged_is_lost(tmp_path: Path,
                                                                              aiohttp_server: Any) -> None:
    answers: list[str] = []
    cb = await callback_server(aiohttp_server, answers)
    port = free_port()
    # Workers off in the first life: every acknowledged message must wait on disk for the next.
    proc = start_server(tmp_path, port, str(cb.make_url("/cb")), process=False)
    try:
        await wait_healthy(port, proc)
        child = await serving_child(proc, port)
        mids = [f"term-{i}" for i in range(40)]
        sending = asyncio.gather(*(post_fresh(port, body_for(m, i), signed_headers(SECRET, body_for(m, i)))
                                   for i, m in enumerate(mids)))
        statuses = await sending
        acked = [m for m, s in zip(mids, statuses) if s == 200]
        assert len(acked) == len(mids)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(60) == 0
        await wait_for(lambda: not alive(child), "the intake child kept running after SIGTERM", timeout=30)
        assert answers == []
        # One process again, workers on: every message either process acknowledged, once.
        proc = start_server(tmp_path, port, str(cb.make_url("/cb")), intake=1)
        await wait_healthy(port, proc)
        await wait_for(lambda: set(acked) <= set(answers), "an acknowledged message was lost")
        await asyncio.sleep(1.0)
        assert max(Counter(answers).values()) == 1
    finally:
        stop(proc)
