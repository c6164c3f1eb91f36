"""fault14 probes: faults on delivered items against each shop's direct-replacement window and
warranty months (generated shops `shops.py`, deliveries just inside / just outside the window at a
frozen clock), zh-Hans, zh-Hant and en. Not a pytest module: every probe is replayed through
`aftersales replay` and its last turn judged by its check (reply words and the trace's actions).

    /work/main/.venv/bin/python tests/dialogue/probes_fault14/probes.py [-v] [CLASS] [--root CHECKOUT]
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
from tests.dialogue.probes_fault14 import shops as S  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/dialogue: probe_tally
import probe_tally  # noqa: E402

RUN = ROOT / "tests" / "playtest" / "run.py"
Check = Callable[[list[dict[str, Any]], str], bool]


def acts(turns: list[dict[str, Any]], name: str, last: bool = True) -> list[dict[str, Any]]:
    pool = turns[-1:] if last else turns
    return [a for t in pool for a in t["trace"]["actions"] if a["name"] == name and a.get("ok", True)]


def reply(turns: list[dict[str, Any]]) -> str:
    return turns[-1]["reply"].lower()


# A swap / same-variant replacement proposed or asked about (the window text "direct replacement
# covers the first N days, which have passed" is no swap).
SWAP_Q = ("which version", "would you like instead", "想换成哪个", "想換成哪個", "换成哪", "換成哪", "same version",
          "换一件同款", "換一件同款", "for a new unit", "send you a new one", "直接给您换", "直接給您換",
          "exchange it for a new one", "换一件新的或", "換一件新的或", "other version", "其他规格", "其他規格")
WARRANTY = ("warranty", "保修", "保固", "质保", "質保")


def _no_write(turns: list[dict[str, Any]]) -> bool:
    return not acts(turns, "create_exchange", last=False) and not acts(turns, "create_return", last=False)


def warranty_claim_offer(turns: list[dict[str, Any]], oid: str) -> bool:
    """Outside the window, in warranty: the warranty claim proposed (or filed), no swap, nothing exchanged."""
    r = reply(turns)
    filed = [a for a in acts(turns, "create_ticket", last=False) if a["args"].get("reason") == "warranty"]
    offered = any(w in r for w in WARRANTY) and ("yes/no" in r or "是/否" in r or filed)
    return _no_write(turns) and offered and not any(w in r for w in SWAP_Q)


def warranty_filed(turns: list[dict[str, Any]], oid: str) -> bool:
    """The yes (or the pickup asked) records the warranty claim on that order."""
    filed = [a for a in acts(turns, "create_ticket") + acts(turns, "add_to_ticket")
             if a["args"].get("reason") in ("warranty", None) and a["args"].get("order_id", oid) == oid]
    return bool(filed) and _no_write(turns) and any(w in reply(turns) for w in WARRANTY + ("ticket", "工单", "工單", "case"))


def no_warranty(turns: list[dict[str, Any]], oid: str) -> bool:
    """Outside the window without (or past) the warranty: said so, no swap, nothing written."""
    r = reply(turns)
    said = any(w in r for w in ("no warranty", "has ended", "没有保修", "沒有保固", "沒有保修", "保修期已过", "保固期已過",
                                "保修期已過", "ended", "已过", "已過"))
    # (a person only if asked: no case opened unasked, a colleague offered)
    return _no_write(turns) and said and not any(w in r for w in SWAP_Q) and not acts(turns, "create_ticket") \
        and ("colleague" in r or "同事" in r)


def one_unit_offer(turns: list[dict[str, Any]], oid: str) -> bool:
    """Inside the window, one of two: the same-variant replacement of ONE unit proposed."""
    r = reply(turns)
    return ("1 of 2" in r or "2件中的1件" in r) and ("yes/no" in r or "是/否" in r) and _no_write(turns)


def one_unit_made(turns: list[dict[str, Any]], oid: str) -> bool:
    made = acts(turns, "create_exchange")
    return len(made) == 1 and made[0]["args"].get("qty") == 1 and made[0]["args"].get("new_sku") == made[0]["args"].get("sku") \
        and made[0]["args"].get("order_id") == oid


def one_return_offer(turns: list[dict[str, Any]], oid: str) -> bool:
    r = reply(turns)
    bad = ("investigat", "not received", "没收到", "沒收到", "调查", "調查")
    tickets = acts(turns, "create_ticket", last=False)
    return not any(b in r for b in bad) and not tickets and _no_write(turns) and \
        ("1 of 2" in r or "1 ×" in r or "1件" in r or "一件" in r or "x1" in r or "×1" in r) and \
        ("return" in r or "退" in r or "refund" in r)


def one_return_made(turns: list[dict[str, Any]], oid: str) -> bool:
    made = acts(turns, "create_return")
    return len(made) == 1 and not acts(turns, "create_ticket", last=False) and \
        all(int(i.get("qty", 0)) == 1 for i in made[0]["args"].get("items") or [{"qty": made[0]["args"].get("qty")}])


def on_case(turns: list[dict[str, Any]], oid: str) -> bool:
    return bool(acts(turns, "add_to_ticket")) and not acts(turns, "create_ticket", last=False)


def both(*checks: Check) -> Check:
    return lambda turns, oid: all(c(turns, oid) for c in checks)


# (class, shop, case, [texts], check on the last turn)
P = tuple[str, str, str, list[str], Check]
PROBES: list[P] = [
    # ---- 1. outside the window: "send me a new one" is the warranty route ----
    ("outside", "alpha", "out1", ["我的电动牙刷充不进电了，直接换一个新的吧"], warranty_claim_offer),
    ("outside", "alpha", "out1", ["牙刷坏了 开不了机 给我寄个新的"], warranty_claim_offer),
    ("outside", "gamma", "out1", ["電鑽充不進電了，直接換一個新的"], warranty_claim_offer),
    ("outside", "gamma", "out1", ["我的電鑽壞了，開不了機，幫我換個新的"], warranty_claim_offer),
    ("outside", "beta", "out1", ["my desk fan stopped working, just send me a new one"], warranty_claim_offer),
    ("outside", "beta", "out1", ["The fan won't turn on anymore. Can you send a replacement?"], warranty_claim_offer),
    ("outside", "alpha", "out1", ["我的电动牙刷充不进电了，直接换一个新的吧", "好的"], warranty_filed),
    ("outside", "beta", "out1", ["my desk fan stopped working, just send me a new one", "yes please"], warranty_filed),
    ("outside", "gamma", "out1", ["電鑽充不進電了，直接換一個新的", "好"], warranty_filed),
    ("outside", "alpha", "nowar", ["玻璃冷水壶漏水了，给我换个新的"], no_warranty),
    ("outside", "alpha", "expired", ["电动牙刷坏了，开不了机，给我换一个新的"], no_warranty),
    ("outside", "gamma", "expired", ["電鑽壞了，直接換一個新的給我"], no_warranty),
    ("outside", "beta", "expired", ["the desk fan is dead, send me a new one"], no_warranty),
    # ---- 2. inside the window: one unit of several replaced ----
    ("oneunit", "alpha", "in2", ["收到两支牙刷，其中一支开不了机，就换坏的那支"], one_unit_offer),
    ("oneunit", "alpha", "in2", ["收到两支牙刷，其中一支开不了机，就换坏的那支", "好的"], one_unit_made),
    ("oneunit", "gamma", "in2", ["收到兩支電鑽，其中一支充不進電，只換壞的那支就好"], one_unit_offer),
    ("oneunit", "gamma", "in2", ["收到兩支電鑽，其中一支充不進電，只換壞的那支就好", "好"], one_unit_made),
    ("oneunit", "beta", "in2", ["two desk fans came, one of them won't turn on, just replace that one"], one_unit_offer),
    ("oneunit", "beta", "in2", ["two desk fans came, one of them won't turn on, just replace that one", "yes"], one_unit_made),
    ("oneunit", "beta", "in2b", ["two storage jars arrived, one is cracked, just replace the cracked one"], one_unit_offer),
    ("oneunit", "alpha", "in2b", ["两个冷水壶到了，一个裂了，把裂的那个换掉就行"], one_unit_offer),
    # ---- 3. warranty pickup after a fault answer: recorded ----
    ("pickup", "alpha", "out1", ["我的电动牙刷充不进电了", "那帮我安排保修收件"], warranty_filed),
    ("pickup", "gamma", "out1", ["電鑽充不進電了", "那幫我安排保固收件"], warranty_filed),
    ("pickup", "gamma", "out1", ["我的電鑽開不了機", "好，請幫我預約保固取件"], warranty_filed),
    ("pickup", "beta", "out1", ["my desk fan stopped working", "ok please book the warranty pickup"], warranty_filed),
    ("pickup", "beta", "out1", ["the fan won't turn on", "please arrange the warranty collection"], warranty_filed),
    ("pickup", "alpha", "out1", ["牙刷开不了机了", "行，安排保修上门取件吧"], warranty_filed),
    ("pickup", "beta", "out2", ["one of my desk fans stopped working", "ok, book the pickup"], warranty_filed),
    ("pickup", "gamma", "out1", ["電鑽充不進電了", "好的，幫我安排上門取件"], warranty_filed),
    # ---- 4. refund this one, keep the other: that line's return of one unit ----
    ("refundone", "alpha", "in2", ["收到两支牙刷，有一支开不了机", "坏的那支退了吧，另一支留着"], one_return_offer),
    ("refundone", "gamma", "in2", ["兩支電鑽有一支充不進電", "壞的那支退款，另一支我留著"], one_return_offer),
    ("refundone", "beta", "in2", ["two fans came and one won't turn on", "refund this one, keep the other"], one_return_offer),
    ("refundone", "beta", "in2", ["two fans came and one won't turn on", "refund the broken one and I'll keep the other"],
     one_return_offer),
    ("refundone", "beta", "in2", ["two fans came and one won't turn on", "refund this one, keep the other", "yes"],
     one_return_made),
    ("refundone", "alpha", "in2", ["收到两支牙刷，有一支开不了机", "这支退款，另一支留着", "好的"], one_return_made),
    # ---- 5. a swap asked outside the window: the warranty route ----
    ("swap", "beta", "out1", ["my desk fan stopped working", "can I swap it for a new one?"], warranty_claim_offer),
    ("swap", "alpha", "out1", ["牙刷充不进电了", "能换一个吗"], warranty_claim_offer),
    ("swap", "gamma", "out1", ["電鑽開不了機", "可以換一支嗎"], warranty_claim_offer),
    ("swap", "beta", "out1", ["can I exchange my desk fan? it stopped working"], warranty_claim_offer),
    ("swap", "alpha", "out1", ["牙刷坏了，能换货吗"], warranty_claim_offer),
    ("swap", "gamma", "out1", ["電鑽壞了，可以換貨嗎"], warranty_claim_offer),
    # ---- 6. an open fault case on the order: the new fault goes onto it ----
    ("opencase", "alpha", "incase", ["牙刷还是开不了机，给我换个新的"], on_case),
    ("opencase", "beta", "incase", ["the fan still won't turn on, send me a new one"], on_case),
    ("opencase", "gamma", "outcase", ["電鑽還是充不進電"], on_case),
    ("opencase", "beta", "outcase", ["my desk fan stopped working again"], on_case),
    ("opencase", "alpha", "outcase", ["牙刷又坏了，开不了机"], on_case),
    ("opencase", "gamma", "incase", ["電鑽又壞了，換一支新的給我"], on_case),
]


# On the demo shops (their own facts: replace within 15 days, electronics / appliances 12 months):
# (class, shop, identity, order id, [texts], check).
# (demo_en at a later clock: its speaker order is then 21 days delivered, past the 15, in warranty)
DEMO = {"demo": (ROOT / "config" / "demo_shop.json", S.NOW),
        "demo_en": (ROOT / "config" / "demo_shop_en.json", "2026-12-10T12:00:00+08:00")}
DEMO_PROBES: list[tuple[str, str, str, str, list[str], Check]] = [
    ("outside", "demo", "telegram:1001", "SO202611050521", ["我的耳机充不进电了，直接换一个新的吧"], warranty_claim_offer),
    ("outside", "demo", "telegram:1001", "SO202611050521", ["我的耳機充不進電了，直接換一個新的"], warranty_claim_offer),
    ("outside", "demo_en", "line:U8a7f0owen", "#W5730240", ["my speaker stopped working, just send me a new one"],
     warranty_claim_offer),
    ("outside", "demo_en", "line:U8a7f0owen", "#W5730240",
     ["my speaker stopped working, just send me a new one", "yes"], warranty_filed),
    ("oneunit", "demo_en", "telegram:5001", "#W9024138",
     ["two water bottles came, one is cracked, just replace that one"], one_unit_offer),
    ("oneunit", "demo_en", "telegram:5001", "#W9024138",
     ["two water bottles came, one is cracked, just replace that one", "yes"], one_unit_made),
    ("pickup", "demo", "telegram:1001", "SO202611050521", ["耳机充不进电了", "那帮我安排保修取件"], warranty_filed),
    ("pickup", "demo_en", "line:U8a7f0owen", "#W5730240", ["my speaker stopped working", "ok please book the warranty pickup"],
     warranty_filed),
    ("swap", "demo_en", "line:U8a7f0owen", "#W5730240", ["my speaker stopped working", "can I swap it?"],
     warranty_claim_offer),
    ("swap", "demo", "telegram:1001", "SO202611050521", ["耳机充不进电了", "能换一个吗"], warranty_claim_offer),
    ("refundone", "demo_en", "telegram:5001", "#W9024138",
     ["two water bottles came and one leaks", "refund this one, keep the other"], one_return_offer),
]


def _judge(results: dict[str, list[int]], verbose: bool, cls: str, shop_name: str, case: str, texts: list[str],
           turns: list[dict[str, Any]], check: Check, oid: str) -> None:
    ok = len(turns) == len(texts) and check(turns, oid)
    results.setdefault(cls, [0, 0])[0 if ok else 1] += 1
    if verbose or not ok:
        print(f"{'OK ' if ok else 'BAD'} {cls:9} {shop_name:5} {case:7} {texts}")
        for t in turns:
            tr = t["trace"]
            names = [(a["name"], {k: v for k, v in a.get("args", {}).items() if k in ("reason", "qty", "order_id")})
                     for a in tr["actions"] if a["name"].startswith(("create", "add_to"))]
            print(f"      [{tr['intent']['name']}|{(tr.get('flow') or {}).get('name')}] {names} {t['reply'][:400]!r}")


def _replayed(folder: Path, shop: Path, root: Path, lines: list[dict[str, Any]],
              now: str = S.NOW) -> dict[str, list[dict[str, Any]]]:
    folder.mkdir()
    (folder / "conversations.jsonl").write_text(
        "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    out = subprocess.run([sys.executable, str(RUN), str(folder), "--shop", str(shop), "--root", str(root),
                          "--now", now], capture_output=True, text=True, cwd=ROOT)
    if out.stderr.strip():
        print(out.stderr[-1500:], file=sys.stderr)
    by_conv: dict[str, list[dict[str, Any]]] = {}
    for line in out.stdout.splitlines():
        item = json.loads(line)
        by_conv.setdefault(item["conversation"], []).append(item)
    return by_conv


def run(selected: str | None, verbose: bool, root: Path = ROOT) -> int:
    results: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for shop_name, (shop, now) in DEMO.items():
            demo = [(n, p) for n, p in enumerate(DEMO_PROBES) if p[1] == shop_name and selected in (None, p[0])]
            if not demo:
                continue
            by_conv = _replayed(Path(tmp) / shop_name, shop, root, [
                {"conversation": f"d{n}", "user": user, "text": text} for n, (_, _, user, _, texts, _) in demo
                for text in texts], now)
            for n, (cls, _, user, oid, texts, check) in demo:
                _judge(results, verbose, cls, shop_name, user[:7], texts, by_conv.get(f"d{n}", []), check, oid)
        paths = S.write(Path(tmp) / "shops")
        for shop_name, shop in paths.items():
            probes = [(n, p) for n, p in enumerate(PROBES) if p[1] == shop_name and selected in (None, p[0])]
            if not probes:
                continue
            by_conv = _replayed(Path(tmp) / shop_name, shop, root, [
                {"conversation": f"p{n}", "user": f"web:{shop_name}-{case}", "text": text}
                for n, (_, _, case, texts, _) in probes for text in texts])
            for n, (cls, _, case, texts, check) in probes:
                _judge(results, verbose, cls, shop_name, case, texts, by_conv.get(f"p{n}", []), check,
                       S.order_of(shop_name, case)["id"])
    probe_tally.report(results)
    return 0


if __name__ == "__main__":
    sys.exit(run(*probe_tally.cli(sys.argv[1:], ROOT)))
