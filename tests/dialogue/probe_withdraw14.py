"""withdraw14 probes (not part of the suite: run by path and count).

    pytest -q -p no:cacheprovider tests/dialogue/probe_withdraw14.py -rA | grep -c PASSED

Invented phrasings, zh-Hans / zh-Hant / en, on the demo shops and the velo shop (CHF):
A  an open return / exchange taken back: the record named for a yes, nothing new started;
A2 the same with the yes: the record is cancelled in the store;
B  "keep the other": only the named line is returned, the kept one gets no question;
C  "cancel my return and exchange it instead": the return withdrawn, an exchange of those lines started.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_conversation_corrections import DEMO_SHOP, EN_SHOP, replay

VELO = Path(__file__).with_name("data") / "velo_shop_chf.json"
WRITES = ("create_return", "create_exchange", "change_items", "cancel_order", "create_ticket")


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES]


# (shop, user, record id, text)
A = [
    (VELO, "web:tom", "RT-VN-0093", "actually I'll keep it, cancel the return"),
    (VELO, "web:tom", "RT-VN-0093", "nvm keep both, no return needed"),
    (VELO, "web:tom", "RT-VN-0093", "I changed my mind about the return, please cancel it"),
    (VELO, "web:tom", "RT-VN-0093", "please stop the return, I want to keep the helmet"),
    (VELO, "web:tom", "RT-VN-0093", "scrap the return request"),
    (VELO, "web:tom", "RT-VN-0093", "no need for the return anymore, I'm keeping it"),
    (VELO, "web:tom", "RT-VN-0093", "forget the return, I'll hang on to the helmet"),
    (VELO, "web:tom", "RT-VN-0093", "退货不退了"),
    (VELO, "web:tom", "RT-VN-0093", "我不退了 留着"),
    (VELO, "web:tom", "RT-VN-0093", "退货申请帮我撤了吧"),
    (VELO, "web:tom", "RT-VN-0093", "头盔不退了，自己留着用"),
    (VELO, "web:tom", "RT-VN-0093", "那个退货别办了"),
    (VELO, "web:tom", "RT-VN-0093", "算了 退货取消掉"),
    (VELO, "web:tom", "RT-VN-0093", "我不退了 留著"),
    (VELO, "web:tom", "RT-VN-0093", "退貨取消吧"),
    (VELO, "web:tom", "RT-VN-0093", "退貨申請幫我撤銷"),
    (VELO, "web:tom", "RT-VN-0093", "頭盔不退了，留著用"),
    (VELO, "web:tom", "RT-VN-0093", "算了 不退貨了"),
    (VELO, "web:tom", "RT-VN-0093", "那個退貨不用辦了"),
    (DEMO_SHOP, "whatsapp:8613912345678", "RT20261126-0001", "耳机不退了，还是留着吧"),
    (DEMO_SHOP, "whatsapp:8613912345678", "RT20261126-0001", "i'll keep the earbuds after all, cancel my return"),
    (DEMO_SHOP, "telegram:1002", "EX20261121-0001", "换货不换了"),
    (DEMO_SHOP, "telegram:1002", "EX20261121-0001", "換貨申請取消吧，T恤我留著"),
    (DEMO_SHOP, "telegram:1002", "EX20261121-0001", "never mind the exchange, the T-shirt fits fine"),
    (EN_SHOP, "telegram:5008", "EXC-4001", "cancel the exchange, I'll keep the keyboard as is"),
    (EN_SHOP, "telegram:5008", "EXC-4001", "nvm about the swap, keeping the linear one"),
    (EN_SHOP, "telegram:5008", "EXC-4001", "我不换了，键盘留着"),
]


@pytest.mark.parametrize("shop,user,rid,text", A)
async def test_a_named_for_a_yes(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, rid: str,
                                 text: str) -> None:
    out, exported = await replay(settings, shop, user, [text], tmp_path / "c.db")
    assert rid in out[0]["reply"], out[0]["reply"]
    assert not _writes(out), _writes(out)
    assert out[0]["trace"]["dialogue"]["step"] == "withdraw_offer", out[0]["reply"]


YES = {"en": "yes", "zh": "好的", "hant": "好"}


@pytest.mark.parametrize("shop,user,rid,text", A[::2])
async def test_a2_cancelled_on_yes(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, rid: str,
                                   text: str) -> None:
    yes = "yes" if text.isascii() else "好的"
    out, exported = await replay(settings, shop, user, [text, yes], tmp_path / "c.db")
    records = {r["id"]: r for r in [*exported["returns"], *exported["exchanges"]]}
    assert records[rid]["status"] == "cancelled", out[-1]["reply"]
    assert not [w for w in _writes(out) if w != "create_ticket"]


# (shop, user, order id, the sku returned, texts)
B = [
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 the gloves are fine, only the helmet back", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["return the helmet from VN/26/4417, the other one is fine", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["keep the gloves, send back the helmet (VN/26/4417)", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417: I'll keep the gloves. the helmet goes back", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 only the helmet, gloves stay with me", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["helmet back please, gloves i'm keeping. order VN/26/4417", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 手套没问题，只退头盔", "好"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 头盔退掉 另一个留着", "好"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 手套我留着，头盔寄回去", "对"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 手套不退，退头盔", "好"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 手套留著，只退頭盔", "好"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 頭盔退掉，另一個沒問題", "對"]),
    (DEMO_SHOP, "web:dlee", "SO202611201712", "WATCH-S2", ["the tote is fine, just return the watch", "yes"]),
    (DEMO_SHOP, "web:dlee", "SO202611201712", "WATCH-S2", ["SO202611201712 帆布包不用退，手表退了", "好"]),
    (DEMO_SHOP, "web:dlee", "SO202611201712", "WATCH-S2", ["I want to return the watch. nvm keep the bag", "yes"]),
    (DEMO_SHOP, "web:dlee", "SO202611201712", "WATCH-S2", ["return SO202611201712", "just the watch, keep the other", "yes"]),
    (VELO, "web:mara", "VN/26/4417", "HLM-M-BK", ["VN/26/4417 退货", "只退頭盔，另一個留著", "好"]),
]


@pytest.mark.parametrize("shop,user,oid,sku,texts", B)
async def test_b_keep_the_other(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, oid: str,
                                sku: str, texts: list[str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    made = [r for r in exported["returns"] if r["order_id"] == oid and r["created_at"] >= "2026-11-28"]
    assert [[i["sku"] for i in r["items"]] for r in made] == [[sku]], [o["reply"] for o in out]


C = [
    (VELO, "web:tom", "RT-VN-0093", ["cancel my return and exchange the helmet for size M instead", "yes"]),
    (VELO, "web:tom", "RT-VN-0093", ["actually don't refund me, I'd rather swap it for an M", "yes"]),
    (VELO, "web:tom", "RT-VN-0093", ["不退了，帮我换成M码吧", "好的"]),
    (VELO, "web:tom", "RT-VN-0093", ["退貨取消，改成換貨，換M號", "好"]),
    (DEMO_SHOP, "whatsapp:8613912345678", "RT20261126-0001", ["耳机退货取消，改成换货吧", "好的"]),
    (DEMO_SHOP, "whatsapp:8613912345678", "RT20261126-0001", ["withdraw my return, I want an exchange instead", "yes"]),
]


@pytest.mark.parametrize("shop,user,rid,texts", C)
async def test_c_withdraw_then_exchange(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, rid: str,
                                        texts: list[str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    records = {r["id"]: r for r in exported["returns"]}
    assert records[rid]["status"] == "cancelled", [o["reply"] for o in out]
    flow = out[-1]["trace"].get("flow") or {}
    made = [x for x in exported["exchanges"] if x["created_at"] >= "2026-11-28"]
    assert made or flow.get("name") == "exchange_request", (flow, out[-1]["reply"])
