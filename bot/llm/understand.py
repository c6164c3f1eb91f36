"""LLM understanding: a model on an OpenAI-compatible server reads a turn and returns commands.

    source = LLMCommandSource(OpenAICompatBackend(url, model), model, timeout=2.5)
    understood = await source.understand(ctx)         # raises UnderstandingFailed
    router = RoutedCommandSource(classic, source, mode="llm_when_unsure", threshold=0.5)
    understood = await router.understand(ctx)         # never raises: falls back to classic

The model only *proposes* commands of the dialogue core (`COMMAND_NAMES`, `FLOW_NAMES`): it
never sees a tool and cannot act; the flows still decide, check policy and confirm. Its reply
is structured output (a JSON schema sent as `response_format`, built per turn so the grammar
itself only admits this customer's order ids), and is parsed strictly anyway, because a
hosted server may ignore the schema: anything that does not validate is rejected as a whole
("invalid_output") and the classic understanding is used instead.

The prompt holds only redacted text: the conversation (already redacted by the pipeline),
the active flow and slots, the customer's orders reduced to ids, statuses and items, and the
catalogue entries that matter. Its fixed part (instructions, examples) comes first so a
server that caches the prompt prefix (llama.cpp does) only reads the per-turn tail.
"""
from __future__ import annotations

import contextlib
import contextvars
import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.dialogue.commands import (
    COMMAND_NAMES,
    FLOW_NAMES,
    Command,
    CommandSource,
    UnderstandingContext,
    Understood,
)
from bot.llm.base import BackendError, BackendTimeout
from bot.llm.fallbacks import log_fallback

MODES = ("classic", "llm", "llm_when_unsure")
MAX_COMMANDS = 3
_SLOT = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_MAX_VALUE = 200
# Slots the schema offers the model (set_slot / correct_slot take {slot: value, ...}). The parser
# accepts any slot-shaped name, as a hosted server may not enforce the schema; the flows decide
# which slots they use.
SLOT_NAMES = ("order_id", "reason", "item", "option", "size", "color", "qty", "address", "payment_method",
              "wanted", "issue")
CHITCHAT_KINDS = ("greeting", "thanks", "bye", "other")
# Free-text args of the other commands (Command's docstring in bot/dialogue/commands.py).
_TEXT_ARGS = {"knowledge_answer": ("query",), "handoff": ("reason",)}


@dataclass(frozen=True)
class LLMUnderstood(Understood):
    """An `Understood` that also says what the model saw and why it was not used, if it wasn't."""

    prompt: str | None = None
    fallback_reason: str | None = None


class UnderstandingFailed(Exception):
    """The LLM gave no usable commands; `kind` is a fallback kind, `detail` says more."""

    def __init__(self, kind: str, detail: str, prompt: str | None = None) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind, self.detail, self.prompt = kind, detail, prompt

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.detail}" if self.detail and self.detail != self.kind else self.kind


# -- the schema ------------------------------------------------------------------------------------

