"""WhatsApp Cloud API (Meta) webhook.

Meta's scheme, shared with Messenger:
- set-up: `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` → the bare challenge,
  403 for a wrong verify token;
- every POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, raw body)>`. Meta hashes
  the bytes it sent, with non-ASCII escaped as `\\uXXXX`: re-serialised JSON never matches, so
  the check runs over the raw body. No timestamp: dedupe on the `wamid` is the replay defence.

Personal data: a WhatsApp user id (`wa_id`, `from`) *is* a phone number. This module never
logs; the trace only sees delivery facts (status and error codes), never the recipient.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, as_str, json_object, notice, read_secrets
from adapters._meta import graph_outcome, meta_handshake, objects, signature, verify_meta  # noqa: F401
from adapters._schema import enum, obj, opt_str, received_at, schema_checked, unicode_ok, verify_checked
from adapters.base import InboundRequest, Parsed
from adapters.outbound import Delivery, RateLimiter, RetryPolicy, combine, deliver, split_text
from bot.core.errors import PayloadError
from bot.core.messages import Message, Reply

API_BASE = "https://graph.facebook.com/v21.0"
TEXT_LIMIT = 4096
# Graph error codes that mean "slow down", sent with HTTP 400 rather than 429:
# 4 app rate limit, 80007 WABA rate limit, 130429 throughput, 131056 pair (same user) rate limit.
_THROTTLED = {4, 80007, 130429, 131056}
whatsapp_outcome = functools.partial(graph_outcome, throttled=_THROTTLED)
_MEDIA = {"image", "audio", "video", "document", "sticker", "location", "contacts", "voice"}


@dataclass(frozen=True, slots=True)
class WhatsAppSettings:
    app_secret: str = field(repr=False)
    verify_token: str = field(repr=False)
    access_token: str = field(repr=False)
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> WhatsAppSettings | None:
        s = read_secrets(settings, "whatsapp", ("APP_SECRET", "VERIFY_TOKEN", "ACCESS_TOKEN"))
        if s is None:
            return None
        return cls(s["app_secret"] or "", s["verify_token"] or "", s["access_token"] or "",
                   api_base(settings, "whatsapp", API_BASE))


class WhatsAppAdapter:
    name: ClassVar[str] = "whatsapp"

    def __init__(self, config: WhatsAppSettings) -> None:
        self.config = config
        self.retry = RetryPolicy()
        # Meta's pair rate limit: about one message per 6 s to one user, short bursts allowed.
        self.pace = RateLimiter(interval_s=6.0, burst=3)

    @classmethod
    def from_settings(cls, settings: Any) -> WhatsAppAdapter | None:
        config = WhatsAppSettings.from_settings(settings)
        return cls(config) if config else None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        verify_meta(req, self.config.app_secret, self.config.verify_token, self.name)

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        handshake = meta_handshake(req)
        if handshake:
            return handshake
        data = json_object(req.body)
        if data.get("object") != "whatsapp_business_account":
            return Parsed()
        out = Parsed()
        for entry in objects(data.get("entry")):
            for change in objects(entry.get("changes")):
                value = change.get("value")
                if change.get("field") != "messages" or not isinstance(value, dict):
                    continue
                phone_number_id = obj(value.get("metadata"), "whatsapp: metadata").get("phone_number_id")
                # value.statuses[] (sent/delivered/read receipts) are not dialogue: skipped.
                for message in objects(value.get("messages")):
                    self._message(message, phone_number_id, out)
        return out

    def _message(self, message: dict[str, Any], phone_number_id: Any, out: Parsed) -> None:
        sender, key = message.get("from"), message.get("id")
        if not isinstance(sender, str) or not isinstance(key, str) or not phone_number_id:
            raise PayloadError("whatsapp: message without from, id or phone_number_id")
        raw = {"phone_number_id": as_str(phone_number_id), "to": sender, "message_id": key}
        kind = enum(message.get("type"))
        text = opt_str(obj(message.get("text"), "whatsapp: text").get("body"), "whatsapp: text.body") \
            if kind == "text" else None
        if isinstance(text, str) and text.strip():
            out.messages.append(Message(self.name, unicode_ok(sender, "whatsapp: from"), sender, key, text, raw=raw,
                                        **received_at(message.get("timestamp"))))
        elif kind in ("image", "document") and isinstance(obj(message.get(kind), f"whatsapp: {kind}").get("id"), str):
            # Evidence for a claim: fetched from the Graph media endpoint by bot/web/console/media.py.
            part = message[kind]
            mime = part.get("mime_type")
            media = {"kind": kind, "ref": part["id"], "size": None, "mime": mime if isinstance(mime, str) else None}
            caption = part.get("caption")
            out.messages.append(Message(self.name, unicode_ok(sender, "whatsapp: from"), sender, key,
                                        unicode_ok(caption, "whatsapp: caption") if isinstance(caption, str) else "",
                                        raw={**raw, "media": media}, **received_at(message.get("timestamp"))))
        elif kind in _MEDIA:
            out.notices.append(notice(self.name, sender, sender, key, raw))
        # reactions, "unsupported", button replies: nothing to answer

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        phone_number_id = reply.raw.get("phone_number_id")
        if not phone_number_id:
            return combine([]).facts(error="no phone_number_id to send from")
        to = reply.raw.get("to", reply.conversation_id)
        url = f"{self.config.api_base}/{phone_number_id}/messages"
        headers = {"Authorization": f"Bearer {self.config.access_token}"}
        results: list[Delivery] = []
        for i, part in enumerate(split_text(reply.text, TEXT_LIMIT)):
            payload: dict[str, Any] = {"messaging_product": "whatsapp",
                                       "recipient_type": "individual", "to": to, "type": "text",
                                       "text": {"body": part, "preview_url": False}}
            if i == 0 and reply.raw.get("message_id"):
                payload["context"] = {"message_id": reply.raw["message_id"]}
            await self.pace.wait(to)
            result = await deliver(http, "POST", url, policy=self.retry, classify=whatsapp_outcome,
                                   json=payload, headers=headers)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


ADAPTER = WhatsAppAdapter
from_settings = WhatsAppAdapter.from_settings
