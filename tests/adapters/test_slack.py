"""Slack: v0 HMAC signatures made with slack_sdk's own SignatureVerifier, Events API parsing."""
from __future__ import annotations

import json
import time

from contract import AdapterContract, Answer, Call, header_map, inbound
from slack_sdk.signature import SignatureVerifier

from adapters import slack

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"
BOT_TOKEN = "xoxb-1234-5678-abcdefghijkl"
BOT_USER = "UBOT0001"


def signed(body: bytes, ts: int | None = None, secret: str = SECRET, **headers: str):
    ts = int(time.time()) if ts is None else ts
    sig = SignatureVerifier(secret).generate_signature(timestamp=str(ts), body=body)
    return inbound(body, {"Content-Type": "application/json", "X-Slack-Request-Timestamp": str(ts),
                          "X-Slack-Signature": sig, **headers})


def envelope(event: dict, event_id: str = "Ev01") -> bytes:
    return json.dumps({"token": "legacy", "team_id": "T123", "api_app_id": "A123",
                       "type": "event_callback", "event_id": event_id, "event_time": 1700000000,
                       "event": event}, ensure_ascii=False).encode()


def dm(text: str, ts: str = "1700000000.000100", **extra) -> dict:
    return {"type": "message", "channel_type": "im", "channel": "D0123", "user": "U01ABC",
            "text": text, "ts": ts, "event_ts": ts, "client_msg_id": f"uuid-{ts}", **extra}


class TestSlack(AdapterContract):
    module = slack
    secrets = {"AFTERSALES_SLACK_SIGNING_SECRET": SECRET, "AFTERSALES_SLACK_BOT_TOKEN": BOT_TOKEN,
               "AFTERSALES_SLACK_BOT_USER_ID": BOT_USER}
    missing_secret_example = "AFTERSALES_SLACK_BOT_TOKEN"
    send_path = "/chat.postMessage"
    text_limit = 4000

    def text_request(self, text: str, key: str = "1"):
        return signed(envelope(dm(text, ts=f"1700000000.00010{key}"), event_id=f"Ev0{key}"))

    def redelivery(self, genuine):
        # Slack's retry: same body, fresh timestamp and signature, retry headers.
        return signed(genuine.body, **{"X-Slack-Retry-Num": "1",
                                       "X-Slack-Retry-Reason": "http_timeout"})

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        ts = int(h["x-slack-request-timestamp"])
        reserialised = json.dumps(json.loads(genuine.body), separators=(",", ":")).encode()
        return {
            "body changed after signing": inbound(genuine.body.replace(b"refund", b"refunD"), h),
            "signature over re-serialised JSON": inbound(reserialised, h),
            "wrong secret": signed(genuine.body, ts, secret="not-the-secret"),
            "stale timestamp": signed(genuine.body, ts - 301),
            "future timestamp": signed(genuine.body, ts + 900),
            "missing signature": inbound(genuine.body, {k: v for k, v in h.items()
                                                        if k != "x-slack-signature"}),
            "missing timestamp": inbound(genuine.body, {k: v for k, v in h.items()
                                                        if k != "x-slack-request-timestamp"}),
        }

    def non_text_request(self):
        return signed(envelope(dm("", subtype="file_share", files=[{"id": "F1"}])))

    def malformed_request(self):
        return signed(b'{"type": "event_callback", "event": {"type": "message", '
                      b'"channel_type": "im", "text": "no ids"}}')

    def sent_text(self, call: Call) -> str:
        return call.json["text"]

    def assert_auth(self, call: Call) -> None:
        assert header_map(call)["authorization"] == f"Bearer {BOT_TOKEN}"
        assert call.json["channel"] == "D0123"

    # ------------------------------------------------------------ platform specifics

    def test_published_vector(self) -> None:
        """Slack's documented example (slack_sdk's test), with the clock at its timestamp."""
        body = (b"token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id="
                b"G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-"
                b"collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F3977"
                b"00885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14"
                b"d10d2c447fce8b6703c")
        sig = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503"
        headers = {"X-Slack-Request-Timestamp": "1531420618", "X-Slack-Signature": sig}
        self.make_adapter().verify(inbound(body, headers, received_at=1531420618.0))

    def test_url_verification_answered_after_verification(self) -> None:
        adapter = self.make_adapter()
        body = json.dumps({"token": "t", "type": "url_verification",
                           "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}).encode()
        req = signed(body)
        adapter.verify(req)
        hs = adapter.parse(req).handshake
        assert hs.status == 200 and json.loads(hs.body) == {
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"}

    def test_bots_edits_and_channel_chatter_ignored(self) -> None:
        adapter = self.make_adapter()
        events = [dm("from a bot", bot_id="B1"), dm("mine", user=BOT_USER),
                  dm("edited", subtype="message_changed"),
                  {**dm("channel talk"), "channel_type": "channel", "channel": "C1"},
                  {"type": "reaction_added", "user": "U01ABC"}]
        for event in events:
            req = signed(envelope(event))
            adapter.verify(req)
            parsed = adapter.parse(req)
            assert parsed.messages == [] and parsed.notices == [], event

    async def test_mention_in_channel_answered_in_thread(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        event = {"type": "app_mention", "channel": "C777", "user": "U01ABC",
                 "text": "<@UBOT0001> 退货 SO202611200931", "ts": "1700000001.000200"}
        msg = self.parse_one(adapter, signed(envelope(event)))
        assert msg.text == "退货 SO202611200931" and msg.conversation_id == "C777"
        from bot.core.messages import Reply
        await adapter.send(Reply.to(msg, "ok"), http)
        assert self.sends(fake_api)[0].json == {"channel": "C777", "text": "ok",
                                                "thread_ts": "1700000001.000200"}

    async def test_ok_false_is_a_failure(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path, Answer(200, {"ok": False, "error": "channel_not_found"}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts["ok"] is False and facts["error"] == "slack_channel_not_found"
        assert facts["attempts"] == 1

    async def test_e2e_url_verification(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        body = json.dumps({"token": "t", "type": "url_verification", "challenge": "abc123"}).encode()
        resp = await self._post(client, signed(body))
        assert resp.status == 200 and await resp.json() == {"challenge": "abc123"}
        resp = await self._post(client, signed(body, secret="forged"))
        assert resp.status == 401
