"""Feishu / Lark event subscription (im.message.receive_v1).

Two secrets (https://open.feishu.cn/document/server-docs/event-subscription-guide/):
- the Verification Token, echoed inside every event (`header.token`, or `token` in schema 1
  and in the `url_verification` challenge) — compared in constant time;
- the optional Encrypt Key: the body becomes `{"encrypt": …}` (AES-256-CBC, see `_crypto`)
  and requests carry `X-Lark-Signature = sha256_hex(timestamp + nonce + key + raw body)`.
  With a key set, an unsigned request is accepted only if it decrypts to the URL challenge
  with the right token (Feishu does not sign the challenge; lark-oapi answers it unsigned too).

Without an Encrypt Key nothing is signed: the Verification Token is a static secret inside the
body, and it does not cover the body (whoever sees one request can write others). Set the key.
In that plain mode the event's own `header.create_time` must lie within `PLAIN_WINDOW_S` (Feishu
retries unacknowledged events after 15 s, 5 min, 1 h and 6 h, same `event_id`, so the window
covers the last retry); the dedupe store keeps event ids longer than that, so a verbatim replay
is refused either way.
Lark (international) is the same API on open.larksuite.com: set AFTERSALES_FEISHU_API_BASE.

One-to-one images, files and rich-text posts carry `raw["media"]` (`image_key`/`file_key` and the
message id the resource API needs); a post's words are the message text.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, json_object, notice, now, read_secrets
from adapters._crypto import CryptoError, feishu_decrypt, feishu_signature
from adapters._schema import enum, filled, obj, opt_str, platform_time, schema_checked, verify_checked
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, http_outcome, split_text
from bot.core.errors import PayloadError, VerificationError
from bot.core.messages import Handshake, Message, Reply

API_BASE = "https://open.feishu.cn/open-apis"
PLAIN_WINDOW_S = 7 * 3600 + 30 * 60      # plain mode: events older than the last retry are refused
REPLAY_WINDOW_S = PLAIN_WINDOW_S
# A text message's request body may be at most 150 KB; leave room for JSON-in-JSON escaping.
TEXT_LIMIT_BYTES = 100_000
_MENTION = re.compile(r"@_user_\d+\s*")
_TOKEN_INVALID = {99991661, 99991663, 99991664}
_THROTTLED = {99991400, 11232, 230020}


@dataclass(frozen=True, slots=True)
class FeishuSettings:
    app_id: str
    app_secret: str = field(repr=False)
    verification_token: str = field(repr=False)
    encrypt_key: str | None = field(default=None, repr=False)
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> FeishuSettings | None:
        s = read_secrets(settings, "feishu", ("APP_ID", "APP_SECRET", "VERIFICATION_TOKEN"),
                         ("ENCRYPT_KEY",))
        if s is None:
            return None
        return cls(s["app_id"] or "", s["app_secret"] or "", s["verification_token"] or "",
                   s["encrypt_key"], api_base(settings, "feishu", API_BASE))


class FeishuAdapter:
    name: ClassVar[str] = "feishu"
    replay_window_s: ClassVar[float] = REPLAY_WINDOW_S
    # Every message carries a stable `uuid` Feishu dedupes on (one hour): a resend of a reply
    # whose first send may have gone out is safe (bot/inbox.py's restart rule).
    idempotent_send: ClassVar[bool] = True

    def __init__(self, config: FeishuSettings) -> None:
        self.config = config
        self.retry = RetryPolicy(idempotent=True)        # messages carry a stable `uuid`
        self.pace = RateLimiter(interval_s=0.2, burst=5)   # 5 QPS per chat, shared by all bots
        self.clock = time.time
        self._token: tuple[str, float] | None = None       # (tenant_access_token, expires_at)
        self._token_lock = asyncio.Lock()

    @classmethod
    def from_settings(cls, settings: Any) -> FeishuAdapter | None:
        config = FeishuSettings.from_settings(settings)
        return cls(config) if config else None

    # ---------------------------------------------------------------- inbound

    def _payload(self, req: InboundRequest) -> dict[str, Any]:
        data = json_object(req.body)
        if not self.config.encrypt_key:
            return data
        if not isinstance(data.get("encrypt"), str):
            raise VerificationError("feishu: encrypt key set but body not encrypted")
        try:
            return json_object(feishu_decrypt(self.config.encrypt_key, data["encrypt"]))
        except CryptoError:
            raise VerificationError("feishu: body does not decrypt") from None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        key = self.config.encrypt_key
        signed = False
        if key:
            sig = req.header("X-Lark-Signature")
            ts, nonce = req.header("X-Lark-Request-Timestamp"), req.header("X-Lark-Request-Nonce")
            if sig:
                if not constant_time_equal(sig, feishu_signature(ts, nonce, key, req.body)):
                    raise VerificationError("feishu: bad signature")
                signed = True
        payload = self._payload(req)
        challenge = payload.get("type") == "url_verification"
        if key and not signed and not challenge:
            raise VerificationError("feishu: unsigned event")
        header = obj(payload.get("header"), "feishu: header") if "header" in payload else None
        token = header.get("token") if header is not None else payload.get("token")
        if not isinstance(token, str) or not constant_time_equal(token,
                                                                 self.config.verification_token):
            raise VerificationError("feishu: wrong verification token")
        if not key and not challenge:
            # Plain mode: the token is all there is, so at least the event must be recent.
            created = header.get("create_time") if header is not None else None
            when = platform_time(created, unit_s=0.001, now=now(req)) if isinstance(created, str) else None
            if when is None or abs(now(req) - when) > PLAIN_WINDOW_S:
                raise VerificationError("feishu: event outside the replay window")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        payload = self._payload(req)
        if payload.get("type") == "url_verification":
            challenge = payload.get("challenge")
            if not isinstance(challenge, str):
                raise PayloadError("feishu: challenge missing")
            return Parsed(handshake=Handshake(200, json.dumps({"challenge": challenge}),
                                              "application/json"))
        header = payload.get("header")
        if isinstance(header, dict) and header.get("event_type") == "card.action.trigger":
            return _card_action(self.name, header, payload.get("event"))   # a tapped card button (bot/web/console)
        if not isinstance(header, dict) or header.get("event_type") != "im.message.receive_v1":
            return Parsed()   # other events, and schema-1 events (we subscribe to v2 only)
        event = payload.get("event")
        if not isinstance(event, dict):
            raise PayloadError("feishu: event missing")
        sender, message = obj(event.get("sender"), "feishu: sender"), event.get("message")
        if sender.get("sender_type") != "user":
            return Parsed()   # our own and other bots' messages
        if not isinstance(message, dict):
            raise PayloadError("feishu: message missing")
        chat_id, message_id = message.get("chat_id"), message.get("message_id")
        open_id = obj(sender.get("sender_id"), "feishu: sender_id").get("open_id")
        key = header.get("event_id") or message_id
        if not (filled(chat_id) and filled(message_id) and filled(open_id) and filled(key)):
            raise PayloadError("feishu: message without chat_id, message_id or sender")
        raw = {"chat_id": chat_id, "message_id": message_id, "chat_type": enum(message.get("chat_type"))}
        mtype = message.get("message_type")
        if mtype != "text":
            if message.get("chat_type") != "p2p":
                return Parsed()
            # A photo, a file, or a rich-text post with a photo in it: evidence for a claim,
            # fetched from im/v1/messages/{message_id}/resources by bot/web/console/media.py.
            words, media = _media(mtype, _content(message), message_id) if mtype in _MEDIA_TYPES else ("", [])
            if not media and not words:
                return Parsed(notices=[notice(self.name, chat_id, open_id, key, raw)])
            extra = {**raw, "media": media[0], **({"media_more": media[1:]} if media[1:] else {})} if media else raw
            return Parsed(messages=[Message(self.name, chat_id, open_id, key, words, raw=extra)])
        text = _MENTION.sub("", opt_str(_content(message).get("text"), "feishu: text") or "").strip()
        if not text:
            return Parsed()
        return Parsed(messages=[Message(self.name, chat_id, open_id, key, text, raw=raw)])

    # ---------------------------------------------------------------- outbound

    async def tenant_token(self, http: aiohttp.ClientSession, refresh: bool = False) -> str | None:
        """The cached tenant_access_token (also what bot/web/console/media.py downloads with)."""
        return await self._tenant_token(http, refresh)

    async def _tenant_token(self, http: aiohttp.ClientSession, refresh: bool = False) -> str | None:
        async with self._token_lock:
            if self._token and not refresh and self._token[1] > self.clock():
                return self._token[0]
            result = await deliver(http, "POST",
                                   f"{self.config.api_base}/auth/v3/tenant_access_token/internal",
                                   policy=self.retry, classify=_classify,
                                   json={"app_id": self.config.app_id,
                                         "app_secret": self.config.app_secret})
            body = result.body if isinstance(result.body, dict) else {}
            token = body.get("tenant_access_token")
            if not result.ok or not isinstance(token, str):
                return None
            # refresh 5 minutes early so a token never expires mid-send
            self._token = (token, self.clock() + float(body.get("expire", 7200)) - 300)
            return token

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        chat_id = reply.raw.get("chat_id", reply.conversation_id)
        results: list[Delivery] = []
        for i, part in enumerate(split_text(reply.text, TEXT_LIMIT_BYTES, "utf8")):
            content: dict[str, Any] = {"text": part}
            msg_type = "text"
            if reply.raw.get("buttons") and i == 0:     # an interactive card (the satisfaction question)
                msg_type, content = "interactive", {
                    "elements": [{"tag": "div", "text": {"tag": "plain_text", "content": part}},
                                 {"tag": "action", "actions": [
                                     {"tag": "button", "text": {"tag": "plain_text", "content": str(label)},
                                      "type": "primary" if n == 0 else "default", "value": {"answer": str(data)}}
                                     for n, (label, data) in enumerate(reply.raw["buttons"])]}]}
            payload = {"receive_id": chat_id, "msg_type": msg_type,
                       "content": json.dumps(content, ensure_ascii=False),
                       # idempotency key: Feishu drops a repeat within an hour
                       "uuid": hashlib.sha256(f"{reply.in_reply_to}:{i}".encode()).hexdigest()[:40]}
            await self.pace.wait(chat_id)
            result = await self._post_message(http, payload)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))

    async def _post_message(self, http: aiohttp.ClientSession, payload: dict[str, Any]) -> Delivery:
        url = f"{self.config.api_base}/im/v1/messages"
        result = Delivery(ok=False, error="no_tenant_access_token")
        for refresh in (False, True):      # one retry with a fresh token if it was revoked
            token = await self._tenant_token(http, refresh=refresh)
            if token is None:
                return result
            result = await deliver(http, "POST", url, policy=self.retry, classify=_classify,
                                   params={"receive_id_type": "chat_id"}, json=payload,
                                   headers={"Authorization": f"Bearer {token}"})
            if result.ok or result.error not in {f"feishu_{c}" for c in _TOKEN_INVALID}:
                return result
        return result


_MEDIA_TYPES = {"image", "file", "post"}
_KEY = re.compile(r"^[A-Za-z0-9_\-]{1,256}$")


def _content(message: dict[str, Any]) -> dict[str, Any]:
    """`message.content` is a JSON *string* holding an object."""
    content = opt_str(message.get("content"), "feishu: content") or "{}"
    try:
        return obj(json.loads(content), "feishu: content")
    except (ValueError, RecursionError):
        raise PayloadError("feishu: content is not JSON") from None


def _media(mtype: Any, content: dict[str, Any], message_id: str) -> tuple[str, list[dict[str, Any]]]:
    """(the words, the images or the file) of an image, file or post message."""
    def ref(key: Any, kind: str) -> dict[str, Any] | None:
        if not isinstance(key, str) or not _KEY.match(key):
            return None
        return {"kind": kind, "ref": key, "type": "image" if kind == "image" else "file",
                "message_id": message_id, "size": None, "mime": None}
    if mtype in ("image", "file"):
        one = ref(content.get(f"{mtype}_key"), mtype)
        return "", [one] if one else []
    # post: {"title", "content": [[{"tag": "text"|"a"|"at"|"img", …}, …], …]}, in the receive
    # event without the locale wrapper that the send API uses ({"zh_cn": {…}}): accept both.
    body = content if "content" in content else next((v for v in content.values() if isinstance(v, dict)), {})
    words: list[str] = [body["title"]] if isinstance(body.get("title"), str) and body["title"].strip() else []
    media: list[dict[str, Any]] = []
    lines = body.get("content")
    for line in lines if isinstance(lines, list) else []:
        for el in line if isinstance(line, list) else []:
            if not isinstance(el, dict):
                continue
            if el.get("tag") in ("text", "a") and isinstance(el.get("text"), str):
                words.append(el["text"])
            elif el.get("tag") == "img" and (img := ref(el.get("image_key"), "image")):
                media.append(img)
    return _MENTION.sub("", " ".join(w.strip() for w in words if w.strip())).strip(), media


def _card_action(name: str, header: dict[str, Any], event: Any) -> Parsed:
    """`card.action.trigger` (schema 2.0): the button's `answer` value becomes the message text."""
    if not isinstance(event, dict):
        return Parsed()
    def obj(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {}
    open_id = obj(event.get("operator")).get("open_id")
    chat_id = obj(event.get("context")).get("open_chat_id")
    answer = obj(obj(event.get("action")).get("value")).get("answer")
    key = header.get("event_id")
    if not (filled(open_id) and filled(chat_id) and filled(answer) and filled(key)):
        return Parsed()
    return Parsed(messages=[Message(name, chat_id, open_id, key, answer[:64], raw={"chat_id": chat_id})])


def _classify(status: int, headers: Any, body: Any) -> Outcome:
    """Feishu: `{"code": 0}` is success; throttling is HTTP 429 + x-ogw-ratelimit-reset or a code."""
    outcome = http_outcome(status, headers, body)
    if status == 429 and outcome.retry_after is None:
        reset = headers.get("x-ogw-ratelimit-reset")
        if reset and reset.isdigit():
            outcome = Outcome(ok=False, retry=True, retry_after=float(reset), error="http_429")
    code = body.get("code") if isinstance(body, dict) else None
    if isinstance(code, int) and code != 0:
        if outcome.retry:
            return outcome
        return Outcome(ok=False, retry=code in _THROTTLED, error=f"feishu_{code}")
    return outcome


ADAPTER = FeishuAdapter
from_settings = FeishuAdapter.from_settings
