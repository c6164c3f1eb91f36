"""edits14 probes (#13): edits inside an open confirmation, on the demo shops and on shops nobody wrote
the code for (the Taipei bike shop of tests/dialogue/bike_shop.py, round 7-9's stationery, outdoor and
home-goods shops). Not a pytest module: it replays every probe through `aftersales replay` (one fresh
database per batch) and counts the probes whose check over all their turns holds.

    /work/main/.venv/bin/python tests/dialogue/probes_edits14/probes.py [-v] [CLASS] [--root CHECKOUT]

Classes: both (a correction adds / changes a second dimension at an option-swap confirmation), answer
(a pre-dispatch change answered with two dimensions), remove ("remove X" removes X), kept (the line kept
at an item-change confirmation corrected), plain (a one-line option change "in 42 instead"), question (a
question inside an open return confirmation keeps it and its quantity).
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
RUN = ROOT / "tests" / "playtest" / "run.py"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/dialogue: probe_tally
import probe_tally  # noqa: E402


def _bike(folder: Path) -> tuple[Path, None]:
    from tests.dialogue import bike_shop
    path = bike_shop.write(folder)
    fixture = json.loads(path.read_text(encoding="utf-8"))
    fixture["knowledge"] = str(ROOT / "config" / "knowledge")      # (relative to the demo fixture it came from)
    path.write_text(json.dumps(fixture, ensure_ascii=False), encoding="utf-8")
    return path, None


SHOPS: dict[str, Callable[[Path], tuple[Path, Path | None]]] = {
    "demo": lambda _: (ROOT / "config" / "demo_shop.json", None),
    "en": lambda _: (ROOT / "config" / "demo_shop_en.json", None),
    "bike": _bike,
    "shop4": lambda _: (ROOT / "tests/playtest7/shop4/shop.json", ROOT / "tests/playtest7/shop4/knowledge"),
    "shop5": lambda _: (ROOT / "tests/playtest8/shop5/shop.json", ROOT / "tests/playtest8/shop5/knowledge"),
    "shop6": lambda _: (ROOT / "tests/playtest9/shop6/shop.json", ROOT / "tests/playtest9/shop6/knowledge"),
}
WRITES = ("cancel_order", "change_items", "create_exchange", "create_return", "change_address")
Turns = list[dict[str, Any]]
Check = Callable[[Turns], bool]
BIKE = "line:Ubike0001"


def writes(turns: Turns) -> list[tuple[int, str, dict[str, Any], dict[str, Any]]]:
    return [(n, a["name"], a.get("args") or {}, a.get("result") or {}) for n, t in enumerate(turns)
            for a in t["trace"]["actions"] if a["name"] in WRITES and a.get("ok")]


def swapped(new: str, old: str | None = None) -> Check:
    """Exactly one write, on the last turn, that puts `new` in place of `old`."""
    def check(turns: Turns) -> bool:
        w = writes(turns)
        if len(w) != 1 or w[0][0] != len(turns) - 1:
            return False
        _, name, args, _ = w[0]
        if name == "create_exchange":
            pairs = [(args.get("sku"), args.get("new_sku"))] + [(s["sku"], s["new_sku"]) for s in args.get("swaps") or []]
        elif name == "change_items":
            pairs = [(s["sku"], s["new_sku"]) for s in args.get("swaps") or []]
        else:
            return False
        return any(n == new and s != new and (old is None or s == old) for s, n in pairs)
    return check


def confirmed_with(*words: str) -> Check:
    """The turn before the last (the confirmation) says every word."""
    def check(turns: Turns) -> bool:
        reply = turns[-2]["reply"].lower() if len(turns) > 1 else ""
        return all(w.lower() in reply for w in words)
    return check


def split_to(parts: dict[str, int]) -> Check:
    """One change_items write on the last turn that writes the line's units as `parts` (new sku → units)."""
    def check(turns: Turns) -> bool:
        w = writes(turns)
        if len(w) != 1 or w[0][1] != "change_items" or w[0][0] != len(turns) - 1:
            return False
        return {s["new_sku"]: s["qty"] for s in w[0][2].get("swaps") or []} == parts
    return check


def removed(gone: str, *kept: str) -> Check:
    def check(turns: Turns) -> bool:
        w = writes(turns)
        if len(w) != 1 or w[0][1] != "change_items" or w[0][0] != len(turns) - 1:
            return False
        after = {i["sku"]: i["qty"] for i in w[0][3].get("after") or []}
        return not after.get(gone) and all(after.get(k) for k in kept)
    return check


