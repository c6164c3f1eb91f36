"""Round 3 faults (#13): a named symptom of an item the customer holds is a fault, never a carrier
investigation; safety wording follows the product's kind from the shop's own catalogue; warranty
claims, replacement asks and plug/compatibility questions — on the demo shop and a generated shop."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "config" / "demo_shop_en.json"
GEN = "gen12"        # make_shop(12): yoga mat, desk lamp (plug EU/UK), teapot, notebook
GEN_USER = "telegram:12077"

LOST = ("investigation", "调查", "not received", "never arrived", "没收到", "carrier confirms", "lost", "丢件",
        "didn't arrive", "did not arrive", "并没有收到", "没有收到", "if you didn't get", "haven't received")
FAULT_FLOWS = ("troubleshooting", "exchange_request", "return_request", "warranty")
ELECTRIC = ("plugged", "plug it", "unplug", "power socket", "outlet", "electrical", "charger", "充电", "插头",
            "插座", "拔掉电源", "断电")


def _new(shop: Path, exported: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Records of `key` the conversation wrote (the fixture's own ones left out)."""
    known = {t["id"] for t in json.loads(shop.read_text(encoding="utf-8")).get(key, [])}
    return [t for t in exported[key] if t["id"] not in known]


def _new_tickets(shop: Path, exported: dict[str, Any]) -> list[dict[str, Any]]:
    return _new(shop, exported, "tickets")


def _shop(name: Any, tmp_path: Path) -> Path:
    if name == GEN:
        return make_shop(12, tmp_path / "gen", "suffixed").path
    return name


# (shop, user, messages) — a fault on a delivered item in hand
FAULTS = [
    (DEMO, "telegram:5001", ["the water bottle from W9024138 leaks"]),
    (DEMO, "telegram:5001", ["水杯漏水了"]),
    (DEMO, "messenger:7700777", ["my tent arrived fine but now it's leaking at the seams when it rains"]),
    (DEMO, "telegram:5001", ["hey there, got my order - the bottle lid is cracked and water comes out everywhere, "
                             "can you help pls"]),
    (DEMO, "messenger:7700777", ["W4556110 的 tent 漏雨"]),
    (DEMO, "telegram:5001", ["my headphones wont turn on", "tried all that, still broken. send me a new one"]),
    (GEN, GEN_USER, ["the yoga mat I received is peeling at the edges"]),
    (GEN, GEN_USER, ["瑜伽垫收到了，但是有裂口"]),
    (GEN, GEN_USER, ["desk lamp flickers", "already tried another bulb, still broken, please send a replacement"]),
    (GEN, GEN_USER, ["the teapot leaks from the spout"]),
    (GEN, GEN_USER, ["hello. i have a problem", "teapot lid crackd and it drips"]),
    (GEN, GEN_USER, ["茶壶漏水"]),
]


