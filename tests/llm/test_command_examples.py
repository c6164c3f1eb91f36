"""The command generator's training data (bot/llm/data/command_examples.py) and the parse path
of the fine-tuned source (bot/llm/command_tuning.py). Training itself is not tested here."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bot.llm.command_tuning import context_of, prompt, read_reply, target
from bot.llm.data.command_examples import HELD_OUT, Example, check_disjoint, generate, load_products
from bot.llm.understand import UnderstandingFailed, parse_commands

N = 600


@pytest.fixture(scope="module")
def examples() -> list[Example]:
    return generate(N, seed=3)


def test_deterministic_and_unique(examples: list[Example]) -> None:
    assert [e.to_dict() for e in generate(N, seed=3)] == [e.to_dict() for e in examples]
    assert generate(50, seed=4)[0].to_dict() != generate(50, seed=5)[0].to_dict()
    sigs = {json.dumps([e.text, e.flow, e.step, e.orders], ensure_ascii=False) for e in examples}
    assert len(sigs) == len(examples) == N


def test_disjoint_from_the_held_out_split(examples: list[Example]) -> None:
    assert check_disjoint(examples) == []
    # The check bites: a held-out message (or one containing it) is caught.
    held = json.loads(HELD_OUT.read_text(encoding="utf-8").splitlines()[0])
    copy = Example("en", held["text"] + " please", examples[0].orders, held["expect"])
    assert check_disjoint([copy]) == [copy.text]


def test_both_languages_and_every_kind(examples: list[Example]) -> None:
    langs = {e.lang for e in examples}
    assert langs == {"zh", "en"}
    zh = [e for e in examples if e.lang == "zh"]
    assert all(re.search(r"[\u4e00-\u9fff]", e.text) or e.kind in ("pick_order", "clarify") for e in zh)
    kinds = {e.kind for e in examples}
    assert {"flow_item", "flow", "handoff", "chitchat", "knowledge_answer", "clarify", "confirm", "deny",
            "cancel_flow", "reason", "pick_order", "correct", "switch"} <= kinds


def test_order_ids_vary_in_shape(examples: list[Example]) -> None:
    ids = [o["id"] for e in examples for o in e.orders]
    shapes = {re.sub(r"[0-9]", "9", re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", i))) for i in ids}
    assert len(shapes) >= 10
    assert any(i.isdigit() for i in ids) and any(i.startswith("#") for i in ids)


def test_every_target_passes_the_strict_parser(examples: list[Example]) -> None:
    for e in examples:
        ctx = context_of(e.to_dict())
        got = parse_commands(target(e.expect), ctx)
        assert [c.name for c in got] == [c["name"] for c in e.expect]
        assert [dict(c.args) for c in got] == [c["args"] for c in e.expect]


def test_item_named_points_at_its_order(examples: list[Example]) -> None:
    """A message naming an item (in either language) targets the order holding it."""
    products = load_products()
    by_name = {n: p for p in products for n in (p.en, p.zh)}
    checked = 0
    for e in (x for x in examples if x.kind in ("flow_item", "switch")):
        oid = e.expect[-1]["args"]["order_id"]
        order = next(o for o in e.orders if o["id"] == oid)
        names = {s.lower() for i in order["items"][:1] for lang in ("en", "zh")
                 for s in by_name[i["name"]].surfaces(lang)}
        assert any(n in e.text.lower() for n in names), e.text
        checked += 1
    assert checked > 100


def test_prompt_holds_the_state_and_no_answer(examples: list[Example]) -> None:
    e = next(x for x in examples if x.kind == "correct")
    p = prompt(context_of(e.to_dict()))
    assert e.text in p and e.flow in p and all(o["id"] in p for o in e.orders)
    assert p.endswith("JSON:") and "correct_slot" not in p


def test_read_reply_accepts_valid_and_rejects_the_rest(examples: list[Example]) -> None:
    e = next(x for x in examples if x.kind == "flow_item")
    ctx = context_of(e.to_dict())
    u = read_reply(target(e.expect), ctx, "P")
    assert [c.name for c in u.commands] == ["start_flow", "set_slot"] and u.prompt == "P"
    for bad in ('{"commands":[{"name":"refund","args":{}}]}',                    # a shop action
                '{"commands":[{"name":"set_slot","args":{"order_id":"X-NOT-MINE"}}]}',
                '{"commands":[{"name":"start_flow","args":{"flow":"order_status"}}', "", "hello"):
        with pytest.raises(UnderstandingFailed) as info:
            read_reply(bad, ctx, "P")
        assert info.value.kind == "invalid_output" and info.value.prompt == "P"


def test_cli_writes_the_set(tmp_path: Path) -> None:
    import sys

    from bot.llm.data.command_examples import main

    out = tmp_path / "train.jsonl"
    argv, sys.argv = sys.argv, ["x", "--out", str(out), "--n", "40"]
    try:
        assert main() == 0
    finally:
        sys.argv = argv
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 40 and all(r["expect"] and r["orders"] for r in rows)
