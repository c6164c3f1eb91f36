"""keep14b probes (#13): a negated line never goes into a return ("唔退X 淨係退Y", "only Y back,
not X", "X就留低"); "keep it" / "唔退喇" / "撤回申請" is a withdrawal, not a new request.
Invented conversations (HK Cantonese, simplified, English) on the generated HK shop (routezh14's
ev_shop) and the demo shop. Not a pytest module; counts the probes whose check passes.

    /work/main/.venv/bin/python tests/dialogue/probes_keep14b/probes.py [-v] [CLASS]
"""
from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "probes_routezh14"))
import probes as base  # noqa: E402

EV1 = base.EV1
D1 = base.D1


def _names_in_return(t: dict[str, Any]) -> list[str]:
    out = []
    for a in t["trace"]["actions"]:
        if a["name"] in ("create_return", "create_exchange"):
            out.append(json.dumps(a, ensure_ascii=False))
    return out


def return_without(*kept: str, need: str = "") -> Any:
    """No return/exchange written or proposed that holds a kept line; the wanted line is named."""
    def check(turns: list[dict[str, Any]]) -> bool:
        for t in turns:
            for w in _names_in_return(t):
                if any(k in w for k in kept):
                    return False
        last = turns[-1]["reply"]
        quoted = base.main_part(last) if hasattr(base, "main_part") else last
        if any(k in quoted for k in kept) and not any(x in quoted for x in ("留", "keep", "kept", "stays", "不退", "唔退")):
            return False
        return not need or need in last
    return check


def no_menu_or_new(*banned: str) -> Any:
    def check(turns: list[dict[str, Any]]) -> bool:
        r = turns[-1]["reply"].lower()
        return not any(b.lower() in r for b in banned)
    return check


_GAVE_UP = ("沒有做任何修改", "没有做任何修改", "haven't changed", "留着不退", "留著不退", "keep it", "withdraw",
            "撤回", "還有什麼可以幫您", "还有什么可以帮您", "anything else")


def gave_up(turns: list[dict[str, Any]]) -> bool:
    """The request given up: said back, nothing new proposed for a yes, nothing written."""
    last = turns[-1]
    r = last["reply"]
    writes = [a for a in last["trace"]["actions"] if a["name"].startswith("create_")]
    offers_withdraw = any(w in r for w in ("留着不退", "留著不退", "like to keep it"))   # the open record's withdrawal
    return any(g in r for g in _GAVE_UP) and (offers_withdraw or ("(yes/no)" not in r and "（是/否）" not in r)) \
        and not writes


