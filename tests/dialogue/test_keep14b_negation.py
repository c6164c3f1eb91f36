"""keep14b (#13): a line the customer keeps ("唔退X", "X就留低", "X唔洗退", "the bike stays")
never goes into the return; hyphenated heads ("e-bike", "U-lock") are named by their head word."""
from __future__ import annotations

import sys
from pathlib import Path

from bot.dialogue import keep_other
from bot.dialogue.matching import _excluded_at, match_items
from bot.lang.cantonese import to_mandarin

sys.path.insert(0, str(Path(__file__).resolve().parent / "probes_routezh14"))
from ev_shop import ev_fixture  # noqa: E402


def _order() -> tuple[list[dict], dict]:
    d = ev_fixture()
    return [o for o in d["orders"] if o["id"] == "EV-1119-03"], {p["id"]: p for p in d["products"]}


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


def test_hyphenated_head_named_by_its_tail_and_joined() -> None:
    orders, cat = _order()
    refs = {r.sku: r for r in match_items("EV-1119-03 the bike stays, lock goes back", orders, cat)}
    assert refs["EB-BK-10"].excluded and not refs["LK-U"].excluded
    refs = {r.sku: r for r in match_items("keeping the ebike, pls refund the lock only", orders, cat)}
    assert refs["EB-BK-10"].excluded and not refs["LK-U"].excluded


def test_kept_english_line_makes_a_return_of_the_rest() -> None:
    orders, cat = _order()
    text = "the bike stays, lock goes back"
    refs = match_items(text, orders, cat)
    assert keep_other.returns_named(text, refs, orders)
