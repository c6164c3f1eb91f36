"""Configuration: shipped TOML defaults, an optional --config file, then environment overrides.

Validation happens here, once, at start-up: a wrong setting raises ConfigError naming it,
so the server never starts half-configured. Secrets are read from the environment only.
"""
from __future__ import annotations

import copy
import os
import sys
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from bot.core.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _shipped_config_dir() -> Path:
    """config/ beside the source tree (a checkout, an editable install), else the copy that
    `pip install .` puts under <prefix>/share/aftersales/config — never the working directory."""
    source = PROJECT_ROOT / "config"
    if (source / "default.toml").is_file():
        return source
    return Path(sys.prefix) / "share" / "aftersales" / "config"


CONFIG_DIR = _shipped_config_dir()
DEFAULT_CONFIG = CONFIG_DIR / "default.toml"
ENV_PREFIX = "AFTERSALES_"

# Allowed values where a setting is an enumeration.
_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("generator", "kind"): ("template", "llm"),
    ("generator", "backend"): ("embedded", "openai"),
    ("log", "level"): ("DEBUG", "INFO", "WARNING", "ERROR"),
    ("shop", "backend"): ("builtin", "medusa"),
    ("shop", "identity"): ("metadata", "email", "phone"),
    ("server", "event_loop"): ("uvloop", "asyncio"),
}


def _merge(base: dict[str, Any], over: Mapping[str, Any], where: str) -> None:
    for key, value in over.items():
        if key not in base:
            raise ConfigError(f"{where}{key}", "unknown setting")
        if isinstance(base[key], dict):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{where}{key}", "must be a table")
            _merge(base[key], value, f"{where}{key}.")
        else:
            base[key] = value


def _coerce(setting: str, default: Any, raw: str) -> Any:
    try:
        if isinstance(default, bool):
            if raw.lower() in ("1", "true", "yes", "on"):
                return True
            if raw.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(raw)
        if isinstance(default, int):
            return int(raw)
        if isinstance(default, float):
            return float(raw)
        if isinstance(default, list):
            return [part.strip() for part in raw.split(",") if part.strip()]
    except ValueError:
        raise ConfigError(setting, f"cannot read {raw!r} as {type(default).__name__}") from None
    return raw


# Environment variables that are not `<section>_<key>` settings: secrets read through
# `Settings.secret()` by a component that may not be loaded in every process, and process-level
# switches. Platform secrets are declared by the adapters themselves (`read_secrets`).
KNOWN_SECRETS: set[str] = {
    "MASTER_KEY", "GENERIC_SECRET", "GENERIC_CALLBACK_URL", "LLM_API_KEY", "WEBCHAT_SECRET",
    "AUDIT_REVIEWER_TOKEN", "AUDIT_REVEAL_TOKEN", "METRICS_TOKEN", "MEDUSA_API_KEY", "MEDUSA_EMAIL",
    "MEDUSA_PASSWORD",
}
PROCESS_VARIABLES = {"AFTERSALES_DATA_DIR", "AFTERSALES_NLU_CACHE_DIR", "AFTERSALES_CI_ISOLATED"}


