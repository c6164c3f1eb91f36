"""routezh14 (#13): what the console tells a traditional-Chinese writer — the off-hours text after
the hand-off, a person joining, the hand-back, the "did this help?" question and the thanks — is in
traditional characters like every other reply they get (before: simplified, beside traditional)."""
from __future__ import annotations

import re
import time

import pytest
from harness import Bot, Staff

from bot.lang.script import to_traditional
from bot.web.console import wording as W

pytestmark = pytest.mark.usefixtures("models")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def traditional(text: str) -> bool:
    """Chinese, and nothing OpenCC would still convert to traditional."""
    return bool(_HAN.search(text)) and to_traditional(text) == text


def test_scripted_tags_and_converts_only_for_a_traditional_writer():
    assert W.scripted("zh", "hant") == "zh-hant" and W.scripted("zh", "hant", "hk") == "zh-hant-hk"
    assert W.scripted("zh", "hans") == "zh" and W.scripted("zh", None) == "zh" and W.scripted("en", "hant") == "en"
    assert W.handed_back("zh") == "人工客服已结束本次服务，接下来由智能助手继续为您服务。需要人工可随时告诉我。"
    assert traditional(W.handed_back("zh-hant")) and "為您服務" in W.handed_back("zh-hant")
    assert traditional(W.rating_question("zh-hant-hk", False))
    assert W.rating_question("en", True) == "Did this help?"
    # a traditional button label or text answer still counts
    assert W.parse_rating(W.rating_buttons("zh-hant")[1][0]) is False
    assert W.parse_rating("有幫助") is True and W.parse_rating("沒幫助") is False


def test_off_hours_join_hand_back_and_rating_reach_a_traditional_writer_in_traditional(tmp_path):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    env = {"AFTERSALES_HOURS_ALWAYS_ON": "false", "AFTERSALES_HOURS_WEEKDAYS": "1,2,3,4,5,6,7",
           "AFTERSALES_HOURS_HOLIDAYS": f"{today},{today + timedelta(days=1)}"}
    with Bot(tmp_path, **env) as bot:
        bot.customer_says("我要轉人工，這個問題一直沒解決")
        [reply] = bot.wait_sent(1)
        assert "現在不是人工服務時間" in reply["text"] and traditional(reply["text"]), reply["text"]
        amy = Staff(bot)
        amy.login("amy")
        assert amy.post("/console/handoff/1/take", from_page="/console/handoff/1").status_code == 303
        joined = bot.wait_sent(2)[1]["text"]
        assert "amy" in joined and traditional(joined), joined
        assert "已接入" in amy.get("/console/handoff/1").text or "amy" in amy.get("/console/handoff/1").text
        assert amy.post("/console/handoff/1/handback", from_page="/console/handoff/1").status_code == 303
        sent = bot.wait_sent(4)
        back, ask = sent[2]["text"], sent[3]["text"]
        assert "智能助手" in back and traditional(back), back
        assert traditional(ask) and "幫助" in ask, ask
        bot.customer_taps("rate:yes")
        deadline = time.monotonic() + 30
        while len(bot.sent()) < 5 and time.monotonic() < deadline:
            time.sleep(0.05)
        thanks = bot.sent()[4]["text"]
        assert traditional(thanks) and "感謝" in thanks, thanks
