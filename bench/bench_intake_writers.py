"""SQLite writers in several processes, without HTTP: what `[server] intake_processes` costs the
storage alone (issue #17, bot/server/intake.py).

K processes each commit R rows shaped like the inbox's (random keyed-hash ids under a unique
index, a 300-byte sealed payload) in batches of B, WAL, synchronous=FULL (one fsync per batch),
as the group commit does. `--lock flock`: each batch under an flock() of a shared file (what
the intake processes do); `--lock sqlite`: SQLite's own busy wait only. Prints rows/s and CPU
per row (user+sys of every writer process), K=1 against K=2 in the same run.
    python bench/bench_intake_writers.py [--rows 20000] [--batch 50]
"""
from __future__ import annotations

import argparse
import fcntl
import multiprocessing as mp
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

SCHEMA = """CREATE TABLE IF NOT EXISTS inbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, platform TEXT NOT NULL,
message_id TEXT NOT NULL, conversation TEXT NOT NULL, payload BLOB, status TEXT NOT NULL DEFAULT 'pending',
created_at REAL NOT NULL, updated_at REAL NOT NULL, UNIQUE (platform, message_id));
CREATE INDEX IF NOT EXISTS inbox_pending ON inbox (status, seq);
CREATE INDEX IF NOT EXISTS inbox_conversation ON inbox (conversation, status, seq);
CREATE INDEX IF NOT EXISTS inbox_updated ON inbox (status, updated_at);"""


def writer(path: str, rows: int, batch: int, lock: str) -> None:
    db = sqlite3.connect(path, timeout=30, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    fd = os.open(path + ".writer-lock", os.O_RDWR | os.O_CREAT, 0o600) if lock == "flock" else -1
    payload = os.urandom(300)
    done = 0
    while done < rows:
        n = min(batch, rows - done)
        keys = [os.urandom(16).hex() for _ in range(n)]
        now = time.time()
        if fd >= 0:
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute(f"SELECT platform, message_id FROM inbox WHERE platform IN (?) AND message_id IN "
                       f"({','.join('?' * n)})", ["generic", *keys]).fetchall()
            db.executemany("INSERT INTO inbox (platform, message_id, conversation, payload, created_at, updated_at)"
                           " VALUES ('generic', ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                           [(k, k[:8], payload, now, now) for k in keys])
            db.execute("COMMIT")
        finally:
            if fd >= 0:
                fcntl.flock(fd, fcntl.LOCK_UN)
        done += n
    db.close()


def run(procs: int, rows: int, batch: int, lock: str) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="bench-writers-") as tmp:
        path = str(Path(tmp) / "inbox.db")
        db = sqlite3.connect(path)
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        db.close()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        ps = [mp.Process(target=writer, args=(path, rows // procs, batch, lock)) for _ in range(procs)]
        for p in ps:
            p.start()
        for p in ps:
            p.join()
            if p.exitcode != 0:
                raise RuntimeError(f"a writer failed ({p.exitcode})")
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        db = sqlite3.connect(path)
        stored = db.execute("SELECT count(*) FROM inbox").fetchone()[0]
        db.close()
        if stored != rows // procs * procs:
            raise RuntimeError(f"stored {stored} of {rows} rows")
        return rows / wall, cpu * 1e6 / rows


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--batch", type=int, default=50)
    args = ap.parse_args()
    print(f"{args.rows} rows in batches of {args.batch}, WAL, synchronous=FULL; load {os.getloadavg()[0]:.1f}")
    print(f"{'writers':<26}{'rows/s':>10}{'cpu/row µs':>12}")
    for procs, lock in ((1, "none"), (2, "sqlite"), (2, "flock"), (1, "none")):
        rps, cpu = run(procs, args.rows, args.batch, lock)
        label = f"{procs} process{'es' if procs > 1 else ''}" + (f", {lock} lock" if procs > 1 else "")
        print(f"{label:<26}{rps:>10.0f}{cpu:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
