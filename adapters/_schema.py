"""Small typed readers for platform payloads: every adapter's schema is written with these.

A platform payload is untrusted shape even when its signature is genuine (a platform bug, a
leaked secret, a test console): a string where an object belongs, a list as `type`, `²` as a
timestamp (`str.isdigit` says yes, `int` says no), 10^400, NaN, a lone surrogate. Each reader
either returns the value in the type the adapter expects or raises PayloadError (400) —
never a TypeError/AttributeError/OverflowError that would become a 500.
"""
from __future__ import annotations

import math
import re
import time
from typing import Any

from bot.errors import PayloadError, VerificationError

_DIGITS = re.compile(r"^[0-9]{1,20}$")          # ASCII digits only: "²" and "٣" are not numbers here
MAX_ID = 512
# Platform dates outside this range are not believed (used only for latency reports).
_EARLIEST = 946_684_800.0                       # 2000-01-01
_FUTURE_SLACK_S = 86_400.0


def obj(value: Any, what: str) -> dict[str, Any]:
    """An optional JSON object: absent is {}, anything but an object is a PayloadError."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(f"{what} must be an object")
    return value


def req_obj(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise PayloadError(f"{what} must be an object")
    return value


def objects(value: Any, what: str) -> list[dict[str, Any]]:
    """An optional list of objects: absent is []."""
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PayloadError(f"{what} must be a list of objects")
    return value


def unicode_ok(value: str, what: str) -> str:
    """A string that can be stored as UTF-8 (no lone surrogates from `\\ud800` escapes)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise PayloadError(f"{what} is not valid Unicode") from None
    return value


def opt_str(value: Any, what: str) -> str | None:
    """An optional string field: None when absent, PayloadError when some other type."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise PayloadError(f"{what} must be a string")
    return unicode_ok(value, what)


def req_str(value: Any, what: str, max_len: int = MAX_ID) -> str:
    """A required, non-empty, bounded string (ids, keys)."""
    if not isinstance(value, str) or not value or len(value) > max_len:
        raise PayloadError(f"{what} must be a non-empty string")
    return unicode_ok(value, what)


def ident(value: Any, what: str) -> str:
    """A platform id that may arrive as a string or an integer (never a bool, float or object)."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PayloadError(f"{what} must be a string or integer id")
    if isinstance(value, int):
        if abs(value) >= 10 ** 30:
            raise PayloadError(f"{what} is out of range")
        return str(value)
    return req_str(value, what)


def enum(value: Any) -> str | None:
    """A discriminator (`type`, `msgtype`): the string, or None for anything else (a list, a dict)."""
    return value if isinstance(value, str) else None


def header_int(value: str, what: str, max_digits: int = 13) -> int:
    """A signed header's integer timestamp; anything but 1..max_digits ASCII digits is a 401."""
    if not value or len(value) > max_digits or not _DIGITS.match(value):
        raise VerificationError(f"{what}: missing or malformed timestamp")
    return int(value)


def within(now_s: float, sent_s: float, window_s: float) -> bool:
    return abs(now_s - sent_s) <= window_s


def platform_time(value: Any, unit_s: float = 1.0, now: float | None = None) -> float | None:
    """A platform-supplied date (unix time in units of `unit_s` seconds), or None when it is not
    believable: not a finite number, NaN, infinite, before 2000 or more than a day ahead."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        if not _DIGITS.match(value):
            return None
        value = int(value)
    if not isinstance(value, (int, float)):
        return None
    try:
        seconds = float(value) * unit_s
    except OverflowError:
        return None
    if not math.isfinite(seconds):
        return None
    current = time.time() if now is None else now
    if not _EARLIEST <= seconds <= current + _FUTURE_SLACK_S:
        return None
    return seconds


def received_at(value: Any, unit_s: float = 1.0) -> dict[str, float]:
    """`Message(..., **received_at(ts))`: the platform's date when believable, else the server's."""
    when = platform_time(value, unit_s)
    return {"received_at": when} if when is not None else {}
