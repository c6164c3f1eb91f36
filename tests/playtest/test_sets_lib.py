"""The shared set builders (tests/playtest/sets_lib.py): the exact files a round's sets.py /
convs.py / gen_shop.py writes, on small synthetic data in tmp_path (Chinese and English)."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import sets_lib as sl


def test_write_sets_numbers_turns_per_conversation(tmp_path: Path) -> None:
    sl.write_sets(tmp_path, [
        ("p1z1", "wecom:zhangwei", "zh", [("耳机坏了", "product", "warranty"), ("好", "followup", "ticket")]),
        ("p1e1", "web:ann", "en", [("where is my parcel?", "delivery", "in transit")]),
    ])
    assert (tmp_path / "conversations.jsonl").read_text(encoding="utf-8") == (
        '{"conversation": "p1z1", "user": "wecom:zhangwei", "text": "耳机坏了"}\n'
        '{"conversation": "p1z1", "user": "wecom:zhangwei", "text": "好"}\n'
        '{"conversation": "p1e1", "user": "web:ann", "text": "where is my parcel?"}\n')
    exp = [json.loads(x) for x in (tmp_path / "expectations.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["conversation"], e["turn"], e["category"], e["lang"], e["expect"]) for e in exp] == [
        ("p1z1", 0, "product", "zh", "warranty"), ("p1z1", 1, "followup", "zh", "ticket"),
        ("p1e1", 0, "delivery", "en", "in transit")]


def test_write_turns_flat_list_and_categories(tmp_path: Path) -> None:
    turns = [("z1", "line:U1", "退货", "returns", "zh", "ask which item", "none"),
             ("e1", "web:bo", "cancel it", "cancel", "en", "confirm first", "none"),
             ("z1", "line:U1", "对", "confirm", "zh", "create_return", "return")]
    sl.write_turns(tmp_path, turns, expect_key="expected")
    assert (tmp_path / "verdicts" / "categories.txt").read_text(encoding="utf-8") == "z1|0|returns\ne1|0|cancel\nz1|1|confirm\n"
    last = json.loads((tmp_path / "expectations.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert last == {"conversation": "z1", "turn": 1, "category": "confirm", "lang": "zh", "expected": "create_return",
                    "store_change": "return"}
    sl.write_plain_turns(tmp_path, [(c, u, t, k, e) for c, u, t, k, _, e, _ in turns])
    assert (tmp_path / "expectations.txt").read_text(encoding="utf-8") == (
        "z1|0|ask which item\ne1|0|confirm first\nz1|1|create_return\n")


def test_catalogue_and_order_items() -> None:
    products = {"P-MUG": ("Mug", "马克杯", "kitchen", {"size": ["S", "L"], "colour": ["red"]},
                          {"S": "5.00", "L": "7.50"}, {("L", "red"): 99}, {"*": "20.00"}),
                "P-TEA": ("Tea", None, "food", {"kind": ["green"]}, {"*": "3.20"}, {})}

    def sku(pid: str, combo: tuple[str, ...]) -> str:
        return pid[2:] + "-" + "-".join(combo)

    cat = sl.catalogue(products, sku, lambda i, n: 10 * n + i, currency="SGD", extra="MYR")
    mug, tea = cat
    assert [(v["sku"], v["price"], v["stock"], v.get("prices")) for v in mug["variants"]] == [
        ("MUG-S-red", "5.00", 0, {"MYR": "20.00"}), ("MUG-L-red", "7.50", 99, {"MYR": "20.00"})]
    assert mug["name_zh"] == "马克杯" and "name_zh" not in tea and tea["variants"][0]["stock"] == 10
    assert list(tea["variants"][0]) == ["sku", "options", "price", "currency", "stock"]
    always = sl.catalogue(products, sku, lambda i, n: 1, name_zh="always")
    assert always[1]["name_zh"] is None and "currency" not in always[1]["variants"][0]
    items, total = sl.order_items(cat, sku, [("P-MUG", ("L", "red"), 2), ("P-TEA", ("green",), 1)],
                                  lambda name, combo: name + " (" + ", ".join(combo) + ")")
    assert total == Decimal("18.20") and items[0]["name"] == "Mug (L, red)" and items[1]["price"] == "3.20"
    items, total = sl.order_items(cat, sku, [("P-MUG", ("S", "red"), 3)], lambda n, c: n, currency="MYR")
    assert total == Decimal("60.00")
    order = sl.order("o-1", "c1", "paid", (sl.stamp("11-27", "20:15:00", "+08:00"), None, None), None, None,
                     "SGD", total, {"city": "Singapore"}, "pm-c1-visa", items)
    assert order["placed_at"] == "2026-11-27T20:15:00+08:00" and order["total"] == "60.00"
    people = sl.customer_list([("c1", "Ann", "+65", "a@x", None, [("visa", "card", "Visa 1111")], ["web:ann"])],
                              lambda c, s: f"pm-{c}-{s}")
    assert people[0]["payment_methods"] == [{"id": "pm-c1-visa", "type": "card", "label": "Visa 1111"}]
