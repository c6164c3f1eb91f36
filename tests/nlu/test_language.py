import pytest

from bot.nlu import detect_language


@pytest.mark.parametrize("text, lang", [
    ("我的快递到哪了", "zh"),
    ("where is my order", "en"),
    ("我的order到哪了", "zh"),
    ("refund 还没到账", "zh"),
    ("hi 在吗", "zh"),
    ("换成XL", "zh"),
    ("I bought the 跑鞋 last week and they already fell apart, what a joke", "en"),
    ("<PERSON_1> here, where is SO202611200931?", "en"),
    ("<PERSON_1>，我的快递呢", "zh"),
    ("？？？", "zh"),
    ("???", "en"),
    ("SO202611200931", "en"),
])
def test_detect_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_placeholders_do_not_count_as_english() -> None:
    # Placeholder names are Latin letters; they must not outweigh the Chinese text.
    assert detect_language("改地址到<ADDRESS_1>，电话<PHONE_NUMBER_1>") == "zh"
