"""Round 3 (issue #13, zhline9) "drop one line, keep the other" on a not-yet-shipped order, in
Chinese, English and mixed forms, first message or follow-up, on the demo shop and on a generated
shop: never a whole-order cancel — a line removal confirmed first, then written on the yes.
Also: a policy question (return window) from someone with no order gets the shop's own policy."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import EN_SHOP, _order, replay

WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange")
GEN = "gen13"          # generated shop, seed 13 ("short" ids): C-7Q3P = Fountain pen + Leather wallet (paid)


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _zh(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# (shop, customer turns, order id, skus left)
DEMO, DEMO_USER = EN_SHOP, "web:ava"            # #W7096158 = Storm rain jacket + insulated water bottle
DROP = [
    (DEMO, ["#W7096158 水壶不要了，雨衣还要"], "#W7096158", ["RJ-M-BLK"]),
    (DEMO, ["把水壶从订单W7096158里去掉，其他的照常发"], "#W7096158", ["RJ-M-BLK"]),
    (DEMO, ["remove the water bottle from W7096158 but keep the rest"], "#W7096158", ["RJ-M-BLK"]),
    (DEMO, ["W7096158 雨衣还要, the bottle I don't need anymore"], "#W7096158", ["RJ-M-BLK"]),
    (DEMO, ["hi, could you please take the rain jacket off order W7096158? the bottle can ship as planned, thanks"],
     "#W7096158", ["BTL-18-BLK-CH"]),
    (DEMO, ["W7096158", "雨衣不要了 水杯照发"], "#W7096158", ["BTL-18-BLK-CH"]),
    (DEMO, ["W7096158 里黑色的雨衣不要了"], "#W7096158", ["BTL-18-BLK-CH"]),
    (DEMO, ["W7096158 第二件不要了，第一件照常发"], "#W7096158", ["RJ-M-BLK"]),
    (GEN, ["C-7Q3P 钢笔不要了，钱包还要"], "C-7Q3P", ["P133-1"]),
    (GEN, ["把皮夹从C-7Q3P里去掉，其他的照常发"], "C-7Q3P", ["P132-3"]),
    (GEN, ["remove the wallet from C-7Q3P but keep the rest"], "C-7Q3P", ["P132-3"]),
    (GEN, ["C-7Q3P", "the pen is not needed anymore, still send the wallet pls"], "C-7Q3P", ["P133-1"]),
    (GEN, ["C-7Q3P 里 initials 那个不要了"], "C-7Q3P", ["P132-3"]),
    (GEN, ["C-7Q3P 的 fountian pen 不要了 其它照发"], "C-7Q3P", ["P133-1"]),
]


async def _run(settings: Any, tmp_path: Path, shop: Any, texts: list[str]) -> tuple[list, dict]:
    if shop == GEN:
        gen = make_shop(13, tmp_path / "gen", "short")
        return await replay(settings, gen.path, gen.identity["c13-0"], texts, tmp_path / "c.db")
    return await replay(settings, shop, DEMO_USER, texts, tmp_path / "c.db")


@pytest.mark.parametrize(("shop", "texts", "order_id", "left"), DROP)
async def test_dropping_one_line_is_a_line_removal_never_a_cancel(settings: Any, tmp_path: Path, models: Any,
                                                                  shop: Any, texts: list[str], order_id: str,
                                                                  left: list[str]) -> None:
    yes = "确认" if _zh(texts[-1]) else "yes"
    first, _ = await _run(settings, tmp_path / "a", shop, texts)
    assert _writes(first) == [], [o["reply"] for o in first]          # nothing written before the yes
    out, fixture = await _run(settings, tmp_path / "b", shop, [*texts, yes])
    replies = [o["reply"] for o in out]
    assert _writes(out) == ["change_items"], replies
    order = _order(fixture, order_id)
    assert order["status"] != "cancelled", replies
    assert [i["sku"] for i in order["items"]] == left, replies
