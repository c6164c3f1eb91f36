"""Test doubles for the generator tests: a scripted fake OpenAI-compatible server, and requests.

The fake server speaks the real protocol (`POST /v1/chat/completions`, JSON or SSE with
`data: [DONE]`) and plays a script of responses, so retries, timeouts and the circuit
breaker are exercised over real HTTP.
"""
from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from bot.llm import GenerationRequest


@dataclass
class Step:
    """One scripted response: an HTTP status, or text to answer with."""

    status: int = 200
    text: str = ""
    delay_s: float = 0.0
    retry_after: str | None = None
    done: bool = True            # streaming: end with `data: [DONE]`


@dataclass
class FakeLLM:
    url: str = ""
    script: list[Step] = field(default_factory=list)
    default: Step = field(default_factory=lambda: Step(text="ok"))
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)
    in_flight: int = 0
    max_in_flight: int = 0

    def play(self, *steps: Step) -> None:
        self.script = list(steps)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        step = self.script.pop(0) if self.script else self.default
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if step.delay_s:
                await asyncio.sleep(step.delay_s)
            if step.status != 200:
                headers = {"Retry-After": step.retry_after} if step.retry_after else {}
                return web.json_response({"error": {"message": "scripted"}}, status=step.status, headers=headers)
            if not body.get("stream"):
                return web.json_response({
                    "id": "cmpl-1", "object": "chat.completion", "model": body["model"],
                    "choices": [{"index": 0, "message": {"role": "assistant", "content": step.text},
                                 "finish_reason": "stop"}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": len(step.text.split())},
                })
            resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
            await resp.prepare(request)
            await resp.write(b": keep-alive\n\n")
            words = step.text.split(" ")
            for i, word in enumerate(words):
                piece = word if i == 0 else " " + word
                event = {"id": "c", "object": "chat.completion.chunk",
                         "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
                await resp.write(f"data: {json.dumps(event)}\n\n".encode())
            if step.done:
                await resp.write(b"data: [DONE]\n\n")
            return resp
        finally:
            self.in_flight -= 1


@dataclass
class Snip:
    id: str
    title: str
    text: str


ORDER = {"id": "SO202611200931", "status": "shipped", "placed_at": "2026-11-18T10:00:00+08:00",
         "shipped_at": "2026-11-19T09:00:00+08:00", "carrier": "SF", "tracking_no": "SF1234567890",
         "currency": "CNY", "total": "299.00", "shipping_address": "88 Secret Road, Apt 5",
         "items": [{"sku": "SHOE-42", "name": "跑鞋 42码", "qty": 1, "price": "299.00", "category": "shoes"}]}

EN_TEMPLATE = ("Your order SO202611200931 (跑鞋 42码) is on its way: it shipped on Nov 19 with SF Express, "
               "tracking number SF1234567890. Most parcels arrive within 1–3 days of shipping.")
ZH_TEMPLATE = ("您的订单 SO202611200931（跑鞋 42码）已于11月19日由顺丰速运发出，运单号 SF1234567890，"
               "正在运输途中。一般发货后 1–3 天送达。")


def make_request(language: str = "en", **over: Any) -> GenerationRequest:
    base = dict(
        language=language, intent="order_status",
        user_text=("Hi, I'm <PERSON_1>, where is order SO202611200931?" if language == "en"
                   else "你好，我是<PERSON_1>，订单SO202611200931到哪了？"),
        history=[("user", "hello"), ("assistant", "Hi! How can I help?")],
        facts={"order": dict(ORDER)},
        snippets=[Snip("kb-ship-1", "Shipping times", "Most parcels arrive within 1–3 days of shipping; "
                                                      "remote areas may take 5 days.")],
        template_answer=EN_TEMPLATE if language == "en" else ZH_TEMPLATE,
        placeholders=["<PERSON_1>"],
    )
    base.update(over)
    return GenerationRequest(**base)  # type: ignore[arg-type]
