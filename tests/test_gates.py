"""Gates CI runs as part of `make test`: lint, types, and which layer may import which.

- `ruff check .` and `mypy` (configured in pyproject.toml: the gated files, strict flags
  where the code is ready) must exit 0; on failure the tool's output is the message.
- Import layering, read from the source with `ast` (imports inside functions count too, so
  a late import cannot hide an edge). Rules that hold today and must keep holding:
  `privacy/` reaches into `bot` only through the allow-list below (it may only shrink);
  `adapters/` import only `bot.errors` and `bot.messages`; `bot/shop/` never imports
  `bot.dialogue`; `bot/dialogue/` never imports the server (`bot.app`, `bot.webhook`,
  `bot.webchat`) or `adapters`.
- No import cycle between packages. The graph's nodes are `privacy`, `adapters`, each
  subpackage of `bot` (`bot.shop`, `bot.dialogue`, ...) and each flat module of `bot/`
  (`bot.app`, `bot.errors`, ...), which are the packages-to-be of issue 11. Cycles exist
  today: CYCLE_EDGES records every edge that lies on one, as an allow-list the test keeps
  from growing. An edge that closes a new cycle fails naming the cycle; an allowed edge
  that no longer lies on a cycle fails too, asking for its line to be deleted, so the
  list only ever shrinks.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
OURS = ("bot", "privacy", "adapters")

# What privacy/ imports of bot today (module -> bot modules). Only ever remove entries: the
# target is privacy depending on the core only (issue 11, "Layers one way").
PRIVACY_ALLOWED: dict[str, set[str]] = {
    "privacy.audit": {"bot.db"},
    "privacy.audit_cli": {"bot.db", "bot.errors", "bot.settings", "bot.store.store"},
    "privacy.keys": {"bot.db", "bot.errors"},
    "privacy.redact_cli": {"bot.settings"},
    "privacy.vault": {"bot.db"},
}
ADAPTERS_ALLOWED = {"bot.errors", "bot.messages"}
DIALOGUE_FORBIDDEN = ("bot.app", "bot.webhook", "bot.webchat", "adapters")

# Package-graph edges that lie on an import cycle today (recorded on branch `types`).
# Delete a line when its edge goes away; never add one.
CYCLE_EDGES: frozenset[tuple[str, str]] = frozenset({
    # bot/policy.py is pure policy over the shop's models and belongs in bot/shop/ (then this goes).
    ("bot.policy", "bot.shop"), ("bot.shop", "bot.policy"),
    ("bot.app", "bot.console"), ("bot.app", "bot.metrics"), ("bot.app", "bot.runtime"),
    ("bot.app", "bot.webhook"),
    ("bot.audit_web", "privacy"),
    ("bot.cli", "bot.app"), ("bot.cli", "bot.runtime"), ("bot.cli", "bot.store"), ("bot.cli", "privacy"),
    ("bot.console", "bot.app"), ("bot.console", "bot.audit_web"), ("bot.console", "bot.pipeline"),
    ("bot.console", "privacy"),
    ("bot.dialogue", "bot.policy"), ("bot.dialogue", "bot.shop"), ("bot.dialogue", "bot.tools"),
    ("bot.llm", "bot.dialogue"),
    ("bot.metrics", "bot.llm"),
    ("bot.pipeline", "bot.dialogue"), ("bot.pipeline", "bot.llm"), ("bot.pipeline", "bot.shop"),
    ("bot.pipeline", "bot.tools"), ("bot.pipeline", "privacy"),
    ("bot.policy", "bot.shop"),
    ("bot.runtime", "bot.llm"), ("bot.runtime", "bot.pipeline"), ("bot.runtime", "bot.shop"),
    ("bot.runtime", "bot.store"), ("bot.runtime", "privacy"),
    ("bot.shop", "bot.cli"), ("bot.shop", "bot.store"),
    ("bot.store", "bot.policy"), ("bot.store", "bot.shop"), ("bot.store", "privacy"),
    ("bot.tools", "bot.policy"), ("bot.tools", "bot.shop"), ("bot.tools", "bot.store"),
    ("bot.webhook", "bot.app"),
    ("privacy", "bot.store"),
})


# -- lint and types --------------------------------------------------------------------------

def _run(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_ruff_is_clean() -> None:
    done = _run("ruff", "check", ".", timeout=300)
    assert done.returncode == 0, f"ruff check . failed:\n{done.stdout}{done.stderr}"


def test_mypy_is_clean_on_the_gated_modules() -> None:
    # The file list and the strict modules live in pyproject.toml [tool.mypy].
    done = _run("mypy", timeout=900)
    assert done.returncode == 0, f"mypy failed:\n{done.stdout}{done.stderr}"


# -- the import graph ------------------------------------------------------------------------

def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES: dict[str, Path] = {
    _module_name(p): p for top in OURS for p in sorted((ROOT / top).rglob("*.py"))
}


def _resolve(name: str) -> str | None:
    """The longest prefix of a dotted name that is one of our modules (`bot.db.connect` -> `bot.db`)."""
    parts = name.split(".")
    while parts:
        if ".".join(parts) in MODULES:
            return ".".join(parts)
        parts.pop()
    return None


def _imported(module: str) -> Iterator[str]:
    """Every module of ours that `module` imports, wherever the import statement sits."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from bot import db` imports the module bot.db; `from bot.db import connect` bot.db.
            names = [f"{target}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            resolved = _resolve(name)
            if resolved is not None and resolved != module:
                yield resolved


IMPORTS: dict[str, set[str]] = {m: set(_imported(m)) for m in MODULES}


def _node(module: str) -> str:
    """The package a module belongs to in the layering graph."""
    parts = module.split(".")
    if parts[0] != "bot" or len(parts) == 1:
        return parts[0]
    return f"bot.{parts[1]}"


def _graph() -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Package edge -> the module imports that make it."""
    edges: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for module, targets in IMPORTS.items():
        for target in targets:
            a, b = _node(module), _node(target)
            if a != b:
                edges.setdefault((a, b), set()).add((module, target))
    return edges


def _components(edges: set[tuple[str, str]]) -> list[set[str]]:
    """Strongly connected components with more than one node (Tarjan, iterative)."""
    adj: dict[str, list[str]] = {}
    for a, b in edges:
        adj.setdefault(a, []).append(b)
        adj.setdefault(b, [])
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[set[str]] = []
    for root in sorted(adj):
        if root in index:
            continue
        work: list[tuple[str, Iterator[str]]] = [(root, iter(sorted(adj[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            v, it = work[-1]
            w = next(it, None)
            if w is not None:
                if w not in index:
                    index[w] = low[w] = len(index)
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(sorted(adj[w]))))
                elif w in on_stack:
                    low[v] = min(low[v], index[w])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp: set[str] = set()
                while True:
                    x = stack.pop()
                    on_stack.discard(x)
                    comp.add(x)
                    if x == v:
                        break
                if len(comp) > 1:
                    out.append(comp)
    return out


def _path(edges: set[tuple[str, str]], start: str, goal: str) -> list[str]:
    """A shortest path start -> goal (breadth first), to name a cycle."""
    prev: dict[str, str] = {}
    frontier, seen = [start], {start}
    while frontier:
        nxt = []
        for v in frontier:
            for a, b in sorted(edges):
                if a == v and b not in seen:
                    seen.add(b)
                    prev[b] = v
                    nxt.append(b)
        frontier = nxt
    path = [goal]
    while path[-1] != start:
        path.append(prev[path[-1]])
    return path[::-1]


def _on_cycles(edges: set[tuple[str, str]]) -> set[tuple[str, str]]:
    comps = _components(edges)
    return {(a, b) for a, b in edges if any(a in c and b in c for c in comps)}


# -- layering rules --------------------------------------------------------------------------

def test_the_import_reader_sees_late_and_relative_imports() -> None:
    # bot/webhook.py imports bot.app inside a function (to dodge the cycle) and privacy uses
    # relative imports: both must be visible, or the rules below would pass vacuously.
    assert "bot.app" in IMPORTS["bot.webhook"]
    assert "privacy.normalize" in IMPORTS["privacy.redactor"]
    assert {"bot.errors", "bot.messages"} <= IMPORTS["adapters._common"]


def test_privacy_imports_of_bot_stay_within_the_allow_list() -> None:
    now = {m: {t for t in ts if _node(t) != "privacy"} for m, ts in IMPORTS.items() if _node(m) == "privacy"}
    now = {m: ts for m, ts in now.items() if ts}
    extra = {m: sorted(ts - PRIVACY_ALLOWED.get(m, set())) for m, ts in now.items()
             if ts - PRIVACY_ALLOWED.get(m, set())}
    assert not extra, f"privacy/ must not import more of bot (issue 11: privacy depends on the core only): {extra}"
    gone = {m: sorted(ts - now.get(m, set())) for m, ts in PRIVACY_ALLOWED.items() if ts - now.get(m, set())}
    assert not gone, f"these privacy imports are gone: delete them from PRIVACY_ALLOWED so they stay gone: {gone}"


def test_adapters_import_only_errors_and_messages_of_bot() -> None:
    bad = {m: sorted(t for t in ts if _node(t) != "adapters" and t not in ADAPTERS_ALLOWED)
           for m, ts in IMPORTS.items() if _node(m) == "adapters"}
    bad = {m: ts for m, ts in bad.items() if ts}
    assert not bad, f"adapters/ may import only {sorted(ADAPTERS_ALLOWED)} of the project: {bad}"


def test_shop_never_imports_dialogue() -> None:
    bad = {m: sorted(t for t in ts if _node(t) == "bot.dialogue")
           for m, ts in IMPORTS.items() if _node(m) == "bot.shop"}
    bad = {m: ts for m, ts in bad.items() if ts}
    assert not bad, f"bot/shop/ must not depend on the dialogue: {bad}"


def test_dialogue_never_imports_the_server_or_adapters() -> None:
    bad = {m: sorted(t for t in ts if any(t == f or t.startswith(f + ".") for f in DIALOGUE_FORBIDDEN))
           for m, ts in IMPORTS.items() if _node(m) == "bot.dialogue"}
    bad = {m: ts for m, ts in bad.items() if ts}
    assert not bad, f"bot/dialogue/ must not import {DIALOGUE_FORBIDDEN}: {bad}"


def test_no_new_import_cycle_between_packages() -> None:
    graph = _graph()
    edges = set(graph)
    cyclic = _on_cycles(edges)
    new = sorted(cyclic - CYCLE_EDGES)
    if new:
        lines = []
        for a, b in new:
            cycle = [a, *_path(edges, b, a)]
            lines.append(" -> ".join(cycle) + f"   (new edge {a} -> {b} from {sorted(graph[(a, b)])})")
        pytest.fail("import cycle between packages:\n" + "\n".join(lines))
    stale = sorted(CYCLE_EDGES - cyclic)
    assert not stale, f"no longer on a cycle: delete these from CYCLE_EDGES so they stay off: {stale}"


@pytest.mark.parametrize(("edges", "expected"), [
    ({("a", "b"), ("b", "c")}, set()),
    ({("a", "b"), ("b", "a"), ("b", "c")}, {("a", "b"), ("b", "a")}),
    ({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}, {("a", "b"), ("b", "c"), ("c", "a")}),
])
def test_cycle_finder(edges: set[tuple[str, str]], expected: set[tuple[str, str]]) -> None:
    assert _on_cycles(edges) == expected
    for a, b in expected:
        assert _path(edges, b, a)[-1] == a
