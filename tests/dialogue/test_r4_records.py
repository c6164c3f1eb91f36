"""Round 4 (#13, info11): information the customer supplies and records they already have.

- a return parcel's tracking number is said back against the open return (no order look-up, no
  carrier case); an order number given as the detail is no new complaint;
- "has it been lost?" inside the carrier's usual days gets the normal time, no case — in the next
  turn too;
- "how is my exchange / return / the problem I reported" is answered from that record (the open
  case chased with the message added), never an order's status, a how-to text or a new ticket;
- "where do I send the photos?" is answered (this chat, the case), the flow asking kept.
Demo shops (zh, en) and a generated shop with other ids, catalogue and carriers."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import lost_worry, photo_question, record_status
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay


def _gen(tmp: Path) -> tuple[Path, str]:
    """Generated shop (suffixed ids, CHF) with an open return, exchange and delivery case."""
    s = make_shop(3, tmp, "suffixed")
    f = s.fixture
    cid = f["customers"][0]["id"]
    mine = s.orders_of(cid)
    delivered = [o for o in mine if o["status"] == "delivered"]
    shipped = next(o for o in mine if o["status"] == "shipped")
    shipped["shipped_at"] = "2026-11-27T09:00:00+01:00"
    a, d = delivered[0], delivered[1]
    f["returns"].append({"id": "R-9001", "order_id": a["id"], "status": "requested", "reason": "changed_mind",
                         "created_at": "2026-11-25T10:00:00+01:00", "items": [{"sku": a["items"][1]["sku"], "qty": 1}]})
    f["exchanges"].append({"id": "X-9002", "order_id": d["id"], "status": "requested", "reason": "other",
                           "created_at": "2026-11-24T10:00:00+01:00", "items": [{"sku": d["items"][0]["sku"], "qty": 1}]})
    f["tickets"].append({"id": "T-9003", "customer_id": cid, "conversation": s.identity[cid], "reason": "delivery_issue",
                         "status": "open", "created_at": "2026-11-22T10:00:00+01:00", "order_id": shipped["id"],
                         "transcript": ["user: parcel not here"]})
    s.path.write_text(json.dumps(f, ensure_ascii=False), encoding="utf-8")
    return s.path, s.identity[cid]


def _acts(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name]


# ---- units ------------------------------------------------------------------------------------
@pytest.mark.parametrize("text,kind", [
    ("what's the status of my exchange?", "exchange"), ("我的换货进度怎么样了？", "exchange"),
    ("what's happening with my return?", "return"), ("我的退货处理到哪一步了", "return"),
    ("any update on the delivery problem I reported?", "case"), ("any news on the case I opened about my parcel?", "case"),
    ("我之前反映的吹风机焦味问题一直没人回复我", "case"), ("工单有进展了吗", "case"),
    ("I want to exchange my shoes", None), ("我要退货", None), ("where is my order?", None),
])
def test_status_questions_name_the_record_kind(text: str, kind: str | None) -> None:
    assert record_status.asked(text) == kind


def test_a_tracking_number_is_never_an_own_order() -> None:
    own = ["SO-41000-A", "SO-41000-B"]
    assert record_status.return_tracking("I already sent it back, the tracking number is KF88221133", own) == "KF88221133"
    assert record_status.return_tracking("退货快递单号是SF1234567890", own) == "SF1234567890"
    assert record_status.return_tracking("单号是SO-41000-B", own) is None
    assert record_status.return_tracking("KF88221133", own) is None          # no cue: not read as tracking


@pytest.mark.parametrize("text,worry", [
    ("has my package been lost?", True), ("我的快递会不会丢了啊", True), ("是不是丢件了", True),
    ("I'm worried my parcel got lost", True), ("my parcel is lost, tracking hasn't moved in a week", False),
    ("快递丢了", False),
])
def test_a_lost_worry_is_a_question(text: str, worry: bool) -> None:
    assert lost_worry.worried(text) is worry


def test_only_an_order_number_is_a_detail() -> None:
    assert lost_worry.only_detail("单号是SO202611241031", ["SO202611241031"])
    assert lost_worry.only_detail("it's #W2501713", ["#W2501713"])
    assert not lost_worry.only_detail("SO202611241031 还没到，丢了吧", ["SO202611241031"])


@pytest.mark.parametrize("text,asks", [("where do I send the photos?", True), ("照片发到哪里？", True),
                                       ("how can I send you pictures", True), ("图片怎么发给你们", True),
                                       ("I took photos of it", False), ("where is my parcel?", False)])
def test_photo_questions(text: str, asks: bool) -> None:
    assert photo_question.asks(text) is asks


# ---- conversations ----------------------------------------------------------------------------
@pytest.mark.parametrize("shop,user,texts,record", [
    ("zh", "whatsapp:8613912345678", ["我的退款什么时候到？", "我已经寄回去了，退货快递单号是SF1234567890"], "RT20261126-0001"),
    ("gen", None, ["when will I get my refund?", "I already sent it back, the tracking number is KF88221133"], "R-9001"),
    ("gen", None, ["退款多久到", "寄回的单号是 KF88221133"], "R-9001"),
])
async def test_a_return_tracking_number_is_said_back_on_the_return(shop: str, user: str | None, texts: list[str],
                                                                    record: str, settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    path, user = (DEMO_SHOP, user) if shop == "zh" else _gen(tmp_path)
    out, exported = await replay(settings, path, user, texts, tmp_path / "r.db")
    reply = out[-1]["reply"]
    assert record in reply and texts[-1].split()[-1][-8:] in reply, reply
    assert not _acts(out, "create_ticket")
    assert "找不到" not in reply and "couldn't find" not in reply and "哪个订单" not in reply, reply


@pytest.mark.parametrize("shop,user,texts", [
    ("zh", "wecom:liuyang", ["我的快递会不会丢了啊", "单号是SO202611241031"]),
    ("en", "discord:880011223344", ["has my package #W2501713 been lost? it's not here yet", "ok so how long should I wait?"]),
])
async def test_a_lost_worry_inside_the_estimate_opens_no_case_in_either_turn(shop: str, user: str, texts: list[str],
                                                                            settings: Any, tmp_path: Path,
                                                                            models: Any) -> None:
    out, exported = await replay(settings, DEMO_SHOP if shop == "zh" else EN_SHOP, user, texts, tmp_path / "r.db")
    assert not _acts(out, "create_ticket"), [o["reply"] for o in out]
    for o in out:
        assert "正常的运输时间内" in o["reply"] or "normal delivery time" in o["reply"], o["reply"]


@pytest.mark.parametrize("shop,user,text,record", [
    ("en", "telegram:5008", "what's the status of my exchange?", "EXC-4001"),
    ("zh", "telegram:1002", "我的换货进度怎么样了？", "EX20261121-0001"),
    ("gen", None, "what's happening with my return?", "R-9001"),
    ("gen", None, "我换货的进度怎么样了", "X-9002"),
])
async def test_a_records_status_comes_from_the_record(shop: str, user: str | None, text: str, record: str,
                                                      settings: Any, tmp_path: Path, models: Any) -> None:
    path, user = {"en": (EN_SHOP, user), "zh": (DEMO_SHOP, user)}.get(shop) or _gen(tmp_path)
    out, _ = await replay(settings, path, user, [text], tmp_path / "r.db")
    assert record in out[0]["reply"], out[0]["reply"]
    assert _acts(out, "request_status")
    assert not _acts(out, "create_ticket")


@pytest.mark.parametrize("shop,user,text,case", [
    ("en", "slack:U07ETHAN", "any update on the delivery problem I reported?", "TCK-7001"),
    ("zh", "feishu:ou_7f3a9c2e1b8d", "我之前反映的吹风机焦味问题一直没人回复我", "TK20261124-0001"),
    ("gen", None, "any news on the case I opened about my parcel?", "T-9003"),
])
async def test_a_chase_on_a_reported_case_updates_that_case(shop: str, user: str | None, text: str, case: str,
                                                            settings: Any, tmp_path: Path, models: Any) -> None:
    path, user = {"en": (EN_SHOP, user), "zh": (DEMO_SHOP, user)}.get(shop) or _gen(tmp_path)
    out, exported = await replay(settings, path, user, [text], tmp_path / "r.db")
    assert case in out[0]["reply"], out[0]["reply"]
    assert not _acts(out, "create_ticket")
    added = [a for a in _acts(out, "add_to_ticket") if a["args"]["ticket_id"] == case]
    assert added, out[0]["trace"]["actions"]
    held = next(t for t in exported["tickets"] if t["id"] == case)
    assert len(held.get("transcript") or []) >= 2


async def test_where_to_send_photos_while_the_fault_is_asked_keeps_the_flow(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    path, user = _gen(tmp_path)
    out, _ = await replay(settings, path, user, ["钱包上的刻字有问题", "照片发到哪里？"], tmp_path / "r.db")
    reply = out[-1]["reply"]
    assert "对话里发" in reply, reply
    assert out[-1]["trace"]["flow"]["name"] == out[0]["trace"]["flow"]["name"]
    assert "运单号" not in reply
