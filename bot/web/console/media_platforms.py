"""Each platform's media API: from the reference an adapter parsed (`Message.raw["media"]`) to
the file's bytes. Only the platform's own configured API base and its documented file hosts are
ever called; tokens go only to the API that issued them.

`media` is what the adapter put in the message: `kind` (photo, image, file, document),
`ref` (the platform's file reference: a file id, a media id, a key, a download code or, for
Messenger and Slack, a URL), `size`/`mime` as the sender claims them, and whatever else that
platform's API needs (Feishu: `message_id`, `type`).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

import aiohttp
from yarl import URL

from bot.web.console.media_http import MAX_BYTES, MediaHosts, MediaRefused, download, get_bytes, host_allowed

Fetcher = Callable[[Any, dict[str, Any], aiohttp.ClientSession, MediaHosts], Awaitable[bytes]]
_QUICK = aiohttp.ClientTimeout(total=15)


def _segment(value: Any) -> str:
    """A platform id placed in a URL path: refused unless it is a plain token (no `../`)."""
    if not isinstance(value, str) or not value or len(value) > 512 or ".." in value:
        raise MediaRefused("unavailable")
    return quote(value, safe="")


async def _telegram(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    base, token = adapter.config.api_base, adapter.config.bot_token
    async with http.get(f"{base}/bot{token}/getFile", params={"file_id": media["ref"]}, timeout=_QUICK) as resp:
        body = await resp.json(content_type=None) if resp.status == 200 else {}
    result = (body or {}).get("result") or {}
    path = result.get("file_path")
    if not body.get("ok") or not isinstance(path, str) or ".." in path:
        raise MediaRefused("unavailable")
    if (result.get("file_size") or 0) > MAX_BYTES:
        raise MediaRefused("too_large")
    return await get_bytes(http, f"{base}/file/bot{token}/{path}")


async def _line(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    base = adapter.config.api_base
    # Content is served from api-data.line.me, not api.line.me; a test base serves both.
    if base == "https://api.line.me":
        base = "https://api-data.line.me"
    return await get_bytes(http, f"{base}/v2/bot/message/{_segment(media['ref'])}/content",
                           {"Authorization": f"Bearer {adapter.config.channel_access_token}"})


_META_MEDIA_HOSTS = (".fbsbx.com", ".whatsapp.net", ".fbcdn.net")


async def _whatsapp(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    """Graph API: GET /{media-id} gives a short-lived URL, fetched with the same bearer token."""
    base, auth = adapter.config.api_base, {"Authorization": f"Bearer {adapter.config.access_token}"}
    async with http.get(f"{base}/{_segment(media['ref'])}", headers=auth, timeout=_QUICK) as resp:
        body = await resp.json(content_type=None) if resp.status == 200 else {}
    url, size = (body or {}).get("url"), (body or {}).get("file_size")
    if not isinstance(url, str):
        raise MediaRefused("unavailable")
    if isinstance(size, int) and size > MAX_BYTES:
        raise MediaRefused("too_large")
    # The token goes only to Meta's media hosts (or to the configured test base).
    if not host_allowed(url, _META_MEDIA_HOSTS, base):
        raise MediaRefused("unavailable")
    return await get_bytes(http, url, auth)


async def _slack(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    """`url_private_download` with the bot token — sent only to Slack's file host (or the test base)."""
    url, base = str(media["ref"]), adapter.config.api_base
    u = URL(url)
    if not (url.startswith(base.rstrip("/").rsplit("/api", 1)[0] + "/") or (u.scheme == "https" and u.host == "files.slack.com")):
        raise MediaRefused("unavailable")
    return await get_bytes(http, url, {"Authorization": f"Bearer {adapter.config.bot_token}"})


async def _messenger(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    """An attachment's `payload.url`: a signed CDN link, fetched without the page token.

    The URL arrives in the (signed) webhook body, so it is checked against the configured CDN
    hosts before any request, and a redirect elsewhere is not followed.
    """
    url = media.get("ref")
    if not isinstance(url, str) or not host_allowed(url, hosts.messenger, adapter.config.api_base):
        raise MediaRefused("unavailable")
    return await get_bytes(http, url, redirects=False)


# Feishu codes meaning "this tenant_access_token is no good": fetch a fresh one once.
_FEISHU_TOKEN_INVALID = {99991661, 99991663, 99991664, 99991668}


async def _feishu(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    """GET im/v1/messages/{message_id}/resources/{file_key}?type=image|file with a tenant token."""
    kind = "image" if media.get("type") == "image" else "file"
    url = (f"{adapter.config.api_base}/im/v1/messages/{_segment(media.get('message_id'))}"
           f"/resources/{_segment(media.get('ref'))}")
    for refresh in (False, True):
        token = await adapter.tenant_token(http, refresh=refresh)
        if token is None:
            raise MediaRefused("unavailable")
        got = await download(http, "GET", url, params={"type": kind}, headers={"Authorization": f"Bearer {token}"})
        if got.status == 200 and not got.is_json:     # errors are JSON `{"code": n, "msg": …}`
            return got.data
        if got.json().get("code") not in _FEISHU_TOKEN_INVALID:
            break
    raise MediaRefused("unavailable")


_WX_TOKEN_INVALID = {40001, 40014, 42001}


async def _wecom(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    """cgi-bin/media/get?access_token&media_id: the file itself, or `{"errcode": …}` (HTTP 200 both)."""
    media_id = media.get("ref")
    if not isinstance(media_id, str) or not media_id:
        raise MediaRefused("unavailable")
    for refresh in (False, True):
        token = await adapter.token.get(http, refresh=refresh)
        if token is None:
            raise MediaRefused("unavailable")
        got = await download(http, "GET", f"{adapter.config.api_base}/media/get",
                             params={"access_token": token, "media_id": media_id})
        code = got.json().get("errcode") if got.is_json else None
        if got.status == 200 and code is None:
            return got.data
        if code not in _WX_TOKEN_INVALID:
            break
    raise MediaRefused("unavailable")


async def _dingtalk(adapter: Any, media: dict[str, Any], http: aiohttp.ClientSession, hosts: MediaHosts) -> bytes:
    """POST v1.0/robot/messageFiles/download {downloadCode, robotCode} -> a temporary `downloadUrl`.

    The callback body is unsigned, so the code in it is only ever redeemed at DingTalk's API
    (which honours codes of our own robot only); the link it returns is checked against the
    configured download hosts and fetched without the access token.
    """
    code = media.get("ref")
    if not isinstance(code, str) or not code:
        raise MediaRefused("unavailable")
    base = adapter.config.api_base
    url: Any = None
    for refresh in (False, True):
        token = await adapter.token.get(http, refresh=refresh)
        if token is None:
            raise MediaRefused("unavailable")
        got = await download(http, "POST", f"{base}/v1.0/robot/messageFiles/download",
                             headers={"x-acs-dingtalk-access-token": token},
                             json={"downloadCode": code, "robotCode": adapter.config.robot_code})
        url = got.json().get("downloadUrl") if got.status == 200 else None
        # 401 / InvalidAuthentication: the token expired or was revoked
        if url is not None or not (got.status == 401 or "Authentication" in str(got.json().get("code"))):
            break
    if not isinstance(url, str) or not host_allowed(url, hosts.dingtalk, base):
        raise MediaRefused("unavailable")
    return await get_bytes(http, url, redirects=False)


FETCHERS: dict[str, Fetcher] = {
    "telegram": _telegram, "line": _line, "whatsapp": _whatsapp, "slack": _slack,
    "messenger": _messenger, "feishu": _feishu, "wecom": _wecom, "dingtalk": _dingtalk}
