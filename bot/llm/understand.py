"""LLM understanding: a model on an OpenAI-compatible server reads a turn and returns commands.

    source = LLMCommandSource(OpenAICompatBackend(url, model), model, timeout=2.5)
    understood = await source.understand(ctx)         # raises UnderstandingFailed
    router = RoutedCommandSource(classic, source, mode="llm_when_unsure", threshold=0.6)
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

import json
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.llm.base import BackendError, BackendTimeout
from bot.llm.fallbacks import log_fallback

try:  # the dialogue core v2 contract; the local copy stands in until that branch is merged
    from bot.dialogue.commands import (  # type: ignore[import-not-found]
        COMMAND_NAMES,
        FLOW_NAMES,
        Command,
        CommandSource,
        UnderstandingContext,
        Understood,
    )
except ImportError:  # pragma: no cover - exercised only before the merge
    from bot.llm._commands_contract import (
        COMMAND_NAMES,
        FLOW_NAMES,
        Command,
        CommandSource,
        UnderstandingContext,
        Understood,
    )

MODES = ("classic", "llm", "llm_when_unsure")
MAX_COMMANDS = 3
_SLOT = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_TEXT_ARGS = ("topic", "question", "reason", "kind")   # free-text args the non-slot commands may carry
_MAX_VALUE = 200


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
    """JSON schema of the model's reply. Order ids are an enum of this customer's own orders."""
    order = {"enum": list(order_ids)} if order_ids else None
    flow_args: dict[str, Any] = {"flow": {"enum": list(FLOW_NAMES)}}
    if order:
        flow_args["order_id"] = order
    start_flow = {"type": "object", "properties": {
        "name": {"const": "start_flow"},
        "args": {"type": "object", "properties": flow_args, "required": ["flow"], "additionalProperties": False}},
        "required": ["name", "args"], "additionalProperties": False}
    slot = {"type": "object", "properties": {
        "name": {"enum": ["set_slot", "correct_slot"]},
        "args": {"type": "object", "properties": {"slot": {"type": "string", "pattern": _SLOT.pattern},
                                                  "value": {"type": "string", "maxLength": _MAX_VALUE}},
                 "required": ["slot", "value"], "additionalProperties": False}},
        "required": ["name", "args"], "additionalProperties": False}
    plain_names = [n for n in COMMAND_NAMES if n not in ("start_flow", "set_slot", "correct_slot")]
    plain = {"type": "object", "properties": {
        "name": {"enum": plain_names},
        "args": {"type": "object",
                 "properties": {k: {"type": "string", "maxLength": _MAX_VALUE} for k in _TEXT_ARGS},
                 "additionalProperties": False}},
        "required": ["name"], "additionalProperties": False}
    return {"type": "object", "properties": {
        "commands": {"type": "array", "items": {"anyOf": [start_flow, slot, plain]},
                     "minItems": 1, "maxItems": MAX_COMMANDS}},
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
    if not isinstance(args, dict) or not all(isinstance(v, str) for v in args.values()) \
            or any(len(v) > _MAX_VALUE for v in args.values()):
        raise UnderstandingFailed("invalid_output", f"{name}: args must be short strings")
    if name == "start_flow":
        if not set(args) <= {"flow", "order_id"} or args.get("flow") not in FLOW_NAMES:
            raise UnderstandingFailed("invalid_output", f"start_flow: unknown flow {str(args.get('flow'))[:40]!r}")
        if "order_id" in args and args["order_id"] not in own_orders:
            raise UnderstandingFailed("invalid_output", "start_flow: order id is not the customer's")
    elif name in ("set_slot", "correct_slot"):
        if set(args) != {"slot", "value"} or not _SLOT.match(args["slot"]):
            raise UnderstandingFailed("invalid_output", f"{name}: needs slot and value")
        if args["slot"] == "order_id" and args["value"].lstrip("#") not in {o.lstrip("#") for o in own_orders}:
            raise UnderstandingFailed("invalid_output", f"{name}: order id is not the customer's")
    elif not set(args) <= set(_TEXT_ARGS):
        raise UnderstandingFailed("invalid_output", f"{name}: unexpected args")
    return Command(name, dict(args))


# -- the prompt ------------------------------------------------------------------------------------

SYSTEM = (
    "You read the latest message of a customer of an online shop and say what it asks for, as JSON "
    '{"commands": [{"name": ..., "args": {...}}]}. You never answer the customer and never act.\n'
    "Commands:\n"
    "- start_flow {flow, order_id?}: the customer wants something new done or answered about an order "
    "or product. flow is one of: " + ", ".join(FLOW_NAMES) + ".\n"
    "- set_slot {slot, value}: the customer gives a detail the active flow asked for "
    "(slot e.g. order_id, item, reason, address, option, quantity).\n"
    "- correct_slot {slot, value}: the customer corrects a detail given before.\n"
    "- confirm / deny: yes or no to the bot's last question.\n"
    "- cancel_flow: the customer no longer wants the active flow.\n"
    "- clarify: the message is unclear; the bot must ask.\n"
    "- knowledge_answer {topic}: a general question about shop policy (shipping, returns policy, payment).\n"
    "- handoff {reason}: the customer asks for a person.\n"
    "- chitchat {kind}: greeting, thanks or goodbye.\n"
    "Use only order ids from the customer's orders. Placeholders like <PERSON_1> stand for private data."
)

# Few-shot examples: fixed text, part of the cached prefix. Written for the prompt, not taken
# from any evaluation set.
EXAMPLES: tuple[tuple[str, str], ...] = (
    ("Active flow: none\nOrders: 5551 (shipped: Desk lamp)\nCustomer: where is my lamp?",
     '{"commands": [{"name": "start_flow", "args": {"flow": "order_status", "order_id": "5551"}}]}'),
    ("Active flow: return_request, step ask_reason\nOrders: 5551 (delivered: Desk lamp)\n"
     "Customer: it flickers all the time",
     '{"commands": [{"name": "set_slot", "args": {"slot": "reason", "value": "it flickers all the time"}}]}'),
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
        extra = {"model": self.model, "temperature": 0.0,
                 "response_format": response_format(schema, self.response_style)}
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
                 threshold: float = 0.6) -> None:
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
    from bot.errors import ConfigError

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
    if style not in ("json_schema", "json_object"):
        raise ConfigError("understanding.response_format", "must be json_schema or json_object")
    from bot.llm.openai_compat import OpenAICompatBackend

    model = cfg.get("model") or gen["model"]
    # One attempt: a retry cannot fit in an understanding budget of a second or two.
    client = OpenAICompatBackend(base_url, model, settings.secret("LLM_API_KEY"), stream=False, max_retries=0)
    llm = LLMCommandSource(client, model, timeout, max_tokens=int(cfg.get("max_tokens", 96)), response_style=style)
    return RoutedCommandSource(classic, llm, mode, float(cfg.get("threshold", 0.6)))
