"""Discord interactions endpoint (HTTP), with a `/ask text:<question>` slash command.

Signing (https://discord.com/developers/docs/interactions/receiving-and-responding#security-and-authorization):
Ed25519 over `X-Signature-Timestamp + raw body`, hex signature in `X-Signature-Ed25519`,
verified with the application's public key. Discord deliberately sends bad signatures and
unlists endpoints that accept them, so anything off is a 401. Discord checks no timestamp
age; we refuse timestamps more than 5 minutes off and dedupe on the interaction id.

Only interactions reach this endpoint: free-text DMs and channel messages need a Gateway
(WebSocket) client, which this HTTP adapter is not. `/ask` is answered with a deferred
response (type 5, within Discord's 3 s) and the answer follows by editing the original
response through the interaction webhook (token valid 15 minutes).
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, ClassVar

import aiohttp
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from adapters._common import TEXT_ONLY_NOTICE, api_base, json_object, now, read_secrets
from adapters._schema import header_int, obj, objects, opt_str, schema_checked, unicode_ok, verify_checked
from adapters.base import InboundRequest, Parsed
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, http_outcome, split_text
from bot.core.errors import ConfigError, PayloadError, VerificationError
from bot.core.messages import Handshake, Message, Reply

API_BASE = "https://discord.com/api/v10"
MAX_AGE_S = 300
TEXT_LIMIT = 2000
COMMAND = "ask"
PING, APPLICATION_COMMAND = 1, 2
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE = 1, 4, 5
EPHEMERAL = 64
_TOKEN = re.compile(r"^[A-Za-z0-9._-]{1,500}$")
USAGE = "请用 /ask 加上您的问题，例如 /ask 我的订单到哪了\nUse /ask with your question, e.g. /ask where is my order?"


@dataclass(frozen=True, slots=True)
class DiscordSettings:
    public_key: str
    application_id: str
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> DiscordSettings | None:
        s = read_secrets(settings, "discord", ("PUBLIC_KEY", "APPLICATION_ID"))
        if s is None:
            return None
        key = s["public_key"] or ""
        if not re.fullmatch(r"[0-9a-fA-F]{64}", key):
            raise ConfigError("AFTERSALES_DISCORD_PUBLIC_KEY", "must be the 64-hex-digit public key")
        if not (s["application_id"] or "").isdigit():
            raise ConfigError("AFTERSALES_DISCORD_APPLICATION_ID", "must be the numeric application id")
        return cls(key, s["application_id"] or "", api_base(settings, "discord", API_BASE))


def _json(data: dict[str, Any]) -> Handshake:
    return Handshake(200, json.dumps(data, ensure_ascii=False), "application/json")


class DiscordAdapter:
    name: ClassVar[str] = "discord"
    replay_window_s: ClassVar[float] = MAX_AGE_S

    def __init__(self, config: DiscordSettings) -> None:
        self.config = config
        self.key = Ed25519PublicKey.from_public_bytes(bytes.fromhex(config.public_key))
        self.retry = RetryPolicy()
        self.pace = RateLimiter(interval_s=0.5, burst=5)   # per interaction webhook

    @classmethod
    def from_settings(cls, settings: Any) -> DiscordAdapter | None:
        config = DiscordSettings.from_settings(settings)
        return cls(config) if config else None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        sig, ts = req.header("X-Signature-Ed25519"), req.header("X-Signature-Timestamp")
        if not sig:
            raise VerificationError("discord: missing signature headers")
        if abs(now(req) - header_int(ts, "discord")) > MAX_AGE_S:
            raise VerificationError("discord: stale timestamp")
        try:
            self.key.verify(bytes.fromhex(sig), ts.encode() + req.body)
        except (ValueError, InvalidSignature):
            raise VerificationError("discord: bad signature") from None

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        data = json_object(req.body)
        kind = data.get("type")
        if kind == PING:
            return Parsed(handshake=_json({"type": PONG}))
        interaction_id, token = data.get("id"), data.get("token")
        if not isinstance(interaction_id, str) or not isinstance(token, str) or not _TOKEN.match(token):
            raise PayloadError("discord: interaction without id or token")
        command = obj(data.get("data"), "discord: data")
        if kind != APPLICATION_COMMAND or command.get("name") != COMMAND:
            # buttons, modals, other commands: say what works, privately (ephemeral)
            text = USAGE if kind == APPLICATION_COMMAND else TEXT_ONLY_NOTICE
            return Parsed(handshake=_json({"type": CHANNEL_MESSAGE, "data": {"content": text, "flags": EPHEMERAL}}))
        value = next((v for o in objects(command.get("options"), "discord: options")
                      if isinstance(v := o.get("value"), str)), "")
        text = unicode_ok(value, "discord: text")
        user = obj(obj(data.get("member"), "discord: member").get("user") or data.get("user"), "discord: user")
        channel = data.get("channel_id") or obj(data.get("channel"), "discord: channel").get("id")
        if not isinstance(user.get("id"), str) or not isinstance(channel, str):
            raise PayloadError("discord: interaction without user or channel")
        if not text.strip():
            return Parsed(handshake=_json({"type": CHANNEL_MESSAGE, "data": {"content": USAGE, "flags": EPHEMERAL}}))
        raw = {"interaction_token": token, "application_id": self.config.application_id,
               "guild_id": opt_str(data.get("guild_id"), "discord: guild_id")}
        msg = Message(self.name, channel, user["id"], interaction_id, text.strip(), raw=raw)
        return Parsed(messages=[msg], handshake=_json({"type": DEFERRED_CHANNEL_MESSAGE}))

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        token = reply.raw.get("interaction_token")
        if not isinstance(token, str) or not _TOKEN.match(token):
            return combine([]).facts(error="no interaction token (free text needs the Gateway)")
        hook = f"{self.config.api_base}/webhooks/{self.config.application_id}/{token}"
        results: list[Delivery] = []
        for i, part in enumerate(split_text(reply.text, TEXT_LIMIT)):
            # customers' text may contain @everyone: never let a reply ping anyone
            payload = {"content": part, "allowed_mentions": {"parse": []}}
            await self.pace.wait(token)
            if i == 0:   # replace the "thinking…" of the deferred response
                result = await deliver(http, "PATCH", f"{hook}/messages/@original", policy=self.retry,
                                       classify=_classify, json=payload)
            else:
                result = await deliver(http, "POST", hook, policy=self.retry, classify=_classify, json=payload)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


def _classify(status: int, headers: Any, body: Any) -> Outcome:
    """Discord's 429 carries `retry_after` (seconds, fractional) in the body as well."""
    outcome = http_outcome(status, headers, body)
    if status == 429 and isinstance(body, dict) and isinstance(body.get("retry_after"), (int, float)):
        return Outcome(ok=False, retry=True, retry_after=float(body["retry_after"]), error="http_429")
    return outcome


ADAPTER = DiscordAdapter
from_settings = DiscordAdapter.from_settings
