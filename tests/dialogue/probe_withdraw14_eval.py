"""withdraw14 evaluation probes: phrasings and shops never tuned on (shop4 / shop5 / shop6 of older
play-test rounds). Run by path and count, as probe_withdraw14.py."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
SHOP4 = ROOT / "tests" / "playtest7" / "shop4" / "shop.json"
SHOP5 = ROOT / "tests" / "playtest8" / "shop5" / "shop.json"
SHOP6 = ROOT / "tests" / "playtest9" / "shop6" / "shop.json"
WRITES = ("create_return", "create_exchange", "change_items", "cancel_order", "create_ticket", "cancel_return",
          "cancel_exchange")


def _writes(out: list[dict[str, Any]]) -> list[str]:
    return [a["name"] for o in out for a in o["trace"]["actions"] if a["name"] in WRITES]


# R-002 (shop4) has its refund already processing: the right answer names it, says it can no longer be
# withdrawn and writes nothing (corrected after the first run: the data, not the phrasing, decides).
LATE = {"R-002"}

A = [
    (SHOP4, "whatsapp:447700900103", "R-002", "I've decided to keep the kettle, please cancel R-002"),
    (SHOP4, "whatsapp:447700900103", "R-002", "don't need the return any more, the kettle is growing on me"),
    (SHOP4, "whatsapp:447700900103", "R-002", "sorry, can we undo the return? I'll keep it"),
    (SHOP4, "whatsapp:447700900103", "R-002", "我决定不退了，水壶留下"),
    (SHOP4, "whatsapp:447700900103", "R-002", "R-002 撤回吧"),
    (SHOP4, "whatsapp:447700900103", "R-002", "水壺不想退了，留著自己用"),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", "被套不退了"),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", "退货申请撤销一下，东西我留着"),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", "算了不退貨了，東西留著"),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", "pls call off my return, keeping everything"),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", "I no longer want to return the duvet cover"),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", "退貨申請不用了 謝謝"),
]


@pytest.mark.parametrize("shop,user,rid,text", A)
async def test_a_withdraw_on_yes(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, rid: str,
                                 text: str) -> None:
    yes = "yes" if text.isascii() else "好的"
    out, exported = await replay(settings, shop, user, [text, yes], tmp_path / "c.db")
    assert rid in out[0]["reply"], out[0]["reply"]
    assert "create_return" not in _writes(out) and "create_exchange" not in _writes(out)
    rec = next(r for r in exported["returns"] if r["id"] == rid)
    if rid in LATE:
        assert out[0]["trace"]["dialogue"]["step"] == "withdraw_refused", out[0]["reply"]
        assert rec["status"] == "approved" and "cancel_return" not in _writes(out)
        return
    assert rec["status"] == "cancelled", [o["reply"] for o in out]


B = [
    (SHOP4, "telegram:8101", "ORD/2026/00417", "ATLAS-HARD", ["ORD/2026/00417 the notebook's fine, just the atlas back", "yes"]),
    (SHOP4, "telegram:8101", "ORD/2026/00417", "ATLAS-HARD", ["ORD/2026/00417 keep the notebook, atlas goes back", "yes"]),
    (SHOP4, "telegram:8101", "ORD/2026/00417", "ATLAS-HARD", ["ORD/2026/00417 notebook不退，atlas退掉", "好"]),
    (SHOP4, "telegram:8101", "ORD/2026/00417", "ATLAS-HARD", ["ORD/2026/00417 只退atlas，另一個留著", "好"]),
    (SHOP6, "telegram:7204", "2611/0029", "CL-PEND-150-S45", ["2611/0029 the bulbs are fine, only the pendant light back", "yes"]),
    (SHOP6, "telegram:7204", "2611/0029", "CL-PEND-150-S45", ["2611/0029 bulbs I'm keeping, pendant light returns", "yes"]),
    (SHOP5, "whatsapp:61412555109", "TRL-261123-04", "PEDAL-SPDSL", ["TRL-261123-04 pedals go back, chain stays", "yes"]),
    (SHOP5, "whatsapp:61412555109", "TRL-261123-04", "PEDAL-SPDSL", ["TRL-261123-04 chain没问题 只退pedals", "好"]),
    (SHOP5, "whatsapp:61412555109", "TRL-261123-04", "PEDAL-SPDSL", ["return the pedals from TRL-261123-04, nvm keep the chain", "yes"]),
]


@pytest.mark.parametrize("shop,user,oid,sku,texts", B)
async def test_b_keep_the_other(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, oid: str,
                                sku: str, texts: list[str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    made = [r for r in exported["returns"] if r["order_id"] == oid and r["created_at"] >= "2026-11-28"]
    assert [[i["sku"] for i in r["items"]] for r in made] == [[sku]], [o["reply"] for o in out]


C = [
    (SHOP6, "wechat:lijing_rmd", "RT-5031", ["cancel the return, I'd like to exchange the duvet cover instead", "yes"]),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", ["退货取消，我想换货", "好的"]),
    (SHOP6, "wechat:lijing_rmd", "RT-5031", ["不退了，改成换货可以吗", "可以"]),
]


@pytest.mark.parametrize("shop,user,rid,texts", C)
async def test_c_withdraw_then_exchange(settings: Any, tmp_path: Path, models: Any, shop: Path, user: str, rid: str,
                                        texts: list[str]) -> None:
    out, exported = await replay(settings, shop, user, texts, tmp_path / "c.db")
    assert next(r for r in exported["returns"] if r["id"] == rid)["status"] == "cancelled", [o["reply"] for o in out]
    flow = out[-1]["trace"].get("flow") or {}
    made = [x for x in exported["exchanges"] if x["created_at"] >= "2026-11-28"]
    assert made or flow.get("name") == "exchange_request", (flow, out[-1]["reply"])
