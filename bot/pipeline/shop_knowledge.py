"""Which knowledge folder (texts and facts.toml) answers the shop that is loaded.

The shipped `[knowledge] dir` is the demo shop's folder. A run on another shop must never be
answered with the demo's texts, carriers or service hours, so when the setting is left at that
default the folder follows the shop: the one its fixture file names (recorded when the file was
imported or seeded), else — for the shop the configured seed fixture describes — that fixture's,
else the neutral generic folder. A `[knowledge] dir` chosen in the configuration always wins.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from bot.core.errors import ConfigError
from bot.core.settings import Settings, resolve_path

log = logging.getLogger(__name__)

GENERIC_KNOWLEDGE = Path(__file__).resolve().parents[2] / "config" / "generic_knowledge"
SHIPPED_DIR = "config/knowledge"          # default.toml's [knowledge] dir (the demo shop's folder)


def fixture_knowledge(fixture: Path) -> Path:
    """The knowledge folder a shop's fixture file names (`"knowledge"`, relative to the file),
    else the neutral generic folder, so another shop is never answered with the demo's texts."""
    try:
        named = json.loads(fixture.read_text(encoding="utf-8")).get("knowledge")
    except (OSError, ValueError, AttributeError):
        named = None          # the import reports an unreadable fixture with its own message
    if isinstance(named, str) and named:
        folder = (fixture.resolve().parent / named).resolve()
        if not folder.is_dir():
            raise ConfigError("--store", f"the fixture's knowledge folder is not a folder: {named}")
        return folder
    return GENERIC_KNOWLEDGE


def chosen_in_config(settings: Settings) -> bool:
    """Whether `[knowledge] dir` was set for this shop (anything but the shipped demo folder)."""
    return settings.path("knowledge.dir") != resolve_path(SHIPPED_DIR)


async def _same_shop_as_seed(store: Any, fixture: dict[str, Any]) -> bool:
    """Whether the store holds the shop `fixture` describes (the same catalogue ids)."""
    ids = {str(p.get("id")) for p in fixture.get("products") or []}
    have = {p.id for p in await store.products()}
    return bool(ids) and ids == have


async def running_shop_knowledge(settings: Settings, store: Any) -> Path | None:
    """The folder for the shop in `store`, or None to keep the configured one (chosen in the
    configuration, another shop backend, or an empty store that a caller fills later)."""
    if chosen_in_config(settings) or settings.get("shop.backend") not in (None, "builtin"):
        return None
    recorded = await store.knowledge_folder()
    if recorded and Path(recorded).is_dir():
        return Path(recorded)
    if await store.is_empty():
        return None
    seed = settings.get("data.seed_fixture")
    if seed:
        path = resolve_path(seed)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        if isinstance(data, dict) and await _same_shop_as_seed(store, data):
            return fixture_knowledge(path)
    log.info("the loaded shop names no knowledge folder: answering from the generic one")
    return GENERIC_KNOWLEDGE


def use_folder(settings: Settings, folder: Path) -> None:
    """Point this run's settings at `folder` (the knowledge base and Facts.for_settings read it)."""
    settings.data.setdefault("knowledge", {})["dir"] = str(folder)
