"""What the customer is told about people: off-duty hours, a person joining or leaving, and
the one "was this helpful?" question. Kept apart from bot/lang/replies.py (the dialogue's texts)."""
from __future__ import annotations

import re
from datetime import datetime

RATE_YES, RATE_NO = "rate:yes", "rate:no"
_WEEKDAY_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def _t(lang: str | None, en: str, zh: str) -> str:
    """The text in `lang`: "zh-hant" / "zh-hant-hk" (`scripted`) is Chinese in the traditional
    script of a Taiwan / Hong Kong customer, like every other reply they get (routezh14)."""
    if not (lang or "").startswith("zh"):
        return en
    if "-hant" in str(lang):
        from bot.lang.script import to_traditional
        return to_traditional(zh, "hk" if str(lang).endswith("-hk") else "tw")
    return zh


def scripted(lang: str | None, script: str | None, variant: str | None = None) -> str | None:
    """The language tag the texts here take for a customer writing in `script` ("hant" / "hans")."""
    if (lang or "").startswith("zh") and script == "hant":
        return "zh-hant-hk" if variant == "hk" else "zh-hant"
    return lang


def off_hours(when: datetime | None, ticket_id: str | None, lang: str | None) -> str:
    ref = _t(lang, f" (ticket {ticket_id})", f"（工单号 {ticket_id}）") if ticket_id else ""
    if when is None:
        return _t(lang, f"Nobody from our team is on duty right now; your request{ref} is kept and a person will answer here.",
                  f"现在不是人工服务时间，您的请求{ref}已保留，同事上班后会在这里回复您。")
    en_when = f"{_WEEKDAY_EN[when.weekday()]} {when.day} {when.strftime('%b')} at {when.strftime('%H:%M')}"
    zh_when = f"{when.month}月{when.day}日（{_WEEKDAY_ZH[when.weekday()]}）{when.strftime('%H:%M')}"
    tz = when.tzname() or ""
    return _t(lang, f"Nobody from our team is on duty right now. Your request{ref} is kept, and a person will answer "
                    f"here from {en_when} ({tz}).",
              f"现在不是人工服务时间。您的请求{ref}已保留，同事将于 {zh_when}（{tz}）起在这里回复您。")


def taken_over(agent_name: str, lang: str | None) -> str:
    return _t(lang, f"{agent_name} from our team has joined and is answering you now (not the bot).",
              f"人工客服 {agent_name} 已接入，接下来由真人为您服务。")


def handed_back(lang: str | None) -> str:
    return _t(lang, "Our colleague has finished here; the assistant is answering again. Ask for a person any time.",
              "人工客服已结束本次服务，接下来由智能助手继续为您服务。需要人工可随时告诉我。")


def rating_question(lang: str | None, buttons: bool) -> str:
    if buttons:
        return _t(lang, "Did this help?", "这次服务对您有帮助吗？")
    return _t(lang, "Did this help? Reply 1 for yes, 2 for no.", "这次服务对您有帮助吗？有帮助请回复 1，没有帮助请回复 2。")


def rating_buttons(lang: str | None) -> list[tuple[str, str]]:
    return [(_t(lang, "👍 Yes", "👍 有帮助"), RATE_YES), (_t(lang, "👎 No", "👎 没帮助"), RATE_NO)]


def rating_thanks(helpful: bool, lang: str | None) -> str:
    if helpful:
        return _t(lang, "Thank you for the feedback!", "感谢您的反馈！")
    return _t(lang, "Thank you — sorry it didn't help. Say \"human\" and a colleague will look at it.",
              "感谢反馈，很抱歉没能帮到您。回复“转人工”，同事会为您处理。")


_YES = re.compile(r"^\s*(1|y|yes|yeah|yep|helpful|👍|有|有帮助|有用|满意|是|是的|好)\s*[.!。！]*\s*$", re.I)
_NO = re.compile(r"^\s*(2|n|no|nope|not helpful|👎|没有|没帮助|没有帮助|没用|不满意|否|不是)\s*[.!。！]*\s*$", re.I)


def parse_rating(text: str) -> bool | None:
    """A button's data or a short text answer to the question; None when it is something else."""
    from bot.lang.script import to_simplified
    s = to_simplified((text or "").strip())          # a traditional label or answer reads as its simplified form
    if s == RATE_YES:
        return True
    if s == RATE_NO:
        return False
    for lang in ("en", "zh"):      # a quick reply sends its label back as text (LINE)
        for label, data in rating_buttons(lang):
            if s == label:
                return data == RATE_YES
    if _YES.match(s):
        return True
    if _NO.match(s):
        return False
    return None


def media_received(ticket_id: str | None, lang: str | None) -> str:
    if ticket_id:
        return _t(lang, f"Thanks, I've got the file and attached it to your request ({ticket_id}); the colleague handling it will see it.",
                  f"收到您发来的文件，已附到您的工单（{ticket_id}），处理的同事可以直接看到。")
    return _t(lang, "Thanks, I've got the file and kept it with our conversation. Tell me the order number and what happened, "
                    "or say \"human\" and a colleague will look at it.",
              "收到您发来的文件，已和本次对话一起保存。请告诉我订单号和具体情况，或回复“转人工”由同事查看。")


def media_refused(code: str, lang: str | None) -> str:
    if code == "too_large":
        return _t(lang, "Sorry, that file is too large (10 MB at most).", "抱歉，文件太大了（最大 10 MB）。")
    if code == "unsupported_type":
        return _t(lang, "Sorry, I can keep photos (JPEG, PNG, GIF, WebP) and PDF files only.",
                  "抱歉，目前只能保存照片（JPEG、PNG、GIF、WebP）和 PDF 文件。")
    return _t(lang, "Sorry, I couldn't fetch that file; please send it again.", "抱歉，文件没有取到，请再发送一次。")


def forwarded(agent_name: str, lang: str | None) -> str:
    return _t(lang, f"(Passed to {agent_name}, who is handling this conversation.)",
              f"（已转给正在为您服务的人工客服 {agent_name}。）")
