from __future__ import annotations

import argparse
import io
import json

from bot.cli.redact import register, run


def test_jsonl_contract_and_bad_lines(redactor):
    lines = [json.dumps({"id": "r1", "text": "我叫张伟，电话13812345678", "lang": "zh"}, ensure_ascii=False),
             "{not json", json.dumps({"id": "r2"}),
             json.dumps({"id": "r3", "text": "Order SO202611200931, call 555-123-4567"})]
    out, err = io.StringIO(), io.StringIO()
    assert run(io.StringIO("\n".join(lines) + "\n"), out, err, redactor=redactor) == 0
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert [r["id"] for r in rows] == ["r1", "r3"]
    assert rows[0] == {"id": "r1", "redacted": "我叫<PERSON>，电话<PHONE_NUMBER>",
                       "entities": [{"type": "PERSON", "start": 2, "end": 4, "score": 0.85},
                                    {"type": "PHONE_NUMBER", "start": 7, "end": 18, "score": 0.9}]}
    assert rows[1]["redacted"] == "Order SO202611200931, call <PHONE_NUMBER>"
    msgs = err.getvalue().splitlines()
    assert len(msgs) == 2 and "line 2" in msgs[0] and "line 3" in msgs[1]
    assert "张伟" not in err.getvalue()


def test_register_adds_subcommand():
    parser = argparse.ArgumentParser()
    register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["redact"])
    assert args.command == "redact" and callable(args.func)
