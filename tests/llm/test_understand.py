"""LLM understanding, the parts that need no server: strict parsing, schema, prompt, routing, config."""
from __future__ import annotations

import json

import pytest

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.llm import understand as U
from bot.llm.understand import (
    COMMAND_NAMES,
    FLOW_NAMES,
    Command,
    LLMUnderstood,
    RoutedCommandSource,
    UnderstandingContext,
    UnderstandingFailed,
    Understood,
    build_command_source,
    command_schema,
    parse_commands,
    trace_fields,
)

ORDERS = [{"id": "SO202611200931", "status": "delivered", "shipping_address": "Secret Road 9",
           "items": [{"name": "跑鞋 42码 黑色", "sku": "SHOE-RUN-42-BK", "product_id": "P-SHOE-RUN"}]},
          {"id": "88120046", "status": "paid", "items": [{"name": "Smart watch", "sku": "W-1"}]}]
CATALOGUE = [{"id": "P-SHOE-RUN", "name": "Running shoes", "name_zh": "跑鞋",
              "options": {"size": ["41", "42", "43"]}},
             {"id": "P-MUG", "name": "Mug", "options": {}}]


def ctx(text: str = "where is my order?", **kw) -> UnderstandingContext:
    base = dict(text=text, language="en", history=[("user", "hi, I am <PERSON_1>"), ("assistant", "Hello!")],
                flow=None, step=None, slots={}, orders=ORDERS, catalogue=CATALOGUE)
    base.update(kw)
    return UnderstandingContext(**base)


def js(*cmds) -> str:
    return json.dumps({"commands": list(cmds)})


def test_contract_names_are_the_agreed_ones() -> None:
    assert COMMAND_NAMES == ("start_flow", "set_slot", "correct_slot", "confirm", "deny", "cancel_flow", "clarify",
                             "knowledge_answer", "handoff", "chitchat")
    # The sixteen of DESIGN.md plus policy_info (a question about a rule, answered, never acted on).
    assert "order_status" in FLOW_NAMES and "policy_info" in FLOW_NAMES and len(FLOW_NAMES) == 17


def test_valid_commands_parse_into_command_objects() -> None:
    out = parse_commands(js({"name": "start_flow", "args": {"flow": "return_request"}},
                            {"name": "set_slot", "args": {"order_id": "SO202611200931", "reason": "too small"}}),
                         ctx())
    assert out == (Command("start_flow", {"flow": "return_request"}),
                   Command("set_slot", {"order_id": "SO202611200931", "reason": "too small"}))
    assert parse_commands(js({"name": "clarify", "args": {"options": ["return_request", "exchange_request"]}},
                             {"name": "chitchat", "args": {"kind": "thanks"}}), ctx())[1].args == {"kind": "thanks"}
    assert parse_commands(js({"name": "correct_slot", "args": {"qty": 2}}), ctx()) == (Command("correct_slot", {"qty": 2}),)
    assert parse_commands('```json\n{"commands": [{"name": "confirm"}]}\n```', ctx()) == (Command("confirm", {}),)


@pytest.mark.parametrize("text, why", [
    ("sure, I'll cancel it", "not JSON"),
    ('{"intent": "cancel"}', "not {\"commands\""),
    (js(), "0 commands"),
    (js(*[{"name": "confirm"}] * 4), "4 commands"),
    (js({"name": "cancel_order", "args": {"order_id": "88120046"}}), "unknown command 'cancel_order'"),
    (js({"name": "refund", "args": {}}), "unknown command"),
    (js({"name": "start_flow", "args": {"flow": "issue_refund_now"}}), "unknown flow"),
    (js({"name": "start_flow", "args": {"flow": "order_status", "order_id": "SO202611200931"}}), "unknown flow"),
    (js({"name": "set_slot", "args": {"order_id": "SO999"}}), "not the customer's"),
    (js({"name": "set_slot", "args": {"Bad Slot!": "x"}}), "needs slot names"),
    (js({"name": "set_slot", "args": {}}), "needs slot names"),
    (js({"name": "set_slot", "args": {"qty": 3.5}}), "short string or a count"),
    (js({"name": "set_slot", "args": {"items": [{"sku": "X"}]}}), "short string or a count"),
    (js({"name": "clarify", "args": {"options": ["refund_now"]}}), "options must be flows"),
    (js({"name": "chitchat", "args": {"kind": "insult"}}), "unknown kind"),
    (js({"name": "confirm", "args": {"tool": "refund"}}), "unexpected args"),
    (js({"name": "handoff", "args": {"reason": 5}}), "unexpected args"),
    (js({"name": "confirm", "tool_call": "x"}), "not {name, args}"),
])
def test_invalid_output_is_rejected_whole(text: str, why: str) -> None:
    with pytest.raises(UnderstandingFailed) as err:
        parse_commands(text, ctx())
    assert err.value.kind == "invalid_output" and why in err.value.detail


def test_own_order_id_with_hash_is_accepted_as_slot() -> None:
    assert parse_commands(js({"name": "set_slot", "args": {"order_id": "#88120046"}}), ctx())


