"""Command accuracy of the understanding sources on a held-out set of turns (zh + en).

bench/data/understand_heldout.jsonl: 48 turns written for this measurement and never used to
tune a prompt, an example or a threshold. Each turn has its context (active flow, step, slots,
the history the bot showed) and the expected commands; the customer is the demo shop's c1,
whose orders (ids, statuses, items) every source sees.

Scoring: a turn is right when the predicted commands match the expected ones in order, by name
and by the argument that decides what happens next: `flow` for start_flow (and `order_id`
when the expected command names one), `slot` (and an order id value) for set_slot /
correct_slot. Free-text values (a reason) are not compared. "Unsure" turns are those where the
classic understanding's confidence is below the threshold (the turns llm_when_unsure sends to
the model).

Sources: classic (the dialogue core's), llm (OpenAI-compatible server; by default a llama.cpp
server started here with the packaged Gemma 3 270M GGUF), and llm_when_unsure (the router).

    .venv/bin/python bench/bench_understand_llm.py [--url http://host/v1 --model NAME] [--threshold 0.6]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.llm.understand import (  # noqa: E402
    Command,
    LLMCommandSource,
    RoutedCommandSource,
    UnderstandingContext,
    UnderstandingFailed,
    Understood,
)

HELD_OUT = Path(__file__).resolve().parent / "data" / "understand_heldout.jsonl"
SHOP = Path(__file__).resolve().parent.parent / "config" / "demo_shop.json"


def load_turns() -> list[dict[str, Any]]:
    return [json.loads(line) for line in HELD_OUT.read_text(encoding="utf-8").splitlines() if line.strip()]


def customer_orders(customer: str = "c1") -> list[dict[str, Any]]:
    shop = json.loads(SHOP.read_text(encoding="utf-8"))
    return [{"id": o["id"], "status": o["status"],
             "items": [{"name": i["name"], "sku": i.get("sku"), "product_id": i.get("product_id")} for i in o["items"]]}
            for o in shop["orders"] if o["customer_id"] == customer]


def context(turn: dict[str, Any], orders: list[dict[str, Any]]) -> UnderstandingContext:
    return UnderstandingContext(text=turn["text"], language=turn["lang"],
                                history=[tuple(h) for h in turn["history"]], flow=turn["flow"], step=turn["step"],
                                slots=turn["slots"], orders=orders, catalogue=[])


def key(c: Command | dict[str, Any], expected: dict[str, Any] | None = None) -> tuple:
    name = c.name if isinstance(c, Command) else c["name"]
    args = dict(c.args if isinstance(c, Command) else c.get("args", {}))
    want = dict((expected or {}).get("args", {})) if expected else args
    if name == "start_flow":
        return (name, args.get("flow"), args.get("order_id") if "order_id" in want else None)
    if name in ("set_slot", "correct_slot"):
        value = args.get("value", "") if args.get("slot") == "order_id" else None
        return (name, args.get("slot"), value.lstrip("#") if value else None)
    return (name,)


def correct(got: tuple[Command, ...], expect: list[dict[str, Any]]) -> bool:
    if len(got) != len(expect):
        return False
    return all(key(g, e) == key(e) for g, e in zip(got, expect))


def classic_source() -> Any:
    """The dialogue core's classic understanding (rules + classifier) as a CommandSource."""
    from bot.dialogue.classic import ClassicSource
    from bot.pipeline.runtime import shared_nlu

    return ClassicSource(shared_nlu())


async def run_source(name: str, source: Any, turns: list[dict[str, Any]], orders: list[dict[str, Any]]):
    rows = []
    for t in turns:
        t0 = time.perf_counter()
        fail = None
        try:
            u: Understood = await source.understand(context(t, orders))
        except UnderstandingFailed as exc:
            u, fail = Understood((), 0.0, name), exc.kind
        rows.append({"id": t["id"], "ok": correct(u.commands, t["expect"]), "confidence": u.confidence,
                     "source": u.source, "fallback": fail or getattr(u, "fallback_reason", None),
                     "got": [[c.name, dict(c.args)] for c in u.commands], "s": time.perf_counter() - t0})
    return rows


def summary(rows: list[dict[str, Any]], ids: set[str] | None = None) -> str:
    sel = [r for r in rows if ids is None or r["id"] in ids]
    if not sel:
        return "n/a (0 turns)"
    ok = sum(r["ok"] for r in sel)
    lat = sorted(r["s"] for r in sel)
    return (f"{ok}/{len(sel)} = {ok / len(sel):.0%}; latency p50 {lat[len(lat) // 2] * 1000:.0f} ms, "
            f"p95 {lat[min(len(lat) - 1, round(0.95 * (len(lat) - 1)))] * 1000:.0f} ms")


async def main_async(args: argparse.Namespace) -> int:
    from bot.llm.openai_compat import OpenAICompatBackend

    turns = load_turns()
    orders = customer_orders()
    results: dict[str, list[dict[str, Any]]] = {}
    classic = None
    if not args.no_classic:
        classic = classic_source()
        results["classic"] = await run_source("classic", classic, turns, orders)
    server = None
    url = args.url
    if not url:
        from bot.llm.llamacpp import LlamaServer, packaged_gguf

        server = LlamaServer(packaged_gguf())
        url = server.start()
    try:
        client = OpenAICompatBackend(url, args.model, stream=False, max_retries=0)
        llm = LLMCommandSource(client, args.model, args.timeout, response_style=args.response_format)
        results["llm"] = await run_source("llm", llm, turns, orders)
        if classic is not None:
            router = RoutedCommandSource(classic, llm, "llm_when_unsure", args.threshold)
            results["llm_when_unsure"] = await run_source("routed", router, turns, orders)
        await client.close()
    finally:
        if server is not None:
            server.stop()
    unsure = ({r["id"] for r in results["classic"] if r["confidence"] < args.threshold}
              if "classic" in results else None)
    zh = {t["id"] for t in turns if t["lang"] == "zh"}
    en = {t["id"] for t in turns if t["lang"] == "en"}
    print(f"held-out turns: {len(turns)} ({len(zh)} zh, {len(en)} en); "
          f"unsure (classic confidence < {args.threshold}): {len(unsure) if unsure is not None else 'n/a'}")
    for name, rows in results.items():
        fails = sum(1 for r in rows if r["fallback"])
        print(f"[{name}] overall {summary(rows)} | zh {summary(rows, zh)} | en {summary(rows, en)}"
              + (f" | unsure {summary(rows, unsure)}" if unsure is not None else "")
              + (f" | fallbacks/rejections {fails}" if fails else ""))
    if args.verbose:
        for name, rows in results.items():
            for r in rows:
                if not r["ok"]:
                    print(f"  {name} {r['id']}: got {r['got']} ({r['fallback'] or ''})")
    if args.json:
        print(json.dumps({k: v for k, v in results.items()}, ensure_ascii=False))
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default="", help="OpenAI-compatible base URL; default: start llama.cpp here")
    ap.add_argument("--model", default="gemma3-270m")
    ap.add_argument("--response-format", default="json_object", choices=("json_object", "json_schema"))
    ap.add_argument("--timeout", type=float, default=30.0, help="per-turn LLM timeout (accuracy, not latency)")
    ap.add_argument("--threshold", type=float, default=0.5,
                    help="unsure below this classic confidence (the engine's SECOND_SOURCE_BELOW)")
    ap.add_argument("--no-classic", action="store_true", help="LLM only (before the dialogue core v2 is merged)")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    return asyncio.run(main_async(ap.parse_args()))


if __name__ == "__main__":
    raise SystemExit(main())
