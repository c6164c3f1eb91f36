"""Decode speed of the packaged Gemma 3 270M GGUF under llama.cpp settings, against the bound.

Issue #15's target is decode at >= 60% of the memory-bandwidth bound. The bound: a decode step
reads every weight once, so tokens/s <= bandwidth / bytes of weights read per token. The bytes
are the GGUF's tensors as quantized (`bench_llm.gguf_bytes_per_token`: Q4_K/Q6_K blocks for the
layers, Q8_0 for the 262k-row embedding table Gemma ties to its output layer, read in full
every token); the bandwidth is a numpy copy measured right before each setting, in the same
process, because the shared machine's load moves it.

Each setting runs in its own process (OpenMP reads OMP_WAIT_POLICY once, when llama.cpp loads):
threads (1, 2), n_batch, flash attention, and OpenMP's wait policy — ACTIVE (the default: idle
threads spin at every barrier, which on cores shared with other work starves the thread that
holds the work) or PASSIVE (they sleep). Settings are interleaved over `--rounds`, medians
reported, so the ratios share the machine's moments.

    python bench/bench_llama_settings.py [--tokens 64] [--rounds 3] [--settings 1:active,1:passive,2:passive,2:active]

(2:active is left out by default: on a busy shared machine its spinning threads may not decode
48 tokens in minutes.)
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

PROMPT = ("Customer: my kettle was charged twice, and the parcel still has not arrived. "
          "Bot: I am sorry to hear that. Let me check the order for you.\nBot:")


def one(threads: int, batch: int, flash: bool, tokens: int, repeats: int) -> dict[str, Any]:
    """One setting, in this process: decode tokens/s (best of `repeats`) and the bound now."""
    from bench_llm import gguf_bytes_per_token, memory_bandwidth_gbs
    from llama_cpp import Llama

    from bot.llm.llamacpp import packaged_gguf

    path = packaged_gguf()
    per_tok, parts = gguf_bytes_per_token(path)
    llm = Llama(model_path=str(path), n_ctx=512, n_threads=threads, n_threads_batch=threads, n_batch=batch,
                flash_attn=flash, verbose=False)
    best = 0.0
    bws = []
    for _ in range(repeats):
        bws.append(memory_bandwidth_gbs(mb=256, repeats=3))
        llm.reset()
        n, t_first = 0, 0.0
        for _chunk in llm.create_completion(PROMPT, max_tokens=tokens, temperature=0.0, stream=True):
            n += 1
            if n == 1:
                t_first = time.perf_counter()
        if n > 1:
            # Decode only: the first token also pays for the prompt.
            best = max(best, (n - 1) / (time.perf_counter() - t_first))
    bw = statistics.median(bws)
    return {"tok_s": best, "bw_gbs": bw, "bound_tok_s": bw * 1e9 / per_tok, "bytes_per_token": per_tok,
            "parts": parts}


def by_type(path: Path) -> dict[str, tuple[int, int]]:
    """Weights and bytes per quantization type in the GGUF (what a decode step actually reads)."""
    import gguf

    out: dict[str, tuple[int, int]] = {}
    for t in gguf.GGUFReader(str(path)).tensors:
        n, b = out.get(t.tensor_type.name, (0, 0))
        out[t.tensor_type.name] = (n + int(t.n_elements), b + int(t.n_bytes))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=2, help="decodes per setting per round (best kept)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--settings", default="1:active,1:passive,2:passive",
                    help="comma list of threads:waitpolicy[:batch[:flash]]")
    ap.add_argument("--one", help=argparse.SUPPRESS)      # internal: run one setting, print JSON
    args = ap.parse_args()
    if args.one:
        threads, batch, flash = args.one.split(":")
        print(json.dumps(one(int(threads), int(batch), flash == "1", args.tokens, args.repeats)))
        return 0
    from bench_llm import gguf_bytes_per_token

    from bot.llm.llamacpp import packaged_gguf

    path = packaged_gguf()
    per_tok, parts = gguf_bytes_per_token(path)
    print(f"# bench/bench_llama_settings.py --tokens {args.tokens} --rounds {args.rounds} --settings {args.settings} "
          f"({time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    print(f"weights read per token: {' + '.join(f'{k} {v / 1e6:.1f} MB' for k, v in parts.items())} "
          f"= {per_tok / 1e6:.1f} MB ({path.name})")
    print("by quantization type: " + "; ".join(f"{k} {n / 1e6:.1f}M weights {b / 1e6:.1f} MB ({8 * b / n:.2f} bits)"
                                             for k, (n, b) in by_type(path).items()))
    settings = []
    for spec in args.settings.split(","):
        bits = spec.split(":")
        threads, policy = int(bits[0]), bits[1].upper()
        batch = int(bits[2]) if len(bits) > 2 else 512
        flash = len(bits) > 3 and bits[3] in ("1", "flash")
        settings.append((threads, policy, batch, flash))
    got: dict[tuple[int, str, int, bool], list[dict[str, Any]]] = {s: [] for s in settings}
    for rnd in range(args.rounds):
        order = settings if rnd % 2 == 0 else list(reversed(settings))
        for s in order:
            threads, policy, batch, flash = s
            env = {**os.environ, "OMP_WAIT_POLICY": policy}
            out = subprocess.run([sys.executable, __file__, "--one", f"{threads}:{batch}:{int(flash)}",
                                  "--tokens", str(args.tokens), "--repeats", str(args.repeats)],
                                 env=env, capture_output=True, text=True, timeout=600)
            if out.returncode != 0:
                print(f"  {s}: failed: {out.stderr[-300:]}")
                continue
            row = json.loads(out.stdout.strip().splitlines()[-1])
            got[s].append(row)
            print(f"round {rnd + 1} threads={threads} OMP_WAIT_POLICY={policy} n_batch={batch} flash_attn={flash}: "
                  f"{row['tok_s']:.1f} tok/s, bound {row['bound_tok_s']:.1f} tok/s ({row['bw_gbs']:.1f} GB/s) "
                  f"-> {row['tok_s'] / row['bound_tok_s']:.0%}  (load {os.getloadavg()[0]:.1f})", flush=True)
    headline: dict[str, float] = {}
    print("medians over rounds:")
    for s, rows in got.items():
        if not rows:
            continue
        threads, policy, batch, flash = s
        tok = statistics.median(r["tok_s"] for r in rows)
        frac = statistics.median(r["tok_s"] / r["bound_tok_s"] for r in rows)
        bw = statistics.median(r["bw_gbs"] for r in rows)
        print(f"  threads={threads} {policy:<7} n_batch={batch} flash={flash}: {tok:.1f} tok/s, "
              f"{frac:.0%} of the bound (bandwidth median {bw:.1f} GB/s -> bound "
              f"{bw * 1e9 / per_tok:.1f} tok/s)")
        key = f"t{threads}_{policy.lower()}" + (f"_b{batch}" if batch != 512 else "") + ("_flash" if flash else "")
        headline[f"{key}_tok_s"] = round(tok, 1)
        headline[f"{key}_of_bound"] = round(frac, 3)
    print("RESULT " + json.dumps(headline))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
