"""order14b (#13), step by step: "can the parcel be redirected?" is about a parcel on its way —
routed to the address flow at any confidence, resolved to the order in focus or the only shipped
one, and answered with that order's after-dispatch refusal, never "which order?" again."""
from __future__ import annotations

import asyncio
import base64
import io
import json
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.dialogue.address_after_ship import REDIRECT
from bot.dialogue.flows.address import on_its_way

ROOT = Path(__file__).resolve().parents[2]
ORDERS = [{"id": "D-1", "status": "delivered"}, {"id": "S-1", "status": "shipped"}, {"id": "P-1", "status": "paid"},
          {"id": "P-2", "status": "pending"}]


def fc_for(text: str, orders: list[dict[str, Any]] = ORDERS, last: str | None = None) -> Any:
    by_id = {o["id"]: o for o in orders}
    return SimpleNamespace(turn=SimpleNamespace(text=text), orders=orders, order=by_id.get,
                           state=SimpleNamespace(last_order_id=last))


@pytest.mark.parametrize("text", ["can the parcel be redirected?", "could you reroute it to my office", "快递能改派到公司吗",
                                  "包裹可以转寄吗", "已经寄出的包裹可不可以改寄"])
def test_redirect_cue(text: str) -> None:
    assert REDIRECT.search(text)


@pytest.mark.parametrize("text", ["change the address of my order", "改地址", "where is my parcel"])
def test_no_redirect_cue(text: str) -> None:
    assert not REDIRECT.search(text)


def test_the_only_parcel_on_its_way() -> None:
    frame = SimpleNamespace(slots={})
    assert on_its_way(fc_for("can the parcel be redirected?"), frame) == "S-1"


def test_the_order_in_focus_first() -> None:
    two = ORDERS + [{"id": "S-2", "status": "shipped"}]
    frame = SimpleNamespace(slots={})
    assert on_its_way(fc_for("can it be redirected?", two, last="S-2"), frame) == "S-2"
    assert on_its_way(fc_for("can it be redirected?", two), frame) is None     # truly open: asked
    assert on_its_way(fc_for("can it be redirected?", two, last="P-1"), frame) is None


def test_nothing_without_the_cue_or_with_an_order_named() -> None:
    assert on_its_way(fc_for("change the address please"), SimpleNamespace(slots={})) is None
    assert on_its_way(fc_for("can the parcel be redirected?"), SimpleNamespace(slots={"order_id": "P-1"})) is None


def replay(user: str, texts: list[str], work: Path) -> list[dict[str, Any]]:
    from bot.cli.main import _replay
    from bot.core.settings import load_settings
    env = {"AFTERSALES_DATA_DIR": str(work), "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(32)).decode(),
           "AFTERSALES_GENERATOR_KIND": "template"}
    stdout = io.StringIO()
    stdin = io.StringIO("".join(json.dumps({"conversation": "c", "user": user, "text": t}) + "\n" for t in texts))
    asyncio.run(_replay(load_settings(env=env), str(ROOT / "config" / "demo_shop.json"),
                        datetime.fromisoformat("2026-11-28T12:00:00+08:00"), fresh=True, stdin=stdin, stdout=stdout,
                        stderr=io.StringIO()))
    return [json.loads(x) for x in stdout.getvalue().splitlines()]


def test_redirect_question_alone_answers_about_the_shipped_order(tmp_path: Path) -> None:
    # telegram:1002 has one order on its way (SO202611251914) and delivered ones
    turn = replay("telegram:1002", ["can the parcel be redirected?"], tmp_path)[-1]
    assert turn["trace"]["flow"]["name"] == "change_address"
    assert "SO202611251914" in turn["reply"] and "which order" not in turn["reply"].lower()


def test_redirect_after_a_status_answer_is_that_order(tmp_path: Path) -> None:
    turns = replay("web:demo", ["where is my power bank", "can it be redirected to my office?"], tmp_path)
    assert "SO202611251006" in turns[0]["reply"]
    assert "SO202611251006" in turns[1]["reply"] and "which order" not in turns[1]["reply"].lower()


def test_redirect_at_another_flows_order_question_leaves_it(tmp_path: Path) -> None:
    turns = replay("web:demo", ["I need help with an order", "can the parcel that's on its way be redirected?"],
                   tmp_path)
    assert "which order" in turns[0]["reply"].lower()
    assert "SO202611251006" in turns[1]["reply"] and "which order" not in turns[1]["reply"].lower()
