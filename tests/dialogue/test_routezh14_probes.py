"""routezh14 (#13) end to end: a share of the probes (tests/dialogue/probes_routezh14/probes.py) as
tests — each conversation on a fresh store of its shop (the demo shop and round 9's shop converted to
traditional, a generated Hong Kong shop), the last reply judged by its check, and every Chinese reply
to a traditional writer free of simplified-only characters (OpenCC: converting it changes nothing)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.dialogue.probes_routezh14.probes import PROBES, judge, prepare, replay

# Every hand-off probe, and the first two of every other class (Taiwan, Hong Kong, simplified).
CHOSEN = [p for p in PROBES if p[0] == "handoff"] + [
    p for cls in ("damage", "cancelled", "double", "refunddays", "invoice", "stock")
    for p in [q for q in PROBES if q[0] == cls][:2]] + [
    p for p in PROBES if p[0] != "handoff" and p[1] == "ev" and any(w in " ".join(p[3]) for w in ("冇", "咗", "嘅"))]


@pytest.fixture(scope="module")
def shops(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path | None]]:
    return prepare(tmp_path_factory.mktemp("routezh14-shops"))


@pytest.mark.parametrize("probe", CHOSEN, ids=[f"{p[0]}-{p[1]}-{n}" for n, p in enumerate(CHOSEN)])
async def test_probe(probe: tuple[Any, ...], shops: dict[str, tuple[Path, Path | None]], tmp_path: Path,
                     models: Any) -> None:
    cls, shop_name, user, texts, _check, _hant = probe
    shop, knowledge = shops[shop_name]
    turns = await replay(shop, knowledge, user, list(texts), tmp_path)
    ok, script_ok = judge(probe, turns)
    replies = [t["reply"] for t in turns]
    assert script_ok, replies
    assert ok, [(t["reply"], (t["trace"].get("flow") or {}).get("name")) for t in turns]
