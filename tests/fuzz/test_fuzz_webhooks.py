"""Hostile input at every webhook: random bytes, wrong JSON types, deep nesting, huge strings,
invalid UTF-8, lone surrogates, junk XML. The answer is always a clean 4xx (or a 200 for input
that happens to be valid), never a 500, an uncaught exception or a hang.

- every adapter found by `adapters.discover()` whose `from_settings` accepts fake secrets:
  `verify` and `parse` called directly on `InboundRequest`s; only `BotError`s with a 4xx status
  may come out, and whatever `parse` returns must be storable by the inbox;
- the generic webhook over real HTTP (loopback server in a thread), unsigned and signed, so
  random bodies also get past the signature check into parsing and the durable inbox.
"""
from __future__ import annotations

import ast
import asyncio
import base64
import http.client
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

import adapters
from adapters.base import InboundRequest, Parsed
from adapters.generic import signed_headers
from bot.core.errors import BotError
from bot.core.messages import Message, Reply
from bot.core.settings import Settings, load_settings
from tests.conftest import TEST_MASTER_KEY

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))     # ≤ 200 keeps the suite fast
FUZZ = hsettings(max_examples=EXAMPLES, deadline=None, database=None,   # no .hypothesis/ in the tree
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])
HTTP_TIMEOUT_S = 15.0        # a hang shows up as a socket timeout, not a stuck suite
GENERIC_SECRET = "fuzz-generic-secret"
_ED25519_PUBLIC_HEX = Ed25519PrivateKey.generate().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


# -- adapters under test ------------------------------------------------------------------------------

class FakeSecrets(Settings):
    """Every secret a platform asks for is set to a plausible fake (URLs point at a closed port)."""

    numeric_ids = False

    def secret(self, name: str) -> str | None:
        if self.numeric_ids and name.endswith("_ID"):
            return "1234567890"
        if name.endswith(("_API_BASE", "_BASE", "_URL")):
            return "http://127.0.0.1:9"
        if name.endswith("PUBLIC_KEY"):
            return _ED25519_PUBLIC_HEX
        if name.endswith("AES_KEY"):
            return base64.b64encode(bytes(range(32))).decode()[:43]
        if name == "MASTER_KEY":
            return TEST_MASTER_KEY
        return "fuzz-" + name.lower().replace("_", "-")


def _fake_settings(tmp: Path, numeric_ids: bool = False) -> Settings:
    base = load_settings(env={"AFTERSALES_DATA_DIR": str(tmp), "AFTERSALES_GENERATOR_KIND": "template"})
    fake = FakeSecrets(base.data, base.env)
    fake.numeric_ids = numeric_ids
    return fake


def _build_adapters() -> tuple[dict[str, Any], dict[str, str]]:
    built: dict[str, Any] = {}
    refused: dict[str, str] = {}
    variants = [_fake_settings(Path("/nonexistent-fuzz-data"), numeric) for numeric in (False, True)]
    for name, module in adapters.discover().items():
        factory = getattr(module, "from_settings", None) or module.ADAPTER.from_settings
        adapter = None
        for s in variants:            # some platforms want numeric ids (Discord, WeCom)
            try:
                adapter = factory(s)
                break
            except Exception as exc:  # noqa: BLE001 - an adapter whose settings we cannot fake is reported
                refused[name] = f"{type(exc).__name__}: {exc}"
        if adapter is None:
            continue
        refused.pop(name, None)
        if adapter is not None:
            built[name] = adapter
    return built, refused


ADAPTERS, REFUSED = _build_adapters()
NAMES = sorted(ADAPTERS)


def _vocabulary() -> list[str]:
    """Every short string literal in the adapter modules: keys and values the parsers look for,
    so generated payloads reach past the first `if data.get("type") != ...`."""
    words: set[str] = set()
    for path in Path(adapters.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and 0 < len(node.value) <= 40 \
                    and "\n" not in node.value and " " not in node.value:
                words.add(node.value)
    return sorted(words)


VOCAB = _vocabulary()


def test_the_fuzzers_cover_the_known_adapters() -> None:
    # A fuzz run over nothing proves nothing: the shipped platforms must all be under test.
    assert {"generic", "line", "slack", "telegram", "whatsapp"} <= set(NAMES), REFUSED
    assert len(VOCAB) > 50


# -- strategies ----------------------------------------------------------------------------------

def _lone_surrogate_text() -> st.SearchStrategy[str]:
    return st.builds(lambda a, s, b: a + chr(s) + b, st.text(max_size=5), st.integers(0xD800, 0xDFFF),
                     st.text(max_size=5))


scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(2 ** 80), max_value=2 ** 80),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30), st.sampled_from(VOCAB),
    _lone_surrogate_text(),
    st.integers(10_000, 300_000).map(lambda n: "长" * n),            # huge strings
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.sampled_from(VOCAB), st.text(max_size=8)), inner,
                                            max_size=6)),
    max_leaves=25,
)


