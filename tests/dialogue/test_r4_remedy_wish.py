"""Round 4 (#13, mind11) the remedy the customer states is the one acted on and noted: a new one
asked with the refund / return ruled out ("我不想退，想要补发一个新的", "我不要退货，给我寄个新的") is
the exchange, never a return; keeping the item with part of the money back ("I'd rather keep it
and get a partial refund than send it back") is a colleague with that wish on the case, never a
return. Units of the readings, then conversations on the demo shops and a generated shop."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.keep_item import NOTE, keeps_with_money
from bot.dialogue.negation import polarity
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"


@pytest.mark.parametrize("text,asked,ruled", [
    ("我不想退，想要补发一个新的", ["exchange_request"], ["return_request"]),
    ("不要退，给我换新", ["exchange_request"], ["return_request"]),
    ("我不要退货，给我寄个新的", ["exchange_request"], ["return_request"]),
    ("给我发个新的吧", ["exchange_request"], []),
    ("退了吧", ["return_request"], []),
    ("新的发货了吗", [], []),
])
def test_remedy_polarity(text: str, asked: list[str], ruled: list[str]) -> None:
    assert polarity(text) == (asked, ruled)


@pytest.mark.parametrize("text,want", [
    ("I'd rather keep it and get a partial refund than send it back.", True),
    ("can I keep them and get some compensation?", True),
    ("东西我留着，退一部分钱就行", True),
    ("不想寄回，能给点补偿吗", True),
    ("I want a refund, I'll send it back", False),
    ("keep it as it is", False),
    ("部分退款什么时候到", False),
])
def test_keeps_with_money(text: str, want: bool) -> None:
    assert keeps_with_money(text) is want


def _writes(out: list[dict[str, Any]], name: str) -> list[int]:
    return [n for n, o in enumerate(out) for a in o["trace"]["actions"] if a["name"] == name and a.get("ok")]


async def test_zh_new_one_not_a_return(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "web:demo",
                             ["SO202611220503 手表收到就是坏的，屏幕裂了。我不想退，想要补发一个新的", "好的，帮我登记一下"],
                             tmp_path / "c.db")
    assert not _writes(out, "create_return"), [o["reply"] for o in out]
    assert not [r for r in shop["returns"] if r["order_id"] == "SO202611220503"]
    made = [e for e in shop["exchanges"] if e["order_id"] == "SO202611220503"]
    assert [(i["sku"], i["new_sku"]) for e in made for i in e["items"]] == [("WATCH-S2", "WATCH-S2")]


async def test_gen_zh_new_one_proposed(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7177", ["B-8K6M 的茶壶到的时候就裂了，我不要退货，给我寄个新的"],
                             tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["name"] == "exchange_request", out[0]["reply"]
    assert "退货" not in out[0]["reply"] and "退款" not in out[0]["reply"]


@pytest.mark.parametrize("shop,user,text,order", [
    (EN, "discord:880011223344",
     "My duvet from #W4245967 arrived torn. I'd rather keep it and get a partial refund than send it back.", "#W4245967"),
    (ZH, "slack:U01ABC", "SO202611230529 的跑鞋有点开胶，东西我留着，退一部分钱就行", "SO202611230529"),
])
async def test_keep_and_partial_refund_is_a_case_not_a_return(settings: Any, tmp_path: Path, models: Any,
                                                              shop: Path, user: str, text: str, order: str) -> None:
    out, exported = await replay(settings, shop, user, [text, "yes"], tmp_path / "c.db")
    assert not _writes(out, "create_return"), [o["reply"] for o in out]
    assert not [r for r in exported["returns"] if r["order_id"] == order]
    cases = [t for t in exported["tickets"] if t.get("order_id") == order]
    assert len(cases) == 1 and cases[0]["reason"] == NOTE
    assert any(w in out[0]["reply"] for w in ("keep the item", "留下"))
