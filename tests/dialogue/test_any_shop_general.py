"""A shop the code was never written for brings its own knowledge, facts, names and currency.

The shop is tests/dialogue/fixtures/music_shop: musical instruments priced in CHF, order ids like
A-0001-Z, option dimensions "voltage", "finish", "string gauge" and "body", carriers Swiss Post
(its fixture gives its days) and one nobody lists, warranty months by category in the fixture's
own `facts`, a small zh/en knowledge folder named by the fixture. Beside it, the neutral generic
knowledge folder (config/generic_knowledge) a shop gets when it brings none, and the demo shop.
Every assertion would fail if a reply fell back to the demo shop's texts, facts, names or yuan.
"""
from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import GENERIC_KNOWLEDGE, fixture_knowledge
from bot.core.errors import ConfigError
from bot.core.trace import Trace
from bot.dialogue.commands import Command, Understood, set_slot
from bot.dialogue.facts import Facts
from bot.dialogue.flows import changes, product_info, warranty
from bot.dialogue.flows.base import FlowContext, selected_items
from bot.dialogue.legacy import Turn
from bot.dialogue.state import DialogueState, Frame
from bot.knowledge import KnowledgeBase, fill_policies
from bot.lang.display_names import localise_lines
from bot.shop.models import Policies
from bot.shop.store import Store
from bot.shop.store.fixture import FixtureError, validate_fixture
from bot.shop.tools import ShopTools
from tests.dialogue.conftest import NOW, ROOT, items_slot

MUSIC_DIR = Path(__file__).parent / "fixtures" / "music_shop"
MUSIC = MUSIC_DIR / "shop.json"
BEAUTY = Path(__file__).parent / "data" / "beauty_shop_eur.json"
FANG, LUKAS = "telegram:8801", "web:lukas"
YUAN = re.compile(r"[¥元]|RMB|CNY")


def _json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


# ---------------------------------------------------------------- the generic knowledge folder
def _demo_words() -> set[str]:
    """The demo shops' own product names and carriers, read from their fixtures (not listed here)."""
    words: set[str] = set()
    for name in ("demo_shop.json", "demo_shop_en.json"):
        data = _json(ROOT / "config" / name)
        for p in data.get("products") or []:
            words |= {str(p["name"]).lower()} | ({str(p["name_zh"])} if p.get("name_zh") else set())
        words |= {str(o["carrier"]).lower() for o in data.get("orders") or [] if o.get("carrier")}
    return words