def returned(sku: str, qty: int) -> Check:
    def check(turns: Turns) -> bool:
        w = writes(turns)
        if len(w) != 1 or w[0][1] != "create_return" or w[0][0] != len(turns) - 1:
            return False
        items = {i["sku"]: i["qty"] for i in w[0][3].get("items") or []}
        return items == {sku: qty}
    return check


_CONDITION_WORDS = ("unused", "opened", "condition", "packag", "signs of use", "未使用", "拆", "包装", "包裝",
                    "二次销售", "二次銷售", "吊牌")


def asked_again(qty_words: tuple[str, ...]) -> Check:
    """The turn before the last keeps the return confirmation with its quantity."""
    def check(turns: Turns) -> bool:
        if len(turns) < 2:
            return False
        reply = turns[-2]["reply"].lower()
        told = reply.split("\n\n")[0]
        if told == reply or not any(w in told for w in _CONDITION_WORDS):
            return False                 # the question itself got no answer, only the confirmation again
        step = (turns[-2]["trace"].get("flow") or {})
        waiting = "confirm" in json.dumps(step, ensure_ascii=False).lower() or any(
            w in reply for w in ("confirm", "shall i", "确认", "確認", "要我", "可以吗", "好吗"))
        return waiting and any(w.lower() in reply for w in qty_words)
    return check


def both(*checks: Check) -> Check:
    return lambda turns: all(c(turns) for c in checks)


