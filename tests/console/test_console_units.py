"""Units of the console: duty hours, the rating answers, notices (SMTP too), the hand-off store."""
from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email import message_from_bytes
from typing import Any

import pytest

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.db import connect
from bot.web.console import wording as W
from bot.web.console.handoffs import Address, HandoffStore
from bot.web.console.hours import DutyHours
from bot.web.console.notify import Notifier, notice_text, payload
from privacy.keys import KeyRing

in_session_loop = pytest.mark.asyncio(loop_scope="session")
KEY = bytes(range(32))


def hours(**env: str) -> DutyHours:
    return DutyHours.from_settings(load_settings(env={f"AFTERSALES_HOURS_{k.upper()}": v for k, v in env.items()}))


def test_duty_hours_weekdays_holidays_and_next_opening():
    h = hours(open="09:00", close="18:00", weekdays="1,2,3,4,5", holidays="2026-12-04")
    shanghai = h.tz
    assert h.on_duty(datetime(2026, 12, 1, 10, 0, tzinfo=shanghai))          # Tuesday 10:00
    assert not h.on_duty(datetime(2026, 12, 1, 18, 0, tzinfo=shanghai))
    assert not h.on_duty(datetime(2026, 12, 1, 0, 30, tzinfo=UTC))             # 08:30 in Shanghai
    assert h.on_duty(datetime(2026, 12, 1, 1, 0, tzinfo=UTC))                  # 09:00 in Shanghai
    # Thursday evening: Friday is a holiday, so the next person is on Monday 09:00.
    nxt = h.next_opening(datetime(2026, 12, 3, 20, 0, tzinfo=shanghai))
    assert nxt == datetime(2026, 12, 7, 9, 0, tzinfo=shanghai)
    assert "12月7日（周一）09:00" in W.off_hours(nxt, "TK1", "zh")
    assert "Monday 7 Dec at 09:00" in W.off_hours(nxt, "TK1", "en") and "TK1" in W.off_hours(nxt, "TK1", "en")
    assert hours(always_on="true").on_duty(datetime(2026, 12, 6, 3, 0, tzinfo=shanghai))
    with pytest.raises(ConfigError, match="hours.timezone"):
        hours(timezone="Mars/Olympus")
    with pytest.raises(ConfigError, match="hours.open"):
        hours(open="nine")


def test_rating_answers_by_button_and_text():
    for yes in (W.RATE_YES, "1", "yes", "Yes!", "有帮助", "满意", "👍", "👍 有帮助", "👍 Yes"):
        assert W.parse_rating(yes) is True, yes
    for no in (W.RATE_NO, "2", "no", "没帮助", "不满意", "👎", "👎 没帮助", "👎 No"):
        assert W.parse_rating(no) is False, no
    for other in ("my order SO1 has not arrived", "1 more thing", "", "退货"):
        assert W.parse_rating(other) is None, other


class _Handoff:
    id, platform, language, intent, sentiment, reason, off_hours = 7, "line", "en", "delivery_issue", "negative", \
        "customer asked for a person", False


def test_notice_payloads_have_no_personal_data():
    text = notice_text(_Handoff(), "https://x.example/console/handoff/7")    # type: ignore[arg-type]
    assert text.startswith("New hand-off #7") and "delivery_issue" in text and text.endswith("/console/handoff/7")
    assert payload("slack", text) == {"text": text}
    assert payload("feishu", text) == {"msg_type": "text", "content": {"text": text}}
    assert payload("wecom", text) == {"msgtype": "text", "text": {"content": text}}
    assert payload("dingtalk", text) == {"msgtype": "text", "text": {"content": text}}


