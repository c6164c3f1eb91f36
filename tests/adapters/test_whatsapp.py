"""WhatsApp Cloud API: Meta's X-Hub-Signature-256 over its own escaped JSON, hub.challenge, Graph send."""
from __future__ import annotations

import hmac
import json

import pytest
from contract import AdapterContract, Answer, Call, header_map, inbound

from adapters import whatsapp
from bot.core.errors import ForbiddenError

APP_SECRET = "test_app_secret"
VERIFY_TOKEN = "verify-me-please"
ACCESS_TOKEN = "EAAG-access-token"
WA_ID = "8613812345678"


def meta_json(data: dict) -> bytes:
    """Meta's serialisation: non-ASCII as lower-case \\uXXXX, and '/' escaped."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/").encode()


def signed(body: bytes, secret: str = APP_SECRET):
    return inbound(body, {"Content-Type": "application/json",
                          "X-Hub-Signature-256": whatsapp.signature(secret, body)})


def payload(*messages: dict, statuses: list | None = None) -> dict:
    value: dict = {"messaging_product": "whatsapp",
                   "metadata": {"display_phone_number": "15550001111", "phone_number_id": "1234567890"},
                   "contacts": [{"profile": {"name": "Ana"}, "wa_id": WA_ID}],
                   "messages": list(messages)}
    if statuses is not None:
        value = {**value, "statuses": statuses}
        del value["messages"]
    return {"object": "whatsapp_business_account",
            "entry": [{"id": "WABA1", "changes": [{"field": "messages", "value": value}]}]}


def text(body: str, key: str = "1") -> dict:
    return {"from": WA_ID, "id": f"wamid.HBgLODYxMzgxMjM0NTY3OBUCABIYFDNB{key}",
            "timestamp": "1700000000", "type": "text", "text": {"body": body}}


class TestWhatsApp(AdapterContract):
    module = whatsapp
    secrets = {"AFTERSALES_WHATSAPP_APP_SECRET": APP_SECRET,
               "AFTERSALES_WHATSAPP_VERIFY_TOKEN": VERIFY_TOKEN,
               "AFTERSALES_WHATSAPP_ACCESS_TOKEN": ACCESS_TOKEN}
    missing_secret_example = "AFTERSALES_WHATSAPP_ACCESS_TOKEN"
    send_path = "/1234567890/messages"
    text_limit = 4096

    def text_request(self, body: str, key: str = "1"):
        return signed(meta_json(payload(text(body, key))))

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        data = json.loads(genuine.body)
        return {"body changed": inbound(genuine.body.replace(b"refund", b"refunds"), h),
                "re-serialised JSON (unescaped)": inbound(
                    json.dumps(data, ensure_ascii=False).encode(), h),
                "wrong secret": signed(genuine.body, "other"),
                "legacy sha1 header only": inbound(genuine.body, {
                    "x-hub-signature": "sha1=" + hmac.new(
                        APP_SECRET.encode(), genuine.body, "sha1").hexdigest()}),
                "missing signature": inbound(genuine.body, {})}

    def non_text_request(self):
        # (Images and documents are evidence the console keeps: tests/console/test_console_media.py.)
        return signed(meta_json(payload({"from": WA_ID, "id": "wamid.img", "timestamp": "1700000000",
                                         "type": "sticker", "sticker": {"id": "m1", "mime_type": "image/webp"}})))

    def malformed_request(self):
        return signed(meta_json(payload({"type": "text", "text": {"body": "no sender"}})))

    def sent_text(self, call: Call) -> str:
        return call.json["text"]["body"]

    def assert_auth(self, call: Call) -> None:
        assert header_map(call)["authorization"] == f"Bearer {ACCESS_TOKEN}"
        assert call.json["to"] == WA_ID and call.json["messaging_product"] == "whatsapp"
        assert call.json["context"]["message_id"].startswith("wamid.")

    # ------------------------------------------------------------ platform specifics

    def test_own_vector(self) -> None:
        assert whatsapp.signature("test_app_secret", b'{"object":"whatsapp_business_account","entry":[]}') == \
            "sha256=dec6a680679a968e7e0319355b23599cbfc54502c0784668e9618baa0c633756"

    def test_escaped_non_ascii_body_verified_and_decoded(self) -> None:
        adapter = self.make_adapter()
        req = self.text_request("退款还没到账 / refund")
        assert b"\\u9000" in req.body and b"\\/" in req.body   # Meta's bytes, not ours
        assert self.parse_one(adapter, req).text == "退款还没到账 / refund"

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

    def test_statuses_and_batches(self) -> None:
        adapter = self.make_adapter()
        req = signed(meta_json(payload(statuses=[{"id": "wamid.x", "status": "read",
                                                  "recipient_id": WA_ID}])))
        adapter.verify(req)
        assert adapter.parse(req).messages == []
        two = signed(meta_json(payload(text("a", "1"), text("b", "2"))))
        assert [m.text for m in adapter.parse(two).messages] == ["a", "b"]

    async def test_pair_rate_limit_error_retried(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path,
                    Answer(400, {"error": {"code": 131056, "message": "pair rate limit"}}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts["ok"] and facts["attempts"] == 2

    async def test_window_closed_not_retried(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path,
                    Answer(400, {"error": {"code": 131047, "message": "Re-engagement message"}}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts == {"ok": False, "attempts": 1, "status": 400, "error": "graph_131047", "parts": 1}

    async def test_phone_number_not_in_delivery_facts(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path, Answer(400, {"error": {"code": 100, "message": WA_ID}}))
        _, facts = await self._reply(fake_api, http, "x")
        assert WA_ID not in json.dumps(facts)

    async def test_e2e_hub_challenge_and_403(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        q = {"hub.mode": "subscribe", "hub.verify_token": VERIFY_TOKEN, "hub.challenge": "1158201444"}
        resp = await client.get("/webhooks/whatsapp", params=q)
        assert resp.status == 200 and await resp.text() == "1158201444"
        resp = await client.get("/webhooks/whatsapp", params={**q, "hub.verify_token": "nope"})
        assert resp.status == 403
