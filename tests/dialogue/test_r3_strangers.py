"""Strangers (no orders on this identity, #13): an order number they type and a charge they report
get how to have it checked (the buyer's account, or a person), never "no orders on this account"
and never the order's contents; a policy question still gets the shop's own text. Demo shops and
generated shops with other id shapes; zh and en."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import stranger
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"
NOBODY = "telegram:9999999"
NO_ORDERS = ("couldn't find any orders", "没有查到订单", "no orders")


@pytest.mark.parametrize("text,oid", [
    ("where is my order W9024138?", "W9024138"), ("订单2026112345678到哪了", "2026112345678"),
    ("SO-41037-B的发票", "SO-41037-B"), ("status of ORD/2026/01234 pls", "ORD/2026/01234"), ("#6749?", "#6749"), ("A-1F7K 到哪了", "A-1F7K"),
])
def test_an_order_number_typed_is_found_whatever_its_shape(text: str, oid: str) -> None:
    assert stranger.typed_order_id(text) == oid


@pytest.mark.parametrize("text", ["I got it on 11/20", "it cost 298.00", "what's your return policy?", "保修多久", "does the 2-person tent fit 28L bags", "USB-C cable"])
def test_dates_prices_and_questions_are_no_order_number(text: str) -> None:
    assert stranger.typed_order_id(text) is None


def test_the_reply_says_how_to_verify_and_names_only_what_was_typed() -> None:
    en = stranger.reply("where is W9024138", "en")
    assert en and "W9024138" in en and "account" in en and "human" in en
    zh = stranger.reply("我被扣了两次款", "zh")
    assert zh and "下单" in zh and "转人工" in zh
    assert stranger.reply("what's your return policy?", "en") is None


def _gen(seed: int, shape: str, tmp: Path) -> tuple[Path, dict[str, Any]]:
    g = make_shop(seed, tmp / f"g{seed}", shape)
    order = next(o for o in g.fixture["orders"] if o["status"] == "delivered")
    return g.path, order


CHECKS = [
    (EN, "where is my order W9024138?", "W9024138", ("Aurora", "delivered", "headphones")),
    (EN, "I was charged twice for my order!", "human", ()),
    (ZH, "我被扣了两次款，怎么回事", "转人工", ()),
    (ZH, "帮我查一下订单 SO202610310557 到哪了", "SO202610310557", ("已签收",)),
]


@pytest.mark.parametrize("case", range(len(CHECKS)))
async def test_demo_shops_tell_a_stranger_how_to_get_it_checked(case: int, settings: Any, tmp_path: Path,
                                                                 models: Any) -> None:
    shop, text, wanted, hidden = CHECKS[case]
    out, _ = await replay(settings, shop, NOBODY, [text], tmp_path / "s.db")
    reply = out[-1]["reply"]
    assert wanted in reply, reply
    assert not any(w in reply.lower() for w in NO_ORDERS), reply
    assert not any(h.lower() in reply.lower() for h in hidden), reply
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"] in ("create_ticket", "get_order")]


@pytest.mark.parametrize("seed,shape,lang", [(5, "slashed", "en"), (9, "short", "zh")])
async def test_a_generated_shop_order_typed_by_a_stranger_is_not_disclosed(seed: int, shape: str, lang: str,
                                                                           settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    path, order = _gen(seed, shape, tmp_path)
    text = f"where is {order['id']}?" if lang == "en" else f"{order['id']} 这个订单到哪了"
    out, _ = await replay(settings, path, NOBODY, [text], tmp_path / "g.db")
    reply = out[-1]["reply"]
    assert order["id"] in reply, reply
    assert not any(w in reply.lower() for w in NO_ORDERS), reply
    assert not any(i["name"].split()[0].lower() in reply.lower() for i in order["items"]), reply
    assert str(order.get("tracking_no")) not in reply


async def test_a_strangers_policy_question_still_gets_the_policy(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN, NOBODY, ["what's your return policy?"], tmp_path / "p.db")
    reply = out[-1]["reply"]
    assert "30 days" in reply and not any(w in reply.lower() for w in NO_ORDERS), reply