def test_the_generic_knowledge_names_no_shop_currency_country_or_carrier() -> None:
    texts = {p: p.read_text(encoding="utf-8") for p in GENERIC_KNOWLEDGE.glob("*/*.md")}
    assert {p.parent.name for p in texts} == {"en", "zh"} and len(texts) >= 16
    demo = _demo_words()
    assert demo                                        # the check reads something
    for path, text in texts.items():
        low = text.lower()
        assert not YUAN.search(text), path
        assert not re.search(r"china|beijing|mainland|中国|北京|大陆|[$€£]", low), path
        hit = [w for w in demo if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", low)]
        assert not hit, (path, hit)
    facts = Facts.load(GENERIC_KNOWLEDGE / "facts.toml")
    # Nothing shop-specific is stated by default: carriers, warranty lengths, service hours.
    assert facts.get("delivery.carriers") is None and facts.carrier_listed("SF") is None
    assert facts.warranty_months_known("electronics") is None and facts.text("service.hours", "en") == ""
    assert facts.refund_days("card", "en")            # how payment networks take: generic


def test_knowledge_texts_carry_the_shops_own_windows() -> None:
    kb = KnowledgeBase.load(GENERIC_KNOWLEDGE)
    for lang, query in (("en", "how many days do I have to return an item"), ("zh", "退货期限是几天")):
        hits = kb.search(query, lang=lang)
        assert hits and hits[0].id == f"returns-window-{lang}"
        assert "{return_window_days}" in hits[0].text
        filled = fill_policies(hits, Policies(return_window_days=30, exchange_window_days=60))[0].text
        assert "30" in filled and "60" in filled and "{" not in filled
    # An unknown placeholder is left as written rather than guessed.
    from bot.knowledge import fill_text
    assert fill_text("within {return_window_days} days, {nonsense}", {"return_window_days": 9}) == \
        "within 9 days, {nonsense}"


def test_replay_picks_the_fixtures_knowledge_else_the_generic_folder(tmp_path: Path) -> None:
    assert fixture_knowledge(ROOT / "config" / "demo_shop.json") == ROOT / "config" / "knowledge"
    assert fixture_knowledge(ROOT / "config" / "demo_shop_en.json") == ROOT / "config" / "knowledge"
    assert fixture_knowledge(MUSIC) == MUSIC_DIR / "knowledge"
    assert fixture_knowledge(BEAUTY) == GENERIC_KNOWLEDGE     # brings none: never the demo's
    bad = tmp_path / "shop.json"
    bad.write_text(json.dumps({"knowledge": "nowhere", "customers": [], "orders": []}), encoding="utf-8")
    with pytest.raises(ConfigError):
        fixture_knowledge(bad)


def test_fixture_facts_must_be_an_object() -> None:
    validate_fixture(_json(MUSIC))
    with pytest.raises(FixtureError, match="facts"):
        validate_fixture({"facts": ["warranty"], "customers": [], "orders": []})
    with pytest.raises(FixtureError, match="knowledge"):
        validate_fixture({"knowledge": 3, "customers": [], "orders": []})


# ---------------------------------------------------------------- the music shop, step by step
class Music:
    def __init__(self, store: Store, tools: ShopTools, trace: Trace, facts: Facts, kb: KnowledgeBase) -> None:
        self.store, self.tools, self.trace, self.facts, self.kb = store, tools, trace, facts, kb
        self.state = DialogueState()

    async def ctx(self, who: str | None, text: str, *commands: Command, lang: str = "en") -> FlowContext:
        customer = (await self.tools.resolve_customer(who)).customer if who else None
        orders = list((await self.tools.list_orders(customer, limit=20)).data["orders"]) if customer else []
        turn = Turn(text=text, language=lang, intent="other", confidence=0.9, entities={}, sentiment_label="neutral",
                    sentiment_score=0.0, identity=who or "web:stranger", conversation=f"conv-{who}")
        catalogue = {p.id: p.public_dict() for p in await self.store.products()}
        localise_lines(orders, catalogue)          # as the engine does every turn
        fc = FlowContext(tools=self.tools, customer=customer, turn=turn, lang=lang, orders=orders, state=self.state,
                         understood=Understood(tuple(commands), 0.9, "test"), facts=self.facts, now=NOW,
                         snippets=fill_policies(self.kb.search(text, lang=lang), self.tools.policies),
                         catalogue=catalogue, knowledge=self.kb)
        fc.understood = Understood((*commands, items_slot(text, fc)), 0.9, "test")
        return fc


@pytest.fixture
async def music(tmp_path: Path) -> AsyncIterator[Music]:
    store = await Store.open(tmp_path / "music.db")
    await store.import_fixture(_json(MUSIC))
    trace = Trace()
    tools = ShopTools(store, await store.policies(), NOW, trace)
    # As the pipeline builds them: the folder's facts with the fixture's own on top.
    facts = Facts.load(fixture_knowledge(MUSIC) / "facts.toml").layered(await store.shop_facts())
    yield Music(store, tools, trace, facts, KnowledgeBase.load(fixture_knowledge(MUSIC)))
    await store.close()


async def test_the_fixtures_facts_are_kept_exported_and_layered_over_the_folders(music: Music) -> None:
    assert (await music.store.shop_facts()) == _json(MUSIC)["facts"]
    assert (await music.store.export_fixture())["facts"] == _json(MUSIC)["facts"]
    f = music.facts
    assert f.warranty_months_known("keyboards") == 24 and f.warranty_months_known("strings") == 0
    assert f.warranty_months_known("care") is None          # not stated: unknown, not "none"
    assert f.carrier("swiss post")["days"] == "1–2" and f.carrier_listed("SWISS-POST") is not None
    assert f.carrier_listed("Alpenkurier") is None and "days" not in f.carrier("Alpenkurier")
    assert "Zurich" in f.text("service.hours", "en") and f.get("warranty.replace_within_days") == 30


async def test_a_fixture_without_facts_drops_the_previous_shops_facts(music: Music) -> None:
    await music.store.import_fixture(_json(BEAUTY))
    assert await music.store.shop_facts() == {}
    assert "facts" not in await music.store.export_fixture()


@pytest.mark.parametrize(("lang", "text", "name", "months"), [
    ("zh", "A-0001-Z 的电钢琴还在保修期吗", "电钢琴", "24 个月"),
    ("en", "is the digital piano from A-0001-Z still under warranty?", "Digital piano", "24 months"),
])
async def test_warranty_counts_the_shops_months_from_this_items_delivery(
        music: Music, lang: str, text: str, name: str, months: str) -> None:
    fc = await music.ctx(FANG, text, set_slot(order_id="A-0001-Z"), lang=lang)
    out = await warranty.run(fc, Frame("warranty"))
    assert out.facts["warranty_months"] == 24 and out.facts["covered"] is True
    assert name in out.answer and months in out.answer and "A-0001-Z" in out.answer
    assert "2028" in out.answer                      # 24 months from the delivery on 2026-11-18
    # The shop's own claim guide (its workshop), within its direct-replacement days (30).
    assert ("Winterthur" in out.answer or "温特图尔" in out.answer)
    assert ("replaced directly" in out.answer) or ("直换" in out.answer)


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_warranty_of_a_category_the_shop_states_nothing_for_is_answered_honestly(
        music: Music, lang: str) -> None:
    text = {"en": "what's the warranty on the violin rosin?", "zh": "小提琴松香保修多久"}[lang]
    fc = await music.ctx(FANG, text, set_slot(order_id="A-0001-Z"), lang=lang)
    out = await warranty.run(fc, Frame("warranty"))
    assert out.facts["warranty_months"] is None
    assert ("don't have the warranty terms" in out.answer) if lang == "en" else ("没有" in out.answer and "记录" in out.answer)
    assert not re.search(r"\d+[- ]month|\d+ ?个月|no warranty|没有退货期之外的保修", out.answer)
    assert ("Violin rosin" if lang == "en" else "小提琴松香") in out.answer


async def test_warranty_of_a_product_not_yet_delivered_uses_the_catalogue_category(music: Music) -> None:
    fc = await music.ctx(FANG, "尤克里里有保修吗", lang="zh")
    out = await warranty.run(fc, Frame("warranty"))
    assert out.facts["warranty_months"] == 12 and "尤克里里" in out.answer and "12 个月" in out.answer


@pytest.mark.parametrize(("lang", "text", "name"), [
    ("zh", "电钢琴多少钱", "电钢琴"), ("en", "how much is the digital piano?", "Digital piano")])
async def test_product_prices_are_in_the_shops_currency_with_its_names(
        music: Music, lang: str, text: str, name: str) -> None:
    fc = await music.ctx(FANG, text, lang=lang)
    out = await product_info.run(fc, Frame("product_info"))
    assert name in out.answer and "CHF" in out.answer and not YUAN.search(out.answer)
    assert "1290.00" in out.answer and "1340.00" in out.answer


async def test_chinese_option_words_find_the_version_and_an_in_stock_alternative(music: Music) -> None:
    fc = await music.ctx(FANG, "白色的电钢琴还有货吗", lang="zh")
    out = await product_info.run(fc, Frame("product_info"))
    assert out.facts["variants"] == ["PNO-230-WH"]
    assert "缺货" in out.answer and "rosewood" in out.answer       # the in-stock finish offered


async def test_an_order_change_summary_names_the_lines_in_the_customers_language(music: Music) -> None:
    fc = await music.ctx(FANG, "A-0002-K 里的尤克里里不要了，琴弦留着", set_slot(order_id="A-0002-K"), lang="zh")
    order = next(o for o in fc.orders if o["id"] == "A-0002-K")
    frame = Frame("modify_order")
    from bot.dialogue.flows.base import take_slots
    take_slots(fc, frame)
    chosen, kept = selected_items(fc, frame, order)
    assert [c["name"] for c in chosen] == ["尤克里里 “concert”"] and kept == ["木吉他琴弦 10-47"]
    frame.slots["order_id"] = "A-0002-K"
    frame.slots["remove"] = True
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm", out.answer
    assert "尤克里里" in out.answer and "木吉他琴弦" in out.answer
    assert "Ukulele" not in out.answer and "guitar" not in out.answer
    assert "119.00 CHF" in out.answer and not YUAN.search(out.answer)


async def test_an_english_summary_keeps_the_shops_english_names(music: Music) -> None:
    fc = await music.ctx(FANG, "remove the ukulele from A-0002-K, keep the strings", set_slot(order_id="A-0002-K"))
    order = next(o for o in fc.orders if o["id"] == "A-0002-K")
    frame = Frame("modify_order")
    from bot.dialogue.flows.base import take_slots
    take_slots(fc, frame)
    chosen, kept = selected_items(fc, frame, order)
    assert [c["name"] for c in chosen] == ["Ukulele concert"] and kept == ["Acoustic guitar strings 10-47"]


@pytest.mark.parametrize(("lang", "text", "until"), [
    ("en", "I want to return the ukulele from A-0003-M", "Dec 9"),
    ("zh", "A-0003-M 的尤克里里我想退货", "12月9日")])
async def test_an_expired_return_says_the_exchange_window_is_still_open(
        music: Music, lang: str, text: str, until: str) -> None:
    from bot.dialogue.flows import returns
    fc = await music.ctx(LUKAS, text, set_slot(order_id="A-0003-M"), lang=lang)
    out = await returns.run(fc, Frame("return_request"))
    assert out.step == "refused"
    assert not [a for a in music.trace.actions if a["name"] == "create_return"]
    # Delivered Oct 10: the shop's 30-day return window is closed, its 60-day exchange window open.
    assert "30" in out.answer and until in out.answer
    assert ("exchanged" in out.answer) if lang == "en" else ("换" in out.answer)


async def test_an_expired_return_without_an_open_exchange_window_offers_no_exchange(music: Music) -> None:
    from bot.dialogue.flows import returns
    fc = await music.ctx(LUKAS, "I want to return the ukulele from A-0003-M", set_slot(order_id="A-0003-M"))
    fc.tools.policies = Policies(return_window_days=30, exchange_window_days=40,
                                 non_returnable_categories=["strings"])
    out = await returns.run(fc, Frame("return_request"))
    assert out.step == "refused" and "30" in out.answer and "exchanged" not in out.answer


@pytest.mark.parametrize(("lang", "text", "name"), [
    ("zh", "尤克里里多少钱？", "尤克里里"), ("en", "how much is a ukulele?", "Ukulele")])
async def test_a_stranger_reads_the_shops_prices_in_its_currency_by_its_names(
        music: Music, lang: str, text: str, name: str) -> None:
    assert await music.store.main_currency() == "CHF"
    fc = await music.ctx(None, text, lang=lang)           # no customer, no orders
    out = await product_info.run(fc, Frame("product_info"))
    assert name in out.answer and "89.00 CHF" in out.answer and "149.00 CHF" in out.answer
    assert not YUAN.search(out.answer)


@pytest.mark.parametrize(("text", "routed"), [
    ("琴弦可以退吗", "policy_info"),             # hers are on an unshipped order: the rule, not a removal
    ("支持退换吗 尤克里里", "policy_info"),
    ("尤克里里可以退款吗", None),                # money, not the rule: left to the classifier's flow
    ("电钢琴不想要了 还能退吗", None),           # her piano was delivered: a request, for the return flow
])
async def test_a_zh_question_whether_a_kind_of_item_can_go_back_is_a_rule_question(
        music: Music, text: str, routed: str | None) -> None:
    from bot.dialogue import info_cues
    from bot.dialogue.commands import UnderstandingContext
    fc = await music.ctx(FANG, text, lang="zh")
    ctx = UnderstandingContext(text=text, language="zh", history=(), flow=None, step=None, slots={},
                               orders=fc.orders, catalogue=list(fc.catalogue.values()))
    slots: dict[str, Any] = {"items": items_slot(text, fc).args["items"]}    # as the classic source has them
    flow, _ = info_cues.route(None, "", "other", 0.9, text, ctx, fc.catalogue, slots)
    assert flow == routed
    if routed:
        from bot.dialogue.flows import policy_info
        out = await policy_info.run(fc, Frame("policy_info"))
        assert "30" in out.answer              # the shop's own return window


@pytest.mark.parametrize(("lang", "text"), [("en", "forget it"), ("zh", "算了")])
async def test_forget_it_with_nothing_waiting_is_acknowledged_not_the_menu(music: Music, lang: str,
                                                                          text: str) -> None:
    from bot.dialogue.legacy import Dialogue
    from bot.lang import replies as R
    turn = Turn(text=text, language=lang, intent="other", confidence=0.4, entities={}, sentiment_label="neutral",
                sentiment_score=0.0, identity=FANG, conversation="c")
    state: dict[str, Any] = {"last_flow": "product_info"}
    out = await Dialogue(music.tools).step(turn, state, None, [])
    assert out.answer == R.acknowledge(lang) and out.answer != R.fallback(lang)


async def test_zh_answers_name_option_values_in_chinese_where_a_general_word_exists(music: Music) -> None:
    fc = await music.ctx(FANG, "白色的电钢琴还有货吗", lang="zh")
    out = await product_info.run(fc, Frame("product_info"))
    assert "白色" in out.answer and "white" not in out.answer
    assert "rosewood" in out.answer          # no general word for it: kept as the shop wrote it


async def test_a_general_page_never_stands_in_for_a_product_the_shop_does_not_sell(music: Music) -> None:
    # The generic folder's return page carries topic tags no list knows ("window", "days"); its
    # `products: []` header says it is a general page, so it is no answer about drums.
    generic = KnowledgeBase.load(GENERIC_KNOWLEDGE)
    fc = await music.ctx(FANG, "how many days do I have to return drums, and do you sell drums?")
    fc.snippets = generic.search("how long is the return window in days", lang="en")
    assert fc.snippets and fc.snippets[0].score >= product_info.SNIPPET_FLOOR
    out = await product_info.run(fc, Frame("product_info"))
    assert out.step == "ask_product" and "snippet" not in out.facts


async def test_a_rule_answer_offers_the_customers_own_line_by_its_chinese_name(music: Music) -> None:
    from bot.dialogue.flows import policy_info
    fc = await music.ctx(FANG, "小提琴松香可以退吗", lang="zh")
    out = await policy_info.run(fc, Frame("policy_info", slots={"topic": "return_request"}))
    assert out.step == "confirm" and out.facts["offer"] == {"order_id": "A-0001-Z", "sku": "ROSIN-1"}
    assert "小提琴松香" in out.answer and "Violin rosin" not in out.answer and "30" in out.answer


async def test_an_expired_return_of_an_excluded_category_offers_no_exchange(music: Music) -> None:
    from bot.dialogue.flows import returns
    data = _json(MUSIC)
    old = next(o for o in data["orders"] if o["id"] == "A-0003-M")
    old["items"] = [{"sku": "STR-1047", "product_id": "M-STRINGS", "name": "Acoustic guitar strings 10-47",
                     "options": {"string gauge": "10-47"}, "qty": 1, "price": "14.50", "category": "strings"}]
    await music.store.import_fixture(data)          # the same delivery date, now an excluded category
    fc = await music.ctx(LUKAS, "I want to return the guitar strings from A-0003-M", set_slot(order_id="A-0003-M"))
    out = await returns.run(fc, Frame("return_request"))
    assert out.step == "refused" and "30" in out.answer and "exchanged" not in out.answer
