"""Fakes of the platforms' APIs: one aiohttp server on 127.0.0.1 that records every call.

A test scripts answers per (method, path) — e.g. a 429 with Retry-After, then a 200 — and
then reads `fake.calls` to see exactly what the adapter sent, headers and body included.
"""
from __future__ import annotations

import json
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from adapters.base import InboundRequest


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


def inbound(body: bytes | str = b"", headers: Mapping[str, str] | None = None, *,
            method: str = "POST", query: Mapping[str, str] | None = None,
            path: str = "/webhooks/x", received_at: float = 0.0) -> InboundRequest:
    """An InboundRequest as the server layer builds it (header names lower-cased)."""
    raw = body.encode() if isinstance(body, str) else body
    return InboundRequest(method=method, path=path, body=raw,
                          headers={k.lower(): v for k, v in (headers or {}).items()},
                          query=dict(query or {}), received_at=received_at)
