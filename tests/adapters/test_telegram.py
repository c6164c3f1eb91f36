"""Telegram: secret-token header, Update parsing, sendMessage with flood waits in the body."""
from __future__ import annotations

import json

import pytest
from contract import AdapterContract, Answer, Call, inbound

from adapters import telegram
from bot.core.errors import ConfigError
from bot.core.settings import load_settings

BOT_TOKEN = "123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11"
SECRET = "s3cr3t_T0ken-for-webhook"


def update(message: dict, update_id: int = 100) -> bytes:
    return json.dumps({"update_id": update_id, "message": message}).encode()


def private_message(text: str | None, message_id: int = 42, chat_id: int = 1001, **extra) -> dict:
    msg = {"message_id": message_id, "date": 1700000000,
           "from": {"id": chat_id, "is_bot": False, "first_name": "伟", "language_code": "zh-hans"},
           "chat": {"id": chat_id, "type": "private"}, **extra}
    if text is not None:
        msg["text"] = text
    return msg


def signed(body: bytes, token: str = SECRET) -> inbound:
    return inbound(body, {"Content-Type": "application/json",
                          "X-Telegram-Bot-Api-Secret-Token": token})


class TestTelegram(AdapterContract):
    module = telegram
    secrets = {"AFTERSALES_TELEGRAM_BOT_TOKEN": BOT_TOKEN,
               "AFTERSALES_TELEGRAM_SECRET_TOKEN": SECRET}
    missing_secret_example = "AFTERSALES_TELEGRAM_SECRET_TOKEN"
    send_path = f"/bot{BOT_TOKEN}/sendMessage"
    text_limit = 4096
    limit_measure = "utf16"

    def text_request(self, text: str, key: str = "1"):
        n = int(key)
        return signed(update(private_message(text, message_id=40 + n), update_id=100 + n))

    def forgeries(self, genuine):
        return {"wrong token": signed(genuine.body, SECRET + "x"),
                "missing token": inbound(genuine.body, {"Content-Type": "application/json"}),
                "empty token": signed(genuine.body, "")}

    def non_text_request(self):
        # (A photo is evidence the console keeps: tests/console/test_console_media.py.)
        return signed(update(private_message(None, sticker={"file_id": "x", "width": 1, "height": 1})))

    def malformed_request(self):
        return signed(b'{"message": {"text": "no update id"}}')

    def rate_limited(self) -> Answer:
        # Telegram's flood answer: HTTP 429 and the wait in the body, no header.
        return Answer(429, {"ok": False, "error_code": 429,
                            "description": "Too Many Requests: retry after 2",
                            "parameters": {"retry_after": 2}})

    def ok_answer(self) -> Answer:
        return Answer(200, {"ok": True, "result": {"message_id": 99}})

    def sent_text(self, call: Call) -> str:
        return call.json["text"]

    def assert_auth(self, call: Call) -> None:
        assert call.path.startswith(f"/bot{BOT_TOKEN}/")   # token in the path is the auth

    # ------------------------------------------------------------ platform specifics

    def test_parsed_fields(self) -> None:
        adapter = self.make_adapter()
        msg = self.parse_one(adapter, self.text_request("退货", "2"))
        assert (msg.conversation_id, msg.sender_id, msg.message_id) == ("1001", "1001", "1001:42")
        assert msg.received_at == 1700000000.0
        assert msg.raw["chat_id"] == 1001 and msg.raw["message_id"] == 42

    async def test_reply_quotes_the_message_and_targets_the_chat(self, fake_api, http) -> None:
        await self._reply(fake_api, http, "hi", key="5")
        sent = self.sends(fake_api)[0].json
        assert sent["chat_id"] == 1001
        assert sent["reply_parameters"]["message_id"] == 45

    def test_edits_bots_and_group_media_ignored(self) -> None:
        adapter = self.make_adapter()
        edit = signed(json.dumps({"update_id": 5, "edited_message": private_message("x")}).encode())
        bot = private_message("echo")
        bot["from"]["is_bot"] = True
        group_photo = private_message(None, photo=[{}])
        group_photo["chat"] = {"id": -100200, "type": "supergroup"}
        for req in (edit, signed(update(bot)), signed(update(group_photo))):
            adapter.verify(req)
            parsed = adapter.parse(req)
            assert parsed.messages == [] and parsed.notices == []

    async def test_logical_error_not_retried(self, fake_api, http) -> None:
        fake_api.on("POST", self.send_path,
                    Answer(400, {"ok": False, "error_code": 400, "description": "chat not found"}))
        _, facts = await self._reply(fake_api, http, "x")
        assert facts == {"ok": False, "attempts": 1, "status": 400, "error": "http_400", "parts": 1}

    def test_secret_token_charset_enforced(self) -> None:
        env = self.env(AFTERSALES_TELEGRAM_SECRET_TOKEN="has spaces!")
        with pytest.raises(ConfigError) as err:
            telegram.from_settings(load_settings(env=env))
        assert err.value.setting == "AFTERSALES_TELEGRAM_SECRET_TOKEN"
