"""Round 4 (#13, mind11) a changed mind about the kind of action while one waits: return →
exchange, exchange → return. The new choice replaces the pending one on the same order and
lines; nothing of the old request is written (no return next to the exchange, no old action
offered back for a later yes). Units of `action_switch.switched`, then conversations on the zh
and en demo shops and a generated shop (ids like A-8F8K, CHF)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.action_switch import switched
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
WRITES = ("create_exchange", "create_return", "cancel_order", "change_items")


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(n, a["name"], str(a["args"].get("order_id"))) for n, o in enumerate(out)
            for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


@pytest.mark.parametrize("text,pending,want", [
    ("算了还是换货吧，换43码", "return_request", "exchange_request"),
    ("不换了，直接退货退款吧", "exchange_request", "return_request"),
    ("不退了，换个新的吧", "return_request", "exchange_request"),
    ("changed my mind, exchange it for the medium nib instead", "return_request", "exchange_request"),
    ("actually, can I exchange them for silver ones instead?", "return_request", "exchange_request"),
    ("no wait, I'd rather just return it", "exchange_request", "return_request"),
    ("changed my mind, just refund me instead", "exchange_request", "return_request"),
])
def test_a_switch_names_the_new_action(text: str, pending: str, want: str) -> None:
    assert switched(text, pending) == want


@pytest.mark.parametrize("text,pending", [
    ("when do I get the refund?", "exchange_request"),     # a question naming the other action
    ("退款多久到账", "exchange_request"),
    ("yes", "return_request"),
    ("换43码", "exchange_request"),                         # the same action again
    ("return or exchange, whatever is faster", "return_request"),   # both named: no clear switch
    ("算了还是换货吧", "cancel_order"),                     # a cancel is not switched here
])
def test_no_switch(text: str, pending: str) -> None:
    assert switched(text, pending) is None


async def _run(settings: Any, tmp_path: Path, shop: Path, user: str, texts: list[str]
               ) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    return await replay(settings, shop, user, texts, tmp_path / "c.db")


@pytest.mark.parametrize("texts", [
    ["跑鞋SO202611230529想退货", "算了还是换货吧，换43码", "确认"],
    ["SO202611230529 跑鞋要退货", "不退了，换成43码的吧", "是"],
])
async def test_zh_return_then_exchange_writes_only_the_exchange(settings: Any, tmp_path: Path, models: Any,
                                                               texts: list[str]) -> None:
    out, shop = await _run(settings, tmp_path, ZH, "slack:U01ABC", texts)
    assert _writes(out) == [(2, "create_exchange", "SO202611230529")], [o["reply"] for o in out]
    made = [e for e in shop["exchanges"] if e["order_id"] == "SO202611230529"]
    assert [i["new_sku"] for e in made for i in e["items"]] == ["SHOE-RUN-43"]
    assert not [r for r in shop["returns"] if r["order_id"] == "SO202611230529"]
    assert "退货" not in out[2]["reply"]          # the old return is not offered back


async def test_en_exchange_then_return_writes_only_the_return(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _run(settings, tmp_path, EN, "telegram:5001",
                           ["I want to exchange the headphones from #W9024138 for silver",
                            "no wait, I'd rather just return them for a refund", "yes"])
    assert _writes(out) == [(2, "create_return", "#W9024138")], [o["reply"] for o in out]
    assert not [e for e in shop["exchanges"] if e["order_id"] == "#W9024138"]


async def test_en_return_then_exchange(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await _run(settings, tmp_path, EN, "telegram:5001",
                           ["I want to return the headphones from #W9024138",
                            "actually, can I exchange them for silver ones instead?", "yes"])
    assert _writes(out) == [(2, "create_exchange", "#W9024138")], [o["reply"] for o in out]
    assert not [r for r in shop["returns"] if r["order_id"] == "#W9024138"]


async def test_gen_shop_switch_stays_on_the_pending_order(settings: Any, tmp_path: Path, models: Any) -> None:
    # "medium nib" also fits a line of another order (K-4X2Z): the switch keeps A-8F8K's pen.
    g = make_shop(7, tmp_path / "gen")
    out, shop = await _run(settings, tmp_path, g.path, "telegram:7077",
                           ["I want to return the fountain pen from A-8F8K",
                            "changed my mind, exchange it for the medium nib instead", "yes"])
    assert _writes(out) == [(2, "create_exchange", "A-8F8K")], [o["reply"] for o in out]
    made = [e for e in shop["exchanges"] if e["order_id"] == "A-8F8K"]
    assert [(i["sku"], i["new_sku"]) for e in made for i in e["items"]] == [("P70-1", "P70-3")]
    assert not shop["returns"]


async def test_gen_shop_zh_old_return_not_offered_back(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await _run(settings, tmp_path, g.path, "telegram:7077",
                           ["K-4X2Z 的笔记本想退货", "还是换货吧，换成lined 240 pages的", "好的", "好的"])
    assert _writes(out) == [(2, "create_exchange", "K-4X2Z")], [o["reply"] for o in out]
    assert "退货" not in out[2]["reply"], out[2]["reply"]
    assert not shop["returns"]


async def test_gen_shop_zh_exchange_then_return(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await _run(settings, tmp_path, g.path, "telegram:7077",
                           ["A-8F8K 的 fountain pen 想换成medium的", "不换了，还是退货吧", "确认"])
    assert _writes(out) == [(2, "create_return", "A-8F8K")], [o["reply"] for o in out]
    assert not shop["exchanges"]