def _dump(value: Any) -> bytes:
    # Raw UTF-8 (a lone surrogate becomes invalid UTF-8 bytes)…
    return json.dumps(value, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def _dump_ascii(value: Any) -> bytes:
    # …or \uXXXX escapes (a lone surrogate becomes valid JSON that decodes to an unencodable str).
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


def _nested(depth: int, kind: str) -> bytes:
    if kind == "list":
        return b"[" * depth + b"]" * depth
    if kind == "dict":
        return b'{"a":' * depth + b"1" + b"}" * depth
    return b'{"events": ' + b"[" * depth + b"]" * depth + b', "text": "x"}'


xml_bodies = st.builds(
    lambda fields, junk: ("<xml>" + "".join(f"<{k}>{v}</{k}>" for k, v in fields) + "</xml>" + junk).encode(
        "utf-8", "surrogatepass"),
    st.lists(st.tuples(st.sampled_from([w for w in VOCAB if w.isidentifier()] or ["MsgType"]),
                       st.one_of(st.sampled_from(VOCAB), st.text(max_size=20).map(
                           lambda t: t.replace("<", "").replace("&", "")))), max_size=8),
    st.sampled_from(["", "<", "<!DOCTYPE x>", "&bogus;", "<xml><a>"]),
)

bodies = st.one_of(
    st.binary(max_size=2000),                                                   # random bytes
    json_values.map(_dump),                                                     # wrong JSON types
    st.dictionaries(st.sampled_from(VOCAB), json_values, max_size=8).map(_dump),
    st.dictionaries(st.sampled_from(VOCAB), json_values, max_size=8).map(_dump_ascii),
    st.tuples(st.integers(1, 200_000), st.sampled_from(["list", "dict", "inner"])).map(
        lambda t: _nested(*t)),                                                 # deep nesting
    st.binary(max_size=200).map(lambda b: b'{"text": "' + b + b'\xff\xfe\xc0\xaf"}'),   # invalid UTF-8
    st.sampled_from([b"", b"null", b"{}", b"[]", b"\xef\xbb\xbf{}", b"\x00" * 64]),
    xml_bodies,
)

generic_shaped = st.one_of(
    # Right keys, wrong or hostile values: the parser's field checks.
    st.fixed_dictionaries({"message_id": json_values, "user": json_values, "text": json_values},
                          optional={"conversation": json_values}).map(_dump),
    st.fixed_dictionaries({"message_id": st.text(min_size=1, max_size=300), "user": st.text(max_size=300),
                           "text": st.one_of(st.text(), _lone_surrogate_text(),
                                             st.integers(1, 900_000).map(lambda n: "x" * n))},
                          optional={"conversation": st.text(max_size=300)}).map(_dump),
    st.fixed_dictionaries({"message_id": st.text(min_size=1, max_size=30), "user": st.just("web:fuzz"),
                           "text": _lone_surrogate_text()}).map(_dump_ascii),
    st.integers(1_048_000, 1_100_000).map(lambda n: b'{"text": "' + b"a" * n + b'"}'),   # near/over 1 MiB
)
generic_bodies = st.one_of(bodies, generic_shaped)

header_values = st.one_of(st.text(max_size=80), st.sampled_from(["", "sha256=", "v0=abc", "0", "-1",
                                                                  "99999999999999999999", str(int(time.time()))]))
headers = st.dictionaries(
    st.sampled_from(["x-aftersales-timestamp", "x-aftersales-signature", "x-slack-signature",
                     "x-slack-request-timestamp", "x-line-signature", "x-hub-signature-256",
                     "x-telegram-bot-api-secret-token", "x-signature-ed25519", "x-signature-timestamp",
                     "content-type", "x-lark-signature", "x-lark-request-timestamp", "timestamp", "sign"]),
    header_values, max_size=6)
queries = st.dictionaries(st.one_of(st.sampled_from(["hub.mode", "hub.verify_token", "hub.challenge", "signature",
                                                     "timestamp", "nonce", "echostr", "msg_signature",
                                                     "encrypt_type"]), st.text(max_size=8)),
                          st.one_of(st.text(max_size=40), st.sampled_from(VOCAB)), max_size=6)
requests = st.builds(
    lambda method, body, hdrs, query: InboundRequest(method=method, path="/webhooks/fuzz", body=body, headers=hdrs,
                                                     query=query, received_at=time.time()),
    st.sampled_from(["POST", "POST", "POST", "GET"]), st.one_of(bodies, generic_shaped), headers, queries)


# -- direct: verify and parse ------------------------------------------------------------------------

def _storable(parsed: Any) -> None:
    """What the webhook does with a Parsed: messages sealed as UTF-8 JSON, handshakes sent as a body."""
    assert isinstance(parsed, Parsed), type(parsed)
    for msg in parsed.messages:
        assert isinstance(msg, Message)
        for fld in (msg.platform, msg.conversation_id, msg.sender_id, msg.message_id, msg.text, msg.user):
            assert isinstance(fld, str)
        json.dumps(msg.to_dict(), ensure_ascii=False).encode()         # UnicodeEncodeError = a 500 later
    for notice in parsed.notices:
        assert isinstance(notice, Reply)
    if parsed.handshake is not None:
        body = parsed.handshake.body
        (body.encode() if isinstance(body, str) else bytes(body))


def _clean(exc: BotError) -> None:
    assert 400 <= exc.status < 500, f"{type(exc).__name__} maps to {exc.status}"


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(req=requests)
def test_adapter_verify_and_parse_fail_cleanly(name: str, req: InboundRequest) -> None:
    adapter = ADAPTERS[name]
    try:
        adapter.verify(req)
    except BotError as exc:
        _clean(exc)
        return
    try:                                    # (rarely) verified: parse must be clean too
        _storable(adapter.parse(req))
    except BotError as exc:
        _clean(exc)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(req=requests)
def test_adapter_parse_fails_cleanly_even_unverified(name: str, req: InboundRequest) -> None:
    # The server only parses verified requests; parsing anything safely is the stronger property
    # (a platform bug or a leaked secret must not turn into a crash).
    try:
        _storable(ADAPTERS[name].parse(req))
    except BotError as exc:
        _clean(exc)


# -- the generic webhook over HTTP -------------------------------------------------------------------

class ServerThread:
    """The real app on 127.0.0.1 in its own thread and event loop (hypothesis tests are sync)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.port = 0
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            asyncio.run(self._main())
        except BaseException as exc:  # noqa: BLE001 - surfaced to the test
            self.error = exc
            self._ready.set()

    async def _main(self) -> None:
        from aiohttp import web

        from bot.server.app import create_app
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        runner = web.AppRunner(create_app(self.settings))
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        self.port = runner.addresses[0][1]
        self._ready.set()
        await self._stop.wait()
        await runner.cleanup()

    def __enter__(self) -> ServerThread:
        self.thread.start()
        self._ready.wait(300)
        if self.error:
            raise self.error
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._loop and self._stop:
            self._loop.call_soon_threadsafe(self._stop.set)
        self.thread.join(60)

    def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=HTTP_TIMEOUT_S)
        try:
            conn.request("POST", "/webhooks/generic", body=body, headers=headers)
            resp = conn.getresponse()
            return resp.status, resp.read()
        finally:
            conn.close()


@pytest.fixture(scope="module")
def generic_server(tmp_path_factory: pytest.TempPathFactory, models: Any) -> Iterator[ServerThread]:
    tmp = tmp_path_factory.mktemp("fuzz-generic")
    s = load_settings(env={"AFTERSALES_DATA_DIR": str(tmp), "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY,
                           "AFTERSALES_GENERATOR_KIND": "template", "AFTERSALES_GENERIC_SECRET": GENERIC_SECRET,
                           # store only: this fuzzes the edge, not the pipeline; no flood limit in the way
                           "AFTERSALES_SERVER_PROCESS_INBOX": "false", "AFTERSALES_SERVER_PER_USER_PER_MINUTE": "0"})
    with ServerThread(s) as server:
        yield server


def _check_http(status: int, payload: bytes) -> None:
    assert status < 500, (status, payload[:200])
    if status != 200:
        assert 400 <= status < 500
        json.loads(payload)                 # a clean, JSON error body; never a traceback page


content_types = st.sampled_from(["application/json", "application/json; charset=utf-8", "text/plain", "",
                                 "image/png", "application/json; charset=latin-1", "multipart/form-data"])


@FUZZ
@given(body=generic_bodies, hdrs=headers, ctype=content_types)
def test_generic_webhook_unsigned(generic_server: ServerThread, body: bytes, hdrs: dict[str, str],
                                  ctype: str) -> None:
    h = {k: "".join(c for c in v if 0x20 <= ord(c) < 0x7f) for k, v in hdrs.items() if k != "content-type"}
    if ctype:
        h["Content-Type"] = ctype
    status, payload = generic_server.post(body, h)
    _check_http(status, payload)
    assert status != 200, "an unsigned request was accepted"


@FUZZ
@given(body=generic_bodies, ctype=content_types)
def test_generic_webhook_signed(generic_server: ServerThread, body: bytes, ctype: str) -> None:
    # Correctly signed: hostile bodies get past verification into parsing and the durable inbox.
    h = signed_headers(GENERIC_SECRET, body)
    if ctype:
        h["Content-Type"] = ctype
    else:
        del h["Content-Type"]
    status, payload = generic_server.post(body, h)
    _check_http(status, payload)
