"""LLM speed and grounding benchmark for the embedded model.

Reports, for the configuration the bot ships (and optionally others):
- time to first token (TTFT) and decode tokens/second on real after-sales prompts;
- the memory-bandwidth bound: a decode step reads every weight once, so
  tokens/s <= bandwidth / bytes-of-weights-read-per-token (bandwidth measured with a numpy copy);
- generation latency through the guarded generator (prompt + model + grounding check);
- the grounded pass rate on the held-out request set (bot/llm/data/examples.jsonl, split heldout).

    .venv/bin/python bench/bench_llm.py [--requests 12] [--variants float32,bfloat16,int8] [--json]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from bot.llm.embedded import EmbeddedBackend  # noqa: E402
from bot.llm.finetune import evaluate, load_examples  # noqa: E402
from bot.llm.guarded import GuardedGenerator  # noqa: E402
from bot.settings import load_settings  # noqa: E402


def memory_bandwidth_gbs(mb: int = 512, repeats: int = 5) -> float:
    """Best-of-N numpy copy: each copy reads `mb` MB and writes `mb` MB."""
    src = np.ones(mb * 1024 * 1024 // 8, dtype=np.float64)
    dst = np.empty_like(src)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        np.copyto(dst, src)
        best = min(best, time.perf_counter() - t0)
    return 2 * src.nbytes / best / 1e9


def weight_bytes_per_token(lm) -> tuple[int, dict[str, int]]:
    """Bytes of weights one decode step reads: every Linear (float or int8-packed) and norm in
    full, but only one row of the input embedding table."""
    import torch

    parts = {"linear": 0, "embedding_row": 0, "other": 0}
    for mod in lm.modules():
        if isinstance(mod, torch.ao.nn.quantized.dynamic.Linear):   # int8-packed weights
            w = mod.weight()
            parts["linear"] += w.numel() * w.element_size()
        elif list(mod.children()) or type(mod).__name__ == "LinearPackedParams":
            continue
        elif isinstance(mod, torch.nn.Embedding):
            parts["embedding_row"] += mod.weight.shape[1] * mod.weight.element_size()
        elif isinstance(mod, torch.nn.Linear):
            parts["linear"] += mod.weight.numel() * mod.weight.element_size()
        else:
            parts["other"] += sum(p.numel() * p.element_size() for p in mod.parameters(recurse=False))
    return sum(parts.values()), parts


def speed(backend: EmbeddedBackend, prompts: list[str], max_new: int) -> dict[str, float]:
    ttfts, rates, lat = [], [], []
    backend.generate_sync(prompts[0], 4)                 # warm-up
    for p in prompts:
        t0 = time.perf_counter()
        c = backend.generate_sync(p, max_new)
        total = time.perf_counter() - t0
        # Decode rate excludes prefill: tokens after the first, over the time after the first.
        if c.ttft_s is not None and c.tokens > 1:
            ttfts.append(c.ttft_s)
            rates.append((c.tokens - 1) / max(1e-6, total - c.ttft_s))
        lat.append(total)
    n_tok = [len(backend._tok(p)["input_ids"]) for p in prompts]
    return {"prompt_tokens": statistics.median(n_tok), "ttft_s": statistics.median(ttfts),
            "tok_s": statistics.median(rates), "gen_latency_s": statistics.median(lat)}


async def grounded_rate(backend: EmbeddedBackend, n: int, max_new: int):
    gen = GuardedGenerator(backend, timeout_s=120.0, max_new_tokens=max_new)
    held = load_examples(split="heldout")[:n]
    res = await evaluate(gen, [(e.id, e.request) for e in held])
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=12, help="held-out requests for latency and pass rate")
    ap.add_argument("--variants", default="float32", help="comma list of float32 (shipped), bfloat16, int8")
    ap.add_argument("--max-new-tokens", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = load_settings()
    model = settings["generator"]["model"]
    max_new = args.max_new_tokens or settings["generator"]["max_new_tokens"]
    bw = memory_bandwidth_gbs()
    print(f"memory bandwidth (numpy copy, read+write): {bw:.1f} GB/s")
    results = []
    for variant in args.variants.split(","):
        quant = "int8" if variant == "int8" else None
        backend = EmbeddedBackend(model, settings.data_dir, quantize=quant, dtype=variant if not quant else "float32")
        t0 = time.perf_counter()
        backend.load()
        load_s = time.perf_counter() - t0
        per_tok, parts = weight_bytes_per_token(backend._lm)
        bound = bw * 1e9 / per_tok
        gen = GuardedGenerator(backend, max_new_tokens=max_new)
        held = load_examples(split="heldout")[: args.requests]
        prompts = [str(gen.build_prompt(e.request)) for e in held]
        sp = speed(backend, prompts[: min(6, len(prompts))], max_new)
        res = asyncio.run(grounded_rate(backend, args.requests, max_new))
        row = {"variant": variant, "adapter": str(backend.adapter) if backend.adapter else None,
               "load_s": round(load_s, 2), "bytes_per_token": per_tok, "bound_tok_s": round(bound, 1),
               **{k: round(v, 3) for k, v in sp.items()},
               "grounded_rate": round(res.rate, 3), "grounded": f"{res.grounded}/{res.n}",
               "guarded_latency_s": round(res.seconds / max(1, res.n), 3)}
        results.append(row)
        print(f"\n[{variant}] adapter={row['adapter']} load {load_s:.1f} s")
        print(f"  weights read per token: linear {parts['linear'] / 1e6:.1f} MB + embedding row "
              f"{parts['embedding_row'] / 1e3:.1f} kB + norms {parts['other'] / 1e3:.1f} kB = {per_tok / 1e6:.1f} MB")
        print(f"  bound: {bw:.1f} GB/s / {per_tok / 1e6:.1f} MB per token = {bound:.1f} tokens/s")
        print(f"  measured: {sp['tok_s']:.1f} tokens/s decode ({sp['tok_s'] / bound:.0%} of bound), "
              f"TTFT {sp['ttft_s'] * 1000:.0f} ms for a {sp['prompt_tokens']:.0f}-token prompt, "
              f"generation latency {sp['gen_latency_s']:.2f} s (max_new_tokens={max_new})")
        print(f"  guarded generator: {res.summary()}; {row['guarded_latency_s']:.2f} s per answer")
        asyncio.run(backend.close())
        del backend, gen
    if args.json:
        print(json.dumps({"bandwidth_gbs": round(bw, 2), "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
