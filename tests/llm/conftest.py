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


# -- a real OpenAI-compatible server: llama.cpp (llama-cpp-python) with the packaged GGUF ----------

@pytest.fixture(scope="session")
def llama_server() -> Any:
    """`python -m llama_cpp.server` with the packaged Gemma 3 270M GGUF on a free loopback port,
    started once per session, stopped at teardown. Yields the base URL (`.../v1`). The wheel
    comes from scripts/build_llama_wheel.sh (built once, cached)."""
    from bot.llm.llamacpp import LlamaServer, packaged_gguf

    server = LlamaServer(packaged_gguf())
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture
def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
