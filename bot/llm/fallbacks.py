"""One place that names why an LLM result was not used, and logs it.

Kinds (the trace's `fallback_reason` starts with one of these; metrics label by it):
- "timeout"          the backend did not answer within the caller's time;
- "busy"             generation only: the generations already queued would use up the time
                     budget, so the template answers at once instead of after a timeout;
- "backend_error"    HTTP error, refused connection, open circuit, bad response, crash;
- "grounding_failed" the generated answer failed the grounding check (reasons follow);
- "invalid_output"   understanding only: the model's commands did not validate.

The log line carries the stage, the kind and the generator/model name, never message text,
prompt or grounding details (those can quote the conversation; the encrypted trace holds them).
"""
from __future__ import annotations

import logging

log = logging.getLogger("bot.llm.fallback")

KINDS = ("timeout", "busy", "backend_error", "grounding_failed", "invalid_output")


def kind_of(reason: str | None) -> str | None:
    """The kind at the head of a `fallback_reason` ("grounding_failed: ..." -> "grounding_failed")."""
    if not reason:
        return None
    head = reason.split(":", 1)[0].strip()
    return head if head in KINDS else "backend_error"


def log_fallback(stage: str, kind: str, source: str) -> None:
    log.info("llm fallback", extra={"fields": {"event": "llm_fallback", "stage": stage, "kind": kind,
                                               "source": source}})
