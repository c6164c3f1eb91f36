"""Facebook Messenger (Meta Send API) webhook.

Verification and the set-up handshake are Meta's, shared with WhatsApp, so they come from
`adapters._meta` (`verify_meta`, `meta_handshake`, `graph_outcome`): `X-Hub-Signature-256`
over the raw body (Meta escapes non-ASCII as `\\uXXXX`), the `hub.challenge` GET with 403 on a
wrong verify token. No timestamp is signed: dedupe on the message `mid` is the replay defence
(Meta redelivers for days, so refusing "old" deliveries would drop genuine retries).

Inbound: `{"object": "page", "entry": [{"id": PAGE_ID, "messaging": [event, …]}]}`; one POST
may batch many events. Only `message` events from a customer are dialogue: echoes of the
page's own sends (`is_echo`), delivery and read receipts, reactions and postbacks are skipped.
A photo or file (`attachments: [{"type": "image"|"file", "payload": {"url": …}}]`) becomes a
message with `raw["media"]` (the URL is fetched by the console from allow-listed CDN hosts only);
stickers, audio and video get the text-only notice.

Personal data: a PSID is page-scoped, not a phone number, but still identifies a person.
This module never logs; the trace only sees delivery facts, never the recipient.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, as_str, json_object, notice, read_secrets
from adapters._meta import graph_outcome, meta_handshake, objects, verify_meta
from adapters._schema import obj, received_at, schema_checked, verify_checked
from adapters.base import InboundRequest, Parsed
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, split_text
from adapters.whatsapp import _THROTTLED as _WHATSAPP_THROTTLED
from bot.core.errors import PayloadError
from bot.core.messages import Message, Reply

API_BASE = "https://graph.facebook.com/v21.0"
TEXT_LIMIT = 2000
# Graph throttling codes the Messenger error table adds to those `graph_outcome` knows:
# 17 user request limit, 32 page request limit, 613 "calls to this API exceeded the rate limit".
_THROTTLED = {17, 32, 613}


def messenger_outcome(status: int, headers: Any, body: Any) -> Outcome:
    """Meta's judgement, with the page-level throttling codes the Send API adds."""
    return graph_outcome(status, headers, body, throttled=_WHATSAPP_THROTTLED | _THROTTLED)


@dataclass(frozen=True, slots=True)
class MessengerSettings:
    app_secret: str = field(repr=False)
    verify_token: str = field(repr=False)
    page_access_token: str = field(repr=False)
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> MessengerSettings | None:
        s = read_secrets(settings, "messenger", ("APP_SECRET", "VERIFY_TOKEN", "PAGE_ACCESS_TOKEN"))
        if s is None:
            return None
        return cls(s["app_secret"] or "", s["verify_token"] or "", s["page_access_token"] or "",
                   api_base(settings, "messenger", API_BASE))


class MessengerAdapter:
    name: ClassVar[str] = "messenger"

    def __init__(self, config: MessengerSettings) -> None:
        self.config = config
        self.retry = RetryPolicy()
        # Meta publishes no per-thread interval for Messenger, only that too many messages to
        # one thread get throttled: pace split replies gently, 613/429 remain the backstop.
        self.pace = RateLimiter(interval_s=1.0, burst=3)

    @classmethod
    def from_settings(cls, settings: Any) -> MessengerAdapter | None:
        config = MessengerSettings.from_settings(settings)
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
        if data.get("object") != "page":
            return Parsed()
        out = Parsed()
        for entry in objects(data.get("entry")):
            page_id = entry.get("id")
            # `standby` (handover protocol: another app owns the thread) is not ours to answer.
            for event in objects(entry.get("messaging")):
                message = event.get("message")
                if isinstance(message, dict) and not message.get("is_echo"):
                    self._message(event, message, page_id, out)
                # delivery, read, reaction, postback, optin events: nothing to answer
        return out

    def _message(self, event: dict[str, Any], message: dict[str, Any], page_id: Any,
                 out: Parsed) -> None:
        sender, key = obj(event.get("sender"), "messenger: sender").get("id"), message.get("mid")
        if sender is None or not isinstance(key, str) or not key:
            raise PayloadError("messenger: message without sender.id or mid")
        psid = as_str(sender)
        raw = {"recipient_id": psid, "message_id": key}
        if page_id is not None:
            raw["page_id"] = as_str(page_id)
        text = message.get("text")
        text = text if isinstance(text, str) else ""
        extra = received_at(event.get("timestamp"), unit_s=0.001)
        media = _media(message.get("attachments"))
        if media:
            # Evidence for a claim: fetched from Meta's CDN (allow-listed hosts only) by
            # bot/web/console/media.py; the words sent with it, if any, travel along.
            kept = {**raw, "media": media[0], **({"media_more": media[1:]} if media[1:] else {})}
            out.messages.append(Message(self.name, psid, psid, key, text.strip(), raw=kept, **extra))
        elif text.strip():
            out.messages.append(Message(self.name, psid, psid, key, text, raw=raw, **extra))
        elif message.get("attachments"):
            out.notices.append(notice(self.name, psid, psid, key, raw))

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        psid = reply.raw.get("recipient_id") or reply.conversation_id
        # `/me` is the page the access token belongs to; the token rides in a header, not the
        # URL, so it never lands in access logs.
        url = f"{self.config.api_base}/me/messages"
        headers = {"Authorization": f"Bearer {self.config.page_access_token}"}
        results: list[Delivery] = []
        for part in split_text(reply.text, TEXT_LIMIT):
            payload = {"recipient": {"id": psid}, "messaging_type": "RESPONSE",
                       "message": {"text": part}}
            await self.pace.wait(psid)
            result = await deliver(http, "POST", url, policy=self.retry,
                                   classify=messenger_outcome, json=payload, headers=headers)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


def _media(attachments: Any) -> list[dict[str, Any]]:
    """The photos and files with a CDN URL (several photos sent at once come as one message);
    stickers (an image with `sticker_id`, the "like" button) are not evidence. Meta announces
    neither size nor type: both are checked on arrival."""
    found: list[dict[str, Any]] = []
    for item in objects(attachments):
        payload = item.get("payload")
        if item.get("type") not in ("image", "file") or not isinstance(payload, dict) or payload.get("sticker_id"):
            continue
        url = payload.get("url")
        if isinstance(url, str) and url:
            found.append({"kind": "photo" if item["type"] == "image" else "file", "ref": url, "size": None, "mime": None})
    return found


ADAPTER = MessengerAdapter
from_settings = MessengerAdapter.from_settings
