"""Traditional-Chinese parity on one old play-test set (tests/parity/hant_parity.py): the same
Chinese conversations on the same shop, once in simplified and once all in traditional (turns,
fixture and knowledge converted with OpenCC), make the same store writes and send the same reply
once folded to simplified. Before traditional support, 38 of demo9's 66 turns differed."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.parity.hant_parity import run_set


async def test_demo_set_parity(tmp_path: Path, models: Any) -> None:
    p = await run_set("demo9", tmp_path, show=10)
    assert p.turns == 66
    assert not p.write_diffs, p.shown
    assert p.mismatched <= 3, p.shown
