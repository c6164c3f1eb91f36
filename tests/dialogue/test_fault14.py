"""fault14 (#13): faults against the shop's direct-replacement window and warranty months.

Per step: the cues (one faulty unit of several, "refund this one, keep the other", a bare swap, a
warranty pickup asked), the routing after a fault answer, the troubleshooting remedies past the
window, the fault remedies (pickup → the claim recorded; no warranty left → said, a colleague
offered, nothing opened unasked), the warranty flow's pickup, a fault onto an open fault case.
Then whole conversations on generated shops whose windows and months differ, deliveries just
inside / just outside the window (`probes_fault14/shops.py`), zh-Hans, zh-Hant and en.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from bot.dialogue import same_unit as SU
from bot.dialogue import warranty_pickup as WP
from bot.dialogue.commands import Command
from bot.dialogue.flows import exchange, troubleshoot, warranty
from bot.dialogue.state import Frame
from tests.dialogue.conftest import Env
from tests.dialogue.probes_fault14 import shops as S
from tests.test_conversation_corrections import replay

# ---- cues ----------------------------------------------------------------------------------------


def test_one_faulty_unit_of_several_is_read_in_each_language() -> None:
    for said in ("two storage jars arrived, one is cracked, just replace the cracked one",
                 "two desk fans came, one of them won't turn on, just replace that one",
                 "收到两支牙刷，其中一支开不了机，就换坏的那支", "两个冷水壶到了，一个裂了，把裂的那个换掉就行",
                 "有一支充不进电"):
        assert SU.one_unit(said), said
    for said in ("replace them both", "换个新的", "send me a new one", "两支都坏了"):
        assert not SU.one_unit(said), said


def test_refund_this_one_keep_the_other_is_the_faulty_units_refund() -> None:
    for said in ("refund this one, keep the other", "refund the broken one and I'll keep the other",
                 "坏的那支退了吧，另一支留着", "坏的那支退款，另一支我留着", "这支退款，另一支留着"):
        assert SU.refunds_faulty(said), said
    for said in ("where is my refund", "退款到哪了", "refund this one", "I don't want a refund, keep the other"):
        assert not SU.refunds_faulty(said), said


def test_a_bare_swap_names_no_other_version() -> None:
    for said in ("can I swap it for a new one?", "可以换一支吗", "能换一个吗", "can I exchange it?", "坏了，能换货吗"):
        assert SU.bare_swap(said), said
    for said in ("can I swap it for the UK plug?", "可以换成黑色吗", "I don't want to exchange it", "换个颜色"):
        assert not SU.bare_swap(said), said


def test_a_warranty_pickup_asked_is_the_go_ahead_a_question_is_not() -> None:
    for said in ("ok please book the warranty pickup", "那帮我安排保固收件", "好，请帮我预约保固取件",
                 "please arrange the warranty collection", "ok book the pickup", "能帮我安排上门取件吗"):
        assert WP.books(said), said
    for said in ("how does the warranty pickup work?", "保修怎么取件", "帮我申请保修", "is it still under warranty?"):
        assert not WP.books(said), said
    assert WP.pickup_said("book the pickup") and not WP.pickup_said("arrange the warranty repair")


# ---- routing after a fault answer ------------------------------------------------------------------

def _ctx(text: str, last_flow: str, history: list[tuple[str, str]]) -> Any:
    order = {"id": "B-1", "status": "delivered", "items": [{"sku": "FAN-0", "qty": 2}]}
    return SimpleNamespace(text=text, flow=None, step=None, orders=[order], last_order_id="B-1", last_skus=["FAN-0"],
                           history=history, last_flow=last_flow)


def test_route_refund_this_one_after_a_fault_is_one_units_return_with_the_fault_as_reason() -> None:
    ctx = _ctx("refund this one, keep the other", "troubleshooting",
               [("user", "two fans came and one won't turn on"), ("bot", "Sorry...")])
    slots: dict[str, Any] = {}
    flow, _ = SU.route("refund_status", "", ctx.text, ctx, slots)
    assert flow == "return_request"
    assert slots["order_id"] == "B-1" and [i["sku"] for i in slots["items"]] == ["FAN-0"] and slots["qty"] == 1
    assert str(slots["reason"]).startswith("defective")


def test_route_a_swap_question_after_a_fault_answer_is_about_that_line() -> None:
    ctx = _ctx("can I swap it for a new one?", "troubleshooting", [("user", "my desk fan stopped working")])
    slots: dict[str, Any] = {}
    flow, _ = SU.route("exchange_request", "", ctx.text, ctx, slots)
    assert flow == "exchange_request" and slots["order_id"] == "B-1" and slots["items"][0]["sku"] == "FAN-0"
    # no fault said and no fault answer before: the swap question stays what it was
    calm = _ctx("can I swap it?", "order_status", [("user", "where is my order?")])
    slots = {}
    assert SU.route("exchange_request", "", calm.text, calm, slots)[0] == "exchange_request" and not slots


# ---- flow steps (the real built-in shop, demo facts: replace 15 days, electronics 12 months) ------

async def test_step_troubleshooting_offers_no_new_unit_past_the_replacement_days(en_shop: Env) -> None:
    # #W5158108: delivered 21 days ago, inside the 30-day exchange window but past the 15 days
    fc = await en_shop.ctx("discord:880055667788", "my keyboard stopped working")
    order = next(o for o in fc.orders if o["id"] == "#W5158108")
    allowed, since = troubleshoot.remedies(fc, order, order["items"][0])
    assert since is not None and since > 15
    assert "exchange" not in allowed and "warranty" in allowed


async def test_step_fault_remedies_pickup_files_the_warranty_claim(en_shop: Env) -> None:
    fc = await en_shop.ctx("discord:880055667788", "ok, book the pickup")
    order = next(o for o in fc.orders if o["id"] == "#W5158108")
    out = await troubleshoot.fault_remedies(fc, Frame("troubleshooting"), order, order["items"][0])
    made = en_shop.actions("create_ticket")
    assert len(made) == 1 and made[0]["args"]["reason"] == "warranty" and made[0]["args"]["order_id"] == "#W5158108"
    # facts14b: the shop's warranty page sends a return label (no collection): that, never a pickup promised
    assert made[0]["result"]["ticket_id"] in out.answer and "return label" in out.answer
    assert "arrange the pickup" not in out.answer
    assert not en_shop.actions("create_exchange")


async def test_step_fault_remedies_without_the_pickup_proposes_the_claim(en_shop: Env) -> None:
    fc = await en_shop.ctx("discord:880055667788", "it's still broken, send me a new one")
    order = next(o for o in fc.orders if o["id"] == "#W5158108")
    out = await troubleshoot.fault_remedies(fc, Frame("troubleshooting"), order, order["items"][0])
    assert out.step == "confirm" and out.facts.get("pending") == "warranty_claim" and "(yes/no)" in out.answer
    assert not en_shop.actions("create_ticket") and not en_shop.actions("create_exchange")


async def test_step_no_warranty_left_says_so_and_offers_a_colleague_nothing_opened(en_shop: Env) -> None:
    # #W4245967's trimmer: personal care (no warranty), delivered 16 days ago (past the 15)
    fc = await en_shop.ctx("discord:880011223344", "the trimmer is dead, send me a new one")
    order = next(o for o in fc.orders if o["id"] == "#W4245967")
    line = next(i for i in order["items"] if i["sku"] == "TRM-PRO")
    out = await troubleshoot.fault_remedies(fc, Frame("troubleshooting"), order, line)
    assert "no warranty" in out.answer and "colleague" in out.answer and "(yes/no)" in out.answer
    assert out.facts["offer_next"] == {"flow": "handoff", "reason": "product_issue"}
    assert not en_shop.actions("create_ticket")


async def test_step_warranty_flow_books_the_pickup_at_once(en_shop: Env) -> None:
    fc = await en_shop.ctx("discord:880055667788", "ok please book the warranty pickup",
                           Command("start_flow", {"flow": "warranty"}), Command("set_slot", {"order_id": "#W5158108"}))
    frame = fc.state.start("warranty", order_id="#W5158108")
    out = await warranty.run(fc, frame)
    made = en_shop.actions("create_ticket")
    assert len(made) == 1 and made[0]["args"]["reason"] == "warranty"
    assert out.step == "done" and "return label" in out.answer and "arrange the pickup" not in out.answer


async def test_step_warranty_flow_a_pickup_question_records_nothing(en_shop: Env) -> None:
    fc = await en_shop.ctx("discord:880055667788", "how does the warranty pickup work?",
                           Command("start_flow", {"flow": "warranty"}), Command("set_slot", {"order_id": "#W5158108"}))
    out = await warranty.run(fc, fc.state.start("warranty", order_id="#W5158108"))
    assert not en_shop.actions("create_ticket") and "warranty" in out.answer


async def test_step_replacement_of_one_unit_of_two(en_shop: Env) -> None:
    fc = await en_shop.ctx("telegram:5001", "two bottles came, one is cracked, just replace that one")
    order = next(o for o in fc.orders if o["id"] == "#W9024138")
    line = dict(next(i for i in order["items"] if i["qty"] == 2))
    frame = Frame("exchange_request")
    out = exchange.replacement(fc, frame, order, line)
    assert frame.slots["qty"] == 1 and frame.slots["new_sku"] == frame.slots["sku"] == line["sku"]
    assert "1 of 2" in out.answer and out.step == "confirm"


async def test_step_a_fault_on_an_order_with_an_open_fault_case_goes_onto_it(demo: Env) -> None:
    # c2's TK20261124-0001 (product_issue, open) about the hair dryer; told again ("还是")
    fc = await demo.ctx("feishu:ou_7f3a9c2e1b8d", "吹风机还是有焦味", Command("set_slot", {"order_id": "SO202611200552"}),
                        lang="zh")
    out = await troubleshoot.run(fc, Frame("troubleshooting"))
    added = demo.actions("add_to_ticket")
    assert added and "TK20261124-0001" in out.answer and out.facts.get("open_case")
    assert not demo.actions("create_ticket")


# ---- whole conversations on generated shops --------------------------------------------------------

def _acts(out: list[dict[str, Any]], turn: int, name: str) -> list[dict[str, Any]]:
    return [a for a in out[turn]["trace"]["actions"] if a["name"] == name and a.get("ok", True)]


@pytest.fixture
def gen(tmp_path: Path) -> dict[str, Path]:
    return S.write(tmp_path / "shops")


@pytest.mark.parametrize("shop,texts", [
    ("gamma", ["電鑽充不進電了，直接換一個新的", "好"]),
    ("beta", ["my desk fan stopped working, just send me a new one", "yes please"]),
])
async def test_outside_the_window_a_new_one_is_the_warranty_claim(shop: str, texts: list[str], gen: dict[str, Path],
                                                                  settings: Any, tmp_path: Path, models: Any) -> None:
    oid = S.order_of(shop, "out1")["id"]
    out, exported = await replay(settings, gen[shop], f"web:{shop}-out1", texts, tmp_path / "o.db")
    first = out[0]["reply"]
    assert ("保修" in first or "warranty" in first) and ("是/否" in first or "yes/no" in first)
    assert "換一件同款" not in first and "new unit" not in first
    assert _acts(out, 1, "create_ticket")[0]["args"] == {**_acts(out, 1, "create_ticket")[0]["args"],
                                                         "reason": "warranty", "order_id": oid}
    assert not exported["exchanges"] and not exported["returns"]


async def test_inside_the_window_one_unit_of_two_is_replaced(gen: dict[str, Path], settings: Any, tmp_path: Path,
                                                             models: Any) -> None:
    oid = S.order_of("beta", "in2")["id"]
    out, exported = await replay(settings, gen["beta"], "web:beta-in2",
                                 ["two desk fans came, one of them won't turn on, just replace that one", "yes"],
                                 tmp_path / "i.db")
    assert "1 of 2" in out[0]["reply"]
    made = [e for e in exported["exchanges"] if e["order_id"] == oid]
    assert len(made) == 1 and [(i["qty"], i["sku"] == i["new_sku"]) for i in made[0]["items"]] == [(1, True)]
    assert str(made[0]["reason"]).startswith("defective")       # the fault told is why, not a bare exchange


async def test_a_warranty_pickup_after_the_fault_answer_records_the_claim(gen: dict[str, Path], settings: Any,
                                                                           tmp_path: Path, models: Any) -> None:
    oid = S.order_of("alpha", "out1")["id"]
    out, exported = await replay(settings, gen["alpha"], "web:alpha-out1", ["我的电动牙刷充不进电了", "那帮我安排保修收件"],
                                 tmp_path / "p.db")
    made = _acts(out, 1, "create_ticket")
    assert len(made) == 1 and made[0]["args"]["reason"] == "warranty" and made[0]["args"]["order_id"] == oid
    # facts14b: this shop's warranty page offers no collection: how to send it in, never "上门取件"
    assert made[0]["result"]["ticket_id"] in out[1]["reply"] and "寄" in out[1]["reply"]
    assert "上门取件" not in out[1]["reply"]
    assert not exported["exchanges"]


async def test_refund_this_one_keep_the_other_returns_one_unit(gen: dict[str, Path], settings: Any, tmp_path: Path,
                                                               models: Any) -> None:
    oid = S.order_of("gamma", "in2")["id"]
    out, exported = await replay(settings, gen["gamma"], "web:gamma-in2",
                                 ["兩支電鑽有一支充不進電", "壞的那支退款，另一支我留著", "好"], tmp_path / "r.db")
    assert "×1" in out[1]["reply"] and "調查" not in out[1]["reply"]
    made = [r for r in exported["returns"] if r["order_id"] == oid]
    assert len(made) == 1 and [i["qty"] for i in made[0]["items"]] == [1]
    assert str(made[0]["reason"]).startswith("defective")
    assert not [t for t in exported["tickets"] if t.get("customer_id") == "gamma-in2"]
