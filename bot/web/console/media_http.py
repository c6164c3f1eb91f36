"""The one way the console downloads a customer's file: capped, timed, to allowed hosts only.

Shared by every platform's fetcher (bot/web/console/media_platforms.py). The cap is checked
against the announced Content-Length first (a 50 MB photo is never downloaded), then against
what actually arrived (a server may lie or announce nothing). URLs that come *inside* a payload
(Messenger attachments, DingTalk download links) are fetched only from hosts on an allow-list
(`MediaHosts`, `[media]` in config/default.toml) and never with a platform token: a customer,
or a forged body, must not make the bot call an arbitrary or internal address (SSRF).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp
from yarl import URL

MAX_BYTES = 10 * 1024 * 1024
_TIMEOUT = aiohttp.ClientTimeout(total=30)
# Fallbacks when a [media] setting is absent (older config files).
MESSENGER_HOSTS = (".fbcdn.net", ".fbsbx.com")
DINGTALK_HOSTS = (".dingtalk.com", ".aliyuncs.com")


class MediaRefused(Exception):
    """Why a file is not kept: `too_large`, `unsupported_type`, `unavailable`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Downloaded:
    status: int
    content_type: str
    data: bytes

    def json(self) -> dict[str, Any]:
        """The body as a JSON object, or {} (error bodies of media APIs are small JSON)."""
        import json
        try:
            value = json.loads(self.data)
        except (ValueError, UnicodeDecodeError, RecursionError):
            return {}
        return value if isinstance(value, dict) else {}

    @property
    def is_json(self) -> bool:
        return "json" in self.content_type or self.data[:1] == b"{"


@dataclass(frozen=True)
class MediaHosts:
    """Host suffixes (".fbcdn.net") or exact hosts a platform's payload URLs may point at."""

    messenger: tuple[str, ...] = MESSENGER_HOSTS
    dingtalk: tuple[str, ...] = DINGTALK_HOSTS

    @classmethod
    def from_settings(cls, settings: Any) -> MediaHosts:
        try:
            section: Mapping[str, Any] = settings["media"]
        except KeyError:
            return cls()
        return cls(tuple(section.get("messenger_hosts", MESSENGER_HOSTS)),
                   tuple(section.get("dingtalk_hosts", DINGTALK_HOSTS)))


def host_allowed(url: str, suffixes: tuple[str, ...], api_base: str) -> bool:
    """HTTPS to an allowed host, or under the platform's configured API base (a test fake)."""
    if url.startswith(api_base.rstrip("/") + "/"):
        return True
    try:
        u = URL(url)
    except ValueError:
        return False
    host = (u.host or "").lower().rstrip(".")
    if u.scheme != "https" or not host or u.user or u.password:
        return False
    return any(host == s.lstrip(".").lower() or (s.startswith(".") and host.endswith(s.lower()))
               for s in suffixes if s.strip("."))


async def download(http: aiohttp.ClientSession, method: str, url: str, *, headers: Mapping[str, str] | None = None,
                   params: Mapping[str, str] | None = None, json: Any = None,
                   redirects: bool = True) -> Downloaded:
    """At most MAX_BYTES of the body, whatever the status; `too_large` beyond that."""
    async with http.request(method, url, headers=headers, params=params, json=json, timeout=_TIMEOUT,
                            allow_redirects=redirects) as resp:
        if (resp.content_length or 0) > MAX_BYTES:
            raise MediaRefused("too_large")
        data = await resp.content.read(MAX_BYTES + 1)
        ctype = resp.headers.get("Content-Type", "").lower()
        status = resp.status
    if len(data) > MAX_BYTES:
        raise MediaRefused("too_large")
    return Downloaded(status, ctype, data)


async def get_bytes(http: aiohttp.ClientSession, url: str, headers: Mapping[str, str] | None = None, *,
                    redirects: bool = True) -> bytes:
    """The body of a 200 answer; anything else (a redirect when not allowed too) is `unavailable`."""
    got = await download(http, "GET", url, headers=headers, redirects=redirects)
    if got.status != 200:
        raise MediaRefused("unavailable")
    return got.data