def command_schema(order_ids: Sequence[str] = ()) -> dict[str, Any]:
    """JSON schema of the model's reply. Order ids are an enum of this customer's own orders, so
    a grammar-constrained server cannot even write another id."""
    text = {"type": "string", "maxLength": _MAX_VALUE}

    def cmd(name: Any, args: dict[str, Any] | None = None, required: bool = False) -> dict[str, Any]:
        props: dict[str, Any] = {"name": name}
        if args is not None:
            props["args"] = {"type": "object", "properties": args, "additionalProperties": False}
        return {"type": "object", "properties": props, "required": ["name", "args"] if required else ["name"],
                "additionalProperties": False}
    slots: dict[str, Any] = {k: dict(text) for k in SLOT_NAMES if k not in ("order_id", "qty")}
    slots["qty"] = {"type": "integer", "minimum": 1, "maximum": 99}
    if order_ids:
        slots["order_id"] = {"enum": list(order_ids)}
    start = cmd({"const": "start_flow"}, {"flow": {"enum": list(FLOW_NAMES)}}, required=True)
    start["properties"]["args"]["required"] = ["flow"]
    variants = [
        start,
        cmd({"enum": ["set_slot", "correct_slot"]}, slots, required=True),
        cmd({"const": "clarify"}, {"options": {"type": "array", "items": {"enum": list(FLOW_NAMES)}, "maxItems": 3}}),
        cmd({"const": "knowledge_answer"}, {"query": text}),
        cmd({"const": "handoff"}, {"reason": text}),
        cmd({"const": "chitchat"}, {"kind": {"enum": list(CHITCHAT_KINDS)}}),
        cmd({"enum": ["confirm", "deny", "cancel_flow"]}, {}),
    ]
    return {"type": "object", "properties": {
        "commands": {"type": "array", "items": {"anyOf": variants}, "minItems": 1, "maxItems": MAX_COMMANDS}},
        "required": ["commands"], "additionalProperties": False}


def response_format(schema: Mapping[str, Any], style: str) -> dict[str, Any]:
    """`json_schema`: OpenAI's structured outputs (vLLM, Ollama, hosted APIs, llama.cpp's own
    server). `json_object`: llama-cpp-python's server, which takes the schema beside the type."""
    if style == "json_object":
        return {"type": "json_object", "schema": dict(schema)}
    return {"type": "json_schema", "json_schema": {"name": "commands", "strict": True, "schema": dict(schema)}}


# -- strict parsing --------------------------------------------------------------------------------

def parse_commands(text: str, ctx: UnderstandingContext) -> tuple[Command, ...]:
    """The model's reply as validated commands, or UnderstandingFailed("invalid_output", why)."""
    raw = text.strip()
    fenced = re.fullmatch(r"```(?:json)?\s*(.*?)\s*```", raw, flags=re.S)
    if fenced:
        raw = fenced.group(1)
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, ValueError):
        raise UnderstandingFailed("invalid_output", "not JSON") from None
    if not isinstance(data, dict) or set(data) != {"commands"} or not isinstance(data["commands"], list):
        raise UnderstandingFailed("invalid_output", "not {\"commands\": [...]}")
    items = data["commands"]
    if not 1 <= len(items) <= MAX_COMMANDS:
        raise UnderstandingFailed("invalid_output", f"{len(items)} commands")
    own = {str(o.get("id")) for o in ctx.orders if o.get("id")}
    return tuple(_one(item, own) for item in items)


def _one(item: Any, own_orders: set[str]) -> Command:
    if not isinstance(item, dict) or not set(item) <= {"name", "args"}:
        raise UnderstandingFailed("invalid_output", "command is not {name, args}")
    name, args = item.get("name"), item.get("args", {})
    if name not in COMMAND_NAMES:
        # Shop actions ("cancel_order", "refund", ...) are not commands: the model cannot act.
        raise UnderstandingFailed("invalid_output", f"unknown command {str(name)[:40]!r}")
    if not isinstance(args, dict):
        raise UnderstandingFailed("invalid_output", f"{name}: args is not an object")
    if name == "start_flow":
        if set(args) != {"flow"} or args["flow"] not in FLOW_NAMES:
            raise UnderstandingFailed("invalid_output", f"start_flow: unknown flow {str(args.get('flow'))[:40]!r}")
    elif name in ("set_slot", "correct_slot"):
        if not args or not all(isinstance(k, str) and _SLOT.match(k) for k in args):
            raise UnderstandingFailed("invalid_output", f"{name}: needs slot names")
        for k, v in args.items():
            ok = (isinstance(v, str) and 0 < len(v) <= _MAX_VALUE) or \
                 (isinstance(v, int) and not isinstance(v, bool) and 0 < v < 100)
            if not ok:
                raise UnderstandingFailed("invalid_output", f"{name}: {k} must be a short string or a count")
        if "order_id" in args and str(args["order_id"]).lstrip("#") not in {o.lstrip("#") for o in own_orders}:
            raise UnderstandingFailed("invalid_output", f"{name}: order id is not the customer's")
    elif name == "clarify":
        options = args.get("options", [])
        if not set(args) <= {"options"} or not isinstance(options, list) or len(options) > 3 \
                or any(o not in FLOW_NAMES for o in options):
            raise UnderstandingFailed("invalid_output", "clarify: options must be flows")
    elif name == "chitchat":
        if not set(args) <= {"kind"} or args.get("kind", "other") not in CHITCHAT_KINDS:
            raise UnderstandingFailed("invalid_output", "chitchat: unknown kind")
    else:
        allowed = set(_TEXT_ARGS.get(name, ()))
        if not set(args) <= allowed or not all(isinstance(v, str) and len(v) <= _MAX_VALUE for v in args.values()):
            raise UnderstandingFailed("invalid_output", f"{name}: unexpected args")
    return Command(name, dict(args))


