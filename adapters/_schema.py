"""Small typed readers for platform payloads: every adapter's schema is written with these.

A platform payload is untrusted shape even when its signature is genuine (a platform bug, a
leaked secret, a test console): a string where an object belongs, a list as `type`, `²` as a
timestamp (`str.isdigit` says yes, `int` says no), 10^400, NaN, a lone surrogate. Each reader
either returns the value in the type the adapter expects or raises PayloadError (400) —
never a TypeError/AttributeError/OverflowError that would become a 500.
"""
from __future__ import annotations

import functools
import json
import logging
import math
import re
import time
from collections.abc import Callable
from typing import Any, TypedDict, TypeGuard

from bot.core.errors import BotError, PayloadError, VerificationError
from bot.core.messages import Message, message_json

log = logging.getLogger("aftersales.adapters")

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


def filled(value: Any) -> TypeGuard[str]:
    """A non-empty string (as a check the type checker understands, unlike `all(...)` over a tuple)."""
    return isinstance(value, str) and bool(value)


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


class ReceivedAt(TypedDict, total=False):
    """The keyword `received_at(...)` may give `Message`: absent means "now" (the field's default)."""

    received_at: float


def received_at(value: Any, unit_s: float = 1.0) -> ReceivedAt:
    """`Message(..., **received_at(ts))`: the platform's date when believable, else the server's."""
    when = platform_time(value, unit_s)
    return {"received_at": when} if when is not None else {}


# -- the safety net every adapter's verify/parse wears -----------------------------------------------

# What a parser that met a shape it did not expect raises; a genuine bug still shows in the log
# (the type only: payloads hold personal data).
_SHAPE_ERRORS = (TypeError, AttributeError, KeyError, IndexError, ValueError, OverflowError, RecursionError,
                 UnicodeError)


def storable(parsed: Any, platform: str) -> Any:
    """Every message a parse returns can be sealed as UTF-8 JSON (the inbox does exactly that)."""
    for msg in [*parsed.messages, *parsed.notices]:
        try:
            if isinstance(msg, Message):
                message_json(msg)         # memoised: the inbox seals these very bytes
            else:
                json.dumps(msg.to_dict() if hasattr(msg, "to_dict") else
                           {"c": msg.conversation_id, "s": msg.sender_id, "m": msg.in_reply_to, "raw": dict(msg.raw)},
                           ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError, UnicodeError, RecursionError):
            raise PayloadError(f"{platform}: payload fields cannot be stored") from None
        for value in (msg.conversation_id, msg.sender_id):
            if not isinstance(value, str) or not value or len(value) > 4 * MAX_ID:
                raise PayloadError(f"{platform}: bad conversation or sender id")
    return parsed


def schema_checked(parse: Callable[[Any, Any], Any]) -> Callable[[Any, Any], Any]:
    """Decorate `parse`: out-of-schema input is a PayloadError (400), output is storable."""
    @functools.wraps(parse)
    def wrapper(self: Any, req: Any) -> Any:
        try:
            parsed = parse(self, req)
        except BotError:
            raise
        except _SHAPE_ERRORS as exc:
            log.warning("%s: payload outside the schema (%s)", getattr(self, "name", "?"), type(exc).__name__)
            raise PayloadError("malformed payload") from None
        return storable(parsed, getattr(self, "name", "?"))
    return wrapper


def verify_checked(verify: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
    """Decorate `verify`: a request it cannot even read is unverified (401), never a 500."""
    @functools.wraps(verify)
    def wrapper(self: Any, req: Any) -> None:
        try:
            verify(self, req)
        except BotError:
            raise
        except _SHAPE_ERRORS as exc:
            log.warning("%s: unverifiable request (%s)", getattr(self, "name", "?"), type(exc).__name__)
            raise VerificationError("unverifiable request") from None
    return wrapper
