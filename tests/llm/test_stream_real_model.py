"""Streaming with a real model (issue #15): the packaged Gemma 3 270M GGUF, in llama.cpp in-process
and behind llama.cpp's OpenAI-compatible server, streams pieces that add up to its answer, and
the web chat's protocol holds whatever the model writes: typing first, the checked reply last,
a draft that is never left standing when the check rejects it, no placeholder on the page."""
from __future__ import annotations

import pytest

from bot.llm.llamacpp import LlamaCppBackend, packaged_gguf
from bot.llm.openai_compat import OpenAICompatBackend
from bot.server import chat_identity as ci
from bot.server.app import create_app
from tests.stream_llm import parse_sse

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="session")]

SECRET = "real-model-stream-secret"


async def test_llamacpp_in_process_streams_the_pieces_of_its_answer() -> None:
    backend = LlamaCppBackend(packaged_gguf())
    pieces: list[str] = []
    try:
        done = await backend.complete("Facts: order shipped.\nReply: Your order", 24, 60, on_text=pieces.append)
    finally:
        await backend.close()
    assert len(pieces) >= 2 and "".join(pieces) == done.text       # every token, in order, as it came


async def test_openai_server_streams_the_pieces_of_its_answer(llama_server) -> None:
    backend = OpenAICompatBackend(llama_server, "gemma3-270m")
    pieces: list[str] = []
    try:
        done = await backend.complete([{"role": "user", "content": "Say hello to a customer."}], 24, 60,
                                      on_text=pieces.append)
    finally:
        await backend.close()
    assert len(pieces) >= 2 and "".join(pieces) == done.text


async def test_web_chat_streams_a_real_models_answer(aiohttp_client, make_settings, models, llama_server) -> None:
    env = {"GENERATOR_KIND": "llm", "GENERATOR_BACKEND": "openai", "GENERATOR_BASE_URL": llama_server,
           "GENERATOR_MODEL": "gemma3-270m", "GENERATOR_TIMEOUT_S": "60", "UNDERSTANDING_MODE": "classic",
           "WEBCHAT_SECRET": SECRET}
    client = await aiohttp_client(create_app(make_settings(**env)))
    token = ci.mint_token(SECRET, "web:demo", ttl_s=600)
    resp = await client.post("/chat/api/send", json={"text": "我的快递到哪了？", "conversation": "real"},
                             headers={"Accept": "text/event-stream", "Authorization": f"Bearer {token}"})
    assert resp.status == 200
    events = parse_sse(await resp.text())
    kinds = [e["type"] for e in events]
    assert kinds[0] == "typing" and kinds[-1] == "reply", kinds
    final = events[-1]
    assert final["trace"]["generator"] == "llm:gemma3-270m"
    drafts = [e for e in events if e["type"] in ("delta", "draft")]
    assert drafts, "the model's answer did not stream"
    assert all("<" not in e["text"] and ">" not in e["text"] for e in drafts)   # no placeholder shown
    if final["trace"]["grounded"]:
        assert "retract" not in kinds
    else:                                   # rejected: the draft was withdrawn before the template came
        assert "retract" in kinds and final["trace"]["fallback_reason"]
        assert "7498907762" in final["text"]                              # the template's facts
