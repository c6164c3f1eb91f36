"""Business facts by carrier, currency and payment method (config/knowledge/facts.toml).

Replies state these; nothing in reply code hard-codes a delivery time, refund timeline,
warranty length or service hour.
"""
from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

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

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self.data
        for part in dotted.split("."):
            if not isinstance(node, Mapping) or part not in node:
                return default
            node = node[part]
        return node

    def carrier(self, code: str | None) -> Mapping[str, Any]:
        base = dict(self.get("delivery.default", {}))
        base.update(self.get(f"delivery.carriers.{(code or '').upper()}", {}) or {})
        return base

    def refund_days(self, payment_type: str | None, lang: str) -> str:
        table = self.get("refund_days_zh" if lang == "zh" else "refund_days", {}) or {}
        return str(table.get(payment_type or "", table.get("default", "")))

    def warranty_months(self, category: str | None) -> int:
        months = self.get("warranty.months", {}) or {}
        return int(months.get(category or "", months.get("default", 0)))

    def text(self, dotted: str, lang: str) -> str:
        return str(self.get(f"{dotted}_{'zh' if lang == 'zh' else 'en'}", ""))


def facts_path(settings: Any) -> Path:
    """Where the running shop's facts file is (it need not exist)."""
    try:
        explicit = str(settings.get("knowledge.facts") or "")
    except KeyError:
        explicit = ""
    return settings.path("knowledge.facts") if explicit else settings.path("knowledge.dir") / "facts.toml"
@lru_cache(maxsize=4)
def _load(path: str) -> Facts:
    p = Path(path)
    return Facts(tomllib.loads(p.read_text(encoding="utf-8")) if p.is_file() else {})
