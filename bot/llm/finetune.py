"""LoRA fine-tuning of the embedded model on the project's own reply examples, and evaluation.

`train()` fits a small LoRA adapter (peft) so the base model answers from the short prompt
(no few-shot examples: shorter prompts, faster first token) with faithful rewrites of the
draft. Only the reply tokens carry loss, and the output layer (262k-token vocabulary) is
applied to those positions only — on a 2-core CPU that is most of the saving.
`evaluate()` runs requests through the real guarded generator and reports the grounded pass
rate: the figure that decides whether an adapter ships.
"""
from __future__ import annotations

import json
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.llm.base import GenerationRequest
from bot.llm.prompt import completion_prompt

EXAMPLES = Path(__file__).resolve().parent / "data" / "examples.jsonl"
LORA_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj"]


@dataclass
class Example:
    id: str
    request: GenerationRequest
    answer: str
    split: str


def load_examples(path: Path = EXAMPLES, split: str | None = None) -> list[Example]:
    out: list[Example] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            fields = {k: row[k] for k in GenerationRequest.__dataclass_fields__ if k in row}
            fields["history"] = [tuple(h) for h in fields["history"]]
            if split is None or row["split"] == split:
                out.append(Example(row["id"], GenerationRequest(**fields), row["answer"], row["split"]))
    return out


@dataclass
class EvalResult:
    n: int
    grounded: int
    seconds: float
    tokens: int
    reasons: Counter[str] = field(default_factory=Counter)
    samples: list[tuple[str, str, bool]] = field(default_factory=list)   # (id, text, grounded)

    @property
    def rate(self) -> float:
        return self.grounded / self.n if self.n else 0.0

    def summary(self) -> str:
        top = ", ".join(f"{r} ×{c}" for r, c in self.reasons.most_common(4))
        return (f"grounded {self.grounded}/{self.n} = {self.rate:.1%}; {self.tokens} tokens in {self.seconds:.1f} s"
                + (f"; top rejections: {top}" if top else ""))


async def evaluate(generator: Any, requests: Iterable[tuple[str, GenerationRequest]]) -> EvalResult:
    """Grounded pass rate of `generator` (a GuardedGenerator) over (id, request) pairs."""
    t0 = time.perf_counter()
    res = EvalResult(0, 0, 0.0, 0)
    for rid, req in requests:
        gen = await generator.generate(req)
        res.n += 1
        res.tokens += gen.tokens
        if gen.grounded:
            res.grounded += 1
        elif gen.reason:
            # Group by kind of failure, not by the particular number.
            res.reasons.update({r.split(" ")[0] + " " + r.split(" ")[1] if " " in r else r
                                for r in gen.reason.split("; ")})
        res.samples.append((rid, gen.text, gen.grounded))
    res.seconds = time.perf_counter() - t0
    return res


def _encode(tok: Any, ex: Example, max_len: int) -> tuple[list[int], int]:
    prompt = completion_prompt(ex.request, shots=False)
    p_ids = tok(prompt)["input_ids"]
    a_ids = tok(" " + ex.answer + "\n", add_special_tokens=False)["input_ids"]
    ids = (p_ids + a_ids)[-max_len:]
    return ids, min(len(a_ids), len(ids) - 1)


def train(model_dir: Path, examples: list[Example], out_dir: Path, *, epochs: float = 1.0, rank: int = 8,
          lr: float = 2e-4, max_len: int = 320, seed: int = 0, log: Any = print,
          time_budget_s: float | None = None) -> dict[str, Any]:
    """Train a LoRA adapter on `examples` (their `answer` is the target); save it to `out_dir`."""
    return fit_lora(model_dir, lambda tok: [_encode(tok, ex, max_len) for ex in examples], out_dir,
                    epochs=epochs, rank=rank, lr=lr, seed=seed, log=log, time_budget_s=time_budget_s)


def fit_lora(model_dir: Path, encode: Callable[[Any], list[tuple[list[int], int]]], out_dir: Path, *,
             epochs: float = 1.0, rank: int = 8, lr: float = 2e-4, seed: int = 0, log: Any = print,
             time_budget_s: float | None = None, max_steps: int | None = None) -> dict[str, Any]:
    """The LoRA loop shared by the reply and the command adapters. `encode(tokenizer)` gives
    (token ids, n target tokens at the end) per example; only those targets carry loss."""
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, AutoTokenizer

    torch.manual_seed(seed)
    rng = random.Random(seed)
    tok = AutoTokenizer.from_pretrained(str(model_dir))
    base = AutoModelForCausalLM.from_pretrained(str(model_dir), dtype=torch.float32)
    cfg = LoraConfig(r=rank, lora_alpha=2 * rank, lora_dropout=0.05, target_modules=LORA_TARGETS,
                     task_type="CAUSAL_LM")
    model = get_peft_model(base, cfg)
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    n_trainable = sum(p.numel() for p in params)
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    data = encode(tok)
    steps = max(1, math.ceil(len(data) * epochs))
    if max_steps:
        steps = min(steps, max_steps)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / 10) * max(0.05, 1 - s / steps))
    # Any: torch's Module.__getattr__ types every attribute as Tensor | Module, so the
    # transformers methods reached through it (model, get_output_embeddings) would not type-check.
    inner: Any = model.get_base_model()
    lm_head = inner.get_output_embeddings()
    order: list[int] = []
    t0 = time.perf_counter()
    losses: list[float] = []
    done = 0
    for step in range(steps):
        if not order:
            order = list(range(len(data)))
            rng.shuffle(order)
        ids, n_ans = data[order.pop()]
        x = torch.tensor([ids])
        with torch.autocast("cpu", dtype=torch.bfloat16):
            hidden = inner.model(input_ids=x).last_hidden_state
            # Logits for the reply positions only: the 262k-wide output layer dominates otherwise.
            h = hidden[:, -n_ans - 1:-1, :]
            logits = lm_head(h).float()
        softcap = getattr(inner.config, "final_logit_softcapping", None)
        if softcap:
            logits = torch.tanh(logits / softcap) * softcap
        target = x[:, -n_ans:]
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        sched.step()
        opt.zero_grad(set_to_none=True)
        losses.append(float(loss.detach()))
        done = step + 1
        if done % 20 == 0 or done == steps:
            log(f"step {done}/{steps} loss {sum(losses[-20:]) / len(losses[-20:]):.3f} "
                f"({time.perf_counter() - t0:.0f} s)")
        if time_budget_s and time.perf_counter() - t0 > time_budget_s:
            log(f"time budget reached after {done} steps")
            break
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    # Keep what is needed to load it; drop peft's README boilerplate.
    (out_dir / "README.md").unlink(missing_ok=True)
    return {"steps": done, "seconds": round(time.perf_counter() - t0, 1), "trainable_params": n_trainable,
            "final_loss": round(sum(losses[-20:]) / max(1, len(losses[-20:])), 4)}
