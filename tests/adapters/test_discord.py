"""Discord: Ed25519-signed interactions (cryptography), PING, /ask deferred + follow-up edit."""
from __future__ import annotations

import json
import time

from contract import AdapterContract, Answer, Call, inbound
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from adapters import discord
from adapters._common import TEXT_ONLY_NOTICE
from bot.core.messages import Reply

KEY = Ed25519PrivateKey.generate()
PUBLIC_HEX = KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex()
APP_ID = "1100000000000000001"
TOKEN = "aW50ZXJhY3Rpb246MTIzNDU2Nzg5OnRva2Vu"


def signed(body: bytes, ts: int | None = None, key: Ed25519PrivateKey = KEY):
    ts_s = str(int(time.time()) if ts is None else ts)
    return inbound(body, {"Content-Type": "application/json", "X-Signature-Timestamp": ts_s,
                          "X-Signature-Ed25519": key.sign(ts_s.encode() + body).hex()})


def ask(text: str, key: str = "1", dm: bool = False) -> dict:
    data = {"id": f"12345678901234567{key}", "application_id": APP_ID, "type": 2, "token": f"{TOKEN}{key}",
            "version": 1, "channel_id": "2200000000000000002", "locale": "zh-CN",
            "data": {"id": "3300", "name": "ask", "type": 1,
                     "options": [{"name": "text", "type": 3, "value": text}]}}
    user = {"id": "4400000000000000004", "username": "wei"}
    if dm:
        data["user"] = user
    else:
        data |= {"guild_id": "5500", "member": {"user": user, "roles": []}}
    return data


class TestDiscord(AdapterContract):
    module = discord
    secrets = {"AFTERSALES_DISCORD_PUBLIC_KEY": PUBLIC_HEX, "AFTERSALES_DISCORD_APPLICATION_ID": APP_ID}
    missing_secret_example = "AFTERSALES_DISCORD_APPLICATION_ID"
    send_method = "PATCH"
    send_path = f"/webhooks/{APP_ID}/{TOKEN}9/messages/@original"
    text_limit = 2000

    def text_request(self, text: str, key: str = "1"):
        return signed(json.dumps(ask(text, key), ensure_ascii=False).encode())

    def sends(self, fake):
        return [c for c in fake.calls if c.path.startswith(f"/webhooks/{APP_ID}/")]

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        ts = int(h["x-signature-timestamp"])
        return {"body changed": inbound(genuine.body.replace(b"refund", b"refunD"), h),
                "other key": signed(genuine.body, ts, Ed25519PrivateKey.generate()),
                "stale timestamp": signed(genuine.body, ts - 301),
                "timestamp swapped": inbound(genuine.body, {**h, "x-signature-timestamp": str(ts + 1)}),
                "not hex": inbound(genuine.body, {**h, "x-signature-ed25519": "zz"}),
                "missing signature": inbound(genuine.body, {"x-signature-timestamp": str(ts)})}

    def non_text_request(self):
        raise AssertionError("Discord answers non-text interactions synchronously; see the override")

    def malformed_request(self):
        return signed(b'{"type": 2, "data": {"name": "ask"}}')

    def rate_limited(self) -> Answer:
        return Answer(429, {"message": "You are being rate limited.", "retry_after": 2.0, "global": False},
                      {"Retry-After": "2"})

    def sent_text(self, call: Call) -> str:
        return call.json["content"]

    def assert_auth(self, call: Call) -> None:
        # the interaction token in the path is the auth; no Authorization header, no pings
        assert "authorization" not in {k.lower() for k in call.headers}
        assert call.json["allowed_mentions"] == {"parse": []}

    # ------------------------------------------------------------ platform specifics

    def test_non_text_gets_notice(self) -> None:
        adapter = self.make_adapter()
        button = {"id": "99", "type": 3, "token": TOKEN, "data": {"custom_id": "x", "component_type": 2}}
        req = signed(json.dumps(button).encode())
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert parsed.messages == []
        assert json.loads(parsed.handshake.body) == {"type": 4, "data": {"content": TEXT_ONLY_NOTICE, "flags": 64}}

    def test_own_vector(self) -> None:
        key = Ed25519PrivateKey.from_private_bytes(bytes([1]) * 32)
        assert key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw).hex() == \
            "8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c"
        assert key.sign(b'1700000000{"type":1}').hex() == (
            "9ef52e0980512fc86504213828935ead2d8ad69632af84e31aae7c0a1593a04f"
            "81779d871c1d68240dce56038c60788e51e59a6c3f14c72a4183c785b1e8b70e")

    def test_ping_pong(self) -> None:
        adapter = self.make_adapter()
        req = signed(b'{"type":1}')
        adapter.verify(req)
        assert json.loads(adapter.parse(req).handshake.body) == {"type": 1}

    def test_ask_is_deferred_and_carries_the_token(self) -> None:
        adapter = self.make_adapter()
        req = signed(json.dumps(ask("退货 SO1", dm=True), ensure_ascii=False).encode())
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert json.loads(parsed.handshake.body) == {"type": 5}
        [msg] = parsed.messages
        assert (msg.text, msg.sender_id, msg.message_id) == ("退货 SO1", "4400000000000000004", "123456789012345671")
        assert msg.raw["interaction_token"] == f"{TOKEN}1"

    def test_other_commands_get_usage(self) -> None:
        adapter = self.make_adapter()
        data = ask("x")
        data["data"]["name"] = "help"
        req = signed(json.dumps(data).encode())
        adapter.verify(req)
        parsed = adapter.parse(req)
        assert parsed.messages == [] and json.loads(parsed.handshake.body)["data"]["content"] == discord.USAGE

    async def test_long_answer_edits_original_then_follows_up(self, fake_api, http) -> None:
        await self._reply(fake_api, http, "好的。" * 1500)
        methods = [(c.method, c.path.rsplit("/", 2)[-2:]) for c in self.sends(fake_api)]
        assert methods[0] == ("PATCH", ["messages", "@original"])
        assert all(m == "POST" for m, _ in methods[1:]) and len(methods) >= 3

    async def test_reply_without_token_reports_gateway_needed(self, http) -> None:
        adapter = self.make_adapter()
        facts = await adapter.send(Reply("discord", "c", "u", "m", "hi"), http)
        assert facts["ok"] is False and "Gateway" in facts["error"]

    async def test_e2e_ping_and_deferred_ask(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        resp = await self._post(client, signed(b'{"type":1}'))
        assert resp.status == 200 and await resp.json() == {"type": 1}
        resp = await self._post(client, self.text_request("where is my order?", "9"))
        assert resp.status == 200 and await resp.json() == {"type": 5}
