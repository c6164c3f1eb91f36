"""The draft a chat page shows while the model writes: what may be streamed, and in what shape.

The model writes redacted text (placeholders for the customer's values). Before any of it
reaches a page, `DraftStream`:
- holds back the word still being written, so a placeholder, an id or an address is judged
  whole, never half-shown;
- masks what the grounding check would certainly reject and what must never flash on screen
  (invented identifiers, e-mail addresses, links, unknown placeholders: `grounding.DraftMask`);
- restores this conversation's own placeholders with the `restore` it is given (the pipeline's,
  holding only this customer's values), so no placeholder and nobody else's data is shown.

Events (plain dicts, the web chat serialises them):
    {"type": "delta", "text": "..."}    append to the draft
    {"type": "draft", "text": "..."}    replace the whole draft (a mask changed what was shown)
    {"type": "retract", "reason": kind}  the checked answer differs: drop the draft now
The final, checked reply follows separately and always replaces the draft.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.llm.base import GenerationRequest
from bot.llm.grounding import MAX_CHARS, DraftMask

DraftSink = Callable[[dict[str, Any]], None]

# The run of characters an identifier, address, link or placeholder is made of: a trailing run
# is still being written and waits for the next piece.
_OPEN_WORD = re.compile(r"[A-Za-z0-9_@.:/<>+#%&=?~\-]+$")
# Where a completion-style model's reply ends (prompt.clean_completion cuts there too).
_STOPS = ("\n", "<end_of_turn>", "<eos>")


class DraftStream:
    def __init__(self, req: GenerationRequest, restore: Callable[[str], str], emit: DraftSink) -> None:
        self._mask = DraftMask(req)
        self._restore = restore
        self._emit = emit
        self._raw = ""
        self._sent = ""
        self._closed = False
        # Far past the length the check allows: such an answer is rejected, stop showing it.
        self._limit = 2 * MAX_CHARS.get(req.language, MAX_CHARS["en"])

    @property
    def shown(self) -> str:
        """What the page shows now (restored, masked)."""
        return self._sent

    def feed(self, piece: str) -> None:
        """One piece of the model's text, as the backend streams it."""
        if self._closed or not piece:
            return
        self._raw += piece
        text = self._raw.lstrip()
        for stop in _STOPS:
            cut = text.find(stop)
            if cut >= 0:
                text, self._closed = text[:cut], True
        if len(text) > self._limit:
            self._closed = True
            return
        if not self._closed:
            m = _OPEN_WORD.search(text)
            if m:
                text = text[:m.start()]
        self._publish(text)

    def finish(self) -> None:
        """The model is done: show the held-back last word too (masked like the rest)."""
        if not self._closed:
            self.feed("\n")

    def retract(self, reason: str | None) -> None:
        """The checked answer is not the draft: the page drops it (the final reply follows)."""
        if self._sent:
            self._emit({"type": "retract", "reason": reason or "checked"})
            self._sent = ""
        self._closed = True

    def _publish(self, redacted: str) -> None:
        shown = self._restore(self._mask(redacted))
        if shown == self._sent:
            return
        if shown.startswith(self._sent):
            self._emit({"type": "delta", "text": shown[len(self._sent):]})
        else:
            self._emit({"type": "draft", "text": shown})
        self._sent = shown
