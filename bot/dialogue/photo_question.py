""""Where do I send the photos?" / "照片发到哪里" (issue #13, info11): answered where they go — this
chat, onto the case or request the conversation holds — never read as a parcel to track or a new
fault to ask about.

    asks(text) -> bool
    answer(fc) -> Outcome | None
"""
from __future__ import annotations

import re

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome

_PHOTO = r"(?:photos?|pictures?|pics?|images?|videos?|screenshots?|照片|图片|相片|视频|截图)"
_ASK = re.compile(
    rf"\b(?:where|how|to whom|who)\b[^.?!]{{0,30}}\b(?:send|upload|attach|submit|mail|email|share)\b[^.?!]{{0,20}}{_PHOTO}|"
    rf"\b(?:where|how)\b[^.?!]{{0,12}}{_PHOTO}[^.?!]{{0,12}}\b(?:go|send|sent|upload)|"
    rf"\b(?:can|should|do) i (?:send|upload|attach)\b[^.?!]{{0,20}}{_PHOTO}[^.?!]{{0,20}}(?:here|to you|\?)|"
    rf"{_PHOTO}.{{0,6}}(?:发到哪|发哪|发给谁|寄到哪|怎么发|如何发|发在哪|传到哪|上传到哪|发到什么|在哪(?:里)?发|在哪(?:里)?上传)|"
    rf"(?:怎么|在哪(?:里)?|哪里)(?:发|上传|提交)(?:给你们)?.{{0,4}}{_PHOTO}", re.I)


def asks(text: str) -> bool:
    return bool(_ASK.search(text))


def answer(fc: FlowContext) -> Outcome | None:
    if not asks(fc.turn.text):
        return None
    lang = fc.lang
    cases = [v for k, v in fc.state.opened.items() if isinstance(v, str) and v and v != "told"
             and k.split(":", 1)[0] in ("delivery", "payment", "warranty_claim")]
    case = cases[-1] if cases else None
    if case:
        text = T.t(lang, f"You can send the photos right here in this chat; they go onto your case {case}, so the "
                         "colleague handling it sees them.",
                   f"照片直接在这个对话里发给我就可以，会附到您的工单 {case} 里，处理的同事能直接看到。")
    else:
        oid = fc.state.last_order_id
        about = T.t(lang, f" for order {oid}" if oid else "", f"（订单 {oid}）" if oid else "")
        text = T.t(lang, f"You can send the photos right here in this chat{about}: they stay with this conversation, "
                         "and the colleague who checks it sees them.",
                   f"照片直接在这个对话里发给我就可以{about}，会和这次对话一起保存，负责核实的同事能直接看到。")
    return Outcome(text, step="photos", intent="other", knowledge_query=False)
