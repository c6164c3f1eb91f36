"""Fixtures for the adapter tests: the fake platform API (tests/adapters/platform_fakes.py) and a
client session, both on the session loop like every async test (pyproject's pytest options)."""
from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest
from platform_fakes import FakeApi


@pytest.fixture
async def fake_api(aiohttp_server: Any) -> AsyncIterator[FakeApi]:
    fake = FakeApi()
    server = await aiohttp_server(fake.app, host="127.0.0.1")
    fake.base = str(server.make_url("")).rstrip("/")
    yield fake


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session
