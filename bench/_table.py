"""The one table `make bench` prints: every figure of every script against its baseline.

A figure's baseline is, in this order:
- measured in the same run by the script itself: a `[baseline, now]` pair (bench_startup runs
  a baseline checkout), or a `bare_<metric>` figure next to `<run>_<metric>` (bench_webhook's
  bare aiohttp handler driven by the same client);
- otherwise the figure stored by the previous `make bench` (bench/results/figures.json, committed
  with the code it measured), where the project is its own baseline.
Not a benchmark itself (run_all.py skips modules starting with "_").
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FIGURES = Path(__file__).resolve().parent / "results" / "figures.json"


@dataclass(frozen=True)
class Row:
    script: str
    figure: str
    baseline: object
    now: object
    source: str          # "same run", "bare aiohttp", "previous run <commit>" or "-"

    @property
    def ratio(self) -> str:
        if isinstance(self.now, (int, float)) and isinstance(self.baseline, (int, float)) and self.baseline:
            return f"{self.now / self.baseline:.2f}"
        return ""


def rows(results: dict[str, dict[str, object]], previous: dict[str, object]) -> list[Row]:
    """One Row per figure; `previous` is the stored figures.json ({"commit", "figures": {...}})."""
    prev_figures = previous.get("figures", {}) if isinstance(previous.get("figures"), dict) else {}
    prev_label = f"previous run {str(previous.get('commit', '?'))[:10]}"
    out: list[Row] = []
    for script, figures in results.items():
        old = prev_figures.get(script, {}) if isinstance(prev_figures, dict) else {}
        for key, value in figures.items():
            if isinstance(value, list) and len(value) == 2:
                out.append(Row(script, key, value[0], value[1], "same run"))
                continue
            bare = None
            if not key.startswith("bare_"):
                for k in figures:
                    if k.startswith("bare_") and key.endswith("_" + k[len("bare_"):]):
                        bare = k
            if bare is not None:
                out.append(Row(script, key, figures[bare], value, "bare aiohttp"))
            elif isinstance(old, dict) and key in old:
                prev = old[key]
                out.append(Row(script, key, prev[1] if isinstance(prev, list) and len(prev) == 2 else prev, value,
                               prev_label))
            else:
                out.append(Row(script, key, "", value, "-"))
    return out


def _cell(v: object) -> str:
    return f"{v:g}" if isinstance(v, float) else str(v)


def format_table(table: list[Row]) -> str:
    header = ("script", "figure", "baseline", "now", "now/base", "baseline from")
    body = [(r.script, r.figure, _cell(r.baseline), _cell(r.now), r.ratio, r.source) for r in table]
    widths = [max(len(h), *(len(b[i]) for b in body)) if body else len(h) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(b, widths)) for b in body]
    return "\n".join(lines)


def load_previous(path: Path = FIGURES) -> dict[str, object]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def save(results: dict[str, dict[str, object]], commit: str, machine: str, path: Path = FIGURES) -> None:
    """Merge this run's figures into the stored ones (a partial run keeps the other scripts' figures)."""
    data = load_previous(path)
    figures = data.get("figures") if isinstance(data.get("figures"), dict) else {}
    assert isinstance(figures, dict)
    figures.update(results)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"commit": commit, "machine": machine, "figures": figures}, indent=1,
                               ensure_ascii=False) + "\n", encoding="utf-8")
