"""Traditional-Chinese parity on old play-test sets (tests/parity/hant_parity.py): the same
Chinese conversations on the same shop, once in simplified and once in traditional (turns,
fixture and knowledge converted with OpenCC s2tw; or the shop only, customers writing
simplified), make the same store writes and send the same reply once folded to simplified.
Before traditional support, 38 of demo9's 66 turns differed (156 of 284 over seven sets)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.parity.hant_parity import run_set


async def test_demo_set_parity_all_traditional(tmp_path: Path, models: Any) -> None:
    p = await run_set("demo9", tmp_path, show=10)
    assert p.turns == 66
    assert not p.write_diffs, p.shown
    assert not p.reply_diffs, p.shown


async def test_other_shop_parity_traditional_shop_simplified_customers(tmp_path: Path, models: Any) -> None:
    p = await run_set("shop6", tmp_path, show=10, turns=False)
    assert p.turns == 37
    assert not p.write_diffs and not p.reply_diffs, p.shown
