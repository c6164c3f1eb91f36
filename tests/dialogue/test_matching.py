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


# ---------------------------------------------------------------- per-item counts, short reasons
def _count(text: str, word: str, ordered: int = 2) -> int | None:
    from bot.dialogue import matching as M
    t = M.norm(text)
    start = t.index(word)
    return M.quantity_at(text, start, start + len(word), ordered)


def test_each_mention_has_its_own_count() -> None:
    text = "return one of the vanilla perfumes and the candle"
    assert _count(text, "perfume") == 1 and _count(text, "candle") is None
    assert _count("return both bottles and 1 shirt", "bottle") == 2
    assert _count("return both bottles and 1 shirt", "shirt") == 1
    assert _count("退两瓶香水和一个蜡烛", "香水") == 2 and _count("退两瓶香水和一个蜡烛", "蜡烛") == 1
    assert _count("T恤退一件，坚果留着", "t恤") == 1
    assert _count("W5730240 的两个温控器退一个，音箱留着", "温控器") == 1   # how many there are, then the request


def test_counts_that_are_not_a_request_are_ignored() -> None:
    assert _count("T恤买了两件 退一件就行", "t恤") is None          # how many were bought
    assert _count("订单HB-26-004417里的香水", "香水") is None         # digits of an order id
    assert _count("return the 50ml perfume", "perfume") is None     # an option value
    assert _count("order 310045892 perfume", "perfume") is None


def test_short_reason_is_a_code_and_the_customers_few_words() -> None:
    from bot.dialogue.reasons import short_reason
    assert short_reason("跑鞋42码有点小，能换成43吗") == "size: 跑鞋42码有点小"
    assert short_reason("the kettle stopped working after a week, order SO202611200931") == \
        "defective: the kettle stopped working after a week"
    assert short_reason("退两瓶香水，订单HB-26-004417，味道太冲了") == "disliked: 味道太冲了"
    assert short_reason("return order HB-26-004417 please") is None
    long = "I changed my mind " + "because of many many long and winding reasons " * 4
    assert len(short_reason(long) or "") <= len("changed_mind: ") + 40


def test_variant_candidates_keep_what_was_asked_and_what_is_in_stock() -> None:
    from bot.dialogue import matching as M
    product = {"variants": [
        {"sku": "A", "options": {"scent": "fig", "capacity": "50ml"}, "stock": 3},
        {"sku": "B", "options": {"scent": "vanilla", "capacity": "30ml"}, "stock": 2},
        {"sku": "C", "options": {"scent": "cedar", "capacity": "30ml"}, "stock": 0},
        {"sku": "D", "options": {"scent": "rose", "capacity": "30ml"}, "stock": 1}]}
    assert M.variant_candidates(product, {"capacity": "30ml"}, {"scent": "fig", "capacity": "50ml"}) == \
        [{"scent": "vanilla", "capacity": "30ml"}, {"scent": "rose", "capacity": "30ml"}]
    assert M.variant_candidates(None, {"capacity": "30ml"}) == []
