"""Reading a carrier's usual delivery time ("1–3", "2-5", "4") from the shop's facts."""
from __future__ import annotations

import re
from typing import Any

_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def upper_days(days: str | None) -> float | None:
    """The longest usual delivery time in days ("1–3" -> 3.0); None when the facts give none."""
    found = _NUMBERS.findall(days or "")
    return float(found[-1]) if found else None


def late_after(days: str | None, fallback: Any = 3) -> float:
    """Days after dispatch past which a parcel counts as late: the carrier's upper bound when the
    shop's facts know the carrier, else the shop's "no scan for this long" threshold."""
    upper = upper_days(days)
    if upper is not None:
        return upper
    try:
        return float(fallback)
    except (TypeError, ValueError):
        return 3.0
