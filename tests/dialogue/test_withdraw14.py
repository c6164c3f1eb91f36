"""withdraw14 (#13): a return / exchange taken back for real, step by step against the built-in
shop seeded with the demo fixture — the cue, the proposal (one record, several: which?), the
answer to "which?", the yes that withdraws it through the shop, the refusal said with its
rule; and "keep the other" read as the named line's return."""
from __future__ import annotations

from decimal import Decimal

import pytest

from bot.dialogue import keep_other, withdraw
from bot.dialogue import matching as M
from bot.shop.models import ItemQty
from tests.dialogue.conftest import NOW, Env

ZHANG = "whatsapp:8613912345678"      # demo: open return RT20261126-0001 (earbuds, SO202611220541)
LI = "telegram:1002"                  # demo: open exchange EX20261121-0001 (T-shirt, SO202611170513)


# --- the cue -----------------------------------------------------------------------------------
@pytest.mark.parametrize("text,kind", [
    ("actually I'll keep it, cancel the return", "return"), ("nvm keep both, no return needed", "return"),
    ("I changed my mind about the return, please cancel it", "return"), ("scrap the return request", "return"),
    ("forget the return, I'll hang on to the helmet", "return"), ("退货不退了", "return"), ("我不退了 留着", "return"),
    ("退货申请帮我撤了吧", "return"), ("那个退货别办了", "return"), ("退货申请帮我撤销", "return"),
    ("换货不换了", "exchange"), ("never mind the exchange, the T-shirt fits fine", "exchange"),
    ("nvm about the swap, keeping the linear one", "exchange"), ("cancel the exchange, I'll keep it as is", "exchange"),
])
def test_a_withdrawal_is_read_in_any_phrasing(text: str, kind: str) -> None:
    got = withdraw.read(text)
    assert got is not None and got.kind == kind and not got.instead


@pytest.mark.parametrize("text", ["cancel my return and exchange the helmet for size M instead",
                                  "不退了，帮我换成M码吧", "退货取消，改成换货，换M号",
                                  "actually don't refund me, I'd rather swap it for an M"])
def test_a_return_withdrawn_for_an_exchange_is_read_as_both(text: str) -> None:
    assert withdraw.read(text) == withdraw.Withdrawal("return", instead=True)


@pytest.mark.parametrize("text", ["return the helmet, keep the gloves", "手套留着，头盔退掉", "I want to return the helmet",
                                  "don't forget to return my deposit",
                                  "头盔换成L号，手套不用换", "退货多久到账", "cancel my order", "the other one is fine"])
def test_a_request_or_keep_the_other_is_no_withdrawal(text: str) -> None:
    assert withdraw.read(text) is None


# --- step 1: the proposal ------------------------------------------------------------------------
async def test_one_open_return_is_proposed_for_a_yes_and_nothing_is_written(demo: Env) -> None:
    fc = await demo.ctx(ZHANG, "耳机不退了，还是留着吧", lang="zh")
    out = await withdraw.answer(fc)
    assert out is not None and out.step == "withdraw_offer"
    assert "RT20261126-0001" in out.answer and "SO202611220541" in out.answer and "无线耳机" in out.answer
    assert "待退款" in out.answer and "不用寄回" in out.answer          # what happens to the refund / parcel
    assert out.facts["offer_next"] == {"flow": "withdraw", "withdraw": "RT20261126-0001", "kind": "return",
                                       "order_id": "SO202611220541"}
    assert not demo.actions("cancel_return")
    assert [r.status for r in await demo.store.returns_for_order("SO202611220541")] == ["requested"]


async def test_an_open_exchange_is_proposed_with_the_replacement_dropped(demo: Env) -> None:
    out = await withdraw.answer(await demo.ctx(LI, "never mind the exchange, the T-shirt fits fine"))
    assert out is not None and "EX20261121-0001" in out.answer and "no replacement will be sent" in out.answer
    assert out.facts["offer_next"]["kind"] == "exchange"


async def test_nothing_open_leaves_the_turn_to_the_other_flows(demo: Env) -> None:
    assert await withdraw.answer(await demo.ctx("telegram:1001", "cancel my return please")) is None
    assert await withdraw.answer(await demo.ctx(ZHANG, "where is my parcel?")) is None


