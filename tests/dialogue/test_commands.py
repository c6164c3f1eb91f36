import pytest

from bot.dialogue.commands import (
    COMMAND_NAMES,
    FLOW_NAMES,
    Command,
    UnderstandingContext,
    Understood,
    set_slot,
    start_flow,
)


def test_names_are_the_contract() -> None:
    assert len(FLOW_NAMES) == 17 and "delivery_issue" in FLOW_NAMES and FLOW_NAMES[-1] == "policy_info"
    assert COMMAND_NAMES[0] == "start_flow" and "chitchat" in COMMAND_NAMES


def test_unknown_command_or_flow_is_rejected() -> None:
    with pytest.raises(ValueError):
        Command("do_anything")
    with pytest.raises(ValueError):
        start_flow("refund_everything")


def test_trace_form_is_plain() -> None:
    c = set_slot(items=({"sku": "A", "qty": 1},))
    assert c.to_dict() == {"name": "set_slot", "args": {"items": [{"sku": "A", "qty": 1}]}}


def test_understood_helpers() -> None:
    u = Understood((start_flow("return_request"), set_slot(qty=1)), 0.9, "classic")
    assert u.flows() == ("return_request",) and u.first("set_slot").args == {"qty": 1}
    ctx = UnderstandingContext("hi", "en", (), None, None, {}, (), ())
    assert ctx.flow is None
