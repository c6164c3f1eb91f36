"""Telegram Bot API webhook.

Telegram does not sign updates: `setWebhook(secret_token=…)` makes it send that token in
`X-Telegram-Bot-Api-Secret-Token`, which we compare in constant time
(https://core.telegram.org/bots/api#setwebhook). The body is not covered, so the dedupe
store is the replay defence. Replies go through `sendMessage`; the bot token is part of
the URL path, so URLs are never logged or put in the trace.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, as_str, json_object, notice, read_secrets
from adapters._schema import enum, ident, obj, received_at, schema_checked, unicode_ok, verify_checked
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, http_outcome, split_text
from bot.core.errors import ConfigError, PayloadError, VerificationError
from bot.core.messages import Message, Reply

API_BASE = "https://api.telegram.org"
TEXT_LIMIT = 4096           # "1-4096 characters"; counted in UTF-16 units to be safe
_SECRET_TOKEN = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


@dataclass(frozen=True, slots=True)
class TelegramSettings:
    bot_token: str = field(repr=False)
    secret_token: str = field(repr=False)
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> TelegramSettings | None:
        s = read_secrets(settings, "telegram", ("BOT_TOKEN", "SECRET_TOKEN"))
        if s is None:
            return None
        if not _SECRET_TOKEN.match(s["secret_token"] or ""):
            raise ConfigError("AFTERSALES_TELEGRAM_SECRET_TOKEN",
                              "must be 1-256 characters from A-Z a-z 0-9 _ - (Telegram's rule)")
        return cls(s["bot_token"] or "", s["secret_token"] or "",
                   api_base(settings, "telegram", API_BASE))


class TelegramAdapter:
    name: ClassVar[str] = "telegram"

    def __init__(self, config: TelegramSettings) -> None:
        self.config = config
        self.retry = RetryPolicy()
        # Telegram: about 1 message/s per chat, short bursts tolerated.
        self.pace = RateLimiter(interval_s=1.0, burst=3)

    @classmethod
    def from_settings(cls, settings: Any) -> TelegramAdapter | None:
        config = TelegramSettings.from_settings(settings)
        return cls(config) if config else None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        token = req.header("X-Telegram-Bot-Api-Secret-Token")
        if not token or not constant_time_equal(token, self.config.secret_token):
            raise VerificationError("telegram: missing or wrong secret token")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        update = json_object(req.body)
        if "update_id" not in update:
            raise PayloadError("telegram: no update_id")
        msg = update.get("message")
        cb = update.get("callback_query")
        if not isinstance(msg, dict) and isinstance(cb, dict):
            return _callback(self.name, update, cb)
        # Edits, channel posts, membership changes: nothing to answer.
        if not isinstance(msg, dict):
            return Parsed()
        sender = obj(msg.get("from"), "telegram: from")
        chat = msg.get("chat")
        if not isinstance(chat, dict) or "message_id" not in msg:
            raise PayloadError("telegram: message without chat or message_id")
        if sender.get("is_bot"):
            return Parsed()
        chat_id = as_str(chat.get("id"))
        # message_id is unique per chat only; the pair is stable across redeliveries.
        key = f"{chat_id}:{as_str(msg['message_id'])}"
        ident(msg["message_id"], "telegram: message_id")          # shapes checked; values kept as sent
        ident(update["update_id"], "telegram: update_id")
        raw = {"chat_id": chat.get("id"), "message_id": msg["message_id"],
               "update_id": update["update_id"], "chat_type": enum(chat.get("type"))}
        sender_id = as_str(sender.get("id", chat.get("id")))
        text = msg.get("text")
        if isinstance(text, str) and text.strip():
            return Parsed(messages=[Message(self.name, chat_id, sender_id, key, unicode_ok(text, "telegram: text"),
                                            raw=raw, **received_at(msg.get("date")))])
        # A photo or a file in a private chat: evidence for a claim, fetched and kept by the
        # console (bot/web/console/media.py) through getFile.
        media = _media(msg)
        if media is not None and chat.get("type") == "private":
            caption = msg.get("caption")
            return Parsed(messages=[Message(self.name, chat_id, sender_id, key,
                                            unicode_ok(caption, "telegram: caption") if isinstance(caption, str) else "",
                                            raw={**raw, "media": media}, **received_at(msg.get("date")))])
        # A voice note, sticker… in a private chat: say we read text only. In groups
        # stay quiet rather than answer every sticker.
        if chat.get("type") == "private":
            return Parsed(notices=[notice(self.name, chat_id, sender_id, key, raw)])
        return Parsed()

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        chat_id = reply.raw.get("chat_id", reply.conversation_id)
        url = f"{self.config.api_base}/bot{self.config.bot_token}/sendMessage"
        results: list[Delivery] = []
        for i, part in enumerate(split_text(reply.text, TEXT_LIMIT, "utf16")):
            payload: dict[str, Any] = {"chat_id": chat_id, "text": part}
            if i == 0 and reply.raw.get("message_id") is not None:
                payload["reply_parameters"] = {"message_id": reply.raw["message_id"],
                                               "allow_sending_without_reply": True}
            buttons = reply.raw.get("buttons")
            if buttons and i == 0:      # tappable answers (the satisfaction question, bot/web/console)
                payload["reply_markup"] = {"inline_keyboard": [[
                    {"text": str(label)[:64], "callback_data": str(data)[:64]} for label, data in buttons]]}
            await self.pace.wait(str(chat_id))
            result = await deliver(http, "POST", url, policy=self.retry, classify=_classify,
                                   json=payload)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


def _media(msg: dict[str, Any]) -> dict[str, Any] | None:
    """The largest size of a photo, or a document: what getFile needs, and what the sender claims."""
    photos = msg.get("photo")
    if isinstance(photos, list) and photos and all(isinstance(p, dict) for p in photos):
        best = max(photos, key=lambda p: (p.get("file_size") or 0, p.get("width") or 0))
        if isinstance(best.get("file_id"), str):
            return {"kind": "photo", "ref": best["file_id"], "size": best.get("file_size"), "mime": "image/jpeg"}
    doc = msg.get("document")
    if isinstance(doc, dict) and isinstance(doc.get("file_id"), str):
        return {"kind": "document", "ref": doc["file_id"], "size": doc.get("file_size"), "mime": doc.get("mime_type")}
    return None


def _callback(name: str, update: dict[str, Any], cb: dict[str, Any]) -> Parsed:
    """A tapped inline-keyboard button: its data becomes the message text (e.g. `rate:yes`)."""
    message = cb.get("message")
    chat = message.get("chat") if isinstance(message, dict) else None
    sender = cb.get("from")
    data = cb.get("data")
    if not (isinstance(data, str) and isinstance(chat, dict) and isinstance(sender, dict)) \
            or "id" not in chat or "id" not in sender or sender.get("is_bot"):
        return Parsed()
    chat_id = as_str(chat["id"])
    raw = {"chat_id": chat["id"], "update_id": update["update_id"], "chat_type": chat.get("type"),
           "callback_query_id": cb.get("id")}
    return Parsed(messages=[Message(name, chat_id, as_str(sender["id"]), f"cb:{as_str(cb.get('id'))}", data[:64],
                                    raw=raw)])


def _classify(status: int, headers: Any, body: Any) -> Outcome:
    """Telegram puts the flood wait in the body: `{"parameters": {"retry_after": N}}`."""
    outcome = http_outcome(status, headers, body)
    if isinstance(body, dict):
        if status == 200 and body.get("ok") is False:
            return Outcome(ok=False, error=f"telegram_{body.get('error_code')}")
        wait = (body.get("parameters") or {}).get("retry_after")
        if status == 429 and isinstance(wait, (int, float)):
            return Outcome(ok=False, retry=True, retry_after=float(wait), error="http_429")
    return outcome


ADAPTER = TelegramAdapter
from_settings = TelegramAdapter.from_settings
