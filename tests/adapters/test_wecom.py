"""WeCom: WXBizMsgCrypt requests made with wechatpy's own crypto and its published vectors."""
from __future__ import annotations

import re

import pytest
from contract import AdapterContract, Answer, Call, inbound
from wechatpy.enterprise.crypto import WeChatCrypto

from adapters import wecom
from adapters._crypto import WxCrypto, sha1_signature
from bot.core.errors import VerificationError
from bot.core.messages import Reply

TOKEN, AES_KEY, CORP_ID = "123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a"
SDK = WeChatCrypto(TOKEN, AES_KEY, CORP_ID)


def envelope(xml: str, nonce: str = "461056294", ts: str = "1411525903", sdk: WeChatCrypto = SDK):
    """What WeCom POSTs: the SDK's encrypted envelope, its signature in the query."""
    out = sdk.encrypt_message(xml, nonce, ts)
    encrypted = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]></Encrypt>", out).group(1)
    signature = re.search(r"<MsgSignature><!\[CDATA\[(.*?)\]\]></MsgSignature>", out).group(1)
    body = (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><AgentID><![CDATA[1]]></AgentID>"
            f"<Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>")
    return inbound(body, {"Content-Type": "text/xml"},
                   query={"msg_signature": signature, "timestamp": ts, "nonce": nonce})


def message_xml(kind: str = "text", content: str = "test", msg_id: str = "4363689963896700987") -> str:
    extra = f"<Content><![CDATA[{content}]]></Content>" if kind == "text" else "<PicUrl><![CDATA[http://x]]></PicUrl>"
    return (f"<xml><ToUserName><![CDATA[{CORP_ID}]]></ToUserName><FromUserName><![CDATA[messense]]></FromUserName>"
            f"<CreateTime>1411525903</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{extra}"
            f"<MsgId>{msg_id}</MsgId><AgentID>1</AgentID></xml>")


