"""Static checks of the Dockerfile and compose.yaml (no container engine runs here)."""
from __future__ import annotations

import re
import shlex
import sys
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.core.settings import DEFAULT_CONFIG, PROJECT_ROOT, load_settings

if str(PROJECT_ROOT) not in sys.path:      # the real `adapters` package, not tests/adapters
    sys.path.insert(0, str(PROJECT_ROOT))

import tomllib  # noqa: E402

import adapters  # noqa: E402

DOCKERFILE = PROJECT_ROOT / "Dockerfile"
COMPOSE = PROJECT_ROOT / "compose.yaml"
SECRETISH = re.compile(r"(KEY|SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL)", re.I)


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with line continuations joined and comments dropped."""
    joined = re.sub(r"\\\n", " ", text)
    out = []
    for line in joined.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            op, _, rest = line.partition(" ")
            out.append((op.upper(), rest.strip()))
    return out


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load(COMPOSE.read_text())


def settings_env_names() -> set[str]:
    with open(DEFAULT_CONFIG, "rb") as fh:
        defaults = tomllib.load(fh)
    return {f"AFTERSALES_{section}_{key}".upper() for section, table in defaults.items() for key in table}


def secret_env_names() -> set[str]:
    """Secrets the code reads: the master key, the LLM key, and AFTERSALES_<PLATFORM>_* per adapter."""
    return {"AFTERSALES_MASTER_KEY", "AFTERSALES_LLM_API_KEY"}


def is_secret_name(name: str) -> bool:
    base = name.removesuffix("_FILE")
    platforms = {p.upper() for p in adapters.discover()}
    return base in secret_env_names() or any(base.startswith(f"AFTERSALES_{p}_") for p in platforms)


# -- Dockerfile ---------------------------------------------------------------------------------------

def test_dockerfile_base_torch_pin_and_order() -> None:
    ins = instructions(DOCKERFILE.read_text())
    assert ins[0] == ("FROM", "python:3.11-slim")
    runs = [args for op, args in ins if op == "RUN"]
    torch = [i for i, r in enumerate(runs) if "torch" in r]
    reqs = [i for i, r in enumerate(runs) if "-c requirements.txt" in r]
    assert torch and reqs and torch[0] < reqs[0], "torch must be installed (pinned) before the package"
    words = shlex.split(runs[torch[0]])
    assert "torch==2.13.0" in words
    assert "https://download.pytorch.org/whl/cpu" in words
    assert not any(re.fullmatch(r"torch(\[.*\])?", w) for w in words), "unpinned torch"


def test_dockerfile_runs_as_non_root_and_serves() -> None:
    ins = instructions(DOCKERFILE.read_text())
    users = [args for op, args in ins if op == "USER"]
    assert users, "no USER: the image would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0")
    cmd = [args for op, args in ins if op in ("CMD", "ENTRYPOINT")][-1]
    assert "aftersales" in cmd and "serve" in cmd and "0.0.0.0" in cmd
    assert ("STOPSIGNAL", "SIGTERM") in ins


def test_dockerfile_copies_exist_and_no_secrets_baked_in() -> None:
    ins = instructions(DOCKERFILE.read_text())
    for op, args in ins:
        if op == "COPY":
            *sources, _dest = [a for a in args.split() if not a.startswith("--")]
            for src in sources:
                assert (PROJECT_ROOT / src).exists(), src
        if op in ("ENV", "ARG"):
            for name in re.findall(r"([A-Z_][A-Z0-9_]*)=", args):
                assert not SECRETISH.search(name), f"{op} {name} bakes a secret into the image"
    ignored = (PROJECT_ROOT / ".dockerignore").read_text().split()
    for must in (".venv", ".data", "secrets", ".git", "*.key"):
        assert must in ignored, must


# -- compose.yaml -------------------------------------------------------------------------------------

def test_compose_services_and_replicas(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert {"bot", "redis", "postgres", "vllm"} <= set(services)
    bot = services["bot"]
    assert bot["build"]["context"] == "." and bot["build"]["dockerfile"] == "Dockerfile"
    assert bot["deploy"]["replicas"] >= 2
    for name, svc in services.items():
        deps = svc.get("depends_on") or []
        for dep in deps if isinstance(deps, list) else deps.keys():
            assert dep in services, f"{name} depends on unknown {dep}"
    grace = int(str(bot["stop_grace_period"]).rstrip("s"))
    assert grace > 25, "shorter than the server's own shutdown + drain"


def test_compose_bot_uses_vllm_as_openai_backend(compose: dict[str, Any]) -> None:
    env = compose["services"]["bot"]["environment"]
    assert env["AFTERSALES_GENERATOR_KIND"] == "llm"
    assert env["AFTERSALES_GENERATOR_BACKEND"] == "openai"
    assert env["AFTERSALES_GENERATOR_BASE_URL"] == "http://vllm:8000/v1"
    vllm_cmd = compose["services"]["vllm"]["command"]
    served = vllm_cmd[vllm_cmd.index("--served-model-name") + 1] if "--served-model-name" in vllm_cmd \
        else vllm_cmd[vllm_cmd.index("--model") + 1]
    assert env["AFTERSALES_GENERATOR_MODEL"] == served, "the bot asks for a model vLLM does not serve"
    assert vllm_cmd[vllm_cmd.index("--port") + 1] == "8000"
    redis = urlsplit(env["AFTERSALES_REDIS_URL"])
    assert redis.hostname == "redis" and redis.hostname in compose["services"]
    pg = urlsplit(env["AFTERSALES_DATA_DB"])
    assert pg.scheme.startswith("postgres") and pg.hostname == "postgres"


def test_compose_env_names_are_real_settings(compose: dict[str, Any]) -> None:
    env = compose["services"]["bot"]["environment"]
    known = settings_env_names()
    for name in env:
        if name.startswith("AFTERSALES_"):
            assert name in known or is_secret_name(name), f"{name} is neither a setting nor a secret the bot reads"
    # The values are valid for the settings loader (types, enumerations, required pairs).
    plain = {k: str(v) for k, v in env.items() if k in known}
    loaded = load_settings(env=plain)
    assert loaded["generator"]["kind"] == "llm" and loaded["server"]["host"] == "0.0.0.0"


def test_compose_has_no_inline_secrets(compose: dict[str, Any]) -> None:
    declared = compose.get("secrets") or {}
    for sname, svc in compose["services"].items():
        env = svc.get("environment") or {}
        if isinstance(env, list):
            env = dict(item.split("=", 1) for item in env)
        for name, value in env.items():
            value = str(value)
            if SECRETISH.search(name) or is_secret_name(name):
                assert name.endswith("_FILE") and value.startswith("/run/secrets/"), \
                    f"{sname}: {name} must come from a secret file, not a value"
            url = urlsplit(value) if "://" in value else None
            assert url is None or not url.password, f"{sname}: {name} has a password in its URL"
        for used in svc.get("secrets") or []:
            assert used in declared, f"{sname} uses undeclared secret {used}"
    for sname, spec in declared.items():
        assert set(spec) == {"file"}, f"secret {sname} must be a file, not inline or from the environment"
        assert spec["file"].startswith("./secrets/")
    assert "secrets" in (PROJECT_ROOT / ".dockerignore").read_text().split()