PROBES: list[tuple[str, str, str, list[str], Any]] = [
    # class 1: negated line never in the return
    ("neg", "ev", EV1, ["EV-1119-03 唔退電動車 淨係退U型鎖"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg", "ev", EV1, ["EV-1119-03 電動車唔使退，退U型鎖就得"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg", "ev", EV1, ["我想退貨 EV-1119-03", "電動車就留低，淨係退把鎖"], return_without("電動車", "EB-")),
    ("neg", "ev", EV1, ["U型鎖退 電動車不退 EV-1119-03"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg", "ev", EV1, ["EV-1119-03 只退U型鎖，電動車我留返自己用"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg", "ev", EV1, ["I want to return EV-1119-03, only the U-lock back, not the e-bike"],
     return_without("電動車", "EB-", "e-bike")),
    ("neg", "ev", EV1, ["EV-1119-03: don't return the e-bike, just the lock"], return_without("電動車", "EB-", "e-bike")),
    ("neg", "demo", D1, ["SO202611210549 不退坚果礼盒，只退T恤"], return_without("坚果礼盒", need="T恤")),
    ("neg", "demo", D1, ["SO202611210549 坚果礼盒就留着吧 T恤退了"], return_without("坚果礼盒", need="T恤")),
    ("neg", "demo", D1, ["SO202611210549 T恤退 坚果礼盒不退"], return_without("坚果礼盒", need="T恤")),
    ("neg", "demo", D1, ["退货 SO202611210549", "坚果礼盒唔使退 淨係退T恤"], return_without("坚果礼盒")),
    ("neg", "demo", D1, ["return SO202611210549 but not the gift box, only the T-shirts"], return_without("坚果礼盒")),
    # class 2: keep / withdraw
    ("keep", "ev", EV1, ["EV-1119-03 嘅U型鎖想退", "算啦 唔退喇"], no_menu_or_new("哪件", "which", "您好", "hello")),
    ("keep", "ev", EV1, ["EV-1119-03 嘅U型鎖想退", "我留返自己用啦"], no_menu_or_new("哪件", "which", "退款方式")),
    ("keep", "demo", D1, ["SO202611210549 的T恤想换个尺码", "算啦唔換喇"], no_menu_or_new("尺码", "哪件", "您好")),
    ("keep", "demo", D1, ["我要退 SO202611230529 的跑鞋", "撤回申請"], no_menu_or_new("您好", "哪件", "退款方式")),
    ("keep", "demo", D1, ["return SO202611230529 please", "actually I'll keep it"], no_menu_or_new("which", "hello", "hi ")),
    ("neg2", "ev", EV1, ["EV-1119-03 部車唔洗退 鎖退返俾你哋"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg2", "ev", EV1, ["EV-1119-03 退鎖唔退車"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg2", "ev", EV1, ["EV-1119-03 車冇問題 淨係想退個鎖"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg2", "ev", EV1, ["EV-1119-03 電動車我唔退住，U型鎖幫我退咗佢"], return_without("電動車", "EB-", need="U型鎖")),
    ("neg2", "ev", EV1, ["EV-1119-03 the bike stays, lock goes back"], return_without("電動車", "EB-", "e-bike")),
    ("neg2", "ev", EV1, ["EV-1119-03 keeping the ebike, pls refund the lock only"], return_without("電動車", "EB-", "e-bike")),
    ("neg2", "ev", EV1, ["return EV-1119-03", "not the bike lah, lock only"], return_without("電動車", "EB-", "e-bike")),
    ("neg2", "ev", EV1, ["退貨 EV-1119-03", "唔係全部 電動車唔退"], return_without("電動車", "EB-")),
    ("neg2", "demo_t", D1, ["SO202611210549 堅果禮盒唔使退 T恤退返"], return_without("堅果禮盒", "坚果礼盒", need="T")),
    ("neg2", "demo_t", D1, ["SO202611210549 禮盒我留低 其他退"], return_without("堅果禮盒", "坚果礼盒")),
    ("neg2", "demo", D1, ["SO202611210549 除了坚果礼盒都退"], return_without("坚果礼盒")),
    ("keep2", "ev", EV1, ["EV-1119-03 嘅U型鎖想退", "唔退住 我諗下先"], no_menu_or_new("哪件", "which", "退款方式")),
    ("keep2", "ev", EV1, ["EV-1119-03 嘅U型鎖想退", "never mind, I'll keep it"], no_menu_or_new("which", "hello")),
    ("keep2", "ev", EV1, ["EV-1119-03 嘅U型鎖想退", "唔該幫我取消退貨申請"], no_menu_or_new("哪件", "which", "取消訂單", "取消订单")),
    ("keep2", "demo_t", D1, ["我要退 SO202611230529 的跑鞋", "唔要退啦 留返自己著"], no_menu_or_new("哪件", "退款方式", "您好")),
    ("keep3", "ev", EV1, ["EV-1119-03 把鎖壞咗 開唔到", "唔使換喇 我留住用"], no_menu_or_new("退款", "退貨", "哪件", "您好")),
    ("keep3", "ev", EV1, ["EV-1119-03 把鎖壞咗 開唔到", "算啦 唔換喇"], no_menu_or_new("退款", "退貨", "哪件", "您好")),
    ("keep3", "ev", EV1, ["the U-lock from EV-1119-03 is broken, key won't turn", "nah forget it, I'll keep it"],
     no_menu_or_new("refund", "return", "which", "hello")),
    ("keep3", "ev", EV1, ["EV-1119-03 嘅U型鎖想退", "好", "撤回申請"], no_menu_or_new("哪件", "您好", "退款方式")),
    ("keep3", "ev", EV1, ["return the U-lock from EV-1119-03", "yes", "I'll withdraw it"], no_menu_or_new("which", "hello")),
    ("qty", "ev", EV1, ["EV-1126-11 頭盔改做兩個"], no_menu_or_new("哪件", "哪一", "which", "想改什麼", "想改甚麼")),
    ("qty", "ev", EV1, ["EV-1126-11 make it 3 helmets pls"], no_menu_or_new("which", "what would you like")),
    ("qty", "demo", D1, ["SO202611270605 的电热水壶改成2个"], no_menu_or_new("哪件", "哪一", "想改什么")),
    ("addr", "ev", EV1, ["EV-1126-11 改地址去 香港中環皇后大道中99號20樓"], no_menu_or_new("新地址是", "新的地址", "what's the new", "請提供", "请提供")),
    ("addr", "ev", EV1, ["pls change address of EV-1126-11 to Flat 3A, 18 Hill Road, Kennedy Town"],
     no_menu_or_new("new address?", "what's the new", "please send", "which address")),
    ("fault", "ev", EV1, ["EV-1119-03 部電動車冇電 充唔到電"], no_menu_or_new("什麼問題", "甚麼問題", "哪裡有問題", "what's wrong", "哪件")),
    ("fault", "ev", EV1, ["the e-bike from EV-1119-03 won't charge at all"], no_menu_or_new("what's wrong", "what seems", "which")),
]


def run(selected: str | None, verbose: bool) -> int:
    good = bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        shops = base.prepare(Path(tmp) / "shops")
        for n, (cls, shop_name, user, texts, check) in enumerate(PROBES):
            if selected not in (None, cls):
                continue
            shop, knowledge = shops[shop_name]
            turns = asyncio.run(base.replay(shop, knowledge, user, texts, Path(tmp) / f"p{n}"))
            ok = len(turns) == len(texts) and check(turns) and (not cls.startswith("keep") or gave_up(turns))
            good, bad = good + ok, bad + (not ok)
            if verbose or not ok:
                print(f"{'OK ' if ok else 'BAD'} {cls:5} {texts}")
                for t in turns:
                    tr = t["trace"]
                    acts = [a for a in tr["actions"] if a["name"] not in ("list_orders", "get_order")]
                    print(f"      [{tr['intent']['name']}→{(tr.get('flow') or {}).get('name')}] "
                          f"{json.dumps(acts, ensure_ascii=False)[:200]} {t['reply'][:240]!r}", flush=True)
    print(f"right {good} / {good + bad}")
    return 0


if __name__ == "__main__":
    import os
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.path.insert(0, str(base.ROOT))
    args = [a for a in sys.argv[1:] if a != "-v"]
    sys.exit(run(args[0] if args else None, "-v" in sys.argv))
