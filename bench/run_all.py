"""`make bench`: run every bench/*.py script (benchmarks and evaluations) one after another and
print a summary. Scripts print their own tables; a line starting with "RESULT " (JSON) is taken
as the script's headline figures, otherwise its last output lines are shown. Then one table of
every figure against its baseline (bench/_table.py: the same run where a script measures one,
else the figures the previous run stored in bench/results/figures.json, which this run updates).

    python bench/run_all.py [--only NAME ...] [--timeout SECONDS] [--no-save]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _table import format_table, load_previous, rows, save  # noqa: E402

HERE = Path(__file__).resolve().parent


def scripts(only: list[str] | None) -> list[Path]:
    found = sorted(p for p in HERE.glob("*.py") if not p.name.startswith("_") and p.name != Path(__file__).name)
    if only:
        found = [p for p in found if p.stem in only or p.name in only]
    return found


def _figure(key: str, value: object) -> str:
    # A [baseline, now] pair (bench_startup) reads as "now vs baseline", measured in the same run.
    if isinstance(value, list) and len(value) == 2:
        return f"{key}={value[1]} vs {value[0]}"
    return f"{key}={value}"


def _uptime() -> str:
    # How loaded the machine was: figures from a busy shared machine are read with it.
    try:
        return "load average " + ", ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "load average unknown"


def _commit() -> str:
    out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=HERE.parent, capture_output=True, text=True)
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=HERE.parent,
                           capture_output=True, text=True).stdout.strip()
    return out.stdout.strip() + ("+uncommitted" if dirty else "")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", nargs="*", help="script names (e.g. bench_webhook)")
    ap.add_argument("--timeout", type=float, default=1800, help="per script, seconds")
    ap.add_argument("--no-save", action="store_true", help="do not update bench/results/figures.json")
    args = ap.parse_args()
    summary: list[tuple[str, str, float, str]] = []
    figures: dict[str, dict[str, object]] = {}
    previous = load_previous()
    load_before = _uptime()
    # The soak's documented setting is one hour; the suite runs a short one unless told otherwise.
    os.environ.setdefault("BENCH_SOAK_MINUTES", "2")
    for script in scripts(args.only):
        print(f"\n=== {script.name} ===", flush=True)
        t0 = time.monotonic()
        try:
            proc = subprocess.run([sys.executable, str(script)], cwd=HERE.parent, capture_output=True, text=True,
                                  timeout=args.timeout)
            out, status = proc.stdout, ("ok" if proc.returncode == 0 else f"exit {proc.returncode}")
            if proc.returncode != 0:
                out += "\n" + proc.stderr[-2000:]
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            status = f"timeout after {args.timeout:.0f}s"
        elapsed = time.monotonic() - t0
        print(out.rstrip(), flush=True)
        results = [line[len("RESULT "):] for line in out.splitlines() if line.startswith("RESULT ")]
        if results:
            try:
                parsed = json.loads(results[-1])
                headline = ", ".join(_figure(k, v) for k, v in parsed.items())
                if isinstance(parsed, dict) and status == "ok":
                    figures[script.stem] = parsed
            except json.JSONDecodeError:
                headline = results[-1]
        else:
            tail = [line for line in out.splitlines() if line.strip()][-3:]
            headline = " | ".join(tail)
        summary.append((script.name, status, elapsed, headline))
    print("\n=== summary ===")
    for name, status, elapsed, headline in summary:
        print(f"{name:<22} {status:<14} {elapsed:>7.1f}s  {headline[:400]}")
    commit = _commit()
    machine = f"load before: {load_before}; after: {_uptime()}"
    print(f"\n=== every figure against its baseline (commit {commit[:10]}; {machine}) ===")
    print(format_table(rows(figures, previous)))
    if figures and not args.no_save:
        save(figures, commit, machine)
    return 0 if all(s == "ok" for _, s, _, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
