"""`make bench`: run every bench/*.py script (benchmarks and evaluations) one after another and
print a summary. Scripts print their own tables; a line starting with "RESULT " (JSON) is taken
as the script's headline figures, otherwise its last output lines are shown. Then one table of
every figure against its baseline (bench/_table.py: the same run where a script measures one,
else the figures the previous run stored in bench/results/figures.json, which this run updates).

`make bench` must finish in about ten minutes (#17): each script runs with the short arguments
of PLAN below, in PLAN's order (the fast path first, the LLM sweeps last), each within its own
cap and all within `--budget` seconds; a script the budget no longer reaches is listed as
skipped, and the table is printed either way. `--full` runs every script with its own
defaults (the documented settings: an hour of soak, every LLM variant), one `--timeout` each.

`BENCH_BASELINE=REF|DIR` (a git ref or a checkout) also runs the scripts of `WITH_BASELINE`
against that baseline in the same run (their caps doubled), so their rows read "same run".

    python bench/run_all.py [--only NAME ...] [--full] [--budget SECONDS] [--timeout SECONDS] [--no-save]
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

# (script, short arguments for `make bench`, cap in seconds), in the order they run.
PLAN: list[tuple[str, list[str], float]] = [
    ("bench_webhook", ["--duration", "5", "--requests", "40000"], 240),
    ("bench_e2e", ["--messages", "300"], 180),
    ("bench_inbox", ["--messages", "1000"], 40),
    ("bench_startup", ["--repeat", "1"], 150),
    ("bench_turn", ["--messages", "100"], 60),
    # CPU ms per message, stage by stage (wall clock is noise on a shared machine, #17)
    ("profile_turn", ["--messages", "100"], 60),
    ("bench_understand", ["--rounds", "1"], 40),
    ("eval_intents", [], 40),
    ("eval_retrieval", [], 30),
    ("bench_audit", ["--records", "1000"], 30),
    ("bench_memory", ["--conversations", "2000"], 40),
    ("bench_soak", ["--minutes", "1", "--sample", "10", "--table-every", "30"], 90),
    ("bench_redact", ["--n", "200"], 60),
    ("eval_redaction", ["--no-vanilla"], 60),
    ("bench_webchat_stream", ["--levels", "1", "4", "--turns", "1", "--only", "template", "loopback"], 60),
    ("bench_llm", ["--requests", "2", "--runtimes", "llamacpp", "--speed-only"], 60),
    ("bench_llama_settings", ["--tokens", "16", "--repeats", "1", "--threads", "2", "--batch", "64"], 60),
    ("bench_understand_llm", [], 60),
    ("bench_understand_ft", ["--budget-min", "1"], 60),
]
_NEW_SCRIPT_CAP_S = 60.0      # a script added without a PLAN entry: its defaults, this cap
# Scripts that take `--baseline REF|DIR` (the unchanged code measured in the same run, #17).
WITH_BASELINE = ("bench_e2e", "profile_turn")


def scripts(only: list[str] | None) -> list[Path]:
    """The scripts to run, PLAN's order first, then any script PLAN does not name."""
    found = {p.stem: p for p in HERE.glob("*.py") if not p.name.startswith("_") and p.name != Path(__file__).name}
    order = [name for name, _, _ in PLAN if name in found] + sorted(set(found) - {n for n, _, _ in PLAN})
    if only:
        order = [n for n in order if n in only or f"{n}.py" in only]
    return [found[n] for n in order]


def planned(script: Path, full: bool, timeout: float) -> tuple[list[str], float]:
    """(arguments, cap in seconds) for one script in this run."""
    base = os.environ.get("BENCH_BASELINE", "")
    extra = ["--baseline", base] if base and script.stem in WITH_BASELINE else []
    for name, args, cap in PLAN:
        if name == script.stem:
            return (extra, timeout) if full else (args + extra, min(cap * (2 if extra else 1), timeout))
    return extra, (timeout if full else min(_NEW_SCRIPT_CAP_S, timeout))


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
    ap.add_argument("--timeout", type=float, default=1800, help="per script, seconds (the cap with --full)")
    ap.add_argument("--budget", type=float, default=570, help="seconds for the whole run (not with --full)")
    ap.add_argument("--full", action="store_true", help="every script with its own defaults (hours)")
    ap.add_argument("--no-save", action="store_true", help="do not update bench/results/figures.json")
    args = ap.parse_args()
    summary: list[tuple[str, str, float, str]] = []
    figures: dict[str, dict[str, object]] = {}
    previous = load_previous()
    load_before = _uptime()
    # The soak's documented setting is one hour; the suite runs a short one unless told otherwise.
    os.environ.setdefault("BENCH_SOAK_MINUTES", "60" if args.full else "1")
    started = time.monotonic()
    for script in scripts(args.only):
        extra, cap = planned(script, args.full, args.timeout)
        left = args.budget - (time.monotonic() - started)
        if not args.full and left < min(cap, 20.0):
            summary.append((script.name, "skipped", 0.0, f"over the {args.budget:.0f} s budget (--full runs it)"))
            continue
        if not args.full:
            cap = min(cap, left)
        print(f"\n=== {script.name} {' '.join(extra)} ===", flush=True)
        t0 = time.monotonic()
        try:
            proc = subprocess.run([sys.executable, str(script), *extra], cwd=HERE.parent, capture_output=True,
                                  text=True, timeout=cap)
            out, status = proc.stdout, ("ok" if proc.returncode == 0 else f"exit {proc.returncode}")
            if proc.returncode != 0:
                out += "\n" + proc.stderr[-2000:]
        except subprocess.TimeoutExpired as exc:
            out = (exc.stdout or b"").decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
            status = f"timeout after {cap:.0f}s"
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
    print(f"\nwhole run: {time.monotonic() - started:.0f} s")
    # A script over its cap (or the budget) is reported, not a failed run: the table is the product.
    return 0 if all(s == "ok" or s == "skipped" or s.startswith("timeout") for _, s, _, _ in summary) else 1


if __name__ == "__main__":
    sys.exit(main())
