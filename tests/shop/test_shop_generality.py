"""A shop nobody has seen works with its own data: its knowledge folder and facts, its currency,
its policy windows, its carriers, its payment methods and its catalogue's names in both languages.

The shop is tests/shop/data/gardenshop (garden tools, EUR, ids like GR-26-004417, carriers PostNL,
DPD and one the facts do not know, 21/40-day windows, its own zh/en knowledge and facts.toml).
Nothing in it is the demo shops': every assertion would fail if a reply fell back to them.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.core.settings import load_settings
from bot.dialogue import timing as TM
from bot.dialogue.facts import Facts, facts_path
from bot.lang import replies as R
from bot.lang.display_names import line_name, localise_lines, option_word, shown_name
from bot.lang.money import format_money
from bot.shop.models import Customer, PaymentMethod
from tests.conftest import TEST_MASTER_KEY

ROOT = Path(__file__).resolve().parents[2]
SHOP = Path(__file__).parent / "data" / "gardenshop"
FIXTURE = SHOP / "shop.json"
KNOWLEDGE = SHOP / "knowledge"
NOW = "2026-12-01T10:00:00+01:00"


# -- money -----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("amount", "currency", "lang", "shown"), [
    ("49", "EUR", "en", "€49.00"), ("49", "EUR", "zh", "49.00 欧元"),
    ("219", "USD", "en", "$219.00"), ("219", "USD", "zh", "219.00 美元"),
    ("299", "CNY", "en", "¥299.00"), ("299", "CNY", "zh", "299.00元"),
    ("12.5", "GBP", "en", "£12.50"), ("12.5", "GBP", "zh", "12.50 英镑"),
    ("49", "CHF", "en", "49.00 CHF"), ("49", "chf", "zh", "49.00 CHF"),
    ("1200", "JPY", "en", "JP¥1200"), ("5", None, "en", "5.00"),
])
def test_one_money_formatter_uses_the_orders_currency_in_the_customers_language(
        amount: str, currency: str | None, lang: str, shown: str) -> None:
    assert format_money(amount, currency, lang) == shown
    assert R.money(amount, currency, lang) == shown     # every reply's money() is this formatter


# -- facts and knowledge folder ----------------------------------------------------------------------

def test_the_facts_file_follows_the_knowledge_folder(tmp_path: Path) -> None:
    env = {"AFTERSALES_DATA_DIR": str(tmp_path), "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY}
    mine = load_settings(env=env, overrides={"knowledge": {"dir": str(KNOWLEDGE)}})
    assert facts_path(mine) == KNOWLEDGE / "facts.toml"
    facts = Facts.for_settings(mine)
    assert facts.carrier("PostNL")["days"] == "1–2"
    assert facts.refund_days("paypal", "en") == "within 24 hours"
    assert facts.warranty_months("tools") == 36
    # A folder without facts.toml: no facts at all, never the demo shop's.
    (tmp_path / "kb" / "en").mkdir(parents=True)
    bare = Facts.for_settings(load_settings(env=env, overrides={"knowledge": {"dir": str(tmp_path / "kb")}}))
    assert bare.carrier("SF") == {} and bare.refund_days("alipay", "en") == ""
    assert bare.text("service.hours", "en") == ""
    # An explicit [knowledge] facts file wins over the folder's.
    explicit = load_settings(env=env, overrides={"knowledge": {"dir": str(tmp_path / "kb"),
                                                               "facts": str(KNOWLEDGE / "facts.toml")}})
    assert Facts.for_settings(explicit).carrier("DPD")["days"] == "2–4"


def test_carrier_times_are_read_from_the_facts_or_not_at_all() -> None:
    assert TM.upper_days("1–3") == 3.0 and TM.upper_days("2-5") == 5.0 and TM.upper_days("", 6.0) == 6.0
    facts = Facts.load(KNOWLEDGE / "facts.toml")
    assert "days" not in facts.carrier("Trans-Alpina Freight")
    # A carrier the facts do not know: late only after the shop's own stuck threshold.
    now = datetime.fromisoformat(NOW)
    unknown = {"carrier": "Trans-Alpina Freight", "status": "shipped"}
    stuck = float(facts.get("delivery.stuck_after_days", 7) or 7)
    assert not TM.transit(facts, dict(unknown, shipped_at=(now - timedelta(days=stuck)).isoformat()), now).late
    assert TM.transit(facts, dict(unknown, shipped_at=(now - timedelta(days=stuck + 2)).isoformat()), now).late


def test_refund_timelines_follow_the_orders_payment_method_not_the_currency() -> None:
    facts = Facts.load(KNOWLEDGE / "facts.toml")
    customer = Customer(id="gc-1", name="x", phone=None, email=None, identities=(),
                        payment_methods=(PaymentMethod("pm-a", "gc-1", "card", "Visa"),
                                         PaymentMethod("pm-b", "gc-1", "paypal", "PayPal")))
    order = {"id": "O1", "currency": "CNY", "payment_method_id": "pm-a"}
    assert TM.payment_type(customer, order) == "card"       # a CNY order paid by card is not Alipay
    assert TM.payment_type(customer, {"id": "O2", "payment_method_id": "pm-unknown"}) is None
    refunds = [{"id": "R1", "order_id": "O1"}]
    now = datetime.fromisoformat(NOW)

    def refund_timing(orders: list[dict[str, Any]], refunds: list[dict[str, Any]], lang: str) -> str:
        return TM.refund_timing_text(TM.refund_timings(facts, refunds, orders, customer, now, lang), lang)
    assert "4–8 business days" in refund_timing([order], refunds, "en")
    assert "4–8 个工作日" in refund_timing([order], refunds, "zh")
    # The facts have no default timeline: nothing is stated rather than something invented.
    assert refund_timing([{"id": "O2"}], [{"id": "R2", "order_id": "O2"}], "en") == ""
    assert "Alipay" not in R.refund_list([], "en") and "支付宝" not in R.refund_list([], "zh")


def test_handoff_states_the_shops_own_service_hours_or_none() -> None:
    assert "9:00" not in R.handoff("TK1", "en") and "9:00" not in R.handoff("TK1", "zh")
    text = R.handoff("TK1", "en", hours="Mon–Sat 8:00–18:00 (CET)", within_hours=12)
    assert "Mon–Sat 8:00–18:00 (CET)" in text and "12 hours" in text


# -- names in both languages ---------------------------------------------------------------------

HOSE = {"id": "GP-HOSE", "name": "Expanding garden hose", "name_zh": "伸缩浇花水管"}


def test_order_lines_are_named_in_the_customers_language_from_the_catalogue() -> None:
    line = {"sku": "H", "product_id": "GP-HOSE", "name": "Expanding garden hose 30m black",
            "options": {"length": "30m", "color": "black"}}
    assert line_name(line, HOSE, "zh") == "伸缩浇花水管 30m 黑色"
    assert line_name(line, HOSE, "en") == line["name"]                # the shop's own name stays
    zh_line = {"sku": "S", "product_id": "P", "name": "跑鞋 42码 黑色", "options": {"size": "42", "color": "black"}}
    shoes = {"id": "P", "name": "Running shoes", "name_zh": "跑鞋"}
    assert line_name(zh_line, shoes, "en") == "Running shoes 42 black"
    assert line_name(zh_line, shoes, "zh") == "跑鞋 42码 黑色"
    # no catalogue: nothing made up — the shop's own name, quoted in a Chinese reply
    assert line_name(line, None, "zh") == f"“{line['name']}”"
    assert option_word("white", "zh") == "白色" and option_word("白色", "en") == "white"
    orders = [{"id": "O", "items": [dict(line)]}]
    localise_lines(orders, {"GP-HOSE": HOSE})
    item = orders[0]["items"][0]
    assert shown_name(item, "zh") == "伸缩浇花水管 30m 黑色" and shown_name(item, "en") == line["name"]
    assert "伸缩浇花水管" in R.items_text(orders[0], "zh")


# -- the whole pipeline on the unseen shop ---------------------------------------------------------

CONVERSATIONS = [
    ("status-unknown-carrier", "telegram:7701", "where is my order GR-26-004502?"),
    ("status-dpd-zh", "telegram:7702", "我的订单 GR-26-004530 到哪了"),
    ("return", "telegram:7701", "I want to return the hose from order GR-26-004417"),
    ("return", "telegram:7701", "yes"),
    ("refunds", "telegram:7701", "when will I get my refund for GR-26-004417?"),
    ("return-zh", "telegram:7702", "我想退掉订单 GR-26-004611 的水管"),
    ("return-zh", "telegram:7702", "确认"),
    ("window", "telegram:7701", "I'd like to return the pruning shears from GR-26-003901"),
    ("policy", "telegram:7701", "how many days do I have to return something?"),
    ("leak-zh", "telegram:7702", "水管接头漏水怎么办"),
    ("person", "telegram:7701", "I want to talk to a person"),
    ("price-zh", "telegram:7702", "伸缩浇花水管多少钱"),
    ("stock", "telegram:7702", "is the 30m jet hose in stock?"),
]


@pytest.fixture(scope="module")
def replies(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, Any]]]:
    """One replay of all conversations on the garden shop (one process: the models load once)."""
    tmp = tmp_path_factory.mktemp("garden")
    stdin = "".join(json.dumps({"conversation": c, "user": u, "text": t}, ensure_ascii=False) + "\n"
                    for c, u, t in CONVERSATIONS)
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp / "data"), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY,
               AFTERSALES_GENERATOR_KIND="template", HF_HUB_OFFLINE="1")
    run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--store", str(FIXTURE), "--now", NOW,
                          "--knowledge", str(KNOWLEDGE)], cwd=ROOT, input=stdin, text=True,
                         capture_output=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    out: dict[str, list[dict[str, Any]]] = {}
    for line in run.stdout.splitlines():
        row = json.loads(line)
        out.setdefault(row["conversation"], []).append(row)
    return out


DEMO_WORDS = ("¥", "元", "Alipay", "支付宝", "9:00", "China time", "北京时间", "hair dryer", "吹风机", "SF")


def _no_demo(text: str) -> None:
    bare = text.replace("欧元", "€")          # "元" alone is the demo shop's yuan; 欧元 is the euro
    for word in DEMO_WORDS:
        assert word not in bare, f"demo shop's {word!r} in: {text}"


def test_replay_takes_another_knowledge_folder(tmp_path: Path) -> None:
    env = dict(os.environ, AFTERSALES_DATA_DIR=str(tmp_path), AFTERSALES_MASTER_KEY=TEST_MASTER_KEY)
    run = subprocess.run([sys.executable, "-m", "bot.cli", "replay", "--knowledge", str(tmp_path / "none")],
                         cwd=ROOT, input="", text=True, capture_output=True, env=env, timeout=120)
    assert run.returncode != 0 and "--knowledge" in run.stderr


def test_an_unknown_carrier_is_named_without_invented_days(replies: dict[str, list[dict[str, Any]]]) -> None:
    text = replies["status-unknown-carrier"][0]["reply"]
    assert "Trans-Alpina Freight" in text and "TAF55120093" in text
    assert "business days" not in text and "1–3" not in text
    _no_demo(text)


def test_a_known_carrier_gets_the_shops_delivery_time(replies: dict[str, list[dict[str, Any]]]) -> None:
    text = replies["status-dpd-zh"][0]["reply"]
    assert "DPD" in text and "2–4 个工作日" in text
    assert "伸缩浇花水管" in text and "波士顿蕨盆栽" in text          # the catalogue's Chinese names
    _no_demo(text)


def test_a_return_states_the_shops_currency_ship_back_days_and_refund_timeline(
        replies: dict[str, list[dict[str, Any]]]) -> None:
    confirm, done = (r["reply"] for r in replies["return"])
    assert "€49.00" in confirm
    assert "within 10 days" in done and "€49.00" in done
    assert "2–4 business days" in done            # iDEAL bank transfer, from the shop's facts
    zh_confirm, zh_done = (r["reply"] for r in replies["return-zh"])
    assert "34.50 欧元" in zh_confirm and "伸缩浇花水管" in zh_confirm
    assert "24 小时内" in zh_done and "10 天" in zh_done           # PayPal's timeline, the shop's days
    for text in (confirm, done, zh_confirm, zh_done):
        _no_demo(text)


def test_refund_status_gives_the_payment_methods_timeline(replies: dict[str, list[dict[str, Any]]]) -> None:
    text = replies["refunds"][0]["reply"]
    assert "€49.00" in text and "2–4 business days" in text
    _no_demo(text)


def test_a_closed_return_window_cites_the_shops_window(replies: dict[str, list[dict[str, Any]]]) -> None:
    row = replies["window"][0]
    assert "21 days" in row["reply"], row["reply"]
    _no_demo(row["reply"])


def test_knowledge_comes_from_the_shops_own_folder(replies: dict[str, list[dict[str, Any]]]) -> None:
    policy = replies["policy"][0]
    assert "21 days" in policy["reply"]
    assert {k["id"] for k in policy["trace"]["knowledge"]} <= {"garden-returns-en", "garden-returns-zh"}
    assert policy["trace"]["knowledge"], "the shop's return snippet was not used"
    leak = replies["leak-zh"][0]
    assert "橡胶垫圈" in leak["reply"]
    every = {k["id"] for rows in replies.values() for r in rows for k in r["trace"]["knowledge"]}
    assert every and all(i.startswith("garden-") for i in every), every
    _no_demo(policy["reply"] + leak["reply"])


def test_a_person_is_promised_in_the_shops_service_hours(replies: dict[str, list[dict[str, Any]]]) -> None:
    text = replies["person"][0]["reply"]
    assert "Mon–Sat 8:00–18:00 (CET)" in text and "12 hours" in text
    _no_demo(text)


# -- matching an unseen shop's lines in both languages ---------------------------------------------

def _refs(text: str, orders: list[dict[str, Any]], catalogue: dict[str, Any] | None = None) -> list[str]:
    from bot.dialogue import matching as M
    return [r.sku for r in M.match_items(text, orders, catalogue)]


GARDEN_ORDER = [{"id": "GR-1", "items": [
    {"sku": "HOSE-30", "product_id": "GP-HOSE", "name": "Expanding garden hose 30m", "category": "tools"},
    {"sku": "FERN", "product_id": "GP-FERN", "name": "Boston fern in pot", "category": "live_plants"}]}]


def test_lines_are_matched_by_their_category_in_either_language() -> None:
    assert _refs("I want to return the plant", GARDEN_ORDER) == ["FERN"]
    assert _refs("那个绿植我要退", GARDEN_ORDER) == ["FERN"]
    assert _refs("植物死了", GARDEN_ORDER) == ["FERN"]
    # Category words weigh less than a line's own name, and never match inside other words.
    from bot.dialogue import matching as M
    scores = {r.sku: r.score for r in M.match_items("the hose, not the plant", GARDEN_ORDER)}
    assert scores["HOSE-30"] > scores["FERN"]
    assert _refs("我的包裹还没到", GARDEN_ORDER) == [] and _refs("I was not at home", GARDEN_ORDER) == []


def test_a_length_in_the_line_name_does_not_hide_its_head_noun() -> None:
    from bot.dialogue import matching as M
    (ref,) = M.match_items("return the hose", GARDEN_ORDER)
    assert ref.sku == "HOSE-30" and ref.score >= 2.0      # "30m" is a spec, "hose" the noun


def test_an_english_only_line_is_matched_from_chinese_and_by_the_catalogues_chinese_name() -> None:
    assert _refs("水管漏水了", GARDEN_ORDER) == ["HOSE-30"]               # general zh/en product words
    catalogue = {"GP-FERN": {"id": "GP-FERN", "name": "Boston fern in pot", "name_zh": "波士顿蕨"}}
    assert _refs("那盆波士顿蕨到的时候就枯了", GARDEN_ORDER, catalogue) == ["FERN"]
    assert _refs("那盆波士顿蕨到的时候就枯了", GARDEN_ORDER) == []      # only through the catalogue


def test_catalogue_prices_are_shown_in_their_own_currency(replies: dict[str, list[dict[str, Any]]]) -> None:
    from bot.dialogue.prices import priced
    both = [{"sku": "a", "price": "299.00", "currency": "CNY", "prices": {"USD": "42.00"}}]
    assert priced(both, "USD")[0][0]["price"] == "42.00" and priced(both, "USD")[1] == "USD"
    assert priced(both, "EUR") == (both, "CNY")      # no EUR price: the catalogue's own currency
    assert priced([{"sku": "b", "price": "5"}], None)[1] is None
    zh = replies["price-zh"][0]["reply"]
    assert "34.50 欧元" in zh and "49.00 欧元" in zh, zh
    en = replies["stock"][0]["reply"]
    assert "€49.00" in en and "out of stock" in en, en
    _no_demo(zh + en)


@pytest.mark.parametrize(("text", "amount"), [
    ("you charged me €49.00 twice", "€49.00"), ("被扣了两次 49 欧元", "49 欧元"), ("I paid 49,00 € for it", "49,00 €"),
    ("£12.50 was taken", "£12.50"), ("它收了我 219 美元", "219 美元"), ("still 299元", "299元"),
])
def test_amounts_in_any_currency_are_recognised(text: str, amount: str) -> None:
    from bot.nlu.entities import AMOUNT_RE
    assert [m.group(0) for m in AMOUNT_RE.finditer(text)] == [amount]
    assert not AMOUNT_RE.search("订单 GR-26-004417 到哪了")      # an order id is not money


def test_a_non_returnable_category_of_any_shop_is_named_in_both_languages() -> None:
    from bot.lang.category_words import category_word
    assert category_word("live_plants", "zh") == "植物" and category_word("live_plants", "en") == "live plants"
    assert category_word("made_up_kind", "zh") == ""
    order = {"id": "GR-1", "items": [{"sku": "FERN", "name": "Boston fern in pot", "name_zh": "波士顿蕨",
                                      "category": "live_plants"}]}
    params = {"category": "live_plants", "sku": "FERN"}
    zh = R.refusal("non_returnable_category", params, order, "return_request", "zh")
    assert "波士顿蕨" in zh and "植物类商品" in zh
    en = R.refusal("non_returnable_category", params, order, "return_request", "en")
    assert "Boston fern in pot" in en and "live plants" in en
