"""The webhook edge over real sockets: bodies in several TCP segments, chunked bodies, limits,
half-sent and idle connections, and /metrics kept off the public port (issue #10 items 4, 12)."""
from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from adapters.generic import signed_headers
from bot.server.app import create_app

SECRET = "webhook-edge-secret"


@pytest.fixture
async def server(aiohttp_server: Any, make_settings: Any, models: Any) -> Any:
    settings = make_settings(GENERIC_SECRET=SECRET, SERVER_PROCESS_INBOX="false",
                             SERVER_MAX_BODY_BYTES="4096", SERVER_BODY_TIMEOUT_S="1.5",
                             SERVER_IDLE_TIMEOUT_S="1.5")
    return await aiohttp_server(create_app(settings), host="127.0.0.1")


def _body(message_id: str, text: str = "where is my parcel") -> bytes:
    return json.dumps({"message_id": message_id, "user": "web:edge", "text": text}).encode()


async def raw_exchange(port: int, head: bytes, pieces: list[bytes], pause_s: float = 0.15,
                       read_timeout: float = 20) -> tuple[int, bytes]:
    """Send the head, then each piece as its own write with a pause; return (status, response)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(head)
        await writer.drain()
        for piece in pieces:
            await asyncio.sleep(pause_s)
            writer.write(piece)
            await writer.drain()
        data = await asyncio.wait_for(reader.read(65536), read_timeout)
    finally:
        writer.close()
    status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
    return status, data


def _head(headers: dict[str, str], extra: str) -> bytes:
    lines = ["POST /webhooks/generic HTTP/1.1", "Host: 127.0.0.1", "Connection: close",
             *(f"{k}: {v}" for k, v in headers.items()), extra]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


async def test_a_body_in_several_segments_is_verified_whole(server: Any) -> None:
    body = _body("seg-1")
    head = _head(signed_headers(SECRET, body), f"Content-Length: {len(body)}")
    pieces = [body[:10], body[10:25], body[25:]]
    status, data = await raw_exchange(server.port, head, pieces)
    assert status == 200, data


def _chunked(body: bytes, size: int) -> list[bytes]:
    out = [f"{len(body[i:i + size]):x}\r\n".encode() + body[i:i + size] + b"\r\n"
           for i in range(0, len(body), size)]
    return out + [b"0\r\n\r\n"]


async def test_a_chunked_body_is_verified_whole(server: Any) -> None:
    body = _body("chunk-1")
    head = _head(signed_headers(SECRET, body), "Transfer-Encoding: chunked")
    status, data = await raw_exchange(server.port, head, _chunked(body, 16))
    assert status == 200, data


async def test_over_the_limit_is_413_chunked_or_not(server: Any) -> None:
    body = _body("big-1", "x" * 5000)
    head = _head(signed_headers(SECRET, body), "Transfer-Encoding: chunked")
    status, _ = await raw_exchange(server.port, head, _chunked(body, 1000))
    assert status == 413
    head = _head(signed_headers(SECRET, body), f"Content-Length: {len(body)}")
    status, _ = await raw_exchange(server.port, head, [body[:3000], body[3000:]])
    assert status == 413


async def test_a_half_sent_body_times_out(server: Any) -> None:
    body = _body("half-1")
    head = _head(signed_headers(SECRET, body), f"Content-Length: {len(body)}")
    status, _ = await raw_exchange(server.port, head, [body[:10]], read_timeout=20)
    assert status == 408


async def test_idle_and_half_sent_header_connections_are_closed(server: Any) -> None:
    for first in (b"", b"POST /webhooks/generic HTTP/1.1\r\nHost: x\r\n"):
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(first)
        await writer.drain()
        # The server closes the connection on its own (EOF), well before our own guard.
        data = await asyncio.wait_for(reader.read(), 20)
        writer.close()
        assert b"200" not in data


async def test_metrics_are_not_served_to_proxied_or_remote_clients(aiohttp_client: Any, make_settings: Any,
                                                                   models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings()))
    assert (await client.get("/metrics")).status == 200            # loopback, direct: the scraper
    assert (await client.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})).status == 404
    client = await aiohttp_client(create_app(make_settings(METRICS_TOKEN="scrape-me")))
    assert (await client.get("/metrics")).status == 404
    assert (await client.get("/metrics", headers={"Authorization": "Bearer nope"})).status == 404
    assert (await client.get("/metrics", headers={"Authorization": "Bearer scrape-me"})).status == 200


@pytest.mark.parametrize("body,ctype", [
    (b"--x\r\nContent-Disposition: form-data; name=\"token\"\r\n\r\nabc", "multipart/form-data; boundary=x"),
    (b"garbage", "multipart/form-data"),
    (b"--x\r\ngarbage\r\n--x--\r\n", "multipart/form-data; boundary=x"),
    (b"token=%ff%fe&csrf=\xff", "application/x-www-form-urlencoded"),
])
async def test_malformed_login_forms_are_400_not_500(aiohttp_client: Any, make_settings: Any, models: Any,
                                                    body: bytes, ctype: str) -> None:
    client = await aiohttp_client(create_app(make_settings(AUDIT_REVIEWER_TOKEN="reviewer-token-123456")))
    resp = await client.post("/audit/login", data=body, headers={"Content-Type": ctype})
    assert resp.status < 500


async def test_bad_bytes_in_signature_headers_are_401_over_http(aiohttp_server: Any, make_settings: Any,
                                                                 models: Any) -> None:
    settings = make_settings(GENERIC_SECRET=SECRET, SERVER_PROCESS_INBOX="false",
                             TELEGRAM_BOT_TOKEN="123:abc", TELEGRAM_SECRET_TOKEN="tg-secret")
    srv = await aiohttp_server(create_app(settings), host="127.0.0.1")
    body = b'{"update_id": 1, "message": {"message_id": 1, "chat": {"id": 5, "type": "private"}, "text": "hi"}}'
    head = (b"POST /webhooks/telegram HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
            b"X-Telegram-Bot-Api-Secret-Token: tg-s\xc3\xa9cret\xff\r\n"
            + f"Content-Length: {len(body)}\r\n\r\n".encode())
    status, data = await raw_exchange(srv.port, head, [body], pause_s=0)
    assert status == 401, data
    gbody = _body("sup-1")
    for ts in ("²", "1" + "0" * 400):             # isdigit() but not int(); 10^400
        h = signed_headers(SECRET, gbody)
        h["X-Aftersales-Timestamp"] = ts
        head = _head(h, f"Content-Length: {len(gbody)}")
        status, data = await raw_exchange(srv.port, head, [gbody], pause_s=0)
        assert status == 401, data
