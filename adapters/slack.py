"""Slack Events API.

Signing (https://api.slack.com/authentication/verifying-requests-from-slack):
`X-Slack-Signature = "v0=" + hex(HMAC-SHA256(signing secret, "v0:" + timestamp + ":" + raw body))`,
timestamps older than 5 minutes refused. The `url_verification` challenge is signed too and
is answered only after verification. Direct messages (`message.im`) and @mentions
(`app_mention`) are answered; bot messages, edits and other subtypes are not, or the bot
would answer itself.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, json_object, notice, now, read_secrets
from adapters._schema import enum, header_int, opt_str, schema_checked, unicode_ok, verify_checked
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, http_outcome, split_text
from bot.core.errors import PayloadError, VerificationError
from bot.core.messages import Handshake, Message, Reply

API_BASE = "https://slack.com/api"
MAX_AGE_S = 300
# chat.postMessage truncates at 40,000 characters; Slack advises staying under 4,000.
TEXT_LIMIT = 4000
_MENTION = re.compile(r"<@[A-Z0-9]+>\s*")


@dataclass(frozen=True, slots=True)
class SlackSettings:
    signing_secret: str = field(repr=False)
    bot_token: str = field(repr=False)
    bot_user_id: str | None = None        # optional: drop our own messages by user id too
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> SlackSettings | None:
        s = read_secrets(settings, "slack", ("SIGNING_SECRET", "BOT_TOKEN"), ("BOT_USER_ID",))
        if s is None:
            return None
        return cls(s["signing_secret"] or "", s["bot_token"] or "", s["bot_user_id"],
                   api_base(settings, "slack", API_BASE))


def signature(secret: str, timestamp: str, body: bytes) -> str:
    base = b"v0:" + timestamp.encode() + b":" + body
    return "v0=" + hmac.new(secret.encode(), base, hashlib.sha256).hexdigest()


class SlackAdapter:
    name: ClassVar[str] = "slack"
    replay_window_s: ClassVar[float] = MAX_AGE_S

    def __init__(self, config: SlackSettings) -> None:
        self.config = config
        self.retry = RetryPolicy()
        self.pace = RateLimiter(interval_s=1.0, burst=3)   # ~1 message/s per channel

    @classmethod
    def from_settings(cls, settings: Any) -> SlackAdapter | None:
        config = SlackSettings.from_settings(settings)
        return cls(config) if config else None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        ts = req.header("X-Slack-Request-Timestamp")
        sig = req.header("X-Slack-Signature")
        if not sig:
            raise VerificationError("slack: missing signature headers")
        if abs(now(req) - header_int(ts, "slack")) > MAX_AGE_S:
            raise VerificationError("slack: stale timestamp")
        if not constant_time_equal(sig, signature(self.config.signing_secret, ts, req.body)):
            raise VerificationError("slack: bad signature")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        if req.body.startswith(b"payload="):      # interactivity: a tapped button (bot/web/console ratings)
            return _block_action(self.name, req.body)
        data = json_object(req.body)
        kind = enum(data.get("type"))
        if kind == "url_verification":
            challenge = data.get("challenge")
            if not isinstance(challenge, str):
                raise PayloadError("slack: url_verification without challenge")
            return Parsed(handshake=Handshake(200, json.dumps({"challenge": challenge}),
                                              "application/json"))
        if kind != "event_callback":
            return Parsed()
        event = data.get("event")
        if not isinstance(event, dict):
            raise PayloadError("slack: event_callback without event")
        return self._event(event, data)

    def _event(self, event: dict[str, Any], envelope: dict[str, Any]) -> Parsed:
        etype = enum(event.get("type"))
        is_dm = etype == "message" and event.get("channel_type") == "im"
        if not (is_dm or etype == "app_mention"):
            return Parsed()
        if event.get("bot_id") or event.get("bot_profile") or (
                self.config.bot_user_id and event.get("user") == self.config.bot_user_id):
            return Parsed()
        channel, user, ts = event.get("channel"), event.get("user"), event.get("ts")
        if not (isinstance(channel, str) and isinstance(user, str) and isinstance(ts, str)):
            raise PayloadError("slack: message event without channel, user or ts")
        # channel+ts names the message; it survives retries and a DM that is also a mention.
        key = f"{channel}:{ts}"
        raw: dict[str, Any] = {"channel": channel, "ts": ts,
                               "event_id": opt_str(envelope.get("event_id"), "slack: event_id"),
                               "team_id": opt_str(envelope.get("team_id"), "slack: team_id")}
        thread = opt_str(event.get("thread_ts"), "slack: thread_ts") or (ts if etype == "app_mention" else None)
        if thread:
            raw["thread_ts"] = thread
        subtype = event.get("subtype")
        body = opt_str(event.get("text"), "slack: text") or ""
        files = event.get("files")
        first = files[0] if isinstance(files, list) and files and isinstance(files[0], dict) else {}
        if subtype == "file_share" and is_dm and isinstance(first.get("url_private_download"), str):
            # Evidence for a claim: downloaded with the bot token by bot/web/console/media.py.
            size, mime = first.get("size"), first.get("mimetype")
            media = {"kind": "file", "ref": first["url_private_download"],
                     "size": size if isinstance(size, int) and not isinstance(size, bool) else None,
                     "mime": mime if isinstance(mime, str) else None}
            return Parsed(messages=[Message(self.name, channel, user, key, unicode_ok(body, "slack: text").strip(),
                                            raw={**raw, "media": media})])
        if subtype == "file_share" and is_dm and not body.strip():
            return Parsed(notices=[notice(self.name, channel, user, key, raw)])
        if subtype:   # message_changed, message_deleted, channel_join, bot_message…
            return Parsed()
        text = _MENTION.sub("", body).strip() if etype == "app_mention" else body.strip()
        if not text:
            return Parsed()
        return Parsed(messages=[Message(self.name, channel, user, key, text, raw=raw)])

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        channel = reply.raw.get("channel", reply.conversation_id)
        headers = {"Authorization": f"Bearer {self.config.bot_token}"}
        results: list[Delivery] = []
        for part in split_text(reply.text, TEXT_LIMIT):
            payload: dict[str, Any] = {"channel": channel, "text": part}
            if reply.raw.get("thread_ts"):
                payload["thread_ts"] = reply.raw["thread_ts"]
            if reply.raw.get("buttons") and len(results) == 0:     # Block Kit buttons (bot/web/console)
                payload["blocks"] = [
                    {"type": "section", "text": {"type": "plain_text", "text": part[:3000]}},
                    {"type": "actions", "elements": [
                        {"type": "button", "text": {"type": "plain_text", "text": str(label)[:75]},
                         "value": str(data)[:2000], "action_id": str(data).replace(":", "_")[:255]}
                        for label, data in reply.raw["buttons"]]}]
            await self.pace.wait(channel)
            result = await deliver(http, "POST", f"{self.config.api_base}/chat.postMessage",
                                   policy=self.retry, classify=_classify, json=payload,
                                   headers=headers)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


def _block_action(name: str, body: bytes) -> Parsed:
    """A `block_actions` interactivity payload: the tapped button's value becomes the message text."""
    from urllib.parse import parse_qs
    try:
        data = json.loads(parse_qs(body.decode("utf-8"), strict_parsing=True)["payload"][0])
    except (ValueError, KeyError, UnicodeDecodeError):
        raise PayloadError("slack: malformed interactivity payload") from None
    if not isinstance(data, dict) or data.get("type") != "block_actions":
        return Parsed()
    def obj(value: Any) -> dict[str, Any]:
        return value if isinstance(value, dict) else {}
    user = obj(data.get("user")).get("id")
    container = obj(data.get("container"))
    channel = obj(data.get("channel")).get("id") or container.get("channel_id")
    actions = data.get("actions")
    if not (isinstance(user, str) and isinstance(channel, str) and isinstance(actions, list) and actions
            and isinstance(actions[0], dict)):
        return Parsed()
    value, ts = actions[0].get("value"), actions[0].get("action_ts") or data.get("trigger_id")
    if not isinstance(value, str) or not isinstance(ts, str):
        return Parsed()
    raw = {"channel": channel, "ts": container.get("message_ts")}
    return Parsed(messages=[Message(name, channel, user, f"action:{channel}:{ts}", value[:64], raw=raw)])


def _classify(status: int, headers: Any, body: Any) -> Outcome:
    """Slack answers 200 with `{"ok": false, "error": …}` for logical errors."""
    outcome = http_outcome(status, headers, body)
    if outcome.ok and isinstance(body, dict) and body.get("ok") is False:
        error = str(body.get("error") or "unknown")
        return Outcome(ok=False, retry=error in ("ratelimited", "internal_error", "fatal_error"),
                       error=f"slack_{error}")
    return outcome


ADAPTER = SlackAdapter
from_settings = SlackAdapter.from_settings
