"""Round 4 (#13) a clear yes at the bot's own confirmation writes exactly what was confirmed, once:
a yes that says the request again ("yes cancel X", "yes remove the kite", the bare pending order id),
a yes in the other language with a thanks ("好的，谢谢"), a yes after another topic in between
("ok yes cancel it" to the change offered back), a yes with a new request ("please do. also an
invoice"), a "yes but <question>" (written and answered); a question alone keeps the confirmation
open and is answered ("会退到哪里？"); a no writes nothing. On the English and Chinese demo shops and
generated shops (other ids, currencies, catalogues)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import closing, restated_yes, yes_and_question
from bot.dialogue.commands import Command, Understood
from bot.dialogue.flows import side_question
from bot.dialogue.state import Frame
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

WRITES = ("cancel_order", "change_items", "create_exchange", "create_return", "change_shipping_address",
          "change_payment_method", "create_ticket", "request_invoice")


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str, str]]:
    return [(n, a["name"], str((a.get("args") or {}).get("order_id"))) for n, o in enumerate(out)
            for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok", True)]


def _status(shop: dict[str, Any], order_id: str) -> str:
    return str(next(o for o in shop["orders"] if o["id"] == order_id)["status"])


# --- unit: the pieces ---------------------------------------------------------------------------

CANCEL = Frame("cancel_order", "confirm", {"order_id": "K-7X4Z"})
REMOVE = Frame("modify_order", "confirm", {"order_id": "K-7X4Z",
                                           "items": [{"order_id": "K-7X4Z", "sku": "P30-1", "excluded": False}]})


def _u(*commands: Command) -> Understood:
    return Understood(tuple(commands), 0.9, "test")


def _start(flow: str, **slots: Any) -> tuple[Command, ...]:
    return (Command("start_flow", {"flow": flow}), *([Command("set_slot", slots)] if slots else []))


@pytest.mark.parametrize("text,commands", [
    ("yes cancel K-7X4Z", _start("cancel_order", order_id="K-7X4Z")),
    ("好的，取消K-7X4Z", _start("cancel_order", order_id="K-7X4Z")),
    ("ok yes cancel it", _start("cancel_order")),
    ("K-7X4Z", _start("order_status", order_id="K-7X4Z")),
    ("就是K-7X4Z这个订单", (Command("set_slot", {"order_id": "K-7X4Z"}),)),
    ("sure, order K-7X4Z", _start("cancel_order", order_id="K-7X4Z")),
])
def test_a_yes_repeating_the_pending_cancel_is_its_yes(text: str, commands: tuple[Command, ...]) -> None:
    assert restated_yes.restates(text, CANCEL, _u(*commands))


@pytest.mark.parametrize("text,commands", [
    ("cancel A-6F2K", _start("cancel_order", order_id="A-6F2K")),             # another order
    ("no, cancel A-6F2K instead", _start("cancel_order", order_id="A-6F2K")),
    ("don't cancel K-7X4Z", _start("cancel_order", order_id="K-7X4Z")),
    ("不要取消K-7X4Z", _start("cancel_order", order_id="K-7X4Z")),
    ("where is K-7X4Z?", _start("order_status", order_id="K-7X4Z")),          # a question, not only the id
    ("ok but how long does the refund take?", (Command("knowledge_answer", {"topic": "refund", "at_confirm": True}),)),
    ("cancel K-7X4Z", (Command("deny"), *_start("cancel_order", order_id="K-7X4Z"))),
])
def test_anything_new_or_a_no_is_not_a_restated_yes(text: str, commands: tuple[Command, ...]) -> None:
    assert not restated_yes.restates(text, CANCEL, _u(*commands))


def test_a_line_change_restated_is_a_yes_and_another_line_or_option_is_not() -> None:
    kite = {"order_id": "K-7X4Z", "sku": "P30-1", "excluded": False}
    book = {"order_id": "K-7X4Z", "sku": "P33-1", "excluded": False}
    assert restated_yes.restates("yes remove the kite", REMOVE, _u(Command("set_slot", {"items": [kite]})))
    assert restated_yes.restates("对，去掉风筝", REMOVE, _u(Command("set_slot", {"items": [kite]})))
    assert not restated_yes.restates("yes remove the notebook", REMOVE, _u(Command("set_slot", {"items": [book]})))
    assert not restated_yes.restates("yes but the 2.2m one", REMOVE,
                                     _u(Command("set_slot", {"items": [kite], "options": {"span": "2.2m"}})))


def test_a_yes_with_a_new_request_names_that_request_unless_it_replaces_the_pending_one() -> None:
    flows = {"invoice": 1, "order_status": 1, "return_request": 1, "change_address": 1}
    invoice = _u(*_start("invoice"))
    assert restated_yes.yes_with_new_request("please do. also can I get an invoice?", CANCEL, invoice, flows) == "invoice"
    assert restated_yes.yes_with_new_request("好的，另外帮我开个发票", CANCEL, invoice, flows) == "invoice"
    assert restated_yes.yes_with_new_request("can I get an invoice?", CANCEL, invoice, flows) is None     # no yes
    assert restated_yes.yes_with_new_request("ok, then a return instead", CANCEL, _u(*_start("return_request")),
                                             flows) is None
    assert restated_yes.yes_with_new_request("好的，那退货吧", CANCEL, _u(*_start("return_request")), flows) is None


@pytest.mark.parametrize("text", ["ok thanks", "好的，谢谢", "好的谢谢", "嗯嗯 谢谢", "okay thank you"])
def test_an_ok_with_thanks_is_a_yes(text: str) -> None:
    assert closing.yes_with_thanks(text)


@pytest.mark.parametrize("text", ["谢谢", "thanks", "thank you", "ok thanks, bye", "好的谢谢 再见", "算了 谢谢"])
def test_a_bare_thanks_or_a_farewell_is_not_a_yes(text: str) -> None:
    assert not closing.yes_with_thanks(text)


@pytest.mark.parametrize("text,yes", [("yes but how long does the refund take?", True),
                                      ("ok but when will the money be back?", True),
                                      ("好的，不过退款多久到账？", True),
                                      ("yes but make it the blue one", False),
                                      ("ok but wait", False), ("可以但是先别取消", False)])
def test_yes_but_a_question_is_a_yes_and_a_condition_is_not(text: str, yes: bool) -> None:
    assert yes_and_question.yes_first(text, []) is yes


@pytest.mark.parametrize("text", ["会退到哪里？", "钱会退到哪里", "退给我哪个账户？", "where does the refund go?"])
def test_where_the_refund_goes_is_a_side_question(text: str) -> None:
    assert side_question.kind(text) == "refund"


# --- conversations -------------------------------------------------------------------------------

def _gen(seed: int, shape: str, tmp_path: Path) -> Path:
    return make_shop(seed, tmp_path / f"gen{seed}", shape).path


def _shops(tmp_path: Path) -> dict[str, Path]:
    return {"en": EN_SHOP, "zh": DEMO_SHOP, "gen12": _gen(12, "suffixed", tmp_path), "gen3": _gen(3, "short", tmp_path)}


# (shop, user, texts, the turn that writes, the action, the order it acts on)
YES = [
    ("gen12", "telegram:12177", ["cancel SO-41111-H", "好的，谢谢"], 1, "cancel_order", "SO-41111-H"),
    ("en", "discord:880011223344", ["cancel #W6455030", "where is #W2501713?", "ok yes cancel it"], 2,
     "cancel_order", "#W6455030"),
    ("gen3", "telegram:3177", ["remove the stunt kite from K-7X4Z", "yes remove the kite"], 1, "change_items", "K-7X4Z"),
    ("en", "discord:880011223344", ["I'd like to cancel an order", "#W6455030"], 1, "cancel_order", "#W6455030"),
    ("zh", "feishu:ou_7f3a9c2e1b8d", ["取消订单", "好的，取消SO202611270438"], 1, "cancel_order", "SO202611270438"),
    ("gen3", "telegram:3077", ["cancel C-8Q4P", "yes, cancel C-8Q4P please"], 1, "cancel_order", "C-8Q4P"),
    ("en", "line:U8a7f0owen", ["cancel #W8744915", "yes but how long does the refund take?"], 1, "cancel_order",
     "#W8744915"),
    ("en", "slack:U07ETHAN", ["cancel #W1147384", "please do. also can I get an invoice for it?"], 1, "cancel_order",
     "#W1147384"),
]


@pytest.mark.parametrize("key,user,texts,turn,action,order_id", YES)
async def test_a_clear_yes_writes_exactly_what_was_confirmed_once(
        settings: Any, tmp_path: Path, models: Any, key: str, user: str, texts: list[str], turn: int, action: str,
        order_id: str) -> None:
    out, exported = await replay(settings, _shops(tmp_path)[key], user, texts, tmp_path / "c.db")
    assert out[turn - 1]["trace"]["flow"]["step"] in ("confirm", "done")
    changes = [w for w in _writes(out) if w[1] != "request_invoice"]
    assert changes == [(turn, action, order_id)]
    if action == "cancel_order":
        assert _status(exported, order_id) == "cancelled"


async def test_yes_but_a_refund_question_writes_and_answers(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "line:U8a7f0owen",
                          ["cancel #W8744915", "yes but how long does the refund take?"], tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "done"
    assert "business days" in out[1]["reply"] and "Shall I" not in out[1]["reply"]


@pytest.mark.parametrize("key,user,texts,order_id", [
    ("zh", "whatsapp:8613912345678", ["取消订单 SO202611262115", "会退到哪里？", "好的"], "SO202611262115"),
    ("gen12", "telegram:12177", ["取消订单 SO-41111-H", "钱会退到哪里？", "确认"], "SO-41111-H"),
])
async def test_a_question_alone_is_answered_the_confirmation_kept_and_the_next_yes_writes(
        settings: Any, tmp_path: Path, models: Any, key: str, user: str, texts: list[str], order_id: str) -> None:
    out, exported = await replay(settings, _shops(tmp_path)[key], user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"]["step"] == "confirm"
    assert "原支付方式" in out[1]["reply"] or "原路" in out[1]["reply"]
    assert "跟您确认一下" not in out[1]["reply"]                       # answered, not the proposal again
    assert order_id in out[1]["reply"]                                  # the yes asked again, short
    assert _writes(out) == [(2, "cancel_order", order_id)]
    assert _status(exported, order_id) == "cancelled"


@pytest.mark.parametrize("key,user,texts,order_id", [
    ("en", "slack:U07ETHAN", ["cancel #W1147384", "no, don't"], "#W1147384"),
    ("zh", "whatsapp:8615811112222", ["取消订单 SO202611252135", "不用了，先不取消"], "SO202611252135"),
    ("gen12", "telegram:12077", ["cancel SO-41037-C", "no, cancel SO-41037-C? actually keep it"], "SO-41037-C"),
    ("gen3", "telegram:3177", ["cancel K-7X4Z", "谢谢"], "K-7X4Z"),
])
async def test_a_no_or_a_bare_thanks_writes_nothing_and_says_so(
        settings: Any, tmp_path: Path, models: Any, key: str, user: str, texts: list[str], order_id: str) -> None:
    out, exported = await replay(settings, _shops(tmp_path)[key], user, texts, tmp_path / "c.db")
    assert _writes(out) == []
    assert _status(exported, order_id) in ("paid", "pending")
    assert any(w in out[1]["reply"] for w in ("haven't changed anything", "没有做任何修改", "Nothing has been changed",
                                              "还没有做任何修改"))


@pytest.mark.parametrize("text,kind", [("does the new one cost more?", "difference"), ("要补差价吗？", "difference"),
                                       ("is the new one more expensive?", "difference"),
                                       ("是全额退款吗？", "amount"), ("will I get the full amount back?", "amount"),
                                       ("how much is the tenor one?", "variant_price")])
def test_price_and_amount_questions_at_a_confirmation_are_told_apart(text: str, kind: str) -> None:
    assert side_question.kind(text) == kind


@pytest.mark.parametrize("key,user,texts,order_id,told", [
    ("gen3", "telegram:3177", ["cancel K-7X4Z", "will I get the full amount back?", "ok go ahead"], "K-7X4Z",
     "217.50"),
    ("zh", "whatsapp:8615811112222", ["SO202611252135 取消", "是全额退款吗？", "嗯嗯"], "SO202611252135", "699.00"),
])
async def test_a_full_refund_question_at_a_cancel_gets_the_paid_amount_and_the_yes_then_writes(
        settings: Any, tmp_path: Path, models: Any, key: str, user: str, texts: list[str], order_id: str,
        told: str) -> None:
    out, exported = await replay(settings, _shops(tmp_path)[key], user, texts, tmp_path / "c.db")
    assert out[1]["trace"]["flow"] == {"name": "cancel_order", "step": "confirm"}
    assert told in out[1]["reply"] and order_id in out[1]["reply"]
    assert "Just to confirm" not in out[1]["reply"] and "跟您确认一下" not in out[1]["reply"]
    assert _writes(out) == [(2, "cancel_order", order_id)]


async def test_does_the_new_one_cost_more_is_answered_from_the_swap_prices(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    shop = _gen(12, "suffixed", tmp_path)
    out, exported = await replay(settings, shop, "telegram:12177",
                                 ["SO-41111-H change the yoga mat to clay", "does the new one cost more?", "ok"],
                                 tmp_path / "c.db")
    assert out[0]["trace"]["flow"]["step"] == "confirm"
    assert out[1]["trace"]["flow"]["step"] == "confirm"
    assert "cheaper" in out[1]["reply"] and "25.00" in out[1]["reply"]      # the catalogue's two prices
    assert _writes(out) == [(2, "change_items", "SO-41111-H")]


async def test_a_yes_with_a_shipping_question_writes_and_answers(settings: Any, tmp_path: Path, models: Any) -> None:
    shop = _gen(12, "suffixed", tmp_path)
    out, _ = await replay(settings, shop, "telegram:12177",
                          ["remove the desk lamp from SO-41111-H", "ok and when will the rest ship?"], tmp_path / "c.db")
    assert _writes(out) == [(1, "change_items", "SO-41111-H")]
    # The generated shop's pages state no dispatch time: its status, and no invented hours (orders12).
    assert "being prepared" in out[1]["reply"] and "48" not in out[1]["reply"] and "Shall I" not in out[1]["reply"]
