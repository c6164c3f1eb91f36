"""#13 (yes14): a yes at a confirmation that does not open with a yes word — a pointer and a
go-ahead ("第一個就得 確認", "the first one, confirm"), "X will do" — is a yes; a message that names
anything but a pointer, a no or a wait is not. Per step: the cue, then the dialogue's reading at a
confirmation, then the write in a replayed conversation."""
from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.confirm_yes import yes_at_confirm
from bot.pipeline.turn_script import TurnScript

sys.path.insert(0, str(Path(__file__).resolve().parent / "probes_routezh14"))


def _w(text: str) -> str:
    return TurnScript.of(text, {}).working


@pytest.mark.parametrize("text", ["第一個就得 確認", "呢個就得", "要第一個 確認", "第一個就好", "揀 A 確認", "选A 确认",
                                  "the first one, confirm", "keep the first option, confirm", "that one's fine",
                                  "first one pls 👍"])
def test_pointer_with_yes_is_a_yes(text: str) -> None:
    assert yes_at_confirm(_w(text)) is True


@pytest.mark.parametrize("text", ["白色就得 確認", "黑色 L碼 確認", "唔好 第一個", "等等 第一個先", "第一個",
                                  "the first one", "the first one is not fine", "can you confirm",
                                  "don't confirm yet", "2 of them confirm", "第一個就得嗎？"])
def test_not_a_pointed_yes(text: str) -> None:
    assert yes_at_confirm(_w(text)) is False


@pytest.fixture(scope="module")
def shops() -> Any:
    import probes as R
    with tempfile.TemporaryDirectory() as tmp:
        yield R, R.prepare(Path(tmp) / "shops"), Path(tmp)


def _replay(shops: Any, shop: str, user: str, texts: list[str]) -> list[dict[str, Any]]:
    R, prepared, tmp = shops
    path, kn = prepared[shop]
    work = tmp / f"w{abs(hash((shop, tuple(texts))))}"
    return asyncio.run(R.replay(path, kn, user, texts, work))


def _names(turn: dict[str, Any]) -> list[str]:
    return [a["name"] for a in turn["trace"].get("actions", [])]


def test_step_confirmation_then_pointed_yes_writes(shops: Any) -> None:
    R = shops[0]
    turns = _replay(shops, "ev", R.EV1, ["EV-1126-11 嘅頭盔想換個顏色", "第一個就得 確認"])
    assert turns[0]["trace"]["flow"]["step"] == "confirm" and "change_items" not in _names(turns[0])
    assert "change_items" in _names(turns[1])
    assert turns[1]["trace"]["dialogue"]["understood"]["reasons"][0].startswith("yes while modify_order")


def test_step_ordinal_is_not_a_quantity(shops: Any) -> None:
    R = shops[0]
    turns = _replay(shops, "ev", R.EV1, ["EV-1126-11 嘅頭盔想換個顏色", "第一個就好"])
    assert "change_items" in _names(turns[1])


def test_english_pointer_yes_writes(shops: Any) -> None:
    R = shops[0]
    turns = _replay(shops, "demo", R.D1, ["I want to swap my kettle to the glass one", "keep the first option, confirm"])
    assert "change_items" in _names(turns[1])


def test_other_value_with_confirm_writes_nothing(shops: Any) -> None:
    R = shops[0]
    turns = _replay(shops, "ev", R.EV1, ["EV-1126-11 嘅頭盔想換個顏色", "白色就得 確認"])
    assert "change_items" not in _names(turns[1])


def test_yes_after_side_question_writes(shops: Any) -> None:
    R = shops[0]
    turns = _replay(shops, "ev", R.EV1, ["我想取消 EV-1126-11", "取消咗幾耐退款到賬？", "冇問題 唔該"])
    assert "cancel_order" not in _names(turns[1]) and "cancel_order" in _names(turns[2])


def test_ok_wait_cancels_nothing(shops: Any) -> None:
    R = shops[0]
    turns = _replay(shops, "demo", R.D1, ["please cancel order SO202611270605", "ok wait"])
    assert "cancel_order" not in _names(turns[1])
