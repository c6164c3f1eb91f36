"""The embedded llama.cpp runtime keeps the fixed prompt prefix of each language in its KV cache
(issue #15, first text under a second): warmed at start, reused by every request of that
language even when the languages alternate, and the answer is the one a cold context gives."""
from __future__ import annotations

import pytest

from bot.llm import prompt as prompts
from bot.llm.guarded import GuardedGenerator
from bot.llm.llamacpp import LlamaCppBackend, packaged_gguf

pytestmark = [pytest.mark.slow]
in_session_loop = pytest.mark.asyncio(loop_scope="session")


@pytest.fixture(scope="session")
async def warmed() -> LlamaCppBackend:
    backend = LlamaCppBackend(packaged_gguf(), slots=2)
    await GuardedGenerator(backend).start()
    yield backend
    await backend.close()


def _prefix(backend: LlamaCppBackend, lang: str) -> str:
    return prompts.completion_prefix(lang, facts=backend.prompt_facts)


def _prefix_len(backend: LlamaCppBackend, lang: str) -> int:
    return len(backend.tokenize(_prefix(backend, lang)))


@in_session_loop
async def test_start_warms_each_languages_prefix(warmed) -> None:
    held = {tuple(llm.input_ids[: llm.n_tokens]) for llm in warmed._contexts}
    for lang in prompts.LANGUAGES:
        want = tuple(warmed.tokenize(_prefix(warmed, lang)))
        assert any(h[: len(want)] == want for h in held), lang
    assert len(warmed._contexts) == 2


@in_session_loop
async def test_alternating_languages_read_only_their_tail(warmed, make_req) -> None:
    gen = GuardedGenerator(warmed, max_new_tokens=8)
    for lang in ("zh", "en", "zh", "en"):
        p = str(gen.build_prompt(make_req(lang)))
        warmed.generate_sync(p, 4)
        # Everything up to the end of the fixed prefix came from the cache.
        assert warmed.last_cached_tokens >= _prefix_len(warmed, lang), lang
        assert warmed.last_prompt_tokens == len(warmed.tokenize(p))
    # One context alone loses the other language's prefix at every switch: that is what the
    # slots are for.
    single = LlamaCppBackend(packaged_gguf(), slots=1)
    try:
        single.generate_sync(str(gen.build_prompt(make_req("zh"))), 2)
        single.generate_sync(str(gen.build_prompt(make_req("en"))), 2)
        assert single.last_cached_tokens < _prefix_len(single, "en")
    finally:
        await single.close()


@in_session_loop
async def test_cached_prefix_gives_the_cold_answer(warmed, make_req) -> None:
    gen = GuardedGenerator(warmed, max_new_tokens=24)
    p = str(gen.build_prompt(make_req("en")))
    cold = LlamaCppBackend(packaged_gguf(), slots=1)
    try:
        want = cold.generate_sync(p, 16).text
        assert cold.last_cached_tokens == 0
    finally:
        await cold.close()
    warmed.generate_sync(str(gen.build_prompt(make_req("zh"))), 2)    # the other language in between
    got = warmed.generate_sync(p, 16)
    assert warmed.last_cached_tokens >= _prefix_len(warmed, "en")
    assert got.text == want


@in_session_loop
async def test_with_every_slot_taken_the_least_recently_used_context_is_reused(make_req) -> None:
    backend = LlamaCppBackend(packaged_gguf(), slots=2)
    try:
        backend.warm_sync([_prefix(backend, "en"), _prefix(backend, "zh")])
        # An unrelated prompt shares only the BOS with both: it takes the least recently used
        # context (English, warmed first) and the Chinese prefix stays cached.
        backend.generate_sync("Count: one, two, three,", 2, stop=())
        assert backend.last_cached_tokens < 16
        gen = GuardedGenerator(backend)
        backend.generate_sync(str(gen.build_prompt(make_req("zh"))), 2)
        assert backend.last_cached_tokens >= _prefix_len(backend, "zh")
        backend.generate_sync(str(gen.build_prompt(make_req("en"))), 2)
        assert backend.last_cached_tokens < _prefix_len(backend, "en")
    finally:
        await backend.close()
    with pytest.raises(ValueError):
        LlamaCppBackend(packaged_gguf(), slots=0)


def test_the_prompt_is_its_prefix_and_a_short_tail(make_req) -> None:
    for lang in prompts.LANGUAGES:
        req = make_req(lang)
        with_facts = prompts.completion_prompt(req)
        short = prompts.completion_prompt(req, facts=False)
        assert with_facts.startswith(prompts.completion_prefix(lang))
        assert short.startswith(prompts.completion_prefix(lang, facts=False))
        facts_label = "Facts:" if lang == "en" else "事实："
        # Without facts: no facts line anywhere (examples included), the draft and message kept.
        assert facts_label in with_facts and facts_label not in short
        assert req.template_answer in short and req.user_text in short
        assert len(short) < len(with_facts)
