"""The OpenAI-compatible backend, through the guarded generator, against a fake server on loopback."""
from __future__ import annotations

import asyncio
import time

import pytest
from llm_fakes import Step

from bot.core.settings import load_settings
from bot.llm import build_generator
from bot.llm.guarded import GuardedGenerator
from bot.llm.openai_compat import CircuitBreaker, OpenAICompatBackend

# The fake server fixture lives in the session loop (asyncio_default_fixture_loop_scope).
pytestmark = pytest.mark.asyncio(loop_scope="session")

GOOD_EN = "Order SO202611200931 is on its way with SF Express, tracking number SF1234567890."


def make_gen(fake, *, stream: bool = True, timeout_s: float = 5.0, max_retries: int = 2,
             breaker: CircuitBreaker | None = None, max_concurrent: int = 2) -> GuardedGenerator:
    backend = OpenAICompatBackend(fake.url, "qwen-test", "sk-test", stream=stream, max_retries=max_retries,
                                  backoff_base_s=0.05, breaker=breaker)
    return GuardedGenerator(backend, max_concurrent=max_concurrent, timeout_s=timeout_s, max_new_tokens=64)


async def test_non_streaming_answer_is_used_and_prompt_is_redacted(fake_llm, make_req) -> None:
    fake_llm.play(Step(text=GOOD_EN))
    gen = make_gen(fake_llm, stream=False)
    out = await gen.generate(make_req("en"))
    await gen.close()
    assert (out.text, out.generator, out.grounded, out.reason) == (GOOD_EN, "llm:qwen-test", True, None)
    body = fake_llm.requests[0]
    assert body["model"] == "qwen-test" and body["stream"] is False and body["max_tokens"] == 64
    assert fake_llm.headers[0]["Authorization"] == "Bearer sk-test"
    sent = "\n".join(m["content"] for m in body["messages"])
    assert out.prompt is not None and "<PERSON_1>" in out.prompt and "SF1234567890" in out.prompt
    # The exact prompt is what the server saw; tool-result PII never reaches the model.
    for m in body["messages"]:
        assert m["content"] in out.prompt
    assert "Secret Road" not in sent and "Secret Road" not in out.prompt
    assert "English" in body["messages"][0]["content"]


async def test_streaming_answer_is_assembled(fake_llm, make_req) -> None:
    zh = "您好，订单SO202611200931已发货，顺丰运单号SF1234567890，正在运输途中。"
    fake_llm.play(Step(text=zh))
    gen = make_gen(fake_llm)
    out = await gen.generate(make_req("zh"))
    await gen.close()
    assert out.grounded and out.text == zh
    assert fake_llm.requests[0]["stream"] is True
    assert "Chinese" in fake_llm.requests[0]["messages"][0]["content"]
    chunks = await _stream_raw(fake_llm, "a b c d")
    assert chunks.text == "a b c d" and chunks.tokens == 4 and chunks.ttft_s is not None


async def _stream_raw(fake, text: str):
    fake.play(Step(text=text))
    backend = OpenAICompatBackend(fake.url, "m", None, stream=True)
    try:
        return await backend.complete([{"role": "user", "content": "hi"}], 8, 5.0)
    finally:
        await backend.close()


async def test_ungrounded_answer_falls_back_to_template(fake_llm, make_req) -> None:
    fake_llm.play(Step(text="Order SO202611200931 was refunded ¥999 yesterday, tracking SF1234567890."))
    gen = make_gen(fake_llm)
    req = make_req("en")
    out = await gen.generate(req)
    await gen.close()
    assert out.text == req.template_answer and out.grounded is False and out.generator == "llm:qwen-test"
    assert "invented number 999" in out.reason
    assert out.fallback == "grounding_failed" and out.fallback_reason.startswith("grounding_failed: ")


async def test_500_then_success_is_retried(fake_llm, make_req) -> None:
    fake_llm.play(Step(status=500), Step(status=503), Step(text=GOOD_EN))
    gen = make_gen(fake_llm)
    out = await gen.generate(make_req("en"))
    await gen.close()
    assert out.grounded and out.text == GOOD_EN
    assert len(fake_llm.requests) == 3


