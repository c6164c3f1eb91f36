"""Command accuracy of grammar-constrained model sources against the classic understanding.

Same held-out split and scoring as bench/bench_understand_llm.py (bench/data/understand_heldout.jsonl,
48 zh/en turns, never trained or tuned on). Sources (pick with --sources):

- classic: the dialogue core's classic understanding (always run: it defines the unsure turns);
- embedded: the packaged Gemma 3 270M GGUF in-process (llama-cpp-python), few-shot prompt,
  decoded under the GBNF command grammar (bot/llm/command_grammar.py, EmbeddedCommandSource);
- embedded_ft: the same with the command LoRA adapter — only if its weights exist at --adapter
  (a GGUF LoRA is needed for llama.cpp; the transformers adapter of bench_understand_ft.py is
  reported missing otherwise);
- server_schema / server_gbnf: a llama.cpp OpenAI-compatible server started here on loopback
  with the same GGUF, the JSON schema as `response_format` (json_object) or the GBNF as `grammar`;
- the router llm_when_unsure for each model source, derived from the rows with exactly
  RoutedCommandSource's rule (classic at or above the threshold, else the model, else classic).

    .venv/bin/python bench/bench_understand_constrained.py --sources embedded,server_schema [--json OUT]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_understand_ft import routed_rows  # noqa: E402
from bench_understand_llm import classic_source, customer_orders, load_turns, run_source, summary  # noqa: E402

from bot.llm.command_tuning import CACHE  # noqa: E402


def strict_ok(got: list[list[Any]], expect: list[dict[str, Any]]) -> bool:
    """Stricter than bench_understand_llm.key (whose set_slot key reads an `args["slot"]` that
    the {slot: value} commands never have, so any set_slot matches any other): also the slot
    names of set_slot / correct_slot and the order id value must match."""
    if len(got) != len(expect):
        return False
    for (name, args), e in zip(got, expect):
        want = e.get("args", {})
        if name != e["name"]:
            return False
        if name == "start_flow" and args.get("flow") != want.get("flow"):
            return False
        if name in ("set_slot", "correct_slot"):
            if set(args) != set(want):
                return False
            if "order_id" in want and str(args["order_id"]).lstrip("#") != str(want["order_id"]).lstrip("#"):
                return False
    return True


def strict_lines(results: dict[str, Any], turns: list[dict[str, Any]], unsure: set[str]) -> list[str]:
    expect = {t["id"]: t["expect"] for t in turns}
    out = []
    for name, rows in results.items():
        if not isinstance(rows, list) or not rows or not isinstance(rows[0], dict):
            continue
        ok = [r for r in rows if strict_ok(r["got"], expect[r["id"]])]
        uns = [r for r in rows if r["id"] in unsure]
        out.append(f"[{name}] strict {len(ok)}/{len(rows)} = {len(ok) / len(rows):.0%} | unsure "
                   f"{sum(1 for r in ok if r['id'] in unsure)}/{len(uns)}")
    return out


async def budgeted(name: str, src: Any, turns: list[dict[str, Any]], orders: list[dict[str, Any]],
                   args: argparse.Namespace) -> list[dict[str, Any]]:
    """Rows turn by turn, the unsure turns first (they decide whether the source ships), until
    the budget is spent; the report says how many turns were run."""
    t0 = time.perf_counter()
    order = sorted(turns, key=lambda t: t["id"] not in args.unsure)
    rows = []
    for t in order:
        if time.perf_counter() - t0 > args.budget_min * 60:
            break
        rows += await run_source(name, src, [t], orders)
    return rows


async def model_rows(name: str, args: argparse.Namespace, turns: list[dict[str, Any]],
                     orders: list[dict[str, Any]]) -> list[dict[str, Any]] | str:
    """The source's rows, or why it was not run."""
    from bot.llm.llamacpp import LlamaCppBackend, LlamaServer, packaged_gguf

    if name in ("embedded", "embedded_ft"):
        from bot.llm.embedded_understand import EmbeddedCommandSource

        if name == "embedded_ft":
            # Not silently the base model: without the command adapter's weights there is no
            # fine-tuned row (bench_understand_ft.py trains/loads it; nothing is in the repo).
            if not (args.adapter / "adapter_model.safetensors").exists():
                return f"not run: no fine-tuned command weights at {args.adapter}"
            return f"not run: {args.adapter} holds a transformers LoRA; llama.cpp needs it as a GGUF LoRA"
        backend = LlamaCppBackend(packaged_gguf())
        src = EmbeddedCommandSource(backend, timeout=args.timeout)
        await backend.start(prefixes=[src.prefix()])
        try:
            return await budgeted(name, src, turns, orders, args)
        finally:
            await src.close()
    from bot.llm.openai_compat import CircuitBreaker, OpenAICompatBackend
    from bot.llm.understand import LLMCommandSource

    server = LlamaServer(packaged_gguf())
    url = server.start()
    try:
        # No circuit breaker: a slow turn on a loaded machine must not turn the next ones into
        # "circuit open" rows (the product keeps it; this measures the model).
        client = OpenAICompatBackend(url, "gemma3-270m", stream=False, max_retries=0,
                                     breaker=CircuitBreaker(threshold=10**9))
        style = "gbnf" if name == "server_gbnf" else "json_object"
        src = LLMCommandSource(client, "gemma3-270m", args.timeout, response_style=style)
        # One untimed call first: the server's own prompt cache then holds the fixed prefix, as
        # it would after the first customer (the embedded source warms it at start-up).
        warm = LLMCommandSource(client, "gemma3-270m", 600.0, response_style=style)
        await run_source(name, warm, turns[:1], orders)
        rows = await budgeted(name, src, turns, orders, args)
        await client.close()
        return rows
    finally:
        server.stop()


