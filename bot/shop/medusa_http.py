"""The HTTP edge of the Medusa connector: one aiohttp session to one configured base URL.

Only `base_url` is ever called: every request takes a path ("/admin/orders"), never a URL,
so nothing the shop returns can send the bot elsewhere. Retries are bounded with exponential
backoff: reads (GET) on connection errors, timeouts and 5xx; writes (POST/DELETE) only when the
connection was never made (the request cannot have reached Medusa), so a change is never
applied twice. Errors carry no personal data: a status, Medusa's error type and a short message.
"""
from __future__ import annotations

import asyncio
import base64
import json
import logging
from collections.abc import Mapping
from typing import Any

import aiohttp

from bot.shop.ports import ShopUnavailable

log = logging.getLogger("aftersales.shop.medusa")

_RETRY_STATUSES = frozenset({500, 502, 503, 504})


class MedusaUnavailable(ShopUnavailable):
    """Medusa cannot be reached, timed out, or kept answering 5xx."""


class MedusaRefused(Exception):
    """Medusa answered 4xx: it refused the request for its own reason."""

    def __init__(self, status: int, kind: str, message: str) -> None:
        super().__init__(f"{status} {kind}: {message}")
        self.status = status
        self.kind = kind
        self.message = message

    @property
    def detail(self) -> str:
        """Short, for an Outcome's data: Medusa's error type and message (ids, no personal data)."""
        return f"{self.kind}: {self.message}"[:200]


class MedusaClient:
    """Admin API calls with auth, bounded retries and clear errors."""

    def __init__(self, base_url: str, *, api_key: str | None = None, email: str | None = None,
                 password: str | None = None, timeout_s: float = 10.0, retries: int = 2,
                 backoff_s: float = 0.2) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError("shop.base_url must be an http(s) URL")
        if not api_key and not (email and password):
            raise ValueError("AFTERSALES_MEDUSA_API_KEY (or AFTERSALES_MEDUSA_EMAIL and _PASSWORD) is required")
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self._email = email
        self._password = password
        self._token: str | None = None
        self._timeout = aiohttp.ClientTimeout(total=timeout_s)
        self._retries = max(0, retries)
        self._backoff = backoff_s
        self._session: aiohttp.ClientSession | None = None
        self._login_lock = asyncio.Lock()

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _http(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            # No proxies from the environment and no redirects: the bot talks to base_url only.
            # Node (Medusa) closes idle keep-alive connections after 5 s: reusing one that old can
            # fail a write after it was sent, so idle connections are dropped after 2 s.
            self._session = aiohttp.ClientSession(timeout=self._timeout, trust_env=False,
                                                  connector=aiohttp.TCPConnector(keepalive_timeout=2))
        return self._session

    async def _auth_header(self) -> str:
        if self._api_key:
            # Medusa v2 secret API keys: HTTP Basic with the key as user name, empty password.
            return "Basic " + base64.b64encode(f"{self._api_key}:".encode()).decode()
        if self._token is None:
            await self._login()
        return f"Bearer {self._token}"

    async def _login(self) -> None:
        async with self._login_lock:
            if self._token is not None:
                return
            body = await self._send("POST", "/auth/user/emailpass",
                                    {"email": self._email, "password": self._password}, auth=None, idempotent=True)
            token = body.get("token") if isinstance(body, dict) else None
            if not token:
                raise MedusaRefused(401, "unauthorized", "login gave no token")
            self._token = token

    async def get(self, path: str, params: Mapping[str, Any] | None = None) -> Any:
        return await self.request("GET", path, params=params)

    async def post(self, path: str, body: Mapping[str, Any] | None = None) -> Any:
        return await self.request("POST", path, body=dict(body or {}))

    async def delete(self, path: str) -> Any:
        return await self.request("DELETE", path)

    async def request(self, method: str, path: str, body: Mapping[str, Any] | None = None,
                      params: Mapping[str, Any] | None = None) -> Any:
        if not path.startswith("/") or "://" in path:
            raise ValueError("Medusa paths are relative to shop.base_url")
        for attempt in range(2):
            auth = await self._auth_header()
            try:
                return await self._send(method, path, body, params=params, auth=auth,
                                        idempotent=method == "GET")
            except MedusaRefused as exc:
                # An expired login token: log in again once (API keys do not expire this way).
                if exc.status == 401 and not self._api_key and attempt == 0:
                    self._token = None
                    continue
                raise
        raise AssertionError("unreachable")

    async def _send(self, method: str, path: str, body: Mapping[str, Any] | None, *,
                    params: Mapping[str, Any] | None = None, auth: str | None, idempotent: bool) -> Any:
        headers = {"Accept": "application/json"}
        if auth:
            headers["Authorization"] = auth
        query = [(k, str(x)) for k, v in (params or {}).items() if v is not None
                 for x in (v if isinstance(v, (list, tuple)) else [v])]
        last: str = ""
        for attempt in range(self._retries + 1):
            if attempt:
                await asyncio.sleep(self._backoff * (2 ** (attempt - 1)))
            try:
                async with self._http().request(method, self.base_url + path, json=body, params=query,
                                                headers=headers, allow_redirects=False) as resp:
                    text = await resp.text()
                    if resp.status in _RETRY_STATUSES:
                        last = f"HTTP {resp.status}"
                        if idempotent:
                            continue
                        raise MedusaUnavailable(f"Medusa answered {resp.status} to {method} {_route(path)}")
                    if resp.status >= 400:
                        kind, message = _error(text)
                        raise MedusaRefused(resp.status, kind, message)
                    return json.loads(text) if text else {}
            except aiohttp.ClientConnectorError as exc:   # never connected: safe to retry any method
                last = type(exc).__name__
                continue
            except (aiohttp.ClientError, TimeoutError) as exc:
                last = type(exc).__name__
                if idempotent:
                    continue
                raise MedusaUnavailable(f"Medusa did not answer {method} {_route(path)}: {last}") from None
        log.warning("medusa unavailable", extra={"route": _route(path), "why": last})
        raise MedusaUnavailable(f"Medusa at {self.base_url} is unavailable ({method} {_route(path)}: {last})")


def _route(path: str) -> str:
    """The path with ids replaced, for messages and logs ("/admin/orders/:id/cancel")."""
    parts = [":id" if "_" in p and p[:p.index("_")].isalpha() and len(p) > 12 else p for p in path.split("/")]
    return "/".join(parts)


def _error(text: str) -> tuple[str, str]:
    try:
        data = json.loads(text)
    except ValueError:
        return "error", text[:120]
    if not isinstance(data, dict):
        return "error", str(data)[:120]
    return str(data.get("type") or data.get("code") or "error"), str(data.get("message") or "")[:160]
