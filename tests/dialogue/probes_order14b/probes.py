"""order14b probes (#13): the order a delivery problem / a double charge / a redirect is about, and
Chinese follow-ups on the order in focus. Reuses routezh14's replay harness and shops; adds a
cross-border late parcel to the HK shop (a generated fixture, no real shop's words).

    /work/main/.venv/bin/python tests/dialogue/probes_order14b/probes.py [-v] [CLASS]
"""
from __future__ import annotations

import asyncio
import copy
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "probes_routezh14"))
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE.parent))  # tests/dialogue: probe_tally
import probe_tally  # noqa: E402  (tests/dialogue, put on the path above)
import probes as base  # noqa: E402
from ev_shop import CUSTOMER as EV1  # noqa: E402
from ev_shop import ev_fixture  # noqa: E402


def abroad_fixture() -> dict[str, Any]:
    """The HK shop plus one parcel shipped abroad (Singapore) 16 days ago, still in transit."""
    fx = copy.deepcopy(ev_fixture())
    late = copy.deepcopy(next(o for o in fx["orders"] if o["id"] == "EV-1125-02"))
    late.update({"id": "EV-1110-04", "placed_at": "2026-11-10T08:00:00+08:00", "shipped_at": "2026-11-12T09:00:00+08:00",
                 "tracking_no": "SF1402277001100", "total": "450.00",
                 "shipping_address": "Singapore 238801, 10 Orchard Road #05-12"})
    late["items"] = [dict(late["items"][0], product_id="P-CHARGER", sku="CH-FAST", name="快速充電器",
                          options={}, quantity=1, unit_price="450.00")]
    fx["orders"] = [o for o in fx["orders"] if o["id"] != "EV-1125-02"] + [late]
    return fx


def ticket_on(order: str) -> base.Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        made = base.acts(t, "create_ticket") + base.acts(t, "add_to_ticket")
        if made:
            return all(order in json.dumps(a, ensure_ascii=False) for a in made)
        return order in reply and "哪" not in base.simp(reply)[:0]
    return check


def about(order: str, *banned: str) -> base.Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        blob = reply + json.dumps(t.get("actions", []), ensure_ascii=False)
        return order in blob and not any(b in reply for b in banned)
    return check


def not_which(order: str) -> base.Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        low = base.simp(reply).lower()
        return order in reply and not ("哪一" in low or "哪个订单" in low or "which order" in low)
    return check


