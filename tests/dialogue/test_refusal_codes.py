"""Every refusal code the shop can give reads as a sentence (a customer once saw "(conflict)")."""
import pytest

from bot.lang import replies as R
from bot.shop import codes

SUCCESS = {codes.OK, codes.NO_REFUNDS, codes.NONE, codes.ALREADY_REQUESTED, codes.TITLE_ADDED, codes.ALREADY_ISSUED}


@pytest.mark.parametrize("code", sorted(codes.ALL_CODES - SUCCESS))
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_code_is_a_sentence(code: str, lang: str) -> None:
    order = {"id": "#W2378156", "status": "paid", "items": [{"sku": "A", "name": "Lamp"}]}
    text = R.refusal(code, {}, order, "modify_order", lang)
    assert code not in text and f"({code})" not in text
    assert len(text) > 15


@pytest.mark.parametrize("code,word", [("already_withdrawn", "withdrawn"), ("already_received", "arrived back"),
                                       ("already_refunded", "refund"), ("request_closed", "closed")])
def test_a_withdrawal_refusal_names_the_request_and_its_rule(code: str, word: str) -> None:
    text = R.refusal(code, {"return_id": "RT-7"}, {}, "withdraw", "en")
    assert "RT-7" in text and word in text
    assert "RT-7" in R.refusal(code, {"exchange_id": "RT-7"}, {}, "withdraw", "zh")
