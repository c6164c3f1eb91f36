"""One module per platform; each defines an Adapter class and `from_settings(settings)`.

No registration list: `discover()` finds every module in this package that defines
`ADAPTER` (the adapter class) or `from_settings`, so adding a platform is one module plus
one test module (tests/adapters/test_adapter_discovery.py fails when the test module is missing).
Modules whose name starts with `_`, and `base`/`outbound`, are helpers.
"""
from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType
from typing import Any

from adapters.base import Adapter

_HELPERS = {"base", "outbound"}


def discover() -> dict[str, ModuleType]:
    """Adapter modules by adapter name (the `/webhooks/<name>` segment)."""
    found: dict[str, ModuleType] = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_") or info.name in _HELPERS:
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        cls = getattr(module, "ADAPTER", None)
        if cls is None and not hasattr(module, "from_settings"):
            continue
        name = getattr(cls, "name", None) or info.name
        found[name] = module
    return found


def max_replay_window_s(enabled: dict[str, Any]) -> float:
    """The widest timestamp window of the mounted adapters: dedupe must remember ids at least this
    long, or a verbatim replay inside the window but after the dedupe TTL is processed again."""
    return max((float(getattr(a, "replay_window_s", 0) or 0) for a in enabled.values()), default=0.0)


def enabled_adapters(settings: Any) -> dict[str, Adapter]:
    """Instances of the adapters whose secrets are set; the others are not mounted."""
    enabled: dict[str, Adapter] = {}
    for module in discover().values():
        factory = getattr(module, "from_settings", None) or module.ADAPTER.from_settings
        adapter = factory(settings)
        if adapter is None:
            continue
        if not isinstance(adapter, Adapter):
            raise TypeError(f"adapters.{module.__name__}: from_settings returned a non-adapter")
        enabled[adapter.name] = adapter
    return enabled
