"""The server's heap after start-up: frozen out of the garbage collector, and collected less often.

Why (#17, measured under wrk with the generic webhook, workers off): an acknowledgement allocates
a few hundred container objects, so CPython's default gen-0 threshold (700) ran a young
collection every couple of requests, and each full collection walked every object start-up left
behind (settings, the intent model, Presidio's recognisers, the knowledge index…): over one 5 s
run 55 young, 4 middle and 1 full collection took 1.5 s of wall time on the shared machine, the
full one alone 1.2 s, which is the p99 of that run. Start-up's objects live as long as the
process, so there is nothing for a collection to find among them: `gc.freeze()` moves them to the
permanent generation, and a larger gen-0 threshold makes young collections rarer (each one
finds the few objects in-flight requests hold). Garbage is still collected; reference counting
frees almost everything anyway.

Only `aftersales serve` calls this (tests share one interpreter across many apps).
"""
from __future__ import annotations

import gc

# Young collections every ~50k container allocations (about a hundred acknowledgements), not 700.
YOUNG_THRESHOLD = 50_000


def settle(young_threshold: int = YOUNG_THRESHOLD) -> int:
    """Collect start-up's garbage, freeze what is left, raise the gen-0 threshold; returns how
    many objects are now frozen (0 when the collector is off)."""
    if not gc.isenabled():
        return 0
    gc.collect()
    gc.freeze()
    _, middle, old = gc.get_threshold()
    gc.set_threshold(young_threshold, middle, old)
    return gc.get_freeze_count()
