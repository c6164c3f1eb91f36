"""Which `[data] db` values are PostgreSQL URLs, in the forms settings and storage both see."""
from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

_URL = re.compile(r"(postgres(?:ql)?):/+(.*)$", re.S)


def is_postgres_url(target: Any) -> bool:
    """True for a postgresql:// URL, also after pathlib squashed its `//` (Path(url))."""
    # search, not match: `Path(url).resolve()` may also have put a directory in front.
    return target is not None and not isinstance(target, bytes) and bool(_URL.search(str(target)))


def normalize_url(target: Any) -> str:
    """`postgresql:/u@h/db` (a URL that went through pathlib) → `postgresql://u@h/db`."""
    m = _URL.search(str(target))
    if not m:
        raise ValueError("not a postgresql URL")
    return f"postgresql://{m.group(2)}"


class PostgresURL(str):
    """What `Settings.db_path` returns for a PostgreSQL database: the URL, with the two Path
    methods callers use on a database location."""

    def exists(self) -> bool:
        return True

    @property
    def name(self) -> str:
        return urlsplit(self).path.lstrip("/") or "postgres"
