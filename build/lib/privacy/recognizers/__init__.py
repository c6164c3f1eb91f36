"""Our PII recognizers (Presidio `EntityRecognizer`s), one module per recognizer.

`all_recognizers(language, nlp)` builds the set used by `privacy.redactor.Redactor`.
Types starting with `_KEEP` are protected spans (order and tracking numbers, amounts,
dates, product names): they never reach the caller, they only veto numeric findings.
"""
from __future__ import annotations

KEEP_PREFIX = "_KEEP"
