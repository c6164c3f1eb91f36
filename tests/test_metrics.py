"""/metrics: the series a full pipeline run produces, read back through the Prometheus text parser."""
from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import pytest
from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from bot.core.settings import PROJECT_ROOT

if str(PROJECT_ROOT) not in sys.path:      # the real `adapters` package, not tests/adapters
    sys.path.insert(0, str(PROJECT_ROOT))

from adapters.generic import signed_headers  # noqa: E402
from bot.server.app import INBOX, create_app  # noqa: E402
from bot.server.metrics import Metrics  # noqa: E402

SECRET = "metrics-secret"
# aiohttp_client/aiohttp_server live in the session loop (asyncio_default_fixture_loop_scope).
in_session_loop = pytest.mark.asyncio(loop_scope="session")


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """{(sample name, sorted labels): value} from a /metrics body."""
    out = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(data: dict[Any, float], name: str, **labels: str) -> float:
    return data.get((name, tuple(sorted(labels.items()))), 0.0)


async def callback_server(aiohttp_server: Any, received: list[dict[str, Any]],
                          reply: dict[str, Any] | None = None) -> Any:
    async def handle(request: web.Request) -> web.Response:
        received.append(json.loads(await request.read()))
        return web.json_response(reply or {"ok": True})
    app = web.Application()
    app.router.add_post("/cb", handle)
    return await aiohttp_server(app)


def body(mid: str, text: str, user: str = "telegram:1001") -> bytes:
    return json.dumps({"message_id": mid, "user": user, "text": text}, ensure_ascii=False).encode()


async def wait_for(cond: Any, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not cond() and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert cond(), "timed out"


def test_each_metrics_object_has_its_own_registry() -> None:
    # With the global registry the second construction would raise "Duplicated timeseries".
    a, b = Metrics(), Metrics()
    a.observe_request("generic", 200)
    assert value(samples(a.render().decode()), "aftersales_webhook_requests_total", platform="generic",
                 status="200") == 1
    assert value(samples(b.render().decode()), "aftersales_webhook_requests_total", platform="generic",
                 status="200") == 0


@in_session_loop
async def test_full_pipeline_run_shows_up_in_metrics(aiohttp_client: Any, aiohttp_server: Any,
                                                     make_settings: Any, models: Any) -> None:
    received: list[dict[str, Any]] = []
    cb = await callback_server(aiohttp_server, received)
    client = await aiohttp_client(create_app(make_settings(GENERIC_SECRET=SECRET,
                                                           GENERIC_CALLBACK_URL=str(cb.make_url("/cb")))))
    b = body("met-1", "My phone is 415-555-0132, where is my order SO202611200931?")
    assert (await client.post("/webhooks/generic", data=b, headers=signed_headers(SECRET, b))).status == 200
    bad = body("met-2", "hello")
    assert (await client.post("/webhooks/generic", data=bad,
                              headers=signed_headers("wrong-secret", bad))).status == 401
    await wait_for(lambda: len(received) == 1)
    await asyncio.sleep(0.1)     # the handler observes right after the callback answers

    resp = await client.get("/metrics")
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/plain")
    text = await resp.text()
    data = samples(text)
    assert value(data, "aftersales_webhook_requests_total", platform="generic", status="200") == 1
    assert value(data, "aftersales_webhook_requests_total", platform="generic", status="401") == 1
    for stage in ("redact", "understand", "generate", "total"):
        assert value(data, "aftersales_stage_latency_seconds_count", stage=stage) == 1, stage
    assert value(data, "aftersales_redactions_total", type="PHONE_NUMBER") == 1
    assert value(data, "aftersales_deliveries_total", platform="generic", outcome="ok") == 1
    assert value(data, "aftersales_deliveries_total", platform="generic", outcome="failed") == 0
    assert value(data, "aftersales_messages_processed_total", platform="generic", intent="order_status") == 1
    assert value(data, "aftersales_generations_total", generator="template", grounded="true") == 1
    assert value(data, "aftersales_turn_latency_seconds_count", platform="generic") == 1
    assert ("aftersales_inbox_depth", ()) in data
    assert value(data, "process_resident_memory_bytes") > 0
    # Labels come from closed sets: nothing of the message reaches a scrape.
    assert "415-555-0132" not in text and "SO202611200931" not in text


@in_session_loop
async def test_inbox_depth_gauge_reads_the_inbox(aiohttp_client: Any, make_settings: Any, models: Any) -> None:
    client = await aiohttp_client(create_app(make_settings(GENERIC_SECRET=SECRET, SERVER_PROCESS_INBOX="false")))
    for i in range(3):
        b = body(f"depth-{i}", "where is my order?", user=f"web:u{i}")
        assert (await client.post("/webhooks/generic", data=b, headers=signed_headers(SECRET, b))).status == 200
    assert client.app[INBOX].depth == 3
    data = samples(await (await client.get("/metrics")).text())
    assert value(data, "aftersales_inbox_depth") == 3


@in_session_loop
async def test_failed_delivery_is_counted(aiohttp_client: Any, make_settings: Any, models: Any) -> None:
    # No callback URL configured: the generic adapter reports ok=False without a network call.
    client = await aiohttp_client(create_app(make_settings(GENERIC_SECRET=SECRET)))
    b = body("fail-1", "hello")
    assert (await client.post("/webhooks/generic", data=b, headers=signed_headers(SECRET, b))).status == 200
    await client.app[INBOX].wait_idle(60)
    data = samples(await (await client.get("/metrics")).text())
    assert value(data, "aftersales_deliveries_total", platform="generic", outcome="failed") == 1
    assert value(data, "aftersales_deliveries_total", platform="generic", outcome="ok") == 0


@pytest.fixture
async def fake_openai(aiohttp_server: Any) -> Any:
    """An OpenAI-compatible server on loopback that answers every completion with 7 tokens."""
    async def completions(request: web.Request) -> web.Response:
        await request.json()
        return web.json_response({"choices": [{"message": {"role": "assistant", "content": "Happy to help."}}],
                                  "usage": {"prompt_tokens": 50, "completion_tokens": 7}})
    app = web.Application()
    app.router.add_post("/v1/chat/completions", completions)
    return await aiohttp_server(app)


@in_session_loop
async def test_llm_tokens_are_counted(aiohttp_client: Any, make_settings: Any, models: Any,
                                     fake_openai: Any) -> None:
    settings = make_settings(GENERIC_SECRET=SECRET, GENERATOR_KIND="llm", GENERATOR_BACKEND="openai",
                             GENERATOR_MODEL="fake", GENERATOR_BASE_URL=str(fake_openai.make_url("/v1")))
    client = await aiohttp_client(create_app(settings))
    for i in range(2):
        b = body(f"tok-{i}", "hello there", user=f"web:t{i}")
        assert (await client.post("/webhooks/generic", data=b, headers=signed_headers(SECRET, b))).status == 200
    await client.app[INBOX].wait_idle(60)
    data = samples(await (await client.get("/metrics")).text())
    assert value(data, "aftersales_llm_tokens_total", generator="llm:fake") == 14