AB = "ab"
PROBES: list[tuple[str, str, str, list[str], base.Check, bool]] = [
    # 1. late cross-border parcel vs a delivered order
    ("late", AB, EV1, ["我啲貨到而家都未收到，已經兩個禮拜"], about("EV-1110-04", "EV-1119-03"), True),
    ("late", AB, EV1, ["我喺新加坡，包裹寄咗好耐都未到"], about("EV-1110-04", "EV-1119-03"), True),
    ("late", AB, EV1, ["my parcel still hasn't arrived, it's been over 2 weeks"], about("EV-1110-04", "EV-1119-03"), False),
    ("late", AB, EV1, ["I'm in Singapore and the package never came"], about("EV-1110-04", "EV-1119-03"), False),
    ("late", AB, EV1, ["快递寄到新加坡两个星期了还没到"], about("EV-1110-04", "EV-1119-03"), False),
    ("late", AB, EV1, ["充電器嗰單點解仲未到"], about("EV-1110-04", "EV-1119-03"), True),
    ("late", "demo", "telegram:1001", ["我的快递到现在还没收到"], about("SO202611261030", "SO202611230529"), False),
    ("late", "demo_t", "telegram:1001", ["包裹到現在都還沒到 等好久了"], about("SO202611261030", "SO202611230529"), True),
    ("late", "demo", "telegram:1002", ["my order still hasn't arrived??"], about("SO202611251914", "SO202611221744"), False),
    ("late", "demo", "whatsapp:447700900123", ["hi, havent received my earbuds yet"], about("SO202611232258", "SO202611171741"), False),
    # 2. double charge on the order just paid / named by amount
    ("double", AB, EV1, ["我俾人扣咗兩次錢"], about("EV-1126-11"), True),
    ("double", AB, EV1, ["I was charged twice for the $1010 order"], about("EV-1126-11", "EV-1119-03"), False),
    ("double", AB, EV1, ["刚付款 被扣了两次钱"], about("EV-1126-11", "EV-1119-03"), False),
    ("double", AB, EV1, ["1010蚊嗰單扣咗兩次"], about("EV-1126-11", "EV-1119-03"), True),
    ("double", AB, EV1, ["EV-1126-11 幾時寄", "我信用卡被扣咗兩次"], about("EV-1126-11", "EV-1119-03"), True),
    ("double", AB, EV1, ["I just paid for my order but got charged twice"], about("EV-1126-11", "EV-1119-03"), False),
    ("double", AB, EV1, ["啱啱俾咗錢 但係扣咗兩次"], about("EV-1126-11", "EV-1119-03"), True),
    ("double", AB, EV1, ["charged twice HK$1,010 pls check"], about("EV-1126-11", "EV-1119-03"), False),
    ("double", AB, EV1, ["頭盔嗰單扣咗兩次錢"], about("EV-1126-11", "EV-1119-03"), True),
    ("double", AB, EV1, ["剛剛付款被重複扣款"], about("EV-1126-11", "EV-1119-03"), True),
    # 3. follow-ups
    ("follow", AB, EV1, ["頭盔嗰單幾時寄", "咁充電器嗰張單呢"], about("EV-1110-04"), True),
    ("follow", AB, EV1, ["EV-1126-11 幾時發貨", "另一張呢"], about("EV-1110-04"), True),
    ("follow", AB, EV1, ["where is EV-1110-04", "and the other one?"], about("EV-1126-11"), False),
    ("follow", "demo", "telegram:1001", ["吹风机那单到哪了", "那羽绒服呢"], about("SO202611150519"), False),
    ("follow", AB, EV1, ["頭盔嗰單幾時寄", "咁電動車呢"], about("EV-1119-03"), True),
    ("follow", AB, EV1, ["EV-1110-04 去到邊", "11月19號嗰張單呢"], about("EV-1119-03"), True),
    ("follow", "demo", "web:demo", ["where's my power bank order", "and the smart watch one?"], about("SO202611220503"), False),
    ("follow", AB, EV1, ["電動車嗰單幾時到", "嗰張單可唔可以開發票"], about("EV-1119-03"), True),
    ("follow", "demo_t", "telegram:1001", ["吹風機那單到哪了", "剛才那個可以改地址嗎"], about("SO202611261030"), True),
    # 4. redirect a shipped order
    ("redirect", AB, EV1, ["can the parcel be redirected?"], about("EV-1110-04"), False),
    ("redirect", AB, EV1, ["包裹可唔可以改寄去第二個地址"], about("EV-1110-04"), True),
    ("redirect", AB, EV1, ["幫我查下單", "已經寄出嗰個包裹可唔可以轉寄"], about("EV-1110-04"), True),
    ("redirect", "demo", "telegram:1002", ["can the parcel be redirected?"], not_which("SO202611251914"), False),
    ("redirect", "demo", "web:demo", ["where is my power bank", "can it be redirected to my office?"], not_which("SO202611251006"), False),
    ("redirect", "demo", "telegram:1001", ["快递能改派到公司吗"], not_which("SO202611261030"), False),
    ("redirect", "demo", "web:demo", ["I need help with an order", "can the parcel that's on its way be redirected?"], not_which("SO202611251006"), False),
    ("redirect", AB, EV1, ["我想改地址", "已經寄出嗰個包裹可唔可以改寄"], not_which("EV-1110-04"), True),
    ("redirect", "demo", "whatsapp:447700900123", ["can you redirect my earbuds parcel to my work address"], not_which("SO202611232258"), False),
]


def run(selected: str | None, verbose: bool) -> int:
    results: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        shops = base.prepare(Path(tmp) / "shops")
        path = Path(tmp) / "shops" / "ab.json"
        path.write_text(json.dumps(abroad_fixture(), ensure_ascii=False), encoding="utf-8")
        shops[AB] = (path, shops["ev"][1])
        shops["demo_en"] = (base.ROOT / "config" / "demo_shop_en.json", None)
        for n, probe in enumerate(PROBES):
            cls, shop_name, user, texts, _, _ = probe
            if selected not in (None, cls):
                continue
            shop, knowledge = shops[shop_name]
            turns = asyncio.run(base.replay(shop, knowledge, user, texts, Path(tmp) / f"p{n}"))
            ok, script_ok = base.judge(probe, turns)
            ok = ok and script_ok
            results.setdefault(cls, [0, 0])[0 if ok else 1] += 1
            if verbose or not ok:
                print(f"{'OK ' if ok else 'BAD'} {cls:9} {texts}{'' if script_ok else ' [SCRIPT]'}")
                for t in turns:
                    tr = t["trace"]
                    names = [(a["name"], a.get("args", {}).get("order_id")) for a in tr["actions"]
                             if a["name"] not in ("list_orders", "get_order")]
                    print(f"      [{tr['intent']['name']}→{(tr.get('flow') or {}).get('name')}] {names} "
                          f"{t['reply'][:220]!r}", flush=True)
    probe_tally.report(results, 9)
    return 0


if __name__ == "__main__":
    import os
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = [a for a in sys.argv[1:] if a != "-v"]
    sys.exit(run(args[0] if args else None, "-v" in sys.argv))
