"""Round 3 (issue #13, qty9): a quantity given with an option change ("one of the two", "just one",
"一件", "其中一个") must survive ask -> confirm -> write: shown in the confirmation and written as a
split line (one unit changed, the rest kept). Whole conversations through the real pipeline on the
demo shop and on a shop the code was not written for (GBP outdoor gear)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import unit_split as US
from tests.dialogue.conftest import Env
from tests.test_conversation_corrections import EN_SHOP, _order, replay

OUTDOOR = Path(__file__).with_name("data") / "outdoor_shop_gbp.json"
WRITES = ("change_items", "cancel_order", "create_return", "create_exchange")


def _lines(shop: dict[str, Any], order_id: str) -> list[tuple[str, int]]:
    return sorted((i["sku"], int(i["qty"])) for i in _order(shop, order_id)["items"])


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _zh(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


# (shop, user, turns before the yes, order, lines after)
SSD = [("SSD-1T-UC", 1), ("SSD-2T-UC", 1)]
BAG = [("SB-SU-R", 1), ("SB-WI-R", 1), ("STV-GAS", 1), ("TNT-2-NY", 1)]
ONE_OF_TWO = [
    (EN_SHOP, "slack:U07NOAH", ["#W1722178 can you change one of the two SSDs to 2TB"], "#W1722178", SSD),
    (EN_SHOP, "slack:U07NOAH", ["just one of the SSDs in #W1722178 should be 2TB, keep the other 1TB"],
     "#W1722178", SSD),
    (EN_SHOP, "slack:U07NOAH", ["W1722178 其中一个SSD换成2TB"], "#W1722178", SSD),
    (EN_SHOP, "slack:U07NOAH", ["I want to change the capacity on #W1722178", "2TB but only for one of them"],
     "#W1722178", SSD),
    (EN_SHOP, "slack:U07NOAH", ["pls make 1 of my 2 ssds the 2tb one, order W1722178"], "#W1722178", SSD),
    (EN_SHOP, "slack:U07NOAH", ["W1722178 的移动硬盘改一件成2TB就行，另一个不变"], "#W1722178", SSD),
    (OUTDOOR, "web:ola", ["K30418 change one of the two sleeping bags to winter"], "K30418", BAG),
    (OUTDOOR, "web:ola", ["K30418 睡袋其中一个换成winter"], "K30418", BAG),
    (OUTDOOR, "web:ola", ["could you swap just one sleeping bag for the winter version please? K30418"],
     "K30418", BAG),
    (OUTDOOR, "web:ola", ["K30418 I'd like a different season for the sleeping bag", "winter, just one of them"],
     "K30418", BAG),
    (OUTDOOR, "web:ola", ["睡袋改一个冬季款 K30418"], "K30418", BAG),
    (OUTDOOR, "web:ola", ["K30418: 1 of the 2 sleeping bags -> winter pls"], "K30418", BAG),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "after"), ONE_OF_TWO)
async def test_one_of_two_survives_the_confirmation(settings: Any, tmp_path: Path, models: Any, shop_path: Path,
                                                    user: str, turns: list[str], order_id: str,
                                                    after: list) -> None:
    yes = "确认" if _zh(turns[0]) else "yes"
    out, shop = await replay(settings, shop_path, user, [*turns, yes], tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _writes(out) == ["change_items"], replies
    assert _lines(shop, order_id) == after, replies
    # The count is in the confirmation itself: the units that change and the ones that stay.
    confirm = replies[-2]
    assert ("1 of the 2" in confirm and "stays as ordered" in confirm) or "其余 1 件保持不变" in confirm, confirm
    total = {"#W1722178": "289.98", "K30418": "302.00"}[order_id]     # one unit priced anew, never both
    assert str(_order(shop, order_id)["total"]) == total, replies


# -- unit level: the count, the split reading, the swaps, the policy --------------------------------


@pytest.mark.parametrize(("text", "q"), [("其中一个换成2TB", 1), ("改一件成冬季款", 1), ("两个里面1个改成long", 1),
                                         ("change one of the two to 2TB", 1), ("make it 2TB", None)])
def test_units_named(text: str, q: int | None) -> None:
    assert US.units_named(text, 2) == q


def test_a_reduction_is_not_a_split() -> None:
    assert US.kept_units("one of the two to 2TB", 2, 1, True) == 1
    assert US.kept_units("I only need one, in 2TB", 2, 1, True) == 0
    assert US.kept_units("one 2TB instead of two 1TB", 2, 1, True) == 0
    assert US.kept_units("只需要一个 2TB 的", 2, 1, True) == 0
    assert US.kept_units("one of them to 2TB", 2, 1, False) == 0          # no variant change: no split
    assert US.split_swaps("A", 1, "B", 1) == [{"sku": "A", "qty": 1, "new_sku": "A"},
                                              {"sku": "A", "qty": 1, "new_sku": "B"}]


async def test_the_shop_writes_a_split_line_and_refuses_a_pair_named_twice(en_shop: Env) -> None:
    noah = await en_shop.customer("slack:U07NOAH")
    twice = await en_shop.tools.change_items(noah, "#W1722178", [("SSD-1T-UC", 1, "SSD-2T-UC"),
                                                                 ("SSD-1T-UC", 1, "SSD-2T-UC")])
    assert (twice.ok, twice.code) == (False, "invalid_quantity")
    res = await en_shop.tools.change_items(noah, "#W1722178", [("SSD-1T-UC", 1, "SSD-1T-UC"),
                                                               ("SSD-1T-UC", 1, "SSD-2T-UC")])
    assert res.ok, res
    assert sorted((i["sku"], i["qty"]) for i in res.data["after"]) == [("SSD-1T-UC", 1), ("SSD-2T-UC", 1)]
    assert res.data["total"] == "289.98"


# -- class 2: a changed mind during the confirmation replaces the pending value ----------------------
OUTDOOR_TENT = [("SB-SU-R", 2), ("STV-GAS", 1)]
CHANGED_MIND = [
    # (shop, user, turns, order, the variant that must never be written, a sku expected after or None)
    (EN_SHOP, "slack:U07NOAH", ["#W1722178 change the SSD to 2TB", "hmm too pricey, 500GB then"], "#W1722178",
     "SSD-2T-UC", "SSD-500-UC"),
    (EN_SHOP, "slack:U07NOAH", ["W1722178 硬盘换成2TB", "太贵了，算了还是要500GB的"], "#W1722178", "SSD-2T-UC",
     "SSD-500-UC"),
    (EN_SHOP, "slack:U07NOAH", ["upgrade my SSD on W1722178 to 2TB please", "actually no, make it the 500GB one"],
     "#W1722178", "SSD-2T-UC", "SSD-500-UC"),
    (EN_SHOP, "slack:U07NOAH", ["W1722178 SSD -> 2TB", "wait that's a lot, the cheaper 500GB instead"], "#W1722178",
     "SSD-2T-UC", "SSD-500-UC"),
    (OUTDOOR, "web:ola", ["K30418 change the sleeping bags to winter", "too pricey, long summer ones then"],
     "K30418", "SB-WI-R", "SB-SU-L"),
    (OUTDOOR, "web:ola", ["K30418 睡袋换成冬季款", "太贵了 还是要夏季加长的吧"], "K30418", "SB-WI-R", "SB-SU-L"),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "rejected", "wanted"), CHANGED_MIND)
async def test_a_changed_mind_replaces_the_pending_value(settings: Any, tmp_path: Path, models: Any,
                                                         shop_path: Path, user: str, turns: list[str],
                                                         order_id: str, rejected: str, wanted: str) -> None:
    yes = "确认" if _zh(turns[0]) else "yes"
    out, shop = await replay(settings, shop_path, user, [*turns, yes], tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    skus = [s for s, _ in _lines(shop, order_id)]
    assert rejected not in skus, replies
    assert wanted in skus and _writes(out) == ["change_items"], replies


def test_a_count_inside_the_target_is_the_new_size_not_a_part() -> None:
    assert US.kept_units("能改成一个黑色的吗", 2, 1, True) == 0
    assert US.kept_units("change it to one black one", 2, 1, True) == 0
    assert US.kept_units("其中一个换成黑色", 2, 1, True) == 1
    assert US.kept_units("swap just one for the black one", 2, 1, True) == 1


# -- class 3: a clear yes to a pending confirmation executes it ---------------------------------------
YES_EXECUTES = [
    # (shop, user, turns incl. the yes, order, the write expected, lines after or None)
    (EN_SHOP, "web:liam", ["I want to remove an item from W6455030", "the 12 inch skillet", "yes"], "#W6455030",
     "change_items", [("SKL-10-CI", 2)]),
    (EN_SHOP, "web:ava", ["I'd like to return one of the two water bottles from W9024138, it leaks",
                          "yes - and when do I get the money?"], "#W9024138", "create_return", None),
    (EN_SHOP, "web:ava", ["W9024138 两个水杯退一个，漏水", "好的，钱什么时候到账？"], "#W9024138", "create_return", None),
    (OUTDOOR, "web:ola", ["please take something off K30418", "the stove", "yes please"], "K30418", "change_items",
     [("SB-SU-R", 2), ("TNT-2-NY", 1)]),
]


@pytest.mark.parametrize(("shop_path", "user", "turns", "order_id", "write", "after"), YES_EXECUTES)
async def test_a_yes_to_a_pending_confirmation_executes_it(settings: Any, tmp_path: Path, models: Any,
                                                          shop_path: Path, user: str, turns: list[str],
                                                          order_id: str, write: str, after: list | None) -> None:
    out, shop = await replay(settings, shop_path, user, turns, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert _writes(out) == [write], replies
    if after is not None:
        assert _lines(shop, order_id) == after, replies
    else:           # the question carried by the yes is answered after the write, from the shop's data
        assert "5–10" in replies[-1] and "?" not in replies[-1][-3:] and "？" not in replies[-1][-3:], replies
