"""Reading a carrier's usual delivery time ("1–3", "2-5", "4") from the shop's facts."""
from __future__ import annotations

import re
from typing import Any

_NUMBERS = re.compile(r"\d+(?:\.\d+)?")


def upper_days(days: str | None) -> float | None:
    """The longest usual delivery time in days ("1–3" -> 3.0); None when the facts give none."""
    found = _NUMBERS.findall(days or "")
    return float(found[-1]) if found else None


def late_after(days: str | None, stuck_after: Any = None) -> float:
    """Days after dispatch past which a parcel counts as late: the shop's "no scan for this long"
    threshold (`delivery.stuck_after_days`) or the carrier's usual upper bound, whichever comes
    first; with neither known, 3 days."""
    found = [x for x in (upper_days(days), _number(stuck_after)) if x is not None]
    return min(found) if found else 3.0


def _number(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
