"""A swap whose asked combination exists only with another value of a dimension the customer
never named (#13 edits13: "650b" then "frame 52" on a 54/700c/sand bike; 52/650b is made in olive
only). The catalogue's fallback (`catalog.swap_variant`, a unique remaining variant) still finds
it, but that dimension must not change silently: the proposal says which value changes with it,
so the yes is given to the version that will be written. Read from the match's own data (the
options found, the values asked) and the line's options, never a shop's dimension names."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from bot.dialogue import texts as T


def forced(match: Mapping[str, Any], line_options: Mapping[str, Any]) -> dict[str, str]:
    """Dimension → value the matched variant changes although the text did not ask for it."""
    asked = match.get("changed") or match.get("wanted") or {}
    found = match.get("options") or {}
    return {str(k): str(v) for k, v in found.items()
            if k not in asked and k in line_options and str(line_options[k]) != str(v)}


def note(match: Mapping[str, Any], line_options: Mapping[str, Any], lang: str) -> str:
    """The sentence naming the value that changes along (empty when nothing does)."""
    also = forced(match, line_options)
    if not also:
        return ""
    was = {k: line_options[k] for k in also}
    if lang == "zh":
        return f"注意：这个组合只有{T.options_text(also, 'zh')}（没有{T.options_text(was, 'zh')}），这一项也会跟着改。"
    return f"Note: that combination only comes in {T.options_text(also, 'en')} (not {T.options_text(was, 'en')}), " \
           f"so that changes too."
