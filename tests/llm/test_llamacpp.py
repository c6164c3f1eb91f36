"""The embedded llama.cpp runtime (in-process llama_cpp.Llama on the packaged Q4_K_M GGUF),
built through the factory as the server builds it."""
from __future__ import annotations

import time

import pytest

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.llm import build_generator
from bot.llm.base import BackendTimeout
from bot.llm.grounding import check
from bot.llm.guarded import GuardedGenerator
from bot.llm.llamacpp import LlamaCppBackend

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="session")
def llamacpp_generator(tmp_path_factory):
    env = {"AFTERSALES_GENERATOR_KIND": "llm", "AFTERSALES_GENERATOR_BACKEND": "embedded",
           "AFTERSALES_GENERATOR_RUNTIME": "llamacpp", "AFTERSALES_GENERATOR_MAX_NEW_TOKENS": "48",
           "AFTERSALES_GENERATOR_TIMEOUT_S": "60",
           "AFTERSALES_DATA_DIR": str(tmp_path_factory.mktemp("llamacpp-data"))}
    settings = load_settings(env=env)
    gen = build_generator(settings)
    gen.backend.load()
    return gen, settings


@pytest.mark.asyncio(loop_scope="session")
async def test_llamacpp_runtime_answers_grounded_or_says_why(llamacpp_generator, make_req) -> None:
    gen, settings = llamacpp_generator
    assert isinstance(gen.backend, LlamaCppBackend) and gen.name == "llm:gemma3-270m-q4_k_m"
    assert gen.backend.path.parent == settings.data_dir / "models" / "gguf"
    req = make_req("zh")
    out = await gen.generate(req)
    assert out.prompt is not None and req.user_text in out.prompt and "Secret Road" not in out.prompt
    assert out.tokens > 0 and out.fallback in (None, "grounding_failed")
    if out.grounded:
        assert check(out.text, req).ok and out.fallback_reason is None
    else:
        assert out.text == req.template_answer and out.fallback_reason.startswith("grounding_failed: ")


@pytest.mark.asyncio(loop_scope="session")
async def test_llamacpp_deadline_stops_generation(llamacpp_generator, make_req) -> None:
    gen, _ = llamacpp_generator
    c = gen.backend.generate_sync("Count: one, two, three,", 40, stop=())
    assert c.tokens > 1 and c.ttft_s is not None
    # The deadline is checked between tokens: a long generation stops instead of running on.
    with pytest.raises(BackendTimeout):
        gen.backend.generate_sync("Count: one, two, three,", 2000, deadline=time.monotonic() + 0.3, stop=())
    fresh = GuardedGenerator(gen.backend, timeout_s=0.05, max_new_tokens=48)
    req = make_req("en")
    out = await fresh.generate(req)
    assert out.text == req.template_answer and out.fallback_reason == "timeout"
    # Having seen one generation take longer than the whole budget, the next customer gets the
    # template at once ("busy") rather than waiting for another timeout.
    fresh._avg_s = 1.0
    out = await fresh.generate(req)
    assert out.text == req.template_answer and out.fallback == "busy"


def test_unknown_runtime_is_a_config_error() -> None:
    settings = load_settings(env={"AFTERSALES_GENERATOR_KIND": "llm", "AFTERSALES_GENERATOR_RUNTIME": "onnx"})
    with pytest.raises(ConfigError) as err:
        build_generator(settings)
    assert err.value.setting == "generator.runtime"
