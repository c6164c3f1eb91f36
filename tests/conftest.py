"""Shared fixtures: isolated settings per test, and the heavy models loaded once per session."""
from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bot.core.settings import PROJECT_ROOT, Settings, load_settings

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
# Every test, and every server subprocess a test starts, shares one trained intent model.
os.environ.setdefault("AFTERSALES_NLU_CACHE_DIR", str(PROJECT_ROOT / ".data" / "nlu"))

TEST_MASTER_KEY = base64.b64encode(bytes(range(32))).decode()
DEMO_SHOP = PROJECT_ROOT / "config" / "demo_shop.json"
# The instant the conversation tests are written against (the demo fixture's own dates).
DEMO_NOW = "2026-11-23T12:00:00+08:00"


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings isolated in tmp_path; extra env entries override (AFTERSALES_ prefix optional)."""
    def make(**env: str) -> Settings:
        base = {"AFTERSALES_DATA_DIR": str(tmp_path / "data"), "AFTERSALES_MASTER_KEY": TEST_MASTER_KEY,
                "AFTERSALES_GENERATOR_KIND": "template"}
        for key, value in env.items():
            base[key if key.startswith("AFTERSALES_") else "AFTERSALES_" + key] = value
        return load_settings(env=base)
    return make


@pytest.fixture
def settings(make_settings: Callable[..., Settings]) -> Settings:
    return make_settings()


@pytest.fixture(scope="session")
def demo_fixture() -> dict[str, Any]:
    return json.loads(DEMO_SHOP.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def models() -> Any:
    """Redactor, NLU and knowledge base, loaded once for the whole session."""
    from bot.pipeline.runtime import shared_knowledge, shared_nlu, shared_redactor
    s = load_settings(env={})
    return (shared_redactor(s["privacy"]["spacy_model"]), shared_nlu(),
            shared_knowledge(str(s.path("knowledge.dir"))))