# -- the prompt ------------------------------------------------------------------------------------

SYSTEM = (
    "You read the latest message of a customer of an online shop and say what it asks for, as JSON "
    '{"commands": [{"name": ..., "args": {...}}]}. You never answer the customer and never act.\n'
    "Commands:\n"
    "- start_flow {flow}: the customer wants something new done or answered. flow is one of: "
    + ", ".join(FLOW_NAMES) + ".\n"
    "- set_slot {slot: value}: a detail for the flow, e.g. {order_id} (the order the message is about), "
    "{reason}, {item}, {option}, {qty}, {address}.\n"
    "- correct_slot {slot: value}: the customer corrects a detail given before.\n"
    "- confirm / deny: yes or no to the bot's last question.\n"
    "- cancel_flow: the customer no longer wants the active flow.\n"
    "- clarify {options}: the message is unclear; options are the flows it might mean.\n"
    "- knowledge_answer {query}: a general question about shop policy (shipping, returns, payment).\n"
    "- handoff {reason}: the customer asks for a person.\n"
    "- chitchat {kind}: greeting, thanks, bye or other.\n"
    "Use only order ids from the customer's orders. Placeholders like <PERSON_1> stand for private data."
)

# Few-shot examples: fixed text, part of the cached prefix. Written for the prompt (other shop,
# other products), not taken from the held-out evaluation set.
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Active flow: none\nOrders: 5551 (shipped: Desk lamp)\nCustomer: where is my lamp?",
     '{"commands": [{"name": "start_flow", "args": {"flow": "order_status"}}, '
     '{"name": "set_slot", "args": {"order_id": "5551"}}]}'),
    ("Active flow: return_request, step ask_reason\nOrders: 5551 (delivered: Desk lamp)\n"
     "Customer: it flickers all the time",
     '{"commands": [{"name": "set_slot", "args": {"reason": "it flickers all the time"}}]}'),
    ("Active flow: cancel_order, step confirm\nOrders: 7002 (paid: Kettle)\nCustomer: 对，取消吧",
     '{"commands": [{"name": "confirm", "args": {}}]}'),
    ("Active flow: change_address, step confirm\nOrders: 7002 (paid: Kettle)\nCustomer: 算了不改了",
     '{"commands": [{"name": "cancel_flow", "args": {}}]}'),
    ("Active flow: none\nOrders: 7002 (delivered: Kettle)\nCustomer: 我要找人工客服",
     '{"commands": [{"name": "handoff", "args": {"reason": "asked for a person"}}]}'),
)


def _orders_line(orders: Sequence[Mapping[str, Any]]) -> str:
    parts = []
    for o in orders[:8]:
        items = ", ".join(str(i.get("name") or i.get("sku") or "?") for i in (o.get("items") or [])[:4])
        parts.append(f"{o.get('id')} ({o.get('status', '?')}: {items or '-'})")
    return "; ".join(parts) or "none"