class TestWeCom(AdapterContract):
    module = wecom
    secrets = {"AFTERSALES_WECOM_TOKEN": TOKEN, "AFTERSALES_WECOM_ENCODING_AES_KEY": AES_KEY,
               "AFTERSALES_WECOM_CORP_ID": CORP_ID, "AFTERSALES_WECOM_CORP_SECRET": "corp-secret-abcdef",
               "AFTERSALES_WECOM_AGENT_ID": "1000002"}
    missing_secret_example = "AFTERSALES_WECOM_CORP_SECRET"
    send_path = "/message/send"
    text_limit = 2048
    limit_measure = "utf8"

    def text_request(self, text: str, key: str = "1"):
        return envelope(message_xml(content=text, msg_id=f"436368996389670098{key}"))

    def forgeries(self, genuine):
        q = dict(genuine.query)
        return {"wrong signature": inbound(genuine.body, query={**q, "msg_signature": "0" * 40}),
                "signature for other nonce": inbound(genuine.body, query={**q, "nonce": "1"}),
                "missing signature": inbound(genuine.body, query={k: v for k, v in q.items() if k != "msg_signature"}),
                "body swapped": inbound(self.text_request("other").body, query=q),
                "other token": envelope(message_xml(), sdk=WeChatCrypto("guess", AES_KEY, CORP_ID))}

    def non_text_request(self):
        # (Images with a MediaId are evidence the console keeps: tests/console/test_media_platforms.py.)
        return envelope(message_xml("voice"))

    def malformed_request(self):
        return envelope("<xml><MsgType>text</MsgType><Content>no sender</Content>")

    def setup_fake(self, fake) -> None:
        fake.on("GET", "/gettoken", default=Answer(200, {"errcode": 0, "errmsg": "ok",
                                                         "access_token": "wecom-at", "expires_in": 7200}))

    def ok_answer(self) -> Answer:
        return Answer(200, {"errcode": 0, "errmsg": "ok"})

    def sent_text(self, call: Call) -> str:
        return call.json["text"]["content"]

    def assert_auth(self, call: Call) -> None:
        assert call.query == {"access_token": "wecom-at"}
        assert call.json["touser"] == "messense" and call.json["agentid"] == 1000002

    # ------------------------------------------------------------ platform specifics

    def test_published_echostr_vector(self) -> None:
        adapter = self.make_adapter()
        req = inbound(method="GET", query={
            "msg_signature": "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "timestamp": "1411443780",
            "nonce": "437374425",
            "echostr": "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=="})
        adapter.verify(req)
        hs = adapter.parse(req).handshake
        assert (hs.status, hs.body) == (200, b"5927782489442352469")
        with pytest.raises(VerificationError):
            adapter.verify(inbound(method="GET", query={**req.query, "timestamp": "1411443781"}))

    def test_published_message_vector_and_sdk_agreement(self) -> None:
        crypto = WxCrypto(TOKEN, AES_KEY, CORP_ID)
        xml = message_xml().encode()
        ours = crypto.encrypt(xml, prefix=b"1234567890123456")
        assert SDK.decrypt_message(
            f"<xml><Encrypt><![CDATA[{ours}]]></Encrypt></xml>",
            sha1_signature(TOKEN, "1411525903", "461056294", ours), "1411525903", "461056294") == xml.decode()
        assert crypto.decrypt(ours) == xml

    def test_ack_is_empty_and_fields_parsed(self) -> None:
        adapter = self.make_adapter()
        req = self.text_request("订单 SO1 到哪了")
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert parsed.handshake.body == b""
        [msg] = parsed.messages
        assert (msg.sender_id, msg.conversation_id, msg.message_id) == ("messense", "messense", "4363689963896700981")

    def test_receive_id_mismatch_refused(self) -> None:
        adapter = self.make_adapter()
        req = envelope(message_xml(), sdk=WeChatCrypto(TOKEN, AES_KEY, "wwOTHERCORP"))
        adapter.verify(req)            # the signature is right…
        with pytest.raises(VerificationError):
            adapter.parse(req)         # …but it was encrypted for another corp

    def test_doctype_refused(self) -> None:
        from bot.core.errors import PayloadError
        adapter = self.make_adapter()
        # unsigned: refused by the signature check, before any XML parser sees it
        with pytest.raises(VerificationError):
            adapter.verify(inbound(b'<!DOCTYPE x [<!ENTITY a "b">]><xml><Encrypt>&a;</Encrypt></xml>',
                                   query={"msg_signature": "x", "timestamp": "1", "nonce": "1"}))
        # genuinely signed, with a DOCTYPE inside the encrypted message: refused by the parser
        req = envelope('<!DOCTYPE x [<!ENTITY a "b">]>' + message_xml())
        adapter.verify(req)
        with pytest.raises(PayloadError):
            adapter.parse(req)

    def test_verify_runs_no_xml_parser(self, monkeypatch) -> None:
        import xml.etree.ElementTree as ET

        def boom(*a, **k):
            raise AssertionError("XML parsed before the signature was checked")
        monkeypatch.setattr(ET, "fromstring", boom)
        adapter = self.make_adapter()
        with pytest.raises(VerificationError):
            adapter.verify(inbound(b"<xml><Encrypt><![CDATA[abcd]]></Encrypt></xml>",
                                   query={"msg_signature": "0" * 40, "timestamp": "1", "nonce": "1"}))
        adapter.verify(envelope(message_xml()))      # a genuine request verifies without parsing too

    def test_utf16_doctype_does_not_slip_past_the_guard(self) -> None:
        from adapters._common import parse_xml
        from bot.core.errors import PayloadError
        evil = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><xml><A>&a;</A></xml>'
        for body in (evil.encode("utf-16"), evil.encode("utf-16-le"), evil.encode("utf-16-be"),
                     evil.replace("UTF-16", "UTF-8").encode()):
            with pytest.raises(PayloadError):
                parse_xml(body)
        assert parse_xml(b'<?xml version="1.0" encoding="utf-8"?><xml><A>1</A></xml>') == {"A": "1"}

    async def test_expired_token_refreshed(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        fake_api.on("POST", self.send_path, Answer(200, {"errcode": 42001, "errmsg": "access_token expired"}))
        msg = self.parse_one(adapter, self.text_request("hi"))
        facts = await adapter.send(Reply.to(msg, "x"), http)
        assert facts["ok"] and len(fake_api.calls_to("/gettoken")) == 2
        assert fake_api.calls_to("/gettoken")[0].query == {"corpid": CORP_ID, "corpsecret": "corp-secret-abcdef"}

    async def test_e2e_echostr(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        q = {"msg_signature": "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "timestamp": "1411443780",
             "nonce": "437374425",
             "echostr": "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=="}
        resp = await client.get("/webhooks/wecom", params=q)
        assert resp.status == 200 and await resp.read() == b"5927782489442352469"
