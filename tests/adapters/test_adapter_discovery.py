"""Discovery mounts exactly the configured adapters, and no adapter module goes untested."""
from __future__ import annotations

import pkgutil
from pathlib import Path

import pytest

import adapters
from bot.core.settings import load_settings

TESTS = Path(__file__).parent


def test_every_adapter_module_has_a_test_module() -> None:
    missing = [f"tests/adapters/test_{module.__name__.rsplit('.', 1)[1]}.py"
               for module in adapters.discover().values()
               if not (TESTS / f"test_{module.__name__.rsplit('.', 1)[1]}.py").exists()]
    assert not missing, f"adapter modules without a test module: {missing}"


def test_helpers_are_not_adapters() -> None:
    found = {m.__name__ for m in adapters.discover().values()}
    assert not {"adapters.base", "adapters.outbound", "adapters._common"} & found
    # every non-helper module in the package is an adapter, so none is silently skipped
    modules = {f"adapters.{i.name}" for i in pkgutil.iter_modules(adapters.__path__)
               if not i.name.startswith("_") and i.name not in ("base", "outbound")}
    assert modules == found


def test_adapter_names_match_their_modules() -> None:
    for name, module in adapters.discover().items():
        assert module.__name__ == f"adapters.{name}"


def test_nothing_mounted_without_secrets() -> None:
    assert adapters.enabled_adapters(load_settings(env={})) == {}


def test_dedupe_outlasts_every_replay_window() -> None:
    # A verbatim replay inside a platform's window but after the dedupe TTL would be processed again.
    from bot.core.errors import ConfigError
    from bot.server.app import create_app
    env = {"AFTERSALES_FEISHU_APP_ID": "a", "AFTERSALES_FEISHU_APP_SECRET": "s",
           "AFTERSALES_FEISHU_VERIFICATION_TOKEN": "t", "AFTERSALES_REDIS_URL": "redis://127.0.0.1:6379/0"}
    enabled = adapters.enabled_adapters(load_settings(env=env))
    assert adapters.max_replay_window_s(enabled) >= 7 * 3600        # Feishu plain mode: its last retry
    assert load_settings(env=env)["redis"]["dedupe_ttl_s"] >= adapters.max_replay_window_s(enabled)
    with pytest.raises(ConfigError) as err:
        create_app(load_settings(env={**env, "AFTERSALES_REDIS_DEDUPE_TTL_S": "3600"}))
    assert err.value.setting == "redis.dedupe_ttl_s"
