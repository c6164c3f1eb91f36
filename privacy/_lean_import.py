"""Import spaCy and Presidio without the torch/transformers they pull in but we never use.

thinc (under spaCy) imports torch if it is installed, and Presidio's `nlp_engine` package imports
`transformers.pipeline` for its Hugging Face engine. Our redactor runs a CNN spaCy pipeline and
its own NLP engine, so neither is used — yet together they cost 2–8 s of every start-up. While
the block is active, `import torch` / `import transformers` raise ImportError, which both
libraries already handle ("not installed"); afterwards the names are released, so the embedded
LLM can still import them normally in the same process. If torch is already imported (the LLM
loaded first), nothing is blocked and behaviour is exactly the unpatched one.
"""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

_BLOCKED = ("torch", "transformers")


@contextmanager
def without_torch() -> Iterator[None]:
    blocked = [name for name in _BLOCKED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # the import system's "cannot import"
    try:
        yield
    finally:
        for name in blocked:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]
