"""keep14b (#13): a line the customer keeps ("唔退X", "X就留低", "X唔洗退", "the bike stays")
never goes into the return."""
from __future__ import annotations

from bot.dialogue.matching import _excluded_at
from bot.lang.cantonese import to_mandarin


def test_cantonese_keep_words_become_mandarin() -> None:
    assert to_mandarin("电动车唔退 净系退U型锁") == "电动车不退 只退U型锁"
    assert to_mandarin("部车唔洗退") == "部车不用退"
    assert to_mandarin("礼盒我留低") == "礼盒我留下"
    assert to_mandarin("我留返自己用") == "我留下自己用"
    assert to_mandarin("算啦唔换喇") == "算啦不换喇"


def test_plain_jing_is_not_only() -> None:
    # 净 alone is a product word (净化器), only 净系 means "only"
    assert to_mandarin("空气净化器") == "空气净化器"


def test_keep_clause_in_cantonese_excludes_the_line() -> None:
    t = "礼盒我留低 其他退"
    assert _excluded_at(t, t.index("礼盒"))
    t = "礼盒唔洗退 t恤退"
    assert _excluded_at(t, t.index("礼盒"))
    assert not _excluded_at(t, t.index("t恤"))


def test_giving_up_a_return_or_exchange_is_a_no_to_its_confirm() -> None:
    from bot.dialogue.legacy import yes_no
    for text in ("算啦 不退喇", "我留下自己用啦", "撤回申请", "不用换喇 我留住用", "never mind, I'll keep it",
                 "I'll withdraw it"):
        assert yes_no(text) is False, text
    # a new request is no plain no
    assert yes_no("keep the gloves, return the helmet") is None


def test_withdraw_reads_the_request_named_bare() -> None:
    from bot.dialogue.withdraw import read
    assert read("撤回申请") is not None and read("唔该帮我取消退货申请") is not None
    assert read("I'll withdraw it") is not None
    assert read("我申请退货") is None
    got = read("算啦 不换喇")
    assert got is not None and got.kind == "exchange"
