"""Correctly signed hostile payloads at every adapter (issue #10 item 8).

Random bodies rarely get past a signature check, so here each platform's genuine payload is
mutated — a field replaced by a string, list or object where another type belongs, `²` (which
passes `str.isdigit` but not `int`), 10^400, NaN, a lone surrogate, a deleted key — and then
signed exactly as the platform would sign it. `verify` and `parse` must either accept (and return
messages the inbox can store) or refuse with a 4xx `BotError`; anything else would be a 500.
"""
from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from adapters import dingtalk, discord, feishu, generic, line, messenger, slack, telegram, wechat, wecom, whatsapp
from adapters._crypto import WxCrypto, feishu_signature, sha1_signature
from adapters._meta import signature as meta_signature
from adapters.base import InboundRequest, Parsed
from bot.core.errors import BotError
from bot.core.messages import Message, Reply
from bot.core.settings import load_settings

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = hsettings(max_examples=EXAMPLES, deadline=None, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])

AES_KEY = base64.b64encode(bytes(range(32))).decode()[:43]
ED_KEY = Ed25519PrivateKey.generate()
ED_PUBLIC = ED_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
FEISHU_KEY, FEISHU_TOKEN = "fuzz encrypt key", "fuzz-verification-token"
ENV = {
    "AFTERSALES_GENERIC_SECRET": "fuzz-generic",
    "AFTERSALES_TELEGRAM_BOT_TOKEN": "123:abc", "AFTERSALES_TELEGRAM_SECRET_TOKEN": "fuzz-secret",
    "AFTERSALES_SLACK_SIGNING_SECRET": "fuzz-slack", "AFTERSALES_SLACK_BOT_TOKEN": "xoxb-fuzz",
    "AFTERSALES_LINE_CHANNEL_SECRET": "fuzz-line", "AFTERSALES_LINE_CHANNEL_ACCESS_TOKEN": "line-at",
    "AFTERSALES_MESSENGER_APP_SECRET": "fuzz-messenger", "AFTERSALES_MESSENGER_VERIFY_TOKEN": "v",
    "AFTERSALES_MESSENGER_PAGE_ACCESS_TOKEN": "page-at",
    "AFTERSALES_WHATSAPP_APP_SECRET": "fuzz-whatsapp", "AFTERSALES_WHATSAPP_VERIFY_TOKEN": "v",
    "AFTERSALES_WHATSAPP_ACCESS_TOKEN": "wa-at",
    "AFTERSALES_FEISHU_APP_ID": "cli_fuzz", "AFTERSALES_FEISHU_APP_SECRET": "s",
    "AFTERSALES_FEISHU_VERIFICATION_TOKEN": FEISHU_TOKEN, "AFTERSALES_FEISHU_ENCRYPT_KEY": FEISHU_KEY,
    "AFTERSALES_WECOM_TOKEN": "fuzzwecom", "AFTERSALES_WECOM_ENCODING_AES_KEY": AES_KEY,
    "AFTERSALES_WECOM_CORP_ID": "wwfuzz", "AFTERSALES_WECOM_CORP_SECRET": "s", "AFTERSALES_WECOM_AGENT_ID": "1000002",
    "AFTERSALES_WECHAT_TOKEN": "fuzzwechat", "AFTERSALES_WECHAT_APP_ID": "wxfuzz",
    "AFTERSALES_WECHAT_APP_SECRET": "s", "AFTERSALES_WECHAT_ENCODING_AES_KEY": AES_KEY,
    "AFTERSALES_DINGTALK_APP_KEY": "dingfuzz", "AFTERSALES_DINGTALK_APP_SECRET": "fuzz-dingtalk",
    "AFTERSALES_DISCORD_PUBLIC_KEY": ED_PUBLIC, "AFTERSALES_DISCORD_APPLICATION_ID": "1234567890",
}
PLAIN = {k: v for k, v in ENV.items() if k not in ("AFTERSALES_FEISHU_ENCRYPT_KEY", "AFTERSALES_WECHAT_ENCODING_AES_KEY")}


