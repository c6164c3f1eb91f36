"""`aftersales finetune`: train a LoRA adapter, measure the grounded pass rate before and after,
and ship the adapter only if it helps.

    aftersales finetune                      # evaluate base, train, evaluate adapter, report
    aftersales finetune --ship               # ... and install it under bot/llm/adapters/ if better
    aftersales finetune --eval-only          # just the pass rate of what ships today

`bot/cli/main.py` wires it in with `finetune_cli.register(subparsers)`.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import sys
from pathlib import Path
from typing import Any

# The LLM modules load in the functions below: `register` runs for every command (#17).
EXAMPLES = Path(__file__).resolve().parents[1] / "llm" / "data" / "examples.jsonl"   # = bot.llm.finetune.EXAMPLES


def register(subparsers: Any) -> argparse.ArgumentParser:
    p: argparse.ArgumentParser = subparsers.add_parser("finetune", help="train a LoRA adapter for the embedded model and compare "
                                               "grounded pass rates before/after")
    p.add_argument("--config", help="TOML file overriding config/default.toml")
    p.add_argument("--model", help="model to tune (default: [generator] model)")
    p.add_argument("--examples", default=str(EXAMPLES), help="examples JSONL (split: train / heldout)")
    p.add_argument("--epochs", type=float, default=1.0)
    p.add_argument("--rank", type=int, default=8)
    p.add_argument("--lr", type=float, default=2e-4)
    p.add_argument("--limit", type=int, default=0, help="evaluate on at most N held-out examples")
    p.add_argument("--max-new-tokens", type=int, default=None)
    p.add_argument("--time-budget", type=float, default=None, help="stop training after this many seconds")
    p.add_argument("--out", help="where to write the adapter (default: <data_dir>/adapters/<model>)")
    p.add_argument("--eval-only", action="store_true", help="only measure the shipped configuration")
    p.add_argument("--ship", action="store_true", help="install the adapter under bot/llm/adapters/ if it "
                                                       "raises the grounded pass rate")
    p.set_defaults(func=run)
    return p


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


async def _rate(model: str, data_dir: Path, adapter: Path | None, held: list[Any], max_new: int) -> Any:
    from bot.llm.embedded import EmbeddedBackend
    from bot.llm.finetune import evaluate
    from bot.llm.guarded import GuardedGenerator

    backend = EmbeddedBackend(model, data_dir, adapter=adapter)
    gen = GuardedGenerator(backend, timeout_s=120.0, max_new_tokens=max_new)
    try:
        await backend.start()
        return await evaluate(gen, [(ex.id, ex.request) for ex in held])
    finally:
        await gen.close()


def run(args: argparse.Namespace) -> int:
    from bot.core.settings import load_settings
    from bot.llm.embedded import ADAPTERS_DIR, ensure_converted, model_key
    from bot.llm.finetune import load_examples, train

    settings = load_settings(args.config)
    model = args.model or settings["generator"]["model"]
    max_new = args.max_new_tokens or settings["generator"]["max_new_tokens"]
    data_dir = settings.data_dir
    examples = Path(args.examples)
    train_set = load_examples(examples, "train")
    held = load_examples(examples, "heldout")
    if args.limit:
        held = held[: args.limit]
    _log(f"{len(train_set)} training and {len(held)} held-out examples from {examples}")
    model_dir = ensure_converted(model, data_dir)

    shipped = ADAPTERS_DIR / model_key(model)
    if args.eval_only:
        adapter = shipped if (shipped / "adapter_config.json").exists() else None
        res = asyncio.run(_rate(model, data_dir, adapter, held, max_new))
        print(json.dumps({"adapter": str(adapter) if adapter else None, "rate": round(res.rate, 4),
                          "summary": res.summary()}, ensure_ascii=False))
        return 0

    before = asyncio.run(_rate(model, data_dir, None, held, max_new))
    _log(f"before (base model, few-shot prompt): {before.summary()}")
    out = Path(args.out) if args.out else data_dir / "adapters" / model_key(model)
    info = train(model_dir, train_set, out, epochs=args.epochs, rank=args.rank, lr=args.lr, log=_log,
                 time_budget_s=args.time_budget)
    _log(f"trained: {info}")
    after = asyncio.run(_rate(model, data_dir, out, held, max_new))
    _log(f"after (LoRA adapter, short prompt): {after.summary()}")
    report = {"model": model, "heldout": len(held), "before": round(before.rate, 4), "after": round(after.rate, 4),
              "before_summary": before.summary(), "after_summary": after.summary(), "training": info,
              "adapter": str(out)}
    (out / "metrics.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    if args.ship:
        if after.rate > before.rate:
            if shipped.exists():
                shutil.rmtree(shipped)
            shutil.copytree(out, shipped)
            report["shipped"] = str(shipped)
        else:
            report["shipped"] = None
            _log("not shipped: the adapter does not raise the grounded pass rate")
    print(json.dumps(report, ensure_ascii=False))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aftersales")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
