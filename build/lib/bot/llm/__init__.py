"""Answer generators behind one interface: template, embedded model, OpenAI-compatible server.

    from bot.llm import Generator, GenerationRequest, Generation, build_generator
"""
from bot.llm.base import Generation, GenerationRequest, Generator
from bot.llm.factory import build_generator

__all__ = ["Generator", "GenerationRequest", "Generation", "build_generator"]
