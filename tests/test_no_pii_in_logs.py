"""No personal data in logs: full pipeline runs with canary PII, every logger captured at DEBUG."""
from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from bot.core.settings import PROJECT_ROOT

if str(PROJECT_ROOT) not in sys.path:      # the real `adapters` package, not tests/adapters
    sys.path.insert(0, str(PROJECT_ROOT))

from adapters.generic import signed_headers  # noqa: E402
from bot.core.logs import JsonFormatter  # noqa: E402
from bot.server.app import INBOX, create_app  # noqa: E402

SECRET = "log-canary-secret"
in_session_loop = pytest.mark.asyncio(loop_scope="session")

# Values that must never appear in any log line, however verbose.
CANARY_PHONE = "13987654321"
CANARY_EMAIL = "canary.qzx@example.org"
CANARY_NAME_ZH = "欧阳娜娜"
CANARY_NAME_EN = "Quincy Zebulon"
CANARY_CARD = "4111 1111 1111 1111"
CANARY_ID = "11010519491231002X"
CANARY_WORD = "zqxjvcanary"          # not PII to a recognizer, so it survives redaction: raw text
CANARIES = [CANARY_PHONE, CANARY_EMAIL, CANARY_NAME_ZH, CANARY_NAME_EN, CANARY_CARD, CANARY_ID, CANARY_WORD]

MESSAGES = [
    f"我的手机号是{CANARY_PHONE}，订单SO202611200931到哪了？{CANARY_WORD}",
    f"Hi, I'm {CANARY_NAME_EN}, email {CANARY_EMAIL}, I want to return order SO202611200931",
    f"我叫{CANARY_NAME_ZH}，身份证{CANARY_ID}，要开发票",
    f"My card {CANARY_CARD} was charged twice, refund please {CANARY_WORD}",
    "好的",
]


class Everything(logging.Handler):
    """Keeps every record from every logger, rendered the strict way (args, exception text)."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.lines: list[str] = []
        self.json = JsonFormatter()
        self.plain = logging.Formatter("%(name)s %(levelname)s %(message)s")

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.lines.append(self.json.format(record))
            # Stricter than the JSON formatter: traceback text and stack too.
            self.lines.append(self.plain.format(record))
            if record.exc_info:
                self.lines.append(self.plain.formatException(record.exc_info))
        except Exception as exc:  # noqa: BLE001 - a record that cannot render is a finding too
            self.lines.append(f"UNRENDERABLE {record.name}: {type(exc).__name__}")


@pytest.fixture
def all_logs() -> Iterator[Everything]:
    handler = Everything()
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    # Loggers configured with their own level (aiohttp.access, third parties) go to DEBUG too.
    changed = {}
    for name, lg in list(logging.root.manager.loggerDict.items()):
        if isinstance(lg, logging.Logger):
            changed[name] = (lg.level, lg.disabled, lg.propagate)
            lg.setLevel(logging.DEBUG)
            lg.disabled = False
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        for name, (level, disabled, _) in changed.items():
            lg = logging.getLogger(name)
            lg.setLevel(level)
            lg.disabled = disabled


@in_session_loop
async def test_full_pipeline_logs_no_canary(aiohttp_client: Any, aiohttp_server: Any, make_settings: Any,
                                            models: Any, all_logs: Everything) -> None:
    received: list[dict[str, Any]] = []
    failures = {"left": 2}

    async def callback(request: web.Request) -> web.Response:
        received.append(json.loads(await request.read()))
        if failures["left"]:
            failures["left"] -= 1          # exercise the retry/warning paths too
            return web.Response(status=503)
        return web.json_response({"ok": True})

    cb_app = web.Application()
    cb_app.router.add_post("/cb", callback)
    cb = await aiohttp_server(cb_app)
    settings = make_settings(GENERIC_SECRET=SECRET, GENERIC_CALLBACK_URL=str(cb.make_url("/cb")), LOG_LEVEL="DEBUG")
    client = await aiohttp_client(create_app(settings))
    for i, text in enumerate(MESSAGES):
        b = json.dumps({"message_id": f"canary-{i}", "user": "telegram:1001", "conversation": "canary-conv",
                        "text": text}, ensure_ascii=False).encode()
        assert (await client.post("/webhooks/generic", data=b, headers=signed_headers(SECRET, b))).status == 200
    # Error paths that carry input: a malformed body and a forged signature, both with canaries.
    bad = f'{{"message_id": "x", "text": "{CANARY_PHONE}"'.encode()
    assert (await client.post("/webhooks/generic", data=bad, headers=signed_headers(SECRET, bad))).status == 400
    forged = json.dumps({"message_id": "f", "user": "web:x", "text": CANARY_EMAIL}).encode()
    assert (await client.post("/webhooks/generic", data=forged,
                              headers=signed_headers("not-the-secret", forged))).status == 401
    await client.app[INBOX].wait_idle(120)
    deadline = time.monotonic() + 10
    while len({r["in_reply_to"] for r in received}) < len(MESSAGES) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert len({r["in_reply_to"] for r in received}) == len(MESSAGES)

    assert len(all_logs.lines) > 10, "the capture saw (almost) nothing: is logging wired?"
    leaks = [(c, line[:200]) for line in all_logs.lines for c in CANARIES if c in line]
    assert not leaks, leaks


def test_capture_would_see_a_leak(all_logs: Everything) -> None:
    # The check above is only as good as its capture: a leak from any logger is seen.
    logging.getLogger("some.third.party").debug("text was %s", CANARY_PHONE)
    assert any(CANARY_PHONE in line for line in all_logs.lines)