def _relevant(catalogue: Sequence[Mapping[str, Any]], ctx: UnderstandingContext, k: int = 4) -> list[Mapping[str, Any]]:
    """Catalogue entries named in the conversation or in the customer's orders, first."""
    words = (ctx.text + " " + " ".join(t for _, t in ctx.history[-4:])).lower()
    ordered = {str(i.get("product_id")) for o in ctx.orders for i in (o.get("items") or [])}

    def score(p: Mapping[str, Any]) -> int:
        names = [str(p.get("name") or ""), str(p.get("name_zh") or "")]
        hit = any(n and n.lower() in words for n in names)
        return 2 * hit + (str(p.get("id")) in ordered)
    ranked = sorted(catalogue, key=score, reverse=True)
    return [p for p in ranked[:k] if score(p) > 0]


def _catalogue_line(entries: Sequence[Mapping[str, Any]]) -> str:
    out = []
    for p in entries:
        name = " / ".join(str(p[key]) for key in ("name", "name_zh") if p.get(key))
        opts = "; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in (p.get("options") or {}).items())
        out.append(f"{name} ({opts})" if opts else name)
    return "; ".join(out)


def _slots_line(slots: Mapping[str, Any]) -> str:
    shown = {k: v for k, v in slots.items() if isinstance(v, (str, int, float, bool)) and v not in ("", None)}
    return ", ".join(f"{k}={str(v)[:60]}" for k, v in list(shown.items())[:8])


def turn_block(ctx: UnderstandingContext) -> str:
    """The per-turn part of the prompt (the cache-missing tail)."""
    flow = "none" if not ctx.flow else ctx.flow + (f", step {ctx.step}" if ctx.step else "")
    lines = [f"Active flow: {flow}"]
    slots = _slots_line(ctx.slots)
    if slots:
        lines.append(f"Slots: {slots}")
    lines.append(f"Orders: {_orders_line(ctx.orders)}")
    cat = _catalogue_line(_relevant(ctx.catalogue, ctx))
    if cat:
        lines.append(f"Catalogue: {cat}")
    history = [(r, t) for r, t in ctx.history][-4:]
    if history:
        lines.append("Conversation so far:")
        lines += [f"  {'Customer' if r == 'user' else 'Bot'}: {t[:300]}" for r, t in history]
    lines.append(f"Customer: {ctx.text[:600]}")
    return "\n".join(lines)


def messages(ctx: UnderstandingContext) -> list[dict[str, str]]:
    # The instructions open the first user turn rather than a system message: Gemma's chat
    # format (llama.cpp, Ollama) has no system role and would drop it; every server reads this.
    msgs: list[dict[str, str]] = []
    for i, (user, answer) in enumerate(EXAMPLES):
        msgs += [{"role": "user", "content": (SYSTEM + "\n\n" + user) if i == 0 else user},
                 {"role": "assistant", "content": answer}]
    msgs.append({"role": "user", "content": turn_block(ctx)})
    return msgs


def render(msgs: Sequence[Mapping[str, str]]) -> str:
    return "\n\n".join(f"[{m['role']}]\n{m['content']}" for m in msgs)


# -- the sources -----------------------------------------------------------------------------------

