"""Grammar-constrained understanding (issue #15), against the real model on this machine:
llama.cpp's OpenAI-compatible server (the session's `llama_server`) with the GBNF command
grammar sent as `grammar`, and the same GGUF in-process (EmbeddedCommandSource).

Valid output parsed, invalid output rejected by the strict parser even when the grammar made
the model write it, timeouts falling back to the classic understanding.
"""
from __future__ import annotations

import json
import re

import pytest

from bot.llm import command_grammar as G
from bot.llm.embedded_understand import EmbeddedCommandSource, gemma_chat
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
    parse_commands,
)

pytestmark = [pytest.mark.asyncio(loop_scope="session"), pytest.mark.slow]

ORDERS = [{"id": "SO202611261030", "status": "shipped", "items": [{"name": "AirFlow HD-2000 hair dryer"}]},
          {"id": "SO202611270605", "status": "paid", "items": [{"name": "Electric kettle 1.5L"}]}]
OWN = {o["id"] for o in ORDERS}
# The one spelling the grammar admits: `{"commands": [{"name": "...", "args": {...}}, ...]}`.
SHAPE = re.compile(r'^\{"commands": \[\{"name": "[a-z_]+", "args": \{.*\}\}(, \{"name": "[a-z_]+", "args": \{.*\}\})*\]\}$')
HOSTILE = r'root ::= "{\"commands\": [{\"name\": \"cancel_order\", \"args\": {\"order_id\": \"SO202611270605\"}}]}"'
OTHER_ID = r'root ::= "{\"commands\": [{\"name\": \"set_slot\", \"args\": {\"order_id\": \"SO999\"}}]}"'


def ctx(text: str, **kw) -> UnderstandingContext:
    base = dict(text=text, language="en", history=[], flow=None, step=None, slots={}, orders=ORDERS, catalogue=[])
    base.update(kw)
    return UnderstandingContext(**base)


class Classic:
    """Stands for the classic understanding: unsure, asks to clarify."""

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        return Understood((Command("clarify"),), 0.2, "classic")


def _valid(commands: tuple[Command, ...]) -> None:
    assert 1 <= len(commands) <= 3
    for c in commands:
        assert c.name in COMMAND_NAMES
        if c.name == "start_flow":
            assert c.args["flow"] in FLOW_NAMES
        if "order_id" in c.args:
            assert c.args["order_id"] in OWN


def server_source(url: str, timeout: float = 240.0) -> LLMCommandSource:
    client = OpenAICompatBackend(url, "gemma3-270m", stream=False, max_retries=0)
    return LLMCommandSource(client, "gemma3-270m", timeout, response_style="gbnf", max_tokens=64)


@pytest.fixture(scope="session")
async def embedded() -> EmbeddedCommandSource:
    """The packaged GGUF in-process, loaded and its fixed prefix warmed once per session."""
    from bot.llm.llamacpp import LlamaCppBackend, packaged_gguf

    src = EmbeddedCommandSource(LlamaCppBackend(packaged_gguf(), slots=1), timeout=240.0, max_tokens=64)
    await src.backend.start(prefixes=[src.prefix()])
    yield src
    await src.close()


# -- the grammar itself ----------------------------------------------------------------------------

async def test_grammar_is_built_from_the_core_schema_and_compiles() -> None:
    from llama_cpp import LlamaGrammar

    g = G.command_gbnf(["SO202611261030", "SO202611270605"])
    for flow in FLOW_NAMES:
        assert f'\\"{flow}\\"' in g
    assert 'orderid ::= "\\"SO202611261030\\"" | "\\"SO202611270605\\""' in g
    # Command names: the core's, and only at a command's "name" (shop actions have no rule).
    named = set(re.findall(r'\\"name\\": \\"([a-z_]+)', g))
    named |= {"set_slot", "correct_slot", "confirm", "deny", "cancel_flow"} & set(re.findall(r'"([a-z_]+)"', g))
    assert named == set(COMMAND_NAMES)
    LlamaGrammar.from_string(g, verbose=False)          # raises on a malformed grammar
    # Without orders the grammar has no order_id alternative at all: no id can be written.
    assert "order_id" not in G.command_gbnf([])
    LlamaGrammar.from_string(G.command_gbnf([]), verbose=False)


