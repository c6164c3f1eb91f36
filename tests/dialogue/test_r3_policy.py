"""Round 3 (issue #13, zhline9): a policy question from someone with no order, or before any order
is named — the return window and exclusions from the shop's own policy, never delivery times and
never an order number asked first; on the Chinese demo shop, the English one and a generated shop."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.info_texts import category
from bot.dialogue.window_question import window_topic
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import EN_SHOP, PROJECT_ROOT, replay

ZH_SHOP = PROJECT_ROOT / "config" / "demo_shop.json"
ASKS_ORDER = ("order number", "order id", "订单号", "which order", "哪个订单", "哪一个订单")

POLICY = [
    ["收到货多少天内可以退?"],
    ["how many days after receipt can I return?"],
    ["hi there, quick question before I buy: what's your return window?"],
    ["请问一下 退货期限是几天呀"],
    ["can i send stuff back if i dont like it? how long do i have"],
    ["签收以后几天之内能退货"],
    ["return policy pls"],
    ["hello", "how long after delivery can I still return something?"],
    ["my aunt sent me a gift from your shop, I don't have the order number. can I return it and how long do I have?"],
    ["收到了朋友送的礼物，没有订单号，能退吗？多少天内？"],
]


def _shops(tmp_path: Path) -> list[tuple[Path, int, list[str]]]:
    gen = make_shop(14, tmp_path / "gen", "digits")
    out = []
    for path in (ZH_SHOP, EN_SHOP, gen.path):
        pol = json.loads(Path(path).read_text(encoding="utf-8"))["policies"]
        out.append((path, int(pol["return_window_days"]), list(pol["non_returnable_categories"])))
    return out


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("texts", POLICY)
async def test_a_policy_question_from_a_stranger_gets_the_shops_return_window(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], which: int) -> None:
    path, days, blocked = _shops(tmp_path)[which]
    out, _ = await replay(settings, path, "web:nobody-known-9", texts, tmp_path / "c.db")
    reply = out[-1]["reply"]
    assert re.search(rf"(?<!\d){days}(?!\d)", reply), reply                      # the shop's own window
    lang = "zh" if any("\u4e00" <= c <= "\u9fff" for c in texts[-1]) else "en"
    assert category(blocked[0], lang) in reply, reply                           # and its exclusions
    assert not any(a in reply.lower() for a in ASKS_ORDER), reply
    assert "工作日" not in reply and "business days" not in reply, reply         # not delivery times
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"].startswith("create_")]


async def test_a_customer_with_orders_gets_the_window_too(settings: Any, tmp_path: Path, models: Any) -> None:
    gen = make_shop(14, tmp_path / "gen", "digits")
    out, _ = await replay(settings, gen.path, gen.identity["c14-0"], ["收到货多少天内可以退?"], tmp_path / "c.db")
    reply = out[-1]["reply"]
    assert "45" in reply and "工作日" not in reply, reply
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"].startswith("create_")]


@pytest.mark.parametrize(("text", "topic"), [
    ("收到货多少天内可以退?", "return_request"),
    ("how many days after receipt can I return?", "return_request"),
    ("what's your return window?", "return_request"),
    ("退货期限是几天", "return_request"),
    ("how long do I have to exchange a size?", "exchange_request"),
    ("换货有时间限制吗", "exchange_request"),
    ("how long does delivery take?", None),
    ("换货要多久", None),                                  # how long an exchange takes: its flow
    ("how long does a return take to process?", None),
    ("多久能到", None),
    ("退款多久到账", None),
    ("did you get my return back yet?", None),
    ("I want to return the kettle", None),
])
def test_window_topic_reads_the_rule_asked_never_delivery_or_refund_times(text: str, topic: str | None) -> None:
    assert window_topic(text) == topic
