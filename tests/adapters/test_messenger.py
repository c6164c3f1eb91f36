"""Messenger: Meta's X-Hub-Signature-256 and hub.challenge (shared with WhatsApp), Send API to /me/messages."""
from __future__ import annotations

import hmac
import json

import pytest
from contract import AdapterContract, Answer, Call, header_map, inbound

from adapters import messenger, whatsapp
from bot.core.errors import ForbiddenError

APP_SECRET = "test_app_secret"
VERIFY_TOKEN = "verify-me-please"
PAGE_TOKEN = "EAAB-page-access-token"
PAGE_ID = "104857600012345"
PSID = "6543210987654321"


def meta_json(data: dict) -> bytes:
    """Meta's serialisation: non-ASCII as lower-case \\uXXXX, and '/' escaped."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/").encode()


def signed(body: bytes, secret: str = APP_SECRET):
    return inbound(body, {"Content-Type": "application/json",
                          "X-Hub-Signature-256": whatsapp.signature(secret, body)})


def page(*events: dict) -> dict:
    return {"object": "page",
            "entry": [{"id": PAGE_ID, "time": 1700000000123, "messaging": list(events)}]}


def event(message: dict | None = None, sender: str = PSID, **other: object) -> dict:
    out: dict = {"sender": {"id": sender}, "recipient": {"id": PAGE_ID}, "timestamp": 1700000000000}
    if message is not None:
        out["message"] = message
    out.update(other)
    return out


def text(body: str, key: str = "1") -> dict:
    return event({"mid": f"m_AG5Hz2Uq7tuwNEhXfYYKj8mJEM_QPpz5jdCK48PnKAjSdjfipqxqMvK8ma6AC8fplwlq{key}",
                  "text": body})


class TestMessenger(AdapterContract):
    module = messenger
    secrets = {"AFTERSALES_MESSENGER_APP_SECRET": APP_SECRET,
               "AFTERSALES_MESSENGER_VERIFY_TOKEN": VERIFY_TOKEN,
               "AFTERSALES_MESSENGER_PAGE_ACCESS_TOKEN": PAGE_TOKEN}
    missing_secret_example = "AFTERSALES_MESSENGER_PAGE_ACCESS_TOKEN"
    send_path = "/me/messages"
    text_limit = 2000

    def text_request(self, body: str, key: str = "1"):
        return signed(meta_json(page(text(body, key))))

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        data = json.loads(genuine.body)
        earlier = self.text_request("an earlier message", "0")
        return {"body changed": inbound(genuine.body.replace(b"refund", b"refunds"), h),
                "re-serialised JSON (unescaped)": inbound(
                    json.dumps(data, ensure_ascii=False).encode(), h),
                "wrong secret": signed(genuine.body, "other"),
                "stale signature of an earlier delivery": inbound(genuine.body, dict(earlier.headers)),
                "legacy sha1 header only": inbound(genuine.body, {
                    "x-hub-signature": "sha1=" + hmac.new(
                        APP_SECRET.encode(), genuine.body, "sha1").hexdigest()}),
                "missing signature": inbound(genuine.body, {})}

    def non_text_request(self):
        # (Photos and files are evidence the console keeps: tests/console/test_media_platforms.py.)
        return signed(meta_json(page(event({"mid": "m_voice", "attachments": [
            {"type": "audio", "payload": {"url": "https://cdn.fbsbx.com/v/x.mp4"}}]}))))

    def malformed_request(self):
        return signed(meta_json(page({"recipient": {"id": PAGE_ID}, "timestamp": 1700000000000,
                                      "message": {"mid": "m_x", "text": "no sender"}})))

    def sent_text(self, call: Call) -> str:
        return call.json["message"]["text"]

    def assert_auth(self, call: Call) -> None:
        assert header_map(call)["authorization"] == f"Bearer {PAGE_TOKEN}"
        assert PAGE_TOKEN not in json.dumps(call.query)          # not in the URL
        assert call.json["recipient"] == {"id": PSID}
        assert call.json["messaging_type"] == "RESPONSE"

    # ------------------------------------------------------------ platform specifics

    def test_escaped_non_ascii_body_verified_and_decoded(self) -> None:
        adapter = self.make_adapter()
        req = self.text_request("退款还没到账 / refund")
        assert b"\\u9000" in req.body and b"\\/" in req.body   # Meta's bytes, not ours
        msg = self.parse_one(adapter, req)
        assert msg.text == "退款还没到账 / refund"
        assert (msg.sender_id, msg.conversation_id) == (PSID, PSID)
        assert msg.message_id.startswith("m_") and msg.received_at == 1700000000.0

    def test_hub_challenge(self) -> None:
        adapter = self.make_adapter()
        good = inbound(method="GET", query={"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN,
                                            "hub.challenge": "1158201444"})
        adapter.verify(good)
        hs = adapter.parse(good).handshake
        assert (hs.status, hs.body) == (200, "1158201444")
        for query in ({**good.query, "hub.verify_token": "wrong"}, {**good.query, "hub.mode": "x"},
                      {"hub.challenge": "1"}):
            with pytest.raises(ForbiddenError):
                adapter.verify(inbound(method="GET", query=query))

    def test_echoes_receipts_and_other_objects_ignored(self) -> None:
        adapter = self.make_adapter()
        echo = event({"mid": "m_echo", "text": "our own answer", "is_echo": True, "app_id": 1517776481860111},
                     sender=PAGE_ID)
        delivery = event(delivery={"mids": ["m_1"], "watermark": 1700000000000})
        read = event(read={"watermark": 1700000000000})
        for body in (page(echo, delivery, read), {"object": "instagram", "entry": []}):
            req = signed(meta_json(body))
            adapter.verify(req)
            parsed = adapter.parse(req)
            assert parsed.messages == [] and parsed.notices == []

    def test_batches(self) -> None:
        adapter = self.make_adapter()
        req = signed(meta_json(page(text("a", "1"), event(read={"watermark": 1}), text("b", "2"))))
        adapter.verify(req)
        assert [m.text for m in adapter.parse(req).messages] == ["a", "b"]

    async def test_page_rate_limit_error_retried(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path,
                    Answer(400, {"error": {"code": 613, "message": "Calls to this api have exceeded the rate limit"}}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts["ok"] and facts["attempts"] == 2

    async def test_window_closed_not_retried(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path, Answer(400, {"error": {
            "code": 10, "error_subcode": 2018278, "message": "outside of allowed window"}}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts == {"ok": False, "attempts": 1, "status": 400, "error": "graph_10", "parts": 1}

    async def test_psid_not_in_delivery_facts(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path, Answer(400, {"error": {"code": 100, "message": PSID}}))
        _, facts = await self._reply(fake_api, http, "x")
        assert PSID not in json.dumps(facts)

    async def test_e2e_hub_challenge_and_403(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        q = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
        resp = await client.get("/webhooks/messenger", params=q)
        assert resp.status == 200 and await resp.text() == "1158201444"
        resp = await client.get("/webhooks/messenger", params={**q, "hub.verify_token": "nope"})
        assert resp.status == 403
