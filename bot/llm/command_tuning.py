"""The embedded model fine-tuned as a command generator (issue #15), and its command source.

The adapter reads a short prompt — one instruction line and the per-turn block of
`understand.turn_block` (active flow, slots, the customer's orders, the history, the message),
no few-shot examples — and writes the commands as one line of compact JSON. The reply goes
through the same strict `parse_commands` as a server's, so an adapter can never propose a
shop action or another customer's order. Training data: `bot.llm.data.command_examples`.

    .venv/bin/python -m bot.llm.command_tuning --data ~/.cache/aftersales/cmd_train.jsonl \\
        --out ~/.cache/aftersales/adapters/gemma3-270m-commands [--minutes 16]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from bot.dialogue.commands import UnderstandingContext, Understood
from bot.llm.understand import LLMUnderstood, UnderstandingFailed, parse_commands, turn_block

INSTRUCTION = "Commands (JSON) for the customer's latest message."
ANSWER_CUE = "\nJSON:"
CACHE = Path("~/.cache/aftersales").expanduser()


def prompt(ctx: UnderstandingContext) -> str:
    return INSTRUCTION + "\n" + turn_block(ctx) + ANSWER_CUE


def target(commands: Sequence[Mapping[str, Any]]) -> str:
    """The training target: one line, compact, the exact shape `parse_commands` accepts."""
    cmds = [{"name": c["name"], "args": dict(c.get("args", {}))} for c in commands]
    return " " + json.dumps({"commands": cmds}, ensure_ascii=False, separators=(",", ":"))


def context_of(row: Mapping[str, Any]) -> UnderstandingContext:
    """A generated example (or a held-out turn plus its orders) as the context a source reads."""
    return UnderstandingContext(text=row["text"], language=row["lang"], history=[tuple(h) for h in row["history"]],
                                flow=row["flow"], step=row["step"], slots=row["slots"], orders=row["orders"],
                                catalogue=[])


def encode_rows(tok: Any, rows: Sequence[Mapping[str, Any]], max_len: int = 256) -> list[tuple[list[int], int]]:
    out = []
    for row in rows:
        p_ids = tok(prompt(context_of(row)))["input_ids"]
        a_ids = tok(target(row["expect"]), add_special_tokens=False)["input_ids"] + [tok.eos_token_id]
        ids = (p_ids + a_ids)[-max_len:]
        out.append((ids, min(len(a_ids), len(ids) - 1)))
    return out


def read_reply(reply: str, ctx: UnderstandingContext, prompt_text: str, confidence: float = 0.8,
               source: str = "llm-embedded-ft") -> LLMUnderstood:
    """The adapter's reply as commands, through the servers' strict parser; the prompt rides
    along for the trace, also on a rejection."""
    try:
        cmds = parse_commands(reply, ctx)
    except UnderstandingFailed as exc:
        raise UnderstandingFailed(exc.kind, exc.detail, prompt_text) from None
    return LLMUnderstood(cmds, confidence, source, ("fine-tuned embedded model",), prompt=prompt_text)


class FineTunedCommandSource:
    """CommandSource on the base model plus the command adapter, run with transformers on CPU.

    Blocking generation runs on one private thread (the model is not re-entrant); greedy,
    stopped at a newline or end of sequence, and at `timeout` via transformers' max_time.
    """

    source = "llm-embedded-ft"

    def __init__(self, model_dir: Path, adapter_dir: Path, *, timeout: float = 10.0, max_new_tokens: int = 64,
                 confidence: float = 0.8, threads: int = 1) -> None:
        self.model_dir, self.adapter_dir = Path(model_dir), Path(adapter_dir)
        self.timeout, self.max_new_tokens, self.confidence, self.threads = timeout, max_new_tokens, confidence, threads
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cmd-ft")
        self._model: Any = None
        self._tok: Any = None

    def load(self) -> None:
        if self._model is not None:
            return
        import torch
        from peft import PeftModel
        from transformers import AutoModelForCausalLM, AutoTokenizer

        torch.set_num_threads(self.threads)
        self._tok = AutoTokenizer.from_pretrained(str(self.model_dir))
        base = AutoModelForCausalLM.from_pretrained(str(self.model_dir), dtype=torch.float32)
        # Merged: one matmul per layer instead of base + LoRA at every decode step.
        self._model = PeftModel.from_pretrained(base, str(self.adapter_dir)).merge_and_unload().eval()

    def generate_sync(self, text: str) -> str:
        import torch

        self.load()
        ids = self._tok(text, return_tensors="pt")
        nl = self._tok("\n", add_special_tokens=False)["input_ids"]
        with torch.inference_mode():
            out = self._model.generate(**ids, max_new_tokens=self.max_new_tokens, do_sample=False,
                                       max_time=self.timeout, eos_token_id=[self._tok.eos_token_id] + nl[-1:],
                                       pad_token_id=self._tok.eos_token_id)
        return str(self._tok.decode(out[0, ids["input_ids"].shape[1]:], skip_special_tokens=True))

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        p = prompt(ctx)
        t0 = time.perf_counter()
        reply = await asyncio.get_running_loop().run_in_executor(self._pool, self.generate_sync, p)
        if time.perf_counter() - t0 >= self.timeout:
            raise UnderstandingFailed("timeout", f"no reply in {self.timeout:.1f} s", p)
        return read_reply(reply, ctx, p, self.confidence, self.source)

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


def main() -> int:
    ap = argparse.ArgumentParser(description="LoRA-train the embedded model as a command generator")
    ap.add_argument("--data", type=Path, default=CACHE / "cmd_train.jsonl")
    ap.add_argument("--model-dir", type=Path, default=CACHE / "models" / "gemma3-270m")
    ap.add_argument("--out", type=Path, default=CACHE / "adapters" / "gemma3-270m-commands")
    ap.add_argument("--minutes", type=float, default=16.0, help="wall-clock training budget")
    ap.add_argument("--steps", type=int, default=450)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--lr", type=float, default=4e-4)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    import torch

    from bot.llm.finetune import fit_lora

    torch.set_num_threads(args.threads)
    rows = [json.loads(line) for line in args.data.read_text(encoding="utf-8").splitlines() if line.strip()]
    info = fit_lora(args.model_dir, lambda tok: encode_rows(tok, rows), args.out, epochs=1.0, rank=args.rank,
                    lr=args.lr, time_budget_s=args.minutes * 60, max_steps=args.steps)
    info.update({"examples": len(rows), "rank": args.rank, "lr": args.lr, "data": str(args.data)})
    (args.out / "train_info.json").write_text(json.dumps(info, indent=1), encoding="utf-8")
    print(json.dumps(info))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
