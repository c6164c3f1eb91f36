"""Round 3, payment change on the right order: a customer with several orders names a shipped one
("my order X - I want to pay it with card instead"): X can no longer change its payment, so the
change is proposed on the customer's order that can (asked among them when several), confirmed
by name, and "go ahead" / "行，就这么办" then makes it — never written on the shipped order, never a
re-addressing refusal, never the capability menu. Demo shop and a generated shop ('#1234' ids,
other payment types); store export checked."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, replay

# (request naming the shipped order {S}, the go-ahead)
PROBES = [
    ("my order {S} - I want to pay it with card instead", "go ahead"),
    ("{S}的付款方式换成银行卡", "行，就这么办"),
    ("change payment on {S} to card please", "yes go ahead"),
    ("Can {S} be paid by card instead?", "ok do it"),
    ("订单{S}能不能改用银行卡付款？", "好的，就这么办"),
    ("hi, for order {S} i'd rather pay by card", "go ahead"),
]
MENU = ("I can check an order", "我可以帮您")


def _shop(kind: str, tmp: Path) -> tuple[Path, str, str, str, list[str]]:
    """(shop, identity, the shipped order, the unshipped order to change, all unshipped orders)."""
    if kind == "demo":
        return DEMO_SHOP, "telegram:1001", "SO202611261030", "SO202611270605", ["SO202611270605"]
    s = make_shop(15, tmp, "hash")
    cid = s.fixture["customers"][0]["id"]
    shipped = s.orders_of(cid, "shipped")[0]["id"]
    target = s.orders_of(cid, "paid")[0]["id"]                   # paid another way than by card
    return s.path, s.identity[cid], shipped, target, [o["id"] for o in s.orders_of(cid) if o["status"] in ("paid", "pending")]


@pytest.mark.parametrize("kind", ["demo", "gen"])
@pytest.mark.parametrize("case", range(len(PROBES)))
async def test_the_payment_change_goes_on_the_unshipped_order(case: int, kind: str, settings: Any, tmp_path: Path,
                                                              models: Any) -> None:
    ask, yes = PROBES[case]
    path, user, shipped, target, unshipped = _shop(kind, tmp_path)
    texts = [ask.format(S=shipped)]
    out, _ = await replay(settings, path, user, texts, tmp_path / "a.db")
    first = out[-1]["reply"]
    assert shipped in first and ("shipped" in first or "发货" in first), first
    assert "re-address" not in first and "改地址" not in first, first
    if len(unshipped) > 1:
        assert out[-1]["trace"]["flow"] == {"name": "change_payment", "step": "choose_order"}, out[-1]
        assert all(o in first for o in unshipped), first
        texts.append(target)
    out, _ = await replay(settings, path, user, texts, tmp_path / "b.db")
    confirm = out[-1]["reply"]
    assert out[-1]["trace"]["flow"] == {"name": "change_payment", "step": "confirm"}, confirm
    assert target in confirm.split("shipped")[-1] or target in confirm, confirm
    out, shop = await replay(settings, path, user, [*texts, yes], tmp_path / "c.db")
    done = out[-1]["reply"]
    assert not any(m in done for m in MENU), done
    changes = [c for c in shop["order_changes"] if c["kind"] == "payment"]
    assert [c["order_id"] for c in changes] == [target], changes


async def test_no_unshipped_order_is_a_payment_refusal_and_no_write(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    # This customer's orders have all shipped or closed: the refusal says why, nothing is written.
    out, shop = await replay(settings, DEMO_SHOP, "telegram:1003", ["can SO202611241031 be paid by card instead?", "yes"],
                             tmp_path / "n.db")
    assert "SO202611241031" in out[0]["reply"] and "payment" in out[0]["reply"], out[0]["reply"]
    assert not [c for c in shop["order_changes"] if c["kind"] == "payment"]
