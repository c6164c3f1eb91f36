"""Builders shared by the play-test rounds' set scripts (`sets.py`, `convs.py`, `gen_shop.py`).

A round's script holds its data (conversations, expectations, the unseen shop's catalogue and
orders) and calls in here to write the files the runner and the verdict tables read:

- `write_sets(here, SET)`: SET entries `(conversation, user, lang, [(text, category, expect)])`
  -> `conversations.jsonl` + `expectations.jsonl` (the demo / en sets).
- `write_turns(here, T)`: T entries `(conversation, user, text, category, lang, expect, store_change)`,
  one a turn in order -> `conversations.jsonl`, `expectations.jsonl`, `verdicts/categories.txt`
  (the unseen shops' sets); `write_plain_turns` for round 6's `(conversation, user, text,
  category, expect)` with `expectations.txt`.
- `price_of`, `catalogue`, `order_items`, `order`, `customer_list`, `stamp`, `write_shop`: the pieces
  of an unseen shop's `shop.json`.

Every writer keeps the exact bytes of the scripts it replaced (UTF-8, `ensure_ascii=False`, one
JSON object a line, a final newline).
"""
from __future__ import annotations

import itertools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

Turn = tuple[str, str, str]                        # text, category, expect
Conversation = tuple[str, str, str, Sequence[Turn]]  # conversation, user, lang, turns
FlatTurn = tuple[str, str, str, str, str, str, str]  # conversation, user, text, category, lang, expect, store_change
Combo = tuple[str, ...]


