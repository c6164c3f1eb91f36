"""A local OpenAI-compatible server that streams a turn's own reference answer back in chunks.

It speaks the real protocol (`POST /v1/chat/completions`, SSE chunks, `data: [DONE]`) and
answers with the reference answer the prompt carries (bot/llm/prompt.py `chat_messages`), a
few characters per chunk with a pause between them, so a page sees the reply grow. `lie`
appends an invented identifier (what the grounding check must reject and the draft must mask);
`tail` appends text after the answer. No model: the streaming path, not answer quality, is
under test (the llama.cpp server tests cover a real model).
"""
from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

_REFERENCE = re.compile(r"^Reference answer \(correct; rephrase it, keep every fact\): (.*)$", re.M)


@dataclass
class StreamingLLM:
    chunk_chars: int = 6
    pause_s: float = 0.05
    lie: str = ""                    # appended to the answer, e.g. " Your new order is ZX90817263."
    url: str = ""
    requests: int = 0
    chunks_sent: list[int] = field(default_factory=list)
    _runner: Any = None

    async def handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.json()
        self.requests += 1
        prompt = body["messages"][-1]["content"]
        m = _REFERENCE.search(prompt)
        answer = (m.group(1) if m else "OK.") + self.lie
        resp = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await resp.prepare(request)
        n = 0
        for i in range(0, len(answer), self.chunk_chars):
            event = {"id": "c", "object": "chat.completion.chunk", "model": body.get("model", "m"),
                     "choices": [{"index": 0, "delta": {"content": answer[i:i + self.chunk_chars]},
                                  "finish_reason": None}]}
            await resp.write(f"data: {json.dumps(event, ensure_ascii=False)}\n\n".encode())
            n += 1
            await asyncio.sleep(self.pause_s)
        await resp.write(b"data: [DONE]\n\n")
        self.chunks_sent.append(n)
        return resp

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/v1/chat/completions", self.handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.url = f"http://127.0.0.1:{port}/v1"
        return self.url

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def llm_env(url: str) -> dict[str, str]:
    """Settings env for the generator on this server (understanding stays classic: one call a turn)."""
    return {"GENERATOR_KIND": "llm", "GENERATOR_BACKEND": "openai", "GENERATOR_BASE_URL": url,
            "GENERATOR_MODEL": "stream-test", "UNDERSTANDING_MODE": "classic"}


def parse_sse(raw: str) -> list[dict[str, Any]]:
    """The events of a server-sent-events body (comments skipped)."""
    out = []
    for block in raw.split("\n\n"):
        data = "\n".join(line[5:].strip() for line in block.split("\n") if line.startswith("data:"))
        if data:
            out.append(json.loads(data))
    return out
