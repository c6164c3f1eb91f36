"""The console end to end over HTTP: a Telegram customer asks for a person, staff are notified,
an agent takes over, replies (through the fake Telegram API), the customer's next message goes
to the agent and not the bot, the agent hands back, the customer rates; roles, CSRF, reveal."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest
import requests
from harness import KEY_HEX, Bot, Staff

from bot.core.settings import PROJECT_ROOT

pytestmark = pytest.mark.usefixtures("models")


def audit_records(bot: Bot, kind: str = "message") -> list[dict]:
    from privacy.audit import AuditFilter

    async def go() -> list[dict]:
        from bot.server.app import RUNTIME
        rt = bot.app[RUNTIME]
        await rt.audit.flush()
        rows = await rt.audit.list(AuditFilter(kind=kind, newest_first=False, limit=None))
        return [(await rt.audit.get(r.id)).to_dict() for r in rows]
    return bot.call(go)


def audit_report_json(bot: Bot) -> dict:
    env = {**os.environ, "AFTERSALES_MASTER_KEY": "m1:" + KEY_HEX, "AFTERSALES_DATA_DIR": str(bot.tmp_path / "data")}
    r = subprocess.run([sys.executable, "-m", "bot.cli", "audit", "report", "--json"], capture_output=True, text=True,
                       cwd=PROJECT_ROOT, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout)


def test_take_over_reply_hand_back_and_rate(tmp_path):
    with Bot(tmp_path) as bot:
        bot.customer_says("我要转人工")
        [handoff_reply] = bot.wait_sent(1)
        assert handoff_reply["chat_id"] == 1001 and "人工" in handoff_reply["text"]
        # Staff notified once, in Slack and Feishu, without personal data.
        deadline = time.monotonic() + 30
        while (not bot.notices("slack") or not bot.notices("feishu")) and time.monotonic() < deadline:
            time.sleep(0.05)
        [slack], [feishu] = bot.notices("slack"), bot.notices("feishu")
        assert "https://support.example.com/console/handoff/1" in slack["text"]
        assert "customer asked for a person" in slack["text"]
        assert feishu["msg_type"] == "text" and "/console/handoff/1" in feishu["content"]["text"]
        for notice in (json.dumps(slack, ensure_ascii=False), json.dumps(feishu, ensure_ascii=False)):
            assert "1001" not in notice and "张伟" not in notice and "转人工" not in notice

        bot.customer_says("还在吗？我的电话是13812345678")      # queued: the bot still answers
        assert len(bot.wait_sent(2)) == 2
        assert len(bot.notices("slack")) == 1 and len(bot.notices("feishu")) == 1   # once per hand-off

        amy = Staff(bot)
        assert amy.login("amy").status_code == 303
        queue = amy.get("/console/queue")
        assert queue.status_code == 200 and 'id="open-1"' in queue.text
        assert "telegram" in queue.text and "customer asked for a person" in queue.text and "waiting" in queue.text
        page = amy.get("/console/handoff/1").text
        assert "我要转人工" in page and "&lt;PHONE_NUMBER_1&gt;" in page and "13812345678" not in page

        assert amy.post("/console/handoff/1/take", from_page="/console/handoff/1").status_code == 303
        sent = bot.wait_sent(3)
        assert "amy" in sent[2]["text"] and "人工客服" in sent[2]["text"]          # the customer is told

        ben = Staff(bot)
        ben.login("ben")
        assert ben.post("/console/handoff/1/take", from_page="/console/handoff/1").status_code == 409
        assert ben.post("/console/handoff/1/reply", {"text": "hi"}, from_page="/console/handoff/1").status_code == 409

        r = amy.post("/console/handoff/1/reply", {"text": "您好，我是客服 amy，正在为您查询。"}, from_page="/console/handoff/1")
        assert r.status_code == 303
        sent = bot.wait_sent(4)
        assert sent[3]["text"] == "您好，我是客服 amy，正在为您查询。" and sent[3]["chat_id"] == 1001

        bot.customer_says("好的，订单是 SO202611200931")               # goes to amy, not the bot
        bot.idle()
        assert len(bot.sent()) == 4
        assert "订单是 SO202611200931" in amy.get("/console/handoff/1").text

        assert amy.post("/console/handoff/1/note", {"text": "checked SF tracking"},
                        from_page="/console/handoff/1").status_code == 303
        assert amy.post("/console/handoff/1/status", {"status": "solved"},
                        from_page="/console/handoff/1").status_code == 303
        page = amy.get("/console/handoff/1").text
        assert "checked SF tracking" in page and 'id="ticket-status">solved' in page
        assert len(bot.sent()) == 4                                             # a note never goes out

        assert amy.post("/console/handoff/1/handback", from_page="/console/handoff/1").status_code == 303
        sent = bot.wait_sent(6)
        assert "智能助手" in sent[4]["text"]
        ask = sent[5]
        assert ask["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "rate:yes"
        assert 'id="open-1"' not in amy.get("/console/queue").text

        bot.customer_taps("rate:yes")
        assert "感谢" in bot.wait_sent(7)[6]["text"]
        bot.customer_says("我的订单 SO202611200931 到哪了")                # the bot answers again
        answer = bot.wait_sent(8)[7]["text"]
        assert "SO202611200931" in answer and "amy" not in answer

        records = audit_records(bot)
        agent = [r for r in records if (r["trace"] or {}).get("agent_action") == "reply"]
        assert len(agent) == 1 and agent[0]["trace"]["generator"] == "agent:amy"
        assert agent[0]["reply"] == "您好，我是客服 amy，正在为您查询。"
        routed = [r for r in records if (r["trace"] or {}).get("routed_to") == "console"]
        assert len(routed) == 1 and "SO202611200931" in routed[0]["inbound"]
        assert all("13812345678" not in json.dumps(r, ensure_ascii=False) for r in records)
        rita = Staff(bot)                      # the review pages name the agent too
        rita.login("rita", prefix="/audit")
        page = rita.get(f"/audit/record/{agent[0]['id']}")
        assert page.status_code == 200 and "agent:amy" in page.text

        # A second customer, rating by text.
        bot.customer_says("转人工", chat_id=2002)
        bot.wait_sent(9)
        bot.call(lambda: _hand_back(bot, 2, "amy"))
        bot.wait_sent(11)
        bot.customer_says("2", chat_id=2002)
        assert "没能帮到" in bot.wait_sent(12)[11]["text"]

        rep = audit_report_json(bot)
        assert rep["satisfaction"] == {"rated": 2, "helpful": 1, "rate": 0.5}


async def _hand_back(bot: Bot, hid: int, agent: str) -> None:
    from bot.web.console.mount import CONSOLE
    await bot.app[CONSOLE].hand_back(hid, agent)


def test_roles_csrf_reveal_and_disabled_account(tmp_path):
    with Bot(tmp_path) as bot:
        bot.customer_says("我要转人工，电话13812345678")
        bot.wait_sent(1)
        anon = Staff(bot)
        r = anon.get("/console/queue")
        assert r.status_code == 401 and 'name="password"' in r.text and "handoff/1" not in r.text
        assert anon.post("/console/handoff/1/take", with_csrf=False).status_code == 401

        rita, amy, pia, ada = Staff(bot), Staff(bot), Staff(bot), Staff(bot)
        for who, name in ((rita, "rita"), (amy, "amy"), (pia, "pia"), (ada, "ada")):
            assert who.login(name).status_code == 303
        assert rita.get("/console/queue").status_code == 403 and rita.get("/audit/").status_code == 200
        assert amy.get("/audit/").status_code == 403 and amy.get("/console/users").status_code == 403
        assert ada.get("/console/queue").status_code == 403 and ada.get("/console/users").status_code == 200
        assert rita.get("/console/").headers["Location"] == "/audit/"

        # CSRF: a POST without the session's token is refused, and changes nothing.
        assert amy.post("/console/handoff/1/take", with_csrf=False).status_code == 403
        assert amy.post("/console/handoff/1/take", {"csrf": "forged"}, with_csrf=False).status_code == 403
        assert len(bot.sent()) == 1

        # Reveal: agents without the privacy role cannot; the privacy role can, with a reason, audited.
        page = amy.get("/console/handoff/1").text
        assert "13812345678" not in page and 'id="reveal"' not in page
        assert amy.post("/console/handoff/1/reveal", {"reason": "x"}, from_page="/console/handoff/1").status_code == 403
        r = pia.post("/console/handoff/1/reveal", {"reason": "customer asked to change the phone number"},
                     from_page="/console/handoff/1")
        assert r.status_code == 200 and "13812345678" in r.text
        [reveal] = audit_records(bot, "reveal")
        assert "user pia" in reveal["details"]["reviewer"] and "change the phone" in reveal["details"]["reviewer"]
        assert reveal["details"]["handoff"] == 1 and "13812345678" not in json.dumps(reveal)

        # An admin disables amy: her session ends at once.
        assert ada.post("/console/users/amy/disable", from_page="/console/users").status_code == 200
        assert amy.get("/console/queue").status_code == 401
        r = ada.post("/console/users/add", {"username": "cleo", "password": "cleo pass phrase", "role": "agent"},
                     from_page="/console/users")
        assert r.status_code == 200 and "Added cleo" in r.text
        assert Staff(bot).login("cleo", "cleo pass phrase").status_code == 303


def test_idle_take_over_returns_to_the_queue(tmp_path):
    with Bot(tmp_path, AFTERSALES_CONSOLE_IDLE_RETURN_S="1") as bot:
        bot.customer_says("转人工")
        bot.wait_sent(1)
        amy = Staff(bot)
        amy.login("amy")
        amy.post("/console/handoff/1/take", from_page="/console/handoff/1")
        bot.wait_sent(2)
        time.sleep(1.5)
        queue = amy.get("/console/queue").text
        assert 'id="open-1"' in queue and "with amy" not in queue and "waiting" in queue
        bot.customer_says("有人吗")                    # back in the queue: the bot answers again
        assert len(bot.wait_sent(3)) == 3


def test_off_hours_the_bot_says_when_a_person_answers(tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    env = {"AFTERSALES_HOURS_ALWAYS_ON": "false", "AFTERSALES_HOURS_WEEKDAYS": "1,2,3,4,5,6,7",
           "AFTERSALES_HOURS_HOLIDAYS": f"{today},{today + timedelta(days=1)}"}
    with Bot(tmp_path, **env) as bot:
        bot.customer_says("我要转人工")
        [reply] = bot.wait_sent(1)
        opening = today + timedelta(days=2)
        assert "现在不是人工服务时间" in reply["text"] and f"{opening.month}月{opening.day}日" in reply["text"]
        assert "09:00" in reply["text"]
        amy = Staff(bot)
        amy.login("amy")
        assert "off hours" in amy.get("/console/queue").text          # the ticket is kept, marked


def test_bot_resolved_conversation_asks_once_and_text_rating_lands(tmp_path):
    import re
    with Bot(tmp_path) as bot:
        bot.customer_says("我要退货")
        listing = bot.wait_sent(1)[0]["text"]
        order = re.search(r"SO\d+", listing).group(0)          # the demo shop's dates move with today
        bot.customer_says(f"{order}，尺码不合适")
        n = 2
        while "reply_markup" not in bot.wait_sent(n)[-1] and n < 6:    # confirm what the bot asks
            assert "有帮助" not in bot.sent()[-1]["text"]
            bot.customer_says("是的，确认")
            n += 1
        sent = bot.sent()
        assert "reply_markup" in sent[-1], sent
        assert "退货" in sent[-2]["text"] and sent[-1]["text"] == "这次服务对您有帮助吗？"
        assert sent[-1]["reply_markup"]["inline_keyboard"][0][1]["callback_data"] == "rate:no"
        bot.customer_says("1")                       # a text answer works as well as a tap
        assert "感谢" in bot.wait_sent(n + 1)[-1]["text"]
        bot.customer_says("1")                       # asked once: now an ordinary message for the bot
        assert "感谢您的反馈" not in bot.wait_sent(n + 2)[-1]["text"]
        rep = audit_report_json(bot)
        assert rep["satisfaction"]["rated"] == 1 and rep["satisfaction"]["helpful"] == 1


def test_web_chat_resolution_carries_the_question_and_takes_the_answer(tmp_path):
    import re
    # The page acts as a demo customer only in the demo configuration (config/demo.toml).
    with Bot(tmp_path, AFTERSALES_CHAT_DEMO_IDENTITIES="true") as bot:
        s = requests.Session()

        def say(text: str) -> str:
            def post() -> requests.Response:
                return s.post(bot.base + "/chat/api/send", json={"text": text, "user": "telegram:1001",
                                                                 "conversation": "w1"}, timeout=60)
            r = post()
            if r.status_code == 401:        # the first request only gets the signed visitor cookie
                r = post()
            assert r.status_code == 200, r.text
            return r.json()["reply"]
        order = re.search(r"SO\d+", say("我要退货")).group(0)
        reply = say(f"{order}，尺码不合适")
        for _ in range(3):
            if "有帮助" in reply:
                break
            reply = say("是的，确认")
        assert "退货" in reply and "有帮助请回复 1" in reply
        assert "感谢" in say("2")
        assert audit_report_json(bot)["satisfaction"] == {"rated": 1, "helpful": 0, "rate": 0.0}
        say("转人工")
        amy = Staff(bot)
        amy.login("amy")
        assert amy.post("/console/handoff/1/take", from_page="/console/handoff/1").status_code == 303
        assert "已转给" in say("在吗？") and "amy" in say("在吗？")          # not left hanging, not the bot
        assert "在吗" in amy.get("/console/handoff/1").text
