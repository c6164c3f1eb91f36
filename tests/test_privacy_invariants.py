"""Privacy invariants through the WHOLE pipeline, with canary personal data.

A customer sends Chinese and English messages full of canary values (name, mobile, resident ID,
bank card, e-mail, address, English name and phone). The runtime runs with the LLM generator
against a fake OpenAI-compatible server on loopback, so the real prompt goes over real HTTP.
Afterwards no canary may appear in: what the generator was asked (GenerationRequest), the
HTTP bodies the LLM server received, any log record (every logger captured at DEBUG), the raw
bytes of any file under the data directory (database, -wal, -shm, keys…), the traces, or the
redacted replies. The reply to the customer, though, must carry their own address back when
the template echoes its placeholder (the address-change confirmation).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web

from bot.core.messages import Message
from bot.pipeline.runtime import Runtime


def _with_id_check(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(c) * w for c, w in zip(body17, weights)) % 11]


def _with_luhn(body: str) -> str:
    for d in "0123456789":
        digits = body + d
        total = 0
        for i, ch in enumerate(reversed(digits)):
            n = int(ch) * (2 if i % 2 else 1)
            total += n - 9 if n > 9 else n
        if total % 10 == 0:
            return digits
    raise AssertionError


CANARY = {
    "zh_name": "欧阳娜娜",
    "mobile": "13798765432",
    "resident_id": _with_id_check("33010619880715241"),
    "bank_card": _with_luhn("622202123456789012"),
    "email": "canary.ouyang@example.org",
    "address": "浙江省杭州市西湖区文三路138号东方大厦1203室",
    "en_name": "Margaret Thornbury",
    "en_phone": "+1 415 555 0172",
}
# Fragments that must not survive either (a number with its separators removed, the street alone).
FRAGMENTS = {"4155550172", "文三路138号", "Thornbury"}

MESSAGES = [
    "我想修改订单SO202611270605的收货地址",
    f"改成{CANARY['address']}，收件人{CANARY['zh_name']}，电话{CANARY['mobile']}",
    f"另外我的身份证号是{CANARY['resident_id']}，银行卡{CANARY['bank_card']}，邮箱{CANARY['email']}",
    f"Hi, my name is {CANARY['en_name']}, please call me at {CANARY['en_phone']} about order SO202611270605.",
    "What is your return policy for shoes?",
]


def _needles() -> list[str]:
    return list(CANARY.values()) + sorted(FRAGMENTS)


def _leaks(blob: str | bytes) -> list[str]:
    if isinstance(blob, bytes):
        return [n for n in _needles() if n.encode("utf-8") in blob or n.encode("utf-16-le") in blob]
    return [n for n in _needles() if n in blob]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        parts = [record.getMessage(), repr(record.args), repr(getattr(record, "__dict__", {}))]
        if record.exc_info:
            parts.append(logging.Formatter().formatException(record.exc_info))
        self.records.append("\n".join(parts))


@pytest.fixture
def log_capture():
    """Every logger at DEBUG, including those that do not propagate to the root."""
    cap = _Capture()
    root = logging.getLogger()
    old_level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(cap)
    extra = []
    for lg in list(logging.root.manager.loggerDict.values()):
        if isinstance(lg, logging.Logger) and not lg.propagate:
            lg.addHandler(cap)
            extra.append(lg)
    yield cap
    root.removeHandler(cap)
    root.setLevel(old_level)
    for lg in extra:
        lg.removeHandler(cap)


@pytest.fixture
async def fake_llm_server():
    """A minimal OpenAI-compatible server: it answers by echoing the placeholders it was shown."""
    bodies: list[str] = []

    async def completions(request: web.Request) -> web.Response:
        raw = await request.text()
        bodies.append(raw)
        body = json.loads(raw)
        prompt = "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
        import re
        shown = sorted(set(re.findall(r"<[A-Z_]+_\d+>", prompt)))
        text = "Thanks, I have noted it." + (" " + " ".join(shown) if shown else "")
        return web.json_response({
            "id": "cmpl-1", "object": "chat.completion", "model": body.get("model", "fake"),
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 10, "completion_tokens": 5}})

    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/v1", bodies
    await runner.cleanup()


async def test_canaries_never_leave_the_conversation(make_settings, models, log_capture, fake_llm_server,
                                                     tmp_path: Path) -> None:
    url, llm_bodies = fake_llm_server
    settings = make_settings(GENERATOR_KIND="llm", GENERATOR_BACKEND="openai", GENERATOR_BASE_URL=url,
                             GENERATOR_MODEL="fake-model")
    rt = await Runtime.open(settings)
    requests: list[Any] = []
    inner = rt.generator

    class _Spy:
        name = getattr(inner, "name", "spy")

        async def generate(self, req):
            requests.append(req)
            return await inner.generate(req)

        async def close(self):
            await inner.close()

        def __getattr__(self, item):
            return getattr(inner, item)

    rt.generator = _Spy()
    results = []
    try:
        for i, text in enumerate(MESSAGES):
            results.append(await rt.process(Message(platform="telegram", conversation_id="c", sender_id="1001",
                                                    message_id=f"m{i}", text=text)))
        await rt.audit.flush()
    finally:
        await rt.close()

    # The generator path really ran, over HTTP, and saw placeholders instead of values.
    assert requests, "the generator was never called"
    assert llm_bodies, "the LLM server was never called: the prompt path is not exercised"
    assert any("<" in r.user_text for r in requests)
    for req in requests:
        assert not _leaks(repr(req)), _leaks(repr(req))
    for body in llm_bodies:
        # JSON escapes non-ASCII (\uXXXX): compare against the decoded text as well as the raw bytes
        decoded = json.dumps(json.loads(body), ensure_ascii=False)
        assert not _leaks(decoded), _leaks(decoded)
        assert not _leaks(body)

    # Traces, redacted replies and stored inbound text.
    for res in results:
        trace = json.dumps(res.trace.to_dict(), ensure_ascii=False, default=str)
        assert not _leaks(trace), _leaks(trace)
        assert not _leaks(res.reply_redacted), res.reply_redacted
        assert not _leaks(res.redacted_text), res.redacted_text
        assert res.trace.to_dict().get("redactions") is not None

    # Every log record, whatever its logger.
    assert log_capture.records, "no log records captured: the capture is not wired"
    for rec in log_capture.records:
        assert not _leaks(rec), (_leaks(rec), rec[:200])

    # Raw bytes of every file the runtime wrote (database, WAL, SHM, keys, vault…).
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert Path(settings.db_path).resolve() in {p.resolve() for p in files}, files
    for p in files:
        found = _leaks(p.read_bytes())
        assert not found, (p.name, found)

    # The customer gets their own address back in the address-change confirmation.
    replies = [r.reply for r in results]
    assert any(CANARY["address"] in r for r in replies), replies
    assert any("<ADDRESS_" in r.reply_redacted for r in results), [r.reply_redacted for r in results]
