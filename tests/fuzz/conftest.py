"""Fuzzing fixtures: the real `adapters` package on sys.path (not tests/adapters)."""
from __future__ import annotations

import sys

from bot.core.settings import PROJECT_ROOT

if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))
for _pkg in ("adapters",):       # drop a namespace stand-in imported before this
    if _pkg in sys.modules and not getattr(sys.modules[_pkg], "__file__", None):
        del sys.modules[_pkg]
