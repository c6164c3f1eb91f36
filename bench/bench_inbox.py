"""The durable inbox alone: intake (put, group-committed) and the full cycle of a message
(pending → processing → sending → done, one reply sent) on SQLite, optionally PostgreSQL.

The webhook bench boots whole servers; this one isolates the storage layer so a change to it
(issue 11: SQLAlchemy Core instead of the regex translation) shows its own cost.
    python bench/bench_inbox.py [--messages 2000] [--pg postgresql://…/test]
"""
from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.messages import Message, Reply  # noqa: E402
from bot.db import connect  # noqa: E402
from bot.inbox import Inbox  # noqa: E402
from privacy.keys import KeyRing  # noqa: E402


async def run(target: str, n: int, keys_path: Path) -> tuple[float, float, float]:
    kconn = await connect(keys_path)
    keyring = await KeyRing.open(kconn, {"m1": bytes(range(32))}, "m1")
    inbox = await Inbox.open(target, keyring, max_pending=n * 2, workers=8)
    msgs = [Message(platform="generic", conversation_id=f"c{i % 50}", sender_id=f"u{i % 50}",
                    message_id=f"m-{uuid.uuid4().hex}", text="where is my parcel 我的包裹") for i in range(n)]
    cpu0 = time.process_time()
    t0 = time.perf_counter()
    await asyncio.gather(*(inbox.put(m) for m in msgs))
    put_s = time.perf_counter() - t0

    async def send(reply: Reply) -> dict[str, object]:
        return {"ok": True}

    async def handler(msg: Message) -> None:
        await inbox.send_reply(msg, Reply.to(msg, "ok"), send)
    t0 = time.perf_counter()
    inbox.start(handler, send)
    await inbox.wait_idle(timeout=600)
    cycle_s = time.perf_counter() - t0
    cpu_ms = (time.process_time() - cpu0) * 1000 / n
    stats = await inbox.stats()
    assert stats.done == n, stats
    await inbox.close()
    await kconn.close()
    return n / put_s, n / cycle_s, cpu_ms


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=2000)
    ap.add_argument("--pg", default="", help="also run on this PostgreSQL URL (a fresh schema is used)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        targets = [("sqlite", str(Path(tmp) / "inbox.db"))]
        if args.pg:
            sep = "&" if "?" in args.pg else "?"
            targets.append(("postgresql", f"{args.pg}{sep}schema=bench_inbox_{uuid.uuid4().hex[:8]}"))
        for name, target in targets:
            put, cycle, cpu_ms = asyncio.run(run(target, args.messages, Path(tmp) / f"keys-{name}.db"))
            print(f"{name}: put {put:,.0f} msg/s, full cycle {cycle:,.0f} msg/s, "
                  f"{cpu_ms:.2f} ms CPU per message in this process ({args.messages} messages)")
            if name == "postgresql":
                asyncio.run(_drop_schema(target))


async def _drop_schema(target: str) -> None:
    import asyncpg

    from bot.storage.postgres import split_schema
    dsn, schema = split_schema(target)
    conn = await asyncpg.connect(dsn)
    await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    await conn.close()


if __name__ == "__main__":
    main()
