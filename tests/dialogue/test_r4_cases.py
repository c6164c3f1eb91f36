"""Round 4 (#13, mind11) no duplicate case next to an open one: a case asked for again (a
hand-off, "open a ticket again", "再帮我提交一下", "帮我催一下") while a case this conversation
opened or referred to is open on the same order — or a case filed without an order — goes onto
that case (add_to_ticket), never a second ticket. On the zh / en demo shops (with their seeded
open tickets) and a generated shop."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.flows.tickets import ASKS_CASE
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"


def _acts(out: list[dict[str, Any]], name: str) -> list[tuple[int, Any]]:
    return [(n, a["args"].get("ticket_id") or a["args"].get("order_id")) for n, o in enumerate(out)
            for a in o["trace"]["actions"] if a["name"] == name and a.get("ok")]


@pytest.mark.parametrize("text", ["please open a ticket again", "can you open a case for the missing bottles?",
                                  "please file a report", "再帮我提交一下", "帮我再催一下", "再给我开个单",
                                  "帮我登记一下"])
def test_asks_for_a_case(text: str) -> None:
    assert ASKS_CASE.search(text)


@pytest.mark.parametrize("text", ["where is my parcel?", "退款多久到账", "can I exchange it?", "好的谢谢"])
def test_does_not_ask_for_a_case(text: str) -> None:
    assert not ASKS_CASE.search(text)


async def test_gen_shop_second_ticket_goes_onto_the_investigation(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077",
                             ["my parcel B-6K5M hasn't moved for ages, please open a case with the courier",
                              "any news? please open a ticket for B-6K5M again"], tmp_path / "c.db")
    made = _acts(out, "create_ticket")
    assert [n for n, _ in made] == [0], [o["reply"] for o in out]
    case = [t for t in shop["tickets"] if t.get("order_id") == "B-6K5M"]
    assert len(case) == 1
    assert _acts(out, "add_to_ticket") == [(1, case[0]["id"])]
    assert case[0]["id"] in out[1]["reply"]


async def test_gen_shop_handoff_on_an_order_with_an_open_case(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077",
                             ["my parcel B-6K5M hasn't moved for ages, please open a case with the courier",
                              "I want to talk to a human"], tmp_path / "c.db")
    assert [n for n, _ in _acts(out, "create_ticket")] == [0], [o["reply"] for o in out]
    assert len([t for t in shop["tickets"] if t.get("customer_id") == "c7-0"]) == 1
    assert [n for n, _ in _acts(out, "add_to_ticket")] == [1]


async def test_zh_reported_before_on_a_case_without_order(settings: Any, tmp_path: Path, models: Any) -> None:
    # c2's open product case TK20261124-0001 names no order; the order id written does not hide it.
    out, shop = await replay(settings, ZH, "feishu:ou_7f3a9c2e1b8d",
                             ["我之前反馈过吹风机有焦味，SO202611200552，现在还没人联系我", "帮我再催一下"],
                             tmp_path / "c.db")
    assert not _acts(out, "create_ticket"), [o["reply"] for o in out]
    assert _acts(out, "add_to_ticket") == [(0, "TK20261124-0001"), (1, "TK20261124-0001")]
    assert all("TK20261124-0001" in o["reply"] for o in out)


async def test_zh_handoff_then_submit_again(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "telegram:1001",
                             ["SO202611050521 耳机坏了，左耳没声音，转人工", "我刚才说的耳机问题，再帮我提交一下"],
                             tmp_path / "c.db")
    made = _acts(out, "create_ticket")
    assert [n for n, _ in made] == [0], [o["reply"] for o in out]
    tid = next(t["id"] for t in shop["tickets"] if t.get("conversation", "").endswith("c") or t["customer_id"] == "c1")
    assert _acts(out, "add_to_ticket") == [(1, tid)]
    assert tid in out[1]["reply"]


async def test_en_open_case_again_after_reported_before(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN, "slack:U07ETHAN",
                             ["my bottles from #W1276532 still haven't arrived, I already reported it",
                              "can you open a case for the missing bottles?"], tmp_path / "c.db")
    assert not _acts(out, "create_ticket"), [o["reply"] for o in out]
    assert _acts(out, "add_to_ticket") == [(0, "TCK-7001"), (1, "TCK-7001")]


async def test_another_order_still_gets_its_own_case(settings: Any, tmp_path: Path, models: Any) -> None:
    # the open case is on B-6K5M; a case asked for on another order is not folded into it
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077",
                             ["my parcel B-6K5M hasn't moved for ages, please open a case with the courier",
                              "also please open a ticket for A-8F8K, the teapot arrived chipped, I want a person"],
                             tmp_path / "c.db")
    assert not [a for a in _acts(out, "add_to_ticket") if a[0] == 1], [o["reply"] for o in out]
