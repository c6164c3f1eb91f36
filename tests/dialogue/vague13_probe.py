"""Probes for #13 vague13 (vague order references, an open return in a refund question).

Run: /work/main/.venv/bin/python -m tests.dialogue.vague13_probe [filter]
Each probe: a shop, a customer, the messages, and what the LAST reply must contain (all of
`want`) and must not contain (any of `never`). Prints one line per probe and the count."""
from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import tempfile
from pathlib import Path

from bot.core.settings import PROJECT_ROOT, load_settings
from tests.test_conversation_corrections import replay

DEMO = PROJECT_ROOT / "config" / "demo_shop.json"
EN = PROJECT_ROOT / "config" / "demo_shop_en.json"
SHOP6 = PROJECT_ROOT / "tests" / "playtest9" / "shop6" / "shop.json"
_TMP = Path(tempfile.mkdtemp(prefix="vague13-shops-"))


def _variant(src: Path, name: str, orders: dict[str, str], facts: dict | None = None) -> Path:
    """`src` with some orders shipped to another address (and facts laid over), written to a temp file."""
    data = json.loads(src.read_text(encoding="utf-8"))
    for o in data["orders"]:
        if o["id"] in orders:
            o["shipping_address"] = orders[o["id"]]
    if facts:
        data["facts"] = facts
    if data.get("knowledge"):
        data["knowledge"] = str((src.parent / data["knowledge"]).resolve())
    out = _TMP / f"{name}.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


# shop6 with its own carrier facts: a domestic carrier's time abroad stated per carrier / for the shop
SHOP6X = _variant(SHOP6, "shop6x", {"2611/0060": "350 5th Ave, New York, NY 10118, USA"},
                  {"shop": {"country": "CA"},
                   "delivery": {"international": {"days": "7–14"},
                                "carriers": {"SF Express": {"days": "1–2"},
                                             "Canada Post": {"days": "2–4", "international_days": "6–10"}}}})
SHOP6K = _variant(SHOP6, "shop6k", {})
SHOP6K.write_text(json.dumps({**json.loads(SHOP6K.read_text(encoding="utf-8")),
                              "knowledge": str(SHOP6.parent / "knowledge")}, ensure_ascii=False), encoding="utf-8")
DEMOX = _variant(DEMO, "demox", {"SO202611261030": "香港九龙旺角弥敦道 688 号 12 楼 B 室"})

