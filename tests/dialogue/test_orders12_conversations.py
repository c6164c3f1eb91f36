"""Order-level requests, end to end (orders12): a whole-order cancel named by one of its items; the
latest order's status when nothing is on its way; every order listed when all are asked about; a
person asked for in Chinese handed off at once; the dispatch time from the shop's own texts (late:
sorry and chased on one case, reused); a shipped order's address refused with its carrier and the
shop's next step. Demo shops (zh / en) and a shop with its own pages; both languages."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
ZH, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"

# (id, title, body) per language: the shop's own pages, in our own words.
_PAGES = {
    "en": [("dispatch-en", "When paid orders leave",
            "Paid orders are packed and dispatched within 1 business day from our depot."),
           ("address-after-en", "Changing the delivery address",
            "You can change the delivery address until the order is dispatched. After dispatch, FedEx parcels can be "
            "redirected once from the carrier's own tracking page; USPS parcels cannot be redirected."),
           ("refuse-en", "Refusing a parcel",
            "If you refuse a parcel at the door, we refund it as soon as it is back at our depot.")],
    "zh": [("dispatch-zh", "已付款订单何时发出", "已付款订单会在 1 个工作日内从仓库打包发出。"),
           ("address-after-zh", "修改收货地址",
            "发货前可以修改收货地址。发货后，FedEx 的包裹可以通过承运商的追踪页面改派一次；USPS 的包裹无法改派。"),
           ("refuse-zh", "拒收包裹", "如果您在派送时拒收包裹，包裹退回仓库后我们马上为您退款。")],
}


def _page(pid: str, title: str, body: str, lang: str) -> str:
    return f"---\nid: {pid}\ntitle: {title}\nlang: {lang}\ntags: [order]\nproducts: []\n---\n{body}\n"


_FACTS = """[service]
hours_en = "Monday to Friday, 9:00-17:00"
hours_zh = "周一至周五 9:00-17:00"
reply_within_hours = 12
"""


def _own_pages_shop(tmp_path: Path, with_dispatch: bool = True) -> Path:
    """The en demo shop's data with its own pages (a 1-business-day dispatch, a carrier redirect)."""
    folder = tmp_path / "own"
    for lang, pages in _PAGES.items():
        (folder / "knowledge" / lang).mkdir(parents=True, exist_ok=True)
        kept = pages if with_dispatch else pages[1:]
        (folder / "knowledge" / lang / "shop.md").write_text(
            "\n".join(_page(pid, title, body, lang) for pid, title, body in kept), encoding="utf-8")
    (folder / "knowledge" / "facts.toml").write_text(_FACTS, encoding="utf-8")
    data = json.loads(EN.read_text(encoding="utf-8"))
    data["knowledge"] = "knowledge"
    (folder / "shop.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder / "shop.json"


def _acts(out: list[dict[str, Any]], name: str) -> list[int]:
    return [n for n, o in enumerate(out) for a in o["trace"]["actions"] if a["name"] == name and a.get("ok")]


def _order(shop: dict[str, Any], oid: str) -> dict[str, Any]:
    return next(o for o in shop["orders"] if o["id"] == oid)


# ---- 1. a whole-order cancel named by one of its items ----------------------------------------

@pytest.mark.parametrize("first", ["I don't want the rain jacket order anymore, cancel it",
                                   "有冲锋衣那单不要了，取消吧"])
async def test_the_order_named_by_an_item_is_cancelled_whole(settings: Any, tmp_path: Path, models: Any,
                                                             first: str) -> None:
    out, shop = await replay(settings, EN, "telegram:5001", [first, "yes"], tmp_path / "c.db")
    assert _acts(out, "cancel_order") == [1], [o["reply"] for o in out]
    assert _order(shop, "#W7096158")["status"] == "cancelled"
    assert not _acts(out, "modify_order")


@pytest.mark.parametrize("first", ["cancel just the water bottle please", "保温水壶不要了"])
async def test_a_line_scope_word_removes_only_that_line(settings: Any, tmp_path: Path, models: Any,
                                                        first: str) -> None:
    out, shop = await replay(settings, EN, "telegram:5001", [first, "yes"], tmp_path / "c.db")
    assert not _acts(out, "cancel_order"), [o["reply"] for o in out]
    order = _order(shop, "#W7096158")
    assert order["status"] == "paid"
    assert [i["sku"] for i in order["items"]] == ["RJ-M-BLK"]


async def test_cancel_that_order_after_a_status_question_is_the_whole_order(settings: Any, tmp_path: Path,
                                                                           models: Any) -> None:
    out, shop = await replay(settings, EN, "telegram:5001",
                             ["has the water bottle shipped yet?", "ok then please cancel that order", "yes"],
                             tmp_path / "c.db")
    assert _acts(out, "cancel_order") == [2], [o["reply"] for o in out]
    assert _order(shop, "#W7096158")["status"] == "cancelled"


# ---- 2. latest order / every order --------------------------------------------------------------

@pytest.mark.parametrize("text", ["where is my order?", "status of my last order", "我的订单到哪了"])
async def test_nothing_on_its_way_answers_the_latest_order(settings: Any, tmp_path: Path, models: Any,
                                                           text: str) -> None:
    # cus_09: one delivered order, one cancelled — nothing pending or on its way.
    out, _ = await replay(settings, EN, "whatsapp:15035550152", [text], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "#W3407453" in reply, reply
    assert "couldn't find" not in reply and "没有找到" not in reply


@pytest.mark.parametrize("shop,user,text,ids", [
    (EN, "telegram:5001", "where are my orders?", ["#W9024138", "#W7096158", "#W8615334", "#W7624894"]),
    (ZH, "telegram:1001", "我的订单都到哪了", ["SO202611230529", "SO202611261030", "SO202611270605",
                                               "SO202610290920"]),
])
async def test_all_orders_asked_lists_every_one(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str,
                                                text: str, ids: list[str]) -> None:
    out, _ = await replay(settings, shop, user, [text], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert all(i in reply for i in ids), reply
    assert ("delivered" in reply and "on its way" in reply) or ("签收" in reply and "发货" in reply), reply


# ---- 3. a person asked for in Chinese ------------------------------------------------------------

@pytest.mark.parametrize("text", ["我要人工", "转人工客服", "找个真人跟我说", "能不能让人工来处理一下", "I want a real person"])
async def test_a_person_asked_for_is_handed_off_at_once(settings: Any, tmp_path: Path, models: Any, text: str) -> None:
    out, _ = await replay(settings, ZH, "telegram:1003", [text], tmp_path / "c.db")
    assert _acts(out, "create_ticket") == [0], out[0]["reply"]
    assert out[0]["trace"]["handoff"] is True
    assert "智能客服助手" not in out[0]["reply"] and "virtual assistant" not in out[0]["reply"].lower()
    assert "9:00" in out[0]["reply"]          # the shop's service hours


# ---- 4. dispatch time ----------------------------------------------------------------------------

async def test_the_shops_own_dispatch_time_is_quoted(settings: Any, tmp_path: Path, models: Any) -> None:
    shop = _own_pages_shop(tmp_path)
    # cus_10's #W8744915 was paid on Friday 27 Nov: one business day is Monday, not yet past.
    out, _ = await replay(settings, shop, "web:owen", ["when will my backpack order ship?"], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "1 business day" in reply and "48" not in reply, reply
    assert not _acts(out, "create_ticket")
    out, _ = await replay(settings, shop, "web:owen", ["我的背包订单什么时候发货"], tmp_path / "d.db")
    assert "1 个工作日" in out[0]["reply"] and "48" not in out[0]["reply"], out[0]["reply"]


async def test_no_dispatch_time_in_the_shops_texts_none_is_invented(settings: Any, tmp_path: Path,
                                                                    models: Any) -> None:
    shop = _own_pages_shop(tmp_path, with_dispatch=False)
    out, _ = await replay(settings, shop, "web:owen", ["when will my backpack order ship?"], tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "#W8744915" in reply, reply
    assert not any(w in reply for w in ("48", "hours", "business day")), reply


@pytest.mark.parametrize("shop,user,texts,oid", [
    (ZH, "whatsapp:8615811112222", ["我的耳机怎么还没发货", "都好几天了，帮我催一下"], "SO202611252135"),
    (EN, "slack:U07ETHAN", ["my headphones order hasn't shipped yet, when will it go out?", "any update? it's late"],
     "#W1147384"),
])
async def test_a_passed_dispatch_time_is_late_sorry_and_chased_once(settings: Any, tmp_path: Path, models: Any,
                                                                    shop: Path, user: str, texts: list[str],
                                                                    oid: str) -> None:
    out, fixture = await replay(settings, shop, user, texts, tmp_path / "c.db")
    first = out[0]["reply"]
    assert oid in first and ("sorry" in first.lower() or "抱歉" in first), first
    assert "48" in first          # the demo shop's own time, said as passed
    assert _acts(out, "create_ticket") == [0], [o["reply"] for o in out]
    cases = [t for t in fixture["tickets"] if t.get("order_id") == oid and t.get("reason") == "dispatch_overdue"]
    assert len(cases) == 1
    assert cases[0]["id"] in out[1]["reply"], out[1]["reply"]
    assert _acts(out, "add_to_ticket") == [1]          # the message goes onto that case


# ---- 5. a shipped order's address ------------------------------------------------------------------

async def test_shipped_address_change_names_the_carrier_and_its_redirect(settings: Any, tmp_path: Path,
                                                                         models: Any) -> None:
    shop = _own_pages_shop(tmp_path)
    out, _ = await replay(settings, shop, "telegram:5001",
                          ["can I change the address on my tent order to 12 Oak Street, Portland, OR 97201?"],
                          tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "#W8615334" in reply and "FedEx" in reply, reply
    assert "redirected once" in reply and "USPS" not in reply, reply
    out, _ = await replay(settings, shop, "discord:880011223344",
                          ["我背包那单的地址能改一下吗 改到 12 Oak Street, Portland, OR 97201"], tmp_path / "d.db")
    reply = out[0]["reply"]
    assert "#W2501713" in reply and "USPS" in reply and "无法改派" in reply, reply
    assert "拒收" in reply, reply          # no redirect: the shop's refusal sentence is the next step


async def test_demo_shop_address_refusal_gives_its_own_next_step(settings: Any, tmp_path: Path, models: Any) -> None:
    out, _ = await replay(settings, ZH, "telegram:1001", ["吹风机那单地址填错了 帮我改到上海市浦东新区世纪大道100号"],
                          tmp_path / "c.db")
    reply = out[0]["reply"]
    assert "SO202611261030" in reply and "京东" in reply and "改派" in reply, reply