async def test_429_honours_retry_after(fake_llm, make_req) -> None:
    fake_llm.play(Step(status=429, retry_after="0.4"), Step(text=GOOD_EN))
    gen = make_gen(fake_llm)
    t0 = time.monotonic()
    out = await gen.generate(make_req("en"))
    await gen.close()
    assert out.grounded and len(fake_llm.requests) == 2
    assert time.monotonic() - t0 >= 0.4


async def test_persistent_500_falls_back_after_retries(fake_llm, make_req) -> None:
    fake_llm.default = Step(status=500)
    gen = make_gen(fake_llm, max_retries=2)
    req = make_req("en")
    out = await gen.generate(req)
    await gen.close()
    assert out.text == req.template_answer and not out.grounded and "HTTP 500" in out.reason
    assert out.fallback_reason == "backend_error: HTTP 500"
    assert len(fake_llm.requests) == 3          # one try + two retries


async def test_client_error_is_not_retried(fake_llm, make_req) -> None:
    fake_llm.play(Step(status=400))
    gen = make_gen(fake_llm)
    out = await gen.generate(make_req("en"))
    await gen.close()
    assert not out.grounded and "HTTP 400" in out.reason and len(fake_llm.requests) == 1


async def test_timeout_falls_back_quickly(fake_llm, make_req) -> None:
    fake_llm.default = Step(text=GOOD_EN, delay_s=3.0)
    gen = make_gen(fake_llm, timeout_s=0.4)
    req = make_req("en")
    t0 = time.monotonic()
    out = await gen.generate(req)
    await gen.close()
    assert time.monotonic() - t0 < 1.5
    assert out.text == req.template_answer and not out.grounded and "timeout" in out.reason
    assert out.fallback_reason == "timeout"


async def test_stream_cut_before_done_is_retried(fake_llm, make_req) -> None:
    fake_llm.play(Step(text="Order SO202611200931 is", done=False), Step(text=GOOD_EN))
    gen = make_gen(fake_llm)
    out = await gen.generate(make_req("en"))
    await gen.close()
    assert out.grounded and out.text == GOOD_EN and len(fake_llm.requests) == 2


async def test_circuit_breaker_opens_and_closes(fake_llm, make_req) -> None:
    now = [1000.0]
    breaker = CircuitBreaker(threshold=2, cooldown_s=30.0, clock=lambda: now[0])
    gen = make_gen(fake_llm, max_retries=0, breaker=breaker)
    req = make_req("en")
    fake_llm.default = Step(status=500)
    for _ in range(2):
        assert "HTTP 500" in (await gen.generate(req)).reason
    assert breaker.state == "open" and len(fake_llm.requests) == 2
    # Open: the server is not called at all; the customer gets the template at once.
    out = await gen.generate(req)
    assert out.text == req.template_answer and "circuit open" in out.reason and len(fake_llm.requests) == 2
    # After the cool-down one trial goes through; it fails, so the circuit opens again.
    now[0] += 31
    assert breaker.state == "half-open"
    assert "HTTP 500" in (await gen.generate(req)).reason and len(fake_llm.requests) == 3
    assert breaker.state == "open"
    # Next cool-down, the trial succeeds and the circuit closes.
    now[0] += 31
    fake_llm.default = Step(text=GOOD_EN)
    assert (await gen.generate(req)).grounded
    assert breaker.state == "closed"
    assert (await gen.generate(req)).grounded and len(fake_llm.requests) == 5
    await gen.close()


async def test_connection_refused_falls_back(make_req) -> None:
    backend = OpenAICompatBackend("http://127.0.0.1:9/v1", "m", None, max_retries=1, backoff_base_s=0.01)
    gen = GuardedGenerator(backend, timeout_s=3.0)
    req = make_req("en")
    out = await gen.generate(req)
    await gen.close()
    assert out.text == req.template_answer and "connection error" in out.reason


