"""Flow unit tests run one step at a time against the real built-in shop seeded with a demo
fixture (nothing faked: the shop lives on this machine). A step gets hand-written commands, so
each test says exactly what understanding produced and checks what the flow did with it."""
from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from bot.core.trace import Trace
from bot.dialogue.commands import Command, Understood
from bot.dialogue.facts import Facts
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome, Turn
from bot.dialogue.state import DialogueState, Frame
from bot.knowledge import KnowledgeBase
from bot.shop.store import Store
from bot.shop.tools import ShopTools

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime.fromisoformat("2026-11-28T12:00:00+08:00")


@dataclass
class Env:
    store: Store
    tools: ShopTools
    trace: Trace
    kb: KnowledgeBase
    state: DialogueState = field(default_factory=DialogueState)

    async def customer(self, identity: str) -> Any:
        return (await self.tools.resolve_customer(identity)).customer

    async def ctx(self, identity: str, text: str, *commands: Command, lang: str = "en") -> FlowContext:
        customer = await self.customer(identity)
        res = await self.tools.list_orders(customer, limit=20)
        turn = Turn(text=text, language=lang, intent="other", confidence=0.9, entities={}, sentiment_label="neutral",
                    sentiment_score=0.0, identity=identity, conversation="conv-" + identity)
        products = {p.id: p.public_dict() for p in await self.store_shop.products()} if self.store_shop else {}
        return FlowContext(tools=self.tools, customer=customer, turn=turn, lang=lang,
                           orders=list(res.data["orders"]), state=self.state,
                           understood=Understood(tuple(commands), 0.9, "test"), facts=Facts.load(), now=NOW,
                           snippets=self.kb.search(text, lang=lang), catalogue=products, knowledge=self.kb)

    @property
    def store_shop(self) -> Any:
        return getattr(self.tools, "shop", None)

    def actions(self, name: str) -> list[dict[str, Any]]:
        return [a for a in self.trace.actions if a["name"] == name]


async def _env(tmp_path: Path, fixture: str) -> AsyncIterator[Env]:
    store = await Store.open(tmp_path / "flows.db")
    await store.import_fixture(json.loads((ROOT / "config" / fixture).read_text(encoding="utf-8")))
    trace = Trace()
    tools = ShopTools(store, await store.policies(), NOW, trace)
    yield Env(store, tools, trace, shared_kb())
    await store.close()


_KB: list[KnowledgeBase] = []


def shared_kb() -> KnowledgeBase:
    if not _KB:
        _KB.append(KnowledgeBase.load(ROOT / "config" / "knowledge"))
    return _KB[0]


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[Env]:
    async for env in _env(tmp_path, "demo_shop.json"):
        yield env


@pytest.fixture
async def en_shop(tmp_path: Path) -> AsyncIterator[Env]:
    async for env in _env(tmp_path, "demo_shop_en.json"):
        yield env


def items_slot(text: str, fc: FlowContext) -> Command:
    """What the classic source would say about the items in `text` (the real matcher)."""
    from bot.dialogue import matching as M
    refs = M.match_items(text, fc.orders, fc.catalogue)
    slots: dict[str, Any] = {"items": [{"order_id": r.order_id, "sku": r.sku, "excluded": r.excluded,
                                        "score": r.score, "start": r.start} for r in refs]}
    qty = M.quantity_for(text)
    if qty:
        slots["qty"] = qty
    return Command("set_slot", slots)


async def step(run: Any, fc: FlowContext, frame: Frame) -> Outcome:
    return await run(fc, frame)
