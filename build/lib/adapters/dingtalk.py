"""DingTalk (钉钉) enterprise-internal robot, HTTP callback mode.

Signing (robot "outgoing" callback): headers `timestamp` (ms) and
`sign = base64(HMAC-SHA256(AppSecret, f"{timestamp}\\n{AppSecret}"))`, timestamps more than an
hour off refused. Note the body is *not* signed: a captured request could be replayed with
another body within the hour. So (1) `msgId` dedupe stops plain replays, and (2) the
`sessionWebhook` a body names is used only if it points at DingTalk's own host — otherwise
the answer goes through the OpenAPI instead (never to a URL an attacker chose).

DingTalk recommends Stream mode (an outbound WebSocket, no public URL, no unsigned bodies);
see the README (Platforms, DingTalk). This module serves the HTTP callback.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, json_object, notice, now, read_secrets
from adapters._wx import AccessToken
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, http_outcome, split_text
from bot.errors import PayloadError, VerificationError
from bot.messages import Message, Reply

API_BASE = "https://api.dingtalk.com"
WEBHOOK_BASE = "https://oapi.dingtalk.com/"
MAX_AGE_MS = 3600 * 1000
TEXT_LIMIT_BYTES = 20_000           # text content limit of robot messages
_MEDIA = {"picture", "audio", "video", "file", "richText"}


def signature(app_secret: str, timestamp: str) -> str:
    mac = hmac.new(app_secret.encode(), f"{timestamp}\n{app_secret}".encode(), hashlib.sha256)
    return base64.b64encode(mac.digest()).decode()


@dataclass(frozen=True, slots=True)
class DingTalkSettings:
    app_key: str
    app_secret: str = field(repr=False)
    robot_code: str = ""
    api_base: str = API_BASE
    webhook_base: str = WEBHOOK_BASE     # sessionWebhook URLs must start with this

    @classmethod
    def from_settings(cls, settings: Any) -> DingTalkSettings | None:
        s = read_secrets(settings, "dingtalk", ("APP_KEY", "APP_SECRET"), ("ROBOT_CODE", "WEBHOOK_BASE"))
        if s is None:
            return None
        webhook = (s["webhook_base"] or WEBHOOK_BASE).rstrip("/") + "/"
        # an internal app's robotCode is its AppKey unless configured otherwise
        return cls(s["app_key"] or "", s["app_secret"] or "", s["robot_code"] or s["app_key"] or "",
                   api_base(settings, "dingtalk", API_BASE), webhook)


class DingTalkAdapter:
    name: ClassVar[str] = "dingtalk"

    def __init__(self, config: DingTalkSettings) -> None:
        self.config = config
        self.retry = RetryPolicy()
        # robot messages: 20 a minute, then throttled for 10 minutes (errcode 130101)
        self.pace = RateLimiter(interval_s=3.0, burst=3)
        self.clock = time.time
        self.token = AccessToken(self._fetch_token)

    @classmethod
    def from_settings(cls, settings: Any) -> DingTalkAdapter | None:
        config = DingTalkSettings.from_settings(settings)
        return cls(config) if config else None

    def verify(self, req: InboundRequest) -> None:
        ts, sign = req.header("timestamp"), req.header("sign")
        if not ts.isdigit() or not sign:
            raise VerificationError("dingtalk: missing timestamp or sign")
        if abs(now(req) * 1000 - int(ts)) > MAX_AGE_MS:
            raise VerificationError("dingtalk: stale timestamp")
        if not constant_time_equal(sign, signature(self.config.app_secret, ts)):
            raise VerificationError("dingtalk: bad sign")

    def parse(self, req: InboundRequest) -> Parsed:
        data = json_object(req.body)
        key, conversation = data.get("msgId"), data.get("conversationId")
        sender = data.get("senderStaffId") or data.get("senderId")
        if not all(isinstance(v, str) and v for v in (key, conversation, sender)):
            raise PayloadError("dingtalk: message without msgId, conversationId or sender")
        one_to_one = str(data.get("conversationType")) == "1"
        raw: dict[str, Any] = {"conversation_type": "1" if one_to_one else "2",
                               "open_conversation_id": conversation,
                               "staff_id": data.get("senderStaffId"),
                               "robot_code": data.get("robotCode") or self.config.robot_code}
        hook, expires = data.get("sessionWebhook"), data.get("sessionWebhookExpiredTime")
        if isinstance(hook, str) and hook.startswith(self.config.webhook_base):
            raw["session_webhook"] = hook
            raw["session_webhook_expires_ms"] = expires if isinstance(expires, int) else 0
        if data.get("msgtype") == "text":
            text = ((data.get("text") or {}).get("content") or "").strip()
            if not text:
                return Parsed()
            created = data.get("createAt")
            extra = {"received_at": created / 1000} if isinstance(created, int) else {}
            return Parsed(messages=[Message(self.name, conversation, sender, key, text, raw=raw, **extra)])
        if data.get("msgtype") in _MEDIA and one_to_one:
            return Parsed(notices=[notice(self.name, conversation, sender, key, raw)])
        return Parsed()

    async def _fetch_token(self, http: aiohttp.ClientSession) -> Delivery:
        result = await deliver(http, "POST", f"{self.config.api_base}/v1.0/oauth2/accessToken",
                               policy=self.retry, json={"appKey": self.config.app_key,
                                                        "appSecret": self.config.app_secret})
        body = result.body if isinstance(result.body, dict) else {}
        # normalise to the {access_token, expires_in} shape AccessToken reads
        result.body = {"access_token": body.get("accessToken"), "expires_in": body.get("expireIn", 7200)}
        return result

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        raw = reply.raw
        hook = raw.get("session_webhook")
        use_hook = bool(hook) and raw.get("session_webhook_expires_ms", 0) > (self.clock() + 30) * 1000
        results: list[Delivery] = []
        for part in split_text(reply.text, TEXT_LIMIT_BYTES, "utf8"):
            await self.pace.wait(reply.conversation_id)
            if use_hook:
                payload: dict[str, Any] = {"msgtype": "text", "text": {"content": part}}
                if raw.get("conversation_type") == "2" and raw.get("staff_id"):
                    payload["at"] = {"atUserIds": [raw["staff_id"]]}
                result = await deliver(http, "POST", hook, policy=self.retry, classify=_classify, json=payload)
            else:
                result = await self._openapi(http, reply, part)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results), via="session_webhook" if use_hook else "openapi")

    async def _openapi(self, http: aiohttp.ClientSession, reply: Reply, text: str) -> Delivery:
        token = await self.token.get(http)
        if token is None:
            return Delivery(ok=False, error="no_access_token")
        raw = reply.raw
        body: dict[str, Any] = {"robotCode": raw.get("robot_code") or self.config.robot_code,
                                "msgKey": "sampleText", "msgParam": json.dumps({"content": text}, ensure_ascii=False)}
        if raw.get("conversation_type") == "1":
            path = "/v1.0/robot/oToMessages/batchSend"
            body["userIds"] = [raw.get("staff_id") or reply.sender_id]
        else:
            path = "/v1.0/robot/groupMessages/send"
            body["openConversationId"] = raw.get("open_conversation_id") or reply.conversation_id
        return await deliver(http, "POST", f"{self.config.api_base}{path}", policy=self.retry,
                             classify=_classify, json=body, headers={"x-acs-dingtalk-access-token": token})


def _classify(status: int, headers: Any, body: Any) -> Outcome:
    outcome = http_outcome(status, headers, body)
    code = body.get("errcode") if isinstance(body, dict) else None
    if outcome.ok and isinstance(code, int) and code != 0:
        # 130101: throttled for 10 minutes — longer than a worker should wait
        return Outcome(ok=False, error=f"dingtalk_{code}")
    return outcome


ADAPTER = DingTalkAdapter
from_settings = DingTalkAdapter.from_settings
