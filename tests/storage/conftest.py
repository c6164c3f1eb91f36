"""Both backends for the storage tests: a SQLite file, and a fresh PostgreSQL schema (dropped after)."""
from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from tests.scaleout.conftest import _pg_base


@pytest.fixture(params=["sqlite", "postgresql"])
async def target(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Where a component's database lives: a SQLite path or a `postgresql://…?schema=` URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "storage.db")
        return
    base = await _pg_base()
    schema = "storage_sqla_" + uuid.uuid4().hex[:10]
    yield f"{base}?schema={schema}"
    conn = await asyncpg.connect(base)
    try:
        await conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    finally:
        await conn.close()
