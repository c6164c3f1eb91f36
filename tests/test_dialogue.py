import pytest

from bot.dialogue import yes_no


@pytest.mark.parametrize("text", ["yes", "Yes please", "ok", "sure, go ahead", "确认", "好的", "是的，取消吧", "可以", "对"])
def test_yes(text: str) -> None:
    assert yes_no(text) is True


@pytest.mark.parametrize("text", ["no", "No thanks", "never mind", "don't", "不用了", "算了", "不要取消", "先不了", "等等"])
def test_no(text: str) -> None:
    assert yes_no(text) is False


@pytest.mark.parametrize("text", ["where is my parcel", "我的快递到哪了", "SO202611200931", "the second one"])
def test_neither(text: str) -> None:
    assert yes_no(text) is None