class LLMCommandSource:
    """CommandSource over an OpenAI-compatible chat server (`OpenAICompatBackend` as `client`)."""

    def __init__(self, client: Any, model: str | None = None, timeout: float = 2.5, *,
                 max_tokens: int = 96, response_style: str = "json_schema", confidence: float = 0.8) -> None:
        self.client = client
        self.model = model or client.model
        self.timeout = float(timeout)
        self.max_tokens = max_tokens
        self.response_style = response_style
        # A small model's own certainty is not calibrated; a valid, grammar-constrained reply
        # gets this fixed confidence and the flows' confirmations do the rest.
        self.confidence = confidence
        self.source = f"llm:{self.model}"

    async def understand(self, ctx: UnderstandingContext) -> LLMUnderstood:
        msgs = messages(ctx)
        shown = render(msgs)
        schema = command_schema([str(o["id"]) for o in ctx.orders if o.get("id")])
        extra: dict[str, Any] = {"model": self.model, "temperature": 0.0}
        if self.response_style == "gbnf":
            # llama.cpp's servers take a GBNF grammar as `grammar`: one spelling per command,
            # tighter than the grammar they derive from the JSON schema (bot/llm/command_grammar.py).
            from bot.llm.command_grammar import command_gbnf

            extra["grammar"] = command_gbnf([str(o["id"]) for o in ctx.orders if o.get("id")])
        else:
            extra["response_format"] = response_format(schema, self.response_style)
        t0 = time.monotonic()
        try:
            done = await self.client.complete(msgs, self.max_tokens, self.timeout, extra=extra)
        except (TimeoutError, BackendTimeout):
            raise UnderstandingFailed("timeout", "timeout", shown) from None
        except BackendError as exc:
            raise UnderstandingFailed("backend_error", str(exc) or type(exc).__name__, shown) from None
        try:
            commands = parse_commands(done.text, ctx)
        except UnderstandingFailed as exc:
            exc.prompt = shown
            raise
        ms = round((time.monotonic() - t0) * 1000)
        return LLMUnderstood(commands, self.confidence, self.source, (f"llm {ms} ms",), prompt=shown)

    async def close(self) -> None:
        await self.client.close()


class RoutedCommandSource:
    """The configured understanding: classic only, LLM only, or LLM when classic is unsure.

    Never raises and never waits past the LLM timeout: a timeout, a server error or output that
    does not validate falls back to the classic understanding, with `fallback_reason` set.
    """

    def __init__(self, classic: CommandSource, llm: LLMCommandSource | None, mode: str = "llm_when_unsure",
                 threshold: float = 0.5) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        if mode != "classic" and llm is None:
            raise ValueError(f"mode {mode!r} needs an LLM source")
        self.classic, self.llm, self.mode, self.threshold = classic, llm, mode, threshold

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        if self.mode == "classic" or self.llm is None:
            return await self.classic.understand(ctx)
        classic: Understood | None = None
        if self.mode == "llm_when_unsure":
            classic = await self.classic.understand(ctx)
            if classic.confidence >= self.threshold and classic.commands:
                return classic
        try:
            return await self.llm.understand(ctx)
        except UnderstandingFailed as exc:
            log_fallback("understand", exc.kind, self.llm.source)
            if classic is None:
                classic = await self.classic.understand(ctx)
            return LLMUnderstood(classic.commands, classic.confidence, classic.source,
                                 tuple(classic.reasons) + (f"llm fallback: {exc.kind}",),
                                 prompt=exc.prompt, fallback_reason=exc.reason)

    async def close(self) -> None:
        if self.llm is not None:
            await self.llm.close()


# -- the dialogue engine's second source --------------------------------------------------------

# What the LLM source did this turn, for the trace: the pipeline opens a report around the
# dialogue step (`turn_report()`), the source fills it. A contextvar holding a mutable dict, so
# it reaches into the task the engine's wait_for runs the source in, and back out.
_REPORT: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar("llm_understanding", default=None)


@contextlib.contextmanager
def turn_report() -> Iterator[dict[str, Any]]:
    """`with turn_report() as report: await engine.step(...)` → report holds source, prompt,
    fallback_reason (when the LLM was asked), else stays empty."""
    report: dict[str, Any] = {}
    token = _REPORT.set(report)
    try:
        yield report
    finally:
        _REPORT.reset(token)


