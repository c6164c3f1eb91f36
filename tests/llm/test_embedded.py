"""The real embedded model: loads from the package (converted once, cached) and answers through
the guarded generator — grounded, or falling back to the template answer."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from bot.llm import build_generator
from bot.llm.grounding import check


@pytest.fixture(scope="session")
def embedded_generator():
    """Built once per session through the factory, as the server builds it. The converted model
    is cached under the data directory (.data/ unless AFTERSALES_DATA_DIR says otherwise), so
    only the very first run pays for the GGUF conversion."""
    env = {"AFTERSALES_GENERATOR_KIND": "llm", "AFTERSALES_GENERATOR_BACKEND": "embedded",
           "AFTERSALES_GENERATOR_RUNTIME": "transformers",
           "AFTERSALES_GENERATOR_MAX_NEW_TOKENS": "24", "AFTERSALES_GENERATOR_TIMEOUT_S": "120"}
    if os.environ.get("AFTERSALES_DATA_DIR"):
        env["AFTERSALES_DATA_DIR"] = os.environ["AFTERSALES_DATA_DIR"]
    settings = load_settings(env=env)
    gen = build_generator(settings)
    gen.backend.load()
    return gen, settings


@pytest.mark.slow
@pytest.mark.asyncio(loop_scope="session")
async def test_embedded_model_loads_from_package_and_answers(embedded_generator, make_req) -> None:
    gen, settings = embedded_generator
    cached = Path(settings.data_dir) / "models" / "gemma3-270m"
    assert (cached / "config.json").exists() and list(cached.glob("*.safetensors"))
    req = make_req("en")
    out = await gen.generate(req)
    assert out.generator == "llm:gemma3-270m"
    assert out.prompt is not None and req.user_text in out.prompt and "Secret Road" not in out.prompt
    # The model really ran (a backend failure would say so), and what comes back is safe:
    assert out.tokens > 0 and not (out.reason or "").startswith("backend")
    if out.grounded:
        assert check(out.text, req).ok
    else:
        assert out.text == req.template_answer and out.reason


def test_unknown_model_path_is_a_config_error(tmp_path) -> None:
    settings = load_settings(env={"AFTERSALES_GENERATOR_KIND": "llm",
                                  "AFTERSALES_GENERATOR_MODEL": str(tmp_path / "nope")})
    with pytest.raises(ConfigError) as err:
        build_generator(settings)
    assert err.value.setting == "generator.model"
