"""Fakes of the platforms' APIs: one aiohttp server on 127.0.0.1 that records every call.

A test scripts answers per (method, path) — e.g. a 429 with Retry-After, then a 200 — and
then reads `fake.calls` to see exactly what the adapter sent, headers and body included.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict, deque
from dataclasses import dataclass, field
from typing import Any, AsyncIterator, Mapping

import aiohttp
import pytest
from aiohttp import web

from bot.settings import PROJECT_ROOT

# This directory is named like the package it tests. pytest puts tests/ on sys.path, where
# `adapters` would resolve to tests/adapters as a namespace package when the project root is
# not on sys.path (the editable install's finder comes after the path finder). With the root
# on sys.path the real, regular package always wins. (`pythonpath = ["."]` in pyproject's
# pytest options would make this unnecessary.)
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
for _pkg in ("adapters", "privacy"):       # drop namespace stand-ins imported before this
    if _pkg in sys.modules and not getattr(sys.modules[_pkg], "__file__", None):
        del sys.modules[_pkg]

from adapters.base import InboundRequest  # noqa: E402


@dataclass
class Call:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    json: Any = field(default_factory=lambda: {"ok": True})
    headers: Mapping[str, str] = field(default_factory=dict)


class FakeApi:
    """Any path answers `default` unless a script for it says otherwise."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.base = ""
        self._scripts: dict[tuple[str, str], deque[Answer]] = defaultdict(deque)
        self._defaults: dict[tuple[str, str], Answer] = {}
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)

    def on(self, method: str, path: str, *answers: Answer, default: Answer | None = None) -> None:
        """Queue `answers` for the next calls to (method, path); then `default` for the rest."""
        self._scripts[(method, path)].extend(answers)
        if default is not None:
            self._defaults[(method, path)] = default

    def calls_to(self, path: str, method: str | None = None) -> list[Call]:
        return [c for c in self.calls if c.path == path and (method is None or c.method == method)]

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.calls.append(Call(request.method, request.path, dict(request.query),
                               dict(request.headers), body))
        key = (request.method, request.path)
        script = self._scripts.get(key)
        answer = script.popleft() if script else self._defaults.get(key, Answer())
        return web.json_response(answer.json, status=answer.status, headers=dict(answer.headers))


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


def inbound(body: bytes | str = b"", headers: Mapping[str, str] | None = None, *,
            method: str = "POST", query: Mapping[str, str] | None = None,
            path: str = "/webhooks/x", received_at: float = 0.0) -> InboundRequest:
    """An InboundRequest as the server layer builds it (header names lower-cased)."""
    raw = body.encode() if isinstance(body, str) else body
    return InboundRequest(method=method, path=path, body=raw,
                          headers={k.lower(): v for k, v in (headers or {}).items()},
                          query=dict(query or {}), received_at=received_at)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run this area's async tests on the session loop, where the async fixtures live
    (pyproject sets asyncio_default_fixture_loop_scope = "session")."""
    for item in items:
        if "tests/adapters/" in str(item.fspath).replace("\\", "/") and \
                getattr(getattr(item, "obj", None), "__code__", None) is not None and \
                item.obj.__code__.co_flags & 0x80:   # CO_COROUTINE
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)
