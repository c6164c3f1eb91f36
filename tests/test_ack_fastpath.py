"""The acknowledgement's cheaper steps (#17) give exactly what the slower ones gave: the same
dedupe and conversation hashes as stored rows already carry, blobs that open as before, one
JSON encoding that is still refused when it cannot be stored, the generic signature checked
against the current secret, the whole body however it arrives, the heap frozen in `serve` only."""
from __future__ import annotations

import hashlib
import json
import math
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters._schema import storable
from adapters.base import InboundRequest, Parsed
from adapters.generic import GenericAdapter, sign
from bot.core.errors import PayloadError, PayloadTooLarge, VerificationError
from bot.core.messages import Message, message_json
from bot.db import connect
from bot.inbox import SCOPE, _aad, message_key, open_message, seal_message
from bot.server.http_body import read_body
from bot.server.metrics import Metrics
from privacy.keys import DecryptError, KeyRing

ROOT = Path(__file__).resolve().parent.parent


def message(mid: str = "m-1", text: str = "where is my order 88120046? 我的包裹到哪了", **raw: object) -> Message:
    return Message(platform="generic", conversation_id="c-1", sender_id="web:u1", message_id=mid, text=text,
                   identity="web:u1", raw=raw)


@pytest.fixture
async def keyring(tmp_path: Path) -> AsyncIterator[KeyRing]:
    conn = await connect(tmp_path / "keys.db")
    yield await KeyRing.open(conn, {"m1": bytes(range(32))}, "m1")
    await conn.close()


# -- hashes: identical to the per-call keyed BLAKE2b they replace (stored rows keep deduping) ----------

async def test_message_key_is_the_keyed_hash_rows_already_carry(keyring: KeyRing) -> None:
    secret = await keyring.system_secret("inbox-message")
    for mid in ("m-1", "SO202611200931", "#W2378156", "訂單-1001"):
        expected = "k1:" + hashlib.blake2b(f"generic\x00{mid}".encode(), key=secret[:64], digest_size=16).hexdigest()
        assert await message_key(keyring, "generic", mid) == expected
        assert await message_key(keyring, "generic", mid) == expected      # the cached state is copied, not spent


async def test_conversation_hash_unchanged_and_per_ring(keyring: KeyRing, tmp_path: Path) -> None:
    msg = message()
    _, conv = await seal_message(keyring, msg)
    secret = await keyring.system_secret("inbox-conversation")
    assert conv == hashlib.blake2b(msg.conversation_key.encode(), key=secret[:64], digest_size=16).hexdigest()
    other_conn = await connect(tmp_path / "other-keys.db")
    try:
        other = await KeyRing.open(other_conn, {"m1": bytes(range(32))}, "m1")
        _, other_conv = await seal_message(other, msg)
        assert other_conv != conv        # another ring has its own secret: no state shared across rings
        assert await message_key(other, "generic", "m-1") != await message_key(keyring, "generic", "m-1")
    finally:
        await other_conn.close()


# -- sealing: the AAD prefix built once per key opens exactly as the full AAD did --------------------

async def test_sealed_message_opens_and_is_bound_to_its_row(keyring: KeyRing) -> None:
    msg = message(text="寄到台北市 100 號，麻煩了")
    key = await message_key(keyring, msg.platform, msg.message_id)
    payload, _ = await seal_message(keyring, msg, key)
    assert await open_message(keyring, msg.platform, key, payload) == msg
    other_row = await message_key(keyring, msg.platform, "m-2")
    with pytest.raises(DecryptError):
        await open_message(keyring, msg.platform, other_row, payload)          # another row's AAD
    second, _ = await seal_message(keyring, msg, key)
    assert second != payload                                                   # a fresh nonce each time


async def test_seal_matches_the_documented_aad(keyring: KeyRing) -> None:
    blob = await keyring.seal(SCOPE, b"hello", aad=b"x|y")
    header = blob[:9]
    key_id = header[1:].hex()
    sid = keyring._by_id[key_id][0]
    nonce = blob[9:21]
    # The long-standing layout: length-prefixed (label, scope id, header, caller's AAD).
    assert keyring._aead[key_id].decrypt(nonce, blob[21:], KeyRing._seal_aad(sid, header, b"x|y")) == b"hello"
    assert await keyring.open(SCOPE, blob, aad=b"x|y") == b"hello"


# -- one JSON encoding per message ---------------------------------------------------------------------

def test_message_json_is_the_sealed_encoding_and_memoised_by_identity() -> None:
    a = message("m-a")
    assert message_json(a) == json.dumps(a.to_dict(), ensure_ascii=False).encode("utf-8")
    assert message_json(a) is message_json(a)
    b = message("m-b")
    assert json.loads(message_json(b))["message_id"] == "m-b"
    for i in range(600):                       # far past the memo's size: still right, never stale
        assert json.loads(message_json(message(f"m-{i}")))["message_id"] == f"m-{i}"


