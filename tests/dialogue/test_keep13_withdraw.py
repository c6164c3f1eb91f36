"""keep13 (#13): a return taken back ("never mind, I'll keep it", "退货取消吧", "cancel my return")
names the open return and offers to withdraw it — never a new return, an order cancel or "return
or exchange?"; a yes withdraws it through the shop (withdraw14; it used to open a case for a
colleague), a no writes nothing. "Keep the other" next to a
return ("手套留着，头盔退掉") stays that return. On the velo shop (CHF, slashed ids, an open
return on file) and the demo shop."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue.withdraw import withdraws
from tests.test_conversation_corrections import DEMO_SHOP, replay

VELO = Path(__file__).with_name("data") / "velo_shop_chf.json"
WRITES = ("create_return", "create_exchange", "change_items", "cancel_order", "create_ticket", "cancel_return",
          "cancel_exchange")


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["name"]) for n, o in enumerate(out) for a in o["trace"]["actions"] if a["name"] in WRITES]


# --- the cue, message by message --------------------------------------------------------------
WITHDRAWS = ["never mind, I'll keep the helmet. cancel my return", "VN/26/4380 不退了", "退货取消吧",
             "cancel my return please", "头盔我不想退了，留着吧", "actually never mind, I'll keep it", "算了，不退了",
             "I want to withdraw my return for SO202611220541", "hmm cancel that return, I'll keep the watch",
             "取消退货申请", "我还是不退了，麻烦了"]
NOT_WITHDRAWS = ["return the helmet, keep the gloves", "手套留着，头盔退掉", "the other one is fine",
                 "充电宝退了吧，耳机不用退", "退T恤，坚果礼盒留着", "I want to return the helmet", "cancel my order",
                 "头盔换成L号，手套不用换", "I'd rather keep it and get a partial refund", "退货多久到账",
                 "no, keep the gloves, only the helmet"]


@pytest.mark.parametrize("text", WITHDRAWS)
def test_a_withdrawal_is_read(text: str) -> None:
    assert withdraws(text) == "return"


@pytest.mark.parametrize("text", ["换货申请撤回吧", "I don't want to exchange it anymore", "我不想换了"])
def test_an_exchange_withdrawal_is_read_as_one(text: str) -> None:
    assert withdraws(text) == "exchange"


@pytest.mark.parametrize("text", NOT_WITHDRAWS)
def test_keep_the_other_or_a_request_is_no_withdrawal(text: str) -> None:
    assert withdraws(text) is None


# --- whole conversations ----------------------------------------------------------------------
OPEN_ON_FILE = [["never mind, I'll keep the helmet. cancel my return"], ["VN/26/4380 不退了"], ["退货取消吧"],
                ["cancel my return please"], ["头盔我不想退了，留着吧"]]


@pytest.mark.parametrize("texts", OPEN_ON_FILE)
async def test_the_open_return_is_named_and_nothing_new_is_started(settings: Any, tmp_path: Path, models: Any,
                                                                   texts: list[str]) -> None:
    out, shop = await replay(settings, VELO, "web:tom", texts, tmp_path / "c.db")
    assert "RT-VN-0093" in out[-1]["reply"], out[-1]["reply"]
    assert not _writes(out)
    assert [r["id"] for r in shop["returns"]] == ["RT-VN-0093"]
    assert out[-1]["trace"]["dialogue"]["step"] == "withdraw_offer"


@pytest.mark.parametrize("texts,yes", [(["never mind, I'll keep the helmet. cancel my return"], "yes"),
                                       (["退货取消吧"], "好的")])
async def test_a_yes_withdraws_the_return(settings: Any, tmp_path: Path, models: Any,
                                          texts: list[str], yes: str) -> None:
    out, shop = await replay(settings, VELO, "web:tom", [*texts, yes], tmp_path / "c.db")
    assert _writes(out) == [(1, "cancel_return")]
    assert "RT-VN-0093" in out[-1]["reply"]
    assert [(r["id"], r["status"]) for r in shop["returns"]] == [("RT-VN-0093", "cancelled")]
    assert not shop["tickets"]


async def test_a_no_to_the_offer_writes_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, VELO, "web:mara", ["VN/26/4417 头盔退掉", "好", "算了，不退了", "不用了"],
                             tmp_path / "c.db")
    assert _writes(out) == [(1, "create_return")]
    made = [r for r in shop["returns"] if r["order_id"] == "VN/26/4417"]
    assert len(made) == 1 and made[0]["id"] in out[2]["reply"]
    assert not shop["tickets"]


@pytest.mark.parametrize("shop,user,texts", [
    (VELO, "web:mara", ["VN/26/4417 return the helmet", "yes", "actually never mind, I'll keep it"]),
    (DEMO_SHOP, "web:dlee", ["SO202611201712 return the watch", "yes", "hmm cancel that return, I'll keep the watch"]),
])
async def test_the_return_just_made_is_the_one_taken_back(settings: Any, tmp_path: Path, models: Any, shop: Path,
                                                          user: str, texts: list[str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert _writes(out) == [(1, "create_return")]           # only the first return, nothing after
    made = [r for r in exported["returns"] if r["created_at"] >= "2026-11-28"]
    assert len(made) == 1 and made[0]["id"] in out[-1]["reply"], out[-1]["reply"]


async def test_demo_open_return_withdrawn_in_chinese(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "whatsapp:8613912345678", ["耳机退货取消吧", "是"], tmp_path / "c.db")
    assert "RT20261126-0001" in out[0]["reply"] and "撤销" in out[0]["reply"]
    assert _writes(out) == [(1, "cancel_return")]
    assert next(r for r in shop["returns"] if r["id"] == "RT20261126-0001")["status"] == "cancelled"


@pytest.mark.parametrize("texts,sku", [
    (["VN/26/4417 手套留着，头盔退掉", "没错"], "HLM-M-BK"),
    (["VN/26/4417 return the helmet, keep the gloves", "yes"], "HLM-M-BK"),
    (["I want to return something from VN/26/4417", "the helmet. keep the gloves", "yes"], "HLM-M-BK"),
])
async def test_keep_the_other_returns_only_the_named_line(settings: Any, tmp_path: Path, models: Any,
                                                          texts: list[str], sku: str) -> None:
    out, shop = await replay(settings, VELO, "web:mara", texts, tmp_path / "c.db")
    made = [r for r in shop["returns"] if r["order_id"] == "VN/26/4417"]
    assert [[i["sku"] for i in r["items"]] for r in made] == [[sku]]


@pytest.mark.parametrize("shop,user,texts,order_id,sku", [
    (VELO, "web:mara", ["VN/26/4417 退货", "全部", "不对，手套留着，只退头盔", "对"], "VN/26/4417", "HLM-M-BK"),
    (VELO, "web:mara", ["VN/26/4417 return both items", "no, keep the gloves, just the helmet", "yes"], "VN/26/4417",
     "HLM-M-BK"),
    (VELO, "web:mara", ["VN/26/4417 两件都退了吧", "不不，头盔退，手套不用退", "好喔"], "VN/26/4417", "HLM-M-BK"),
    (DEMO_SHOP, "web:dlee", ["SO202611201712 两件都退", "不是，帆布包留着，只退手表", "好"], "SO202611201712", "WATCH-S2"),
    (DEMO_SHOP, "web:dlee", ["return everything in SO202611201712", "no wait, the tote bag is fine, only the watch", "yes"],
     "SO202611201712", "WATCH-S2"),
])
async def test_a_no_that_keeps_one_line_at_the_confirmation_reproposes_the_rest(
        settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, texts: list[str], order_id: str,
        sku: str) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert out[-2]["trace"]["dialogue"]["step"] == "confirm", out[-2]["reply"]
    assert _writes(out) == [(len(texts) - 1, "create_return")]
    made = [r for r in exported["returns"] if r["order_id"] == order_id and r["created_at"] >= "2026-11-28"]
    assert [[i["sku"] for i in r["items"]] for r in made] == [[sku]]


async def test_a_plain_no_at_the_confirmation_still_writes_nothing(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, VELO, "web:mara", ["return all of VN/26/4417", "no"], tmp_path / "c.db")
    assert out[-1]["trace"]["dialogue"]["step"] == "aborted"
    assert not _writes(out)


async def test_the_chinese_withdrawal_names_the_line_in_chinese(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, VELO, "web:tom", ["头盔我不想退了，留着吧"], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "RT-VN-0093" in reply and "公路头盔" in reply and "VN/26/4380" in reply, reply
