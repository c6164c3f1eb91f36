"""Is a product of an electrical kind? Read from the shop's own catalogue entry (name, category,
options, attributes, description) with general words of electricity — never a product list — so
only a mains / battery / electronic item gets "unplug it" or "won't turn on, won't charge"."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

ELECTRIC = re.compile(
    r"(electr|appliance|batter(y|ies)|recharg|charg(er|ing)|\busb\b|usb-?c|bluetooth|wireless|wi-?fi|\bvolt|"
    r"\b\d+\s?v\b|\bwatts?\b|\b\d+\s?w\b|\bmah\b|\bplug|\bmains\b|\bpowered\b|\bmotor|\bled\b|lumen|\b\d+\s?lm\b|"
    r"\blamp|\blighting\b|\bheater|\bsmart\b|\bspeaker|\bheadphone|\bearbud|\bkeyboard|\bthermostat|\btrimmer|"
    r"电|充电|蓝牙|无线|灯|智能|耳机|音箱)", re.I)


def _texts(entry: Mapping[str, Any] | None) -> Iterable[str]:
    if not entry:
        return
    for key in ("name", "name_zh", "category", "description", "description_zh", "tags", "attributes", "options"):
        val = entry.get(key)
        if isinstance(val, Mapping):
            for k, v in val.items():
                yield str(k)
                yield " ".join(map(str, v)) if isinstance(v, (list, tuple)) else str(v)
        elif isinstance(val, (list, tuple)):
            yield " ".join(map(str, val))
        elif val:
            yield str(val)


def electrical(line: Mapping[str, Any] | None, catalogue: Mapping[str, Any] | None = None) -> bool | None:
    """True / False for an order line (or catalogue product) of the shop; None when nothing is known."""
    if not line:
        return None
    product = (catalogue or {}).get(str(line.get("product_id") or "")) if catalogue else None
    text = " ".join([*_texts(line), *_texts(product)])
    if not text.strip():
        return None
    return bool(ELECTRIC.search(text))


def named_kind(text: str, items: Iterable[Mapping[str, Any]], orders: Iterable[Mapping[str, Any]],
               catalogue: Mapping[str, Any]) -> bool | None:
    """The kind of the item a message is about: the order lines it names, else a catalogue
    product it names; None when it names none (or names both kinds)."""
    lines = {(str(o.get("id")), str(i.get("sku"))): i for o in orders for i in o.get("items") or []}
    kinds = {electrical(lines.get((str(r.get("order_id")), str(r.get("sku")))), catalogue)
             for r in items if not r.get("excluded")} - {None}
    if not kinds:
        from bot.dialogue.flows.product_info import HEAD_NOUN, find_products
        kinds = {electrical(h[1]) for h in find_products(text, catalogue) if h[0] >= HEAD_NOUN} - {None}
    return next(iter(kinds)) if len(kinds) == 1 else None
