"""A GBNF grammar of the model's command reply, built from the dialogue core's command schema.

    gbnf = command_gbnf(["SO202611261030", ...])     # llama.cpp: LlamaGrammar.from_string(gbnf)

Why a hand-built grammar beside `understand.command_schema` (JSON schema): llama.cpp turns a
JSON schema into a grammar that allows free whitespace and any key order, and a 270M model
spends its tokens there or stops mid-object (bench/results/understand-ft-2026-12-01.txt: every
unconstrained reply was rejected). This grammar admits exactly one spelling per command — the
spelling of the few-shot examples (`understand.EXAMPLES`) — so every reply is structurally
valid by construction and as short as it can be:

    {"commands": [{"name": "start_flow", "args": {"flow": "order_status"}}, {"name": "set_slot", "args": {"order_id": "5551"}}]}

Flow names, slot names, chitchat kinds and command names are the dialogue core's
(`FLOW_NAMES`, `SLOT_NAMES`, ...); order ids are this customer's own, so the model cannot even
write another id. Free text (a reason, a query) is a bounded JSON string. The reply still goes
through the strict `parse_commands`: the grammar shapes, the parser decides.
"""
from __future__ import annotations

import json
from collections.abc import Sequence

from bot.dialogue.commands import FLOW_NAMES
from bot.llm.understand import CHITCHAT_KINDS, MAX_COMMANDS, SLOT_NAMES

# Longest free-text value the grammar lets the model write (the parser allows 200): a longer
# one is a model that does not stop, and the deadline would cut it anyway.
MAX_TEXT_CHARS = 80


def _lit(text: str) -> str:
    """A GBNF string literal for `text` (JSON-escaped first, then GBNF-escaped)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _json_str(value: str) -> str:
    return _lit(json.dumps(value, ensure_ascii=False))


def _alts(values: Sequence[str]) -> str:
    return " | ".join(_json_str(v) for v in values)


def command_gbnf(order_ids: Sequence[str] = ()) -> str:
    """The grammar of `{"commands": [...]}` with 1..MAX_COMMANDS commands of the core's schema."""
    text_slots = [s for s in SLOT_NAMES if s not in ("order_id", "qty")]
    slot_kv = [f'"\\"" ({" | ".join(_lit(s) for s in text_slots)}) "\\": " str', '"\\"qty\\": " qty']
    if order_ids:
        slot_kv.insert(0, '"\\"order_id\\": " orderid')
    more = " ".join(['(", " cmd)?'] * (MAX_COMMANDS - 1))
    rules = [
        f'root ::= "{{\\"commands\\": [" cmd {more} "]}}"',
        "cmd ::= start | slot | clarify | knowledge | handoff | chitchat | bare",
        'start ::= "{\\"name\\": \\"start_flow\\", \\"args\\": {\\"flow\\": " flow "}}"',
        'slot ::= "{\\"name\\": \\"" ("set_slot" | "correct_slot") "\\", \\"args\\": {" slotkv "}}"',
        "slotkv ::= " + " | ".join(slot_kv),
        'clarify ::= "{\\"name\\": \\"clarify\\", \\"args\\": {\\"options\\": [" (flow (", " flow)? (", " flow)?)? "]}}"',
        'knowledge ::= "{\\"name\\": \\"knowledge_answer\\", \\"args\\": {\\"query\\": " str "}}"',
        'handoff ::= "{\\"name\\": \\"handoff\\", \\"args\\": {\\"reason\\": " str "}}"',
        'chitchat ::= "{\\"name\\": \\"chitchat\\", \\"args\\": {\\"kind\\": " kind "}}"',
        'bare ::= "{\\"name\\": \\"" ("confirm" | "deny" | "cancel_flow") "\\", \\"args\\": {}}"',
        "flow ::= " + _alts(FLOW_NAMES),
        "kind ::= " + _alts(CHITCHAT_KINDS),
        # A JSON string of 1..MAX_TEXT_CHARS characters: no quote, backslash or control character
        # (so no escapes to get wrong), no newline (the reply is one line).
        f'str ::= "\\"" [^"\\\\\\x00-\\x1f]{{1,{MAX_TEXT_CHARS}}} "\\""',
        'qty ::= [1-9] [0-9]?',
    ]
    if order_ids:
        rules.append("orderid ::= " + _alts([str(o) for o in order_ids]))
    return "\n".join(rules) + "\n"
