"""The whole bot with Messenger, Feishu, WeCom and DingTalk pointed at one local fake: a photo or
file sent on each is fetched through that platform's media API, acknowledged in the customer's
language, attached to the hand-off, sealed, shown to the agent and unreadable once the customer
is erased; an oversize file is refused with nothing stored; a file whose download fails does not
swallow the words sent with it."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import re
import sqlite3
import time
from typing import Any

import pytest
import requests
from harness import Bot, Staff
from platform_fakes import Answer
from wechatpy.enterprise.crypto import WeChatCrypto

from bot.pipeline.runner import identity_scope
from bot.web.console.media import MAX_BYTES

pytestmark = pytest.mark.usefixtures("models")

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + os.urandom(4000)
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(3000)
PDF = b"%PDF-1.7\n" + os.urandom(3000)
WEBP = b"RIFF\x00\x10\x00\x00WEBPVP8 " + os.urandom(2000)
FB_SECRET, FS_TOKEN, DT_SECRET = "fb-app-secret", "feishu-verification", "ding-app-secret"
WX_TOKEN, WX_KEY, WX_CORP = "123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a"
ENV = {"AFTERSALES_MESSENGER_APP_SECRET": FB_SECRET, "AFTERSALES_MESSENGER_VERIFY_TOKEN": "v",
       "AFTERSALES_MESSENGER_PAGE_ACCESS_TOKEN": "EAAB-page",
       "AFTERSALES_FEISHU_APP_ID": "cli_e2e", "AFTERSALES_FEISHU_APP_SECRET": "fs-secret",
       "AFTERSALES_FEISHU_VERIFICATION_TOKEN": FS_TOKEN,
       "AFTERSALES_WECOM_TOKEN": WX_TOKEN, "AFTERSALES_WECOM_ENCODING_AES_KEY": WX_KEY,
       "AFTERSALES_WECOM_CORP_ID": WX_CORP, "AFTERSALES_WECOM_CORP_SECRET": "wx-secret",
       "AFTERSALES_WECOM_AGENT_ID": "1000002",
       "AFTERSALES_DINGTALK_APP_KEY": "dingkey", "AFTERSALES_DINGTALK_APP_SECRET": DT_SECRET,
       **{f"AFTERSALES_{p}_API_BASE": "{fake}" for p in ("MESSENGER", "FEISHU", "WECOM", "DINGTALK")}}


class Customers:
    """Signed webhooks as each platform sends them, and what the bot sent back on each."""

    n = 0

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        f = bot.fake
        f.on("POST", "/me/messages", default=Answer(200, {"recipient_id": "x", "message_id": "m_out"}))
        f.on("POST", "/auth/v3/tenant_access_token/internal",
             default=Answer(200, {"code": 0, "tenant_access_token": "t-e2e", "expire": 7200}))
        f.on("POST", "/im/v1/messages", default=Answer(200, {"code": 0, "data": {"message_id": "om_out"}}))
        f.on("GET", "/gettoken", default=Answer(200, {"errcode": 0, "access_token": "AT-e2e", "expires_in": 7200}))
        f.on("POST", "/message/send", default=Answer(200, {"errcode": 0, "errmsg": "ok"}))
        f.on("POST", "/v1.0/oauth2/accessToken", default=Answer(200, {"accessToken": "dt-e2e", "expireIn": 7200}))
        f.on("POST", "/v1.0/robot/oToMessages/batchSend", default=Answer(200, {"processQueryKey": "q"}))

    def _id(self) -> str:
        Customers.n += 1
        return str(Customers.n)

    def _post(self, platform: str, body: bytes, headers: dict[str, str], params: dict[str, str] | None = None) -> None:
        r = requests.post(f"{self.bot.base}/webhooks/{platform}", data=body, params=params, timeout=30,
                          headers={"Content-Type": "application/json", **headers})
        assert r.status_code == 200, r.text
        self.bot.idle()

    def messenger(self, message: dict[str, Any], psid: str = "PSID1") -> None:
        body = json.dumps({"object": "page", "entry": [{"id": "PAGE", "time": 1, "messaging": [
            {"sender": {"id": psid}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
             "message": {"mid": f"m_{self._id()}", **message}}]}]}).encode()
        self._post("messenger", body, {"X-Hub-Signature-256": "sha256=" + hmac.new(
            FB_SECRET.encode(), body, hashlib.sha256).hexdigest()})

    def feishu(self, mtype: str, content: dict[str, Any], open_id: str = "ou_e2e", mid: str = "") -> None:
        mid = mid or f"om_{self._id()}"
        body = json.dumps({"schema": "2.0", "header": {
            "event_id": f"ev_{mid}", "event_type": "im.message.receive_v1", "token": FS_TOKEN,
            "create_time": str(int(time.time() * 1000)), "app_id": "cli_e2e"}, "event": {
            "sender": {"sender_id": {"open_id": open_id}, "sender_type": "user"},
            "message": {"message_id": mid, "chat_id": f"oc_{open_id}", "chat_type": "p2p", "message_type": mtype,
                        "content": json.dumps(content, ensure_ascii=False)}}}, ensure_ascii=False).encode()
        self._post("feishu", body, {})

    def wecom(self, kind: str, inner: str, user: str = "lisi") -> None:
        xml = (f"<xml><ToUserName><![CDATA[{WX_CORP}]]></ToUserName><FromUserName><![CDATA[{user}]]></FromUserName>"
               f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[{kind}]]></MsgType>{inner}"
               f"<MsgId>{7000 + int(self._id())}</MsgId><AgentID>1000002</AgentID></xml>")
        out = WeChatCrypto(WX_TOKEN, WX_KEY, WX_CORP).encrypt_message(xml, "nonce1", "1700000000")
        enc = re.search(r"<Encrypt><!\[CDATA\[(.*?)\]\]></Encrypt>", out).group(1)
        sig = re.search(r"<MsgSignature><!\[CDATA\[(.*?)\]\]></MsgSignature>", out).group(1)
        body = f"<xml><ToUserName><![CDATA[{WX_CORP}]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>"
        self._post("wecom", body.encode(), {"Content-Type": "text/xml"},
                   {"msg_signature": sig, "timestamp": "1700000000", "nonce": "nonce1"})

    def dingtalk(self, msgtype: str, part: dict[str, Any], staff: str = "staff01") -> None:
        body = json.dumps({"msgId": f"msg{self._id()}==", "msgtype": msgtype, "createAt": int(time.time() * 1000),
                           "conversationType": "1", "conversationId": f"cid-{staff}", "senderStaffId": staff,
                           "senderId": "$:LWCP", "robotCode": "dingkey", **part}, ensure_ascii=False).encode()
        ts = str(int(time.time() * 1000))
        sign = base64.b64encode(hmac.new(DT_SECRET.encode(), f"{ts}\n{DT_SECRET}".encode(), hashlib.sha256).digest())
        self._post("dingtalk", body, {"timestamp": ts, "sign": sign.decode()})

    def sent(self, platform: str) -> list[str]:
        calls = self.bot.fake.calls
        if platform == "messenger":
            return [c.json["message"]["text"] for c in calls if c.path == "/me/messages"]
        if platform == "feishu":
            return [json.loads(c.json["content"]).get("text", "") for c in calls
                    if c.path == "/im/v1/messages" and c.method == "POST"]
        if platform == "wecom":
            return [c.json["text"]["content"] for c in calls if c.path == "/message/send"]
        return [json.loads(c.json["msgParam"])["content"] for c in calls if c.path == "/v1.0/robot/oToMessages/batchSend"]


def attachment_rows(bot: Bot) -> int:
    db = sqlite3.connect(bot.tmp_path / "data" / "aftersales.db")
    try:
        return db.execute("SELECT COUNT(*) FROM console_attachments").fetchone()[0]
    finally:
        db.close()


def test_a_photo_on_each_platform_is_attached_shown_and_erased(tmp_path):
    with Bot(tmp_path, **ENV) as bot:
        you = Customers(bot)
        fake = bot.fake
        fake.files["/cdn/v/box.jpg"] = JPEG
        fake.files["/im/v1/messages/om_photo/resources/img_v3_e2e"] = PNG
        fake.files["/media/get"] = WEBP
        fake.files["/oss/tmp/iAEI.file"] = PDF
        fake.on("POST", "/v1.0/robot/messageFiles/download",
                default=Answer(200, {"downloadUrl": fake.base + "/oss/tmp/iAEI.file"}))

        # Messenger, in English: the acknowledgement is English too.
        you.messenger({"text": "I want to talk to a human agent please"})
        you.messenger({"attachments": [{"type": "image", "payload": {"url": fake.base + "/cdn/v/box.jpg"}}]})
        ack = you.sent("messenger")[-1]
        assert "got the file" in ack and "attached it to your request" in ack, you.sent("messenger")
        assert "Authorization" not in fake.calls_to("/cdn/v/box.jpg")[0].headers       # no page token to a CDN

        you.feishu("text", {"text": "转人工"})
        you.feishu("image", {"image_key": "img_v3_e2e"}, mid="om_photo")
        assert "收到您发来的文件" in you.sent("feishu")[-1] and "工单" in you.sent("feishu")[-1]
        [res] = fake.calls_to("/im/v1/messages/om_photo/resources/img_v3_e2e")
        assert res.headers["Authorization"] == "Bearer t-e2e" and res.query == {"type": "image"}

        you.wecom("text", "<Content><![CDATA[我要人工客服]]></Content>")
        you.wecom("image", "<PicUrl><![CDATA[http://127.0.0.1:9/not-this]]></PicUrl><MediaId><![CDATA[MID-1]]></MediaId>")
        assert "收到您发来的文件" in you.sent("wecom")[-1], you.sent("wecom")
        [get] = fake.calls_to("/media/get")
        assert get.query == {"access_token": "AT-e2e", "media_id": "MID-1"}

        you.dingtalk("text", {"text": {"content": "转人工"}})
        you.dingtalk("file", {"content": {"downloadCode": "DC-e2e", "fileName": "发票.pdf"}})
        assert "收到您发来的文件" in you.sent("dingtalk")[-1], you.sent("dingtalk")
        [redeem] = fake.calls_to("/v1.0/robot/messageFiles/download")
        assert redeem.json == {"downloadCode": "DC-e2e", "robotCode": "dingkey"}
        assert redeem.headers["x-acs-dingtalk-access-token"] == "dt-e2e"

        amy = Staff(bot)
        amy.login("amy")
        expected = {1: ("image/jpeg", JPEG), 2: ("image/png", PNG), 3: ("image/webp", WEBP), 4: ("application/pdf", PDF)}
        for n, (mime, data) in expected.items():                   # hand-off n holds attachment n
            page = amy.get(f"/console/handoff/{n}").text
            assert f'id="attachment-{n}"' in page, (n, page[-2000:])
            got = amy.get(f"/console/handoff/{n}/attachment/{n}")
            assert got.status_code == 200 and got.content == data and got.headers["Content-Type"] == mime
        raw = b"".join(p.read_bytes() for p in (tmp_path / "data").iterdir() if p.name.startswith("aftersales.db"))
        assert not [m for m, d in expected.values() if d[16:64] in raw]                 # sealed at rest

        from bot.server.app import RUNTIME
        for who in ("messenger:PSID1", "feishu:ou_e2e", "wecom:lisi", "dingtalk:staff01"):
            bot.call(lambda who=who: bot.app[RUNTIME].audit.erase(identity_scope(who)))
        assert [amy.get(f"/console/handoff/{n}/attachment/{n}").status_code for n in expected] == [410] * 4


def test_oversize_refused_and_a_failed_download_keeps_its_words(tmp_path):
    with Bot(tmp_path, **ENV) as bot:
        you = Customers(bot)
        fake = bot.fake
        fake.files["/im/v1/messages/om_big/resources/img_big"] = b"\xff\xd8\xff" + b"\x00" * (MAX_BYTES + 1)
        you.feishu("image", {"image_key": "img_big"}, mid="om_big")
        assert "太大" in you.sent("feishu")[-1] or "too large" in you.sent("feishu")[-1], you.sent("feishu")
        assert attachment_rows(bot) == 0
        you.feishu("text", {"text": "转人工"})
        fake.files["/im/v1/messages/om_big2/resources/img_big"] = fake.files["/im/v1/messages/om_big/resources/img_big"]
        you.feishu("image", {"image_key": "img_big"}, mid="om_big2")
        amy = Staff(bot)
        amy.login("amy")
        assert "not kept, too_large" in amy.get("/console/handoff/1").text    # the agent sees a photo was refused
        assert attachment_rows(bot) == 0

        # DingTalk rich text: words and a picture whose download code DingTalk refuses.
        fake.on("POST", "/v1.0/robot/messageFiles/download",
                default=Answer(400, {"code": "invalidParameter.downloadCode", "message": "invalid"}))
        you.dingtalk("richText", {"content": {"richText": [
            {"text": "我想退货"}, {"type": "picture", "downloadCode": "DC-bad", "pictureDownloadCode": "P"}]}},
            staff="staff02")
        replies = you.sent("dingtalk")
        assert len(replies) == 2, replies
        assert "没有取到" in replies[0]                                  # the file: please send it again
        assert "没有取到" not in replies[1] and "文件" not in replies[1]  # ... and the words were answered
        assert attachment_rows(bot) == 0
        assert not [c for c in fake.calls if c.path.startswith("/oss/")]

        # Messenger: a link off the allowed CDN hosts is never requested.
        you.messenger({"attachments": [{"type": "image", "payload": {"url": "https://203.0.113.9/x.jpg"}}]},
                      psid="PSID9")
        assert "couldn't fetch" in you.sent("messenger")[-1] or "没有取到" in you.sent("messenger")[-1]
        assert attachment_rows(bot) == 0

        # Messenger album: the good photo is kept, the customer hears about the one that was not.
        fake.files["/cdn/v/a1.jpg"] = JPEG
        fake.files["/cdn/v/a2.txt"] = b"just text, not a photo"
        you.messenger({"attachments": [{"type": "image", "payload": {"url": fake.base + "/cdn/v/a1.jpg"}},
                                       {"type": "image", "payload": {"url": fake.base + "/cdn/v/a2.txt"}}]},
                      psid="PSID9")
        ack, refusal = you.sent("messenger")[-2:]
        assert "got the file" in ack and "JPEG, PNG, GIF, WebP" in refusal
        assert attachment_rows(bot) == 1
