"""Business facts by carrier, currency and payment method (config/knowledge/facts.toml).

Replies state these; nothing in reply code hard-codes a delivery time, refund timeline,
warranty length or service hour.
"""
from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.lang.script import fold

DEFAULT = Path(__file__).resolve().parents[2] / "config" / "knowledge" / "facts.toml"


@dataclass(frozen=True)
class Facts:
    data: Mapping[str, Any]

    @classmethod
    def load(cls, path: Path | str | None = None) -> Facts:
        return _load(str(path or DEFAULT))

    @classmethod
    def for_settings(cls, settings: Any) -> Facts:
        """The running shop's facts: `[knowledge] facts`, else `facts.toml` in `[knowledge] dir`.

        A shop that brings its own knowledge folder without a facts file gets no facts at all
        (replies then leave out what they do not know) rather than the demo shop's.
        """
        return cls.load(facts_path(settings))

    def layered(self, shop: Mapping[str, Any] | None) -> Facts:
        """These facts with the shop's own (fixture `facts`, same shape as facts.toml) on top:
        a table the shop gives is merged key by key, a value it gives wins."""
        if not shop:
            return self
        return Facts(_merge(self.data, shop))

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def carrier(self, code: str | None) -> Mapping[str, Any]:
        base = dict(self.get("delivery.default", {}))
        base.update(self.carrier_listed(code) or {})
        return base

    def carrier_listed(self, code: str | None) -> Mapping[str, Any] | None:
        """The carrier's own entry (case and punctuation folded: "PostNL", "postnl", "Post NL"),
        None when the shop lists no such carrier: replies then say they do not know its times."""
        carriers = self.get("delivery.carriers", {}) or {}
        want = _fold(code)
        if not want or not isinstance(carriers, Mapping):
            return None
        for name, entry in carriers.items():
            if _fold(name) == want and isinstance(entry, Mapping):
                return entry
        return None

    def refund_days(self, payment_type: str | None, lang: str) -> str:
        table = self.get("refund_days_zh" if lang == "zh" else "refund_days", {}) or {}
        return str(table.get(payment_type or "", table.get("default", "")))

    def warranty_months(self, category: str | None) -> int:
        return self.warranty_months_known(category) or 0

    def warranty_months_known(self, category: str | None) -> int | None:
        """Months of warranty for `category` (the shop's `default` for others); None when the shop
        states neither, so a reply says it does not know rather than "no warranty"."""
        months = self.get("warranty.months", {}) or {}
        value = months.get(category or "", months.get("default"))
        try:
            return None if value is None else int(value)
        except (TypeError, ValueError):
            return None

    def text(self, dotted: str, lang: str) -> str:
        return str(self.get(f"{dotted}_{'zh' if lang == 'zh' else 'en'}", ""))


def facts_path(settings: Any) -> Path:
    """Where the running shop's facts file is (it need not exist)."""
    try:
        explicit = str(settings.get("knowledge.facts") or "")
    except KeyError:
        explicit = ""
    return settings.path("knowledge.facts") if explicit else settings.path("knowledge.dir") / "facts.toml"


def _fold(code: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(code or "").lower())


def _merge(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=4)
def _load(path: str) -> Facts:
    p = Path(path)
    # one script: a traditional shop's sentences are read by the same (simplified) cues
    return Facts(tomllib.loads(fold(p.read_text(encoding="utf-8"))) if p.is_file() else {})
