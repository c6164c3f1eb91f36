"""Round 3 (issue #13, zhline9): a policy question from someone with no order, or before any order
is named — the return window and exclusions from the shop's own policy, never delivery times and
never an order number asked first; on the Chinese demo shop, the English one and a generated shop."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

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


def _shops(tmp_path: Path) -> list[tuple[Path, int]]:
    gen = make_shop(14, tmp_path / "gen", "digits")
    out = []
    for path in (ZH_SHOP, EN_SHOP, gen.path):
        days = json.loads(Path(path).read_text(encoding="utf-8"))["policies"]["return_window_days"]
        out.append((path, int(days)))
    return out


@pytest.mark.parametrize("which", [0, 1, 2])
@pytest.mark.parametrize("texts", POLICY)
async def test_a_policy_question_from_a_stranger_gets_the_shops_return_window(
        settings: Any, tmp_path: Path, models: Any, texts: list[str], which: int) -> None:
    path, days = _shops(tmp_path)[which]
    out, _ = await replay(settings, path, "web:nobody-known-9", texts, tmp_path / "c.db")
    reply = out[-1]["reply"]
    assert str(days) in reply, reply
    assert not any(a in reply.lower() for a in ASKS_ORDER), reply
