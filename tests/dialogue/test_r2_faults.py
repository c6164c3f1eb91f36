"""Round 2 faults: a fault on an item the customer holds is never a lost-parcel case, and a
non-electrical item never gets an electrical-safety script — varied phrasings, whole
conversations on the GBP outdoor and cycle shops and the demo shop, store export checked."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_conversation_corrections import replay

DATA = Path(__file__).with_name("data")
CYCLE = DATA / "cycle_shop_gbp.json"
OUTDOOR = DATA / "outdoor_shop_gbp.json"

LOST = ("investigation", "调查", "not received", "never arrived", "没收到", "carrier confirms", "lost")
ELECTRIC = ("plugged", "plug it", "power socket", "outlet", "electrical", "charger", "充电", "插头", "插座", "开不了机")

# (shop, user, messages, order id the fault is on)
FAULTS = [
    (OUTDOOR, "web:ola", ["the zip on my winter sleeping bag tore the first night"], "K30311"),
    (OUTDOOR, "web:ola", ["hi, so we went camping last weekend and one of the trekking poles snapped clean in half "
                          "when I leaned on it. not happy at all"], "K30311"),
    (OUTDOOR, "web:ola", ["睡袋的拉链坏了 拉不上"], "K30311"),
    (OUTDOOR, "web:ola", ["my order K30311 arrived but the poles wont lock they keep collapsing"], "K30311"),
    (CYCLE, "web:ole", ["the front light I got flickers and the mount doesnt fit my handlebar"], "CY-0070-K"),
    (CYCLE, "web:ida", ["Pannier bag 20L leaks water inside when it rains, seams are coming apart"], "CY-0013-K"),
    (CYCLE, "web:ida", ["收到的车灯有个裂缝"], "CY-0042-K"),
    (CYCLE, "web:ida", ["CY-0042-K the light squeaks in its bracket and the strap tore"], "CY-0042-K"),
    (CYCLE, "web:ole", ["it was delivered yesterday but the light is already broken!!"], "CY-0070-K"),
    (OUTDOOR, "web:ola", ["parcel K30311 came, but the sleeping bag has a hole in it and the poles do not fit together"],
     "K30311"),
    (CYCLE, "web:ida", ["Order CY-0013-K was delivered but the bag arrived with a defect - the buckle is missing"],
     "CY-0013-K"),
    (OUTDOOR, "web:ola", ["订单K30311已经签收了，但是登山杖有一根是弯的"], "K30311"),
    (CYCLE, "web:ida", ["got my parcel CY-0042-K, the light doesnt fit on the bike and it rattles"], "CY-0042-K"),
]


@pytest.mark.parametrize("case", range(len(FAULTS)))
async def test_a_fault_on_an_item_in_hand_is_no_lost_parcel_case(case: int, settings: Any, tmp_path: Path,
                                                                  models: Any) -> None:
    shop, user, texts, order_id = FAULTS[case]
    out, exported = await replay(settings, shop, user, texts, tmp_path / "f.db")
    reply = out[-1]["reply"]
    flow = out[-1]["trace"]["flow"]["name"]
    assert flow != "delivery_issue", (flow, reply)
    low = reply.lower()
    assert not any(w in low for w in LOST), reply
    assert not [t for t in exported["tickets"] if t.get("order_id") == order_id and "lost" in str(t).lower()]
    assert not exported["exchanges"] and not exported["returns"]   # nothing written without a yes


NON_ELECTRIC = [
    (OUTDOOR, "web:ola", ["the sleeping bag zip is broken"]),
    (OUTDOOR, "web:ola", ["problem with my trekking poles", "one of them wont extend anymore"]),
    (OUTDOOR, "web:ola", ["登山杖坏了，伸缩不了"]),
    (CYCLE, "web:ida", ["my pannier bag 20L stopped working, the clip snapped"]),
    (OUTDOOR, "web:ola", ["there's a problem with my sleeping bag from K30311"]),
    (OUTDOOR, "web:ola", ["登山杖有点问题"]),
    (CYCLE, "web:ida", ["something is wrong with the pannier bag I got in CY-0013-K"]),
    (OUTDOOR, "web:ola", ["the sleeping bag lining melted a bit near the stove, what now"]),
    (CYCLE, "web:ida", ["Pannier bag 20L smells like burning plastic after one ride??"]),
]


@pytest.mark.parametrize("case", range(len(NON_ELECTRIC)))
async def test_a_non_electrical_item_gets_no_electrical_questions(case: int, settings: Any, tmp_path: Path,
                                                                  models: Any) -> None:
    shop, user, texts = NON_ELECTRIC[case]
    out, _ = await replay(settings, shop, user, texts, tmp_path / "n.db")
    for o in out:
        low = o["reply"].lower()
        assert not any(w in low for w in ELECTRIC), o["reply"]


ABSENT_CASES = [
    (OUTDOOR, "web:ola", ["tracking says K30311 was delivered but I never got it, and your tracking page is broken"]),
    (CYCLE, "web:ole", ["显示签收了但是我没收到，门口的快递柜也坏了"]),
    (CYCLE, "web:ida", ["CY-0042-K marked as delivered, nothing here. the letterbox lid is loose so maybe stolen?"]),
]


@pytest.mark.parametrize("case", range(len(ABSENT_CASES)))
async def test_a_parcel_said_to_be_absent_stays_a_delivery_case_whatever_else_is_broken(
        case: int, settings: Any, tmp_path: Path, models: Any) -> None:
    shop, user, texts = ABSENT_CASES[case]
    out, _ = await replay(settings, shop, user, texts, tmp_path / "a.db")
    assert out[-1]["trace"]["flow"]["name"] == "delivery_issue", out[-1]["reply"]


def test_fault_in_hand_reads_the_item_not_the_parcel() -> None:
    from bot.dialogue.flows.delivery import fault_in_hand
    for said in ("the zip tore", "a pole is bent", "杆子弯的", "it rattles and won't lock", "leaks at the seam",
                 "doesnt fit the mount", "有个洞", "arrived with a defect"):
        assert fault_in_hand(said), said
    for said in ("delivered but I never got it, the box is broken", "还没收到，拉链坏了吗我都不知道",
                 "where is my order", "the box came crushed", "marked delivered, nothing here"):
        assert not fault_in_hand(said), said


# ---- a warranty claim asked for is filed, after a yes ----------------------------------------

MUSIC = Path(__file__).with_name("fixtures") / "music_shop" / "shop.json"
EN_DEMO = Path(__file__).resolve().parents[2] / "config" / "demo_shop_en.json"

CLAIMS = [
    (MUSIC, "telegram:8801", ["I'd like to file a warranty claim for my digital piano, some keys stick"], "yes", "A-0001-Z"),
    (MUSIC, "web:lukas", ["the ukulele bridge came loose. can you open a warranty claim for it"], "yes please", "A-0003-M"),
    (MUSIC, "telegram:8801", ["电钢琴有个键不响了，帮我申请保修"], "好的", "A-0001-Z"),
    (EN_DEMO, "web:ava", ["are my Aurora headphones still under warranty?", "great, please file the claim then"], "yes",
     "#W9024138"),
    (EN_DEMO, "web:ava", ["Warranty claim please - W9024138 headphones left side dead"], "ok go ahead", "#W9024138"),
    (MUSIC, "web:lukas", ["i want to claim the warranty on my ukulele its cracked"], "yes", "A-0003-M"),
]


def _tickets_on(shop: dict[str, Any], order_id: str) -> list[dict[str, Any]]:
    return [t for t in shop["tickets"] if t.get("order_id") == order_id]


@pytest.mark.parametrize("case", range(len(CLAIMS)))
async def test_a_warranty_claim_asked_for_is_filed_after_a_yes(case: int, settings: Any, tmp_path: Path,
                                                               models: Any) -> None:
    import json
    shop, user, texts, yes, order_id = CLAIMS[case]
    before = len(_tickets_on(json.loads(shop.read_text(encoding="utf-8")), order_id))
    out, exported = await replay(settings, shop, user, texts, tmp_path / "w1.db")
    asked = out[-1]["reply"]
    assert len(_tickets_on(exported, order_id)) == before, asked            # nothing filed before the yes
    assert order_id in asked and ("?" in asked or "？" in asked), asked
    out, exported = await replay(settings, shop, user, texts + [yes], tmp_path / "w2.db")
    made = _tickets_on(exported, order_id)[before:]
    assert len(made) == 1 and made[0]["id"] in out[-1]["reply"], out[-1]["reply"]
    assert made[0].get("reason") == "warranty"


async def test_a_warranty_claim_answered_no_files_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    import json
    before = len(_tickets_on(json.loads(MUSIC.read_text(encoding="utf-8")), "A-0003-M"))
    out, exported = await replay(settings, MUSIC, "web:lukas", ["submit a warranty claim for the ukulele", "no"],
                                 tmp_path / "w.db")
    assert len(_tickets_on(exported, "A-0003-M")) == before, out[-1]["reply"]


async def test_an_electrical_item_still_gets_the_electrical_safety_words(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    out, _ = await replay(settings, CYCLE, "web:ida", ["the front light from CY-0042-K smells of burning and smokes"],
                          tmp_path / "e.db")
    assert "unplug" in out[-1]["reply"].lower(), out[-1]["reply"]


# ---- "I can't make an exception" only after a refusal, for that request ----------------------

REFUSED_FIRST = "cancel order K30419 please"       # shipped: the shop refuses
UNREFUSED = [
    ["ok. different thing, the sleeping bag zip broke"],
    ["what's the status of K30311"],
    ["本来想取消的，算了。登山杖坏了怎么办"],
    ["fine", "my winter sleeping bag has a hole in it!! terrible"],
    ["whatever. can i get an invoice for K30311"],
    ["ugh ok", "thanks", "the poles from K30311 are bent"],
    ["where is K30311", "what's in K30418", "so what are my options"],
    ["K30311 的状态", "K30418 什么时候发货", "那怎么办"],
]


@pytest.mark.parametrize("case", range(len(UNREFUSED)))
async def test_no_exception_refusal_for_a_request_nobody_refused(case: int, settings: Any, tmp_path: Path,
                                                                 models: Any) -> None:
    out, _ = await replay(settings, OUTDOOR, "web:ola", [REFUSED_FIRST] + UNREFUSED[case], tmp_path / "x.db")
    assert out[0]["trace"]["flow"]["step"] == "refused", out[0]["reply"]
    last = out[-1]["reply"]
    assert "exception" not in last.lower() and "破例" not in last, last


async def test_pushback_right_after_the_refusal_still_gets_the_exception_answer(settings: Any, tmp_path: Path,
                                                                                models: Any) -> None:
    out, _ = await replay(settings, OUTDOOR, "web:ola", [REFUSED_FIRST, "come on, can't you make an exception?"],
                          tmp_path / "p.db")
    assert "exception" in out[-1]["reply"].lower(), out[-1]["reply"]