def test_schema_admits_only_the_customers_orders_and_known_names() -> None:
    variants = command_schema(["SO1", "SO2"])["properties"]["commands"]["items"]["anyOf"]
    start, slot = variants[0], variants[1]
    assert slot["properties"]["args"]["properties"]["order_id"] == {"enum": ["SO1", "SO2"]}
    assert start["properties"]["args"]["properties"] == {"flow": {"enum": list(FLOW_NAMES)}}
    names = set()
    for v in variants:
        n = v["properties"]["name"]
        names |= {n["const"]} if "const" in n else set(n["enum"])
    assert names == set(COMMAND_NAMES)
    assert "order_id" not in command_schema([])["properties"]["commands"]["items"]["anyOf"][1]["properties"][
        "args"]["properties"]


def test_prompt_carries_flow_slots_orders_catalogue_but_no_address() -> None:
    c = ctx("the 42 is too small, I want the 43", flow="exchange_request", step="ask_option",
            slots={"order_id": "SO202611200931", "address": "<ADDRESS_1>"})
    shown = U.render(U.messages(c))
    for needle in ("Active flow: exchange_request, step ask_option", "order_id=SO202611200931",
                   "SO202611200931 (delivered: 跑鞋 42码 黑色)", "88120046 (paid: Smart watch)",
                   "Running shoes / 跑鞋 (size: 41, 42, 43)", "Customer: hi, I am <PERSON_1>",
                   "Customer: the 42 is too small"):
        assert needle in shown, needle
    assert "Secret Road" not in shown and "Mug" not in shown   # addresses never; unrelated products not
    # The fixed part comes first and is identical across turns: a prefix the server can cache.
    other = U.messages(ctx("cancel it"))
    assert U.messages(c)[:-1] == other[:-1]


class Static:
    """A CommandSource with a fixed answer (stands for the classic understanding)."""

    def __init__(self, commands: tuple[Command, ...], confidence: float, source: str = "classic") -> None:
        self.out = Understood(commands, confidence, source, ("rules",))
        self.calls = 0

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        self.calls += 1
        return self.out


class Failing:
    source = "llm:test"

    def __init__(self, kind: str) -> None:
        self.kind, self.calls = kind, 0

    async def understand(self, ctx: UnderstandingContext) -> LLMUnderstood:
        self.calls += 1
        raise UnderstandingFailed(self.kind, "detail", prompt="[user]\nredacted prompt")


class Answering:
    source = "llm:test"

    async def understand(self, ctx: UnderstandingContext) -> LLMUnderstood:
        return LLMUnderstood((Command("handoff", {}),), 0.8, self.source, prompt="p")


async def test_llm_when_unsure_asks_the_model_only_below_threshold() -> None:
    sure = Static((Command("confirm"),), 0.9)
    r = RoutedCommandSource(sure, Answering(), "llm_when_unsure", 0.6)  # type: ignore[arg-type]
    assert (await r.understand(ctx())).source == "classic"
    unsure = Static((Command("clarify"),), 0.3)
    r = RoutedCommandSource(unsure, Answering(), "llm_when_unsure", 0.6)  # type: ignore[arg-type]
    got = await r.understand(ctx())
    assert got.source == "llm:test" and got.commands == (Command("handoff", {}),)


@pytest.mark.parametrize("kind", ["timeout", "backend_error", "invalid_output"])
async def test_failures_fall_back_to_classic_and_say_why(kind: str, caplog) -> None:
    classic = Static((Command("clarify"),), 0.3)
    r = RoutedCommandSource(classic, Failing(kind), "llm", 0.6)  # type: ignore[arg-type]
    with caplog.at_level("INFO", logger="bot.llm.fallback"):
        got = await r.understand(ctx())
    assert got.commands == (Command("clarify"),) and got.source == "classic"
    assert isinstance(got, LLMUnderstood) and got.fallback_reason == f"{kind}: detail"
    assert got.prompt == "[user]\nredacted prompt" and "llm fallback: " + kind in got.reasons
    fields = trace_fields(got)
    assert fields["understanding"]["fallback_reason"].startswith(kind)
    rec = [r for r in caplog.records if r.name == "bot.llm.fallback"][-1]
    assert rec.fields == {"event": "llm_fallback", "stage": "understand", "kind": kind, "source": "llm:test"}


async def test_classic_mode_never_calls_the_model() -> None:
    llm = Failing("timeout")
    r = RoutedCommandSource(Static((Command("confirm"),), 0.1), llm, "classic")  # type: ignore[arg-type]
    assert (await r.understand(ctx())).source == "classic" and llm.calls == 0


def test_config_default_is_classic_without_a_server_and_unsure_with_one() -> None:
    classic = Static((), 0.0)
    assert build_command_source(load_settings(env={}), classic).mode == "classic"
    s = load_settings(env={"AFTERSALES_UNDERSTANDING_BASE_URL": "http://127.0.0.1:9/v1"})
    src = build_command_source(s, classic)
    assert src.mode == "llm_when_unsure" and src.llm.timeout == 2.5 and src.threshold == 0.5
    with pytest.raises(ConfigError, match="understanding.base_url"):
        build_command_source(load_settings(env={"AFTERSALES_UNDERSTANDING_MODE": "llm"}), classic)
    with pytest.raises(ConfigError, match="understanding.mode"):
        build_command_source(load_settings(env={"AFTERSALES_UNDERSTANDING_MODE": "always"}), classic)
