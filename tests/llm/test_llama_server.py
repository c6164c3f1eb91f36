"""The protocol path end to end against a real OpenAI-compatible server on loopback:
llama.cpp's server (llama-cpp-python) loading the packaged Gemma 3 270M GGUF.

Structured output parsed, invalid output rejected, timeouts / refused connections / server
errors falling back to the classic understanding with the reason, streaming.
"""
from __future__ import annotations

import json

import pytest

from bot.llm import understand as U
from bot.llm.guarded import GuardedGenerator
from bot.llm.openai_compat import OpenAICompatBackend
from bot.llm.understand import (
    COMMAND_NAMES,
    FLOW_NAMES,
    Command,
    LLMCommandSource,
    LLMUnderstood,
    RoutedCommandSource,
    UnderstandingContext,
    UnderstandingFailed,
    Understood,
)

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.slow]

ORDERS = [{"id": "SO202611261030", "status": "shipped", "items": [{"name": "AirFlow HD-2000 hair dryer"}]},
          {"id": "SO202611270605", "status": "paid", "items": [{"name": "Electric kettle 1.5L"}]}]


def ctx(text: str, **kw) -> UnderstandingContext:
    base = dict(text=text, language="en", history=[], flow=None, step=None, slots={}, orders=ORDERS, catalogue=[])
    base.update(kw)
    return UnderstandingContext(**base)


class Classic:
    """Stands for the classic understanding: unsure, asks to clarify."""

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        return Understood((Command("clarify"),), 0.2, "classic")


def source(url: str, *, timeout: float = 60.0, stream: bool = False, retries: int = 0) -> LLMCommandSource:
    client = OpenAICompatBackend(url, "gemma3-270m", stream=stream, max_retries=retries)
    return LLMCommandSource(client, "gemma3-270m", timeout, response_style="json_object")


def _valid(commands: tuple[Command, ...]) -> None:
    own = {o["id"] for o in ORDERS}
    assert 1 <= len(commands) <= U.MAX_COMMANDS
    for c in commands:
        assert c.name in COMMAND_NAMES
        if c.name == "start_flow":
            assert c.args["flow"] in FLOW_NAMES and c.args.get("order_id", "SO202611261030") in own


async def test_structured_output_is_parsed_into_commands(llama_server) -> None:
    src = source(llama_server)
    try:
        got = await src.understand(ctx("where is my hair dryer?"))
    finally:
        await src.close()
    assert isinstance(got, LLMUnderstood) and got.source == "llm:gemma3-270m"
    _valid(got.commands)
    # The prompt in the result is what the server was sent, redacted and complete.
    assert "Customer: where is my hair dryer?" in got.prompt and "SO202611261030 (shipped" in got.prompt


async def test_the_schema_constrains_the_real_server(llama_server) -> None:
    """Without the grammar a 270M model writes prose; with it, the reply is the schema's JSON."""
    client = OpenAICompatBackend(llama_server, "gemma3-270m", stream=False, max_retries=0)
    c = ctx("cancel the kettle please")
    schema = U.command_schema([o["id"] for o in ORDERS])
    try:
        done = await client.complete(U.messages(c), 96, 60.0,
                                     extra={"temperature": 0.0, "response_format": U.response_format(schema, "json_object")})
    finally:
        await client.close()
    data = json.loads(done.text)
    assert set(data) == {"commands"} and data["commands"]
    _valid(U.parse_commands(done.text, c))


async def test_invalid_output_from_the_server_is_rejected(llama_server, monkeypatch) -> None:
    # The server is made to emit a shop action ("cancel_order") as a command, as a model that
    # ignores the schema might: the strict parser rejects it and classic understanding answers.
    hostile = {"type": "object", "properties": {"commands": {"type": "array", "minItems": 1, "maxItems": 1, "items": {
        "type": "object", "properties": {"name": {"const": "cancel_order"},
                                         "args": {"type": "object", "properties": {"order_id": {"const": "SO202611270605"}},
                                                  "required": ["order_id"]}},
        "required": ["name", "args"]}}}, "required": ["commands"]}
    monkeypatch.setattr(U, "command_schema", lambda order_ids=(): hostile)
    src = source(llama_server)
    with pytest.raises(UnderstandingFailed) as err:
        await src.understand(ctx("cancel the kettle"))
    assert err.value.kind == "invalid_output" and "cancel_order" in err.value.detail
    routed = RoutedCommandSource(Classic(), src, "llm")
    got = await routed.understand(ctx("cancel the kettle"))
    await routed.close()
    assert got.commands == (Command("clarify"),) and got.source == "classic"
    assert got.fallback_reason == "invalid_output: unknown command 'cancel_order'" and got.prompt


async def test_timeout_falls_back_to_classic(llama_server) -> None:
    routed = RoutedCommandSource(Classic(), source(llama_server, timeout=0.01), "llm_when_unsure", 0.6)
    got = await routed.understand(ctx("where is my hair dryer?"))
    await routed.close()
    assert got.source == "classic" and got.commands == (Command("clarify"),)
    assert got.fallback_reason == "timeout"


async def test_refused_connection_falls_back_to_classic(free_port) -> None:
    routed = RoutedCommandSource(Classic(), source(f"http://127.0.0.1:{free_port}/v1", timeout=5.0), "llm")
    got = await routed.understand(ctx("where is my hair dryer?"))
    await routed.close()
    assert got.source == "classic" and got.fallback_reason.startswith("backend_error: connection error")


async def test_server_error_falls_back_to_classic(llama_server) -> None:
    # A request the real server refuses (an unknown message role): HTTP 4xx/5xx → backend_error.
    src = source(llama_server)

    def bad_messages(c: UnderstandingContext) -> list[dict[str, str]]:
        return [{"role": "nobody", "content": c.text}]
    routed = RoutedCommandSource(Classic(), src, "llm")
    import unittest.mock as mock
    with mock.patch.object(U, "messages", bad_messages):
        got = await routed.understand(ctx("hello"))
    await routed.close()
    assert got.source == "classic" and got.fallback_reason.startswith("backend_error: HTTP ")


async def test_streaming_understanding_and_generation(llama_server, make_req) -> None:
    src = source(llama_server, stream=True)
    got = await src.understand(ctx("I want to return the hair dryer"))
    await src.close()
    _valid(got.commands)
    backend = OpenAICompatBackend(llama_server, "gemma3-270m", stream=True, max_retries=0)
    done = await backend.complete([{"role": "user", "content": "Say hello to the customer."}], 16, 60.0)
    assert done.tokens > 1 and done.ttft_s is not None and done.text.strip()
    # Through the guarded generator: the model's answer is kept only if grounded; otherwise the
    # template answer comes back with the reason.
    gen = GuardedGenerator(backend, timeout_s=60.0, max_new_tokens=48)
    req = make_req("en")
    out = await gen.generate(req)
    assert out.generator == "llm:gemma3-270m" and out.prompt
    assert out.grounded or (out.text == req.template_answer and out.fallback_reason.startswith("grounding_failed: "))
    # A budget too small for the real server: the template answer, and the trace says timeout.
    quick = GuardedGenerator(backend, timeout_s=0.01, max_new_tokens=48)
    out = await quick.generate(req)
    await gen.close()
    assert out.text == req.template_answer and out.fallback_reason == "timeout"