@pytest.mark.parametrize("case", range(len(FAULTS)))
async def test_a_symptom_of_an_item_in_hand_is_a_fault_not_a_lost_parcel(case: int, settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    shop, user, texts = FAULTS[case]
    path = _shop(shop, tmp_path)
    out, exported = await replay(settings, path, user, texts, tmp_path / "f.db")
    for o in out:
        assert o["trace"]["flow"]["name"] != "delivery_issue", (o["trace"]["flow"], o["reply"])
        low = o["reply"].lower()
        assert not any(w in low for w in LOST), o["reply"]
    assert out[-1]["trace"]["flow"]["name"] in FAULT_FLOWS, (out[-1]["trace"]["flow"], out[-1]["reply"])
    assert not [t for t in _new_tickets(path, exported) if "delivery" in str(t.get("reason"))]
    assert not _new(path, exported, "exchanges") and not _new(path, exported, "returns")   # no write without a yes


async def test_the_remedy_asked_after_troubleshooting_is_not_preceded_by_the_options_again(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, DEMO, "telegram:5001",
                                 ["my headphones wont turn on", "tried all that, still broken. send me a new one"],
                                 tmp_path / "r.db")
    last = out[-1]["reply"]
    assert out[-1]["trace"]["flow"] == {"name": "exchange_request", "step": "confirm"}, last
    assert "which would you prefer" not in last and "try this first" not in last.lower(), last
    assert not _new(DEMO, exported, "exchanges")


# A guide for another symptom (the demo's earbuds pairing page) never answers the symptom named.
OTHER_SYMPTOM = [
    ["my headphones wont turn on"],
    ["headphones left side is dead"],
    ["耳机开不了机"],
    ["my headphones wont turn on", "tried nothing yet, what should I do"],
]


@pytest.mark.parametrize("case", range(len(OTHER_SYMPTOM)))
async def test_no_guide_for_another_symptom(case: int, settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO, "telegram:5001", OTHER_SYMPTOM[case], tmp_path / "g.db")
    for o in out:
        low = o["reply"].lower()
        assert not re.search(r"\bpair|配对", low), o["reply"]
    assert out[0]["trace"]["flow"]["name"] == "troubleshooting", out[0]["reply"]


async def test_a_guide_for_the_symptom_named_is_still_given(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO, "telegram:5001", ["my headphones wont pair with my phone"], tmp_path / "q.db")
    assert "pairing" in out[-1]["reply"].lower(), out[-1]["reply"]


def test_symptom_kinds_and_guide_fit() -> None:
    from bot.dialogue import symptoms as SY
    assert SY.named("the water bottle leaks") == {"leak"}
    assert "leak" in SY.named("帐篷漏雨") and "leak" in SY.named("the mat loses air overnight")
    assert "power" in SY.named("wont turn on") and "power" in SY.named("开不了机")
    assert SY.specific("it's broken") == frozenset() and SY.named("it's broken") == {"broken"}
    pairing = "Earbuds won't pair: reset them into pairing mode and forget the Bluetooth entry"
    assert not SY.guide_fits(pairing, "won't turn on")
    assert SY.guide_fits(pairing, "won't connect to my phone")
    assert not SY.guide_fits(pairing, "it stopped working")   # no symptom named: no guide for one
    assert SY.guide_fits("Care guide: wipe it with a damp cloth", "it stopped working")
    from bot.dialogue.flows.delivery import fault_in_hand
    assert fault_in_hand("W4556110 的 tent 漏雨") and fault_in_hand("the sleeping mat leaks air")
    assert not fault_in_hand("it leaks? no idea, the parcel never arrived")


# (shop, user, messages, electrical?) — a safety word on an item of the shop's catalogue
SAFETY = [
    (DEMO, "messenger:7700777", ["the tent smells like burning plastic"], False),
    (DEMO, "messenger:7700777", ["帐篷有烧焦的味道"], False),
    (DEMO, "messenger:7700777", ["part of my tent melted near the campfire, is that normal??"], False),
    (DEMO, "telegram:5001", ["water bottle is smoking after i left it on the stove"], False),
    (GEN, GEN_USER, ["yoga mat smells like burning rubber"], False),
    (GEN, GEN_USER, ["茶壶冒烟了"], False),
    (GEN, GEN_USER, ["the teapot handle melted"], False),
    (GEN, GEN_USER, ["the desk lamp smells of burning and smokes"], True),
    (DEMO, "telegram:5001", ["my headphones are smoking and smell burnt"], True),
]


@pytest.mark.parametrize("case", range(len(SAFETY)))
async def test_safety_wording_follows_the_product_kind(case: int, settings: Any, tmp_path: Path,
                                                       models: Any) -> None:
    shop, user, texts, electric = SAFETY[case]
    out, _ = await replay(settings, _shop(shop, tmp_path), user, texts, tmp_path / "s.db")
    low = out[-1]["reply"].lower()
    if electric:
        assert any(w in low for w in ELECTRIC), out[-1]["reply"]
    else:
        assert not any(w in low for w in ELECTRIC), out[-1]["reply"]
    assert out[-1]["trace"]["flow"]["name"] != "delivery_issue"
    said = {"melt": "melting", "smok": "smoke", "burn": "burning smell", "焦": "焦味", "冒烟": "冒烟"}
    for cue, echoed in said.items():
        if cue in texts[-1]:
            assert echoed in out[-1]["reply"], out[-1]["reply"]     # the hazard named, said back


# ---- warranty: a claim confirmed is filed; a new one instead of a repair; plug questions ----------

def _tickets(shop: Path, exported: dict[str, Any]) -> list[dict[str, Any]]:
    return [t for t in _new_tickets(shop, exported) if t.get("reason") == "warranty"]


CONFIRMED = [
    (DEMO, "telegram:5001", ["are my Aurora headphones still under warranty?", "yes please file the claim", "yes"]),
    (DEMO, "telegram:5001", ["headphones left side is dead", "ok then file a warranty claim", "yes"]),
    (DEMO, "telegram:5001", ["耳机保修吗", "帮我申请保修", "好的"]),
    (GEN, GEN_USER, ["is the desk lamp under warranty", "great, please file the claim then", "yes"]),
    (GEN, GEN_USER, ["台灯坏了 帮我申请保修", "是的"]),
    (GEN, GEN_USER, ["desk lamp stopped working, I want a warranty claim", "yes go ahead"]),
]


@pytest.mark.parametrize("case", range(len(CONFIRMED)))
async def test_a_claim_confirmed_is_filed_without_another_question(case: int, settings: Any, tmp_path: Path,
                                                                   models: Any) -> None:
    shop, user, texts = CONFIRMED[case]
    path = _shop(shop, tmp_path)
    out, exported = await replay(settings, path, user, texts, tmp_path / "w.db")
    made = _tickets(path, exported)
    assert len(made) == 1, [o["reply"] for o in out]
    assert made[0]["id"] in out[-1]["reply"], out[-1]["reply"]


NEW_ONE = [
    (DEMO, "telegram:5001", ["my headphones stopped working", "I'd rather have a new one instead of a repair"]),
    (DEMO, "telegram:5001", ["耳机坏了", "不要维修，直接换个新的"]),
    (GEN, GEN_USER, ["the desk lamp is broken, can i get a new one instead of a repair?"]),
    (GEN, GEN_USER, ["台灯坏了", "can you just replace it rather than repair"]),
]


@pytest.mark.parametrize("case", range(len(NEW_ONE)))
async def test_a_new_one_instead_of_a_repair_offers_the_replacement(case: int, settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    shop, user, texts = NEW_ONE[case]
    path = _shop(shop, tmp_path)
    out, exported = await replay(settings, path, user, texts, tmp_path / "n.db")
    last = out[-1]
    assert last["trace"]["flow"]["name"] in ("exchange_request", "return_request", "warranty"), (last["trace"]["flow"], last["reply"])
    assert "?" in last["reply"] or "？" in last["reply"], last["reply"]
    assert not _new(path, exported, "exchanges") and not _new(path, exported, "returns")


PLUG = [
    (GEN, GEN_USER, ["does the desk lamp come with a UK plug?"], ("UK",)),
    (GEN, GEN_USER, ["台灯是什么插头的"], ("EU", "UK")),
    (GEN, GEN_USER, ["my desk lamp flickers", "btw does it come with a UK plug?"], ("UK",)),
    (GEN, GEN_USER, ["is the desk lamp compatible with UK sockets"], ("UK",)),
    (DEMO, "discord:880011223344", ["is the thermostat compatible with Apple HomeKit?"], ("HomeKit",)),
    (DEMO, "discord:880011223344", ["键盘有UK布局吗"], ("UK",)),
]


@pytest.mark.parametrize("case", range(len(PLUG)))
async def test_a_plug_question_is_answered_from_the_catalogue(case: int, settings: Any, tmp_path: Path,
                                                              models: Any) -> None:
    shop, user, texts, words = PLUG[case]
    out, _ = await replay(settings, _shop(shop, tmp_path), user, texts, tmp_path / "p.db")
    reply = out[-1]["reply"]
    assert out[-1]["trace"]["flow"]["name"] == "product_info", (out[-1]["trace"]["flow"], reply)
    assert all(w in reply for w in words), reply
    assert "exception" not in reply.lower() and "破例" not in reply


def test_an_option_question_is_read_from_the_catalogue_options() -> None:
    from bot.dialogue.option_questions import asked_product
    cat = {"L": {"id": "L", "name": "Desk lamp", "name_zh": "台灯", "options": {"plug": ["EU", "UK"]}},
           "M": {"id": "M", "name": "Yoga mat", "options": {"thickness": ["4mm", "6mm"]}}}
    assert asked_product("does it come with a UK plug?", cat) == "L"          # the one product with plugs
    assert asked_product("台灯是什么插头的", cat) == "L"
    assert asked_product("is the desk lamp compatible with UK sockets", cat) == "L"
    assert asked_product("what thickness is the yoga mat?", cat) == "M"
    assert asked_product("my desk lamp flickers", cat) is None                # a fault, no question
    assert asked_product("does it come in blue?", cat) is None                # nothing the catalogue lists


NO_EXCEPTION = [
    (DEMO, "telegram:5001", ["my headphones stopped working", "so what can you do for me"]),
    (GEN, GEN_USER, ["desk lamp is broken", "what are my options?"]),
    (GEN, GEN_USER, ["台灯坏了", "那怎么办"]),
]


@pytest.mark.parametrize("case", range(len(NO_EXCEPTION)))
async def test_no_exception_wording_when_nobody_asked_for_one(case: int, settings: Any, tmp_path: Path,
                                                              models: Any) -> None:
    shop, user, texts = NO_EXCEPTION[case]
    out, _ = await replay(settings, _shop(shop, tmp_path), user, texts, tmp_path / "x.db")
    for o in out:
        assert "exception" not in o["reply"].lower() and "破例" not in o["reply"], o["reply"]


SAID_BACK = [
    (DEMO, "telegram:5001", ["the water bottle from W9024138 leaks"], "leaking"),
    (DEMO, "messenger:7700777", ["W4556110 的 tent 漏雨"], "渗漏"),
    (DEMO, "telegram:5001", ["my headphones wont turn on"], "won't turn on"),
    (GEN, GEN_USER, ["瑜伽垫收到了，但是有裂口"], "损坏"),
]


@pytest.mark.parametrize("case", range(len(SAID_BACK)))
async def test_the_symptom_named_is_said_back_with_the_remedies(case: int, settings: Any, tmp_path: Path,
                                                                models: Any) -> None:
    shop, user, texts, echoed = SAID_BACK[case]
    out, _ = await replay(settings, _shop(shop, tmp_path), user, texts, tmp_path / "b.db")
    assert out[-1]["trace"]["flow"]["name"] == "troubleshooting", out[-1]["reply"]
    assert echoed in out[-1]["reply"], out[-1]["reply"]


async def test_an_option_value_answering_which_order_picks_it_not_a_product_question(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, _shop(GEN, tmp_path), GEN_USER, ["desk lamp flickers", "the UK one?"],
                          tmp_path / "k.db")
    assert out[0]["trace"]["flow"]["step"] == "choose_order", out[0]["reply"]
    assert out[-1]["trace"]["flow"]["name"] == "troubleshooting", (out[-1]["trace"]["flow"], out[-1]["reply"])
    assert "SO-41037-D" in out[-1]["reply"], out[-1]["reply"]
