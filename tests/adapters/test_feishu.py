"""Feishu/Lark: Encrypt Key (AES-256-CBC + SHA-256 signature), verification token, challenge, IM send."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import time

import pytest
from contract import AdapterContract, Answer, Call, header_map, inbound
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from adapters import feishu
from adapters._crypto import feishu_decrypt, feishu_signature
from bot.core.errors import VerificationError
from bot.core.messages import Reply
from bot.core.settings import load_settings

APP_ID, APP_SECRET = "cli_a1b2c3d4e5", "feishu-app-secret-xyz"
VTOKEN, ENCRYPT_KEY = "verification-token-abc", "test key"
TENANT_TOKEN = "t-tenant-token-123"


def encrypt(plain: bytes, key: str = ENCRYPT_KEY) -> str:
    """Independent of adapters._crypto: what Feishu's servers do (docs' encrypt example)."""
    iv = os.urandom(16)
    padder = padding.PKCS7(128).padder()
    enc = Cipher(algorithms.AES(hashlib.sha256(key.encode()).digest()), modes.CBC(iv)).encryptor()
    return base64.b64encode(iv + enc.update(padder.update(plain) + padder.finalize()) + enc.finalize()).decode()


def signed(payload: dict, *, key: str = ENCRYPT_KEY, sign: bool = True, ts: str = "1700000000",
           nonce: str = "n0nce"):
    body = json.dumps({"encrypt": encrypt(json.dumps(payload, ensure_ascii=False).encode(), key)}).encode()
    headers = {"Content-Type": "application/json"}
    if sign:
        headers |= {"X-Lark-Request-Timestamp": ts, "X-Lark-Request-Nonce": nonce,
                    "X-Lark-Signature": feishu_signature(ts, nonce, key, body)}
    return inbound(body, headers)


def event(message: dict, event_id: str = "5e3702a84e847582be8db7fb73283c02", token: str = VTOKEN,
          sender_type: str = "user") -> dict:
    return {"schema": "2.0",
            "header": {"event_id": event_id, "event_type": "im.message.receive_v1",
                       "create_time": str(int(time.time() * 1000)), "token": token, "app_id": APP_ID, "tenant_key": "tk"},
            "event": {"sender": {"sender_id": {"open_id": "ou_7d8a6e6df7621556ce0d21922b676706ccs",
                                               "union_id": "on_x", "user_id": "e33ggbyz"},
                                 "sender_type": sender_type, "tenant_key": "tk"},
                      "message": message}}


def text_message(text: str, key: str = "1", chat_type: str = "p2p") -> dict:
    return {"message_id": f"om_5ce6d572455d361153b7cb51da13394{key}", "chat_id": "oc_5ad11d72b830411d72b836c20",
            "chat_type": chat_type, "message_type": "text",
            "content": json.dumps({"text": text}, ensure_ascii=False), "create_time": "1700000000000"}


class TestFeishu(AdapterContract):
    module = feishu
    secrets = {"AFTERSALES_FEISHU_APP_ID": APP_ID, "AFTERSALES_FEISHU_APP_SECRET": APP_SECRET,
               "AFTERSALES_FEISHU_VERIFICATION_TOKEN": VTOKEN, "AFTERSALES_FEISHU_ENCRYPT_KEY": ENCRYPT_KEY}
    missing_secret_example = "AFTERSALES_FEISHU_VERIFICATION_TOKEN"
    send_path = "/im/v1/messages"
    text_limit = feishu.TEXT_LIMIT_BYTES
    limit_measure = "utf8"

    def text_request(self, text: str, key: str = "1"):
        return signed(event(text_message(text, key), event_id=f"5e3702a84e847582be8db7fb73283c0{key}"))

    def forgeries(self, genuine):
        h = dict(genuine.headers)
        payload = json.loads(feishu_decrypt(ENCRYPT_KEY, json.loads(genuine.body)["encrypt"]))
        return {"body changed": inbound(genuine.body[:-3] + b'A"}', h),
                "signature with another key": signed(payload, key="other key"),
                "unsigned event": signed(payload, sign=False),
                "wrong verification token": signed({**payload, "header": {**payload["header"], "token": "x"}}),
                "signature header for other timestamp": inbound(genuine.body, {**h, "x-lark-request-timestamp": "1"})}

    def non_text_request(self):
        # (Images, files and posts are evidence the console keeps: tests/console/test_media_platforms.py.)
        msg = {**text_message(""), "message_type": "audio", "content": '{"file_key":"file_x","duration":2000}'}
        return signed(event(msg))

    def malformed_request(self):
        msg = {**text_message(""), "content": "not json"}
        return signed(event(msg))

    def setup_fake(self, fake) -> None:
        fake.on("POST", "/auth/v3/tenant_access_token/internal",
                default=Answer(200, {"code": 0, "msg": "ok", "tenant_access_token": TENANT_TOKEN, "expire": 7200}))

    def ok_answer(self) -> Answer:
        return Answer(200, {"code": 0, "msg": "success", "data": {"message_id": "om_reply"}})

    def sent_text(self, call: Call) -> str:
        return json.loads(call.json["content"])["text"]

    def assert_auth(self, call: Call) -> None:
        assert header_map(call)["authorization"] == f"Bearer {TENANT_TOKEN}"
        assert call.query == {"receive_id_type": "chat_id"}
        assert call.json["receive_id"] == "oc_5ad11d72b830411d72b836c20" and call.json["msg_type"] == "text"
        assert call.json["uuid"]

    # ------------------------------------------------------------ platform specifics

    def test_published_vectors(self) -> None:
        assert feishu_decrypt("test key", "P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=") == b"hello world"
        assert feishu_signature("1700000000", "n0nce", "test key",
                                b'{"encrypt":"P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk="}') == \
            "bed8fdd3e4bbc581364c140b572ec676edff3db612d57bbc07a24d062c40ddf3"

    def test_challenge_answered_unsigned_but_only_with_the_token(self) -> None:
        adapter = self.make_adapter()
        challenge = {"challenge": "ajls384kdjx98XX", "token": VTOKEN, "type": "url_verification"}
        req = signed(challenge, sign=False)
        adapter.verify(req)
        hs = adapter.parse(req).handshake
        assert json.loads(hs.body) == {"challenge": "ajls384kdjx98XX"}
        with pytest.raises(VerificationError):
            adapter.verify(signed({**challenge, "token": "wrong"}, sign=False))

    def test_plaintext_mode_checks_the_token(self) -> None:
        env = {k: v for k, v in self.secrets.items() if not k.endswith("ENCRYPT_KEY")}
        adapter = feishu.from_settings(load_settings(env=env))
        good = inbound(json.dumps(event(text_message("hi"))).encode(), {"Content-Type": "application/json"})
        adapter.verify(good)
        assert adapter.parse(good).messages[0].text == "hi"
        bad = inbound(json.dumps(event(text_message("hi"), token="guess")).encode())
        with pytest.raises(VerificationError):
            adapter.verify(bad)

    def test_plaintext_mode_has_a_replay_window(self) -> None:
        # Without an Encrypt Key nothing is signed; at least an old event must not be accepted again.
        env = {k: v for k, v in self.secrets.items() if not k.endswith("ENCRYPT_KEY")}
        adapter = feishu.from_settings(load_settings(env=env))
        now_ms = int(time.time() * 1000)
        for created in (now_ms - 8 * 3600 * 1000, now_ms + 8 * 3600 * 1000, "²", None, 10 ** 400):
            payload = event(text_message("hi"))
            payload["header"]["create_time"] = created if not isinstance(created, int) else str(created)
            with pytest.raises(VerificationError):
                adapter.verify(inbound(json.dumps(payload).encode()))
        payload = event(text_message("hi"))
        payload["header"]["create_time"] = str(now_ms - 7 * 3600 * 1000)     # Feishu's last retry, ~7 h later
        adapter.verify(inbound(json.dumps(payload).encode()))

    def test_group_mention_stripped_and_bots_ignored(self) -> None:
        adapter = self.make_adapter()
        msg = self.parse_one(adapter, signed(event(text_message("@_user_1 退货 SO1", chat_type="group"))))
        assert msg.text == "退货 SO1"
        req = signed(event(text_message("echo"), sender_type="app"))
        adapter.verify(req)
        assert adapter.parse(req).messages == []

    async def test_token_cached_and_refreshed_when_revoked(self, fake_api, http) -> None:
        adapter = self.make_adapter(fake_api)
        msg = self.parse_one(adapter, self.text_request("hi"))
        await adapter.send(Reply.to(msg, "one"), http)
        fake_api.on("POST", self.send_path, Answer(200, {"code": 99991663, "msg": "token invalid"}))
        facts = await adapter.send(Reply.to(msg, "two"), http)
        assert facts["ok"]
        assert len(fake_api.calls_to("/auth/v3/tenant_access_token/internal")) == 2
        assert json.loads(fake_api.calls_to("/auth/v3/tenant_access_token/internal")[0].body) == \
            {"app_id": APP_ID, "app_secret": APP_SECRET}

    async def test_e2e_challenge(self, aiohttp_client, fake_api, make_settings, models) -> None:
        client = await self.app_client(aiohttp_client, fake_api, make_settings)
        req = signed({"challenge": "c-1", "token": VTOKEN, "type": "url_verification"}, sign=False)
        resp = await self._post(client, req)
        assert resp.status == 200 and await resp.json() == {"challenge": "c-1"}
