from pathlib import Path

import pytest

from bot.core.errors import ConfigError
from bot.core.settings import load_settings


def test_defaults_load_and_env_overrides_them() -> None:
    s = load_settings(env={"AFTERSALES_SERVER_PORT": "9099", "AFTERSALES_POLICIES_NON_RETURNABLE_CATEGORIES": "food,books"})
    assert s["server"]["port"] == 9099
    assert s["policies"]["non_returnable_categories"] == ["food", "books"]
    assert s["policies"]["return_window_days"] == 7


def test_config_file_overrides_defaults_and_env_overrides_file(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[server]\nport = 7000\nworkers = 2\n')
    s = load_settings(cfg, env={"AFTERSALES_SERVER_WORKERS": "3"})
    assert s["server"]["port"] == 7000 and s["server"]["workers"] == 3


@pytest.mark.parametrize("env, setting", [
    ({"AFTERSALES_SERVER_PORT": "eighty"}, "AFTERSALES_SERVER_PORT"),
    ({"AFTERSALES_SERVER_PORT": "70000"}, "server.port"),
    ({"AFTERSALES_GENERATOR_KIND": "magic"}, "generator.kind"),
    ({"AFTERSALES_GENERATOR_KIND": "llm", "AFTERSALES_GENERATOR_BACKEND": "openai"}, "generator.base_url"),
    ({"AFTERSALES_SERVER_WORKERS": "0"}, "server.workers"),
])
def test_a_wrong_setting_fails_naming_it(env: dict[str, str], setting: str) -> None:
    with pytest.raises(ConfigError) as err:
        load_settings(env=env)
    assert setting in str(err.value)


def test_unknown_setting_in_file_is_named(tmp_path: Path) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[server]\nprot = 1\n')
    with pytest.raises(ConfigError, match="server.prot"):
        load_settings(cfg, env={})


def test_missing_config_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--config"):
        load_settings(tmp_path / "nope.toml", env={})


def test_secrets_come_from_env_or_a_file_named_by_env(tmp_path: Path) -> None:
    f = tmp_path / "secret"
    f.write_text("s3cret\n")
    s = load_settings(env={"AFTERSALES_SLACK_SIGNING_SECRET_FILE": str(f), "AFTERSALES_GENERIC_SECRET": "g"})
    assert s.secret("SLACK_SIGNING_SECRET") == "s3cret"
    assert s.secret("GENERIC_SECRET") == "g"
    assert s.secret("LINE_CHANNEL_SECRET") is None


def test_shipped_config_holds_no_secrets() -> None:
    text = (Path(__file__).resolve().parent.parent / "config" / "default.toml").read_text()
    for word in ("secret =", "token =", "password", "api_key ="):
        assert word not in text.lower()


def test_a_misspelt_environment_variable_stops_start_up_naming_it() -> None:
    import adapters  # adapters declare the secret names they read when they are mounted

    settings = load_settings(env={"AFTERSALES_TELEGRAM_BOT_TOKN": "x", "AFTERSALES_SERVER_PORT": "9000"})
    adapters.enabled_adapters(settings)
    with pytest.raises(ConfigError) as err:
        settings.check_environment()
    assert err.value.setting == "AFTERSALES_TELEGRAM_BOT_TOKN"
    assert "AFTERSALES_TELEGRAM_BOT_TOKEN" in str(err.value)   # the suggestion


def test_known_variables_pass_the_environment_check() -> None:
    import adapters

    env = {"AFTERSALES_SERVER_PORT": "9000", "AFTERSALES_MASTER_KEY_FILE": "/nonexistent",
           "AFTERSALES_TELEGRAM_API_BASE": "http://127.0.0.1:1", "AFTERSALES_LLM_API_KEY": "k"}
    settings = load_settings(env=env)
    adapters.enabled_adapters(settings)     # telegram not enabled: its names are still known
    settings.check_environment()
