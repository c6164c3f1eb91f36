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
    # words the shop's data lacks (钢笔, 钱包): which line is asked, then that line only
    (GEN, ["C-7Q3P 钢笔不要了，钱包还要", "Fountain pen 那个"], "C-7Q3P", ["P133-1"]),
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


@pytest.mark.parametrize("text", ["C-7Q3P 钢笔不要了，钱包还要", "C-7Q3P: scrap the biro, keep the rest"])
async def test_unnamed_line_out_asks_which_line_and_never_offers_a_cancel(settings: Any, tmp_path: Path,
                                                                          models: Any, text: str) -> None:
    out, fixture = await _run(settings, tmp_path, GEN, [text, "确认" if _zh(text) else "yes"])
    first = out[0]["reply"]
    assert "Fountain pen" in first and ("皮夹" in first or "wallet" in first.lower()), first
    assert "取消" not in first and "cancel" not in first.lower(), first
    assert _writes(out) == [] and _order(fixture, "C-7Q3P")["status"] == "paid"


async def test_cancel_of_the_whole_order_stays_a_cancel(settings: Any, tmp_path: Path, models: Any) -> None:
    out, fixture = await _run(settings, tmp_path, GEN, ["C-7Q3P 整个订单都取消吧", "确认"])
    assert _writes(out) == ["cancel_order"], [o["reply"] for o in out]
    assert _order(fixture, "C-7Q3P")["status"] == "cancelled"


def test_ordinal_lines_name_lines_of_the_order_never_an_order() -> None:
    from bot.dialogue.removals import ordinal_lines
    order = {"items": [{"sku": "A"}, {"sku": "B"}, {"sku": "C"}]}
    assert ordinal_lines("第二件不要了", order) == {"B"}
    assert ordinal_lines("最后一个别发了", order) == {"C"}
    assert ordinal_lines("drop the first one please", order) == {"A"}
    assert ordinal_lines("the last item can go", order) == {"C"}
    assert ordinal_lines("第二个订单不要了", order) == set()
    assert ordinal_lines("the second order", order) == set()


def test_kept_but_unnamed_reads_only_a_partial_removal_of_one_unshipped_order() -> None:
    from bot.dialogue.removals import kept_but_unnamed
    two = [{"id": "X-1", "status": "paid", "items": [{"sku": "A"}, {"sku": "B"}]},
           {"id": "X-2", "status": "shipped", "items": [{"sku": "C"}, {"sku": "D"}]}]
    assert kept_but_unnamed("钢笔不要了，钱包还要", two) == "X-1"
    assert kept_but_unnamed("drop the biro but keep the rest", two) == "X-1"
    assert kept_but_unnamed("钱包还要", two) is None                       # nothing taken out
    assert kept_but_unnamed("钢笔不要了", two) is None                      # nothing said kept
    assert kept_but_unnamed("钢笔不要了，其他的退货", two) is None           # a return
    assert kept_but_unnamed("取消订单，其他没什么了", two, read_as_cancel=True) is None   # a whole cancel
    assert kept_but_unnamed("cancel it, that's all, nothing else", two, read_as_cancel=True) is None
    assert kept_but_unnamed("cancel the pen, ship the rest", two, read_as_cancel=True) == "X-1"
    both = two + [{"id": "X-3", "status": "pending", "items": [{"sku": "E"}, {"sku": "F"}]}]
    assert kept_but_unnamed("钢笔不要了，钱包还要", both) is None            # two orders fit: asked elsewhere
    assert kept_but_unnamed("X-3 钢笔不要了，钱包还要", both, ["X-3"]) == "X-3"
