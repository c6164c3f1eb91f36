"""records12 (#13): records the customer refers to, and what they ask about them.

- an open return's label or refund timing is answered from that return (its units of the line,
  the shop's own label sentence, the refund timeline), never a how-to text or a parcel case;
- "any update on the problem I reported?" gives the case and what its order shows; frozen
  tracking later goes onto that case (no second ticket);
- "when would you look into it?" after the estimate keeps the date (no case);
- a pay question while a case is open is answered from the shop's rule and added to the case.
Demo shops (zh, en) and the generated shop of test_r4_records."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import record_status
from tests.dialogue.test_r4_records import _acts, _gen
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay


@pytest.mark.parametrize("text,kind", [
    ("where's the return label for my harness? I haven't got it", "label"), ("退货面单还没收到", "label"),
    ("退货的钱什么时候能退回来", "refund"), ("when do I get my money for the return?", "refund"),
    ("is my swap processed yet?", "exchange"), ("我之前提交的问题到现在都没人回我", "case"),
    ("I want to return it, when do I get my refund", None), ("how long does a refund take", None),
])
def test_questions_about_an_open_record(text: str, kind: str | None) -> None:
    assert record_status.asked(text) == kind


@pytest.mark.parametrize("text,pays", [
    ("why should I pay this tax? I already paid for the order", True), ("那我还要再付一次运费吗", True),
    ("do I have to pay again?", True), ("can I pay by card", False), ("I paid already", False),
])
def test_pay_questions(text: str, pays: bool) -> None:
    assert record_status.pays(text) is pays


@pytest.mark.parametrize("shop,user,text,record,says", [
    ("zh", "whatsapp:8613912345678", "退货的钱什么时候能退回来", "RT20261126-0001", "仓库收到退货后"),
    ("gen", None, "when do I get the money for my return?", "R-9001", "once the return reaches our warehouse"),
    ("zh", "whatsapp:8613912345678", "我的退货面单在哪，还没收到", "RT20261126-0001", "面单"),
    ("gen", None, "where's the return label for my return? haven't got it", "R-9001", "label"),
])
async def test_an_open_returns_label_or_money_comes_from_that_return(shop: str, user: str | None, text: str,
                                                                     record: str, says: str, settings: Any,
                                                                     tmp_path: Path, models: Any) -> None:
    path, user = (DEMO_SHOP, user) if shop == "zh" else _gen(tmp_path)
    out, _ = await replay(settings, path, user, [text], tmp_path / "r.db")
    reply = out[0]["reply"]
    assert record in reply and says in reply, reply
    assert not _acts(out, "create_ticket")


async def test_the_return_of_one_unit_says_one_of_the_line(settings: Any, tmp_path: Path, models: Any) -> None:
    path, user = _gen(tmp_path)
    out, _ = await replay(settings, path, user, ["what's happening with my return?"], tmp_path / "r.db")
    assert "R-9001" in out[0]["reply"] and "1 " in out[0]["reply"], out[0]["reply"]


@pytest.mark.parametrize("shop,user,texts,case", [
    ("en", "slack:U07ETHAN", ["hi, any update on the problem I reported?", "the tracking still shows no scans for days"],
     "TCK-7001"),
    ("gen", None, ["any news on the case I opened about my parcel?", "物流一直没更新"], "T-9003"),
])
async def test_a_case_update_gives_the_order_and_frozen_tracking_goes_onto_it(shop: str, user: str | None,
                                                                              texts: list[str], case: str,
                                                                              settings: Any, tmp_path: Path,
                                                                              models: Any) -> None:
    path, user = (EN_SHOP, user) if shop == "en" else _gen(tmp_path)
    out, _ = await replay(settings, path, user, texts, tmp_path / "r.db")
    assert case in out[0]["reply"] and ("tracking" in out[0]["reply"] or "运单号" in out[0]["reply"]), out[0]["reply"]
    assert not _acts(out, "create_ticket"), [o["reply"] for o in out]
    assert [a for a in _acts(out[1:], "add_to_ticket") if a["args"]["ticket_id"] == case], out[1]["reply"]
    assert "tell me and I'll open" not in out[1]["reply"] and "告诉我" not in out[1]["reply"], out[1]["reply"]


@pytest.mark.parametrize("shop,user,texts", [
    ("zh", "telegram:1001", ["我那个吹风机的快递是不是丢了啊，还没到", "那什么时候能帮我查"]),
    ("en", "web:ava", ["my tent order, has it been lost? it's not here yet", "ok so when would you look into it?"]),
])
async def test_when_after_the_estimate_keeps_the_date(shop: str, user: str, texts: list[str], settings: Any,
                                                      tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP if shop == "zh" else EN_SHOP, user, texts, tmp_path / "r.db")
    assert not _acts(out, "create_ticket"), [o["reply"] for o in out]
    assert "还不到" in out[1]["reply"] or "too early" in out[1]["reply"], out[1]["reply"]


@pytest.mark.parametrize("shop,user,texts,says", [
    ("en", "slack:U07ETHAN", ["any update on the problem I reported?", "do I have to pay again for the shipping?"],
     "don't pay anything again"),
    ("zh", "wecom:liuyang", ["我的快递卡住好几天不动了", "那我还要再付一次钱吗"], "不需要再付"),
])
async def test_a_pay_question_on_an_open_case_is_answered(shop: str, user: str, texts: list[str], says: str,
                                                          settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP if shop == "zh" else EN_SHOP, user, texts, tmp_path / "r.db")
    reply = out[-1]["reply"]
    assert says in reply, reply
    assert len(_acts(out, "create_ticket")) <= 1 and _acts(out[1:], "add_to_ticket"), reply
