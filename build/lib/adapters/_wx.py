"""What WeCom and the WeChat Official Account share on the way out: access tokens and errcodes.

Both APIs answer HTTP 200 with `{"errcode": n, "errmsg": …}`; both hand out access tokens
valid for 7200 s that must be cached (fetching is itself rate limited) and refreshed when
an API says the token is invalid or expired.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp

from adapters.outbound import Delivery, Outcome, RetryPolicy, deliver, http_outcome

TOKEN_INVALID = {40001, 40014, 42001}
# -1 system busy; 45009 API frequency limit; 45033 (WeCom) member quota: worth a later try
_RETRYABLE = {-1, 45009, 45033}


def wx_outcome(status: int, headers: Any, body: Any) -> Outcome:
    outcome = http_outcome(status, headers, body)
    code = body.get("errcode") if isinstance(body, dict) else None
    if outcome.ok and isinstance(code, int) and code != 0:
        return Outcome(ok=False, retry=code in _RETRYABLE, error=f"wx_{code}")
    return outcome


class AccessToken:
    """A cached access token; `get(refresh=True)` forces a new one."""

    def __init__(self, fetch: Callable[[aiohttp.ClientSession], Awaitable[Delivery]],
                 clock: Callable[[], float] = time.time) -> None:
        self._fetch = fetch
        self.clock = clock
        self._value: tuple[str, float] | None = None
        self._lock = asyncio.Lock()

    async def get(self, http: aiohttp.ClientSession, refresh: bool = False) -> str | None:
        async with self._lock:
            if self._value and not refresh and self._value[1] > self.clock():
                return self._value[0]
            result = await self._fetch(http)
            body = result.body if isinstance(result.body, dict) else {}
            token = body.get("access_token")
            if not result.ok or not isinstance(token, str):
                return None
            self._value = (token, self.clock() + float(body.get("expires_in", 7200)) - 300)
            return token


async def send_with_token(http: aiohttp.ClientSession, token: AccessToken, url: str,
                          payload: dict[str, Any], policy: RetryPolicy) -> Delivery:
    """POST `payload` to `url?access_token=…`, once more with a fresh token if it was refused."""
    result = Delivery(ok=False, error="no_access_token")
    for refresh in (False, True):
        value = await token.get(http, refresh=refresh)
        if value is None:
            return result
        result = await deliver(http, "POST", url, policy=policy, classify=wx_outcome,
                               params={"access_token": value}, json=payload)
        if result.ok or result.error not in {f"wx_{c}" for c in TOKEN_INVALID}:
            return result
    return result
