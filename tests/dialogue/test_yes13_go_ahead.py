"""yes13 (#13): a clear go-ahead to an open confirmation performs the write, in Chinese and English.

Everyday yes words ("alright", "fine by me", "that's fine", 👍, "麻烦您了", "拜托了", and the Taiwan /
Hong Kong wording once converted: "好喔", "对啊", "没错", "可以啊", "嗯嗯好", "OK的", "行"); "就这样(吧)" to
a proposal settles it (no goodbye); a pick among the versions offered with a yes clause of its own
("the M one, yes", "黑色那个，好的"); a yes to the only version offered after a sold-out answer writes it
when it costs the same (another price: the confirmation with the amount first); a message with no
thanks word guessed as "thanks" at an open question is asked again, never "you're welcome"; a short
polite yes gets no apology. A no / "等一下" / "wait" writes nothing; a yes with nothing open writes
nothing. On the demo shops, an older playtest shop (other ids, options, currency) and a generated shop.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import closing, pick_and_go
from bot.dialogue.engine import _asks_for_yes
from bot.dialogue.legacy import _polite_yes, yes_no
from bot.dialogue.sold_out_pick import pick_among
from bot.dialogue.state import Frame
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

ROOT = Path(__file__).resolve().parents[2]
SHOP5 = ROOT / "tests" / "playtest8" / "shop5" / "shop.json"
WRITES = ("cancel_order", "change_items", "create_exchange", "create_return", "change_address",
          "change_payment", "create_ticket", "request_invoice")


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str]]:
    return [(n, a["name"]) for n, o in enumerate(out) for a in o["trace"]["actions"]
            if a["name"] in WRITES and a.get("ok", True)]


# --- unit: the yes words ------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["alright", "all right then", "fine by me", "fine, go ahead", "that's fine",
                                  "okey", "kk", "certainly", "proceed", "👍", "👌", "✅ thanks", "Ok的", "OK的",
                                  "麻烦您了", "好的 麻烦你了", "拜托了", "当然", "妥了", "好喔", "对啊", "没错", "可以啊",
                                  "嗯嗯好", "行", "就这样", "可以 谢谢"])
def test_everyday_go_ahead_words_are_a_yes(text: str) -> None:
    assert yes_no(text) is True


@pytest.mark.parametrize("text", ["👎", "❌", "先不要", "wait", "no thanks", "不用了"])
def test_a_no_or_a_wait_is_a_no(text: str) -> None:
    assert yes_no(text) is False


@pytest.mark.parametrize("text", ["等一下", "稍等", "hmm let me check first", "让我想想"])
def test_a_pause_is_no_yes(text: str) -> None:
    assert yes_no(text) is not True


@pytest.mark.parametrize("text", ["当然不要", "妥协一下", "行李箱坏了", "好像坏了", "麻烦死了"])
def test_words_that_only_begin_like_a_yes_are_not_one(text: str) -> None:
    assert yes_no(text) is not True


def test_settling_words_agree_at_a_proposal_and_a_farewell_still_closes() -> None:
    for text in ("就这样", "就这样吧，谢谢", "好的，就这样吧"):
        assert closing.yes_with_thanks(text), text
    for text in ("就这样吧 再见", "thanks bye", "算了 不用了", "no thanks, that's all"):
        assert closing.closes(text) and not closing.yes_with_thanks(text), text


def test_a_short_polite_yes_is_never_upset() -> None:
    assert _polite_yes("好的 麻烦你了") and _polite_yes("ok thanks, go ahead")
    assert not _polite_yes("好的，但是你们发货太慢了，我等了两个星期都没有收到")
    assert not _polite_yes("麻烦死了")


# --- unit: a pick with its yes, the one version offered ----------------------------------------

def _named(clause: str) -> bool:
    return "right zip" in clause or "43" in clause


@pytest.mark.parametrize("text", ["the right zip one, yes", "the right zip one yes please", "黑色那个，确认",
                                  "43码那个 好的", "好，那就43码吧", "the M one, ok", "👍"])
def test_a_yes_clause_next_to_the_pick_is_its_go_ahead(text: str) -> None:
    assert pick_and_go.says_yes(text, _named)


@pytest.mark.parametrize("text", ["right zip then", "那就43码吧", "43码那个不好", "ok but how much is it?",
                                  "43码那个，先别确认", "no, the M one", "等一下"])
def test_a_pick_without_a_yes_or_with_a_no_is_no_go_ahead(text: str) -> None:
    assert not pick_and_go.says_yes(text, _named)


def test_the_one_version_offered_and_a_value_it_lacks() -> None:
    one = {"sold_out": {"sku": "A-1", "candidates": [{"width": "143mm", "colour": "black"}]}}
    two = {"offered_options": [{"size": "M"}, {"size": "L"}]}
    assert pick_and_go.single_offer(one) == {"width": "143mm", "colour": "black"}
    assert pick_and_go.single_offer(two) == {} and pick_and_go.single_offer({}) == {}
    assert pick_and_go.single_offer({"offered_options": [{"size": "M"}]}) == {"size": "M"}
    assert pick_and_go.conflicts({"colour": "black"}, [("colour", "white")])
    assert not pick_and_go.conflicts({"colour": "black"}, [("colour", "Black"), ("size", "L")])


def test_a_short_value_alone_picks_among_the_versions_offered() -> None:
    product = {"id": "P-J", "name": "Rain jacket", "options": {"size": ["S", "M", "L"], "color": ["black", "red", "navy"]}}
    cands = [{"size": "M", "color": "red"}, {"size": "L", "color": "black"}, {"size": "L", "color": "navy"}]
    assert pick_among("the M one, yes", product, cands) == {"size": "M", "color": "red"}
    assert pick_among("L navy", product, cands) == {"size": "L", "color": "navy"}
    assert pick_among("the L one", product, cands) is None          # two of them have L
    assert pick_among("I'm not sure", product, cands) is None       # no M inside a word


def test_a_question_offering_one_line_or_one_version_waits_for_a_yes() -> None:
    assert _asks_for_yes(Frame("cancel_order", "confirm", {"order_id": "X"}))
    assert _asks_for_yes(Frame("return_request", "choose_items", {"offered": ["SKU-1"]}))
    assert _asks_for_yes(Frame("modify_order", "ask_change", {"sold_out": {"candidates": [{"a": "1"}]}}))
    assert _asks_for_yes(Frame("modify_order", "ask_change", {"offered_options": [{"a": "1"}, {"a": "2"}]}))
    assert not _asks_for_yes(Frame("modify_order", "ask_change", {"order_id": "X"}))       # an open question
    assert not _asks_for_yes(Frame("cancel_order", "done", {"order_id": "X"}))


# --- whole conversations --------------------------------------------------------------------------

@pytest.mark.parametrize("shop,user,texts,write", [
    (DEMO_SHOP, "telegram:1001", ["取消订单SO202611270605", "就这样"], "cancel_order"),
    (DEMO_SHOP, "telegram:1001", ["取消订单SO202611270605", "👍"], "cancel_order"),
    (EN_SHOP, "telegram:5001", ["please cancel order #W7096158", "alright"], "cancel_order"),
    (EN_SHOP, "telegram:5001", ["please cancel order #W7096158", "fine by me"], "cancel_order"),
    (SHOP5, "telegram:5501", ["TRL-261126-03 的轮胎帮我换成40mm的", "就这样"], "change_items"),
    (SHOP5, "telegram:5501", ["on TRL-261126-03 please change the tyres to 40mm width", "fine, go ahead"], "change_items"),
    (DEMO_SHOP, "telegram:1001", ["SO202611210549 帮我开个发票，抬头个人", "就这样吧"], "request_invoice"),
    (EN_SHOP, "telegram:5001", ["the headphones from #W9024138 — I'd like to exchange them for silver", "alright then"],
     "create_exchange"),
])
async def test_an_everyday_go_ahead_writes_the_confirmed_change(settings: Any, tmp_path: Path, models: Any, shop: Path,
                                                                user: str, texts: list[str], write: str) -> None:
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert _writes(out) == [(1, write)]


@pytest.mark.parametrize("texts", [["TRL-261126-03 的轮胎帮我换成40mm的", "等一下"],
                                   ["cancel order TRL-261126-03 please", "wait"],
                                   ["TRL-261126-03 的轮胎帮我换成40mm的", "👎"],
                                   ["你好", "好的谢谢"]])
async def test_a_wait_a_no_or_a_yes_with_nothing_open_writes_nothing(settings: Any, tmp_path: Path, models: Any,
                                                                    texts: list[str]) -> None:
    out, _ = await replay(settings, SHOP5, "telegram:5501", texts, tmp_path / "c.db")
    assert _writes(out) == []


async def test_a_polite_yes_at_an_address_change_writes_it_without_an_apology(settings: Any, tmp_path: Path,
                                                                             models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP, "telegram:1001",
                          ["SO202611270605的收货地址改成上海市浦东新区世纪大道100号", "好的 麻烦你了"], tmp_path / "c.db")
    assert _writes(out) == [(1, "change_address")]
    assert "抱歉" not in out[1]["reply"]


@pytest.mark.parametrize("second", ["好的", "黑色那个，确认", "好的谢谢", "嗯嗯 可以", "the black one, yes"])
async def test_a_yes_to_the_only_version_offered_at_the_same_price_writes_it(settings: Any, tmp_path: Path,
                                                                            models: Any, second: str) -> None:
    first = "TRL-261126-10 的座垫换成143mm白色的" if second[0] > "z" else "on TRL-261126-10 change the saddle to 143mm white"
    out, shop = await replay(settings, SHOP5, "web:miat", [first, second], tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["step"] == "ask_change"
    assert _writes(out) == [(1, "change_items")]
    order = next(o for o in shop["orders"] if o["id"] == "TRL-261126-10")
    assert sorted(i["sku"] for i in order["items"]) == ["LIGHT-400", "SADDLE-143-BK"]


async def test_ok_thanks_to_two_versions_offered_asks_which_and_drops_nothing(settings: Any, tmp_path: Path,
                                                                              models: Any) -> None:
    out, _ = await replay(settings, SHOP5, "web:miat", ["on TRL-261126-10 change the saddle to 143mm white", "ok thanks",
                                                        "the black one, yes"], tmp_path / "c.db")
    assert "143mm" in out[0]["reply"] and "155mm" in out[0]["reply"]           # two versions offered
    assert out[1]["trace"]["flow"]["step"] == "ask_change" and "haven't changed" not in out[1]["reply"]
    assert _writes(out) == [(2, "change_items")]


async def test_a_pick_named_by_a_bare_size_with_its_yes_writes_it(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, EN_SHOP, "telegram:5001",
                             ["change the rain jacket on #W7096158 to red in L", "the M one, yes"], tmp_path / "c.db")
    assert _writes(out) == [(1, "change_items")]
    order = next(o for o in shop["orders"] if o["id"] == "#W7096158")
    assert "RJ-M-RED" in [i["sku"] for i in order["items"]]


async def test_several_versions_offered_and_a_bare_yes_writes_nothing(settings: Any, tmp_path: Path,
                                                                      models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "telegram:5001",
                          ["change the rain jacket on #W7096158 to red in L", "yes"], tmp_path / "c.db")
    assert _writes(out) == []


async def test_another_price_gets_its_confirmation_first_then_the_yes_writes(settings: Any, tmp_path: Path,
                                                                             models: Any) -> None:
    gen = make_shop(7, tmp_path / "gen7", "slashed")
    oid = next(o["id"] for o in gen.fixture["orders"] if o["customer_id"] == "c7-1" and o["status"] == "paid")
    out, _ = await replay(settings, gen.path, gen.identity["c7-1"],
                          [f"{oid} 的钢笔想换成medium 墨黑的", "好的", "好的谢谢"], tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "confirm" and "CHF" in out[1]["reply"]
    assert _writes(out) == [(2, "change_items")]


async def test_an_unread_pick_at_the_question_is_asked_again_not_thanked(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, _ = await replay(settings, SHOP5, "telegram:5502",
                          ["TRL-261125-02 的睡袋想换成0°C左拉链的", "那就右拉链吧", "好"], tmp_path / "c.db")
    assert "不客气" not in out[1]["reply"] and out[1]["trace"]["flow"]["step"] == "ask_change"
    assert out[2]["trace"]["flow"]["step"] == "confirm"       # (another price: its amount asked first)
    assert _writes(out) == []


async def test_a_yes_with_thanks_to_the_one_line_offered_goes_on_to_its_return(settings: Any, tmp_path: Path,
                                                                               models: Any) -> None:
    out, _ = await replay(settings, DEMO_SHOP, "telegram:1001",
                          ["SO202611210549的坚果礼盒想退货，不想要了", "好的谢谢", "确认"], tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "confirm"
    assert _writes(out) == [(2, "create_return")]
