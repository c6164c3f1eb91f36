"""WeCom (企业微信) self-built app callback.

WXBizMsgCrypt (https://developer.work.weixin.qq.com/document/path/91144, shared code in
`_crypto`): `msg_signature = sha1(sorted(token, timestamp, nonce, Encrypt))`, the body
AES-256-CBC encrypted with the EncodingAESKey and ending in our CorpID (checked).
The URL check is a GET whose `echostr` we decrypt and return within 1 s. Messages are
acknowledged with an empty 200 and answered later through `message/send` — WeCom waits only
5 s, an LLM answer does not fit. WeCom drops (silently) more than 30 messages a minute to one
member, so sends are paced per member.
Images and files (`MediaId`) become messages with `raw["media"]`; voice, video, locations
and links get the text-only notice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import aiohttp

from adapters._common import api_base, encrypted_field, notice, parse_xml, read_secrets
from adapters._crypto import CryptoError, WxCrypto
from adapters._schema import received_at, schema_checked, verify_checked
from adapters._wx import AccessToken, send_with_token, wx_outcome
from adapters.base import InboundRequest, Parsed
from adapters.outbound import Delivery, RateLimiter, RetryPolicy, combine, deliver, split_text
from bot.core.errors import ConfigError, PayloadError, VerificationError
from bot.core.messages import Handshake, Message, Reply

API_BASE = "https://qyapi.weixin.qq.com/cgi-bin"
TEXT_LIMIT_BYTES = 2048
_MEDIA = {"image", "voice", "video", "file", "location", "link"}


@dataclass(frozen=True, slots=True)
class WeComSettings:
    token: str = field(repr=False)
    encoding_aes_key: str = field(repr=False)
    corp_id: str
    corp_secret: str = field(repr=False)
    agent_id: int
    api_base: str = API_BASE

    @classmethod
    def from_settings(cls, settings: Any) -> WeComSettings | None:
        s = read_secrets(settings, "wecom",
                         ("TOKEN", "ENCODING_AES_KEY", "CORP_ID", "CORP_SECRET", "AGENT_ID"))
        if s is None:
            return None
        if len(s["encoding_aes_key"] or "") != 43:
            raise ConfigError("AFTERSALES_WECOM_ENCODING_AES_KEY", "must be the 43-character key")
        if not (s["agent_id"] or "").isdigit():
            raise ConfigError("AFTERSALES_WECOM_AGENT_ID", "must be the numeric AgentId")
        return cls(s["token"] or "", s["encoding_aes_key"] or "", s["corp_id"] or "",
                   s["corp_secret"] or "", int(s["agent_id"] or 0), api_base(settings, "wecom", API_BASE))


class WeComAdapter:
    name: ClassVar[str] = "wecom"

    def __init__(self, config: WeComSettings) -> None:
        self.config = config
        self.crypto = WxCrypto(config.token, config.encoding_aes_key, config.corp_id)
        self.retry = RetryPolicy()
        # 30/min and 1000/h per member, excess silently dropped: 10 at once, then one per 3.6 s.
        self.pace = RateLimiter(interval_s=3.6, burst=10)
        self.token = AccessToken(self._fetch_token)

    @classmethod
    def from_settings(cls, settings: Any) -> WeComAdapter | None:
        config = WeComSettings.from_settings(settings)
        return cls(config) if config else None

    def _encrypted(self, req: InboundRequest) -> str:
        if req.method == "GET":
            return req.query.get("echostr", "")
        return encrypted_field(req.body)      # no XML parser before the signature is checked

    @verify_checked
    def verify(self, req: InboundRequest) -> None:
        q = req.query
        encrypted = self._encrypted(req)
        if not encrypted or not self.crypto.check(q.get("msg_signature", ""), q.get("timestamp", ""),
                                                  q.get("nonce", ""), encrypted):
            raise VerificationError("wecom: missing or bad msg_signature")

    def _decrypt(self, encrypted: str) -> bytes:
        try:
            return self.crypto.decrypt(encrypted)
        except CryptoError:
            # a well-signed body that does not decrypt to our CorpID is not for us
            raise VerificationError("wecom: body does not decrypt for this CorpID") from None

    @schema_checked
    def parse(self, req: InboundRequest) -> Parsed:
        if req.method == "GET":
            return Parsed(handshake=Handshake(200, self._decrypt(self._encrypted(req)), "text/plain"))
        msg = parse_xml(self._decrypt(self._encrypted(req)))
        ack = Handshake(200, b"", "text/plain")     # empty body: no passive reply
        kind, user = msg.get("MsgType"), msg.get("FromUserName")
        if kind == "event" or kind is None:
            return Parsed(handshake=ack)
        if not user or not msg.get("MsgId"):
            raise PayloadError("wecom: message without FromUserName or MsgId")
        key = msg["MsgId"]
        raw = {"touser": user}
        if kind == "text" and msg.get("Content", "").strip():
            return Parsed(messages=[Message(self.name, user, user, key, msg["Content"], raw=raw,
                                            **received_at(msg.get("CreateTime")))],
                          handshake=ack)
        media_id = msg.get("MediaId", "").strip()
        if kind in ("image", "file") and media_id:
            # Evidence for a claim: fetched through cgi-bin/media/get by bot/web/console/media.py
            # (never from `PicUrl`, a link anyone could have written into a message).
            media = {"kind": kind, "ref": media_id, "size": None, "mime": None}
            return Parsed(messages=[Message(self.name, user, user, key, "", raw={**raw, "media": media},
                                            **received_at(msg.get("CreateTime")))], handshake=ack)
        if kind in _MEDIA:
            return Parsed(notices=[notice(self.name, user, user, key, raw)], handshake=ack)
        return Parsed(handshake=ack)

    async def _fetch_token(self, http: aiohttp.ClientSession) -> Delivery:
        return await deliver(http, "GET", f"{self.config.api_base}/gettoken", policy=self.retry,
                             classify=wx_outcome,
                             params={"corpid": self.config.corp_id, "corpsecret": self.config.corp_secret})

    async def send(self, reply: Reply, http: aiohttp.ClientSession) -> dict[str, Any]:
        touser = reply.raw.get("touser", reply.conversation_id)
        results: list[Delivery] = []
        for part in split_text(reply.text, TEXT_LIMIT_BYTES, "utf8"):
            await self.pace.wait(touser)
            result = await send_with_token(http, self.token, f"{self.config.api_base}/message/send",
                                           {"touser": touser, "msgtype": "text", "agentid": self.config.agent_id,
                                            "text": {"content": part}}, self.retry)
            results.append(result)
            if not result.ok:
                break
        return combine(results).facts(parts=len(results))


ADAPTER = WeComAdapter
from_settings = WeComAdapter.from_settings
