"""DingTalk HTTP callback: timestamp+secret HMAC (own vector), sessionWebhook reply, OpenAPI fallback."""
from __future__ import annotations

import json
import time

from contract import AdapterContract, Answer, Call, inbound

from adapters import dingtalk
from bot.messages import Reply

APP_KEY, APP_SECRET = "dingabcdefghijk", "test_app_secret"


def signed(body: bytes, ts_ms: int | None = None, secret: str = APP_SECRET):
    ts = str(int(time.time() * 1000) if ts_ms is None else ts_ms)
    return inbound(body, {"Content-Type": "application/json", "timestamp": ts,
                          "sign": dingtalk.signature(secret, ts)})


class TestDingTalk(AdapterContract):
    module = dingtalk
    secrets = {"AFTERSALES_DINGTALK_APP_KEY": APP_KEY, "AFTERSALES_DINGTALK_APP_SECRET": APP_SECRET}
    missing_secret_example = "AFTERSALES_DINGTALK_APP_SECRET"
    send_path = "/robot/sendBySession"
    text_limit = dingtalk.TEXT_LIMIT_BYTES
    limit_measure = "utf8"
    base = "https://oapi.dingtalk.com"

    def env(self, api_base=None, **extra):
        env = super().env(api_base, **extra)
        if api_base:
            env["AFTERSALES_DINGTALK_WEBHOOK_BASE"] = api_base
        return env

    def make_adapter(self, fake=None):
        if fake is not None:
            self.base = fake.base
        return super().make_adapter(fake)

    def payload(self, key: str = "1", msgtype: str = "text", text: str = "hi", conversation_type: str = "1",
                hook: str | None = None, expires_in_s: int = 5400) -> dict:
        now_ms = int(time.time() * 1000)
        data = {"msgId": f"msgDwrYf3TDlqJ1tFMEnKdz/{key}==", "msgtype": msgtype, "createAt": now_ms,
                "conversationType": conversation_type, "conversationId": "cidxj9AjlW1IKuEfV7/BYeyXA==",
                "senderId": "$:LWCP_v1:$sender", "senderStaffId": "manager4285", "senderNick": "王",
                "chatbotUserId": "$:LWCP_v1:$bot", "robotCode": APP_KEY, "isInAtList": True,
                "sessionWebhook": hook or f"{self.base}/robot/sendBySession?session=c8b9e6e0",
                "sessionWebhookExpiredTime": now_ms + expires_in_s * 1000}
        if msgtype == "text":
            data["text"] = {"content": f" {text}"}
        return data

    def text_request(self, text: str, key: str = "1"):
        return signed(json.dumps(self.payload(key, text=text), ensure_ascii=False).encode())

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        ts = int(h["timestamp"])
        return {"wrong secret": signed(genuine.body, ts, "other"),
                "stale timestamp": signed(genuine.body, ts - 3601 * 1000),
                "future timestamp": signed(genuine.body, ts + 3601 * 1000),
                "sign for another timestamp": inbound(genuine.body, {**h, "timestamp": str(ts + 1)}),
                "missing sign": inbound(genuine.body, {"timestamp": str(ts)})}

    def non_text_request(self):
        return signed(json.dumps(self.payload(msgtype="picture")).encode())

    def malformed_request(self):
        return signed(b'{"msgtype": "text", "text": {"content": "no ids"}}')

    def ok_answer(self) -> Answer:
        return Answer(200, {"errcode": 0, "errmsg": "ok"})

    def sent_text(self, call: Call) -> str:
        return call.json["text"]["content"]

    def assert_auth(self, call: Call) -> None:
        assert call.query == {"session": "c8b9e6e0"}     # the session webhook is its own auth
        assert call.json["msgtype"] == "text"

    # ------------------------------------------------------------ platform specifics

    def test_own_vector(self) -> None:
        assert dingtalk.signature("test_app_secret", "1700000000000") == "xe0JT7wpvLtClhhu571vw8bYvd9RpJAPhs9kSmT+LM8="
        self.make_adapter().verify(inbound(b"{}", {"timestamp": "1700000000000",
                                                  "sign": "xe0JT7wpvLtClhhu571vw8bYvd9RpJAPhs9kSmT+LM8="},
                                           received_at=1700000100.0))

    async def test_foreign_session_webhook_never_called(self, fake_api, http) -> None:
        """The body is unsigned: a replayed request naming another URL must not receive the answer."""
        adapter = self.make_adapter(fake_api)
        fake_api.on("POST", "/v1.0/oauth2/accessToken", default=Answer(200, {"accessToken": "dt-at", "expireIn": 7200}))
        fake_api.on("POST", "/v1.0/robot/oToMessages/batchSend", default=Answer(200, {"processQueryKey": "k"}))
        req = signed(json.dumps(self.payload(hook="https://attacker.example/steal")).encode())
        msg = self.parse_one(adapter, req)
        assert "session_webhook" not in msg.raw
        facts = await adapter.send(Reply.to(msg, "您的退款已受理"), http)
        assert facts["ok"] and facts["via"] == "openapi"
        [call] = fake_api.calls_to("/v1.0/robot/oToMessages/batchSend")
        assert call.headers["x-acs-dingtalk-access-token"] == "dt-at"
        assert call.json["userIds"] == ["manager4285"] and call.json["robotCode"] == APP_KEY
        assert json.loads(call.json["msgParam"]) == {"content": "您的退款已受理"}

    async def test_expired_session_webhook_group_uses_openapi(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        fake_api.on("POST", "/v1.0/oauth2/accessToken", default=Answer(200, {"accessToken": "dt-at", "expireIn": 7200}))
        req = signed(json.dumps(self.payload(conversation_type="2", expires_in_s=-1)).encode())
        facts = await adapter.send(Reply.to(self.parse_one(adapter, req), "ok"), http)
        assert facts["via"] == "openapi" and facts["ok"]
        [call] = fake_api.calls_to("/v1.0/robot/groupMessages/send")
        assert call.json["openConversationId"] == "cidxj9AjlW1IKuEfV7/BYeyXA=="
        assert json.loads(fake_api.calls_to("/v1.0/oauth2/accessToken")[0].body) == \
            {"appKey": APP_KEY, "appSecret": APP_SECRET}

    async def test_group_reply_mentions_the_sender(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        req = signed(json.dumps(self.payload(conversation_type="2")).encode())
        await adapter.send(Reply.to(self.parse_one(adapter, req), "ok"), http)
        assert self.sends(fake_api)[0].json["at"] == {"atUserIds": ["manager4285"]}

    async def test_throttled_not_retried(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path, Answer(200, {"errcode": 130101, "errmsg": "send too fast"}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts["ok"] is False and facts["error"] == "dingtalk_130101" and facts["attempts"] == 1

    def test_unsigned_body_tampering_is_possible_hence_dedupe(self) -> None:
        """Documented weakness: the sign covers only the timestamp. Same msgId → same key."""
        adapter = self.make_adapter()
        genuine = self.text_request("one", "5")
        altered = inbound(genuine.body.replace(b"one", b"two"), dict(genuine.headers))
        adapter.verify(altered)
        assert self.parse_one(adapter, altered).message_id == self.parse_one(adapter, genuine).message_id
