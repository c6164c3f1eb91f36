"""Times as the audit command and the review pages read and show them (shared by both)."""
from __future__ import annotations

import argparse
import re
import time
from datetime import UTC, datetime

_REL = re.compile(r"^(\d+(?:\.\d+)?)([dhm])$")


def parse_when(text: str) -> float:
    """ISO 8601 date/datetime (UTC when no zone), unix seconds, or relative "7d", "24h", "30m" ago."""
    text = text.strip()
    m = _REL.match(text)
    if m:
        return time.time() - float(m.group(1)) * {"d": 86400, "h": 3600, "m": 60}[m.group(2)]
    try:
        return float(text)
    except ValueError:
        pass
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a time: {text!r} (use ISO 8601, unix seconds or 7d/24h)") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


def fmt_time(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
