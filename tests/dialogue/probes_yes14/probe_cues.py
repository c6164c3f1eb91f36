"""yes14 probes (#13): a clear yes at a confirmation, as HK / mainland / Taiwan / English shoppers
write it, must read as a yes; a no, a wait or a new request must not. Counts the cue-level reading
(`legacy.yes_no` on the turn's working form, the way the dialogue reads it).

    /work/main/.venv/bin/python tests/dialogue/probes_yes14/probe_cues.py [-v]
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3]))

YES = ["好呀", "得", "得㗎", "得呀", "冇問題", "冇问题", "係呀", "係", "就咁啦", "就咁做啦", "可以呀", "唔該晒 就咁做",
       "OK 確認", "好 幫我搞", "麻煩你", "麻烦你", "ok 確認", "yes 唔該", "confirm 啦", "好啊 謝謝", "好的👍", "👍",
       "可以 唔該", "冇問題呀", "無問題", "係 確認", "確認啦", "確認呀", "OK啦", "ok la", "好呀唔該", "得 唔該晒",
       "嗯嗯 好", "好喔", "好哦", "可以喔", "沒問題喔", "對 就這樣", "行吧", "好吧", "就这样吧", "可以的 谢谢",
       "yes pls", "yes please, thanks", "yeah sure", "ok thx", "sure thing", "yes go ahead thanks", "yup 👍",
       "ok confirm", "confirm pls", "yes that's it", "yea", "yess", "okk", "alright thanks",
       "係啊", "好嘅", "好嘅 唔該", "ok 唔該", "好 唔該", "要呀", "就咁", "做啦", "搞掂佢", "幫我搞啦", "幫我做啦",
       "确认 谢谢", "可以，麻烦了", "好滴", "嗯 确认", "是的 确认", "OK的", "ok喇", "好喇", "得喇", "確定", "好 確定"]
NOT_YES = ["唔好", "唔要", "唔使", "等等", "等陣", "等一陣先", "唔該等等", "先唔好", "唔係", "no thanks", "wait",
           "hold on", "ok wait", "好似唔啱", "得唔得", "可唔可以", "仲有冇貨", "唔得", "冇", "不用了", "算了",
           "好貴", "好似壞咗", "得閒再講", "ok but change it to blue", "係咪已經寄咗", "等我諗諗", "我諗下先",
           "唔該幫我查下單", "麻煩你幫我查下訂單", "可以幫我改地址嗎", "ok 可唔可以改顏色"]


def main() -> int:
    from bot.dialogue.legacy import yes_no
    from bot.pipeline.turn_script import TurnScript
    verbose = "-v" in sys.argv
    ok_yes = ok_not = 0
    for text in YES:
        w = TurnScript.of(text, {}).working
        good = yes_no(w) is True
        ok_yes += good
        if verbose and not good:
            print("MISS yes:", text, "->", w)
    for text in NOT_YES:
        w = TurnScript.of(text, {}).working
        good = yes_no(w) is not True
        ok_not += good
        if verbose and not good:
            print("FALSE yes:", text, "->", w)
    print(f"yes read as yes: {ok_yes}/{len(YES)}; not-yes kept: {ok_not}/{len(NOT_YES)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
