"""Command accuracy of the fine-tuned embedded model against the classic understanding.

Same held-out split and scoring as bench/bench_understand_llm.py (48 zh/en turns, never trained
on: bot/llm/data/command_examples.py checks the training set is disjoint from it). Sources, in
one run: classic; the embedded Gemma 3 270M with the command LoRA adapter
(bot/llm/command_tuning.py, transformers on CPU, merged adapter); and llm_when_unsure — classic
where its confidence is at or above the threshold, else the adapter (classic again when the
adapter's reply does not validate). The router's row is derived from the two others' rows with
exactly RoutedCommandSource's rule, so the model runs once per turn.

    .venv/bin/python bench/bench_understand_ft.py [--adapter DIR] [--model-dir DIR] [--threshold 0.5]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_understand_llm import classic_source, customer_orders, load_turns, run_source, summary  # noqa: E402

from bot.llm.command_tuning import CACHE, FineTunedCommandSource  # noqa: E402


def routed_rows(classic: list[dict[str, Any]], llm: list[dict[str, Any]], threshold: float) -> list[dict[str, Any]]:
    out = []
    for c, m in zip(classic, llm):
        if c["confidence"] >= threshold and c["got"]:
            out.append(dict(c))
        elif m["fallback"]:
            out.append({**c, "fallback": m["fallback"], "s": c["s"] + m["s"]})
        else:
            out.append({**m, "s": c["s"] + m["s"]})
    return out


async def main_async(args: argparse.Namespace) -> int:
    turns = load_turns()
    orders = customer_orders()
    t0 = time.perf_counter()
    results = {"classic": await run_source("classic", classic_source(), turns, orders)}
    unsure = {r["id"] for r in results["classic"] if r["confidence"] < args.threshold}
    ft = FineTunedCommandSource(args.model_dir, args.adapter, timeout=args.timeout, threads=args.threads)
    await asyncio.get_running_loop().run_in_executor(None, ft.load)
    # The unsure turns first: they decide whether the adapter ships; on a loaded machine the
    # budget may stop the run before the sure ones, and the report says how many were run.
    order = sorted(turns, key=lambda t: t["id"] not in unsure)
    ft_rows: dict[str, dict[str, Any]] = {}
    t_ft = time.perf_counter()
    for t in order:
        if time.perf_counter() - t_ft > args.budget_min * 60:
            break
        ft_rows[t["id"]] = (await run_source("embedded_ft", ft, [t], orders))[0]
    await ft.close()
    classic_all = f"{summary(results['classic'])} on all {len(turns)} turns ({len(unsure)} unsure)"
    ran = [t for t in turns if t["id"] in ft_rows]
    turns = ran
    results = {k: [r for r in v if r["id"] in ft_rows] for k, v in results.items()}
    results["embedded_ft"] = [ft_rows[t["id"]] for t in ran]
    results["llm_when_unsure(ft)"] = routed_rows(results["classic"], results["embedded_ft"], args.threshold)
    unsure &= set(ft_rows)
    zh = {t["id"] for t in turns if t["lang"] == "zh"}
    en = {t["id"] for t in turns if t["lang"] == "en"}
    print(f"# bench/bench_understand_ft.py --threshold {args.threshold} "
          f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}, "
          f"{time.perf_counter() - t0:.0f} s)")
    print(f"adapter: {args.adapter}; classic {classic_all}")
    print(f"held-out turns run: {len(turns)} ({len(zh)} zh, {len(en)} en); "
          f"unsure (classic confidence < {args.threshold}): {len(unsure)}")
    for name, rows in results.items():
        fails = sum(1 for r in rows if r["fallback"])
        print(f"[{name}] overall {summary(rows)} | zh {summary(rows, zh)} | en {summary(rows, en)} "
              f"| unsure {summary(rows, unsure)}" + (f" | invalid/timeouts {fails}" if fails else ""))
    if args.verbose:
        for name, rows in results.items():
            for r in rows:
                if not r["ok"]:
                    print(f"  {name} {r['id']}{' (unsure)' if r['id'] in unsure else ''}: got {r['got']} "
                          f"{r['fallback'] or ''}")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--adapter", type=Path, default=CACHE / "adapters" / "gemma3-270m-commands")
    ap.add_argument("--model-dir", type=Path, default=CACHE / "models" / "gemma3-270m")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--timeout", type=float, default=60.0, help="per turn (accuracy, not latency)")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--budget-min", type=float, default=30.0, help="stop running the adapter after this")
    ap.add_argument("--verbose", action="store_true")
    return asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