def _now() -> int:
    return int(time.time())


def _req(body: bytes, headers: dict[str, str] | None = None, query: dict[str, str] | None = None) -> InboundRequest:
    return InboundRequest(method="POST", path="/webhooks/fuzz", body=body,
                          headers={k.lower(): v for k, v in (headers or {}).items()},
                          query=dict(query or {}), received_at=time.time())


# -- each platform: a genuine payload, and how the platform signs a body ------------------------------

def _feishu_encrypt(plain: bytes) -> str:
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(hashlib.sha256(FEISHU_KEY.encode()).digest()), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + enc.update(padder.update(plain) + padder.finalize()) + enc.finalize()).decode()


def _xml(fields: dict[str, Any]) -> bytes:
    return ("<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in fields.items()) + "</xml>").encode(
        "utf-8", "surrogatepass")


@dataclass
class Platform:
    name: str
    module: Any
    plain: bool                                      # settings without the optional encryption key
    template: Callable[[], Any]
    sign: Callable[[Any, str | None, bool], InboundRequest]   # (payload, header timestamp or None, ascii)
    xml: bool = False

    def adapter(self) -> Any:
        return self.module.from_settings(load_settings(env=PLAIN if self.plain else ENV))


def _dump(payload: Any, ascii_only: bool) -> bytes:
    return json.dumps(payload, ensure_ascii=ascii_only, allow_nan=True).encode("utf-8", "surrogatepass")


def _sign_generic(payload: Any, ts: str | None, a: bool) -> InboundRequest:
    body, ts = _dump(payload, a), ts or str(_now())
    return _req(body, {"X-Aftersales-Timestamp": ts, "X-Aftersales-Signature": generic.sign("fuzz-generic", ts, body)})