class EngineSource:
    """The LLM as the dialogue engine's second source (`Engine(second=...)`, `rt.command_source`).

    The engine asks it on the turns its classic reading is unsure about and keeps the classic
    reading when this returns no commands. This never raises: a timeout, a server error or an
    invalid reply comes back as no commands, and the reason goes into the turn's report (trace
    `dialogue.llm.fallback_reason`, the fallback log line and metric).
    """

    def __init__(self, llm: LLMCommandSource) -> None:
        self.llm = llm
        self.source = llm.source

    async def understand(self, ctx: UnderstandingContext) -> Understood:
        report = _REPORT.get()
        try:
            got = await self.llm.understand(ctx)
        except UnderstandingFailed as exc:
            log_fallback("understand", exc.kind, self.source)
            if report is not None:
                report.update({"source": self.source, "fallback_reason": exc.reason})
                if exc.prompt:
                    report["prompt"] = exc.prompt
            return LLMUnderstood((), 0.0, self.source, (f"llm fallback: {exc.kind}",), prompt=exc.prompt,
                                 fallback_reason=exc.reason)
        if report is not None:
            report.update({"source": self.source, "commands": [c.to_dict() for c in got.commands],
                           "prompt": got.prompt})
        return got

    async def close(self) -> None:
        await self.llm.close()


def build_engine_source(settings: Any) -> EngineSource | None:
    """The engine's second source from `[understanding]`, or None for classic only."""
    routed = build_command_source(settings, _NoClassic())
    if not isinstance(routed, RoutedCommandSource) or routed.llm is None:
        return None
    return EngineSource(routed.llm)


class _NoClassic:
    async def understand(self, ctx: UnderstandingContext) -> Understood:   # pragma: no cover
        raise RuntimeError("the engine owns the classic understanding")


def trace_fields(u: Understood) -> dict[str, Any]:
    """What the trace records about the understanding: commands, source, prompt, fallback."""
    out: dict[str, Any] = {"commands": [{"name": c.name, "args": dict(c.args)} for c in u.commands],
                           "understanding": {"source": u.source, "confidence": round(float(u.confidence), 4)}}
    prompt = getattr(u, "prompt", None)
    if prompt:
        out["understanding"]["prompt"] = prompt
    reason = getattr(u, "fallback_reason", None)
    if reason:
        out["understanding"]["fallback_reason"] = reason
    return out


def build_command_source(settings: Any, classic: CommandSource) -> CommandSource:
    """The `[understanding]` section as a CommandSource wrapping `classic`.

    `mode = ""` picks llm_when_unsure when a server is configured (its own `base_url`, or the
    generator's when that is an OpenAI-compatible backend), classic otherwise.
    """
    from bot.core.errors import ConfigError

    cfg = dict(settings["understanding"])
    gen = settings["generator"]
    base_url = cfg.get("base_url") or (gen["base_url"] if gen.get("backend") == "openai" else "")
    mode = cfg.get("mode") or ("llm_when_unsure" if base_url else "classic")
    if mode not in MODES:
        raise ConfigError("understanding.mode", f"must be one of {', '.join(MODES)}; got {mode!r}")
    if mode == "classic":
        return RoutedCommandSource(classic, None, "classic")
    if not base_url:
        raise ConfigError("understanding.base_url", f"an OpenAI-compatible server is needed for mode {mode!r}")
    timeout = float(cfg.get("timeout_s", 2.5))
    if timeout <= 0:
        raise ConfigError("understanding.timeout_s", "must be positive")
    style = cfg.get("response_format", "json_schema")
    if style not in ("json_schema", "json_object", "gbnf"):
        raise ConfigError("understanding.response_format", "must be json_schema, json_object or gbnf")
    from bot.llm.openai_compat import OpenAICompatBackend

    model = cfg.get("model") or gen["model"]
    # One attempt: a retry cannot fit in an understanding budget of a second or two.
    client = OpenAICompatBackend(base_url, model, settings.secret("LLM_API_KEY"), stream=False, max_retries=0)
    llm = LLMCommandSource(client, model, timeout, max_tokens=int(cfg.get("max_tokens", 96)), response_style=style)
    return RoutedCommandSource(classic, llm, mode, float(cfg.get("threshold", 0.5)))
