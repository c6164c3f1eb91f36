"""Shouted demands read as frustration; shouted pleasantries do not."""
import pytest

from bot.nlu.sentiment import analyze_sentiment


@pytest.mark.parametrize("text", ["我要退款！！！", "印错字了！！", "where is my refund!!", "so I just eat the loss?"])
def test_frustration_is_negative(text: str) -> None:
    assert analyze_sentiment(text, None).label == "negative"


@pytest.mark.parametrize("text", ["收到了！！", "ok!!", "hello!!"])
def test_excited_but_not_upset_is_not_negative(text: str) -> None:
    assert analyze_sentiment(text, None).label != "negative"
