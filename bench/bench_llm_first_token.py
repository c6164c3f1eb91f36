"""Time to the first token of the embedded llama.cpp generator on the real prompt (issue #15).

Where the wait before the first word goes, on the real completion prompt (bot/llm/prompt.py,
held-out requests from bot/llm/data/examples.jsonl) in the order real traffic brings them
(Chinese and English mixed):
- the prompt's length, split into the fixed prefix (instructions and examples) and the
  per-request tail, and the prompt-processing speed (tokens/s) of this machine right now;
- TTFT of each backend setting, measured in interleaved rounds so the settings share the
  machine's moments (it is shared and noisy: compare the ratios, read the medians):
    before   one llama.cpp context with the default sliding-window cache, no warm-up (as shipped
             before): a zh prompt after an en one shares only a few tokens, so almost the whole
             prompt is read again;
    after    `slots` contexts, each prompt sent to the one caching its longest prefix, the
             fixed prefixes warmed at start (GuardedGenerator.start): only the tail is read;
    after-nofacts  the same, with the prompt's facts line left out (the draft states the facts;
             the facts line was about half of the tail);
  plus `after` with `--threads-batch` threads for prompt processing when asked, and with
  `--quality N` the grounded rate of the prompt with and without facts on N held-out requests.

    python bench/bench_llm_first_token.py [--requests 12] [--rounds 3] [--threads-batch 2]
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.llm import prompt as prompts  # noqa: E402
from bot.llm.finetune import load_examples  # noqa: E402
from bot.llm.guarded import GuardedGenerator  # noqa: E402
from bot.llm.llamacpp import LlamaCppBackend, packaged_gguf  # noqa: E402


def pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))] if xs else float("nan")


def mixed_requests(n: int) -> list[Any]:
    """Held-out requests, zh and en alternating (the web chat's traffic is mixed)."""
    held = load_examples(split="heldout")
    by_lang = {lang: [e.request for e in held if e.request.language == lang] for lang in prompts.LANGUAGES}
    out: list[Any] = []
    i = 0
    while len(out) < n:
        for lang in prompts.LANGUAGES:
            if i < len(by_lang[lang]):
                out.append(by_lang[lang][i])
        i += 1
    return out[:n]


def run_setting(backend: LlamaCppBackend, reqs: list[Any], max_new: int) -> list[dict[str, float]]:
    gen = GuardedGenerator(backend, max_new_tokens=max_new)
    rows = []
    for req in reqs:
        p = str(gen.build_prompt(req))
        c = backend.generate_sync(p, max_new)
        rows.append({"ttft": c.ttft_s or float("nan"), "tokens": backend.last_prompt_tokens,
                     "evaluated": backend.last_prompt_tokens - backend.last_cached_tokens})
    return rows


def quality(settings: dict[str, LlamaCppBackend], n: int) -> dict[str, float]:
    """Grounded pass rate and whole-answer latency of the prompt with and without the facts
    line, on the same held-out requests, alternating request by request."""
    reqs = mixed_requests(n)
    variants = {"facts": settings["after"], "nofacts": settings["after-nofacts"]}
    gens = {k: GuardedGenerator(b, max_new_tokens=96, timeout_s=120.0) for k, b in variants.items()}
    got: dict[str, list[Any]] = {k: [] for k in gens}
    lat: dict[str, list[float]] = {k: [] for k in gens}

    async def run() -> None:
        for i, req in enumerate(reqs):
            for k in (list(gens) if i % 2 == 0 else list(reversed(gens))):
                t0 = time.perf_counter()
                got[k].append((req, await gens[k].generate(req)))
                lat[k].append(time.perf_counter() - t0)
    asyncio.run(run())
    out: dict[str, float] = {}
    for k, rows in got.items():
        grounded = sum(1 for _, g in rows if g.grounded)
        same = sum(1 for r, g in rows if g.grounded and " ".join(g.text.split()) == " ".join(r.template_answer.split()))
        reasons: dict[str, int] = {}
        for _, g in rows:
            if not g.grounded and g.reason:
                for why in g.reason.split("; "):
                    key = " ".join(why.split(" ")[:2])
                    reasons[key] = reasons.get(key, 0) + 1
        print(f"quality {k:<8} grounded {grounded}/{len(rows)} ({same} equal to the template), answer latency "
              f"p50 {statistics.median(lat[k]):.2f} s p95 {pct(lat[k], 0.95):.2f} s; rejections {reasons}")
        out[f"{k}_grounded_rate"] = round(grounded / max(1, len(rows)), 3)
        out[f"{k}_answer_p50_s"] = round(statistics.median(lat[k]), 3)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=12)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--max-new-tokens", type=int, default=4, help="tokens per request (TTFT needs one)")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--threads-batch", type=int, default=0, help="also measure 'after' with this many "
                                                                 "prompt-processing threads")
    ap.add_argument("--slots", type=int, default=2)
    ap.add_argument("--quality", type=int, default=0, help="also: grounded rate with / without the facts line "
                                                          "on this many held-out requests")
    args = ap.parse_args()
    path = packaged_gguf()
    reqs = mixed_requests(args.requests)
    print(f"# bench/bench_llm_first_token.py --requests {args.requests} --rounds {args.rounds} "
          f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f} on "
          f"{os.cpu_count()} CPUs)")

    settings: dict[str, LlamaCppBackend] = {
        "before": LlamaCppBackend(path, n_threads=args.threads, slots=1, swa_full=False),
        "after": LlamaCppBackend(path, n_threads=args.threads, slots=args.slots),
    }
    settings["after-nofacts"] = LlamaCppBackend(path, n_threads=args.threads, slots=args.slots, prompt_facts=False)
    if args.threads_batch:
        settings[f"after+batch{args.threads_batch}"] = LlamaCppBackend(
            path, n_threads=args.threads, n_threads_batch=args.threads_batch, slots=args.slots)

    async def start_all() -> None:
        await settings["before"].start()                    # load only: what start() did before
        for name, backend in settings.items():
            if name != "before":
                await GuardedGenerator(backend).start()     # load + warm the fixed prefixes
    t0 = time.perf_counter()
    asyncio.run(start_all())
    print(f"start-up (load all, warm the 'after' prefixes): {time.perf_counter() - t0:.1f} s")

    # The prompt's anatomy, and this moment's prompt-processing speed (cold, whole prompt).
    probe = settings["before"]
    gen = GuardedGenerator(probe)
    lens = {lang: len(probe.tokenize(prompts.completion_prefix(lang))) for lang in prompts.LANGUAGES}
    whole = [len(probe.tokenize(str(gen.build_prompt(r)))) for r in reqs]
    print(f"prompt tokens: median {statistics.median(whole):.0f} (min {min(whole)}, max {max(whole)}); "
          f"fixed prefix {', '.join(f'{k} {v}' for k, v in lens.items())}; "
          f"tail median {statistics.median(w - lens[r.language] for w, r in zip(whole, reqs)):.0f}")

    results: dict[str, list[dict[str, float]]] = {name: [] for name in settings}
    pp_speed: list[float] = []
    for rnd in range(args.rounds):
        # Prompt processing on this machine now: one whole prompt, cache emptied first.
        llm = probe.load()
        llm.reset()
        p = str(gen.build_prompt(reqs[rnd % len(reqs)]))
        c = probe.generate_sync(p, 1)
        pp_speed.append(probe.last_prompt_tokens / (c.ttft_s or 1e9))
        order = list(settings) if rnd % 2 == 0 else list(reversed(settings))
        for name in order:
            rows = run_setting(settings[name], reqs, args.max_new_tokens)
            results[name] += rows
            print(f"round {rnd + 1} {name:<14} TTFT p50 {statistics.median(r['ttft'] for r in rows) * 1000:6.0f} ms "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"prompt processing (whole prompt, empty cache): median {statistics.median(pp_speed):.0f} tokens/s")
    headline: dict[str, float] = {}
    base = statistics.median(r["ttft"] for r in results["before"])
    for name, rows in results.items():
        ttfts = [r["ttft"] for r in rows]
        p50, p95 = statistics.median(ttfts), pct(ttfts, 0.95)
        ev = statistics.median(r["evaluated"] for r in rows)
        print(f"{name:<14} TTFT p50 {p50 * 1000:6.0f} ms  p95 {p95 * 1000:6.0f} ms  "
              f"tokens evaluated per prompt (median) {ev:.0f} of {statistics.median(r['tokens'] for r in rows):.0f}  "
              f"p50 ratio to before {p50 / base:.2f}")
        key = name.replace("+", "_").replace("-", "_")
        headline[f"{key}_ttft_p50_s"] = round(p50, 3)
        headline[f"{key}_ttft_p95_s"] = round(p95, 3)
    if args.quality:
        headline.update(quality(settings, args.quality))
    for backend in settings.values():
        asyncio.run(backend.close())
    print("RESULT " + json.dumps(headline))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
