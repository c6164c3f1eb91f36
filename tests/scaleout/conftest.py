"""Scale-out fixtures: a fresh PostgreSQL schema and a fresh Redis key prefix per test, on the
real services of this machine (127.0.0.1:5432 database `test`, 127.0.0.1:6379), removed after."""
from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
import redis.asyncio as aioredis

PG_BASE = os.environ.get("AFTERSALES_TEST_PG", "")
REDIS_URL = os.environ.get("AFTERSALES_TEST_REDIS", "redis://127.0.0.1:6379/0")
_PG_CANDIDATES = ("postgresql://postgres@127.0.0.1:5432/test", "postgresql://root@127.0.0.1:5432/test")


async def _pg_base() -> str:
    """The first URL that connects (trust auth as postgres, else root)."""
    errors = []
    for url in ((PG_BASE,) if PG_BASE else _PG_CANDIDATES):
        try:
            conn = await asyncpg.connect(url, timeout=5)
        except Exception as exc:  # noqa: BLE001 - try the next user
            errors.append(f"{url}: {type(exc).__name__}: {exc}")
            continue
        await conn.close()
        return url
    raise RuntimeError("PostgreSQL is not reachable; start it with `pg_ctlcluster --skip-systemctl-redirect "
                       "$(ls /etc/postgresql) main start`\n" + "\n".join(errors))


@pytest.fixture
async def pg_url() -> AsyncIterator[str]:
    """`postgresql://…/test?schema=t_<random>`; the schema is dropped afterwards."""
    base = await _pg_base()
    schema = "t_" + uuid.uuid4().hex[:12]
    yield f"{base}?schema={schema}"
    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()


@pytest.fixture
async def redis_prefix() -> AsyncIterator[str]:
    """A key prefix no other run uses; every key under it is deleted afterwards."""
    prefix = "test-" + uuid.uuid4().hex[:12]
    yield prefix
    client = aioredis.from_url(REDIS_URL)
    try:
        keys = [k async for k in client.scan_iter(match=f"{prefix}:*", count=500)]
        if keys:
            await client.delete(*keys)
    finally:
        await client.aclose()
