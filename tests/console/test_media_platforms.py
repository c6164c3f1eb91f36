"""Photos and files on Messenger, Feishu/Lark, WeCom and DingTalk, one platform at a time: the
adapter's parsing of the media message, then the fetch through a local fake speaking that
platform's media protocol (tokens and their refresh, error codes, size limits), and the
refusals (SSRF, oversize, wrong type). The whole bot with these platforms:
test_media_platforms_e2e.py."""
from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import aiohttp
import harness  # noqa: F401  (puts tests/adapters, where platform_fakes lives, on the path)
import pytest
from aiohttp import web
from platform_fakes import inbound

from adapters import dingtalk, feishu, messenger, wecom
from bot.core.settings import load_settings
from bot.web.console.media import MAX_BYTES, MediaHosts, MediaRefused, fetch
from bot.web.console.media_http import host_allowed

in_session_loop = pytest.mark.asyncio(loop_scope="session")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 300
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x02" * 300
PDF = b"%PDF-1.7\n" + b"\x03" * 300


class MediaFake:
    """A platform API on 127.0.0.1: per path a queue of answers (the last one repeats)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str, dict[str, str], dict[str, str], bytes]] = []
        self.routes: dict[str, list[Callable[[], web.StreamResponse]]] = {}
        self.app = web.Application()
        self.app.router.add_route("*", "/{tail:.*}", self._handle)
        self.base = ""

    def on(self, path: str, *answers: Callable[[], web.StreamResponse]) -> None:
        self.routes[path] = list(answers)

    def to(self, path: str) -> list[tuple[str, str, dict[str, str], dict[str, str], bytes]]:
        return [c for c in self.calls if c[1] == path]

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.calls.append((request.method, request.path, dict(request.query), dict(request.headers),
                           await request.read()))
        answers = self.routes.get(request.path)
        if not answers:
            return web.json_response({"error": "no route"}, status=404)
        return (answers.pop(0) if len(answers) > 1 else answers[0])()


def js(body: Any, status: int = 200) -> Callable[[], web.StreamResponse]:
    return lambda: web.json_response(body, status=status)


def raw(data: bytes, ctype: str = "application/octet-stream", status: int = 200,
        headers: dict[str, str] | None = None) -> Callable[[], web.StreamResponse]:
    return lambda: web.Response(body=data, status=status, content_type=ctype, headers=headers)


@pytest.fixture
async def fake(aiohttp_server: Any) -> MediaFake:
    f = MediaFake()
    server = await aiohttp_server(f.app, host="127.0.0.1")
    f.base = str(server.make_url("")).rstrip("/")
    return f


# -- the allow-list ---------------------------------------------------------------------------

def test_payload_urls_only_to_allowed_https_hosts():
    hosts = (".fbcdn.net", "cdn.fbsbx.com")
    base = "https://graph.facebook.com/v21.0"
    assert host_allowed("https://scontent.xx.fbcdn.net/v/t1/x.jpg?oh=1", hosts, base)
    assert host_allowed("https://cdn.fbsbx.com/v/x.pdf", hosts, base)
    assert host_allowed("https://graph.facebook.com/v21.0/x", hosts, base)             # the API itself
    for bad in ("http://scontent.xx.fbcdn.net/x.jpg",          # not HTTPS
                "https://fbcdn.net.evil.example/x.jpg", "https://evilfbcdn.net/x.jpg",
                "https://x.fbsbx.com/x",                      # an exact host does not cover subdomains
                "https://user:pw@scontent.fbcdn.net/x", "https://127.0.0.1/x", "https://169.254.169.254/latest",
                "file:///etc/passwd", "https://graph.facebook.com.evil.example/v21.0/x", "not a url"):
        assert not host_allowed(bad, hosts, base), bad
    s = load_settings(env={"AFTERSALES_MEDIA_MESSENGER_HOSTS": "cdn.shop-proxy.example, .fbcdn.net"})
    assert MediaHosts.from_settings(s).messenger == ("cdn.shop-proxy.example", ".fbcdn.net")
    assert MediaHosts.from_settings(load_settings(env={})).dingtalk == (".dingtalk.com", ".aliyuncs.com")


# -- Messenger ----------------------------------------------------------------------------------

def _messenger(base: str) -> messenger.MessengerAdapter:
    s = load_settings(env={"AFTERSALES_MESSENGER_APP_SECRET": "s", "AFTERSALES_MESSENGER_VERIFY_TOKEN": "v",
                           "AFTERSALES_MESSENGER_PAGE_ACCESS_TOKEN": "EAAB-page-token",
                           "AFTERSALES_MESSENGER_API_BASE": base})
    adapter = messenger.from_settings(s)
    assert adapter is not None
    return adapter


def _messenger_body(message: dict[str, Any]) -> bytes:
    return json.dumps({"object": "page", "entry": [{"id": "P1", "time": 1, "messaging": [
        {"sender": {"id": "PSID7"}, "recipient": {"id": "P1"}, "timestamp": 1700000000000,
         "message": {"mid": "m_1", **message}}]}]}).encode()


def test_messenger_parses_photos_and_files_but_not_stickers():
    a = _messenger("https://graph.facebook.com/v21.0")
    cdn = "https://scontent.xx.fbcdn.net/v/t1.15752-9/box.jpg?_nc_oc=1"
    [m] = a.parse(inbound(_messenger_body({"attachments": [{"type": "image", "payload": {"url": cdn}}]}))).messages
    assert m.raw["media"] == {"kind": "photo", "ref": cdn, "size": None, "mime": None} and m.text == ""
    assert m.sender_id == "PSID7" and m.raw["recipient_id"] == "PSID7"
    [f] = a.parse(inbound(_messenger_body({"text": "the invoice", "attachments": [
        {"type": "file", "payload": {"url": "https://cdn.fbsbx.com/v/inv.pdf"}}]}))).messages
    assert f.raw["media"]["kind"] == "file" and f.text == "the invoice"
    [album] = a.parse(inbound(_messenger_body({"attachments": [
        {"type": "image", "payload": {"url": cdn}}, {"type": "audio", "payload": {"url": cdn + "a"}},
        {"type": "image", "payload": {"url": cdn + "2"}}]}))).messages
    assert album.raw["media"]["ref"] == cdn and [m["ref"] for m in album.raw["media_more"]] == [cdn + "2"]
    sticker = a.parse(inbound(_messenger_body({"sticker_id": 369239263222822, "attachments": [
        {"type": "image", "payload": {"url": cdn, "sticker_id": 369239263222822}}]})))
    assert sticker.messages == [] and len(sticker.notices) == 1


@in_session_loop
async def test_messenger_fetches_the_cdn_url_without_the_page_token(fake: MediaFake):
    a = _messenger(fake.base)
    fake.on("/cdn/box.jpg", raw(JPEG, "image/jpeg"))
    fake.on("/cdn/moved.jpg", lambda: web.Response(status=302, headers={"Location": fake.base + "/cdn/box.jpg"}))
    async with aiohttp.ClientSession() as http:
        got = await fetch("messenger", a, {"kind": "photo", "ref": fake.base + "/cdn/box.jpg"}, http)
        assert (got.mime, got.data) == ("image/jpeg", JPEG)
        for url in ("https://evil.example/x.jpg", "http://127.0.0.1:9/x.jpg", "https://169.254.169.254/x"):
            with pytest.raises(MediaRefused) as refused:
                await fetch("messenger", a, {"kind": "photo", "ref": url}, http)
            assert refused.value.code == "unavailable"
        with pytest.raises(MediaRefused):                       # a redirect is not followed
            await fetch("messenger", a, {"kind": "photo", "ref": fake.base + "/cdn/moved.jpg"}, http)
    [dl] = fake.to("/cdn/box.jpg")                              # only the first fetch reached a file
    assert "Authorization" not in dl[3] and "EAAB-page-token" not in json.dumps(fake.calls, default=str)
    assert [c[1] for c in fake.calls] == ["/cdn/box.jpg", "/cdn/moved.jpg"]


# -- Feishu / Lark --------------------------------------------------------------------------------

def _feishu(base: str) -> feishu.FeishuAdapter:
    s = load_settings(env={"AFTERSALES_FEISHU_APP_ID": "cli_1", "AFTERSALES_FEISHU_APP_SECRET": "sec",
                           "AFTERSALES_FEISHU_VERIFICATION_TOKEN": "vt", "AFTERSALES_FEISHU_API_BASE": base})
    adapter = feishu.from_settings(s)
    assert adapter is not None
    return adapter


def _feishu_body(mtype: str, content: dict[str, Any], chat_type: str = "p2p") -> bytes:
    return json.dumps({"schema": "2.0", "header": {
        "event_id": "ev1", "event_type": "im.message.receive_v1", "create_time": str(int(time.time() * 1000)),
        "token": "vt", "app_id": "cli_1"}, "event": {
        "sender": {"sender_id": {"open_id": "ou_1"}, "sender_type": "user"},
        "message": {"message_id": "om_9", "chat_id": "oc_1", "chat_type": chat_type, "message_type": mtype,
                    "content": json.dumps(content, ensure_ascii=False)}}}, ensure_ascii=False).encode()


def test_feishu_parses_images_files_and_posts_with_a_photo():
    a = _feishu("https://open.feishu.cn/open-apis")
    req = inbound(_feishu_body("image", {"image_key": "img_v3_02ab_xyz"}), received_at=time.time())
    a.verify(req)
    [m] = a.parse(req).messages
    assert m.raw["media"] == {"kind": "image", "ref": "img_v3_02ab_xyz", "type": "image", "message_id": "om_9",
                              "size": None, "mime": None}
    [f] = a.parse(inbound(_feishu_body("file", {"file_key": "file_v3_00ab", "file_name": "发票.pdf"}))).messages
    assert (f.raw["media"]["type"], f.raw["media"]["ref"]) == ("file", "file_v3_00ab")
    post = {"title": "", "content": [[{"tag": "text", "text": "鞋盒压坏了 "}, {"tag": "img", "image_key": "img_v3_p"}],
                                     [{"tag": "text", "text": "order 88120046"}, {"tag": "img", "image_key": "img_v3_q"}]]}
    [p] = a.parse(inbound(_feishu_body("post", post))).messages
    assert p.text == "鞋盒压坏了 order 88120046" and p.raw["media"]["ref"] == "img_v3_p"
    assert [m["ref"] for m in p.raw["media_more"]] == ["img_v3_q"] and p.raw["media_more"][0]["message_id"] == "om_9"
    [words] = a.parse(inbound(_feishu_body("post", {"zh_cn": {"title": "退货", "content": [
        [{"tag": "text", "text": "尺码不合适"}]]}}))).messages
    assert words.text == "退货 尺码不合适" and "media" not in words.raw      # a post without a photo is text
    assert a.parse(inbound(_feishu_body("image", {"image_key": "img_1"}, chat_type="group"))).messages == []
    bad = a.parse(inbound(_feishu_body("image", {"image_key": "../../auth/v3"})))
    assert bad.messages == [] and len(bad.notices) == 1                    # no key for a path: a notice


@in_session_loop
async def test_feishu_resource_api_with_a_tenant_token_refreshed_once(fake: MediaFake):
    a = _feishu(fake.base)
    fake.on("/auth/v3/tenant_access_token/internal",
            js({"code": 0, "tenant_access_token": "t-old", "expire": 7200}),
            js({"code": 0, "tenant_access_token": "t-new", "expire": 7200}))
    res = "/im/v1/messages/om_9/resources/img_v3_ok"
    fake.on(res, js({"code": 99991663, "msg": "tenant access token invalid"}, status=400), raw(PNG, "image/png"))
    fake.on("/im/v1/messages/om_9/resources/img_gone", js({"code": 234003, "msg": "File not in msg."}, 400))
    fake.on("/im/v1/messages/om_9/resources/img_big",
            raw(b"\xff\xd8\xff" + b"\x00" * (MAX_BYTES + 10), "image/jpeg"))
    media = {"kind": "image", "ref": "img_v3_ok", "type": "image", "message_id": "om_9"}
    async with aiohttp.ClientSession() as http:
        got = await fetch("feishu", a, media, http)
        assert (got.mime, got.data) == ("image/png", PNG)
        with pytest.raises(MediaRefused) as gone:
            await fetch("feishu", a, {**media, "ref": "img_gone"}, http)
        with pytest.raises(MediaRefused) as big:
            await fetch("feishu", a, {**media, "ref": "img_big"}, http)
    assert gone.value.code == "unavailable" and big.value.code == "too_large"
    first, second = fake.to(res)
    assert first[3]["Authorization"] == "Bearer t-old" and second[3]["Authorization"] == "Bearer t-new"
    assert second[2] == {"type": "image"}
    assert len(fake.to("/im/v1/messages/om_9/resources/img_gone")) == 1        # 234003: no retry
    [login, _] = fake.to("/auth/v3/tenant_access_token/internal")
    assert json.loads(login[4]) == {"app_id": "cli_1", "app_secret": "sec"}


# -- WeCom ----------------------------------------------------------------------------------------

WECOM_ENV = {"AFTERSALES_WECOM_TOKEN": "tok", "AFTERSALES_WECOM_ENCODING_AES_KEY": "k" * 43,
             "AFTERSALES_WECOM_CORP_ID": "ww1", "AFTERSALES_WECOM_CORP_SECRET": "corp-secret",
             "AFTERSALES_WECOM_AGENT_ID": "1000002"}


def _wecom(base: str) -> wecom.WeComAdapter:
    adapter = wecom.from_settings(load_settings(env={**WECOM_ENV, "AFTERSALES_WECOM_API_BASE": base}))
    assert adapter is not None
    return adapter


def _wecom_request(a: wecom.WeComAdapter, xml: str) -> Any:
    from adapters._crypto import sha1_signature
    enc = a.crypto.encrypt(xml.encode())
    sig = sha1_signature("tok", "1700000000", "n1", enc)
    return inbound(f"<xml><ToUserName>ww1</ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>",
                   query={"msg_signature": sig, "timestamp": "1700000000", "nonce": "n1"})


def test_wecom_parses_the_media_id_never_the_pic_url():
    a = _wecom("https://qyapi.weixin.qq.com/cgi-bin")
    req = _wecom_request(a, "<xml><ToUserName>ww1</ToUserName><FromUserName>zhangsan</FromUserName>"
                            "<CreateTime>1700000000</CreateTime><MsgType>image</MsgType>"
                            "<PicUrl>http://10.0.0.1/internal</PicUrl><MediaId>MEDIA_abc-1</MediaId>"
                            "<MsgId>1234567890123456</MsgId><AgentID>1000002</AgentID></xml>")
    a.verify(req)
    parsed = a.parse(req)
    [m] = parsed.messages
    assert m.raw["media"] == {"kind": "image", "ref": "MEDIA_abc-1", "size": None, "mime": None}
    assert parsed.handshake is not None and "10.0.0.1" not in json.dumps(m.raw)
    voice = a.parse(_wecom_request(a, "<xml><FromUserName>zhangsan</FromUserName><MsgType>voice</MsgType>"
                                      "<MediaId>V1</MediaId><MsgId>2</MsgId></xml>"))
    assert voice.messages == [] and len(voice.notices) == 1


@in_session_loop
async def test_wecom_media_get_errcodes_and_token_refresh(fake: MediaFake):
    a = _wecom(fake.base)
    fake.on("/gettoken", js({"errcode": 0, "access_token": "AT1", "expires_in": 7200}),
            js({"errcode": 0, "access_token": "AT2", "expires_in": 7200}))
    # media/get answers HTTP 200 both ways: the file, or a JSON errcode.
    fake.on("/media/get", js({"errcode": 42001, "errmsg": "access_token expired"}),
            raw(JPEG, "image/jpeg", headers={"Content-disposition": 'attachment; filename="MEDIA.jpg"'}),
            js({"errcode": 40007, "errmsg": "invalid media_id"}))
    async with aiohttp.ClientSession() as http:
        got = await fetch("wecom", a, {"kind": "image", "ref": "MEDIA_abc-1"}, http)
        assert (got.mime, got.data) == ("image/jpeg", JPEG)
        with pytest.raises(MediaRefused) as invalid:
            await fetch("wecom", a, {"kind": "image", "ref": "MEDIA_gone"}, http)
    assert invalid.value.code == "unavailable"           # not "unsupported type": it was an error answer
    calls = fake.to("/media/get")
    assert [c[2]["access_token"] for c in calls] == ["AT1", "AT2", "AT2"]
    assert calls[1][2]["media_id"] == "MEDIA_abc-1" and calls[2][2]["media_id"] == "MEDIA_gone"
    assert fake.to("/gettoken")[0][2] == {"corpid": "ww1", "corpsecret": "corp-secret"}


# -- DingTalk -------------------------------------------------------------------------------------

def _dingtalk(base: str) -> dingtalk.DingTalkAdapter:
    adapter = dingtalk.from_settings(load_settings(env={
        "AFTERSALES_DINGTALK_APP_KEY": "dingkey", "AFTERSALES_DINGTALK_APP_SECRET": "dingsecret",
        "AFTERSALES_DINGTALK_API_BASE": base}))
    assert adapter is not None
    return adapter


def _dingtalk_body(msgtype: str, content: dict[str, Any], conversation_type: str = "1") -> bytes:
    return json.dumps({"msgId": "msgX==", "msgtype": msgtype, "createAt": int(time.time() * 1000),
                       "conversationType": conversation_type, "conversationId": "cid1", "senderStaffId": "staff9",
                       "senderId": "$:s", "robotCode": "dingkey", "content": content}).encode()


def test_dingtalk_parses_pictures_files_and_rich_text():
    a = _dingtalk("https://api.dingtalk.com")
    [m] = a.parse(inbound(_dingtalk_body("picture", {"downloadCode": "DC1", "pictureDownloadCode": "P1"}))).messages
    assert m.raw["media"] == {"kind": "image", "ref": "DC1", "size": None, "mime": None}
    assert m.sender_id == "staff9"
    [f] = a.parse(inbound(_dingtalk_body("file", {"downloadCode": "DC2", "fileName": "invoice.pdf"}))).messages
    assert f.raw["media"]["kind"] == "file"
    [r] = a.parse(inbound(_dingtalk_body("richText", {"richText": [
        {"text": "外箱破损"}, {"type": "picture", "downloadCode": "DC3", "pictureDownloadCode": "P3"},
        {"text": "#W2378156"}]}))).messages
    assert r.text == "外箱破损 #W2378156" and r.raw["media"]["ref"] == "DC3" and "media_more" not in r.raw
    assert a.parse(inbound(_dingtalk_body("picture", {"downloadCode": "DC1"}, "2"))).messages == []   # group


@in_session_loop
async def test_dingtalk_download_code_redeemed_then_link_fetched_without_the_token(fake: MediaFake):
    a = _dingtalk(fake.base)
    fake.on("/v1.0/oauth2/accessToken", js({"accessToken": "dt-1", "expireIn": 7200}),
            js({"accessToken": "dt-2", "expireIn": 7200}))
    fake.on("/v1.0/robot/messageFiles/download",
            js({"code": "InvalidAuthentication", "message": "不合法的access_token"}, 401),
            js({"downloadUrl": fake.base + "/oss/tmp/iAEI.file"}),
            js({"downloadUrl": "https://attacker.example/x.file"}),
            js({"code": "invalidParameter.downloadCode", "message": "downloadCode 无效"}, 400))
    fake.on("/oss/tmp/iAEI.file", raw(PDF))
    media = {"kind": "file", "ref": "DC2"}
    async with aiohttp.ClientSession() as http:
        got = await fetch("dingtalk", a, media, http)
        assert (got.mime, got.data) == ("application/pdf", PDF)
        for _ in range(2):          # a link off the allowed hosts; then an invalid code
            with pytest.raises(MediaRefused) as refused:
                await fetch("dingtalk", a, media, http)
            assert refused.value.code == "unavailable"
    redeem = fake.to("/v1.0/robot/messageFiles/download")
    assert [c[3]["x-acs-dingtalk-access-token"] for c in redeem] == ["dt-1", "dt-2", "dt-2", "dt-2"]
    assert json.loads(redeem[1][4]) == {"downloadCode": "DC2", "robotCode": "dingkey"}
    [dl] = fake.to("/oss/tmp/iAEI.file")
    assert "x-acs-dingtalk-access-token" not in {k.lower() for k in dl[3]}
    assert [c[1] for c in fake.calls].count("/oss/tmp/iAEI.file") == 1         # attacker.example never called


@in_session_loop
async def test_wrong_type_is_refused_after_download(fake: MediaFake):
    a = _messenger(fake.base)
    fake.on("/cdn/x.exe", raw(b"MZ\x90\x00" + b"\x00" * 100))
    async with aiohttp.ClientSession() as http:
        with pytest.raises(MediaRefused) as wrong:
            await fetch("messenger", a, {"kind": "file", "ref": fake.base + "/cdn/x.exe"}, http)
    assert wrong.value.code == "unsupported_type"
