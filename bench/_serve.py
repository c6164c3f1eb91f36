"""Helpers the server benchmarks share: start `aftersales serve` (or a bare aiohttp app) in a
subprocess on loopback, wait until ready, stop it with SIGTERM. Not a benchmark itself
(run_all.py skips modules starting with "_")."""
from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SECRET = "bench-secret"
MASTER_KEY = base64.b64encode(bytes(range(32))).decode()

BARE_APP = """
import sys
from aiohttp import web
async def ok(request):
    await request.read()
    return web.json_response({"ok": True})
app = web.Application()
app.router.add_post("/webhooks/generic", ok)
app.router.add_get("/readyz", ok)
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None, access_log=None)
"""


# `start_bot(profile=PATH)`: the server under cProfile (CPU time), switched on by SIGUSR1 (after
# start-up, so model loading is not in it) and written to PATH on SIGUSR2. Threads (the database
# connections' threads, the redactor's and NLU's worker threads) get a profiler each from their
# first call after SIGUSR1, written to PATH.threads (thread CPU time).
PROFILED = """
import cProfile, pstats, runpy, signal, sys, threading, time
out = sys.argv[1]
sys.argv = ["bot.cli"] + sys.argv[2:]
prof = cProfile.Profile(time.process_time)
on = []
threads = {}
def per_thread(frame, event, arg):
    if on and threading.get_ident() not in threads:
        p = threads[threading.get_ident()] = cProfile.Profile(time.thread_time)
        p.enable()
def start(*_):
    on.append(1)
    prof.enable()
def stop(*_):
    prof.disable()
    prof.dump_stats(out)
    ps = list(threads.values())
    if ps:
        st = pstats.Stats(ps[0])
        for p in ps[1:]:
            st.add(p)
        st.dump_stats(out + ".threads")
signal.signal(signal.SIGUSR1, start)
signal.signal(signal.SIGUSR2, stop)
threading.setprofile(per_thread)
runpy.run_module("bot.cli", run_name="__main__", alter_sys=True)
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise TimeoutError("server not ready")


def start_bare(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen([PY, "-c", BARE_APP, str(port)], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    wait_ready(port, proc)
    return proc


def start_bot(port: int, data_dir: str, process: bool, callback: str | None = None,
              extra_env: dict[str, str] | None = None, root: Path = ROOT,
              profile: str | None = None) -> subprocess.Popen[bytes]:
    """`root`: the checkout whose code the server runs (a baseline snapshot in the same run)."""
    env = dict(os.environ, AFTERSALES_DATA_DIR=data_dir, AFTERSALES_MASTER_KEY=MASTER_KEY,
               AFTERSALES_GENERIC_SECRET=SECRET, AFTERSALES_GENERATOR_KIND="template",
               AFTERSALES_SERVER_PROCESS_INBOX=str(process).lower(),
               AFTERSALES_SERVER_INBOX_MAX_PENDING="1000000", AFTERSALES_SERVER_PER_USER_PER_MINUTE="0",
               AFTERSALES_LOG_LEVEL="WARNING", HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    if callback:
        env["AFTERSALES_GENERIC_CALLBACK_URL"] = callback
    env.update(extra_env or {})
    log = open(Path(data_dir) / "server.log", "ab")
    entry = ["-c", PROFILED, profile] if profile else ["-m", "bot.cli"]
    proc = subprocess.Popen([PY, *entry, "serve", "--port", str(port)], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    wait_ready(port, proc)
    return proc


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system, every thread) a process has used so far, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)


def tempdir(prefix: str) -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix=prefix)
