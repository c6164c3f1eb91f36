"""A fault's remedy by its delivery date in the shop's own terms (#13): the direct-replacement
window, then the category's warranty months, a category without warranty said plainly — unit
tests on the facts, and fault conversations on the demo shop and generated shops."""
from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import fault_window as FW
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"


class _Facts:
    def __init__(self, replace: int, months: dict[str, int]) -> None:
        self.data = {"warranty.replace_within_days": replace}
        self.months = months

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def warranty_months_known(self, category: str | None) -> int | None:
        return self.months.get(category or "", self.months.get("default"))


class _Pol:
    exchange_window_days = 21


def test_inside_the_replacement_window_a_new_one_then_the_warranty() -> None:
    text = FW.window_text(_Facts(15, {"audio": 12}), _Pol(), "audio", 3.0, "en")
    assert "15-day" in text and "new one" in text and "12-month" in text
    zh = FW.window_text(_Facts(15, {"audio": 12}), _Pol(), "audio", 3.0, "zh")
    assert "15 天" in zh and "换" in zh and "12 个月" in zh


def test_after_the_window_a_repair_under_warranty() -> None:
    text = FW.window_text(_Facts(15, {"audio": 12}), _Pol(), "audio", 40.0, "en")
    assert "passed" in text and "repair it under warranty" in text and "new one" not in text


def test_no_warranty_is_said_plainly_and_an_ended_one_too() -> None:
    assert "no warranty" in FW.window_text(_Facts(15, {"default": 0}), _Pol(), "outdoor", 40.0, "en")
    assert "没有保修" in FW.window_text(_Facts(15, {"default": 0}), _Pol(), "outdoor", 40.0, "zh")
    assert "has ended" in FW.window_text(_Facts(15, {"audio": 1}), _Pol(), "audio", 60.0, "en")


def test_without_a_replacement_fact_the_exchange_window_is_the_window() -> None:
    assert FW.replace_days(_Facts(0, {}), _Pol()) == 21
    assert "21-day" in FW.window_text(_Facts(0, {}), _Pol(), "x", 2.0, "en")
    assert FW.window_text(_Facts(15, {}), _Pol(), "x", None, "en") == ""


async def test_demo_fault_inside_the_window_states_it(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN, "telegram:5001",
                          ["my headphones from W9024138 stopped charging, what can you do?"], tmp_path / "f.db")
    reply = out[-1]["reply"]
    assert "15-day" in reply and "12-month" in reply, reply


async def test_demo_fault_past_the_window_without_warranty_says_so(settings: Any, tmp_path: Path,
                                                                   models: Any) -> None:
    out, exported = await replay(settings, EN, "line:U8a7f0zoe", ["my backpack zipper broke, order W2792395"],
                                 tmp_path / "b.db")
    reply = out[-1]["reply"]
    assert "no warranty" in reply and "new one" not in reply, reply
    assert not [a for o in out for a in o["trace"]["actions"] if a["name"].startswith("create_")]


@pytest.mark.parametrize("seed,lang", [(7, "en"), (3, "zh")])
async def test_generated_shop_fault_states_its_own_window_and_months(seed: int, lang: str, settings: Any,
                                                                     tmp_path: Path, models: Any) -> None:
    g = make_shop(seed, tmp_path / "g")
    cid = sorted(g.identity)[0]
    order = next(o for o in g.fixture["orders"] if o["customer_id"] == cid and o["status"] == "delivered")
    line = order["items"][0]
    product = next(p for p in g.fixture["products"] if any(v["sku"] == line["sku"] for v in p["variants"]))
    months = g.fixture["facts"]["warranty"]["months"][product["category"]]
    # The shop's own replacement window (its facts.toml), else its exchange window.
    facts = tomllib.loads((g.path.parent / "knowledge" / "facts.toml").read_text(encoding="utf-8"))
    window = facts.get("warranty", {}).get("replace_within_days") or g.fixture["policies"]["exchange_window_days"]
    text = (f"the {product['name']} I received is broken, what are my options? {order['id']}" if lang == "en"
            else f"{product.get('name_zh') or product['name']}坏了 怎么办 {order['id']}")
    out, _ = await replay(settings, g.path, g.identity[cid], [text], tmp_path / "g.db")
    reply = out[-1]["reply"]
    assert str(window) in reply and str(months) in reply, reply


async def test_a_fault_with_no_money_word_opens_no_billing_case_and_is_no_exchange_refusal(
        settings: Any, tmp_path: Path, models: Any) -> None:
    # The classifier guesses a payment issue here; a personal-care item can't be exchanged, but a fault can be fixed.
    out, exported = await replay(settings, EN, "discord:880011223344",
                                 ["the beard trimmer from W4245967 died after two weeks. replacement or repair?"],
                                 tmp_path / "t.db")
    reply = out[-1]["reply"]
    assert "billing" not in reply and "payment" not in reply and "can't be exchanged" not in reply, reply
    assert "no warranty" in reply and "15" in reply, reply
    assert not [t for t in exported["tickets"] if "payment" in str(t.get("reason")) or "billing" in str(t.get("reason"))]


def test_classic_sets_a_moneyless_payment_guess_aside() -> None:
    from bot.dialogue.classic import flow_for
    flow, _ = flow_for("payment_issue", "it died after two weeks", [])
    assert flow != "payment_issue"
    assert flow_for("payment_issue", "I was charged twice", [])[0] == "payment_issue"