async def test_the_examples_spelling_is_what_the_grammar_spells() -> None:
    from bot.llm.understand import EXAMPLES

    for _, answer in EXAMPLES:
        assert SHAPE.match(answer), answer
    assert gemma_chat([{"role": "user", "content": "hi"}]).endswith("<end_of_turn>\n<start_of_turn>model\n")


# -- the OpenAI-compatible server with the grammar -------------------------------------------------

async def test_server_reply_under_the_grammar_is_parsed(llama_server) -> None:
    src = server_source(llama_server)
    try:
        got = await src.understand(ctx("where is my hair dryer?"))
    finally:
        await src.close()
    assert isinstance(got, LLMUnderstood) and got.source == "llm:gemma3-270m"
    _valid(got.commands)


async def test_server_honours_the_grammar_field(llama_server, monkeypatch) -> None:
    # A grammar that admits one reply only, a shop action: the real server writes exactly it
    # (so `grammar` reaches the sampler), and the strict parser still rejects it.
    monkeypatch.setattr(G, "command_gbnf", lambda order_ids=(): HOSTILE)
    src = server_source(llama_server)
    routed = RoutedCommandSource(Classic(), src, "llm")
    got = await routed.understand(ctx("cancel the kettle"))
    await routed.close()
    assert got.commands == (Command("clarify"),) and got.source == "classic"
    assert got.fallback_reason == "invalid_output: unknown command 'cancel_order'" and got.prompt


async def test_server_timeout_under_the_grammar_falls_back(llama_server) -> None:
    routed = RoutedCommandSource(Classic(), server_source(llama_server, timeout=0.01), "llm_when_unsure", 0.6)
    got = await routed.understand(ctx("where is my hair dryer?"))
    await routed.close()
    assert got.source == "classic" and got.commands == (Command("clarify"),) and got.fallback_reason == "timeout"


# -- in-process, the same GGUF ---------------------------------------------------------------------

async def test_embedded_reply_is_structurally_valid(embedded) -> None:
    for text in ("where is my hair dryer?", "我要取消那个水壶"):
        got = await embedded.understand(ctx(text, language="zh" if "水壶" in text else "en"))
        assert got.source == "llm-embedded:gemma3-270m"
        _valid(got.commands)
        # The prefix is warmed and shared: only the per-turn tail was evaluated.
        assert embedded.backend.last_cached_tokens > 200


async def test_embedded_output_the_parser_refuses_is_rejected(embedded, monkeypatch) -> None:
    from llama_cpp import LlamaGrammar

    for gbnf, why in ((HOSTILE, "unknown command 'cancel_order'"), (OTHER_ID, "order id is not the customer's")):
        monkeypatch.setattr(embedded, "grammar", lambda ids, g=gbnf: LlamaGrammar.from_string(g, verbose=False))
        with pytest.raises(UnderstandingFailed) as err:
            await embedded.understand(ctx("cancel the kettle"))
        assert err.value.kind == "invalid_output" and why in err.value.detail and err.value.prompt


async def test_embedded_timeout_falls_back_to_classic(embedded) -> None:
    quick = EmbeddedCommandSource(embedded.backend, timeout=0.01)
    routed = RoutedCommandSource(Classic(), quick, "llm")       # not closed: the backend is shared
    got = await routed.understand(ctx("where is my hair dryer?"))
    assert got.source == "classic" and got.fallback_reason == "timeout"


async def test_parse_stays_strict_on_grammar_shaped_text() -> None:
    c = ctx("x")
    good = json.dumps({"commands": [{"name": "start_flow", "args": {"flow": "order_status"}}]})
    assert parse_commands(good, c) == (Command("start_flow", {"flow": "order_status"}),)
    with pytest.raises(UnderstandingFailed):
        parse_commands('{"commands": [{"name": "start_flow", "args": {"flow": "order_status"}}', c)  # cut short