async def test_the_instead_offer_carries_the_exchange_of_the_same_lines(demo: Env) -> None:
    out = await withdraw.answer(await demo.ctx(ZHANG, "withdraw my return, I want an exchange instead"))
    assert out is not None and "exchange" in out.answer
    then = out.facts["offer_next"]["then"]
    assert then["order_id"] == "SO202611220541" and then["sku"] == "EB-PRO"
    assert [(i["sku"], i["qty"]) for i in then["items"]] == [("EB-PRO", 1)]


# --- step 2: several open, which one? -----------------------------------------------------------
async def _second_return(demo: Env) -> str:
    ret, _ = await demo.store.create_return("SO202611160527", "x", [ItemQty("UW-SET", 1)], NOW, Decimal("1.00"))
    return ret.id


async def test_several_open_returns_are_listed_and_the_answer_picks_one(demo: Env) -> None:
    second = await _second_return(demo)
    out = await withdraw.answer(await demo.ctx(ZHANG, "cancel my return please"))
    assert out is not None and out.step == "withdraw_which"
    assert "RT20261126-0001" in out.answer and second in out.answer
    offered = out.facts["offer_next"]
    assert offered["flow"] == "withdraw_which" and set(offered["choices"]) == {"RT20261126-0001", second}
    # "the first one" / the id: that record proposed for a yes
    listed_first = offered["choices"][0]
    picked = await withdraw.answer(await demo.ctx(ZHANG, "the first one"), offered)
    assert picked is not None and picked.step == "withdraw_offer"
    assert picked.facts["offer_next"]["withdraw"] == listed_first
    by_id = await withdraw.answer(await demo.ctx(ZHANG, f"{second} please"), offered)
    assert by_id is not None and by_id.facts["offer_next"]["withdraw"] == second
    # an answer about something else: not taken as a choice
    assert await withdraw.answer(await demo.ctx(ZHANG, "where is my rice cooker?"), offered) is None


# --- step 3: the yes -------------------------------------------------------------------------------
async def test_the_yes_withdraws_the_return_and_its_refund(demo: Env) -> None:
    fc = await demo.ctx(ZHANG, "yes")
    out, then = await withdraw.confirm(fc, {"flow": "withdraw", "withdraw": "RT20261126-0001", "kind": "return"})
    assert then is None and out.step == "done"
    assert "RT20261126-0001" in out.answer and "withdrawn" in out.answer and "refund" in out.answer
    assert [r.status for r in await demo.store.returns_for_order("SO202611220541")] == ["cancelled"]
    (action,) = demo.actions("cancel_return")
    assert action["ok"] and action["args"] == {"return_id": "RT20261126-0001"}


async def test_the_yes_withdraws_the_exchange(demo: Env) -> None:
    out, _ = await withdraw.confirm(await demo.ctx(LI, "好的", lang="zh"),
                                    {"flow": "withdraw", "withdraw": "EX20261121-0001", "kind": "exchange"})
    assert "EX20261121-0001" in out.answer and "已撤销" in out.answer
    assert [x.status for x in await demo.store.exchanges_for_order("SO202611170513")] == ["cancelled"]


async def test_the_yes_after_instead_hands_the_exchange_slots_on(demo: Env) -> None:
    then_slots = {"order_id": "SO202611220541", "items": [{"order_id": "SO202611220541", "sku": "EB-PRO"}]}
    out, then = await withdraw.confirm(await demo.ctx(ZHANG, "yes"), {"flow": "withdraw", "withdraw": "RT20261126-0001",
                                                                      "kind": "return", "then": then_slots})
    assert then == then_slots and "exchange" in out.answer
    assert [r.status for r in await demo.store.returns_for_order("SO202611220541")] == ["cancelled"]


