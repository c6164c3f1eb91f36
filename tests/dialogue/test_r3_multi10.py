"""Round 3 (issue #13, multi10): two changes in one message on different lines of one order, each
bound to its own line and both written on the yes (`bot/dialogue/line_counts.py`, changes.plan_lines);
tax ids never read as order numbers and the other request of the message kept
(`bot/dialogue/tax_ids.py`, joint.propose_together); a fault report never opens a billing case
("twice" is a payment cue only as money taken twice). Unit tests of each reading plus whole
conversations on the demo shops and generated shops (tests/dialogue/gen_shop.py: other catalogue,
option dimensions, id shapes)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.dialogue import fault_money as FM
from bot.dialogue import line_counts as LC
from bot.dialogue import tax_ids as TX
from bot.lang import cues as C
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import _order, replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
WRITES = ("change_items", "create_return", "create_exchange", "create_ticket", "request_invoice", "cancel_order")


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def _items(shop: dict[str, Any], oid: str) -> list[tuple[str, int]]:
    return sorted((i["sku"], int(i["qty"])) for i in _order(shop, oid)["items"])


# -- unit: a bare count after a change target, read against the product's own option values ---------
SHOE = {"options": {"size": ["40", "41", "42", "43"], "color": ["black", "white"]}}
BOTTLE = {"options": {"capacity": ["18oz", "32oz"], "color": ["black"]},
          "variants": [{"sku": "B18", "stock": 3}, {"sku": "B32", "stock": 0}]}


@pytest.mark.parametrize("piece,product,want", [
    ("change the bottle to 2", BOTTLE, 2),
    ("水壶改成3个", BOTTLE, 3),
    ("make it 2", BOTTLE, 2),
    ("the shoes to 43", SHOE, None),          # 43 is a size of the shoe: an option, never a count
    ("鞋子换成42", SHOE, None),
    ("the bottle to 32oz", BOTTLE, None),     # a unit after the number: an option value
    ("change it to 40", BOTTLE, None),        # more than any single line's count
    ("the bottle in black", BOTTLE, None),    # no number at all
])
def test_bare_count(piece: str, product: dict[str, Any], want: int | None) -> None:
    assert LC.bare_count(piece, product) == want


def test_short_of_stock() -> None:
    assert LC.short_of_stock(BOTTLE, "B18", 1, 3) is None          # 2 more, 3 in stock
    assert LC.short_of_stock(BOTTLE, "B18", 1, 5) == 3             # 4 more, only 3
    assert LC.short_of_stock(BOTTLE, "B32", 1, 2) == 0             # sold out
    assert LC.short_of_stock(BOTTLE, "B32", 2, 1) is None          # fewer units need no stock
    assert LC.short_of_stock({"variants": [{"sku": "X"}]}, "X", 1, 9) is None   # stock not known


# -- unit: tax ids against the customer's own order ids ---------------------------------------------
DEMO_IDS = ["SO202611231738", "SO202611170528"]


@pytest.mark.parametrize("text,title,want", [
    ("帮我开公司发票 91310115MA1K4B2C3D 上海云杉贸易有限公司 订单SO202611231738", "上海云杉贸易有限公司",
     "91310115MA1K4B2C3D"),
    ("invoice to Acme GmbH DE123456789 for SO202611231738", "Acme GmbH", "DE123456789"),
    ("开发票 上海云杉贸易有限公司 SO202611231739", "上海云杉贸易有限公司", None),   # shaped like their orders
    ("发票抬头 上海云杉贸易有限公司 订单 202611231738", "上海云杉贸易有限公司", None),  # a part of their order id
    ("invoice to Acme GmbH for SO202611231738", "Acme GmbH", None),                   # their order, no tax id
])
def test_bare_tax_id(text: str, title: str, want: str | None) -> None:
    assert TX.bare_tax_id(text, title, DEMO_IDS) == want


def test_tax_tokens_are_never_orders() -> None:
    assert TX.tax_tokens("company invoice to Acme GmbH, VAT DE123456789, where is my tent?", ["#W9024138"]) \
        == {"DE123456789"}
    assert TX.tax_tokens("开公司发票 91310115MA1K4B2C3D 上海云杉贸易有限公司", DEMO_IDS) == {"91310115MA1K4B2C3D"}
    assert TX.tax_tokens("invoice for SO202611231738 please", DEMO_IDS) == set()


# -- unit: "twice" is a payment problem only as money taken twice -----------------------------------
@pytest.mark.parametrize("text,want", [
    ("I was charged twice", True), ("they billed my card twice", True), ("you charged me $12 twice", True),
    ("paid twice for one order", True), ("扣了两次钱", True),
    ("the headphones broke after I used them twice", False),
    ("I charged the headphones twice and they still won't turn on", False),
    ("tried charging it twice, still dead", False),
])
def test_twice_is_money_only_when_money_is_taken(text: str, want: bool) -> None:
    assert bool(C.CHARGED.search(text)) is want


@pytest.mark.parametrize("text,want", [
    ("I charged the headphones twice and they still won't turn on", True),
    ("the bike light set died after two rides, charged it twice already", True),
    ("I was charged twice and the item is broken", False),      # money taken twice: a payment case too
    ("电水壶坏了，扣了两次钱", False),
    ("my card was charged but the order failed", False),
    ("my payment failed", False),
])
def test_fault_without_money(text: str, want: bool) -> None:
    assert FM.is_fault_not_payment(text) is want


# -- conversations: two lines of one order in one message ------------------------------------------
@pytest.mark.parametrize("texts,oid,want", [
    (["change the bottle to 2 and the jacket to red please", "yes"], "#W7096158",
     [("BTL-18-BLK-CH", 2), ("RJ-M-RED", 1)]),
    (["W7096158 夹克换成L码，水壶改成2个", "确认"], "#W7096158", [("BTL-18-BLK-CH", 2), ("RJ-L-BLK", 1)]),
])
async def test_en_shop_quantity_on_one_line_option_on_the_other(settings: Any, tmp_path: Path, models: Any,
                                                                 texts: list[str], oid: str,
                                                                 want: list[tuple[str, int]]) -> None:
    out, shop = await replay(settings, EN, "telegram:5001", texts, tmp_path / "c.db")
    first = out[0]["reply"]
    assert ("→ 2" in first or "→ 2" in first.replace(" ", " ")) and ("red" in first or "L" in first), first
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    assert _items(shop, oid) == want


async def test_fewer_units_on_one_line_and_another_option_on_the_other(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    # "only one of the 10 inch" (a line taken down) and "the 12 inch one to cast iron" (another line).
    out, shop = await replay(settings, EN, "web:liam",
                             ["only one of the 10 inch skillets please, and switch the 12 inch one to cast iron",
                              "yes"], tmp_path / "c.db")
    assert "$59.00 back" in out[0]["reply"], out[0]["reply"]   # 1 × 39 off + (49 − 69) on the other line
    assert _writes(out) == ["change_items"]
    assert _items(shop, "#W6455030") == [("SKL-10-CI", 1), ("SKL-12-CI", 1)]


async def test_gen_shop_more_units_than_stock_keeps_the_other_change(settings: Any, tmp_path: Path,
                                                                     models: Any) -> None:
    # seed 41 (ids ORD/2026/…, GBP): the bike light set clip is sold out, the clay yoga mat is not.
    g = make_shop(41, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:41177",
                             ["ORD/2026/07727: yoga mat in clay please, and make it 2 bike light sets", "yes"],
                             tmp_path / "c.db")
    assert "sold out" in out[0]["reply"] and "clay" in out[0]["reply"], out[0]["reply"]
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    assert _items(shop, "ORD/2026/07727") == [("P410-1", 1), ("P413-4", 1)]


async def test_gen_shop_zh_option_and_count_on_two_lines(settings: Any, tmp_path: Path, models: Any) -> None:
    # seed 7 (ids like C-4Q3P, CHF): the bike light's mount changes, the notebook goes to 2.
    g = make_shop(7, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:7077", ["C-4Q3P 车灯改成strap，笔记本要2本", "确认"],
                             tmp_path / "c.db")
    assert _writes(out) == ["change_items"], [o["reply"] for o in out]
    assert _items(shop, "C-4Q3P") == [("P72-2", 1), ("P73-1", 2)]


# -- conversations: tax ids and the other request of the message ------------------------------------
async def test_zh_bare_credit_code_is_the_tax_id(settings: Any, tmp_path: Path, models: Any) -> None:
    out, shop = await replay(settings, ZH, "dingtalk:chenjing88",
                             ["帮我开公司发票 91310115MA1K4B2C3D 上海云杉贸易有限公司 订单SO202611231738", "确认"],
                             tmp_path / "c.db")
    assert "税号：91310115MA1K4B2C3D" in out[0]["reply"], out[0]["reply"]
    assert _writes(out) == ["request_invoice"]
    made = [i for i in shop["invoices"] if i["order_id"] == "SO202611231738"]
    assert made and made[-1]["title"] == "上海云杉贸易有限公司 / 91310115MA1K4B2C3D"


async def test_en_vat_id_is_no_order_and_the_status_question_is_answered(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001",
                             ["company invoice to Acme GmbH DE123456789 please, also where is my tent?",
                              "W9024138", "yes"], tmp_path / "c.db")
    first = out[0]["reply"]
    assert "#W8615334" in first and "shipped" in first, first          # the tent's status, now
    assert "not found" not in first.lower() and "DE123456789" not in first.split("Which order")[0], first
    assert _writes(out) == ["request_invoice"], [o["reply"] for o in out]
    made = [i for i in shop["invoices"] if i.get("title") == "Acme GmbH / DE123456789"]
    assert [i["order_id"] for i in made] == ["#W9024138"]                # never the tent's order


async def test_gen_shop_invoice_and_status_question(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(41, tmp_path / "gen")
    out, shop = await replay(settings, g.path, "telegram:41177",
                             ["invoice for ORD/2026/01225 please, company Nordlicht GmbH VAT id DE811907980, "
                              "also where is ORD/2026/07796?", "yes"], tmp_path / "c.db")
    assert "ORD/2026/07796" in out[0]["reply"] and "Nordpak" in out[0]["reply"], out[0]["reply"]
    assert _writes(out) == ["request_invoice"]
    assert [(i["order_id"], i["title"]) for i in shop["invoices"]] == [("ORD/2026/01225", "Nordlicht GmbH / DE811907980")]


# -- conversations: a fault report never opens a billing case ----------------------------------------
@pytest.mark.parametrize("shop,user,texts", [
    (EN, "telegram:5001", ["the headphones broke after I used them twice", "please open a case"]),
    (EN, "telegram:5001", ["I charged the headphones twice and they still won't turn on"]),
    (EN, "web:liam", ["the trimmer stopped working, I tried charging it twice"]),
    ("g41", "telegram:41177", ["the bike light set died after two rides, charged it twice already"]),
])
async def test_fault_is_no_billing_case(settings: Any, tmp_path: Path, models: Any, shop: Any, user: str,
                                        texts: list[str]) -> None:
    if shop == "g41":
        shop = make_shop(41, tmp_path / "gen").path
    out, _ = await replay(settings, shop, user, texts, tmp_path / "c.db")
    for o in out:
        assert "billing" not in o["reply"].lower() and "payment" not in o["reply"].lower(), o["reply"]
        assert o["trace"]["flow"].get("name") != "payment_issue", o["trace"]["flow"]
