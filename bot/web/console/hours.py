"""Who is on duty: configured opening hours, weekdays and holidays ([hours] in the config).

`next_opening(now)` is what the bot tells a customer who asks for a person at night: when a
person will answer, in the shop's own time zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.core.errors import ConfigError


def _hm(value: str, name: str) -> time:
    try:
        h, m = str(value).split(":")
        return time(int(h), int(m))
    except ValueError:
        raise ConfigError(name, f"expected HH:MM, got {value!r}") from None


@dataclass(frozen=True)
class DutyHours:
    tz: ZoneInfo
    opens: time
    closes: time
    weekdays: frozenset[int]
    holidays: frozenset[date]
    always_on: bool = False

    @classmethod
    def from_settings(cls, settings: Any) -> DutyHours:
        h = settings["hours"]
        try:
            tz = ZoneInfo(h["timezone"])
        except Exception:  # noqa: BLE001 - ZoneInfoNotFoundError or a malformed key
            raise ConfigError("hours.timezone", f"unknown time zone {h['timezone']!r}") from None
        try:
            days = frozenset(int(d) for d in h["weekdays"])
            holidays = frozenset(date.fromisoformat(str(d)) for d in h["holidays"])
        except ValueError as exc:
            raise ConfigError("hours.weekdays/holidays", str(exc)) from None
        if not days <= set(range(1, 8)):
            raise ConfigError("hours.weekdays", "ISO weekdays are 1 (Monday) to 7 (Sunday)")
        return cls(tz, _hm(h["open"], "hours.open"), _hm(h["close"], "hours.close"), days, holidays,
                   bool(h["always_on"]))

    def _working_day(self, d: date) -> bool:
        return d.isoweekday() in self.weekdays and d not in self.holidays

    def on_duty(self, now: datetime) -> bool:
        if self.always_on:
            return True
        local = now.astimezone(self.tz)
        return self._working_day(local.date()) and self.opens <= local.time() < self.closes

    def next_opening(self, now: datetime) -> datetime | None:
        """The next moment someone is on duty (now, if they are); None if never within a year."""
        if self.on_duty(now):
            return now
        local = now.astimezone(self.tz)
        for i in range(0, 370):
            d = local.date() + timedelta(days=i)
            if not self._working_day(d):
                continue
            start = datetime.combine(d, self.opens, self.tz)
            if start > local:
                return start
        return None