async def test_a_record_no_longer_open_is_refused_with_its_rule(demo: Env) -> None:
    offer = {"flow": "withdraw", "withdraw": "RT20261126-0001", "kind": "return"}
    await withdraw.confirm(await demo.ctx(ZHANG, "yes"), offer)
    again, _ = await withdraw.confirm(await demo.ctx(ZHANG, "yes"), offer)
    assert again.step == "refused" and "already withdrawn" in again.answer
    # someone else's record: not found, nothing changed, a colleague offered
    theirs, _ = await withdraw.confirm(await demo.ctx(LI, "yes"), offer)
    assert theirs.step == "refused" and theirs.facts["offer_next"]["flow"] == "handoff"


# --- keep the other ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["the watch is fine, only the tote back", "keep the watch, send back the tote",
                                  "only the tote, the watch stays with me", "手表没问题，只退帆布包",
                                  "帆布包退掉 另一个留着", "手表不退，退帆布包"])
async def test_keep_the_other_returns_the_named_line(demo: Env, text: str) -> None:
    fc = await demo.ctx("web:dlee", "SO202611201712 " + text)
    refs = M.match_items(fc.turn.text, fc.orders, fc.catalogue)
    assert keep_other.returns_named(fc.turn.text, refs, fc.orders)


@pytest.mark.parametrize("text", ["the watch is fine, only the tote is scratched", "keep the watch, exchange the tote",
                                  "the watch is fine"])
async def test_keep_the_other_is_not_a_fault_or_an_exchange(demo: Env, text: str) -> None:
    fc = await demo.ctx("web:dlee", "SO202611201712 " + text)
    refs = M.match_items(fc.turn.text, fc.orders, fc.catalogue)
    assert not keep_other.returns_named(fc.turn.text, refs, fc.orders)


# --- whole conversations (the engine takes the offer's yes / no / choice first) -------------------
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay  # noqa: E402

VELO = Path(__file__).with_name("data") / "velo_shop_chf.json"


def _acted(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["name"]) for n, o in enumerate(out) for a in o["trace"]["actions"]
            if a["name"] in ("create_return", "create_exchange", "cancel_return", "cancel_exchange", "create_ticket")]


@pytest.mark.parametrize("texts,yes", [(["我不退了 留著"], "好"), (["nvm keep both, no return needed"], "yes")])
async def test_withdrawn_on_yes_in_either_script(settings: Any, tmp_path: Path, models: Any, texts: list[str],
                                                 yes: str) -> None:
    out, shop = await replay(settings, VELO, "web:tom", [*texts, yes], tmp_path / "c.db")
    assert out[0]["trace"]["dialogue"]["step"] == "withdraw_offer" and "RT-VN-0093" in out[0]["reply"]
    assert _acted(out) == [(1, "cancel_return")]
    assert [(r["id"], r["status"]) for r in shop["returns"]] == [("RT-VN-0093", "cancelled")]
    if not texts[0].isascii():
        assert "撤銷" in out[1]["reply"]                    # the reply in the customer's own script


async def test_a_no_leaves_the_record_open(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "telegram:5008", ["cancel the exchange, I'll keep the keyboard", "no"],
                             tmp_path / "c.db")
    assert "EXC-4001" in out[0]["reply"] and not _acted(out)
    assert next(x for x in shop["exchanges"] if x["id"] == "EXC-4001")["status"] == "requested"


async def test_withdraw_then_exchange_on_one_yes(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, VELO, "web:tom", ["不退了，帮我换成M码吧", "好的"], tmp_path / "c.db")
    assert _acted(out) == [(1, "cancel_return")]
    assert [(r["id"], r["status"]) for r in shop["returns"]] == [("RT-VN-0093", "cancelled")]
    assert out[1]["trace"]["flow"]["name"] == "exchange_request"
    assert "RT-VN-0093" in out[1]["reply"] and "换" in out[1]["reply"]


async def test_several_open_asked_which_then_withdrawn(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, DEMO_SHOP, "web:dlee",
                             ["SO202611201712 return the watch", "yes", "also return the tote bag from SO202611201712",
                              "yes", "never mind, cancel my return", "the watch one", "yes"], tmp_path / "c.db")
    made = {r["items"][0]["sku"]: r for r in shop["returns"] if r["order_id"] == "SO202611201712"}
    assert set(made) == {"WATCH-S2", "BAG-TOTE"}, [o["reply"] for o in out]
    assert out[4]["trace"]["dialogue"]["step"] == "withdraw_which", out[4]["reply"]
    assert made["WATCH-S2"]["id"] in out[4]["reply"] and made["BAG-TOTE"]["id"] in out[4]["reply"]
    assert out[5]["trace"]["dialogue"]["step"] == "withdraw_offer" and made["WATCH-S2"]["id"] in out[5]["reply"]
    assert (made["WATCH-S2"]["status"], made["BAG-TOTE"]["status"]) == ("cancelled", "requested")