class Settings:
    """Validated settings; `settings["server"]["port"]` or `settings.get("server.port")`."""

    def __init__(self, data: dict[str, Any], env: Mapping[str, str]) -> None:
        self.data = data
        self.env = env
        self.requested: set[str] = set()   # secret names components asked for (unknown-variable check)

    def __getitem__(self, section: str) -> dict[str, Any]:
        table: dict[str, Any] = self.data[section]
        return table

    def get(self, dotted: str) -> Any:
        section, key = dotted.split(".", 1)
        return self.data[section][key]

    def secret(self, name: str) -> str | None:
        """A secret from the environment, `AFTERSALES_<NAME>`; `<NAME>_FILE` names a file holding it."""
        self.requested.add(name)
        value = self.env.get(ENV_PREFIX + name)
        if value:
            return value
        path = self.env.get(ENV_PREFIX + name + "_FILE")
        if path:
            try:
                return Path(path).read_text().strip()
            except OSError as exc:
                raise ConfigError(ENV_PREFIX + name + "_FILE", f"cannot read {path}: {exc}") from None
        return None

    @property
    def data_dir(self) -> Path:
        return resolve_path(self.data["data"]["dir"])

    @property
    def db_url(self) -> str | None:
        """The PostgreSQL URL when `[data] db` is one (bot/core/db_url.py), else None."""
        from bot.core.db_url import is_postgres_url, normalize_url
        db = self.data["data"]["db"]
        return normalize_url(db) if db and is_postgres_url(db) else None

    @property
    def db_path(self) -> Path:
        """The SQLite file; for PostgreSQL the URL itself (a str that bot.db.connect accepts)."""
        url = self.db_url
        if url:
            from bot.core.db_url import PostgresURL
            return PostgresURL(url)  # type: ignore[return-value]
        db = self.data["data"]["db"]
        return resolve_path(db) if db else self.data_dir / "aftersales.db"

    def path(self, dotted: str) -> Path:
        return resolve_path(self.get(dotted))

    def check_environment(self) -> None:
        """Stop on an `AFTERSALES_*` variable nobody reads (a misspelt one would be silently ignored).

        Call it after the components have read their secrets (adapters mounted, generator built).
        """
        import difflib

        known = set(PROCESS_VARIABLES)
        for section, table in self.data.items():
            known.update(f"{ENV_PREFIX}{section}_{key}".upper() for key in table)
        for name in self.requested | KNOWN_SECRETS:
            known.update({ENV_PREFIX + name, ENV_PREFIX + name + "_FILE"})
        for name in sorted(self.env):
            if name.startswith(ENV_PREFIX) and name not in known:
                close = difflib.get_close_matches(name, sorted(known), n=1)
                hint = f"; did you mean {close[0]}?" if close else ""
                raise ConfigError(name, "unknown environment variable" + hint)


def resolve_path(value: str) -> Path:
    """`config/...` names a shipped file (found through the package); other relative paths are
    relative to the working directory (data folders, a user's own files)."""
    p = Path(value).expanduser()
    if p.is_absolute():
        return p
    if p.parts and p.parts[0] == "config":
        return CONFIG_DIR.joinpath(*p.parts[1:])
    return Path.cwd() / p


def load_settings(config_file: str | os.PathLike[str] | None = None,
                  env: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Mapping[str, Any]] | None = None) -> Settings:
    """Defaults, then `config_file`, then the environment, then explicit `overrides` (CLI flags)."""
    env = dict(os.environ if env is None else env)
    with open(DEFAULT_CONFIG, "rb") as fh:
        defaults = tomllib.load(fh)
    data = copy.deepcopy(defaults)
    if config_file:
        try:
            with open(config_file, "rb") as fh:
                _merge(data, tomllib.load(fh), "")
        except FileNotFoundError:
            raise ConfigError("--config", f"file not found: {config_file}") from None
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError("--config", f"not valid TOML: {exc}") from None
    for section, table in defaults.items():
        for key, default in table.items():
            name = f"{ENV_PREFIX}{section}_{key}".upper()
            if name in env:
                data[section][key] = _coerce(name, default, env[name])
    for section, table in (overrides or {}).items():
        for key, value in table.items():
            if value is not None:
                data[section][key] = value
    _validate(data, defaults)
    return Settings(data, env)


def _validate(data: dict[str, Any], defaults: dict[str, Any]) -> None:
    for section, table in defaults.items():
        for key, default in table.items():
            value = data[section][key]
            name = f"{section}.{key}"
            if isinstance(default, bool) != isinstance(value, bool) or (
                isinstance(default, (int, float)) and not isinstance(value, (int, float))
            ) or (isinstance(default, str) and not isinstance(value, str)) or (
                isinstance(default, list) and not isinstance(value, list)
            ):
                raise ConfigError(name, f"expected {type(default).__name__}, got {value!r}")
            choices = _CHOICES.get((section, key))
            if choices and value not in choices:
                raise ConfigError(name, f"must be one of {', '.join(choices)}; got {value!r}")
    port = data["server"]["port"]
    if not 0 <= port <= 65535:
        raise ConfigError("server.port", f"out of range: {port}")
    for key in ("max_body_bytes", "workers", "inbox_max_pending"):
        if data["server"][key] <= 0:
            raise ConfigError(f"server.{key}", "must be positive")
    if data["policies"]["return_window_days"] < 0:
        raise ConfigError("policies.return_window_days", "must not be negative")
    if data["shop"]["backend"] == "medusa" and not data["shop"]["base_url"]:
        raise ConfigError("shop.base_url", "required when shop.backend = \"medusa\"")
    if data["generator"]["kind"] == "llm" and data["generator"]["backend"] == "openai" \
            and not data["generator"]["base_url"]:
        raise ConfigError("generator.base_url", "required when generator.backend = \"openai\"")
