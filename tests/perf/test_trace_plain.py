"""Trace.to_dict / add_action without dataclasses.asdict (#17): the same values, new containers."""
from collections import OrderedDict, namedtuple
from dataclasses import asdict, dataclass
from decimal import Decimal

from bot.core.trace import Action, Trace, plain

Point = namedtuple("Point", "x y")


@dataclass(frozen=True)
class Line:
    sku: str
    qty: int
    price: Decimal
    options: dict


def _busy_trace() -> Trace:
    t = Trace(language="zh", prompt=None, fallback_reason=None)
    t.entities = {"order_ids": ["SO1", "W-2"], "products": [], "nested": {"a": [1, 2.5, None, True, ("x", 1)]}}
    t.redactions = [{"type": "PHONE_NUMBER", "placeholder": "<PHONE_NUMBER_1>"}]
    t.add_action("get_order", {"order_id": "SO1"}, True,
                 {"order": {"total": Decimal("12.50"), "lines": [Line("A-1", 2, Decimal("3.10"), {"size": "42"})],
                            "at": Point(1, [2, 3]), "tags": ("a", "b"), "od": OrderedDict(k=[1])}})
    t.add_action("list_orders", {}, False, None)
    t.timings_ms = {"redact": 1.25, "total": 3.0}
    t.dialogue = {"step": "answer", "understood": {"source": "rules", "reasons": ["x"]}}
    t.delivery = {"ok": True}
    return t


def test_to_dict_equals_asdict():
    t = _busy_trace()
    want = asdict(t)
    want.pop("fallback_reason")
    got = t.to_dict()
    assert got == want and list(got) == list(want)
    assert "fallback_reason" not in got
    t.fallback_reason = "timeout"
    assert t.to_dict()["fallback_reason"] == "timeout" == asdict(t)["fallback_reason"]


def test_actions_equal_asdict_and_keep_types():
    t = _busy_trace()
    result = t.actions[0]["result"]["order"]
    assert t.actions[0] == asdict(Action("get_order", {"order_id": "SO1"}, True, {"order": {
        "total": Decimal("12.50"), "lines": [Line("A-1", 2, Decimal("3.10"), {"size": "42"})], "at": Point(1, [2, 3]),
        "tags": ("a", "b"), "od": OrderedDict(k=[1])}}))
    assert result["lines"] == [{"sku": "A-1", "qty": 2, "price": Decimal("3.10"), "options": {"size": "42"}}]
    assert type(result["at"]) is Point and type(result["tags"]) is tuple and type(result["od"]) is OrderedDict


def test_containers_are_copies():
    t = _busy_trace()
    d = t.to_dict()
    d["entities"]["order_ids"].append("changed")
    d["dialogue"]["understood"]["reasons"].clear()
    assert t.entities["order_ids"] == ["SO1", "W-2"] and t.dialogue["understood"]["reasons"] == ["x"]
    value = {"a": [{"b": 1}]}
    copy = plain(value)
    assert copy == value and copy is not value and copy["a"] is not value["a"] and copy["a"][0] is not value["a"][0]
