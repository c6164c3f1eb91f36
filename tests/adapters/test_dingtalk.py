"""DingTalk HTTP callback: timestamp+secret HMAC (own vector), narrow replay window, replies only
through the robot's own API to the sender (never a webhook or conversation the unsigned body names)."""
from __future__ import annotations

import json
import time

from contract import AdapterContract, Answer, Call, inbound

from adapters import dingtalk
from bot.core.errors import VerificationError
from bot.core.messages import Reply

APP_KEY, APP_SECRET = "dingabcdefghijk", "test_app_secret"


def signed(body: bytes, ts_ms: int | None = None, secret: str = APP_SECRET):
    ts = str(int(time.time() * 1000) if ts_ms is None else ts_ms)
    return inbound(body, {"Content-Type": "application/json", "timestamp": ts,
                          "sign": dingtalk.signature(secret, ts)})


class TestDingTalk(AdapterContract):
    module = dingtalk
    secrets = {"AFTERSALES_DINGTALK_APP_KEY": APP_KEY, "AFTERSALES_DINGTALK_APP_SECRET": APP_SECRET}
    missing_secret_example = "AFTERSALES_DINGTALK_APP_SECRET"
    send_path = "/v1.0/robot/oToMessages/batchSend"
    text_limit = dingtalk.TEXT_LIMIT_BYTES
    limit_measure = "utf8"
    base = "https://oapi.dingtalk.com"

    def setup_fake(self, fake) -> None:
        fake.on("POST", "/v1.0/oauth2/accessToken", default=Answer(200, {"accessToken": "dt-at", "expireIn": 7200}))

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
                "stale timestamp": signed(genuine.body, ts - 301 * 1000),
                "future timestamp": signed(genuine.body, ts + 900 * 1000),
                "superscript timestamp": inbound(genuine.body, {**h, "timestamp": "²"}),
                "huge timestamp": signed(genuine.body, 10 ** 400),
                "sign for another timestamp": inbound(genuine.body, {**h, "timestamp": str(ts + 1)}),
                "missing sign": inbound(genuine.body, {"timestamp": str(ts)})}

    def non_text_request(self):
        # (Pictures and files are evidence the console keeps: tests/console/test_media_platforms.py.)
        return signed(json.dumps({**self.payload(msgtype="audio"), "content": {"downloadCode": "dc", "duration": 2}}).encode())

    def malformed_request(self):
        return signed(b'{"msgtype": "text", "text": {"content": "no ids"}}')

    def ok_answer(self) -> Answer:
        return Answer(200, {"processQueryKey": "k"})

    def sent_text(self, call: Call) -> str:
        return json.loads(call.json["msgParam"])["content"]

    def assert_auth(self, call: Call) -> None:
        assert call.headers["x-acs-dingtalk-access-token"] == "dt-at"
        assert call.json["userIds"] == ["manager4285"] and call.json["robotCode"] == APP_KEY

    # ------------------------------------------------------------ platform specifics

    def test_own_vector(self) -> None:
        assert dingtalk.signature("test_app_secret", "1700000000000") == "xe0JT7wpvLtClhhu571vw8bYvd9RpJAPhs9kSmT+LM8="
        self.make_adapter().verify(inbound(b"{}", {"timestamp": "1700000000000",
                                                  "sign": "xe0JT7wpvLtClhhu571vw8bYvd9RpJAPhs9kSmT+LM8="},
                                           received_at=1700000100.0))

    async def test_session_webhooks_are_never_called(self, fake_api, http) -> None:
        """The body is unsigned: any sessionWebhook it names (DingTalk's host or not) may be an attacker's."""
        adapter = self.make_adapter(fake_api)
        # Even a webhook on the host the old code trusted (DINGTALK_WEBHOOK_BASE) is not used.
        trusting = dingtalk.from_settings(self.settings(fake_api.base, AFTERSALES_DINGTALK_WEBHOOK_BASE=fake_api.base))
        trusting.retry.sleep = trusting.pace.sleep = adapter.retry.sleep
        adapter = trusting
        for hook in ("https://attacker.example/steal", f"{fake_api.base}/robot/sendBySession?session=attacker"):
            msg = self.parse_one(adapter, signed(json.dumps(self.payload(hook=hook)).encode()))
            assert "session_webhook" not in msg.raw
            facts = await adapter.send(Reply.to(msg, "您的退款已受理"), http)
            assert facts["ok"] and facts["via"] == "openapi"
        assert fake_api.calls_to("/robot/sendBySession") == []
        calls = self.sends(fake_api)
        assert [c.json["userIds"] for c in calls] == [["manager4285"]] * 2
        assert json.loads(calls[0].json["msgParam"]) == {"content": "您的退款已受理"}

    async def test_a_group_message_is_answered_privately_to_its_sender(self, fake_api, http) -> None:
        # A forged body could name the attacker's group as conversationId and a victim as sender:
        # the answer goes to the victim alone, never into the named conversation.
        adapter = self.make_adapter(fake_api)
        payload = self.payload(conversation_type="2")
        payload["conversationId"] = "cidATTACKERGROUP=="
        msg = self.parse_one(adapter, signed(json.dumps(payload).encode()))
        facts = await adapter.send(Reply.to(msg, "ok"), http)
        assert facts["ok"]
        assert fake_api.calls_to("/v1.0/robot/groupMessages/send") == []
        [call] = self.sends(fake_api)
        assert call.json["userIds"] == ["manager4285"]
        assert "cidATTACKERGROUP" not in json.dumps(call.json)
        assert json.loads(fake_api.calls_to("/v1.0/oauth2/accessToken")[0].body) == \
            {"appKey": APP_KEY, "appSecret": APP_SECRET}

    def test_the_replay_window_is_five_minutes(self) -> None:
        adapter = self.make_adapter()
        body = json.dumps(self.payload()).encode()
        now_ms = int(time.time() * 1000)
        adapter.verify(signed(body, now_ms - 290 * 1000))
        for off in (-301, 301, -3500):          # inside the old 1 h window, outside the new one
            try:
                adapter.verify(signed(body, now_ms + off * 1000))
            except VerificationError:
                continue
            raise AssertionError(f"accepted a timestamp {off} s off")

    def test_no_staff_id_no_reply(self) -> None:
        adapter = self.make_adapter()
        payload = self.payload()
        del payload["senderStaffId"]
        assert adapter.parse(signed(json.dumps(payload).encode())).messages == []

    def test_body_controlled_robot_code_is_ignored(self) -> None:
        payload = self.payload()
        payload["robotCode"] = "someone-elses-robot"
        msg = self.parse_one(self.make_adapter(), signed(json.dumps(payload).encode()))
        assert "robot_code" not in msg.raw

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
