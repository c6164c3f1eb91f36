"""Size and safety questions about a product (bot/dialogue/product_help.py): answered from the
shop's page about that product, or the product's sizes from the catalogue — never an exchange of
the customer's item, the version list alone or the menu. Unit steps, then short conversations on
both demo shops and a third shop (other catalogue, other knowledge, other option dimensions)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import product_help as H
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"
SHOP6 = ROOT / "tests" / "playtest9" / "shop6"

HARNESS = {"id": "P-H", "name": "Dog harness", "name_zh": "狗狗胸背带",
           "options": {"pet size": ["XS", "S", "M", "L"], "colour": ["blue", "orange"]}}
PAGE = "Measure the chest behind the front legs: XS 30–40 cm, S 40–52 cm, M 52–66 cm, L 66–84 cm."


@dataclass
class Snip:
    id: str
    text: str
    score: float = 10.0
    lang: str = "en"
    title: str = ""
    tags: tuple[str, ...] = ()
    products: tuple[str, ...] | None = None


@pytest.mark.parametrize("text,kind", [
    ("my dog's chest is 50cm, which size should I take?", "fit"), ("我175穿哪个码", "fit"),
    ("is there a size guide?", "fit"), ("狗狗胸围55厘米选哪个尺码", "fit"),
    ("is it safe to use a travel adapter with it?", "safety"), ("用转换插头安全吗", "safety"),
    ("can I exchange it for a bigger size?", None), ("换哪个码好", None), ("what colours do you have?", None),
    ("it smells like burning, is it safe?", None),
])
def test_kind_tells_a_size_or_safety_question_from_a_change_or_a_fault(text: str, kind: str | None) -> None:
    assert H.kind(text) == kind


def test_fitting_size_reads_the_ranges_of_the_page() -> None:
    assert H.fitting_size(PAGE, HARNESS, "chest is 45cm") == ["S"]
    assert H.fitting_size(PAGE, HARNESS, "胸围60厘米") == ["M"]
    assert H.fitting_size(PAGE, HARNESS, "52 cm") == ["S", "M"]       # on the border: both named
    assert H.fitting_size(PAGE, HARNESS, "which size?") == []          # no measurement given


def test_the_page_must_be_about_the_product_and_the_aspect() -> None:
    size = Snip("size", PAGE, products=("harness", "dog harness"), tags=("size",))
    noise = Snip("noise", "A noisy pump needs cleaning.", products=("fountain",))
    general = Snip("returns", "Returns within 14 days, any size.", products=())
    assert H.page("fit", HARNESS, [general, noise, size], "which size?", "en") is size
    assert H.page("fit", HARNESS, [general, noise], "which size?", "en") is None
    assert H.page("safety", HARNESS, [size], "is it safe?", "en") is None


def test_answer_adds_the_size_that_fits_and_falls_back_to_the_catalogue_sizes() -> None:
    size = Snip("size", PAGE, products=("harness",), tags=("size",))
    text, page_id = H.answer("fit", HARNESS, [size], "chest is 45cm, which size?", "en") or ("", None)
    assert page_id == "size" and "S 40–52 cm" in text and "that is size S" in text
    text, page_id = H.answer("fit", HARNESS, [], "which size?", "zh") or ("", None)
    assert page_id is None and "XS、S、M、L" in text and "转人工" in text and "blue" not in text
    assert H.answer("safety", HARNESS, [], "is it safe?", "en") is None


def _shop6(tmp: Path) -> Path:
    d = json.loads((SHOP6 / "shop.json").read_text(encoding="utf-8"))
    d["knowledge"] = str((SHOP6 / "knowledge").resolve())
    path = tmp / "shop6.json"
    path.write_text(json.dumps(d, ensure_ascii=False), encoding="utf-8")
    return path


CONVERSATIONS = [
    # (shop, identity, turns, must be in the last reply, must not be in it)
    (EN, "telegram:5001", ["I'm 180 cm tall, which size of the storm rain jacket should I get?"],
     ("S, M, L, XL", "human"), ("exchange", "Which version")),
    (ZH, "telegram:1001", ["我脚长26厘米，跑鞋穿哪个码"], ("26厘米=42码",), ("换成",)),
    (ZH, "telegram:1001", ["羽绒服我175穿哪个码"], ("M、L、XL", "转人工"), ("钻绒", "绒毛")),
    (EN, "telegram:5001", ["where is #W8615334?", "which size of the rain jacket should I get, is there a size chart?"],
     ("S, M, L, XL", "human"), ("Which version",)),
]


@pytest.mark.parametrize("case", range(len(CONVERSATIONS)))
async def test_demo_shops_answer_size_questions_from_their_pages_or_catalogue(case: int, settings: Any,
                                                                             tmp_path: Path, models: Any) -> None:
    shop, who, turns, wanted, unwanted = CONVERSATIONS[case]
    out, _ = await replay(settings, shop, who, turns, tmp_path / "s.db")
    reply = out[-1]["reply"]
    assert all(w in reply for w in wanted), reply
    assert not any(u in reply for u in unwanted), reply
    assert out[-1]["trace"]["flow"]["name"] == "product_info", out[-1]["trace"]["flow"]


@pytest.mark.parametrize("text,wanted", [
    ("which size duvet cover fits a 152 cm wide bed?", "Queen 152 × 203 cm"),
    ("被套选哪个尺寸合适？有尺码表吗", "Queen 152 × 203 厘米"),
])
async def test_another_shop_answers_from_its_own_sizing_page(text: str, wanted: str, settings: Any,
                                                             tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, _shop6(tmp_path), "telegram:7202", [text], tmp_path / "g.db")
    reply = out[-1]["reply"]
    assert wanted in reply, reply
    assert not exported["exchanges"] and not [a for o in out for a in o["trace"]["actions"]
                                              if a["name"] in ("create_exchange", "modify_order")]
