"""Photos and files customers send: fetched through the platform's media API, size- and
type-checked, and handed back as bytes for HandoffStore to seal under the customer's key.

No image leaves the machine: the only network calls are to the platform the customer used
(its configured API base, and for links inside a payload the `[media]` host allow-list:
bot/web/console/media_http.py). Each platform's protocol is in media_platforms.py. The type is
decided from the bytes (magic numbers), never from what the sender claims; anything but JPEG,
PNG, GIF, WebP or PDF is refused, as is anything over MAX_BYTES (checked against the announced
size first, then against what actually arrived).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.web.console.media_http import MAX_BYTES, MediaHosts, MediaRefused
from bot.web.console.media_platforms import FETCHERS

__all__ = ["MAX_BYTES", "FETCHERS", "Fetched", "MediaHosts", "MediaRefused", "fetch", "sniff"]

_SIGNATURES = ((b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"GIF87a", "image/gif"),
               (b"GIF89a", "image/gif"), (b"%PDF-", "application/pdf"))


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


async def fetch(platform: str, adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession,
                hosts: MediaHosts | None = None) -> Fetched:
    fetcher = FETCHERS.get(platform)
    if fetcher is None or adapter is None:
        raise MediaRefused("unavailable")
    size = media.get("size")
    if isinstance(size, int) and size > MAX_BYTES:
        raise MediaRefused("too_large")
    try:
        data = await fetcher(adapter, media, http, hosts or MediaHosts())
    except (aiohttp.ClientError, TimeoutError, ValueError, KeyError):
        raise MediaRefused("unavailable") from None
    mime = sniff(data)
    if mime is None:
        raise MediaRefused("unsupported_type")
    return Fetched(mime, data)
