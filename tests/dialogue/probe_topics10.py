"""Probe (not collected: name without test_): print replies for topics10 failure classes."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.dialogue.gen_shop import make_shop
from tests.test_conversation_corrections import replay

ROOT = Path(__file__).resolve().parents[2]
DEMO, EN = ROOT / "config" / "demo_shop.json", ROOT / "config" / "demo_shop_en.json"
DATA = Path(__file__).with_name("data")
WRITES = ("change_items", "cancel_order", "change_payment", "change_address", "create_return", "create_exchange",
          "create_ticket")

# (shop, user, [turns])   shop: path or ("gen", seed, shape)
PROBES: dict[str, list[tuple[Any, str, list[str]]]] = {
    "pay": [
        (DEMO, "web:demo", ["SO202611262325 到哪了", "能换成微信支付吗"]),
        (DEMO, "web:demo", ["我的订单SO202611271000怎么样了", "我想改用支付宝付款可以吗"]),
        (DEMO, "web:demo", ["SO202611251006 什么状态", "付款方式能改成银行卡吗"]),
        (EN, "telegram:5001", ["where is #W7096158", "can I change the payment to card?"]),
        (EN, "slack:U07NOAH", ["status of #W1722178 please", "could I pay with paypal instead"]),
        (EN, "telegram:5001", ["what's happening with #W8615334", "can i switch to a different payment method"]),
        (("gen", 41, "suffixed"), "pending0", ["status of {oid}?", "can I change the payment to card?"]),
        (("gen", 43, "slashed"), "paid0", ["{oid} 什么状态", "能换个付款方式吗"]),
        (("gen", 44, "hash"), "shipped0", ["where's {oid}", "ok. can I pay by paypal instead?"]),
        (("gen", 45, "short"), "pending0", ["{oid}发货了吗", "那我换成银行转账付款"]),
        (EN, "telegram:5001", ["where is #W7096158", "thanks. I want a refund to my card"]),
    ],
    "xf": [
        (DATA / "pet_shop_aud.json", "web:ana", ["PT/7731 remove the raincoat. also how long does delivery take"]),
        (DATA / "pet_shop_aud.json", "web:ana", ["how long does delivery take"]),
        (DATA / "outdoor_shop_gbp.json", "web:sam", ["poles 110 instead of 130 pls, and I just need 1", "yes"]),
    ],
    "fault": [
        (DEMO, "telegram:1001", ["the left earbud has no sound"]),
        (DEMO, "telegram:1001", ["左边耳机没声音了"]),
        (DEMO, "telegram:1001", ["my earbuds: no sound from the left one", ]),
        (DEMO, "telegram:1001", ["耳机一边听不到声音"]),
        (EN, "telegram:5001", ["my headphones won't connect to my laptop"]),
        (DEMO, "wecom:zhaomin", ["水壶烧不开水"]),
        (DEMO, "whatsapp:8613912345678", ["电饭煲不加热了"]),
        (DEMO, "telegram:1001", ["耳机充电盒充不进电"]),
        (("gen", 41, "suffixed"), "delivered0", ["the {own} I got is broken, the light flickers"]),
        (("gen", 43, "slashed"), "delivered0", ["{own}没声音了"]),
        (DEMO, "wecom:zhaomin", ["the kettle won't heat up at all"]),
    ],
    "add": [
        (DEMO, "web:demo", ["SO202611262325 到哪了", "再加一个充电宝"]),
        (DEMO, "web:demo", ["SO202611251006 什么状态", "再加一个托特包"]),
        (EN, "telegram:5001", ["where is #W7096158", "add a second rain jacket please"]),
        (EN, "telegram:5001", ["what's happening with #W8615334", "can you add the skillet to it"]),
        (DATA / "outdoor_shop_gbp.json", "web:ola", ["status of K30418?", "add another stove please"]),
        (DATA / "outdoor_shop_gbp.json", "web:ola", ["K30419 到哪了", "再加一个露营炉"]),
        (("gen", 41, "suffixed"), "paid0", ["status of {oid}?", "add the {item} please"]),
        (("gen", 43, "slashed"), "paid0", ["{oid} 什么状态", "再加一个{item}"]),
        (("gen", 44, "hash"), "shipped0", ["where's {oid}", "can you also add the {item}"]),
        (("gen", 45, "short"), "pending0", ["{oid}发货了吗", "add one more {own}"]),
        (EN, "telegram:5001", ["where is #W7096158", "please add my new address to it"]),
    ],
}


def _gen(spec: Any, user: str, texts: list[str], tmp: Path) -> tuple[Path, str, list[str]]:
    _, seed, shape = spec
    g = make_shop(seed, tmp / f"gen{seed}", shape)
    status = user.rstrip("0123456789")
    cid = f"c{seed}-0"
    o = next(o for o in g.fixture["orders"] if o["customer_id"] == cid and o["status"] == status)
    other = next(p for p in g.fixture["products"] if p["id"] not in {i["product_id"] for i in o["items"]})
    own = o["items"][0]["name"].split()[0].lower() + " " + o["items"][0]["name"].split()[1].lower()
    texts = [t.replace("{oid}", o["id"]).replace("{item}", other["name"].lower()).replace("{own}", own) for t in texts]
    return g.path, g.identity[cid], texts


@pytest.mark.parametrize("cls", sorted(PROBES))
async def test_probe(make_settings: Any, tmp_path: Path, models: Any, cls: str) -> None:
    only = os.environ.get("PROBE")
    if only and only != cls:
        return
    lines = []
    for n, (shop, user, texts) in enumerate(PROBES[cls]):
        if isinstance(shop, tuple):
            shop, user, texts = _gen(shop, user, texts, tmp_path)
        out, _ = await replay(make_settings(), shop, user, texts, tmp_path / f"c{n}.db")
        lines.append(f"=== {cls}#{n} {Path(shop).name}")
        for t, o in zip(texts, out):
            acts = [a["name"] + ("" if a.get("ok") else "!") for a in o["trace"]["actions"]]
            lines.append(f"U: {t}\nB: {o['reply']}\n   intent={o['trace'].get('intent')} acts={acts}\n   u={o['trace'].get('commands')} flow={o['trace'].get('flow')}")
    Path(f"/tmp/topics10_probe_{cls}.txt").write_text("\n".join(lines), encoding="utf-8")
