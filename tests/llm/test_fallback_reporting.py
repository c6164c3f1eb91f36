"""Say why: a replaced answer carries `fallback_reason` in the trace, one JSON log line and a metric
per kind, and the review page names the reason instead of "ungrounded"."""
from __future__ import annotations

import json
import logging

import pytest

from bot.core.logs import JsonFormatter
from bot.core.messages import Message
from bot.core.trace import Trace
from bot.pipeline.runtime import Runtime
from bot.server.metrics import Metrics
from bot.web.review import _answer_badge


@pytest.mark.asyncio(loop_scope="session")
async def test_pipeline_trace_metric_and_log_name_the_fallback(make_settings, free_port, caplog) -> None:
    # A configured LLM server that is down: the customer still gets the template answer at once,
    # and every report says it was a backend error, not an ungrounded answer.
    settings = make_settings(GENERATOR_KIND="llm", GENERATOR_BACKEND="openai", GENERATOR_MODEL="qwen-test",
                             GENERATOR_BASE_URL=f"http://127.0.0.1:{free_port}/v1", GENERATOR_TIMEOUT_S="5")
    rt = await Runtime.open(settings)
    try:
        rt.generator.backend.max_retries = 0
        # With a server configured, understanding defaults to llm_when_unsure on that server.
        assert rt.command_source is not None and rt.command_source.source == "llm:qwen-test"
        msg = Message("telegram", "1001", "1001", "m-fallback-1", "hello", identity="telegram:1001")
        with caplog.at_level(logging.INFO, logger="bot.llm.fallback"):
            result = await rt.pipeline.handle(msg)
            vague = await rt.pipeline.handle(Message("telegram", "1001", "1001", "m-fallback-2",
                                                     "嗯，那个东西有点怪", identity="telegram:1001"))
    finally:
        await rt.close()
    # The unsure turn asked the LLM to understand it; the server was down, so classic answered.
    llm = vague.trace.to_dict()["dialogue"]["llm"]
    assert llm["source"] == "llm:qwen-test" and llm["fallback_reason"].startswith("backend_error: connection error")
    assert "Customer: 嗯，那个东西有点怪" in llm["prompt"]
    assert vague.trace.commands and vague.reply
    trace = result.trace.to_dict()
    assert trace["prompt"], "the model must have been asked for this one-line answer"
    assert trace["generator"] == "llm:qwen-test" and trace["grounded"] is False
    assert trace["fallback_reason"].startswith("backend_error: connection error")
    metrics = Metrics(process=False)
    metrics.observe_trace(result.trace)
    metrics.observe_trace(vague.trace)
    assert metrics.registry.get_sample_value("aftersales_llm_fallbacks_total",
                                             {"stage": "understand", "kind": "backend_error"}) >= 1.0
    replaced = sum(1 for r in (result, vague) if (r.trace.fallback_reason or "").startswith("backend_error"))
    assert replaced >= 1 and metrics.registry.get_sample_value(
        "aftersales_llm_fallbacks_total", {"stage": "generate", "kind": "backend_error"}) == float(replaced)
    assert metrics.registry.get_sample_value("aftersales_llm_fallbacks_total",
                                             {"stage": "generate", "kind": "timeout"}) is None
    rec = [r for r in caplog.records if r.name == "bot.llm.fallback" and r.fields["stage"] == "generate"][0]
    line = json.loads(JsonFormatter().format(rec))
    assert {k: line[k] for k in ("event", "stage", "kind", "source")} == {
        "event": "llm_fallback", "stage": "generate", "kind": "backend_error", "source": "llm:qwen-test"}
    assert "hello" not in JsonFormatter().format(rec)


def test_trace_leaves_fallback_reason_out_when_nothing_was_replaced() -> None:
    assert "fallback_reason" not in Trace().to_dict()
    t = Trace(fallback_reason="grounding_failed: invented number 999")
    assert t.to_dict()["fallback_reason"] == "grounding_failed: invented number 999"


def test_understanding_fallbacks_are_counted_by_kind() -> None:
    metrics = Metrics(process=False)
    metrics.observe_trace({"generator": "template", "grounded": True,
                           "dialogue": {"llm": {"source": "llm:m", "fallback_reason": "invalid_output: 0 commands"}}})
    metrics.observe_trace({"generator": "llm:m", "grounded": False, "fallback_reason": "timeout"})
    assert metrics.registry.get_sample_value("aftersales_llm_fallbacks_total",
                                             {"stage": "understand", "kind": "invalid_output"}) == 1.0
    assert metrics.registry.get_sample_value("aftersales_llm_fallbacks_total",
                                             {"stage": "generate", "kind": "timeout"}) == 1.0


def test_review_page_names_the_reason_instead_of_ungrounded() -> None:
    html = _answer_badge({"generator": "llm:m", "grounded": False, "fallback_reason": "timeout"})
    assert "template fallback" in html and 'id="fallback-reason">timeout<' in html and "not grounded" not in html
    assert "grounded" in _answer_badge({"generator": "llm:m", "grounded": True})
    # An LLM answer marked ungrounded without a reason (an old record) is still called so.
    assert "not grounded" in _answer_badge({"generator": "llm:m", "grounded": False})
