"""Progress for long first-time work (intent training, model conversion), with an estimate.

    with long_step("training the intent model", estimate_s=20):
        ...

Lines go to the "aftersales.progress" logger: `serve` formats them as JSON log lines (its root
handler), interactive commands show them as plain lines on stderr (`plain_progress_on_stderr`).
A ticker thread reports every `every` seconds while the step runs, so a slow start is visibly
busy rather than hung.
"""
from __future__ import annotations

import logging
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

log = logging.getLogger("aftersales.progress")


def plain_progress_on_stderr() -> None:
    """Interactive commands: progress as plain `aftersales: ...` lines, whatever the log level."""
    if any(getattr(h, "_aftersales_plain", False) for h in log.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("aftersales: %(message)s"))
    handler._aftersales_plain = True  # type: ignore[attr-defined]
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False


def _emit(step: str, message: str, elapsed: float, estimate: float | None, state: str) -> None:
    fields = {"event": "progress", "step": step, "state": state, "elapsed_s": round(elapsed, 1)}
    if estimate:
        fields["estimate_s"] = round(estimate, 1)
    log.info(message, extra={"fields": fields})


@contextmanager
def long_step(step: str, estimate_s: float | None = None, every: float = 5.0) -> Iterator[None]:
    started = time.monotonic()
    about = f" (first run only; about {estimate_s:.0f} s)" if estimate_s else " (first run only)"
    _emit(step, f"{step}{about}", 0.0, estimate_s, "start")
    done = threading.Event()

    def tick() -> None:
        while not done.wait(every):
            elapsed = time.monotonic() - started
            tail = f" of about {estimate_s:.0f} s" if estimate_s else ""
            _emit(step, f"{step}: {elapsed:.0f} s{tail}", elapsed, estimate_s, "running")

    ticker = threading.Thread(target=tick, name="progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
        elapsed = time.monotonic() - started
        _emit(step, f"{step}: done in {elapsed:.1f} s", elapsed, estimate_s, "done")