async def main_async(args: argparse.Namespace) -> int:
    turns = load_turns()
    orders = customer_orders()
    t0 = time.perf_counter()
    results: dict[str, Any] = {"classic": await run_source("classic", classic_source(), turns, orders)}
    unsure = {r["id"] for r in results["classic"] if r["confidence"] < args.threshold}
    args.unsure = unsure
    notes = []
    for name in [s for s in args.sources.split(",") if s]:
        got = await model_rows(name, args, turns, orders)
        if isinstance(got, str):
            notes.append(f"[{name}] {got}")
            continue
        results[name] = got
        ran = {r["id"] for r in got}
        by_id = {r["id"]: r for r in got}
        classic_ran = [r for r in results["classic"] if r["id"] in ran]
        results[f"classic on {name}'s turns"] = classic_ran
        results[f"llm_when_unsure({name})"] = routed_rows(classic_ran, [by_id[r["id"]] for r in classic_ran],
                                                          args.threshold)
        notes.append(f"[{name}] turns run: {len(ran)} of {len(turns)} ({len(ran & unsure)} of {len(unsure)} unsure)")
    zh = {t["id"] for t in turns if t["lang"] == "zh"}
    en = {t["id"] for t in turns if t["lang"] == "en"}
    print(f"# bench/bench_understand_constrained.py --sources {args.sources} --timeout {args.timeout} "
          f"--threshold {args.threshold} ({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
          f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs, {time.perf_counter() - t0:.0f} s)")
    print(f"held-out turns: {len(turns)} ({len(zh)} zh, {len(en)} en); "
          f"unsure (classic confidence < {args.threshold}): {len(unsure)}")
    for name, rows in results.items():
        fails = [r["fallback"] for r in rows if r["fallback"]]
        kinds = {k: sum(1 for f in fails if str(f).split(":")[0] == k) for k in {str(f).split(":")[0] for f in fails}}
        print(f"[{name}] overall {summary(rows)} | zh {summary(rows, zh)} | en {summary(rows, en)} "
              f"| unsure {summary(rows, unsure)}" + (f" | rejected/fallbacks {kinds}" if fails else ""))
    for n in notes:
        print(n)
    for line in strict_lines(results, turns, unsure):
        print(line)
    if args.verbose:
        for name, rows in results.items():
            if name.startswith("llm_when_unsure"):
                continue
            for r in rows:
                if not r["ok"]:
                    print(f"  {name} {r['id']}{' (unsure)' if r['id'] in unsure else ''}: got {r['got']} "
                          f"{r['fallback'] or ''}")
    if args.json:
        Path(args.json).write_text(json.dumps({"unsure": sorted(unsure), **results}, ensure_ascii=False),
                                   encoding="utf-8")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sources", default="embedded,embedded_ft,server_schema",
                    help="comma list of embedded, embedded_ft, server_schema, server_gbnf")
    ap.add_argument("--adapter", type=Path, default=CACHE / "adapters" / "gemma3-270m-commands")
    ap.add_argument("--threshold", type=float, default=0.5)
    ap.add_argument("--timeout", type=float, default=60.0, help="per turn (accuracy, not latency)")
    ap.add_argument("--budget-min", type=float, default=30.0, help="stop a model source after this")
    ap.add_argument("--json", default="")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--rescore", default="", help="print the strict scores of a --json file and exit")
    args = ap.parse_args()
    if args.rescore:
        data = json.loads(Path(args.rescore).read_text(encoding="utf-8"))
        for line in strict_lines(data, load_turns(), set(data.get("unsure", []))):
            print(line)
        return 0
    return asyncio.run(main_async(args))


if __name__ == "__main__":
    raise SystemExit(main())
