"""Matching items against the customer's own orders: names in both languages, negation scope,
quantities, picks by position/price/recency — no product word list involved."""
import pytest

from bot.dialogue import matching as M

EN = [{"id": "A", "placed_at": "2026-11-20", "total": "154.00",
       "items": [{"sku": "EB", "name": "Wireless earbuds Pro", "qty": 1, "price": "129.00"},
                 {"sku": "PB", "name": "Power bank 10000mAh", "qty": 1, "price": "25.00"}]}]
ZH = [{"id": "Z", "items": [{"sku": "PB", "name": "充电宝 10000mAh", "qty": 1},
                            {"sku": "KT", "name": "电热水壶 1.5L", "qty": 1}]}]
OTHER_SHOP = [{"id": "#W1", "items": [{"sku": "TH", "name": "Nest-style smart thermostat Google Home white", "qty": 2,
                                       "options": {"compatibility": "Google Home"}},
                                      {"sku": "SPK", "name": "Orbit smart speaker Google Home chalk", "qty": 1}]}]


def kept(text, orders):
    return {(r.sku, r.excluded) for r in M.match_items(text, orders)}


@pytest.mark.parametrize("text, expect", [
    ("the headphones aren't for me, want to send those back, the charger is fine", {("EB", False), ("PB", True)}),
    ("the power bank isn't what i need, send it back. keep the earbuds", {("PB", False), ("EB", True)}),
])
def test_negation_scopes_what_is_kept_en(text, expect):
    assert kept(text, EN) == expect


@pytest.mark.parametrize("text, expect", [
    ("耳机不要了，充电器留着", {("PB", True)}),
    ("充电宝不要了 水壶留着", {("PB", False), ("KT", True)}),
    ("水壶有点问题 想退 充电宝没问题", {("KT", False), ("PB", True)}),
])
def test_negation_scopes_what_is_kept_zh(text, expect):
    assert expect <= kept(text, ZH + EN)


def test_another_shops_names_match_by_head_noun():
    assert [r.sku for r in M.match_items("the speaker isn't for me, keep the thermostats", OTHER_SHOP)] \
        and kept("the speaker isn't for me, keep the thermostats", OTHER_SHOP) == {("SPK", False), ("TH", True)}


def test_a_modifier_alone_is_not_a_product():
    assert M.match_items("my bank shows two charges", EN) == []


@pytest.mark.parametrize("text, ordered, qty", [
    ("return one of the two shirts", 2, 1), ("T恤买了两件 退一件就行", 2, 1), ("两件里退一件", 2, 1),
    ("I want 1 cast iron skillet instead of 2", 2, 1), ("both", 2, 2), ("音箱买了两个 退一个", 2, 1),
    ("return the shirts", 2, None), ("the 3 person one", None, None),
])
def test_quantities(text, ordered, qty):
    assert M.quantity_for(text, ordered) == qty


@pytest.mark.parametrize("text, picked", [
    ("the second one", [1]), ("第二个", [1]), ("the cheaper one", [1]), ("两个都", [0, 1]), ("both", [0, 1]),
    ("hmm", []),
])
def test_picks_among_candidates(text, picked):
    assert M.pick_candidate(text, EN[0]["items"]) == picked


def test_close_readings_are_a_question():
    assert M.close_call([2.1, 2.0]) and not M.close_call([3.0, 2.0])
