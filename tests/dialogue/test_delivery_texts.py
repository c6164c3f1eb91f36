"""The delivery-investigation sentence for every kind of case, in both languages."""
from __future__ import annotations

import pytest

from bot.dialogue import texts as T

ORDER = {"id": "ORD/7/1", "carrier": "Alpenkurier", "tracking_no": "AK123", "status": "shipped",
         "shipped_at": "2026-11-10T09:00:00+00:00"}


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("late", [True, False])
def test_a_carrier_the_shop_does_not_list_gets_no_invented_time(lang: str, late: bool) -> None:
    # Regression: this branch left the neighbour-check sentence unset (UnboundLocalError), which
    # crashed the turn for any shop whose facts do not list its carrier.
    text = T.delivery_ticket(ORDER, "stuck", "TK-9", {"late": late, "investigation_days": 3, "remedy": "R"}, lang)
    assert "ORD/7/1" in text and "AK123" in text and "TK-9" in text
    assert ("usual" not in text) if lang == "en" else ("正常的" not in text)
    assert ("neighbours" not in text) if lang == "en" else ("邻居" not in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_listed_carrier_names_its_usual_days_when_late(lang: str) -> None:
    text = T.delivery_ticket(ORDER, "stuck", None, {"late": True, "normal_days": "2–4", "investigation_days": 3,
                                                    "remedy": "R"}, lang)
    assert "2–4" in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_not_received_asks_to_check_with_neighbours(lang: str) -> None:
    order = dict(ORDER, status="delivered", delivered_at="2026-11-20T09:00:00+00:00")
    text = T.delivery_ticket(order, "not_received", "TK-1", {"investigation_days": 3, "remedy": "R"}, lang)
    assert ("neighbours" in text) if lang == "en" else ("邻居" in text)