def _sign_slack(payload: Any, ts: str | None, a: bool) -> InboundRequest:
    body, ts = _dump(payload, a), ts or str(_now())
    return _req(body, {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": slack.signature("fuzz-slack", ts, body)})


def _sign_discord(payload: Any, ts: str | None, a: bool) -> InboundRequest:
    body, ts = _dump(payload, a), ts or str(_now())
    sig = ED_KEY.sign(ts.encode("utf-8", "surrogatepass") + body).hex()
    return _req(body, {"X-Signature-Ed25519": sig, "X-Signature-Timestamp": ts})


def _sign_dingtalk(payload: Any, ts: str | None, a: bool) -> InboundRequest:
    ts = ts or str(_now() * 1000)
    return _req(_dump(payload, a), {"timestamp": ts, "sign": dingtalk.signature("fuzz-dingtalk", ts)})


def _sign_feishu(payload: Any, ts: str | None, a: bool) -> InboundRequest:
    body = json.dumps({"encrypt": _feishu_encrypt(_dump(payload, a))}).encode()
    ts, nonce = ts or str(_now()), "n0nce"
    return _req(body, {"X-Lark-Request-Timestamp": ts, "X-Lark-Request-Nonce": nonce,
                       "X-Lark-Signature": feishu_signature(ts, nonce, FEISHU_KEY, body)})


def _sign_wx(token: str, receive_id: str, safe: bool) -> Callable[[Any, str | None, bool], InboundRequest]:
    def sign(fields: Any, ts: str | None, a: bool) -> InboundRequest:
        ts, nonce = ts or str(_now()), "461056294"
        plain = _xml(fields) if isinstance(fields, dict) else str(fields).encode("utf-8", "surrogatepass")
        if not safe:
            return _req(plain, query={"signature": sha1_signature(token, ts, nonce), "timestamp": ts,
                                      "nonce": nonce, "openid": "o1"})
        enc = WxCrypto(token, AES_KEY, receive_id).encrypt(plain)
        body = f"<xml><ToUserName><![CDATA[x]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>".encode()
        query = {"msg_signature": sha1_signature(token, ts, nonce, enc), "timestamp": ts, "nonce": nonce}
        if receive_id.startswith("wx"):          # WeChat: plain signature too, and encrypt_type
            query |= {"signature": sha1_signature(token, ts, nonce), "encrypt_type": "aes"}
        return _req(body, query=query)
    return sign


def _feishu_event() -> dict[str, Any]:
    return {"schema": "2.0",
            "header": {"event_id": "e1", "event_type": "im.message.receive_v1", "create_time": str(_now() * 1000),
                       "token": FEISHU_TOKEN, "app_id": "cli_fuzz"},
            "event": {"sender": {"sender_id": {"open_id": "ou_1"}, "sender_type": "user"},
                      "message": {"message_id": "om_1", "chat_id": "oc_1", "chat_type": "p2p",
                                  "message_type": "text", "content": json.dumps({"text": "hi"})}}}


def _wx_fields(to: str) -> dict[str, Any]:
    return {"ToUserName": to, "FromUserName": "oFuzzUser", "CreateTime": str(_now()), "MsgType": "text",
            "Content": "hi", "MsgId": "1234567890", "AgentID": "1000002"}


PLATFORMS = [
    Platform("generic", generic, False, lambda: {"message_id": "m1", "user": "web:fz", "conversation": "c",
                                                 "text": "hi"}, _sign_generic),
    Platform("telegram", telegram, False, lambda: {
        "update_id": 1, "message": {"message_id": 5, "date": _now(), "chat": {"id": 1001, "type": "private"},
                                    "from": {"id": 1001, "is_bot": False}, "text": "hi"}},
        lambda p, ts, a: _req(_dump(p, a), {"X-Telegram-Bot-Api-Secret-Token": "fuzz-secret"})),
    Platform("slack", slack, False, lambda: {
        "type": "event_callback", "event_id": "Ev1", "team_id": "T1",
        "event": {"type": "message", "channel_type": "im", "channel": "D1", "user": "U1", "ts": "1.2",
                  "text": "hi", "thread_ts": "1.1"}}, _sign_slack),
    Platform("line", line, False, lambda: {"destination": "U0", "events": [{
        "type": "message", "mode": "active", "timestamp": _now() * 1000, "webhookEventId": "01H",
        "replyToken": "rt", "source": {"type": "user", "userId": "U1"},
        "message": {"id": "444", "type": "text", "text": "hi"}, "deliveryContext": {"isRedelivery": False}}]},
        lambda p, ts, a: (lambda body: _req(body, {"X-Line-Signature": line.signature("fuzz-line", body)}))(
            _dump(p, a))),
    Platform("messenger", messenger, False, lambda: {"object": "page", "entry": [{
        "id": "PAGE", "time": _now() * 1000, "messaging": [{
            "sender": {"id": "PSID"}, "recipient": {"id": "PAGE"}, "timestamp": _now() * 1000,
            "message": {"mid": "m_1", "text": "hi", "attachments": [{"type": "image"}]}}]}]},
        lambda p, ts, a: (lambda body: _req(body, {"X-Hub-Signature-256": meta_signature("fuzz-messenger", body)}))(
            _dump(p, a))),
    Platform("whatsapp", whatsapp, False, lambda: {"object": "whatsapp_business_account", "entry": [{
        "id": "WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp", "metadata": {"phone_number_id": "PN1"},
            "messages": [{"from": "8613800000000", "id": "wamid.1", "timestamp": str(_now()), "type": "text",
                          "text": {"body": "hi"}}]}}]}]},
        lambda p, ts, a: (lambda body: _req(body, {"X-Hub-Signature-256": meta_signature("fuzz-whatsapp", body)}))(
            _dump(p, a))),
    Platform("feishu", feishu, False, _feishu_event, _sign_feishu),
    Platform("feishu-plain", feishu, True, _feishu_event, lambda p, ts, a: _req(_dump(p, a))),
    Platform("wecom", wecom, False, lambda: _wx_fields("wwfuzz"), _sign_wx("fuzzwecom", "wwfuzz", True), xml=True),
    Platform("wechat", wechat, False, lambda: _wx_fields("gh_1"), _sign_wx("fuzzwechat", "wxfuzz", True), xml=True),
    Platform("wechat-plain", wechat, True, lambda: _wx_fields("gh_1"), _sign_wx("fuzzwechat", "wxfuzz", False),
             xml=True),
    Platform("dingtalk", dingtalk, False, lambda: {
        "msgId": "m1", "msgtype": "text", "createAt": _now() * 1000, "conversationType": "1",
        "conversationId": "cid1", "senderId": "s", "senderStaffId": "staff1", "text": {"content": "hi"},
        "sessionWebhook": "https://oapi.dingtalk.com/robot/sendBySession?session=x", "robotCode": "x"},
        _sign_dingtalk),
    Platform("discord", discord, False, lambda: {
        "type": 2, "id": "111", "token": "tok", "application_id": "1234567890", "channel_id": "222",
        "guild_id": "333", "member": {"user": {"id": "444"}},
        "data": {"name": "ask", "options": [{"type": 3, "name": "text", "value": "hi"}]}}, _sign_discord),
]
BY_NAME = {p.name: p for p in PLATFORMS}
ADAPTERS = {p.name: p.adapter() for p in PLATFORMS}


