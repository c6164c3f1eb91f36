"""Structured JSON logs. Library code never logs message text or personal data; this
formatter additionally refuses to render exception messages from the pipeline's data path,
keeping only the exception type, because an exception message can quote its input."""
from __future__ import annotations

import hashlib
import json
import logging
import os
import sys
import time
from collections.abc import Mapping
from typing import Any

turn_log = logging.getLogger("aftersales.turn")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created)) + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "msg": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, Mapping):
            out.update({k: v for k, v in fields.items() if k not in out})
        if record.exc_info and record.exc_info[0] is not None:
            out["exc_type"] = record.exc_info[0].__name__
        return json.dumps(out, ensure_ascii=False, default=str)


def short_id(value: str) -> str:
    """A stable, non-reversible id for log correlation (conversation keys may hold phone numbers)."""
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def log_turn(platform: str, message_id: str, conversation_key: str, trace: Any, delivered: bool) -> None:
    """One line per turn: ids (hashed), intent, flow, generator, latency — never text or PII."""
    timings = getattr(trace, "timings_ms", {}) or {}
    flow = getattr(trace, "flow", None) or {}
    turn_log.info("turn", extra={"fields": {
        "platform": platform, "message": short_id(message_id), "conversation": short_id(conversation_key),
        "intent": (getattr(trace, "intent", None) or {}).get("name"),
        "flow": flow.get("name") if isinstance(flow, Mapping) else None,
        "generator": getattr(trace, "generator", None),
        "fallback_reason": getattr(trace, "fallback_reason", None),
        "handoff": bool(getattr(trace, "handoff", False)),
        "delivered": delivered,
        "latency_ms": round(sum(float(v) for v in timings.values()), 1),
    }})


def configure_logging(level: str = "INFO") -> None:
    """JSON lines only on stderr: Python warnings become log records, and the libraries'
    progress bars (tqdm, Hugging Face) are switched off before they load."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)
    for name in ("TQDM_DISABLE", "HF_HUB_DISABLE_PROGRESS_BARS", "TRANSFORMERS_NO_ADVISORY_WARNINGS"):
        os.environ.setdefault(name, "1")
    logging.getLogger("aiohttp.access").setLevel(logging.WARNING)
    logging.getLogger("jieba").setLevel(logging.WARNING)
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)   # one line per recognizer otherwise
