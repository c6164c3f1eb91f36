"""facts14b (issue #13): Hong Kong addresses. The flat and floor stay in one ADDRESS span with the
street line ("Flat C, 12/F, Wing Fat Building, 200 Hennessy Road"), and a correction of the unit
alone, in written Cantonese or English ("係 C 室唔係 D 室", "flat B not C", "9/F not 8/F"), is
written into the address on file and shown whole to confirm instead of closing the flow."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import address_fix as AF
from bot.lang.cantonese import to_mandarin
from bot.lang.script import to_simplified
from privacy.recognizers.en_address import EnglishAddressRecognizer
from tests.dialogue.probes_routezh14.ev_shop import CUSTOMER, ev_fixture
from tests.test_conversation_corrections import _order, replay

HK = "香港九龙旺角弥敦道600号12楼D室"
EN = "Flat C, 8/F, Wing Fat Building, 200 Hennessy Road, Wan Chai"


def _working(text: str) -> str:
    """The working form the flow reads: simplified, written Cantonese in Mandarin words."""
    return to_mandarin(to_simplified(text))


@pytest.mark.parametrize(("text", "address", "after"), [
    ("係 C 室唔係 D 室", HK, "香港九龙旺角弥敦道600号12楼C室"),
    ("唔好意思，係C室，唔係D室", HK, "香港九龙旺角弥敦道600号12楼C室"),
    ("室號打錯咗，應該係C室", HK, "香港九龙旺角弥敦道600号12楼C室"),
    ("D室错了，是C室", HK, "香港九龙旺角弥敦道600号12楼C室"),
    ("唔係12樓，係15樓", HK, "香港九龙旺角弥敦道600号15楼D室"),
    ("係5座唔係3座", "沙田第一城3座15楼B室", "沙田第一城5座15楼B室"),
    ("it's flat B not C", EN, "Flat B, 8/F, Wing Fat Building, 200 Hennessy Road, Wan Chai"),
    ("wrong floor, 9/F not 8/F", EN, "Flat C, 9/F, Wing Fat Building, 200 Hennessy Road, Wan Chai"),
    ("flat is 12B not 12C", "Flat 12C, 3/F, 88 Nathan Road", "Flat 12B, 3/F, 88 Nathan Road"),
])
def test_hk_unit_correction_placed(text: str, address: str, after: str) -> None:
    fix = AF.correction(_working(text))
    assert fix is not None
    assert AF.apply(fix, address) == after


@pytest.mark.parametrize(("text", "kind"), [("是C室不是D室", "unit"), ("是5座不是3座", "building"),
                                            ("不是12楼，是15楼", "floor"), ("9/F not 8/F", "floor")])
def test_the_value_word_names_the_part(text: str, kind: str) -> None:
    fix = AF.correction(text)
    assert fix is not None and fix.part == kind


@pytest.mark.parametrize("text", ["係咪聽日到？", "A not B please", "我系统出错了", "flat white not latte"])
def test_no_part_correction_in_plain_text(text: str) -> None:
    assert not AF.names_part(_working(text))


def test_the_old_value_must_be_in_the_address() -> None:
    fix = AF.correction(_working("係5座唔係3座"))
    assert fix is not None and AF.apply(fix, "沙田第一城2座15楼B室") is None


@pytest.mark.parametrize(("text", "span"), [
    ("Please change the address to Flat C, 12/F, Wing Fat Building, 200 Hennessy Road, Wan Chai, Hong Kong",
     "Flat C, 12/F, Wing Fat Building, 200 Hennessy Road, Wan Chai, Hong Kong"),
    ("new address: Flat 12B, Block 3, Sha Tin Centre, 2 Wang Pok St, Sha Tin",
     "Flat 12B, Block 3, Sha Tin Centre, 2 Wang Pok St, Sha Tin"),
])
def test_building_name_between_unit_and_street_stays_in_the_span(text: str, span: str) -> None:
    found = [text[s:e] for _, s, e, _ in EnglishAddressRecognizer("en").find(text, None)]
    assert span in found, found


def test_a_name_without_a_unit_before_it_is_not_taken() -> None:
    text = "Call Tom Baker, 200 Hennessy Road, Wan Chai"
    found = [text[s:e] for _, s, e, _ in EnglishAddressRecognizer("en").find(text, None)]
    assert found and all(not f.startswith("Tom") and "Call" not in f for f in found), found


@pytest.fixture
def ev_shop(tmp_path: Path) -> Path:
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(ev_fixture(), ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(("turns", "after"), [
    (["EV-1126-11 改地址", "係 C 室唔係 B 室", "啱"], "香港九龍旺角彌敦道600號12樓C室"),
    (["EV-1126-11 地址寫錯咗，係C室唔係B室", "係"], "香港九龍旺角彌敦道600號12樓C室"),
    (["EV-1126-11 地址改成 香港灣仔軒尼詩道200號華豐大廈12樓C室", "確認"], "香港灣仔軒尼詩道200號華豐大廈12樓C室"),
    (["change the address of EV-1126-11 to Flat C, 12/F, Wing Fat Building, 200 Hennessy Road, Wan Chai", "yes"],
     "Flat C, 12/F, Wing Fat Building, 200 Hennessy Road, Wan Chai"),
])
async def test_hk_address_change_conversation(settings: Any, tmp_path: Path, models: Any, ev_shop: Path,
                                              turns: list[str], after: str) -> None:
    out, shop = await replay(settings, ev_shop, CUSTOMER, turns, tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    # the whole address, its unit included, is shown before the yes, then written on that order
    assert after in replies[-2], replies
    assert _order(shop, "EV-1126-11")["shipping_address"] == after, replies


async def test_unit_corrected_again_while_the_yes_is_awaited(settings: Any, tmp_path: Path, models: Any,
                                                             ev_shop: Path) -> None:
    # the second correction "係D室唔係C室" (with its 係, a yes-like word) re-corrects, never confirms
    out, shop = await replay(settings, ev_shop, CUSTOMER, ["EV-1126-11 改地址", "係C室唔係B室", "唔好意思，係D室唔係C室",
                                                           "啱"], tmp_path / "c.db")
    replies = [o["reply"] for o in out]
    assert "12樓D室" in replies[2], replies
    assert _order(shop, "EV-1126-11")["shipping_address"] == "香港九龍旺角彌敦道600號12樓D室", replies


def test_cantonese_right_is_mandarin_right() -> None:
    assert to_mandarin("啱") == "对" and to_mandarin("唔啱") == "不对" and to_mandarin("啱啱到") == "刚刚到"


@pytest.mark.parametrize(("text", "mandarin"), [("系", "是"), ("系呀", "是呀"), ("系，改呢个", "是，改这个"),
                                                ("系统出错", "系统出错"), ("关系", "关系")])
def test_cantonese_yes_is_read_as_shi(text: str, mandarin: str) -> None:
    assert to_mandarin(text) == mandarin
