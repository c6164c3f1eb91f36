import pytest

from bot.nlu import Entities, extract_entities


def test_shop_order_id_any_case_and_spaced() -> None:
    assert extract_entities("订单SO202611200931怎么还没发货").order_ids == ["SO202611200931"]
    assert extract_entities("order so202611200931 pls").order_ids == ["SO202611200931"]
    assert extract_entities("my order is SO 2026 1120 0931").order_ids == ["SO202611200931"]


def test_marketplace_id_needs_cue_or_standing_alone() -> None:
    assert extract_entities("订单号 4398127744102938811 到哪了").order_ids == ["4398127744102938811"]
    assert extract_entities("order 260412998310274411").order_ids == ["260412998310274411"]
    assert extract_entities("4398127744102938811").order_ids == ["4398127744102938811"]
    # A long number with no order cue inside a sentence is not claimed as an order.
    assert extract_entities("my code 4398127744102938811 failed at checkout").order_ids == []


def test_placeholders_are_never_entities() -> None:
    ents = extract_entities("电话<PHONE_NUMBER_1>，地址<ADDRESS_1>，邮箱<EMAIL_ADDRESS>，找<PERSON_2>")
    assert ents.is_empty()


def test_phone_number_and_price_are_not_order_ids() -> None:
    ents = extract_entities("a 13812345678 number and it cost 299元")
    assert ents.order_ids == []
    assert ents.amounts == ["299元"]
    assert extract_entities("I paid $12.50").order_ids == []


@pytest.mark.parametrize("text, tracking", [
    ("单号SF1234567890查不到", ["SF1234567890"]),
    ("tracking 1Z999AA10123456784", ["1Z999AA10123456784"]),
    ("京东JDVA10293847561", ["JDVA10293847561"]),
    ("YT7712345678901 到哪了", ["YT7712345678901"]),
    ("EMS EA123456789CN", ["EA123456789CN"]),
    ("DHL waybill 1234567890", ["1234567890"]),
    ("call 1234567890", []),  # a bare 10-digit number is not a DHL number without a cue
])
def test_tracking_numbers(text: str, tracking: list[str]) -> None:
    assert extract_entities(text).tracking_numbers == tracking


def test_tracking_number_is_not_an_order_id() -> None:
    ents = extract_entities("SO202611200931 的快递单号是 SF1409876543211")
    assert ents.order_ids == ["SO202611200931"]
    assert ents.tracking_numbers == ["SF1409876543211"]


@pytest.mark.parametrize("text, amounts", [
    ("退款¥299还没到", ["¥299"]),
    ("退了299元", ["299元"]),
    ("才50块", ["50块"]),
    ("refund of $12.50", ["$12.50"]),
    ("RMB 100 please", ["RMB 100"]),
    ("一百元", ["一百元"]),
    ("order SO202611200931", []),
])
def test_amounts(text: str, amounts: list[str]) -> None:
    assert extract_entities(text).amounts == amounts


def test_sizes_colours_products() -> None:
    ents = extract_entities("黑色跑鞋42码小了，想换43码")
    assert ents.sizes == ["42码", "43码"]
    assert ents.colors == ["黑色"]
    assert ents.products == []          # items are matched against the shop's data, not here
    en = extract_entities("swap my navy down jacket for XL, and size 9 running shoes")
    assert en.sizes == ["XL", "size 9"]
    assert en.colors == ["navy"]
    assert extract_entities("L号的T恤").sizes == ["L号"]


def test_no_false_sizes_or_colours_in_plain_text() -> None:
    ents = extract_entities("I'm reading a novel, let me know")
    assert ents.sizes == [] and ents.colors == [] and ents.order_ids == []


def test_to_dict_shape() -> None:
    d = Entities(order_ids=["SO202611200931"]).to_dict()
    assert set(d) == {"order_ids", "tracking_numbers", "amounts", "sizes", "colors", "products"}
    assert d["order_ids"] == ["SO202611200931"]
