import pytest

from bot.nlu import analyze_sentiment


@pytest.mark.parametrize("text, lang", [
    ("垃圾，太慢了", "zh"),
    ("什么破东西，气死我了！！！", "zh"),
    ("都一个星期了还没到？？？", "zh"),
    ("this is ridiculous", "en"),
    ("still nothing after 2 weeks", "en"),
    ("worst service ever 😡", "en"),
    ("wtf where's my stuff", "en"),
    ("this is not good at all", "en"),
])
def test_negative(text: str, lang: str) -> None:
    s = analyze_sentiment(text, lang)
    assert s.label == "negative"
    assert -1.0 <= s.score < 0


@pytest.mark.parametrize("text, lang", [
    ("非常感谢，服务很好", "zh"),
    ("东西不错，好评", "zh"),
    ("thanks, you were really helpful 😊", "en"),
    ("great service, love it", "en"),
    ("not bad at all", "en"),
])
def test_positive(text: str, lang: str) -> None:
    s = analyze_sentiment(text, lang)
    assert s.label == "positive"
    assert 0 < s.score <= 1.0


@pytest.mark.parametrize("text, lang", [
    ("我的订单到哪了", "zh"),
    ("改地址到<ADDRESS_1>", "zh"),
    ("where is my order SO202611200931", "en"),
    ("hello", "en"),
])
def test_neutral(text: str, lang: str) -> None:
    assert analyze_sentiment(text, lang).label == "neutral"


def test_negation_flips() -> None:
    assert analyze_sentiment("不满意", "zh").label == "negative"
    assert analyze_sentiment("满意", "zh").label == "positive"
    assert analyze_sentiment("I am not happy", "en").label == "negative"


def test_intensity_orders_scores() -> None:
    mild = analyze_sentiment("slow delivery", "en").score
    strong = analyze_sentiment("fucking slow delivery, absolutely ridiculous!!!", "en").score
    assert strong < mild < 0
    assert strong >= -1.0
