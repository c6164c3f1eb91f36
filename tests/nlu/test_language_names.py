"""#13 (vague13): an English sentence naming a Chinese company or product is answered in English;
a Chinese sentence with English words stays Chinese (simplified and traditional)."""
import pytest

from bot.nlu import detect_language


@pytest.mark.parametrize("text, lang", [
    ("Please issue the invoice to 台北單車有限公司, tax id 12345678", "en"),
    ("can I get the invoice under 上海星辰科技有限公司 please", "en"),
    ("Is the 电热水壶 back in stock?", "en"),
    ("I ordered the 捷安特 bike from you, where is it?", "en"),
    ("my order from 台北单车行 has not arrived", "en"),
    ("我的order到哪了", "zh"),
    ("refund 还没到账", "zh"),
    ("我想问一下 AirFlow HD-2000 hair dryer 的保修", "zh"),
    ("請幫我查一下 order status, the bike from Giant", "zh"),
    ("请帮我开发票 company name is ACME Ltd", "zh"),
    ("我买的 running shoes size 42 is too small", "zh"),
    ("台北單車 台中 高雄 三家店 hi", "zh"),
])
def test_the_sentence_decides_not_a_name_inside_it(text: str, lang: str) -> None:
    assert detect_language(text) == lang
