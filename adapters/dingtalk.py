"""DingTalk (钉钉) enterprise-internal robot, HTTP callback mode.

Signing (robot "outgoing" callback): headers `timestamp` (ms) and
`sign = base64(HMAC-SHA256(AppSecret, f"{timestamp}\\n{AppSecret}"))`. The body is *not*
signed: whoever captures one `(timestamp, sign)` pair can post any body with it until the
timestamp goes stale. So:
1. the replay window is narrow (`MAX_AGE_MS`, 5 minutes instead of DingTalk's suggested hour;
   DingTalk calls back at once and does not retry callbacks), and `msgId` dedupe stops plain
   replays (the dedupe store keeps ids far longer than the window);
2. replies never go where the body says: not to its `sessionWebhook` (any group's webhook,
   the attacker's own included, is on DingTalk's host) nor to its `conversationId` (a forged
   body names the attacker's group). Every answer goes through the robot's own send API,
   one-to-one to the sender's staff id (`oToMessages/batchSend`): the person whose identity
   the body claims is the only one who can read the answer. A group @mention is answered in a
   private chat, which also keeps order details out of the group.

One-to-one pictures, files and rich text with a picture carry `raw["media"]` (the
`downloadCode`); audio and video get the text-only notice.

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
from adapters._schema import enum, header_int, obj, opt_str, received_at, req_str, schema_checked, verify_checked
from adapters._wx import AccessToken
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Delivery, Outcome, RateLimiter, RetryPolicy, combine, deliver, http_outcome, split_text
from bot.core.errors import VerificationError
from bot.core.messages import Message, Reply

API_BASE = "https://api.dingtalk.com"
MAX_AGE_MS = 300 * 1000            # replay window; DingTalk's own suggestion (1 h) is far too wide
REPLAY_WINDOW_S = MAX_AGE_MS / 1000
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

    @classmethod
    def from_settings(cls, settings: Any) -> DingTalkSettings | None:
        s = read_secrets(settings, "dingtalk", ("APP_KEY", "APP_SECRET"), ("ROBOT_CODE",))
        if s is None:
            return None
        # an internal app's robotCode is its AppKey unless configured otherwise
        return cls(s["app_key"] or "", s["app_secret"] or "", s["robot_code"] or s["app_key"] or "",
                   api_base(settings, "dingtalk", API_BASE))


class DingTalkAdapter:
    name: ClassVar[str] = "dingtalk"
    replay_window_s: ClassVar[float] = REPLAY_WINDOW_S

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

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        ts, sign = req.header("timestamp"), req.header("sign")
        if not sign:
            raise VerificationError("dingtalk: missing timestamp or sign")
        sent_ms = header_int(ts, "dingtalk")
        if abs(now(req) * 1000 - sent_ms) > MAX_AGE_MS:
            raise VerificationError("dingtalk: stale timestamp")
        if not constant_time_equal(sign, signature(self.config.app_secret, ts)):
            raise VerificationError("dingtalk: bad sign")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        data = json_object(req.body)
        key = req_str(data.get("msgId"), "dingtalk: msgId")
        conversation = req_str(data.get("conversationId"), "dingtalk: conversationId")
        # Replies go to the sender's staff id only (see the module docstring): no staff id, no reply.
        staff = data.get("senderStaffId")
        if staff is None:
            return Parsed()
        sender = req_str(staff, "dingtalk: senderStaffId")
        one_to_one = data.get("conversationType") in ("1", 1)
        raw: dict[str, Any] = {"conversation_type": "1" if one_to_one else "2", "staff_id": sender}
        msgtype = enum(data.get("msgtype"))
        if msgtype == "text":
            text = (opt_str(obj(data.get("text"), "dingtalk: text").get("content"), "dingtalk: text.content")
                    or "").strip()
            if not text:
                return Parsed()
            created = received_at(data.get("createAt"), unit_s=0.001)
            return Parsed(messages=[Message(self.name, conversation, sender, key, text, raw=raw, **created)])
        if msgtype in ("picture", "file", "richText") and one_to_one:
            words, media = _media(msgtype, data.get("content"))
            if media or words:
                # Evidence for a claim: its downloadCode is redeemed at robot/messageFiles/download
                # by bot/web/console/media.py.
                extra = {**raw, "media": media[0], **({"media_more": media[1:]} if media[1:] else {})} if media else raw
                created = received_at(data.get("createAt"), unit_s=0.001)
                return Parsed(messages=[Message(self.name, conversation, sender, key, words, raw=extra, **created)])
        if msgtype in _MEDIA and one_to_one:
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
        results: list[Delivery] = []
        for part in split_text(reply.text, TEXT_LIMIT_BYTES, "utf8"):
            await self.pace.wait(reply.sender_id)
            result = await self._openapi(http, reply, part)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results), via="openapi")

    async def _openapi(self, http: aiohttp.ClientSession, reply: Reply, text: str) -> Delivery:
        token = await self.token.get(http)
        if token is None:
            return Delivery(ok=False, error="no_access_token")
        # Always the sender, one-to-one: never a conversation or webhook the (unsigned) body named.
        body: dict[str, Any] = {"robotCode": self.config.robot_code, "userIds": [reply.sender_id],
                                "msgKey": "sampleText", "msgParam": json.dumps({"content": text}, ensure_ascii=False)}
        return await deliver(http, "POST", f"{self.config.api_base}/v1.0/robot/oToMessages/batchSend",
                             policy=self.retry, classify=_classify, json=body,
                             headers={"x-acs-dingtalk-access-token": token})


def _media(msgtype: str, content: Any) -> tuple[str, list[dict[str, Any]]]:
    """(the words, the pictures or the file) of a picture, file or richText message.

    picture: `{"downloadCode", "pictureDownloadCode"}`; file: `{"downloadCode", "fileName", …}`;
    richText: `{"richText": [{"text": …}, {"type": "picture", "downloadCode": …}, …]}`.
    """
    def ref(item: dict[str, Any], kind: str) -> dict[str, Any] | None:
        code = item.get("downloadCode") or item.get("pictureDownloadCode")
        return {"kind": kind, "ref": code, "size": None, "mime": None} if isinstance(code, str) and code else None
    if not isinstance(content, dict):
        return "", []
    if msgtype in ("picture", "file"):
        one = ref(content, "image" if msgtype == "picture" else "file")
        return "", [one] if one else []
    words: list[str] = []
    media: list[dict[str, Any]] = []
    items = content.get("richText")
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        if isinstance(item.get("text"), str):
            words.append(item["text"].strip())
        elif item.get("type", "picture") == "picture" and (picture := ref(item, "image")):
            media.append(picture)
    return " ".join(w for w in words if w), media


def _classify(status: int, headers: Any, body: Any) -> Outcome:
    outcome = http_outcome(status, headers, body)
    code = body.get("errcode") if isinstance(body, dict) else None
    if outcome.ok and isinstance(code, int) and code != 0:
        # 130101: throttled for 10 minutes — longer than a worker should wait
        return Outcome(ok=False, error=f"dingtalk_{code}")
    return outcome


ADAPTER = DingTalkAdapter
from_settings = DingTalkAdapter.from_settings
