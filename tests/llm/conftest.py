"""Fixtures for the generator tests: the fake OpenAI-compatible server on loopback, requests,
and the real embedded model (loaded once per session)."""
from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web
from llm_fakes import FakeLLM, make_request


@pytest.fixture
async def fake_llm() -> Any:
    fake = FakeLLM()
    app = web.Application()
    app.router.add_post("/v1/chat/completions", fake.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    fake.url = f"http://127.0.0.1:{port}/v1"
    yield fake
    await runner.cleanup()


@pytest.fixture
def make_req() -> Any:
    """`make_req(language, **overrides)` → a realistic redacted order-status request."""
    return make_request