@in_session_loop
async def test_email_notice_over_smtp_to_a_local_server():
    """A tiny SMTP server on 127.0.0.1 (the protocol's minimum) receives the notice."""
    got: dict[str, Any] = {}

    async def session(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 fake ESMTP\r\n")
        while line := await reader.readline():
            cmd = line.decode().strip().upper()
            if cmd.startswith(("EHLO", "HELO")):
                writer.write(b"250 fake\r\n")
            elif cmd.startswith("MAIL FROM") or cmd.startswith("RCPT TO"):
                got.setdefault("envelope", []).append(line.decode().strip())
                writer.write(b"250 ok\r\n")
            elif cmd == "DATA":
                writer.write(b"354 go\r\n")
                await writer.drain()
                data = b""
                while (chunk := await reader.readline()) != b".\r\n":
                    data += chunk
                got["data"] = data
                writer.write(b"250 queued\r\n")
            elif cmd == "QUIT":
                writer.write(b"221 bye\r\n")
                await writer.drain()
                break
            else:
                writer.write(b"250 ok\r\n")
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(session, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    n = Notifier(public_url="https://support.example.com", smtp_host="127.0.0.1", smtp_port=port,
                 mail_to=["oncall@example.com"])
    assert n.enabled
    result = await n.notify(_Handoff(), None)   # type: ignore[arg-type]
    server.close()
    assert result == {"email": True}
    mail = message_from_bytes(got["data"])
    assert mail["To"] == "oncall@example.com" and "hand-off #7" in mail["Subject"]
    assert "https://support.example.com/console/handoff/7" in mail.get_payload()
    assert any("oncall@example.com" in e for e in got["envelope"])


@pytest.fixture
async def store(tmp_path):
    conn = await connect(tmp_path / "c.db")
    ring = await KeyRing.open(conn, {"m1": KEY}, "m1")
    yield await HandoffStore.open(conn, ring), ring, conn
    await conn.close()


def _addr(conv: str = "whatsapp:8613900001111") -> Address:
    return Address(conv, "whatsapp", conv.split(":")[1], conv.split(":")[1], "", {"phone_number_id": "1"}, "wamid.1")


@in_session_loop
async def test_store_one_winner_and_sealed_personal_data(store, tmp_path):
    hs, ring, conn = store
    h = await hs.create(_addr(), "c9", language="en", intent="order_status", sentiment="neutral",
                        reason="customer asked for a person", ticket_id="TK1", off_hours=False)
    await hs.add_entry(h, "customer", "my phone is <PHONE_NUMBER_1>")
    results = await asyncio.gather(*(hs.take(h.id, f"agent{i}") for i in range(5)))
    assert sum(results) == 1                                   # exactly one agent gets it
    assert await hs.mark_notified(h.id) and not await hs.mark_notified(h.id)
    assert (await hs.open_for("whatsapp:8613900001111")).state == "taken"
    assert (await hs.address(h.id)).conversation_id == "8613900001111"
    await conn.commit()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("c.db"))
    assert b"8613900001111" not in raw and b"PHONE_NUMBER_1" not in raw      # sealed, keyed hash only
    await ring.erase("c9")                                     # the customer erased: text is gone
    assert [e.text for e in await hs.entries(h)] == ["[erased]"]


@in_session_loop
async def test_line_quick_replies_and_telegram_buttons_are_drawn(aiohttp_server):
    """The rating question's buttons, as each platform's API expects them."""
    import sys

    import aiohttp

    from adapters import line, telegram
    from bot.core.messages import Reply
    from bot.core.settings import PROJECT_ROOT
    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "adapters"))
    from platform_fakes import FakeApi
    fake = FakeApi()
    server = await aiohttp_server(fake.app, host="127.0.0.1")
    base = str(server.make_url("")).rstrip("/")
    settings = load_settings(env={"AFTERSALES_LINE_CHANNEL_SECRET": "s", "AFTERSALES_LINE_CHANNEL_ACCESS_TOKEN": "t",
                                  "AFTERSALES_LINE_API_BASE": base, "AFTERSALES_TELEGRAM_BOT_TOKEN": "1:x",
                                  "AFTERSALES_TELEGRAM_SECRET_TOKEN": "s", "AFTERSALES_TELEGRAM_API_BASE": base})
    buttons = W.rating_buttons("zh")
    async with aiohttp.ClientSession() as http:
        await line.from_settings(settings).send(Reply("line", "U1", "U1", "m", W.rating_question("zh", True),
                                                      {"to": "U1", "buttons": buttons}), http)
        await telegram.from_settings(settings).send(Reply("telegram", "5", "5", "m", "q",
                                                          {"chat_id": 5, "buttons": buttons}), http)
    [push] = fake.calls_to("/v2/bot/message/push")
    items = push.json["messages"][-1]["quickReply"]["items"]
    assert [i["action"]["text"] for i in items] == ["👍 有帮助", "👎 没帮助"]
    assert all(W.parse_rating(i["action"]["text"]) is not None for i in items)
    [tg] = fake.calls_to("/bot1:x/sendMessage")
    assert tg.json["reply_markup"]["inline_keyboard"][0][1] == {"text": "👎 没帮助", "callback_data": "rate:no"}



@in_session_loop
async def test_slack_blocks_sent_and_a_tapped_button_parsed(aiohttp_server):
    import json as _json
    import sys
    import time as _time
    from urllib.parse import urlencode

    import aiohttp

    from adapters import slack
    from bot.core.messages import Reply
    from bot.core.settings import PROJECT_ROOT
    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "adapters"))
    from platform_fakes import FakeApi, inbound
    fake = FakeApi()
    server = await aiohttp_server(fake.app, host="127.0.0.1")
    settings = load_settings(env={"AFTERSALES_SLACK_SIGNING_SECRET": "sig", "AFTERSALES_SLACK_BOT_TOKEN": "xoxb-1",
                                  "AFTERSALES_SLACK_API_BASE": str(server.make_url("")).rstrip("/")})
    adapter = slack.from_settings(settings)
    async with aiohttp.ClientSession() as http:
        await adapter.send(Reply("slack", "D1", "U1", "m", "Did this help?",
                                 {"channel": "D1", "buttons": W.rating_buttons("en")}), http)
    [call] = fake.calls_to("/chat.postMessage")
    buttons = call.json["blocks"][1]["elements"]
    assert [b["value"] for b in buttons] == [W.RATE_YES, W.RATE_NO] and call.json["text"] == "Did this help?"
    body = urlencode({"payload": _json.dumps({
        "type": "block_actions", "user": {"id": "U1"}, "channel": {"id": "D1"},
        "container": {"channel_id": "D1", "message_ts": "1.2"},
        "actions": [{"action_id": "rate_no", "value": W.RATE_NO, "action_ts": "1700000000.1"}]})}).encode()
    ts = str(int(_time.time()))
    req = inbound(body, {"Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": ts,
                         "X-Slack-Signature": slack.signature("sig", ts, body)}, received_at=_time.time())
    adapter.verify(req)
    [msg] = adapter.parse(req).messages
    assert msg.text == W.RATE_NO and msg.conversation_id == "D1" and msg.sender_id == "U1"
    assert W.parse_rating(msg.text) is False