# -- mutations ------------------------------------------------------------------------------------------

HOSTILE = st.one_of(
    st.sampled_from(["²", "٣", "１２", "1e3", "", " ", "NaN", "-1", "0x1f", "9" * 400, "a\ud800b", "\udfff",
                     "长" * 3000, "]]>", "<", "&amp;", "<!DOCTYPE x>", "null", "{}", "[]"]),
    st.sampled_from([10 ** 400, -(10 ** 400), 2 ** 64, float("nan"), float("inf"), float("-inf"), 1e308, -1, 0,
                     True, False, None, [], {}, ["x"], [1, 2], {"x": 1}, [{"a": {}}], {"text": ["x"]}]),
    st.text(max_size=12), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=5)),
                 lambda inner: st.one_of(st.lists(inner, max_size=3),
                                         st.dictionaries(st.text(max_size=5), inner, max_size=3)), max_leaves=8),
)
XML_HOSTILE = st.one_of(
    st.sampled_from(["²", "٣", "", " ", "9" * 400, "-1", "1e3", "nan", "inf", "长" * 3000, "]]>", "<", "&bogus;",
                     "event", "text", "image", "<![CDATA[x"]),
    st.text(max_size=12).map(lambda t: t.replace("\x00", "")),
)
HEADER_TS = st.one_of(st.none(), st.none(), st.sampled_from(
    ["²", "１２３", "٣", "1e9", "-1", "9" * 400, " 1", "", "0x10", "1.5", "1" * 14, "nan"]))


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(value, dict):
        for k, v in value.items():
            out += _paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out += _paths(v, prefix + (i,))
    return out


def _mutate(payload: Any, path: tuple[Any, ...], new: Any, delete: bool) -> Any:
    if not path:
        return new
    parent = payload
    for step in path[:-1]:
        parent = parent[step]
    if delete and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = new
    return payload


@st.composite
def signed_requests(draw: Any, platform: Platform) -> InboundRequest:
    payload = platform.template()
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(payload)
        if platform.xml:
            if not isinstance(payload, dict) or not payload:
                break
            key = draw(st.sampled_from(sorted(payload)))
            if draw(st.booleans()) and draw(st.booleans()):
                del payload[key]
            else:
                payload[key] = draw(XML_HOSTILE)
            continue
        path = draw(st.sampled_from(paths))
        # deepcopy: sampled lists/dicts are shared objects, and a later mutation may reach inside one
        payload = _mutate(payload, path, copy.deepcopy(draw(HOSTILE)), delete=draw(st.booleans()) and draw(st.booleans()))
    return platform.sign(payload, draw(HEADER_TS), draw(st.booleans()))


# -- properties -------------------------------------------------------------------------------------------

