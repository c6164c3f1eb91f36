"""The generic signed webhook (DESIGN.md): for a shop's own front end, and for testing.

    POST /webhooks/generic  {"message_id", "user", "conversation"?, "text"}
    X-Aftersales-Timestamp: <unix seconds>
    X-Aftersales-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>

The answer is POSTed to AFTERSALES_GENERIC_CALLBACK_URL, signed the same way.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._schema import header_int, schema_checked, verify_checked
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Outcome, RetryPolicy, deliver, http_outcome, idempotency_key
from bot.core.errors import PayloadError, VerificationError
from bot.core.messages import Message, Reply

MAX_TEXT = 4000
_FIELD_LIMIT = 256


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def signed_headers(secret: str, body: bytes, timestamp: int | None = None) -> dict[str, str]:
    ts = str(int(time.time()) if timestamp is None else timestamp)
    return {"X-Aftersales-Timestamp": ts, "X-Aftersales-Signature": sign(secret, ts, body),
            "Content-Type": "application/json"}


@dataclass
class GenericAdapter:
    name: ClassVar[str] = "generic"
    # Replies carry a stable Idempotency-Key (and in_reply_to): resending after a restart is safe.
    idempotent_send: ClassVar[bool] = True
    secret: str
    callback_url: str | None = None
    window_s: int = 300
    retry: RetryPolicy = field(default_factory=lambda: RetryPolicy(idempotent=True))
    # HMAC keyed once and copied per request (keying it per request was part of an ack's CPU, #17);
    # rebuilt if `secret` is ever assigned anew.
    _mac: tuple[str, Any] | None = field(init=False, repr=False, compare=False, default=None)

    def _keyed_mac(self) -> Any:
        if self._mac is None or self._mac[0] is not self.secret:
            self._mac = (self.secret, hmac.new(self.secret.encode(), digestmod=hashlib.sha256))
        return self._mac[1].copy()

    @property
    def replay_window_s(self) -> float:
        return float(self.window_s)

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        ts = req.header("x-aftersales-timestamp")
        sig = req.header("x-aftersales-signature")
        if not ts or not sig:
            raise VerificationError("missing signature headers")
        sent = header_int(ts, "generic")     # ASCII digits only: "²" and 10^400 are 401s
        now = req.received_at or time.time()
        if abs(now - sent) > self.window_s:
            raise VerificationError("timestamp outside the replay window")
        mac = self._keyed_mac()
        mac.update(ts.encode())
        mac.update(b".")
        mac.update(req.body)
        if not constant_time_equal(b"sha256=" + mac.hexdigest().encode(), sig):
            raise VerificationError("bad signature")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        try:
            data = json.loads(req.body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise PayloadError("body is not valid JSON") from None
        if not isinstance(data, dict):
            raise PayloadError("body must be a JSON object")
        for key in ("message_id", "user", "text"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise PayloadError(f"missing or empty field: {key}")
        for key in ("message_id", "user", "text", "conversation"):
            try:
                if isinstance(data.get(key), str):
                    data[key].encode("utf-8")
            except UnicodeEncodeError:   # a lone surrogate escape ("\ud800") is valid JSON, not text
                raise PayloadError(f"field {key} is not valid Unicode text") from None
        conversation = data.get("conversation")
        if conversation is not None and (not isinstance(conversation, str) or not conversation.strip()):
            raise PayloadError("conversation must be a non-empty string")
        user = data["user"].strip()
        if ":" not in user or len(user) > _FIELD_LIMIT:
            raise PayloadError("user must look like platform:id")
        if len(data["message_id"]) > _FIELD_LIMIT or (conversation and len(conversation) > _FIELD_LIMIT):
            raise PayloadError("message_id/conversation too long")
        text = data["text"][:MAX_TEXT]
        msg = Message(platform=self.name, conversation_id=(conversation or user), sender_id=user,
                      message_id=data["message_id"], text=text, identity=user,
                      received_at=req.received_at or time.time())
        return Parsed(messages=[msg])

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        if not self.callback_url:
            return {"ok": False, "attempts": 0, "error": "no callback URL configured"}
        body = json.dumps({"in_reply_to": reply.in_reply_to, "user": reply.user,
                           "conversation": reply.conversation_id, "text": reply.text},
                          ensure_ascii=False).encode()
        # `Idempotency-Key` is stable for this reply (retries, restarts, operator replays), so
        # the receiver can drop a repeat; `in_reply_to` serves the same purpose in the body.
        # Signed per attempt: a retry minutes later must still fall inside the receiver's window.
        key = idempotency_key(reply.in_reply_to, self.name)

        result = await deliver(http, "POST", self.callback_url, policy=self.retry,
                               classify=_callback_outcome, data=body,
                               headers_fn=lambda: {**signed_headers(self.secret, body), "Idempotency-Key": key})
        return result.facts()


def _callback_outcome(status: int, headers: Mapping[str, str], body: Any) -> Outcome:
    """The receiver's answer: 2xx delivered; 409 (already have this Idempotency-Key) delivered."""
    if status == 409:
        return Outcome(ok=True)
    return http_outcome(status, headers, body)


def from_settings(settings: Any) -> GenericAdapter | None:
    secret = settings.secret("GENERIC_SECRET")
    if not secret:
        return None
    return GenericAdapter(secret=secret, callback_url=settings.secret("GENERIC_CALLBACK_URL"),
                          window_s=int(settings["server"]["signature_window_s"]))

ADAPTER = GenericAdapter