# (class, shop, user, [texts], check over all turns)
PROBES: list[tuple[str, str, str, list[str], Check]] = [
    # ---- 1. a correction at an option-swap confirmation: both dimensions written ----
    ("both", "demo", "telegram:1001", ["跑鞋42码有点小，能换成43吗", "哦对了，颜色也要换成白色", "确认"],
     swapped("SHOE-RUN-43-WH", "SHOE-RUN-42")),
    ("both", "demo", "telegram:1001", ["跑鞋42碼太小了，可以換43嗎", "對了，顏色也換成白色", "好"],
     swapped("SHOE-RUN-43-WH", "SHOE-RUN-42")),
    ("both", "demo", "telegram:1001", ["羽绒服L码太大了，想换M码", "不对，是XL不是M，而且要藏青色", "确认"],
     swapped("JK-DOWN-XL-NV", "JK-DOWN")),
    ("both", "en", "telegram:5008", ["change the black jacket in #W8254811 to size M", "oh, and make it red too", "yes"],
     swapped("RJ-M-RED", "RJ-L-BLK")),
    ("both", "en", "telegram:5001", ["the headphones from #W9024138, can I swap them for silver?",
                                     "and with the USB-C dongle as well", "yes"],
     swapped("HP700-SLV-DG", "HP700-BLK-BT")),
    ("both", "bike", BIKE, ["the gravel bike frame 54 is too big, can I swap to 56", "oh, and make the colour olive too",
                            "yes"], swapped("GRV-56-700-OL", "GRV-54-700-SD")),
    ("both", "bike", BIKE, ["TPE-88123 的自行車想換成L號", "不對 是S不是L 而且要白色", "好"],
     swapped("CITY-S-WH", "CITY-M-BK")),
    ("both", "shop6", "wechat:zhaoxue_bby", ["change the duvet cover in 2611/0074 to King", "and charcoal please", "yes"],
     swapped("CL-DUVET-K-CHR", "CL-DUVET-Q-OAT")),
    ("both", "bike", BIKE, ["碎石公路車54太大了，可以換52嗎", "哦，還有輪徑也要650b", "好"],
     swapped("GRV-52-650-OL", "GRV-54-700-SD")),
    ("both", "bike", BIKE, ["the gravel bike is a 54, too big. can I swap to 52?", "and make it 650b too", "yes"],
     swapped("GRV-52-650-OL", "GRV-54-700-SD")),
    ("both", "shop6", "web:emilyp", ["被套想换成Queen的", "颜色也换成charcoal", "好"],
     swapped("CL-DUVET-Q-CHR", "CL-DUVET-K-OAT")),
    ("both", "shop4", "telegram:8101", ["change the kettle on ORD/2026/00466 to 1000W", "oh and the EU plug as well", "yes"],
     swapped("KETTLE-1000-EU", "KETTLE-1500-UK")),
    ("both", "en", "telegram:5008", ["把#W8254811的黑色衝鋒衣換成M號", "對了，顏色也要紅色", "好"],
     swapped("RJ-M-RED", "RJ-L-BLK")),
    # ---- 2. a pre-dispatch change answered with both dimensions ----
    ("answer", "en", "telegram:5001", ["I'd like to change the rain jacket on #W7096158", "size L and the navy one", "yes"],
     both(confirmed_with("L", "navy"), swapped("RJ-L-NVY", "RJ-M-BLK"))),
    ("answer", "demo", "telegram:1001", ["SO202611270605的电热水壶想换个款", "要1.7L的，玻璃的", "确认"],
     both(confirmed_with("1.7"), swapped("KT-17-GL", "KT-15"))),
    ("answer", "demo", "telegram:1001", ["我想改一下SO202611270605的電熱水壺", "1.7L，還有要玻璃的", "好"],
     both(confirmed_with("1.7"), swapped("KT-17-GL", "KT-15"))),
    ("answer", "bike", BIKE, ["I want to change the bike on TPE-88123", "frame size L and grey", "yes"],
     both(confirmed_with("L", "grey"), swapped("CITY-L-GY", "CITY-M-BK"))),
    ("answer", "bike", BIKE, ["TPE-88123的安全帽想换一下", "M号，黑色的", "好"],
     both(confirmed_with("M", "黑色"), swapped("HLM-M-BK", "HLM-L-GY"))),
    ("answer", "shop6", "telegram:7210", ["I need to change the mattress on 2611/0068", "Queen and firm", "yes"],
     both(confirmed_with("queen", "firm"), swapped("CL-MATT-Q-FRM", "CL-MATT-D-MED"))),
    ("answer", "shop4", "telegram:8101", ["can I change the kettle on ORD/2026/00466", "1000W and the EU plug", "yes"],
     both(confirmed_with("1000W", "EU"), swapped("KETTLE-1000-EU", "KETTLE-1500-UK"))),
    # ---- 3. "remove X" removes X ----
    ("remove", "en", "telegram:5001", ["remove the water bottle from #W7096158", "yes"],
     removed("BTL-18-BLK-CH", "RJ-M-BLK")),
    ("remove", "en", "telegram:5001", ["take the jacket off my order #W7096158", "yes"],
     removed("RJ-M-BLK", "BTL-18-BLK-CH")),
    ("remove", "bike", BIKE, ["TPE-88157 把水壺拿掉", "好"], removed("BTL-550", "LGT-400-CL", "LOCK-U")),
    ("remove", "bike", BIKE, ["remove the helmet from TPE-88123", "yes"], removed("HLM-L-GY", "CITY-M-BK")),
    ("remove", "bike", BIKE, ["TPE-88123 把安全帽拿掉", "好"], removed("HLM-L-GY", "CITY-M-BK")),
    ("remove", "shop6", "telegram:7201", ["2611/0042 把枕头拿掉", "好"], removed("CL-PILLOW-HI-2", "CL-BED-Q-WAL")),
    ("remove", "shop6", "telegram:7204", ["2611/0070 把蠟燭拿掉", "好"], removed("CL-CANDLE-FIG-200", "CL-CURT-W200-D260")),
    ("remove", "shop6", "telegram:7204", ["take the candle off 2611/0070", "yes"],
     removed("CL-CANDLE-FIG-200", "CL-CURT-W200-D260")),
    ("remove", "shop4", "telegram:8101", ["ORD/2026/00466 把茶叶拿掉", "好"], removed("TEA-EARL-100G", "KETTLE-1500-UK")),
    ("remove", "shop4", "telegram:8106", ["remove the notebook from ORD/2026/00474", "yes"],
     removed("NOTE-PLAI-120P", "BLEND-300W-2JAR")),
    ("remove", "shop5", "telegram:5501", ["TRL-261126-03 把链条拿掉", "好"], removed("CHAIN-12S", "TYRE-700C-45")),
    ("remove", "shop5", "telegram:5501", ["please remove the tyres from TRL-261126-03", "yes"],
     removed("TYRE-700C-45", "CHAIN-12S")),
    ("remove", "en", "telegram:5001", ["remove the insulated bottle from #W7096158", "yes"],
     removed("BTL-18-BLK-CH", "RJ-M-BLK")),
    ("remove", "shop4", "telegram:8106", ["ORD/2026/00474 把筆記本拿掉", "好"], removed("NOTE-PLAI-120P", "BLEND-300W-2JAR")),
    ("remove", "shop5", "web:miat", ["TRL-261126-10 把车灯拿掉", "好"], removed("LIGHT-400", "SADDLE-155-BK")),
    ("remove", "shop5", "web:miat", ["remove the saddle from TRL-261126-10", "yes"], removed("SADDLE-155-BK", "LIGHT-400")),
    ("remove", "shop6", "telegram:7210", ["2611/0068 please drop the duvet", "yes"],
     removed("CL-DUVET-Q-CHR", "CL-MATT-D-MED")),
    ("remove", "shop6", "wechat:zhaoxue_bby", ["2611/0074 把枕頭拿掉", "好"], removed("CL-PILLOW-HI-1", "CL-DUVET-Q-OAT")),
    # ---- 4. the line kept at an item-change confirmation corrected ----
    ("kept", "en", "telegram:5008", ["remove the black jacket from #W8254811, keep the navy one",
                                     "sorry, the other way round: keep the black one and remove the navy", "yes"],
     removed("RJ-M-NVY", "RJ-L-BLK")),
    ("kept", "en", "telegram:5008", ["W8254811 里的黑色那件不要了，navy的留着", "说反了，留黑色的，navy那件不要", "对"],
     removed("RJ-M-NVY", "RJ-L-BLK")),
    ("kept", "bike", BIKE, ["TPE-88123 把安全帽拿掉，自行車留著", "不對，留安全帽，自行車拿掉", "好"],
     removed("CITY-M-BK", "HLM-L-GY")),
    ("kept", "shop6", "telegram:7201", ["remove the pillows from 2611/0042 and keep the bed frame",
                                        "no wait, keep the pillows, remove the bed frame", "yes"],
     removed("CL-BED-Q-WAL", "CL-PILLOW-HI-2")),
    ("kept", "shop4", "telegram:8101", ["ORD/2026/00466 把茶叶拿掉，水壶留着", "搞反了，茶叶留着，水壶不要", "好"],
     removed("KETTLE-1500-UK", "TEA-EARL-100G")),
    ("kept", "shop5", "telegram:5501", ["remove the chain from TRL-261126-03, keep the tyres",
                                        "no sorry, keep the chain and remove the tyres", "yes"],
     removed("TYRE-700C-45", "CHAIN-12S")),
    ("kept", "en", "slack:U07NOAH", ["change one of the two SSDs on #W1722178 to 2TB",
                                     "and the one I keep should be Thunderbolt", "yes"],
     split_to({"SSD-2T-UC": 1, "SSD-1T-TB": 1})),
    ("kept", "shop6", "wechat:zhaoxue_bby", ["change one of the two pillows on 2611/0074 to a pair",
                                             "and the other one should be low loft, pair as well", "yes"],
     split_to({"CL-PILLOW-HI-2": 1, "CL-PILLOW-LO-2": 1})),
    ("kept", "shop5", "telegram:5501", ["TRL-261126-03 其中一条轮胎换成40mm", "另一条换成650b的", "好"],
     split_to({"TYRE-700C-40": 1, "TYRE-650B-45": 1})),
    ("kept", "shop4", "wechat:lina_mcr", ["change one of the three notebooks on ORD/2026/00470 to plain",
                                          "the other two should be 120 pages", "yes"],
     split_to({"NOTE-PLAI-240P": 1, "NOTE-LINE-120P": 2})),
    # ---- 5. a plain one-line option change ----
    ("plain", "demo", "web:dlee", ["can I get the shoes in 43 instead", "yes"], swapped("SHOE-RUN-43", "SHOE-RUN-42")),
    ("plain", "demo", "web:dlee", ["跑鞋可以改成43码吗", "好的"], swapped("SHOE-RUN-43", "SHOE-RUN-42")),
    ("plain", "demo", "web:dlee", ["鞋子可以改成43號的嗎", "好"], swapped("SHOE-RUN-43", "SHOE-RUN-42")),
    ("plain", "en", "telegram:5008", ["can I get the navy jacket in L instead", "yes"], swapped("RJ-L-NVY", "RJ-M-NVY")),
    ("plain", "bike", BIKE, ["can I get the helmet in M instead", "yes"], swapped("HLM-M-GY", "HLM-L-GY")),
    ("plain", "shop6", "wechat:zhaoxue_bby", ["could I get the duvet cover in King instead?", "yes"],
     swapped("CL-DUVET-K-OAT", "CL-DUVET-Q-OAT")),
    ("plain", "shop5", "telegram:5506", ["could I get the helmet in M instead?", "yes"],
     swapped("HELMET-M-WH", "HELMET-L-WH")),
    # ---- 6. a question inside an open return confirmation ----
    ("question", "demo", "telegram:1001", ["我想退一件T恤", "我已经拆开穿过一次了，还能退吗？", "好"],
     both(asked_again(("1 件", "1件", "一件", "×1", "x1")), returned("TS-COTTON", 1))),
    ("question", "demo", "telegram:1001", ["我想退一件T恤", "我已經拆封了，還可以退嗎？", "好"],
     both(asked_again(("1 件", "1件", "一件", "×1", "x1")), returned("TS-COTTON", 1))),
    ("question", "en", "telegram:5001", ["I want to return one of the water bottles from #W9024138",
                                         "is it ok if I already opened it?", "yes"],
     both(asked_again(("1 ×", "1 x", "one", "1 of")), returned("BTL-32-BLK-ST", 1))),
    ("question", "shop6", "telegram:7204", ["I'd like to return one of the bulb packs from 2611/0029",
                                            "does it matter that I already screwed one in?", "yes"],
     both(asked_again(("1 ×", "1 x", "one", "1 of")), returned("CL-BULB-E26-4PK", 1))),
    ("question", "bike", BIKE, ["我想退TPE-87011的碎石公路車", "我已經騎過一次了，還可以退嗎？", "好"],
     both(asked_again(("1 件", "1件", "一件", "一台", "×1", "x1", "碎石")), returned("GRV-54-700-SD", 1))),
    ("question", "shop5", "telegram:5504", ["TRL-261110-04 我想退一条轮胎", "我已经拆开包装了，可以吗？", "可以"],
     both(asked_again(("1 件", "1件", "一件", "一条", "×1", "1 条")), returned("TYRE-650B-40", 1))),
    ("question", "shop4", "telegram:8101", ["I want to return one of the notebooks from ORD/2026/00417",
                                            "is that fine if I've opened the wrapping?", "yes"],
     both(asked_again(("1 ×", "1 x", "one", "1 of")), returned("NOTE-DOTT-120P", 1))),
]