# (name, shop, user, texts, want, never)
PROBES: list[tuple[str, Path, str, list[str], list[str], list[str]]] = [
    # 1a: the latest order
    ("last-zh", DEMO, "telegram:1001", ["我最近那单到哪了"], ["SO202611270605"], ["哪一个订单", "哪个订单"]),
    ("last-en", DEMO, "web:demo", ["what's the status of my last order?"], ["SO202611271000"], ["which order"]),
    ("last-en2", DEMO, "web:demo", ["where is my most recent order"], ["SO202611271000"], ["which order"]),
    ("last-zh2", DEMO, "telegram:1003", ["帮我查一下最新的那笔订单"], ["SO202611241031"], ["哪一个订单", "哪个订单"]),
    ("last-s6-en", SHOP6, "whatsapp:12505550209", ["any news on my latest order?"], ["2611/0060"], ["which order"]),
    ("last-s6-zh", SHOP6, "telegram:7204", ["我上一单怎么样了"], ["2611/0070"], ["哪一个订单", "哪个订单"]),
    # 1a': the latest order inside another request
    ("lastact-zh", DEMO, "telegram:1001", ["我最近那单能取消吗"], ["SO202611270605"], ["哪一个订单", "哪个订单"]),
    ("lastact-en", DEMO, "web:demo", ["please cancel my last order"], ["SO202611271000"], ["which order"]),
    ("lastact-zh2", DEMO, "telegram:1001", ["帮我最近那单开个发票"], ["SO202611270605"], ["哪一个订单", "哪个订单"]),
    ("lastact-en2", DEMO, "telegram:1002", ["can I get an invoice for my most recent order?"], ["SO202611251914"],
     ["which order"]),
    ("lastact-s6-en", SHOP6, "whatsapp:12505550209", ["I need to change the address on my latest order"],
     ["2611/0060"], ["which order"]),
    ("lastact-s6-zh", SHOP6, "telegram:7204", ["我上一单不要了，取消掉"], ["2611/0070"], ["哪一个订单", "哪个订单"]),
    # 1b: which has not arrived
    ("notyet-zh", DEMO, "telegram:1001", ["我哪一单还没到？"], ["SO202611261030", "SO202611270605"],
     ["哪一个订单", "哪个订单", "SO202611230529"]),
    ("notyet-en", DEMO, "telegram:1002", ["which of my orders hasn't arrived yet?"], ["SO202611251914"], ["which order", "SO202611221744", "SO202611170513"]),
    ("notyet-en2", DEMO, "web:demo", ["which order is still not delivered?"], ["SO202611251006"],
     ["which order", "SO202611220503", "SO202611130506"]),
    ("notyet-zh2", DEMO, "whatsapp:8615811112222", ["我有一单还没收到，是哪单"], ["SO202611252135"], ["哪一个订单", "哪个订单"]),
    ("notyet-s6-en", SHOP6, "whatsapp:12505550209", ["which one of my orders is not here yet?"], ["2611/0060"],
     ["which order", "2611/0055"]),
    ("notyet-s6-zh", SHOP6, "telegram:7202", ["我哪个订单还没到货"], ["2611/0051"], ["哪一个订单", "哪个订单"]),
    # 1c: a line of the other order of two just discussed
    ("other-zh", DEMO, "telegram:1003", ["SO202611190543 和 SO202611241031 这两单", "SO202611190543 的手表挺好的",
                                         "另一单的羽绒服什么时候到"], ["SO202611241031"], ["SO202611190543 "]),
    ("other-en", DEMO, "telegram:1002", ["I have two orders, SO202611221744 and SO202611251914",
                                         "SO202611221744 arrived fine", "and the jacket of the other one?"],
     ["SO202611251914"], ["which order", "SO202611221744", "SO202611170513"]),
    ("other-s6-en", SHOP6, "whatsapp:12505550209", ["my orders 2611/0055 and 2611/0060", "2611/0055 is fine",
                                                    "what about the candle in the other order?"], ["2611/0060"],
     ["which order"]),
    ("other-s6-zh", SHOP6, "telegram:7202", ["我有两个订单 2611/0051 和 2611/0008", "2611/0008 收到了",
                                            "另一单的床垫呢"], ["2611/0051"], ["哪一个订单", "哪个订单"]),
    ("other-en2", DEMO, "web:demo", ["SO202611220503 and SO202611251006 — can you check both?",
                                     "ok thanks. the power bank of the other order, when will it come?"],
     ["SO202611251006"], ["which order"]),
    ("other-zh2", DEMO, "telegram:1001", ["SO202611230529 和 SO202611261030", "第一单收到了",
                                          "另一单的吹风机到哪了"], ["SO202611261030"], ["哪一个订单", "哪个订单"]),
    # 1c': a PART (no line of it named) of the other of the two orders just discussed
    ("part-zh", DEMO, "telegram:1001", ["SO202611230529 和 SO202611050521 都收到了", "SO202611230529 的鞋没问题",
                                        "另一单的充电盒充不进电"], ["SO202611050521"], ["SO202611230529", "哪个订单"]),
    ("part-en", DEMO, "web:demo", ["I got SO202611220503 and SO202611130506", "the first one is great",
                                   "but the laces of the other one are already torn"], ["SO202611130506"],
     ["SO202611220503", "which order"]),
    ("part-s6-en", SHOP6, "web:emilyp", ["I have two orders, 2611/0035 and 2611/0002", "2611/0035 is perfect",
                                         "the cover of the other one has a tear"], ["2611/0002"],
     ["2611/0035", "which order"]),
    ("part-s6-zh", SHOP6, "telegram:7202", ["2611/0051 和 2611/0008 这两单", "2611/0051 还在路上吗",
                                           "另一单的盖子裂了"], ["2611/0008"], ["2611/0051", "哪个订单"]),
    ("part-en2", DEMO, "telegram:1001", ["can you check SO202611150519 and SO202611210549?",
                                         "SO202611150519 is ok", "the zipper on the other order is broken"],
     ["SO202611210549"], ["SO202611150519", "which order"]),
    ("part-zh2", SHOP6, "web:emilyp", ["帮我看一下 2611/0002 和 2611/0035", "2611/0002 没事",
                                      "另外那单的边角开线了"], ["2611/0035"], ["2611/0002", "哪个订单"]),
    # 2d: the reply follows the customer's sentence, not a Chinese name inside it
    ("lang-en", DEMO, "web:demo", ["Please issue the invoice for SO202611220503 to 上海星辰科技有限公司, tax id "
                                   "91310000MA1FL8XQ3C"], ["invoice"], ["您", "发票"]),
    ("lang-en2", DEMO, "web:demo", ["Is the 电热水壶 in stock?"], ["Electric kettle"], ["您", "有货"]),
    ("lang-en3", DEMO, "telegram:1002", ["I bought from 星辰数码旗舰店, where is my order?"], ["SO20261125"], ["您"]),
    ("lang-s6-en", SHOP6, "web:emilyp", ["is the 海达橡木床架 available in King walnut?"], ["King"], ["您"]),
    ("lang-s6-en2", SHOP6, "whatsapp:12505550209", ["my invoice should say 温哥华家居有限公司, can you do that for "
                                                    "2611/0055?"], ["2611/0055"], ["您"]),
    ("lang-zh", DEMO, "telegram:1001", ["我想问一下 AirFlow HD-2000 hair dryer 的保修"], ["保修"], ["warranty"]),
    # 2a: a parcel abroad gets the time abroad, never the carrier's domestic days
    ("intl-s6-zh", SHOP6X, "telegram:7206", ["我的包裹什么时候到"], ["7–14"], ["1–2"]),
    ("intl-s6-en", SHOP6X, "telegram:7206", ["how long will my parcel take to arrive?"], ["7–14"], ["1–2"]),
    ("intl-s6-en2", SHOP6X, "whatsapp:12505550209", ["when will 2611/0060 arrive?"], ["6–10"], ["2–4"]),
    ("intl-s6-zh2", SHOP6X, "whatsapp:12505550209", ["2611/0060 大概几天能到"], ["6–10"], ["2–4"]),
    ("intl-demo-zh", DEMOX, "telegram:1001", ["SO202611261030 几天能到"], ["5–12"], ["1–3"]),
    ("intl-demo-en", DEMOX, "telegram:1001", ["how long does SO202611261030 take to arrive?"], ["5–12"], ["1–3"]),
    # 2b: a first fault reply past the direct-replacement window: the warranty, never a new unit
    ("fault-zh", DEMO, "telegram:1001", ["SO202611050521 的耳机右耳没声音了"], ["保修"], ["直接换新期内", "换一件新的"]),
    ("fault-en", DEMO, "slack:U01ABC", ["my earbuds from SO202611050521 won't charge anymore"], ["warranty"],
     ["send you a new one", "window for a direct replacement, so"]),
    ("fault-en2", DEMO, "whatsapp:13125550123", ["the smart watch from SO202611030518 has a broken screen"],
     ["warranty"], ["send you a new one", "window for a direct replacement, so"]),
    ("fault-zh2", DEMO, "wecom:liuyang", ["SO202610160545 电热水壶不加热了"], ["保修"], ["直接换新期内", "换一件新的"]),
    ("fault-s6-en", SHOP6K, "telegram:7201", ["the arc lamp from 2610/0117 flickers and won't turn on"],
     ["warranty"], ["send you a new one", "window for a direct replacement, so"]),
    ("fault-s6-zh", SHOP6K, "telegram:7201", ["2610/0117 的落地灯不亮了"], ["保修"], ["直接换新期内", "换一件新的"]),
    # 2c: a product question about one version: that version's stock and price, not the range
    ("variant-zh", DEMO, "telegram:1001", ["电热水壶 1.7L 玻璃的有货吗"], ["1.7L", "159"], ["您想了解哪个规格"]),
    ("variant-en", DEMO, "web:demo", ["do you have the electric kettle in 1.7L glass?"], ["1.7L", "36.90"],
     ["Which version would you like"]),
    ("variant-en2", DEMO, "web:demo", ["how much is the kettle in 1.5L stainless steel?"], ["29.90"],
     ["Which version would you like", "$29.90–"]),
    ("variant-s6-en", SHOP6, "web:emilyp", ["is the memory foam mattress in King firm in stock?"], ["King", "firm"],
     ["Which version would you like"]),
    ("variant-s6-zh", SHOP6, "telegram:7202", ["记忆棉床垫 Queen 中号 有货吗"], ["Queen", "1099"],
     ["您想了解哪个规格", "899.00"]),
    ("variant-s6-en2", SHOP6, "web:emilyp", ["how much is the oak bed frame in Queen natural oak?"], ["1299"],
     ["Which version would you like", "1499"]),
    # 2e: my refund with an open return
    ("refund-zh", DEMO, "whatsapp:8613912345678", ["我的退款呢"], ["RT20261126-0001"], []),
    ("refund-en", SHOP6, "telegram:7202", ["where is my refund?"], ["RT-5031"], []),
    ("refund-zh-s6", SHOP6, "wechat:lijing_rmd", ["我的退款到哪了"], ["RT-5031"], []),
    ("refund-en2", DEMO, "whatsapp:8613912345678", ["any news on my refund?"], ["RT20261126-0001"], []),
    ("refund-en3", SHOP6, "telegram:7202", ["hi, I still haven't got my money back"], ["RT-5031"], []),
    ("refund-zh2", DEMO, "line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7", ["钱还没退给我"], ["RT20261126-0001"], []),
]


async def main(filt: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="vague13-"))
    os.environ.setdefault("AFTERSALES_NLU_CACHE_DIR", str(PROJECT_ROOT / ".data" / "nlu"))
    env = {"AFTERSALES_DATA_DIR": str(tmp / "data"), "AFTERSALES_GENERATOR_KIND": "template",
           "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(range(32))).decode()}
    ok = 0
    probes = [p for p in PROBES if filt in p[0]]
    for n, (name, shop, user, texts, want, never) in enumerate(probes):
        out, _ = await replay(load_settings(env=env), shop, user, texts, tmp / f"p{n}.db")
        reply = out[-1]["reply"]
        good = all(w in reply for w in want) and not any(x in reply for x in never)
        ok += good
        print(("OK  " if good else "BAD ") + name + " | " + reply.replace("\n", " / ")[:400])
        if os.environ.get("PROBE_TRACE"):
            for o in out:
                t = o["trace"]
                print("    ", {k: t.get(k) for k in ("intent", "flow", "step", "command_source", "commands")})
    print(f"{ok}/{len(probes)}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else ""))