def _lines(rows: Iterable[Mapping[str, Any]]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


# --- conversations and expectations -------------------------------------------------------------

def write_sets(here: Path, sets: Sequence[Conversation]) -> None:
    """`conversations.jsonl` (conversation, user, text) and `expectations.jsonl` (conversation,
    turn, category, lang, expect) for nested conversations."""
    conv, exp = [], []
    for cid, user, lang, turns in sets:
        for i, (text, cat, expect) in enumerate(turns):
            conv.append({"conversation": cid, "user": user, "text": text})
            exp.append({"conversation": cid, "turn": i, "category": cat, "lang": lang, "expect": expect})
    (here / "conversations.jsonl").write_text(_lines(conv), encoding="utf-8")
    (here / "expectations.jsonl").write_text(_lines(exp), encoding="utf-8")


def number_turns(conversations: Iterable[str]) -> list[int]:
    """The turn number of each entry of a flat list: 0, 1, ... per conversation."""
    seen: dict[str, int] = {}
    out = []
    for c in conversations:
        out.append(seen.get(c, 0))
        seen[c] = out[-1] + 1
    return out


def _write_categories(here: Path, cats: Sequence[str]) -> None:
    (here / "verdicts").mkdir(exist_ok=True)
    (here / "verdicts" / "categories.txt").write_text("\n".join(cats) + "\n", encoding="utf-8")


def write_turns(here: Path, turns: Sequence[FlatTurn], expect_key: Literal["expect", "expected"] = "expect") -> None:
    """`conversations.jsonl`, `expectations.jsonl` (conversation, turn, category, lang, expect,
    store_change; round 7 spelt `expect` as `expected`) and `verdicts/categories.txt`
    (`conversation|turn|category`) for a flat list of turns."""
    conv, exp, cats = [], [], []
    for n, (c, user, text, cat, lang, expected, store) in zip(number_turns(t[0] for t in turns), turns, strict=True):
        conv.append({"conversation": c, "user": user, "text": text})
        exp.append({"conversation": c, "turn": n, "category": cat, "lang": lang, expect_key: expected,
                    "store_change": store})
        cats.append(f"{c}|{n}|{cat}")
    (here / "conversations.jsonl").write_text(_lines(conv), encoding="utf-8")
    (here / "expectations.jsonl").write_text(_lines(exp), encoding="utf-8")
    _write_categories(here, cats)


def write_plain_turns(here: Path, turns: Sequence[tuple[str, str, str, str, str]]) -> None:
    """Round 6: `(conversation, user, text, category, expect)` -> `conversations.jsonl`,
    `expectations.txt` (`conversation|turn|expect`) and `verdicts/categories.txt`."""
    conv, exp, cats = [], [], []
    for n, (c, user, text, cat, expected) in zip(number_turns(t[0] for t in turns), turns, strict=True):
        conv.append({"conversation": c, "user": user, "text": text})
        exp.append(f"{c}|{n}|{expected}")
        cats.append(f"{c}|{n}|{cat}")
    (here / "conversations.jsonl").write_text(_lines(conv), encoding="utf-8")
    (here / "expectations.txt").write_text("\n".join(exp) + "\n", encoding="utf-8")
    _write_categories(here, cats)


# --- an unseen shop's shop.json ----------------------------------------------------------------

def price_of(rule: Mapping[Any, str], combo: Combo) -> str:
    """A variant's price: `*` for every variant, else the whole option combination, else the
    first option value the rule names."""
    if "*" in rule:
        return rule["*"]
    if combo in rule:
        return rule[combo]
    return next(rule[v] for v in combo if v in rule)


def catalogue(products: Mapping[str, Sequence[Any]], sku: Callable[[str, Combo], str],
              stock: Callable[[int, int], int], currency: str | None = None, extra: str | None = None,
              name_zh: Literal["always", "if_set"] = "if_set") -> list[dict[str, Any]]:
    """Products with one variant per option combination.

    `products`: id -> (name, name_zh, category, options {dim: [values]}, price rule, stock
    overrides {combo: n}[, price rule in `extra` currency]). `stock(i, n)`: the stock of the i-th
    variant of the n-th product when not overridden. `currency`: written on each variant when set;
    `extra`: the second currency's code (`prices: {extra: ...}` where the product has a rule).
    `name_zh` "always" writes the key even when None."""
    out = []
    for n, (pid, row) in enumerate(products.items()):
        name, zh, cat, opts, prices, overrides = row[:6]
        extra_rule = row[6] if len(row) > 6 else None
        dims = list(opts)
        variants = []
        for i, combo in enumerate(itertools.product(*opts.values())):
            v: dict[str, Any] = {"sku": sku(pid, combo), "options": dict(zip(dims, combo, strict=True)),
                                 "price": price_of(prices, combo)}
            if currency:
                v["currency"] = currency
            v["stock"] = overrides.get(combo, stock(i, n))
            if extra and extra_rule:
                v["prices"] = {extra: price_of(extra_rule, combo)}
            variants.append(v)
        if name_zh == "always":
            out.append({"id": pid, "name": name, "name_zh": zh, "category": cat, "options": opts, "variants": variants})
            continue
        p = {"id": pid, "name": name, "category": cat, "options": opts, "variants": variants}
        if zh:
            p["name_zh"] = zh
        out.append(p)
    return out


def order_items(products: Sequence[dict[str, Any]], sku: Callable[[str, Combo], str],
                lines: Iterable[tuple[str, Combo, int]], name: Callable[[str, Combo], str],
                currency: str | None = None) -> tuple[list[dict[str, Any]], Decimal]:
    """Order lines `(product id, combo, qty)` -> items and their total. `name(product name,
    combo)` is the item's name; `currency`, where given, picks the variant's `prices[currency]`."""
    var = {v["sku"]: (p, v) for p in products for v in p["variants"]}
    items, total = [], Decimal("0")
    for pid, combo, qty in lines:
        p, v = var[sku(pid, combo)]
        price = v["prices"][currency] if currency else v["price"]
        items.append({"sku": v["sku"], "product_id": pid, "name": name(p["name"], combo),
                      "options": v["options"], "qty": qty, "price": price, "category": p["category"]})
        total += Decimal(price) * qty
    return items, total


def order(oid: str, customer: str, status: str, times: tuple[str | None, str | None, str | None],
          carrier: str | None, tracking_no: str | None, currency: str, total: Decimal, address: Any,
          payment_method_id: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """One order of shop.json (`times`: placed, shipped, delivered)."""
    return {"id": oid, "customer_id": customer, "status": status, "placed_at": times[0], "shipped_at": times[1],
            "delivered_at": times[2], "carrier": carrier, "tracking_no": tracking_no, "currency": currency,
            "total": f"{total:.2f}", "shipping_address": address, "payment_method_id": payment_method_id,
            "items": items}


def customer_list(rows: Iterable[Sequence[Any]], pm_id: Callable[[str, str], str]) -> list[dict[str, Any]]:
    """Rows `(id, name, phone, email, address, [(pm suffix, type, label)], identities)`;
    `pm_id(customer id, suffix)` names a payment method."""
    return [{"id": c[0], "name": c[1], "phone": c[2], "email": c[3], "default_address": c[4],
             "payment_methods": [{"id": pm_id(c[0], s), "type": t, "label": lab} for s, t, lab in c[5]],
             "identities": c[6]} for c in rows]


def stamp(day: str | None, hour: str, offset: str) -> str | None:
    """`MM-DD` + `HH:MM:SS` -> an ISO time in 2026 at `offset`; None stays None."""
    return None if day is None else f"2026-{day}T{hour}{offset}"


def write_shop(script: str, data: Mapping[str, Any]) -> None:
    """shop.json next to the generating script."""
    Path(script).with_name("shop.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n",
                                                   encoding="utf-8")
