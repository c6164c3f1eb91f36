"""Photos and files customers send: fetched through the platform's media API, size- and
type-checked, and handed back as bytes for HandoffStore to seal under the customer's key.

No image leaves the machine: the only network calls are to the platform the customer used
(its configured API base). The type is decided from the bytes (magic numbers), never from what
the sender claims; anything but JPEG, PNG, GIF, WebP or PDF is refused, as is anything over
MAX_BYTES (checked against the announced size first, then against what actually arrived).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

MAX_BYTES = 10 * 1024 * 1024
_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF87a", "image/gif"),
               (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"))


class MediaRefused(Exception):
    """Why a file is not kept: `too_large`, `unsupported_type`, `unavailable`."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def sniff(data: bytes) -> str | None:
    for magic, mime in _SIGNATURES:
        if data.startswith(magic):
            return mime
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


@dataclass(frozen=True)
class Fetched:
    mime: str
    data: bytes


async def _get(http: aiohttp.ClientSession, url: str, headers: dict[str, str] | None = None) -> bytes:
    timeout = aiohttp.ClientTimeout(total=30)
    async with http.get(url, headers=headers, timeout=timeout) as resp:
        if resp.status != 200:
            raise MediaRefused("unavailable")
        if (resp.content_length or 0) > MAX_BYTES:
            raise MediaRefused("too_large")
        data = await resp.content.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise MediaRefused("too_large")
    return data


async def _telegram(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession) -> bytes:
    base, token = adapter.config.api_base, adapter.config.bot_token
    async with http.get(f"{base}/bot{token}/getFile", params={"file_id": media["ref"]},
                        timeout=aiohttp.ClientTimeout(total=15)) as resp:
        body = await resp.json(content_type=None) if resp.status == 200 else {}
    result = (body or {}).get("result") or {}
    path = result.get("file_path")
    if not body.get("ok") or not isinstance(path, str) or ".." in path:
        raise MediaRefused("unavailable")
    if (result.get("file_size") or 0) > MAX_BYTES:
        raise MediaRefused("too_large")
    return await _get(http, f"{base}/file/bot{token}/{path}")


async def _line(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession) -> bytes:
    base = adapter.config.api_base
    # Content is served from api-data.line.me, not api.line.me; a test base serves both.
    if base == "https://api.line.me":
        base = "https://api-data.line.me"
    return await _get(http, f"{base}/v2/bot/message/{media['ref']}/content",
                      {"Authorization": f"Bearer {adapter.config.channel_access_token}"})


_META_MEDIA_HOSTS = (".fbsbx.com", ".whatsapp.net", ".fbcdn.net")


async def _whatsapp(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession) -> bytes:
    """Graph API: GET /{media-id} gives a short-lived URL, fetched with the same bearer token."""
    from yarl import URL
    base, auth = adapter.config.api_base, {"Authorization": f"Bearer {adapter.config.access_token}"}
    async with http.get(f"{base}/{media['ref']}", headers=auth, timeout=aiohttp.ClientTimeout(total=15)) as resp:
        body = await resp.json(content_type=None) if resp.status == 200 else {}
    url, size = (body or {}).get("url"), (body or {}).get("file_size")
    if not isinstance(url, str):
        raise MediaRefused("unavailable")
    if isinstance(size, int) and size > MAX_BYTES:
        raise MediaRefused("too_large")
    # The token goes only to Meta's media hosts (or to the configured test base).
    u = URL(url)
    if not (url.startswith(base + "/") or (u.scheme == "https" and (u.host or "").endswith(_META_MEDIA_HOSTS))):
        raise MediaRefused("unavailable")
    return await _get(http, url, auth)


async def _slack(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession) -> bytes:
    """`url_private_download` with the bot token — sent only to Slack's file host (or the test base)."""
    from yarl import URL
    url, base = str(media["ref"]), adapter.config.api_base
    u = URL(url)
    if not (url.startswith(base.rstrip("/").rsplit("/api", 1)[0] + "/") or (u.scheme == "https" and u.host == "files.slack.com")):
        raise MediaRefused("unavailable")
    return await _get(http, url, {"Authorization": f"Bearer {adapter.config.bot_token}"})


FETCHERS: dict[str, Callable[[Any, dict[str, Any], aiohttp.ClientSession], Awaitable[bytes]]] = {
    "telegram": _telegram, "line": _line, "whatsapp": _whatsapp, "slack": _slack}


async def fetch(platform: str, adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession) -> Fetched:
    fetcher = FETCHERS.get(platform)
    if fetcher is None or adapter is None:
        raise MediaRefused("unavailable")
    size = media.get("size")
    if isinstance(size, int) and size > MAX_BYTES:
        raise MediaRefused("too_large")
    try:
        data = await fetcher(adapter, media, http)
    except (aiohttp.ClientError, TimeoutError, ValueError):
        raise MediaRefused("unavailable") from None
    mime = sniff(data)
    if mime is None:
        raise MediaRefused("unsupported_type")
    return Fetched(mime, data)
