"""Decode speed of the packaged Gemma 3 270M GGUF under llama.cpp settings, against the bound.

Issue #15's target is decode at >= 60% of the memory-bandwidth bound (bytes of weights read per
token, `bench_llm.gguf_bytes_per_token`, over a numpy-copy bandwidth measured right before each
setting, because the shared machine's load moves it). Sweeps threads, n_batch, flash attention
and mmap/mlock; each setting decodes the same prompt greedily for `--tokens` tokens, best of
`--repeats`. One run, so the ratios share one machine state.

    .venv/bin/python bench/bench_llama_settings.py [--tokens 64] [--repeats 2]
"""
from __future__ import annotations

import argparse
import itertools
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_llm import gguf_bytes_per_token, memory_bandwidth_gbs  # noqa: E402

PROMPT = ("Customer: my kettle was charged twice, and the parcel still has not arrived. "
          "Bot: I am sorry to hear that. Let me check the order for you.\nBot:")


def decode_tok_s(llm: Any, tokens: int, repeats: int) -> float:
    best = 0.0
    for _ in range(repeats):
        llm.reset()
        n, t_first, t_end = 0, 0.0, 0.0
        for _chunk in llm.create_completion(PROMPT, max_tokens=tokens, temperature=0.0, stream=True):
            n += 1
            if n == 1:
                t_first = time.perf_counter()
        t_end = time.perf_counter()
        if n > 1:
            # Decode only: the first token also pays for the prompt.
            best = max(best, (n - 1) / (t_end - t_first))
    return best


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--threads", default="1,2")
    ap.add_argument("--batch", default="64,512")
    args = ap.parse_args()
    from llama_cpp import Llama

    from bot.llm.llamacpp import packaged_gguf

    path = packaged_gguf()
    per_tok, _ = gguf_bytes_per_token(path)
    print(f"# bench/bench_llama_settings.py --tokens {args.tokens} --repeats {args.repeats} "
          f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"weights read per token: {per_tok / 1e6:.1f} MB ({path.name})")
    rows = []
    grid = itertools.product([int(t) for t in args.threads.split(",")], [int(b) for b in args.batch.split(",")],
                             [False, True], [(True, False), (False, False), (True, True)])
    for threads, batch, flash, (mmap, mlock) in grid:
        # Skip the combinations that cannot change decode much, to keep the sweep short.
        if (mmap, mlock) != (True, False) and (batch != 512 or flash):
            continue
        llm = Llama(model_path=str(path), n_ctx=512, n_threads=threads, n_threads_batch=threads, n_batch=batch,
                    flash_attn=flash, use_mmap=mmap, use_mlock=mlock, verbose=False)
        bw = memory_bandwidth_gbs(mb=256, repeats=3)
        tok_s = decode_tok_s(llm, args.tokens, args.repeats)
        bound = bw * 1e9 / per_tok
        rows.append((tok_s / bound, threads, batch, flash, mmap, mlock, tok_s, bound, bw))
        print(f"threads={threads} n_batch={batch} flash_attn={flash} mmap={mmap} mlock={mlock}: "
              f"{tok_s:.1f} tok/s, bound {bound:.1f} tok/s ({bw:.1f} GB/s) -> {tok_s / bound:.0%}", flush=True)
        del llm
    best = max(rows)
    print(f"best: threads={best[1]} n_batch={best[2]} flash_attn={best[3]} mmap={best[4]} mlock={best[5]}: "
          f"{best[6]:.1f} tok/s = {best[0]:.0%} of the bound ({best[7]:.1f} tok/s); load now {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
