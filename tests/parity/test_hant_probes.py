"""The hand-made traditional-Chinese probes (tests/parity/hant_probes.py) as tests: each whole
conversation on the demo shop converted to traditional or the Taipei bicycle shop must be handled
right — the write made, the value stored as the customer wrote it, the reply in their script."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.parity.hant_probes import PROBES, Probe, judge, prepare, run_probe


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    return prepare(tmp_path_factory.mktemp("hant-shops"))


@pytest.mark.parametrize("probe", PROBES, ids=[p.name for p in PROBES])
async def test_probe(probe: Probe, shops: dict[str, tuple[Path, Path]], tmp_path: Path, models: Any) -> None:
    out, shop = await run_probe(probe, shops, tmp_path)
    assert judge(probe, out, shop), [(row["reply"], [(a["name"], a["ok"]) for a in row["trace"]["actions"]])
                                     for row in out]


async def test_new_address_comes_back_exactly_as_written(shops: dict[str, tuple[Path, Path]], tmp_path: Path,
                                                         models: Any) -> None:
    probe = Probe("address-restore", "demo", ("訂單SO202611270605的地址改成台北市信義區松仁路100號12樓",), lambda o, s: True)
    out, _ = await run_probe(probe, shops, tmp_path)
    reply = out[0]["reply"]
    assert "台北市信義區松仁路100號12樓" in reply          # the customer's own value, not a re-conversion
    assert "訂單" in reply and "订单" not in reply           # the rest of the reply in their script
    assert out[0]["trace"]["language"] == "zh"


async def test_traditional_ticket_and_reason_are_stored_in_traditional(shops: dict[str, tuple[Path, Path]],
                                                                       tmp_path: Path, models: Any) -> None:
    probe = Probe("ticket", "taipei", ("我要找真人客服，車燈的問題一直沒解決",), lambda o, s: True)
    out, shop = await run_probe(probe, shops, tmp_path)
    tickets = shop.get("tickets") or []
    assert tickets, [row["reply"] for row in out]
    text = json.dumps(tickets, ensure_ascii=False)
    assert "車燈" in text and "车灯" not in text and not re.search(r"问题|没解决", text)
