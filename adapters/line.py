"""LINE Messaging API webhook.

Signing (https://developers.line.biz/en/docs/messaging-api/verify-webhook-signature/):
`x-line-signature = base64(HMAC-SHA256(channel secret, raw body))`; there is no timestamp,
so dedupe on `webhookEventId` is the replay defence (redeliveries keep it and say
`deliveryContext.isRedelivery: true`). LINE waits only 2 s for the 200.

Replies: the reply token is free but single-use and short-lived (about a minute), while an
LLM answer can take longer — so `send()` tries `reply` while the token is young and falls
back to `push` (with an `X-Line-Retry-Key`, so a retried push is not sent twice).
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, json_object, notice, read_secrets
from adapters._schema import (
    ReceivedAt,
    ident,
    obj,
    opt_str,
    platform_time,
    schema_checked,
    unicode_ok,
    verify_checked,
)
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import (
    Delivery,
    Outcome,
    RateLimiter,
    RetryPolicy,
    combine,
    deliver,
    http_outcome,
    idempotency_key,
    split_text,
)
from bot.core.errors import PayloadError, VerificationError
from bot.core.messages import Message, Reply

API_BASE = "https://api.line.me"
TEXT_LIMIT = 5000          # characters per text message
MESSAGES_PER_CALL = 5      # reply and push take at most 5 messages
REPLY_TOKEN_TTL_S = 50     # documented ~1 min; users report failures earlier, so stay under


@dataclass(frozen=True, slots=True)
class LineSettings:
    channel_secret: str = field(repr=False)
    channel_access_token: str = field(repr=False)
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> LineSettings | None:
        s = read_secrets(settings, "line", ("CHANNEL_SECRET", "CHANNEL_ACCESS_TOKEN"))
        if s is None:
            return None
        return cls(s["channel_secret"] or "", s["channel_access_token"] or "",
                   api_base(settings, "line", API_BASE))


def signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


class LineAdapter:
    name: ClassVar[str] = "line"

    def __init__(self, config: LineSettings) -> None:
        self.config = config
        # Reply tokens are single-use and pushes carry X-Line-Retry-Key: a repeat is refused.
        self.retry = RetryPolicy(idempotent=True)
        # LINE limits per channel (2,000 req/s), not per user; pace lightly per chat anyway.
        self.pace = RateLimiter(interval_s=0.1, burst=5)
        self.clock = time.time

    @classmethod
    def from_settings(cls, settings: Any) -> LineAdapter | None:
        config = LineSettings.from_settings(settings)
        return cls(config) if config else None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        sig = req.header("X-Line-Signature")
        if not sig or not constant_time_equal(sig, signature(self.config.channel_secret, req.body)):
            raise VerificationError("line: missing or bad signature")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        data = json_object(req.body)
        events = data.get("events")
        if not isinstance(events, list):
            raise PayloadError("line: no events list")
        parsed = Parsed()    # the console's "Verify" sends an empty list: just 200
        for event in events:
            if not isinstance(event, dict):
                raise PayloadError("line: event is not an object")
            self._event(event, parsed)
        return parsed

    def _event(self, event: dict[str, Any], out: Parsed) -> None:
        # standby: another channel (e.g. a human inbox) owns the chat; follow, postback…: not text.
        if event.get("type") != "message" or event.get("mode", "active") != "active":
            return
        message, source = event.get("message"), event.get("source")
        if not isinstance(message, dict) or not isinstance(source, dict):
            raise PayloadError("line: message event without message or source")
        chat = source.get("groupId") or source.get("roomId") or source.get("userId")
        if not isinstance(chat, str) or not chat or "id" not in message:
            raise PayloadError("line: message event without source or message id")
        user = source.get("userId") or chat   # after the check, so the type checker knows chat is a str
        message_id = ident(message["id"], "line: message.id")
        key = ident(event.get("webhookEventId") or message_id, "line: webhookEventId")
        ts = platform_time(event.get("timestamp"), unit_s=0.001)
        raw = {"reply_token": opt_str(event.get("replyToken"), "line: replyToken"), "to": chat,
               "timestamp_ms": int(ts * 1000) if ts is not None else None, "message_id": message_id,
               "is_redelivery": bool(obj(event.get("deliveryContext"), "line: deliveryContext").get("isRedelivery"))}
        if message.get("type") == "text" and isinstance(message.get("text"), str):
            extra: ReceivedAt = {"received_at": ts} if ts is not None else {}
            text = unicode_ok(message["text"], "line: text")
            out.messages.append(Message(self.name, chat, user, key, text, raw=raw, **extra))
        elif message.get("type") in ("image", "file") and source.get("type") == "user":
            # Evidence for a claim: fetched from the content API and kept by bot/web/console/media.py.
            size = message.get("fileSize")
            media = {"kind": message["type"], "ref": message_id,
                     "size": size if isinstance(size, int) and not isinstance(size, bool) else None, "mime": None}
            extra = {"received_at": ts} if ts is not None else {}
            out.messages.append(Message(self.name, chat, user, key, "", raw={**raw, "media": media}, **extra))
        elif source.get("type") == "user":
            out.notices.append(notice(self.name, chat, user, key, raw))

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        texts: list[dict[str, Any]] = [{"type": "text", "text": t} for t in split_text(reply.text, TEXT_LIMIT, "utf16")]
        if not texts:
            return combine([]).facts(parts=0)
        if reply.raw.get("buttons"):     # quick replies (the satisfaction question, bot/web/console): a tap sends the label
            texts[-1]["quickReply"] = {"items": [
                {"type": "action", "action": {"type": "message", "label": str(label)[:20], "text": str(label)[:300]}}
                for label, _ in reply.raw["buttons"]]}
        batches = [texts[i:i + MESSAGES_PER_CALL] for i in range(0, len(texts), MESSAGES_PER_CALL)]
        to = reply.raw.get("to", reply.conversation_id)
        results: list[Delivery] = []
        via, spent = "push", 0
        if self._reply_token_usable(reply):
            await self.pace.wait(to)
            first = await deliver(http, "POST", f"{self.config.api_base}/v2/bot/message/reply",
                                  policy=self.retry, headers=self._auth(),
                                  json={"replyToken": reply.raw["reply_token"],
                                        "messages": batches[0]})
            if first.ok:
                results.append(first)
                batches = batches[1:]
                via = "reply"
            else:   # token expired or used up: push the whole answer instead
                spent = first.attempts
        for n, batch in enumerate(batches):
            await self.pace.wait(to)
            # One retry key per push, stable across retries and restarts: LINE answers 409 to a
            # repeat. (Not `idempotent_send`: a first reply that went out with the single-use
            # reply token has no key, so a resend could not be recognised.)
            key = uuid.UUID(idempotency_key(reply.in_reply_to, self.name, n))
            headers = {**self._auth(), "X-Line-Retry-Key": str(key)}
            result = await deliver(http, "POST", f"{self.config.api_base}/v2/bot/message/push",
                                   policy=self.retry, classify=_push_outcome, headers=headers,
                                   json={"to": to, "messages": batch})
            results.append(result)
            if not result.ok:
                break
        total = combine(results)
        total.attempts += spent
        return total.facts(parts=len(texts), via=via)

    def _reply_token_usable(self, reply: Reply) -> bool:
        token, ts = reply.raw.get("reply_token"), reply.raw.get("timestamp_ms")
        if not token or reply.raw.get("is_redelivery"):
            return False
        return not isinstance(ts, (int, float)) or self.clock() - ts / 1000 < REPLY_TOKEN_TTL_S

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.channel_access_token}"}


def _push_outcome(status: int, headers: Any, body: Any) -> Outcome:
    """409 to a repeated retry key means an earlier attempt was accepted: delivered."""
    if status == 409:
        return Outcome(ok=True)
    return http_outcome(status, headers, body)


ADAPTER = LineAdapter
from_settings = LineAdapter.from_settings