def _storable(parsed: Any) -> None:
    assert isinstance(parsed, Parsed), type(parsed)
    for msg in parsed.messages:
        assert isinstance(msg, Message)
        for fld in (msg.platform, msg.conversation_id, msg.sender_id, msg.message_id, msg.text, msg.user):
            assert isinstance(fld, str)
        json.dumps(msg.to_dict(), ensure_ascii=False, allow_nan=False).encode()
        # adapters/_schema.platform_time's rule: a finite date from 2000 on, at most a day ahead
        assert msg.received_at == msg.received_at and 946_684_800 <= msg.received_at < time.time() + 2 * 86400, \
            "an unbelievable platform date reached the latency reports"
    for notice in parsed.notices:
        assert isinstance(notice, Reply)
    if parsed.handshake is not None:
        body = parsed.handshake.body
        (body.encode() if isinstance(body, str) else bytes(body))


def _run(name: str, req: InboundRequest) -> str:
    adapter = ADAPTERS[name]
    try:
        adapter.verify(req)
        _storable(adapter.parse(req))
    except BotError as exc:
        assert 400 <= exc.status < 500, f"{type(exc).__name__} maps to {exc.status}"
        return str(exc.status)
    return "ok"


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_the_unmutated_template_is_genuine(name: str) -> None:
    # Proves each signer is right: otherwise the fuzzing below would only exercise verification.
    platform = BY_NAME[name]
    req = platform.sign(platform.template(), None, True)
    adapter = ADAPTERS[name]
    adapter.verify(req)
    parsed = adapter.parse(req)
    assert len(parsed.messages) == 1 and parsed.messages[0].text == "hi", parsed


def test_every_discovered_adapter_is_fuzzed_signed() -> None:
    import adapters
    assert set(adapters.discover()) <= {p.module.ADAPTER.name for p in PLATFORMS}


@pytest.mark.parametrize("name", sorted(BY_NAME))
@FUZZ
@given(data=st.data())
def test_signed_hostile_payloads_get_a_4xx_never_a_5xx(name: str, data: Any) -> None:
    _run(name, data.draw(signed_requests(BY_NAME[name])))


# The cases the review listed, one by one (each was a 500 before).
LISTED = [
    ("slack", lambda: _sign_slack(BY_NAME["slack"].template(), "²", True)),
    ("discord", lambda: _sign_discord(BY_NAME["discord"].template(), "²", True)),
    ("dingtalk", lambda: _sign_dingtalk(BY_NAME["dingtalk"].template(), "²", True)),
    ("generic", lambda: _sign_generic(BY_NAME["generic"].template(), "1" + "0" * 400, True)),
    ("feishu-plain", lambda: _req(b'{"header": "x"}')),
    ("feishu", lambda: _sign_feishu({**_feishu_event(), "header": "x"}, None, True)),
    ("feishu", lambda: _sign_feishu(_mutate(_feishu_event(), ("event", "message", "content"), 5, False), None, True)),
    ("feishu", lambda: _sign_feishu(_mutate(_feishu_event(), ("event", "message", "content"), '["x"]', False),
                                    None, True)),
    ("whatsapp", lambda: BY_NAME["whatsapp"].sign(_mutate(BY_NAME["whatsapp"].template(),
                                                          ("entry", 0, "changes", 0, "value", "messages", 0, "type"),
                                                          ["text"], False), None, True)),
    ("whatsapp", lambda: BY_NAME["whatsapp"].sign(_mutate(BY_NAME["whatsapp"].template(),
                                                          ("entry", 0, "changes", 0, "value", "messages", 0, "text"),
                                                          "hi", False), None, True)),
    ("wecom", lambda: BY_NAME["wecom"].sign({**_wx_fields("wwfuzz"), "CreateTime": "²"}, None, True)),
    ("wechat", lambda: BY_NAME["wechat"].sign({**_wx_fields("gh_1"), "CreateTime": "²"}, None, True)),
    ("telegram", lambda: BY_NAME["telegram"].sign(_mutate(BY_NAME["telegram"].template(), ("message", "date"),
                                                          10 ** 400, False), None, True)),
    ("telegram", lambda: BY_NAME["telegram"].sign(_mutate(BY_NAME["telegram"].template(), ("message", "from"),
                                                          "x", False), None, True)),
    ("telegram", lambda: _req(b'{"update_id": 1}', {"X-Telegram-Bot-Api-Secret-Token": "s\udcc3\udca9cret"})),
    ("messenger", lambda: BY_NAME["messenger"].sign(_mutate(BY_NAME["messenger"].template(),
                                                            ("entry", 0, "messaging", 0, "timestamp"), 10 ** 400,
                                                            False), None, True)),
    ("line", lambda: BY_NAME["line"].sign(_mutate(BY_NAME["line"].template(), ("events", 0, "timestamp"),
                                                  float("nan"), False), None, True)),
    ("slack", lambda: _sign_slack(_mutate(BY_NAME["slack"].template(), ("event", "text"), ["x"], False), None, True)),
    ("discord", lambda: _sign_discord(_mutate(BY_NAME["discord"].template(), ("member",), "x", False), None, True)),
    ("dingtalk", lambda: _sign_dingtalk(_mutate(BY_NAME["dingtalk"].template(), ("text",), "x", False), None, True)),
]