@in_session_loop
async def test_feishu_card_buttons_sent_and_a_tapped_button_parsed(aiohttp_server):
    import json as _json
    import sys

    import aiohttp

    from adapters import feishu
    from bot.core.messages import Reply
    from bot.core.settings import PROJECT_ROOT
    sys.path.insert(0, str(PROJECT_ROOT / "tests" / "adapters"))
    from platform_fakes import Answer, FakeApi, inbound
    fake = FakeApi()
    fake.on("POST", "/auth/v3/tenant_access_token/internal",
            default=Answer(200, {"code": 0, "tenant_access_token": "t-1", "expire": 7200}))
    fake.on("POST", "/im/v1/messages", default=Answer(200, {"code": 0, "data": {}}))
    server = await aiohttp_server(fake.app, host="127.0.0.1")
    settings = load_settings(env={"AFTERSALES_FEISHU_APP_ID": "cli_1", "AFTERSALES_FEISHU_APP_SECRET": "sec",
                                  "AFTERSALES_FEISHU_VERIFICATION_TOKEN": "vtok",
                                  "AFTERSALES_FEISHU_API_BASE": str(server.make_url("")).rstrip("/")})
    adapter = feishu.from_settings(settings)
    async with aiohttp.ClientSession() as http:
        result = await adapter.send(Reply("feishu", "oc_1", "ou_1", "m", "这次服务对您有帮助吗？",
                                          {"chat_id": "oc_1", "buttons": W.rating_buttons("zh")}), http)
    assert result["ok"]
    [call] = fake.calls_to("/im/v1/messages")
    assert call.json["msg_type"] == "interactive"
    card = _json.loads(call.json["content"])
    assert [b["value"]["answer"] for b in card["elements"][1]["actions"]] == [W.RATE_YES, W.RATE_NO]
    import time as _time
    body = _json.dumps({"schema": "2.0", "header": {"event_id": "ev-9", "event_type": "card.action.trigger",
                                                    "token": "vtok", "create_time": str(int(_time.time() * 1000))},
                        "event": {"operator": {"open_id": "ou_1"}, "action": {"tag": "button",
                                                                               "value": {"answer": W.RATE_YES}},
                                  "context": {"open_chat_id": "oc_1", "open_message_id": "om_1"}}}).encode()
    req = inbound(body, {"Content-Type": "application/json"})
    adapter.verify(req)
    [msg] = adapter.parse(req).messages
    assert (msg.text, msg.conversation_id, msg.sender_id) == (W.RATE_YES, "oc_1", "ou_1")


@in_session_loop
async def test_slack_file_share_fetched_with_the_bot_token_only_from_slack(aiohttp_server):
    import json as _json
    import time as _time

    import aiohttp
    from harness import FilesFake
    from platform_fakes import inbound

    from adapters import slack
    from bot.web.console.media import MediaRefused, fetch
    fake = FilesFake()
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 100
    fake.files["/files-pri/T1-F1/box.png"] = png
    server = await aiohttp_server(fake.app, host="127.0.0.1")
    base = str(server.make_url("")).rstrip("/")
    settings = load_settings(env={"AFTERSALES_SLACK_SIGNING_SECRET": "sig", "AFTERSALES_SLACK_BOT_TOKEN": "xoxb-1",
                                  "AFTERSALES_SLACK_API_BASE": base})
    adapter = slack.from_settings(settings)
    body = _json.dumps({"type": "event_callback", "event_id": "Ev1", "team_id": "T1", "event": {
        "type": "message", "channel_type": "im", "subtype": "file_share", "channel": "D1", "user": "U1",
        "ts": "1.5", "text": "broken", "files": [{"id": "F1", "mimetype": "image/png", "size": len(png),
                                                 "url_private_download": base + "/files-pri/T1-F1/box.png"}]}}).encode()
    [msg] = adapter.parse(inbound(body, {"Content-Type": "application/json"}, received_at=_time.time())).messages
    assert msg.text == "broken" and msg.raw["media"]["kind"] == "file"
    async with aiohttp.ClientSession() as http:
        got = await fetch("slack", adapter, msg.raw["media"], http)
        assert got.mime == "image/png" and got.data == png
        with pytest.raises(MediaRefused):
            await fetch("slack", adapter, {**msg.raw["media"], "ref": "https://evil.example/x.png"}, http)
    [dl] = fake.calls
    assert dl.headers["Authorization"] == "Bearer xoxb-1"               # and nothing went to evil.example
