"""yes14 flow probes (#13): a conversation reaches a confirmation, the customer says yes in their
own words; the yes must write the change (a write action in the last turn's trace). A no / wait
must write nothing. Replays on the demo shops and on the generated HK shop (routezh14's ev_shop).

    /work/main/.venv/bin/python tests/dialogue/probes_yes14/probe_flows.py [-v]
"""
from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))
sys.path.insert(0, str(HERE.parent / "probes_routezh14"))
import probes as R  # noqa: E402

WRITES = ("cancel_order", "modify_order", "update_address", "create_exchange", "create_return", "create_refund",
          "change_address", "exchange", "reissue_invoice", "request_invoice")
EV = R.EV1
D1 = R.D1


def wrote(t: dict[str, Any]) -> bool:
    return any(a["name"] in WRITES or a["name"].startswith(("cancel", "modify", "update", "create_ex", "create_re", "change"))
               for a in t["trace"].get("actions", []))


# (shop, user, opening turns, final yes/no, should write)
OPEN_EV = ["EV-1126-11 嘅頭盔想換成L碼"]
OPEN_EV_CANCEL = ["我想取消 EV-1126-11"]
OPEN_DEMO = ["幫我取消SO202611270605"]
OPEN_DEMO_EN = ["please cancel order SO202611270605"]
YES_ZH = ["好呀", "得", "得㗎", "冇問題", "係呀", "就咁啦", "可以呀", "唔該晒 就咁做", "OK 確認", "好 幫我搞", "麻煩你",
          "ok 確認", "yes 唔該", "confirm 啦", "好呀 唔該晒 🙏", "係 確認", "好嘅 唔該", "得 唔該晒"]
YES_EN = ["yes please", "yep go ahead thx", "ok confirm", "sure 👍", "yes thanks!", "yea do it", "ok 確認"]
NO = ["唔好住", "等等先", "唔使了", "ok wait", "no thanks", "等我諗諗"]
OPEN_EV_COLOUR = ["EV-1126-11 嘅頭盔想換個顏色"]
OPEN_DEMO_GLASS = ["I want to swap my kettle to the glass one"]
PICK_YES_ZH = ["第一個就得 確認", "呢個就得", "要第一個 確認", "就咁啦 唔該", "好呀 👍", "OK 確認 thx", "第一個就好", "揀 A 確認"]
PICK_YES_EN = ["the first one, confirm", "keep the first option, confirm", "that one's fine", "first one pls 👍",
               "yes that one thanks", "ok sure, go ahead"]
PICK_NO = ["白色就得 確認", "唔好 第一個", "等等 第一個先"]
# a side question answered, the confirmation asked again, then the yes
SIDE = [("ev", EV, ["我想取消 EV-1126-11", "取消咗幾耐退款到賬？"], y, True) for y in ("好呀", "得", "冇問題 唔該", "係呀 確認")] + \
       [("demo", D1, ["please cancel order SO202611270605", "how long does the refund take?"], y, True)
        for y in ("yes pls", "ok 👍", "yea go ahead")] + \
       [("ev", EV, ["EV-1126-11 嘅頭盔想換成L碼", "L碼有冇貨？"], y, True) for y in ("好 幫我搞", "就咁做啦", "麻煩你")]
PROBES: list[tuple[str, str, list[str], str, bool]] = (
    [("ev", EV, OPEN_EV, y, True) for y in YES_ZH] + [("ev", EV, OPEN_EV_CANCEL, y, True) for y in YES_ZH[:9]]
    + [("demo_t", D1, OPEN_DEMO, y, True) for y in YES_ZH[:9]]
    + [("demo", D1, OPEN_DEMO_EN, y, True) for y in YES_EN]
    + [("ev", EV, OPEN_EV_COLOUR, y, True) for y in PICK_YES_ZH] + [("demo", D1, OPEN_DEMO_GLASS, y, True) for y in PICK_YES_EN]
    + [("ev", EV, OPEN_EV_COLOUR, n, False) for n in PICK_NO] + SIDE
    + [("ev", EV, OPEN_EV_CANCEL, n, False) for n in NO] + [("demo", D1, OPEN_DEMO_EN, n, False) for n in NO[3:5]])


async def run(verbose: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        shops = R.prepare(Path(tmp) / "shops")
        good = 0
        for i, (shop, user, opening, last, should) in enumerate(PROBES):
            path, kn = shops[shop]
            turns = await R.replay(path, kn, user, opening + [last], Path(tmp) / f"w{i}")
            ok = len(turns) == len(opening) + 1 and wrote(turns[-1]) == should
            good += ok
            if verbose and not ok:
                print("FAIL", shop, opening, "->", repr(last), "|", " / ".join(t["reply"][:90].replace("\n", " ") for t in turns))
        print(f"flow probes passed: {good}/{len(PROBES)}")


if __name__ == "__main__":
    asyncio.run(run("-v" in sys.argv))
