"""#13 (yes14): a clear yes at a confirmation, in written Cantonese, mixed and colloquial English,
reads as a yes on the turn's working form; a yes taken back ("ok wait") or a look-alike
("好似壞咗", "得唔得") does not."""
from __future__ import annotations

import pytest

from bot.dialogue.legacy import yes_no
from bot.lang.cantonese import to_mandarin
from bot.pipeline.turn_script import TurnScript


def _read(text: str) -> bool | None:
    return yes_no(TurnScript.of(text, {}).working)


@pytest.mark.parametrize("text", ["得", "得㗎", "得呀", "冇問題", "係呀", "係 確認", "就咁啦", "唔該晒 就咁做", "麻煩你",
                                  "好 幫我搞", "幫我搞啦", "無問題", "好嘅 唔該", "ok 確認", "yes 唔該", "yea do it",
                                  "yess", "okk", "thanks, go ahead", "多謝 確認"])
def test_yes_words_read_as_yes(text: str) -> None:
    assert _read(text) is True


@pytest.mark.parametrize("text", ["ok wait", "好 等等先", "yes but hold on", "可以 等一下", "好似壞咗", "好似唔啱",
                                  "得唔得", "得閒再講", "唔該幫我查下單", "系统坏了", "得到的是坏的"])
def test_not_a_yes(text: str) -> None:
    assert _read(text) is not True


def test_thanks_then_no_is_a_no() -> None:
    assert _read("thanks, no") is False


def test_cantonese_yes_words_become_mandarin() -> None:
    assert to_mandarin("冇问题") == "没问题"
    assert to_mandarin("唔该晒") == "谢谢"
    assert to_mandarin("就咁做") == "就这么办"
    # the longer forms still win
    assert to_mandarin("有冇货") == "有没有货"
