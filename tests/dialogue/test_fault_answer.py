"""Fault answers (`bot.dialogue.fault_answer`, `flows/troubleshoot`, `flows/exchange.replacement`):
a symptom of a held line gets that product's own guide or is told there is none; "send me a new
one" is the same variant for the units said; past the direct-replacement window the warranty
claim with the shop's steps, for a yes — conversations on both demo shops and a generated shop."""
from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.dialogue import fault_answer as FA
from bot.dialogue import symptoms as SY
from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import NOW, replay

ROOT = Path(__file__).resolve().parents[2]
EN = ROOT / "config" / "demo_shop_en.json"
ZH = ROOT / "config" / "demo_shop.json"


def _acted(out: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [a for o in out for a in o["trace"]["actions"] if a["name"] == name]


def _new(shop: Path, exported: dict[str, Any], key: str) -> list[dict[str, Any]]:
    known = {t["id"] for t in json.loads(shop.read_text(encoding="utf-8")).get(key, [])}
    return [t for t in exported[key] if t["id"] not in known]


# ---- steps ---------------------------------------------------------------------------------------
def test_symptoms_cut_out_and_not_heating_are_named_and_said_back() -> None:
    assert "cutout" in SY.named("the left side keeps cutting out") and "cutout" in SY.named("一边声音断断续续")
    assert SY.main("it stopped heating, the light is on") == "heat"
    assert SY.said_back(SY.main("the left side cuts out"), "en") == "keeps cutting out"
    assert SY.said_back(SY.main("水壶不加热了"), "zh") == "加热不正常"


@dataclass
class _Ctx:
    orders: list[dict[str, Any]]
    flow: str | None = None
    step: str | None = None


ORDERS = [{"id": "A-1", "status": "delivered", "items": [{"sku": "H1"}]},
          {"id": "A-2", "status": "shipped", "items": [{"sku": "H2"}]}]


def test_route_a_symptom_of_a_delivered_line_to_troubleshooting() -> None:
    slots = {"items": [{"order_id": "A-1", "sku": "H1", "excluded": False}]}
    assert FA.route(None, "", "other", 0.6, "the left side keeps cutting out", _Ctx(ORDERS), slots)[0] == "troubleshooting"
    # a line not yet delivered, no symptom, or a request waiting: left as it was
    shipped = {"items": [{"order_id": "A-2", "sku": "H2", "excluded": False}]}
    assert FA.route(None, "", "other", 0.6, "the left side keeps cutting out", _Ctx(ORDERS), shipped)[0] is None
    assert FA.route("product_info", "", "other", 0.6, "is it waterproof?", _Ctx(ORDERS), slots)[0] == "product_info"
    waiting = _Ctx(ORDERS, flow="return_request", step="confirm")
    assert FA.route(None, "", "other", 0.6, "it keeps cutting out", waiting, slots)[0] is None


def test_texts_in_both_languages() -> None:
    assert "don't have a troubleshooting guide" in FA.no_guide("speaker", "en")
    assert "没有可用的排查说明" in FA.no_guide("音箱", "zh")
    en = FA.warranty_only("kettle", "A-1", 40, "isn't heating properly", "W.", "Send a video.", "en")
    assert en.endswith("(yes/no)") and "40 days" in en and "Send a video." in en and "heating" in en
    zh = FA.warranty_only("水壶", "A-1", 40, "加热不正常", "W。", "发视频。", "zh")
    assert "提交保修申请吗" in zh and "40 天" in zh and "发视频。" in zh
    assert FA.claim_steps("", "en") == "" and FA.tried("tried that, still broken") and not FA.tried("it's broken")


# ---- conversations -------------------------------------------------------------------------------
async def test_en_one_of_two_replaced_writes_one_unit_of_the_same_variant(settings: Any, tmp_path: Path,
                                                                          models: Any) -> None:
    out, exported = await replay(settings, EN, "slack:U07OWEN",
                                 ["one of my two thermostats has a dead screen. can you replace just that one?", "yes"],
                                 tmp_path / "a.db")
    assert "1 of 2" in out[0]["reply"], out[0]["reply"]
    made = _acted(out, "create_exchange")
    assert len(made) == 1 and made[0]["args"]["qty"] == 1 and made[0]["args"]["new_sku"] == made[0]["args"]["sku"]
    assert not _acted(out, "create_ticket")


async def test_en_headphones_cutting_out_no_other_products_guide_then_refund_of_that_one(
        settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, EN, "web:ava",
                                 ["the left side of my Aurora headphones keeps cutting out",
                                  "refund the faulty one and keep the other item", "ok"], tmp_path / "h.db")
    first = out[0]["reply"]
    assert "earbud" not in first.lower() and "guide" in first and "cutting out" in first, first
    assert "return" in out[1]["reply"].lower() and "investigation" not in out[1]["reply"].lower(), out[1]["reply"]
    returns = _new(EN, exported, "returns")
    assert len(returns) == 1 and [(i["sku"], i["qty"]) for i in returns[0]["items"]] == [("HP700-BLK-BT", 1)]
    assert not _new(EN, exported, "tickets")


async def test_en_negation_refund_not_a_replacement(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, EN, "line:U8a7f0zoe",
                          ["one speaker doesn't turn on. I don't want a replacement, refund it"], tmp_path / "n.db")
    assert out[0]["trace"]["flow"]["name"] == "return_request", out[0]["reply"]
    assert not _acted(out, "create_exchange")


async def test_zh_tried_already_a_new_one_of_the_same(settings: Any, tmp_path: Path, models: Any) -> None:
    out, exported = await replay(settings, ZH, "feishu:ou_7f3a9c2e1b8d",
                                 ["吹风机用的时候有异响", "试过了还是坏的 给我换个新的", "好"], tmp_path / "z.db")
    assert "异响" in out[0]["reply"], out[0]["reply"]
    assert "同款" in out[1]["reply"] and "想换成哪个" not in out[1]["reply"], out[1]["reply"]
    made = _acted(out, "create_exchange")
    assert len(made) == 1 and made[0]["args"]["new_sku"] == made[0]["args"]["sku"] == "HD-2000"


async def test_zh_past_the_replacement_window_the_warranty_claim_with_its_steps(settings: Any, tmp_path: Path,
                                                                                models: Any) -> None:
    out, exported = await replay(settings, ZH, "discord:518273645091827364",
                                 ["两个水壶有一个不加热了，给我换个新的", "好"], tmp_path / "w.db")
    first = out[0]["reply"]
    assert "加热" in first and "保修" in first and "提交保修申请吗" in first and "15 天" in first, first
    assert not _acted(out, "create_exchange")
    tickets = _new(ZH, exported, "tickets")
    assert len(tickets) == 1 and "保修" in out[1]["reply"], out[1]["reply"]


async def test_generated_shop_a_new_one_by_its_own_window(settings: Any, tmp_path: Path, models: Any) -> None:
    g = make_shop(7, tmp_path / "g")
    facts = tomllib.loads((g.path.parent / "knowledge" / "facts.toml").read_text(encoding="utf-8"))
    window = facts.get("warranty", {}).get("replace_within_days") or g.fixture["policies"]["exchange_window_days"]
    now = datetime.fromisoformat(NOW)
    for cid, ident in sorted(g.identity.items()):
        for order in g.fixture["orders"]:
            if order["customer_id"] != cid or order["status"] != "delivered" or not order.get("delivered_at"):
                continue
            since = (now - datetime.fromisoformat(order["delivered_at"])).days
            line = order["items"][0]
            if since >= window or line["category"] in g.fixture["policies"]["non_returnable_categories"]:
                continue
            text = f"the {line['name']} from {order['id']} is broken, I tried everything, send me a new one"
            out, _ = await replay(settings, g.path, ident, [text, "yes"], tmp_path / "g.db")
            made = _acted(out, "create_exchange")
            assert len(made) == 1 and made[0]["args"]["new_sku"] == made[0]["args"]["sku"], out[0]["reply"]
            return
    raise AssertionError("the generated shop has no delivered order inside its window")


async def test_a_new_one_with_another_option_is_never_the_same_version(settings: Any, tmp_path: Path,
                                                                       models: Any) -> None:
    # A fault plus "a new one WITH <another value>": the option asked for is kept (exchanged to it or
    # asked about), never lost to a same-version replacement written on the yes.
    out, exported = await replay(settings, EN, "web:ava",
                                 ["my Aurora headphones keep cutting out, can you send me a new one with the dongle?",
                                  "yes"], tmp_path / "d.db")
    assert "same version" not in out[0]["reply"], out[0]["reply"]
    made = _acted(out, "create_exchange")
    assert all(m["args"]["new_sku"] != m["args"]["sku"] for m in made), made
