"""LINE: base64 HMAC checked against line-bot-sdk's validator; reply token first, push after."""
from __future__ import annotations

import json
import time

from contract import AdapterContract, Answer, Call, header_map, inbound
from linebot.v3.webhook import SignatureValidator, WebhookParser

from adapters import line
from bot.core.messages import Reply

SECRET = "channel_secret_0123456789abcdef"
TOKEN = "line-channel-access-token-XYZ"


def signed(body: bytes, secret: str = SECRET):
    return inbound(body, {"Content-Type": "application/json",
                          "X-Line-Signature": line.signature(secret, body)})


def text_event(text: str, key: str = "1", *, age_s: float = 0.0, redelivery: bool = False,
               source: dict | None = None, message: dict | None = None) -> dict:
    return {"type": "message", "mode": "active",
            "timestamp": int((time.time() - age_s) * 1000),
            "webhookEventId": f"01HZZZZZZZZZZZZZZZZZZZZZ{key:>2}".replace(" ", "0"),
            "deliveryContext": {"isRedelivery": redelivery},
            "replyToken": f"reply-token-{key}",
            "source": source or {"type": "user", "userId": "U4af4980629abcdef"},
            "message": message or {"id": f"32570{key}", "type": "text", "text": text,
                                   "quoteToken": "q"}}


def webhook(*events: dict) -> bytes:
    return json.dumps({"destination": "Ubot", "events": list(events)}, ensure_ascii=False).encode()


class TestLine(AdapterContract):
    module = line
    secrets = {"AFTERSALES_LINE_CHANNEL_SECRET": SECRET,
               "AFTERSALES_LINE_CHANNEL_ACCESS_TOKEN": TOKEN}
    missing_secret_example = "AFTERSALES_LINE_CHANNEL_SECRET"
    send_path = "/v2/bot/message/reply"
    fallback_paths = ("/v2/bot/message/push",)
    text_limit = 5000
    limit_measure = "utf16"

    def text_request(self, text: str, key: str = "1"):
        return signed(webhook(text_event(text, key)))

    def redelivery(self, genuine):
        data = json.loads(genuine.body)
        data["events"][0]["deliveryContext"]["isRedelivery"] = True
        return signed(json.dumps(data, ensure_ascii=False).encode())

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        return {"body changed": inbound(genuine.body.replace(b"refund", b"Refund"), h),
                "re-serialised JSON": inbound(json.dumps(json.loads(genuine.body), separators=(",", ":")).encode(), h),
                "wrong secret": signed(genuine.body, "another-secret"),
                "hex instead of base64": inbound(genuine.body, {
                    "x-line-signature": line.hmac.new(SECRET.encode(), genuine.body,
                                                      line.hashlib.sha256).hexdigest()}),
                "missing signature": inbound(genuine.body, {})}

    def non_text_request(self):
        return signed(webhook(text_event("", message={"id": "1", "type": "sticker",
                                                      "packageId": "1", "stickerId": "1"})))

    def malformed_request(self):
        return signed(b'{"destination": "U", "events": [{"type": "message", "source": {}}]}')

    def sent_text(self, call: Call) -> str:
        [message] = call.json["messages"]
        return message["text"]

    def sent_texts(self, call: Call) -> list[str]:
        return [m["text"] for m in call.json["messages"]]

    def assert_auth(self, call: Call) -> None:
        assert header_map(call)["authorization"] == f"Bearer {TOKEN}"
        assert call.json["replyToken"] == "reply-token-9"

    # ------------------------------------------------------------ platform specifics

    def test_sdk_accepts_our_signature_and_published_vector(self) -> None:
        body = webhook(text_event("hello"))
        assert SignatureValidator(SECRET).validate(body.decode(), line.signature(SECRET, body))
        assert line.signature("channel_secret", b"bodybodybodybody") == \
            "/gg9a+LvFevTH1sd7XCQycD7tsWclCsInj7MhBHxN7k="
        # and the SDK's parser reads the same webhook we build
        events = WebhookParser(SECRET).parse(body.decode(), line.signature(SECRET, body))
        assert events[0].message.text == "hello"

    def test_console_verify_is_acknowledged(self) -> None:
        adapter = self.make_adapter()
        req = signed(b'{"destination":"Ubot","events":[]}')
        adapter.verify(req)
        assert adapter.parse(req).messages == []

    def test_group_message_and_batch(self) -> None:
        adapter = self.make_adapter()
        group = {"type": "group", "groupId": "Cgroup1", "userId": "Uuser2"}
        req = signed(webhook(text_event("a", "1"), text_event("b", "2", source=group)))
        adapter.verify(req)
        a, b = adapter.parse(req).messages
        assert (a.conversation_id, a.sender_id) == ("U4af4980629abcdef", "U4af4980629abcdef")
        assert (b.conversation_id, b.sender_id, b.text) == ("Cgroup1", "Uuser2", "b")

    async def test_expired_reply_token_falls_back_to_push(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        fake_api.on("POST", "/v2/bot/message/reply",
                    Answer(400, {"message": "Invalid reply token"}))
        msg = self.parse_one(adapter, self.text_request("hi", "3"))
        facts = await adapter.send(Reply.to(msg, "您好"), http)
        assert facts["ok"] and facts["via"] == "push"
        [push] = fake_api.calls_to("/v2/bot/message/push")
        assert push.json == {"to": "U4af4980629abcdef", "messages": [{"type": "text", "text": "您好"}]}
        assert header_map(push)["x-line-retry-key"]

    async def test_old_message_skips_reply_and_pushes(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        msg = self.parse_one(adapter, signed(webhook(text_event("hi", "4", age_s=120))))
        facts = await adapter.send(Reply.to(msg, "late answer"), http)
        assert facts["ok"] and facts["via"] == "push"
        assert fake_api.calls_to("/v2/bot/message/reply") == []

    async def test_push_retry_reuses_key_and_409_counts_as_delivered(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        fake_api.on("POST", "/v2/bot/message/push", Answer(500, {}), Answer(409, {}))
        msg = self.parse_one(adapter, signed(webhook(text_event("hi", "5", redelivery=True))))
        facts = await adapter.send(Reply.to(msg, "x"), http)
        first, second = fake_api.calls_to("/v2/bot/message/push")
        assert facts["ok"] and facts["attempts"] == 2
        assert header_map(first)["x-line-retry-key"] == header_map(second)["x-line-retry-key"]

    async def test_more_than_five_parts_reply_then_push(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        msg = self.parse_one(adapter, self.text_request("hi", "6"))
        text = ("这是一段很长的说明。" * 500 + "\n\n") * 7
        facts = await adapter.send(Reply.to(msg, text), http)
        [reply] = fake_api.calls_to("/v2/bot/message/reply")
        pushes = fake_api.calls_to("/v2/bot/message/push")
        assert facts["ok"] and len(reply.json["messages"]) == 5
        assert sum(len(p.json["messages"]) for p in pushes) == facts["parts"] - 5 > 0