async def test_concurrency_is_bounded(fake_llm, make_req) -> None:
    fake_llm.default = Step(text=GOOD_EN, delay_s=0.2)
    gen = make_gen(fake_llm, max_concurrent=1)
    outs = await asyncio.gather(*(gen.generate(make_req("en")) for _ in range(3)))
    await gen.close()
    assert all(o.grounded for o in outs)
    assert fake_llm.max_in_flight == 1 and len(fake_llm.requests) == 3


async def test_build_generator_reads_config_and_key(fake_llm, make_req) -> None:
    env = {"AFTERSALES_GENERATOR_KIND": "llm", "AFTERSALES_GENERATOR_BACKEND": "openai",
           "AFTERSALES_GENERATOR_BASE_URL": fake_llm.url, "AFTERSALES_GENERATOR_MODEL": "deepseek-x",
           "AFTERSALES_LLM_API_KEY": "sk-from-env"}
    settings = load_settings(env=env)
    fake_llm.play(Step(text=GOOD_EN))
    gen = build_generator(settings)
    out = await gen.generate(make_req("en"))
    await gen.close()
    assert gen.name == "llm:deepseek-x" and out.grounded
    assert fake_llm.headers[0]["Authorization"] == "Bearer sk-from-env"
    tmpl = build_generator(settings, "template")
    t = await tmpl.generate(make_req("en"))
    assert (t.generator, t.grounded, t.prompt) == ("template", True, None)


async def test_a_structured_template_answer_is_kept_as_laid_out(fake_llm, make_req) -> None:
    import dataclasses
    fake_llm.play(Step(text=GOOD_EN))
    gen = make_gen(fake_llm, stream=False)
    listing = "You have several recent orders:\n• SO202611200931 — shoes\n• SO202611200932 — mug\nWhich one?"
    out = await gen.generate(dataclasses.replace(make_req("en"), template_answer=listing))
    await gen.close()
    assert (out.text, out.generator, out.grounded) == (listing, "template", True)
    assert fake_llm.requests == []


async def test_busy_model_answers_with_template_at_once_instead_of_timing_out(fake_llm, make_req) -> None:
    fake_llm.default = Step(text=GOOD_EN, delay_s=0.5)
    gen = make_gen(fake_llm, timeout_s=1.5, max_concurrent=1)
    req = make_req("en")
    assert (await gen.generate(req)).grounded            # learns how long one generation takes
    outs = await asyncio.gather(*(gen.generate(req) for _ in range(3)))
    await gen.close()
    # Two fit in the 1.5 s budget; the third would only have waited for a timeout.
    assert [o.fallback for o in outs] == [None, None, "busy"]
    assert outs[2].text == req.template_answer and outs[2].fallback_reason.startswith("busy: ")
    assert len(fake_llm.requests) == 3


async def test_a_customer_behind_others_gets_the_template_instead_of_queueing(fake_llm, make_req) -> None:
    fake_llm.default = Step(text=GOOD_EN, delay_s=0.4)
    backend = OpenAICompatBackend(fake_llm.url, "qwen-test", stream=False, max_retries=0)
    gen = GuardedGenerator(backend, max_concurrent=1, timeout_s=20.0, max_new_tokens=64, max_wait_s=0.3)
    req = make_req("en")
    assert (await gen.generate(req)).grounded            # learns how long one generation takes
    first = asyncio.create_task(gen.generate(req))
    await asyncio.sleep(0)                                # the first one holds the model now
    second = await gen.generate(req)
    answered_before_first = not first.done()
    outs = [await first, second]
    await gen.close()
    # Waiting ~0.4 s for the first customer's answer exceeds the 0.3 s allowed: the second
    # customer gets the (correct) template answer before the first one's generation is over,
    # though the 20 s budget would have fitted a queue.
    assert [o.fallback for o in outs] == [None, "busy"]
    assert second.text == req.template_answer and "expected wait" in second.fallback_reason
    assert answered_before_first and len(fake_llm.requests) == 2
