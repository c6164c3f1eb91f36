"""WeChat Official Account: safe-mode requests made with wechatpy's OA crypto; plaintext mode too."""
from __future__ import annotations

import re
import time

import pytest
from contract import AdapterContract, Answer, Call, inbound
from wechatpy.crypto import WeChatCrypto
from wechatpy.utils import check_signature

from adapters import wechat
from adapters._crypto import sha1_signature
from bot.core.errors import VerificationError
from bot.core.messages import Reply
from bot.core.settings import load_settings

TOKEN, AES_KEY, APP_ID = "123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a"
SDK = WeChatCrypto(TOKEN, AES_KEY, APP_ID)
OPENID = "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"


def envelope(xml: str, nonce: str = "461056294", ts: str | None = None, sdk: WeChatCrypto = SDK,
             token: str = TOKEN):
    ts = ts or str(int(time.time()))          # the signed timestamp must be recent
    out = sdk.encrypt_message(xml, nonce, ts)
    encrypted = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]></Encrypt>", out).group(1)
    msg_signature = re.search(r"<MsgSignature><!\[CDATA\[(.*?)\]\]></MsgSignature>", out).group(1)
    body = f"<xml><ToUserName><![CDATA[gh_123]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    return inbound(body, {"Content-Type": "text/xml"},
                   query={"signature": sha1_signature(token, ts, nonce), "timestamp": ts, "nonce": nonce,
                          "openid": OPENID, "encrypt_type": "aes", "msg_signature": msg_signature})


def message_xml(kind: str = "text", content: str = "test", msg_id: str = "1234567890123456") -> str:
    extra = f"<Content><![CDATA[{content}]]></Content>" if kind == "text" else "<MediaId><![CDATA[m]]></MediaId>"
    return (f"<xml><ToUserName><![CDATA[gh_123]]></ToUserName><FromUserName><![CDATA[{OPENID}]]></FromUserName>"
            f"<CreateTime>1411525903</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{extra}"
            f"<MsgId>{msg_id}</MsgId></xml>")


class TestWeChat(AdapterContract):
    module = wechat
    secrets = {"AFTERSALES_WECHAT_TOKEN": TOKEN, "AFTERSALES_WECHAT_APP_ID": APP_ID,
               "AFTERSALES_WECHAT_APP_SECRET": "oa-app-secret-abcdef", "AFTERSALES_WECHAT_ENCODING_AES_KEY": AES_KEY}
    missing_secret_example = "AFTERSALES_WECHAT_APP_SECRET"
    send_path = "/message/custom/send"
    text_limit = 2048
    limit_measure = "utf8"

    def text_request(self, text: str, key: str = "1"):
        return envelope(message_xml(content=text, msg_id=f"623456789012345{key}"))

    def forgeries(self, genuine):
        q = dict(genuine.query)
        return {"wrong signature": inbound(genuine.body, query={**q, "signature": "0" * 40}),
                "wrong msg_signature": inbound(genuine.body, query={**q, "msg_signature": "0" * 40}),
                "plaintext body in safe mode": inbound(message_xml(), query={
                    k: v for k, v in q.items() if k not in ("encrypt_type", "msg_signature")}),
                "body swapped": inbound(self.text_request("other").body, query=q),
                "other token": envelope(message_xml(), sdk=WeChatCrypto("guess", AES_KEY, APP_ID), token="guess"),
                "missing query": inbound(genuine.body)}

    def non_text_request(self):
        return envelope(message_xml("voice"))

    def malformed_request(self):
        return envelope("<xml><MsgType>text</MsgType></xml>")

    def setup_fake(self, fake) -> None:
        fake.on("GET", "/token", default=Answer(200, {"access_token": "oa-at", "expires_in": 7200}))

    def ok_answer(self) -> Answer:
        return Answer(200, {"errcode": 0, "errmsg": "ok"})

    def sent_text(self, call: Call) -> str:
        return call.json["text"]["content"]

    def assert_auth(self, call: Call) -> None:
        assert call.query == {"access_token": "oa-at"}
        assert call.json["touser"] == OPENID and call.json["msgtype"] == "text"

    # ------------------------------------------------------------ platform specifics

    def test_plaintext_signature_vector_and_url_check(self) -> None:
        assert sha1_signature("test", "1410685589", "test") == "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff"
        check_signature("test", "f21891de399b4e33a1a93c9a7b8a8fffb5a443ff", "1410685589", "test")  # SDK agrees
        adapter = self.make_adapter()
        q = {"signature": sha1_signature(TOKEN, "1410685589", "n"), "timestamp": "1410685589",
             "nonce": "n", "echostr": "8251792426049548012"}
        req = inbound(method="GET", query=q)
        adapter.verify(req)
        assert adapter.parse(req).handshake.body == "8251792426049548012"
        with pytest.raises(VerificationError):
            adapter.verify(inbound(method="GET", query={**q, "nonce": "m"}))

    def test_acknowledged_with_success(self) -> None:
        adapter = self.make_adapter()
        req = self.text_request("发票")
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert parsed.handshake.body == "success" and parsed.messages[0].sender_id == OPENID

    def test_plaintext_mode(self) -> None:
        env = {k: v for k, v in self.secrets.items() if not k.endswith("AES_KEY")}
        adapter = wechat.from_settings(load_settings(env=env))
        now = str(int(time.time()))
        q = {"signature": sha1_signature(TOKEN, now, "2"), "timestamp": now, "nonce": "2", "openid": OPENID}
        req = inbound(message_xml(content="你好"), query=q)
        adapter.verify(req)
        assert adapter.parse(req).messages[0].text == "你好"

    def test_plaintext_mode_has_a_replay_window(self) -> None:
        # The signature covers token, timestamp and nonce only, not the body: a captured query
        # string must go stale. Before: timestamp "1" (1970) was accepted.
        env = {k: v for k, v in self.secrets.items() if not k.endswith("AES_KEY")}
        adapter = wechat.from_settings(load_settings(env=env))
        for ts in ("1", str(int(time.time()) - 301), str(int(time.time()) + 301), "²", "9" * 400):
            q = {"signature": sha1_signature(TOKEN, ts, "2"), "timestamp": ts, "nonce": "2", "openid": OPENID}
            with pytest.raises(VerificationError):
                adapter.verify(inbound(message_xml(content="你好"), query=q))

    def test_safe_mode_has_a_replay_window_too(self) -> None:
        with pytest.raises(VerificationError):
            self.make_adapter().verify(envelope(message_xml(), ts=str(int(time.time()) - 3600)))

    def test_other_appid_refused(self) -> None:
        adapter = self.make_adapter()
        req = envelope(message_xml(), sdk=WeChatCrypto(TOKEN, AES_KEY, "wxOTHERAPP"))
        adapter.verify(req)
        with pytest.raises(VerificationError):
            adapter.parse(req)

    async def test_window_closed_not_retried(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        fake_api.on("POST", self.send_path, Answer(200, {"errcode": 45015, "errmsg": "response out of time limit"}))
        msg = self.parse_one(adapter, self.text_request("hi"))
        facts = await adapter.send(Reply.to(msg, "x"), http)
        assert facts["ok"] is False and facts["error"] == "wx_45015" and facts["attempts"] == 1

    async def test_e2e_success_ack(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        resp = await self._post(client, self.text_request("你好", "3"))
        assert resp.status == 200 and await resp.text() == "success"
