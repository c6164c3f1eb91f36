"""The template generator: returns the deterministic answer the dialogue already built."""
from __future__ import annotations

from bot.llm.base import Generation, GenerationRequest


class TemplateGenerator:
    name = "template"

    async def generate(self, req: GenerationRequest) -> Generation:
        return Generation(text=req.template_answer, generator="template", grounded=True, prompt=None)

    async def close(self) -> None:
        return None
