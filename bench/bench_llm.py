"""LLM speed and grounding benchmark for the embedded runtimes (transformers, llama.cpp).

Reports, for each runtime / variant, in one run (so the ratios share one machine state):
- time to first token (TTFT) and decode tokens/second on real after-sales prompts;
- the memory-bandwidth bound: a decode step reads every weight once, so
  tokens/s <= bandwidth / bytes-of-weights-read-per-token (bandwidth measured with a numpy copy);
- generation latency through the guarded generator (prompt + model + grounding check);
- the grounded pass rate on the held-out request set (bot/llm/data/examples.jsonl, split heldout).

- llama.cpp (llama-cpp-python on the packaged Q4_K_M GGUF): the same, with TTFT cold (empty KV
  cache) and warm (the fixed prompt prefix, instructions and examples, already in the cache),
  on the generation prompt and on the understanding prompt (bot/llm/understand.py);
- latency with 4 customers at once (one model instance; requests queue), p50/p95.

    .venv/bin/python bench/bench_llm.py [--requests 12] [--variants float32,bfloat16,int8]
                                        [--runtimes transformers,llamacpp] [--json]
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

from bot.core.settings import load_settings  # noqa: E402
from bot.llm.embedded import EmbeddedBackend  # noqa: E402
from bot.llm.finetune import evaluate, load_examples  # noqa: E402
from bot.llm.guarded import GuardedGenerator  # noqa: E402


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


def gguf_bytes_per_token(path: Path) -> tuple[int, dict[str, int]]:
    """Bytes of GGUF weights one decode step reads: every tensor in full, except the input
    embedding, of which one row. Gemma ties its output layer to the embedding table, so that
    table is read in full anyway (as the output projection): it counts once, fully."""
    import gguf

    r = gguf.GGUFReader(str(path))
    parts = {"tensors": 0, "token_embd (tied output)": 0}
    for t in r.tensors:
        key = "token_embd (tied output)" if t.name == "token_embd.weight" else "tensors"
        parts[key] += int(t.n_bytes)
    return sum(parts.values()), parts


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))]


def llamacpp_speed(backend, prompts: list[str], max_new: int) -> dict[str, float]:
    """Decode tokens/s (tokens after the first over the time after the first) and TTFT with an
    empty KV cache (cold) and with this very prompt cached (warm)."""
    llm = backend.load()
    backend.generate_sync(prompts[0], 4, stop=())      # warm-up
    rates, cold, warm, n_tok = [], [], [], []
    for p in prompts:
        llm.reset()                                     # empty KV cache: the whole prompt is read
        t0 = time.perf_counter()
        c = backend.generate_sync(p, max_new, stop=())
        total = time.perf_counter() - t0
        cold.append(c.ttft_s)
        if c.tokens > 1:
            rates.append((c.tokens - 1) / max(1e-6, total - (c.ttft_s or 0)))
        warm.append(backend.generate_sync(p, 1, stop=()).ttft_s)
        n_tok.append(len(llm.tokenize(p.encode())))
    return {"prompt_tokens": statistics.median(n_tok), "tok_s": statistics.median(rates),
            "ttft_cold_s": statistics.median(cold), "ttft_warm_s": statistics.median(warm)}


def llamacpp_prefix_ttft(backend, prompts: list[str]) -> dict[str, float]:
    """TTFT for turn N when turn N-1 (another request, same fixed prefix) is in the KV cache."""
    llm = backend.load()
    llm.reset()
    backend.generate_sync(prompts[0], 1, stop=())
    warm = []
    for p in prompts[1:]:
        c = backend.generate_sync(p, 1, stop=())
        warm.append(c.ttft_s)
    return {"ttft_next_turn_s": statistics.median(warm)}


def understanding_ttft(backend) -> dict[str, float]:
    """The understanding prompt through llama.cpp's chat format and JSON-schema grammar."""
    from bot.llm import understand as U

    llm = backend.load()
    orders = [{"id": "SO202611261030", "status": "shipped", "items": [{"name": "AirFlow HD-2000 吹风机"}]},
              {"id": "SO202611270605", "status": "paid", "items": [{"name": "电热水壶 1.5L"}]}]
    texts = ["我的吹风机到哪了", "cancel the kettle please", "the zipper broke after two days", "转人工"]
    lat, first, prompt_tokens = [], [], 0
    llm.reset()
    for i, text in enumerate(texts):
        ctx = U.UnderstandingContext(text, "en", [], None, None, {}, orders, [])
        schema = U.command_schema([o["id"] for o in orders])
        t0 = time.perf_counter()
        f = None
        out = []
        for chunk in llm.create_chat_completion(U.messages(ctx), max_tokens=96, temperature=0.0, stream=True,
                                                response_format=U.response_format(schema, "json_object")):
            piece = chunk["choices"][0]["delta"].get("content")
            if piece:
                f = f or time.perf_counter() - t0
                out.append(piece)
        lat.append(time.perf_counter() - t0)
        if i:
            first.append(f or 0.0)
        prompt_tokens = llm.n_tokens
    return {"understand_ttft_warm_s": statistics.median(first), "understand_latency_s": statistics.median(lat),
            "understand_prompt_tokens": prompt_tokens}


