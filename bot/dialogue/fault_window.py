"""The remedy a fault's delivery date allows, said in the shop's own terms (#13): inside the
direct-replacement window ("within 15 days of delivery: a new one"), after it a repair under the
category's warranty months, a category without warranty said plainly. Every number comes from
the running shop — its facts (`warranty.replace_within_days`, `warranty.months`) or, when the
facts name no replacement window, its exchange window — never from code."""
from __future__ import annotations

from typing import Any

from bot.dialogue.texts import t


def replace_days(facts: Any, policies: Any) -> int:
    """Days after delivery in which a faulty item is replaced directly (0: the shop says nothing)."""
    days = int(facts.get("warranty.replace_within_days", 0) or 0)
    return days or int(getattr(policies, "exchange_window_days", 0) or 0)


def window_text(facts: Any, policies: Any, category: str | None, since: float | None, lang: str) -> str:
    """One or two sentences: which remedy the date allows and why ("" when the date is unknown)."""
    if since is None:
        return ""
    days = replace_days(facts, policies)
    months = facts.warranty_months_known(category)
    parts: list[str] = []
    inside = days > 0 and since <= days
    if inside:
        parts.append(t(lang, f"That's within our {days}-day window for a direct replacement, so we can send you a new one.",
                       f"还在签收后 {days} 天的直接换新期内，可以直接给您换一件新的。"))
    elif days > 0:
        parts.append(t(lang, f"Our direct replacement covers the first {days} days after delivery, which have passed.",
                       f"直接换新限签收后 {days} 天内，目前已经超过。"))
    if months == 0:
        parts.append(t(lang, "This kind of item has no warranty, so a repair under warranty isn't available.",
                       "这类商品没有保修，无法办理保修维修。"))
    elif months:
        in_warranty = since <= months * 30.44
        if inside:
            parts.append(t(lang, f"After that, faults are repaired under the {months}-month warranty.",
                           f"超过换新期后，{months} 个月保修期内可以保修维修。"))
        elif in_warranty:
            parts.append(t(lang, f"It's still within the {months}-month warranty, so we can repair it under warranty.",
                           f"还在 {months} 个月保修期内，可以办理保修维修。"))
        else:
            parts.append(t(lang, f"The {months}-month warranty has ended.", f"{months} 个月保修期已过。"))
    return (" " if lang == "en" else "").join(parts)


def inside_replacement(facts: Any, policies: Any, since: float | None) -> bool:
    """Is a fault `since` days after delivery still inside the direct-replacement window?"""
    days = replace_days(facts, policies)
    return since is not None and days > 0 and since <= days
