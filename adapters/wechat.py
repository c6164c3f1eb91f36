"""WeChat Official Account (公众号) server callback, safe mode (安全模式) or plaintext mode.

Every request carries `signature = sha1(sorted(token, timestamp, nonce))`. In safe mode
(EncodingAESKey set) messages arrive as `<xml><Encrypt>…</Encrypt></xml>` with
`encrypt_type=aes` and `msg_signature` over the four strings, WXBizMsgCrypt as for WeCom
(`_crypto`), the plaintext ending in our AppID (checked). The URL check is a plaintext GET
returning `echostr`. WeChat waits 5 s and shows "该公众号暂时无法提供服务" on silence, so a
message is acknowledged with `success` and answered later with a customer-service message
(allowed within 48 h of the user's message).

Replay: the `signature` covers only token, timestamp and nonce — in plaintext mode **not the
body**, so a captured query string signs any body. Safe mode (`msg_signature` over the
ciphertext) is strongly recommended. Either way the signed `timestamp` must lie within
`REPLAY_WINDOW_S` (WeChat retries a message three times within about 15 s), and the dedupe store
remembers `MsgId`s far longer than that.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, encrypted_field, notice, now, parse_xml, read_secrets
from adapters._crypto import CryptoError, WxCrypto, sha1_signature
from adapters._schema import header_int, received_at, schema_checked, verify_checked
from adapters._wx import AccessToken, send_with_token, wx_outcome
from adapters.base import InboundRequest, Parsed, constant_time_equal
from adapters.outbound import Delivery, RateLimiter, RetryPolicy, combine, deliver, split_text
from bot.core.errors import ConfigError, PayloadError, VerificationError
from bot.core.messages import Handshake, Message, Reply

API_BASE = "https://api.weixin.qq.com/cgi-bin"
REPLAY_WINDOW_S = 300
TEXT_LIMIT_BYTES = 2048
_MEDIA = {"image", "voice", "video", "shortvideo", "location", "link"}


@dataclass(frozen=True, slots=True)
class WeChatSettings:
    token: str = field(repr=False)
    app_id: str
    app_secret: str = field(repr=False)
    encoding_aes_key: str | None = field(default=None, repr=False)   # None: plaintext mode
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> WeChatSettings | None:
        s = read_secrets(settings, "wechat", ("TOKEN", "APP_ID", "APP_SECRET"), ("ENCODING_AES_KEY",))
        if s is None:
            return None
        if s["encoding_aes_key"] and len(s["encoding_aes_key"]) != 43:
            raise ConfigError("AFTERSALES_WECHAT_ENCODING_AES_KEY", "must be the 43-character key")
        return cls(s["token"] or "", s["app_id"] or "", s["app_secret"] or "", s["encoding_aes_key"],
                   api_base(settings, "wechat", API_BASE))


class WeChatAdapter:
    name: ClassVar[str] = "wechat"
    replay_window_s: ClassVar[float] = REPLAY_WINDOW_S

    def __init__(self, config: WeChatSettings) -> None:
        self.config = config
        self.crypto = WxCrypto(config.token, config.encoding_aes_key, config.app_id) \
            if config.encoding_aes_key else None
        self.retry = RetryPolicy()
        # customer-service messages: a handful per user message anyway; pace gently
        self.pace = RateLimiter(interval_s=1.0, burst=5)
        self.token = AccessToken(self._fetch_token)

    @classmethod
    def from_settings(cls, settings: Any) -> WeChatAdapter | None:
        config = WeChatSettings.from_settings(settings)
        return cls(config) if config else None

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        q = req.query
        ts, nonce, sig = q.get("timestamp", ""), q.get("nonce", ""), q.get("signature", "")
        if not sig or not constant_time_equal(sig, sha1_signature(self.config.token, ts, nonce)):
            raise VerificationError("wechat: missing or bad signature")
        if req.method == "GET":
            return        # the URL check: echoes echostr, changes nothing
        if abs(now(req) - header_int(ts, "wechat")) > REPLAY_WINDOW_S:
            raise VerificationError("wechat: timestamp outside the replay window")
        if self.crypto is None:
            return
        # safe mode: the body must be encrypted and msg_signature must cover the ciphertext
        encrypted = encrypted_field(req.body)
        if q.get("encrypt_type") != "aes" or not encrypted or \
                not self.crypto.check(q.get("msg_signature", ""), ts, nonce, encrypted):
            raise VerificationError("wechat: missing or bad msg_signature")

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        if req.method == "GET":
            echostr = req.query.get("echostr")
            if not echostr:
                raise PayloadError("wechat: no echostr")
            return Parsed(handshake=Handshake(200, echostr, "text/plain"))
        msg = parse_xml(self._plaintext(req))
        ack = Handshake(200, "success", "text/plain")
        kind, openid = msg.get("MsgType"), msg.get("FromUserName")
        if kind == "event" or kind is None:
            return Parsed(handshake=ack)       # subscribe, menu clicks…
        if not openid or not msg.get("MsgId"):
            raise PayloadError("wechat: message without FromUserName or MsgId")
        key, raw = msg["MsgId"], {"touser": openid}
        if kind == "text" and msg.get("Content", "").strip():
            return Parsed(messages=[Message(self.name, openid, openid, key, msg["Content"], raw=raw,
                                            **received_at(msg.get("CreateTime")))],
                          handshake=ack)
        if kind in _MEDIA:
            return Parsed(notices=[notice(self.name, openid, openid, key, raw)], handshake=ack)
        return Parsed(handshake=ack)

    def _plaintext(self, req: InboundRequest) -> bytes:
        if self.crypto is None:
            return req.body
        try:
            return self.crypto.decrypt(encrypted_field(req.body))
        except CryptoError:
            raise VerificationError("wechat: body does not decrypt for this AppID") from None

    async def _fetch_token(self, http: aiohttp.ClientSession) -> Delivery:
        return await deliver(http, "GET", f"{self.config.api_base}/token", policy=self.retry,
                             classify=wx_outcome,
                             params={"grant_type": "client_credential", "appid": self.config.app_id,
                                     "secret": self.config.app_secret})

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        touser = reply.raw.get("touser", reply.conversation_id)
        results: list[Delivery] = []
        for part in split_text(reply.text, TEXT_LIMIT_BYTES, "utf8"):
            await self.pace.wait(touser)
            # errcode 45015 (48-hour window passed) and 45047 (quota) are final, not retried
            result = await send_with_token(http, self.token, f"{self.config.api_base}/message/custom/send",
                                           {"touser": touser, "msgtype": "text", "text": {"content": part}},
                                           self.retry)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


ADAPTER = WeChatAdapter
from_settings = WeChatAdapter.from_settings