async def concurrent_latency(gen, reqs, customers: int = 4) -> dict[str, float]:
    """`customers` requests at once, twice over: per-request latency through the guarded generator."""
    lat: list[float] = []

    async def one(req) -> None:
        t0 = time.perf_counter()
        await gen.generate(req)
        lat.append(time.perf_counter() - t0)
    for round_ in range(2):
        batch = reqs[round_ * customers:(round_ + 1) * customers] or reqs[:customers]
        await asyncio.gather(*(one(r) for r in batch))
    return {"p50_s": statistics.median(lat), "p95_s": _pct(lat, 0.95)}


def run_llamacpp(settings, bw: float, args, max_new: int) -> dict:
    from bot.llm.llamacpp import LlamaCppBackend, packaged_gguf

    bw = memory_bandwidth_gbs()     # again: the machine's load moves it; the bound uses the moment's
    print(f"\nmemory bandwidth before llama.cpp: {bw:.1f} GB/s; load average {os.getloadavg()[0]:.1f}")

    path = packaged_gguf()
    # One context: the cold / warm / next-turn figures below drive its cache directly (the
    # product's two prefix-caching contexts are measured by bench/bench_llm_first_token.py).
    backend = LlamaCppBackend(path, n_threads=args.threads, slots=1)
    t0 = time.perf_counter()
    backend.load()
    load_s = time.perf_counter() - t0
    per_tok, parts = gguf_bytes_per_token(path)
    bound = bw * 1e9 / per_tok
    gen = GuardedGenerator(backend, max_new_tokens=max_new, timeout_s=120.0)
    held = load_examples(split="heldout")[: args.requests]
    prompts = [str(gen.build_prompt(e.request)) for e in held]
    sp = llamacpp_speed(backend, prompts[: min(4, len(prompts))], max_new)
    sp.update(llamacpp_prefix_ttft(backend, prompts[: min(6, len(prompts))]))
    sp.update(understanding_ttft(backend))
    res = asyncio.run(grounded_rate(backend, 0 if args.speed_only else args.requests, max_new))
    kept_same = sum(1 for rid, text, ok in res.samples if ok and
                    " ".join(text.split()) == " ".join(next(e for e in held if e.id == rid).request.template_answer.split()))
    conc = {"p50_s": float("nan"), "p95_s": float("nan")} if args.speed_only else asyncio.run(
        concurrent_latency(GuardedGenerator(backend, max_new_tokens=max_new, timeout_s=120.0), [e.request for e in held]))
    row = {"variant": "llamacpp-q4_k_m", "adapter": None, "load_s": round(load_s, 2), "bytes_per_token": per_tok,
           "bound_tok_s": round(bound, 1), **{k: round(v, 3) for k, v in sp.items()},
           "grounded_rate": round(res.rate, 3), "grounded": f"{res.grounded}/{res.n}",
           "kept_equal_to_template": kept_same,
           "guarded_latency_s": round(res.seconds / max(1, res.n), 3),
           "four_customers_p50_s": round(conc["p50_s"], 3), "four_customers_p95_s": round(conc["p95_s"], 3)}
    print(f"\n[llama.cpp Q4_K_M] {path.name} load {load_s:.1f} s, {args.threads} threads")
    print(f"  weights read per token: {' + '.join(f'{k} {v / 1e6:.1f} MB' for k, v in parts.items())} "
          f"= {per_tok / 1e6:.1f} MB")
    print(f"  bound: {bw:.1f} GB/s / {per_tok / 1e6:.1f} MB per token = {bound:.1f} tokens/s")
    print(f"  measured: {sp['tok_s']:.1f} tokens/s decode ({sp['tok_s'] / bound:.0%} of bound); "
          f"TTFT cold {sp['ttft_cold_s'] * 1000:.0f} ms / same prompt cached {sp['ttft_warm_s'] * 1000:.0f} ms / "
          f"next turn (fixed prefix cached) {sp['ttft_next_turn_s'] * 1000:.0f} ms "
          f"for a {sp['prompt_tokens']:.0f}-token prompt")
    print(f"  understanding prompt ({sp['understand_prompt_tokens']} tokens, JSON-schema grammar): "
          f"TTFT next turn {sp['understand_ttft_warm_s'] * 1000:.0f} ms, full reply {sp['understand_latency_s']:.2f} s")
    print(f"  guarded generator: {res.summary()}; {row['guarded_latency_s']:.2f} s per answer; "
          f"{kept_same} kept answers equal to the template (whitespace aside)")
    print(f"  4 customers at once: p50 {conc['p50_s']:.2f} s, p95 {conc['p95_s']:.2f} s per answer")
    asyncio.run(backend.close())
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=12, help="held-out requests for latency and pass rate")
    ap.add_argument("--variants", default="float32", help="comma list of float32 (shipped), bfloat16, int8")
    ap.add_argument("--runtimes", default="transformers,llamacpp", help="comma list: transformers, llamacpp")
    ap.add_argument("--speed-only", action="store_true",
                    help="decode speed and TTFT only (no grounded rate, no 4-customer run): a quick ratio")
    ap.add_argument("--threads", type=int, default=1, help="CPU threads for both runtimes (torch and llama.cpp)")
    ap.add_argument("--max-new-tokens", type=int, default=None)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    settings = load_settings()
    model = settings["generator"]["model"]
    max_new = args.max_new_tokens or settings["generator"]["max_new_tokens"]
    bw = memory_bandwidth_gbs()
    print(f"memory bandwidth (numpy copy, read+write): {bw:.1f} GB/s; load average {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} CPUs (other work on the machine slows every figure; compare ratios)")
    results = []
    runtimes = args.runtimes.split(",")
    for variant in (args.variants.split(",") if "transformers" in runtimes else []):
        quant = "int8" if variant == "int8" else None
        backend = EmbeddedBackend(model, settings.data_dir, quantize=quant, dtype=variant if not quant else "float32",
                                  threads=args.threads)
        t0 = time.perf_counter()
        backend.load()
        load_s = time.perf_counter() - t0
        per_tok, parts = weight_bytes_per_token(backend._lm)
        bound = bw * 1e9 / per_tok
        gen = GuardedGenerator(backend, max_new_tokens=max_new)
        held = load_examples(split="heldout")[: args.requests]
        prompts = [str(gen.build_prompt(e.request)) for e in held]
        sp = speed(backend, prompts[: min(6, len(prompts))], max_new)
        res = asyncio.run(grounded_rate(backend, 0 if args.speed_only else args.requests, max_new))
        row = {"variant": variant, "adapter": str(backend.adapter) if backend.adapter else None,
               "load_s": round(load_s, 2), "bytes_per_token": per_tok, "bound_tok_s": round(bound, 1),
               **{k: round(v, 3) for k, v in sp.items()},
               "grounded_rate": round(res.rate, 3), "grounded": f"{res.grounded}/{res.n}",
               "guarded_latency_s": round(res.seconds / max(1, res.n), 3)}
        results.append(row)
        print(f"\n[transformers {variant}] adapter={row['adapter']} load {load_s:.1f} s, {args.threads} thread(s)")
        print(f"  weights read per token: linear {parts['linear'] / 1e6:.1f} MB + embedding row "
              f"{parts['embedding_row'] / 1e3:.1f} kB + norms {parts['other'] / 1e3:.1f} kB = {per_tok / 1e6:.1f} MB")
        print(f"  bound: {bw:.1f} GB/s / {per_tok / 1e6:.1f} MB per token = {bound:.1f} tokens/s")
        print(f"  measured: {sp['tok_s']:.1f} tokens/s decode ({sp['tok_s'] / bound:.0%} of bound), "
              f"TTFT {sp['ttft_s'] * 1000:.0f} ms for a {sp['prompt_tokens']:.0f}-token prompt, "
              f"generation latency {sp['gen_latency_s']:.2f} s (max_new_tokens={max_new})")
        print(f"  guarded generator: {res.summary()}; {row['guarded_latency_s']:.2f} s per answer")
        asyncio.run(backend.close())
        del backend, gen
    if "llamacpp" in runtimes:
        results.append(run_llamacpp(settings, bw, args, max_new))
    if len(results) > 1:
        base = results[0]
        print("\nratios (one run):")
        for r in results[1:]:
            lat = (f"; guarded latency {r['guarded_latency_s'] / base['guarded_latency_s']:.2f}x"
                   if base["guarded_latency_s"] else "")
            print(f"  {r['variant']} / {base['variant']}: decode {r['tok_s'] / base['tok_s']:.1f}x; "
                  f"share of own bound {r['tok_s'] / r['bound_tok_s']:.0%} vs {base['tok_s'] / base['bound_tok_s']:.0%}"
                  + lat)
    if args.json:
        print(json.dumps({"bandwidth_gbs": round(bw, 2), "results": results}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