def run(selected: str | None, verbose: bool, root: Path = ROOT) -> int:
    results: dict[str, list[int]] = {}
    for shop_name, where in SHOPS.items():
        probes = [(n, p) for n, p in enumerate(PROBES) if p[1] == shop_name and (selected in (None, p[0]))]
        if not probes:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            shop, knowledge = where(Path(tmp))
            lines = [{"conversation": f"p{n}", "user": user, "text": text}
                     for n, (_, _, user, texts, _) in probes for text in texts]
            (Path(tmp) / "conversations.jsonl").write_text(
                "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
            extra = ["--knowledge", str(knowledge)] if knowledge else []
            out = subprocess.run([sys.executable, str(RUN), tmp, "--shop", str(shop), "--root", str(root), *extra],
                                 capture_output=True, text=True, cwd=ROOT)
        by_conv: dict[str, list[dict[str, Any]]] = {}
        for line in out.stdout.splitlines():
            item = json.loads(line)
            by_conv.setdefault(item["conversation"], []).append(item)
        for n, (cls, _, _user, texts, check) in probes:
            turns = by_conv.get(f"p{n}", [])
            ok = len(turns) == len(texts) and check(turns)
            results.setdefault(cls, [0, 0])[0 if ok else 1] += 1
            if verbose or not ok:
                print(f"{'OK ' if ok else 'BAD'} {cls:8} {shop_name:5} {texts}")
                for t in turns:
                    tr = t["trace"]
                    names = [(a["name"], a.get("ok")) for a in tr["actions"]
                             if a["name"] not in ("list_orders", "get_order", "resolve_customer")]
                    print(f"      [{tr['intent']['name']}] {names} {t['reply'][:400]!r}")
    probe_tally.report(results)
    return 0


if __name__ == "__main__":
    sys.exit(run(*probe_tally.cli(sys.argv[1:], ROOT)))