# --- too late to withdraw: said up front, with the rule ------------------------------------------
async def test_a_return_whose_refund_is_on_its_way_is_refused_before_any_yes(demo: Env) -> None:
    from sqlalchemy import insert

    from bot.db import query as q
    from bot.shop.store import schema as S
    # the shop has started paying the return's refund (a "processing" refund naming it)
    await demo.store._exec(q.Statement(insert(S.refunds).values(
        id="RF-LATE", order_id="SO202611220541", amount="399.00", currency="CNY", status="processing",
        reason="return", return_id="RT20261126-0001", refund_to=None, created_at="2026-11-27T10:00:00+08:00")))
    out = await withdraw.answer(await demo.ctx(ZHANG, "算了，退货取消吧", lang="zh"))
    assert out is not None and out.step == "withdraw_refused" and "RT20261126-0001" in out.answer
    assert "退款已经退出" in out.answer and out.facts["offer_next"]["flow"] == "handoff"
    assert [r.status for r in await demo.store.returns_for_order("SO202611220541")] == ["requested"]


async def test_a_request_named_by_its_id_with_a_cancel_word_is_a_withdrawal(demo: Env) -> None:
    out = await withdraw.answer(await demo.ctx(LI, "please cancel EX20261121-0001, the shirt fits"))
    assert out is not None and out.step == "withdraw_offer" and out.facts["offer_next"]["kind"] == "exchange"
    # an order id with a cancel word is no request id: nothing here
    assert await withdraw.answer(await demo.ctx(LI, "cancel SO202611170513")) is None


async def test_keep_the_other_answering_another_flows_question_stays_that_flow(settings: Any, tmp_path: Path,
                                                                               models: Any) -> None:
    out, shop = await replay(settings, VELO, "web:mara", ["VN/26/4417 I want to exchange something",
                                                          "just the helmet, the gloves are fine"], tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["name"] == "exchange_request", out[1]["reply"]
    assert not [r for r in shop["returns"] if r["order_id"] == "VN/26/4417"]


@pytest.mark.parametrize("texts", [["VN/26/4417 the gloves are fine, only the helmet back", "yes"],
                                   ["VN/26/4417 手套没问题，只退头盔", "好"], ["VN/26/4417 手套留著，只退頭盔", "好"]])
async def test_keep_the_other_is_the_named_lines_return_with_no_question(settings: Any, tmp_path: Path, models: Any,
                                                                         texts: list[str]) -> None:
    out, shop = await replay(settings, VELO, "web:mara", texts, tmp_path / "c.db")
    assert out[0]["trace"]["flow"] == {"name": "return_request", "step": "confirm"}, out[0]["reply"]
    made = [r for r in shop["returns"] if r["order_id"] == "VN/26/4417"]
    assert [[i["sku"] for i in r["items"]] for r in made] == [["HLM-M-BK"]]


async def test_tools_that_cannot_withdraw_offer_a_colleague_and_write_nothing(demo: Env) -> None:
    class OldTools:            # a shop tool set from before withdraw14: no withdraw_request
        def __getattr__(self, name: str) -> Any:
            if name == "withdraw_request":
                raise AttributeError(name)
            return getattr(demo.tools, name)

    fc = await demo.ctx(ZHANG, "yes")
    fc.tools = OldTools()
    out, then = await withdraw.confirm(fc, {"flow": "withdraw", "withdraw": "RT20261126-0001", "kind": "return"})
    assert then is None and out.step == "refused" and out.facts["offer_next"]["flow"] == "handoff"
    assert "RT20261126-0001" in out.facts["offer_next"]["reason"]
    assert [r.status for r in await demo.store.returns_for_order("SO202611220541")] == ["requested"]