@pytest.mark.parametrize("case", range(len(LISTED)))
def test_the_listed_cases_are_4xx_or_clean(case: int) -> None:
    name, build = LISTED[case]
    _run(name, build())


def test_the_telegram_non_ascii_secret_is_a_401() -> None:
    assert _run("telegram", LISTED[14][1]()) == "401"


@pytest.mark.parametrize("name,value", [("telegram", float("nan")), ("telegram", 10 ** 400),
                                        ("telegram", 1e300), ("telegram", -5)])
def test_unbelievable_platform_dates_are_not_used(name: str, value: Any) -> None:
    req = BY_NAME[name].sign(_mutate(BY_NAME[name].template(), ("message", "date"), value, False), None, True)
    parsed = ADAPTERS[name].parse(req)
    assert abs(parsed.messages[0].received_at - time.time()) < 60


# -- the same payloads through the real server: never a 5xx ----------------------------------------------

HTTP_PLATFORMS = sorted(n for n, p in BY_NAME.items() if not p.plain)


@pytest.fixture(scope="module")
def signed_server(tmp_path_factory: pytest.TempPathFactory, models: Any) -> Any:
    from tests.conftest import TEST_MASTER_KEY
    from tests.fuzz.test_fuzz_webhooks import ServerThread
    tmp = tmp_path_factory.mktemp("fuzz-signed")
    s = load_settings(env={**ENV, "AFTERSALES_DATA_DIR": str(tmp), "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY,
                           "AFTERSALES_GENERATOR_KIND": "template", "AFTERSALES_SERVER_PROCESS_INBOX": "false",
                           "AFTERSALES_SERVER_PER_USER_PER_MINUTE": "0"})
    with ServerThread(s) as server:
        yield server


def _post(server: Any, name: str, req: InboundRequest) -> tuple[int, bytes]:
    import http.client
    import urllib.parse
    path = f"/webhooks/{BY_NAME[name].module.ADAPTER.name}"
    if req.query:
        path += "?" + urllib.parse.urlencode(req.query)
    headers = {k: v.encode("utf-8", "surrogateescape").decode("latin-1") for k, v in req.headers.items()}
    headers.setdefault("content-type", "text/xml" if BY_NAME[name].xml else "application/json")
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=15)
    try:
        conn.request("POST", path, body=req.body, headers=headers)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


@pytest.mark.parametrize("name", HTTP_PLATFORMS)
@hsettings(max_examples=max(10, EXAMPLES // 5), deadline=None, database=None,
           suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_signed_hostile_payloads_over_http_are_never_5xx(signed_server: Any, name: str, data: Any) -> None:
    status, body = _post(signed_server, name, data.draw(signed_requests(BY_NAME[name])))
    assert status < 500, (name, status, body[:200])


def test_the_template_over_http_is_accepted(signed_server: Any) -> None:
    for name in HTTP_PLATFORMS:
        platform = BY_NAME[name]
        status, body = _post(signed_server, name, platform.sign(platform.template(), None, True))
        assert status == 200, (name, status, body[:200])
