"""#13 edits14 — edits inside an open confirmation, and the steps before it:

1. a removal's kept line corrected at its confirmation ("the other way round: keep the black one and
   remove the navy", "说反了", "不對，留安全帽，自行車拿掉") redoes what goes and what stays;
2. a question about the item's condition inside an open return confirmation ("is it ok if I already
   opened it?") is answered from the shop's page and the return stays open with its quantity;
3. a plain one-line option change ("can I get the navy jacket in L instead", "the helmet in M") changes
   the line named, in the value named (a letter size said without its measure);
4. a pre-dispatch change answered with two dimensions ("1.7L，还有要玻璃的", "Queen and firm") keeps
   both, on the line asked about (never another line that has one of the values).

Demo shops, the Taipei bike shop (tests/dialogue/bike_shop.py) and round 8 / 9's outdoor and
home-goods shops (other ids, currencies and option dimensions)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import confirm_questions as CQ
from bot.dialogue import kept_lines as KL
from bot.dialogue import matching as M
from bot.dialogue import tied_lines as TL
from bot.lang.script import to_simplified
from bot.shop import catalog
from tests.dialogue import bike_shop
from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

ROOT = Path(__file__).resolve().parents[2]
SHOP5 = ROOT / "tests" / "playtest8" / "shop5" / "shop.json"
SHOP6 = ROOT / "tests" / "playtest9" / "shop6" / "shop.json"
WRITES = ("cancel_order", "change_items", "create_exchange", "create_return", "change_address")
BIKE_USER = bike_shop.USER


def _fixture(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _catalogue(fixture: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in fixture["products"]}


def _order(fixture: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(o for o in fixture["orders"] if o["id"] == oid)


def _bike(tmp_path: Path) -> Path:
    path = bike_shop.write(tmp_path)
    fixture = _fixture(path)
    fixture["knowledge"] = str(ROOT / "config" / "knowledge")
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    return path


def _writes(out: list[dict[str, Any]]) -> list[tuple[int, str, dict[str, Any], dict[str, Any]]]:
    return [(n, a["name"], a.get("args") or {}, a.get("result") or {}) for n, o in enumerate(out)
            for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


# --- unit: what goes and what stays, redone ------------------------------------------------------

_EN = _fixture(EN_SHOP)
_JACKETS = _order(_EN, "#W8254811")              # RJ-L-BLK, RJ-M-NVY
_BIKE = {"products": bike_shop.PRODUCTS}
_TPE = next(o for o in bike_shop.ORDERS if o["id"] == "TPE-88123")     # CITY-M-BK, HLM-L-GY


@pytest.mark.parametrize("text,removed,after", [
    ("sorry, the other way round: keep the black one and remove the navy", ["RJ-L-BLK"], ["RJ-M-NVY"]),
    ("说反了，留黑色的，navy那件不要", ["RJ-L-BLK"], ["RJ-M-NVY"]),
    ("the other way round please", ["RJ-L-BLK"], ["RJ-M-NVY"]),
    ("搞反了", ["RJ-M-NVY"], ["RJ-L-BLK"]),
    ("no, keep the black one", ["RJ-L-BLK"], None),          # nothing left to remove: the flow's own path
    ("also remove the navy", ["RJ-L-BLK"], None),            # a further removal, not a regrouping
    ("yes", ["RJ-L-BLK"], None),
])
def test_the_lines_kept_and_removed_are_redone(text: str, removed: list[str], after: list[str] | None) -> None:
    assert KL.regroup(text, _JACKETS, removed, _catalogue(_EN)) == after


@pytest.mark.parametrize("text,removed,after", [
    ("不對，留安全帽，自行車拿掉", ["HLM-L-GY"], ["CITY-M-BK"]),
    ("no wait, keep the helmet, remove the bike", ["HLM-L-GY"], ["CITY-M-BK"]),
    ("keep the bike, drop the helmet instead", ["CITY-M-BK"], ["HLM-L-GY"]),
])
def test_lines_named_by_product_or_category_are_regrouped_in_another_shop(text: str, removed: list[str],
                                                                          after: list[str]) -> None:
    # the understanding reads the simplified form of a traditional-Chinese message
    assert KL.regroup(to_simplified(text), _TPE, removed, _catalogue(_BIKE)) == after


def test_one_line_orders_are_never_regrouped() -> None:
    one = {"id": "X", "items": [_JACKETS["items"][0]]}
    assert KL.regroup("the other way round", one, ["RJ-L-BLK"], _catalogue(_EN)) is None


# --- unit: the item's condition asked at a return ------------------------------------------------

@pytest.mark.parametrize("text,flow,kind", [
    ("is it ok if I already opened it?", "return_request", "condition"),
    ("我已经拆开穿过一次了，还能退吗？", "return_request", "condition"),
    ("does it matter that I've worn them once?", "exchange_request", "condition"),
    ("is that fine if I've opened the wrapping?", "return_request", "condition"),
    ("I opened it", "return_request", None),                           # no question: a remark
    ("is it ok if I already opened it?", "modify_order", None),        # an unshipped change has no condition
    ("when do I get my money?", "return_request", None),
])
def test_a_condition_question_at_a_return_is_told_apart(text: str, flow: str, kind: str | None) -> None:
    assert CQ.kind(text, flow) == kind


class _Page:
    def __init__(self, text: str) -> None:
        self.text = text


class _KB:
    def __init__(self, *pages: str) -> None:
        self.pages = [_Page(p) for p in pages]

    def search(self, query: str, lang: str, k: int = 4) -> list[_Page]:
        return self.pages[:k]


class _Fc:
    def __init__(self, lang: str, kb: _KB) -> None:
        self.lang, self.knowledge, self.snippets = lang, kb, []


def test_the_condition_answer_is_the_shops_own_sentence() -> None:
    kb = _KB("Send it back within 14 days. Returned goods must be unused and in resaleable condition, tags attached. "
             "Refunds take 5 days.")
    said = CQ.answer(_Fc("en", kb), None, "condition")      # type: ignore[arg-type]
    assert said.startswith("Returned goods must be unused")
    assert "14 days" not in said and "Refunds" not in said
    zh = _KB("请在7天内寄回。退回的商品需未使用、不影响二次销售：吊牌完好。")
    assert "未使用" in CQ.answer(_Fc("zh", zh), None, "condition")      # type: ignore[arg-type]
    assert CQ.answer(_Fc("en", _KB("Refunds take 5 days.")), None, "condition") == ""   # type: ignore[arg-type]


# --- unit: the line and the value of a plain change ----------------------------------------------

def test_a_noun_of_the_phrase_naming_one_line_names_no_other_line() -> None:
    text = "can I get the navy jacket in L instead"
    refs = TL.narrow(text, M.match_items(text, [_JACKETS], _catalogue(_EN)), [_JACKETS], _catalogue(_EN))
    assert [r.sku for r in refs] == ["RJ-M-NVY"]
    both = "remove the black jacket, keep the navy one"
    refs = TL.narrow(both, M.match_items(both, [_JACKETS], _catalogue(_EN)), [_JACKETS], _catalogue(_EN))
    assert sorted(r.sku for r in refs) == ["RJ-L-BLK", "RJ-M-NVY"]


def test_a_letter_size_with_its_measure_is_said_by_its_letter() -> None:
    assert "m" in catalog._surfaces("M 55-59cm") and "s" in catalog._surfaces("S 51-55cm")
    assert catalog._surfaces("regular 183cm") == ["regular 183cm", "regular183cm"]
    helmet = next(p for p in _fixture(SHOP5)["products"] if p["id"] == "P-HELMET")
    from bot.dialogue.classic import _mentions
    assert ("head size", "M 55-59cm") in [(d, v) for d, v, _ in _mentions(helmet, "could I get the helmet in M instead?")]
    assert not [v for _, v, _ in _mentions(helmet, "I'm happy with the helmet")]      # a lone letter is no size


def _ctx(fixture: dict[str, Any], oid: str, sku: str, step: str, flow: str = "modify_order") -> Any:
    from bot.dialogue.commands import UnderstandingContext
    return UnderstandingContext(text="", language="en", history=(), flow=flow, step=step,
                                slots={"order_id": oid, "items": [{"order_id": oid, "sku": sku, "excluded": False}]},
                                orders=[_order(fixture, oid)], catalogue=list(fixture["products"]))


def test_an_answer_naming_two_dimensions_keeps_both() -> None:
    from bot.dialogue.classic import _bare_option
    demo = _fixture(DEMO_SHOP)
    ctx = _ctx(demo, "SO202611270605", "KT-15", "ask_change")
    assert _bare_option(ctx, _catalogue(demo), "1.7L，还有要玻璃的") == {"capacity": "1.7L", "material": "glass"}
    assert _bare_option(ctx, _catalogue(demo), "1.7L") == {"capacity": "1.7L"}
    shop6 = _fixture(SHOP6)
    ctx6 = _ctx(shop6, "2611/0068", "CL-MATT-D-MED", "ask_change")
    assert _bare_option(ctx6, _catalogue(shop6), "Queen and firm") == {"bed size": "Queen", "firmness": "firm"}


def test_a_value_of_the_asked_line_names_no_other_line() -> None:
    from bot.dialogue.classic import _wish_not_other_line
    shop6 = _fixture(SHOP6)
    ctx = _ctx(shop6, "2611/0068", "CL-MATT-D-MED", "ask_change")
    refs = M.match_items("Queen and firm", ctx.orders, _catalogue(shop6))
    assert any(r.sku == "CL-DUVET-Q-CHR" for r in refs)                   # the matcher alone reads the duvet
    assert not _wish_not_other_line("Queen and firm", refs, ctx, _catalogue(shop6))
    named = M.match_items("the duvet cover", ctx.orders, _catalogue(shop6))
    assert [r.sku for r in _wish_not_other_line("the duvet cover", named, ctx, _catalogue(shop6))] == ["CL-DUVET-Q-CHR"]


# --- conversations -------------------------------------------------------------------------------

def _left(result: dict[str, Any]) -> dict[str, int]:
    return {i["sku"]: i["qty"] for i in result.get("after") or [] if i["qty"]}


@pytest.mark.parametrize("shop,user,texts,gone,kept", [
    ("en", "telegram:5008", ["remove the black jacket from #W8254811, keep the navy one",
                             "sorry, the other way round: keep the black one and remove the navy", "yes"],
     "RJ-M-NVY", "RJ-L-BLK"),
    ("bike", BIKE_USER, ["TPE-88123 把安全帽拿掉，自行車留著", "不對，留安全帽，自行車拿掉", "好"], "CITY-M-BK", "HLM-L-GY"),
])
async def test_the_kept_line_corrected_at_a_removal_is_what_stays(
        settings: Any, tmp_path: Path, models: Any, shop: str, user: str, texts: list[str], gone: str,
        kept: str) -> None:
    path = EN_SHOP if shop == "en" else _bike(tmp_path)
    out, _ = await replay(settings, path, user, texts, tmp_path / "c.db")
    # the correction re-proposes (nothing written, no cancel offered), the yes writes that
    assert "cancel" not in out[1]["reply"].lower() and "取消" not in out[1]["reply"]
    writes = _writes(out)
    assert [(n, w) for n, w, _, _ in writes] == [(2, "change_items")], out[1]["reply"]
    left = _left(writes[0][3])
    assert gone not in left and kept in left


@pytest.mark.parametrize("shop,user,texts,sku,said", [
    ("demo", "telegram:1001", ["我想退一件T恤", "我已經拆封了，還可以退嗎？", "好"], "TS-COTTON", ("未使用", "×1")),
    ("en", "telegram:5001", ["I want to return one of the water bottles from #W9024138",
                             "is it ok if I already opened it?", "yes"], "BTL-32-BLK-ST", ("unused", "1 ×")),
])
async def test_a_condition_question_keeps_the_return_and_its_quantity(
        settings: Any, tmp_path: Path, models: Any, shop: str, user: str, texts: list[str], sku: str,
        said: tuple[str, str]) -> None:
    out, _ = await replay(settings, DEMO_SHOP if shop == "demo" else EN_SHOP, user, texts, tmp_path / "c.db")
    answer, again = out[1]["reply"].split("\n\n", 1)
    assert said[0] in answer and said[1] in again
    writes = _writes(out)
    assert [(n, w) for n, w, _, _ in writes] == [(2, "create_return")]
    assert {i["sku"]: i["qty"] for i in writes[0][3]["items"]} == {sku: 1}


@pytest.mark.parametrize("shop,user,texts,old,new", [
    ("en", "telegram:5008", ["can I get the navy jacket in L instead", "yes"], "RJ-M-NVY", "RJ-L-NVY"),
    ("shop5", "telegram:5506", ["could I get the helmet in M instead?", "yes"], "HELMET-L-WH", "HELMET-M-WH"),
    ("demo", "telegram:1001", ["我想改一下SO202611270605的電熱水壺", "1.7L，還有要玻璃的", "好"], "KT-15", "KT-17-GL"),
    ("shop6", "telegram:7210", ["I need to change the mattress on 2611/0068", "Queen and firm", "yes"],
     "CL-MATT-D-MED", "CL-MATT-Q-FRM"),
])
async def test_an_option_change_writes_the_line_and_values_named(
        settings: Any, tmp_path: Path, models: Any, shop: str, user: str, texts: list[str], old: str,
        new: str) -> None:
    path = {"en": EN_SHOP, "demo": DEMO_SHOP, "shop5": SHOP5, "shop6": SHOP6}[shop]
    out, _ = await replay(settings, path, user, texts, tmp_path / "c.db")
    writes = _writes(out)
    assert [(n, w) for n, w, _, _ in writes] == [(len(texts) - 1, "change_items")], out[-2]["reply"]
    assert [(s["sku"], s["new_sku"]) for s in writes[0][2]["swaps"]] == [(old, new)]


def test_the_line_asked_is_the_one_on_the_order_in_question() -> None:
    from bot.dialogue.classic import _wish_not_other_line
    from bot.dialogue.commands import UnderstandingContext
    shop = {"orders": bike_shop.ORDERS, "products": bike_shop.PRODUCTS}
    # "the bike" named a bike on two orders; the order written is TPE-88123 (bike + an L grey helmet)
    slots = {"order_id": "TPE-88123", "items": [{"order_id": "TPE-88123", "sku": "CITY-M-BK", "excluded": False},
                                                 {"order_id": "TPE-87011", "sku": "GRV-54-700-SD", "excluded": False}]}
    ctx = UnderstandingContext(text="", language="en", history=(), flow="modify_order", step="ask_change", slots=slots,
                               orders=bike_shop.ORDERS, catalogue=bike_shop.PRODUCTS)
    text = "frame size L and grey"
    refs = M.match_items(text, [_order(shop, "TPE-88123")], _catalogue(shop))
    assert [r.sku for r in refs] == ["HLM-L-GY"]               # the helmet is L grey: the matcher reads it
    assert _wish_not_other_line(text, refs, ctx, _catalogue(shop)) == []


# --- unit: one rule for a yes to the only version offered ----------------------------------------

def test_a_yes_takes_the_only_version_offered_and_nothing_else() -> None:
    from bot.dialogue import pick_and_go as PG
    one = [{"size": "M", "colour": "black"}]
    assert PG.taken_on_yes(one, True) == {"size": "M", "colour": "black"}
    assert PG.taken_on_yes(one, False) == {}
    assert PG.taken_on_yes([*one, {"size": "L", "colour": "black"}], True) == {}      # several: a pick is needed
    sold = {"sold_out": {"sku": "X", "candidates": one}}
    assert PG.single_offer_yes(sold, "好的", []) == one[0]
    assert PG.single_offer_yes(sold, "ok do it", [("colour", "black")]) == one[0]
    assert PG.single_offer_yes(sold, "ok, but in grey", [("colour", "grey")]) == {}     # another value named
    assert PG.single_offer_yes({"offered_options": one}, "hmm, not sure", []) == {}


# --- the units a split keeps, corrected ----------------------------------------------------------

@pytest.mark.parametrize("text,said", [
    ("and the one I keep should be Thunderbolt", True), ("the other one in black please", True),
    ("留下的那件要黑色", True), ("另一条换成650b的", True), ("the other two should be 120 pages", True),
    ("actually make it Thunderbolt", False), ("不对，要黑色", False),
])
def test_words_for_the_kept_units_are_told_apart(text: str, said: bool) -> None:
    from bot.dialogue import unit_split as US
    assert US.kept_part(text) is said


def test_a_split_waiting_is_read_from_its_swaps() -> None:
    from bot.dialogue import unit_split as US
    assert US.split_of([{"sku": "A", "qty": 1, "new_sku": "A"}, {"sku": "A", "qty": 1, "new_sku": "B"}]) == ("A", 1, "B", 1)
    assert US.split_of([{"sku": "A", "qty": 2, "new_sku": "B"}]) is None
    assert US.split_of([{"sku": "A", "qty": 0, "new_sku": "A"}, {"sku": "C", "qty": 1, "new_sku": "D"}]) is None


async def test_the_kept_units_corrected_at_a_split_get_their_own_version(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN_SHOP, "slack:U07NOAH",
                          ["change one of the two SSDs on #W1722178 to 2TB", "and the one I keep should be Thunderbolt",
                           "yes"], tmp_path / "c.db")
    assert "Thunderbolt" in out[1]["reply"] and "2TB" in out[1]["reply"] and "sold out" not in out[1]["reply"]
    writes = _writes(out)
    assert [(n, w) for n, w, _, _ in writes] == [(2, "change_items")]
    assert sorted((s["new_sku"], s["qty"]) for s in writes[0][2]["swaps"]) == [("SSD-1T-TB", 1), ("SSD-2T-UC", 1)]


# --- "remove X" read as another request by the classifier ----------------------------------------

def test_a_line_taken_out_is_no_invoice_request() -> None:
    from bot.dialogue.classic import flow_for
    orders = [_order(_EN, "#W7096158"), _order(_EN, "#W9024138")]
    refs = M.match_items("remove the insulated bottle from #W7096158", orders, _catalogue(_EN))
    assert flow_for("invoice", "remove the insulated bottle from #W7096158", orders, refs)[0] == "modify_order"
    text = "please remove the company name from the invoice for #W7096158"
    assert flow_for("invoice", text, orders, M.match_items(text, orders, _catalogue(_EN)))[0] != "modify_order"
