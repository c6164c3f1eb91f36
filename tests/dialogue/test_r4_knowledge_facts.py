"""The help-centre pages state the shop's own configured rules (#13, words11): the return page's
deadline for sending an item back is the `ship_back_days` the return confirmation states, and
its return window is the shop's `return_window_days`, in both languages."""
from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KNOWLEDGE = ROOT / "config" / "knowledge"


def _facts() -> dict:
    return tomllib.loads((KNOWLEDGE / "facts.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang,pattern", [
    ("en", r"ship it with any carrier within (\d+) days"),
    ("zh", r"(\d+)\s*天内用任意快递寄出"),
])
def test_the_ship_back_deadline_on_the_return_page_is_the_configured_one(lang: str, pattern: str) -> None:
    page = (KNOWLEDGE / lang / "returns.md").read_text(encoding="utf-8")
    said = re.findall(pattern, page)
    assert said, f"{lang} returns page names no ship-back deadline"
    assert {int(n) for n in said} == {int(_facts()["returns"]["ship_back_days"])}


@pytest.mark.parametrize("lang,pattern", [("en", r"returned within (\d+) days"), ("zh", r"(\d+)\s*天无理由退货")])
def test_the_return_window_on_the_return_page_is_the_shops(lang: str, pattern: str) -> None:
    shop = json.loads((ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8"))
    page = (KNOWLEDGE / lang / "returns.md").read_text(encoding="utf-8")
    said = re.findall(pattern, page)
    assert said and {int(n) for n in said} == {int(shop["policies"]["return_window_days"])}