def test_unstorable_message_is_still_refused_by_the_webhook_check() -> None:
    with pytest.raises(ValueError):
        message_json(message(score=math.nan))
    with pytest.raises(PayloadError):
        storable(Parsed(messages=[message(score=math.nan)]), "generic")
    assert storable(Parsed(messages=[message()]), "generic").messages[0].message_id == "m-1"


async def test_nan_in_raw_is_sealed_as_before(keyring: KeyRing) -> None:
    # A message built inside the server (never through `storable`) is stored as it always was.
    msg = message(score=math.inf)
    key = await message_key(keyring, msg.platform, msg.message_id)
    payload, _ = await seal_message(keyring, msg, key)
    raw = await keyring.open(SCOPE, payload, aad=_aad(msg.platform, key))
    assert json.loads(raw)["raw"]["score"] == math.inf


# -- the generic signature with a keyed HMAC copied per request -----------------------------------------

def signed(secret: str, body: bytes, ts: str | None = None) -> InboundRequest:
    ts = ts or str(int(time.time()))
    return InboundRequest(method="POST", path="/webhooks/generic", body=body, received_at=time.time(),
                          headers={"x-aftersales-timestamp": ts, "x-aftersales-signature": sign(secret, ts, body)})


def test_generic_verify_accepts_good_and_refuses_bad_signatures() -> None:
    adapter = GenericAdapter(secret="s3cret")
    body = json.dumps({"message_id": "m-1", "user": "web:u1", "text": "我要退货"}, ensure_ascii=False).encode()
    adapter.verify(signed("s3cret", body))
    adapter.verify(signed("s3cret", body))                 # the keyed state is reused, not consumed
    with pytest.raises(VerificationError):
        adapter.verify(signed("other", body))
    tampered = signed("s3cret", body)
    with pytest.raises(VerificationError):
        adapter.verify(InboundRequest(method="POST", path=tampered.path, body=body + b" ",
                                      headers=tampered.headers, received_at=tampered.received_at))


def test_generic_verify_follows_a_new_secret() -> None:
    adapter = GenericAdapter(secret="old")
    body = b'{"message_id": "m-1", "user": "web:u1", "text": "hi"}'
    adapter.verify(signed("old", body))
    adapter.secret = "new"
    adapter.verify(signed("new", body))
    with pytest.raises(VerificationError):
        adapter.verify(signed("old", body))


# -- the body: taken at once when buffered, read to the end otherwise, bounded either way ------------------

async def body_client(limit: int) -> TestClient:
    async def echo(request: web.Request) -> web.Response:
        try:
            body = await read_body(request, limit, 5.0)
        except PayloadTooLarge:
            return web.Response(status=413)
        return web.Response(body=hashlib.sha256(body).hexdigest().encode())
    app = web.Application()
    app.router.add_post("/b", echo)
    client = TestClient(TestServer(app))
    await client.start_server()
    return client


async def test_read_body_whole_and_bounded() -> None:
    client = await body_client(limit=1000)
    try:
        small = "寄到台北市".encode() * 10
        r = await client.post("/b", data=small)
        assert (await r.text()) == hashlib.sha256(small).hexdigest()

        async def pieces() -> AsyncIterator[bytes]:        # chunked: not all there with the headers
            for _ in range(5):
                yield b"x" * 100
        r = await client.post("/b", data=pieces())
        assert (await r.text()) == hashlib.sha256(b"x" * 500).hexdigest()

        async def too_many() -> AsyncIterator[bytes]:
            for _ in range(30):
                yield b"x" * 100
        assert (await client.post("/b", data=too_many())).status == 413
        assert (await client.post("/b", data=b"y" * 1001)).status == 413
    finally:
        await client.close()


# -- metrics: one labelled child per (platform, status) ---------------------------------------------------

def test_request_counter_counts_every_ack() -> None:
    m = Metrics(process=False)
    for _ in range(3):
        m.observe_request("generic", 200)
    m.observe_request("generic", 503)
    text = m.render().decode()
    assert 'aftersales_webhook_requests_total{platform="generic",status="200"} 3.0' in text
    assert 'aftersales_webhook_requests_total{platform="generic",status="503"} 1.0' in text


# -- the heap: frozen and collected less often, in the serving process only --------------------------------

def test_settle_freezes_the_startup_heap_and_raises_the_young_threshold() -> None:
    code = ("import gc; from bot.server.heap import settle, YOUNG_THRESHOLD; n = settle(); "
            "print(n > 1000, gc.get_freeze_count() == n, gc.get_threshold()[0] == YOUNG_THRESHOLD, gc.isenabled())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True", "True", "True"]


def test_settle_leaves_a_disabled_collector_alone() -> None:
    code = "import gc; gc.disable(); from bot.server.heap import settle; print(settle(), gc.get_freeze_count())"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["0", "0"]


def test_serve_settles_the_heap_once_ready() -> None:
    # `serve` is the one caller: after the lifecycle loaded everything, before taking traffic.
    src = (ROOT / "bot/cli/main.py").read_text()
    announce = src[src.index("async def announce"):src.index("async def farewell")]
    assert "settle()" in announce
