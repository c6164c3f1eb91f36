"""Everything a running bot holds: store, keys, vault, audit log, models, generator, pipeline.

Heavy, read-only components (spaCy + Presidio, the intent model, the knowledge index) are
loaded once per process and shared, so `replay`, tests and the server pay for them once.
"""
from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot import db
from bot.core.errors import ConfigError
from bot.core.messages import Message
from bot.core.settings import Settings, resolve_path
from bot.knowledge import KnowledgeBase
from bot.llm import Generator, build_generator
from bot.nlu import NLU
from bot.pipeline.runner import Pipeline, TurnResult, identity_scope
from bot.shop.store import Store, rebase_fixture_dates
from privacy.audit import AuditEntry, AuditLog
from privacy.keys import FieldCipher, KeyRing
from privacy.redactor import Redactor
from privacy.vault import Vault

log = logging.getLogger("aftersales.runtime")


@functools.lru_cache(maxsize=4)
def shared_redactor(spacy_model: str) -> Redactor:
    redactor = Redactor.create(spacy_model=spacy_model)
    # First calls pay for lazy loading (spaCy pipes, jieba's dictionary): pay it at start-up,
    # not on the first customer's message.
    redactor.analyze_batch(["Hi, this is Alex Morgan from 12 High Street.", "我叫张伟，住在上海市浦东新区。"])
    return redactor


@functools.lru_cache(maxsize=1)
def shared_nlu() -> NLU:
    return NLU.load()


@functools.lru_cache(maxsize=4)
def shared_knowledge(directory: str) -> KnowledgeBase:
    return KnowledgeBase.load(Path(directory))


async def load_models(settings: Settings) -> tuple[Redactor, NLU, KnowledgeBase]:
    """Load the shared models concurrently in threads (they are CPU-bound and independent)."""
    return await asyncio.gather(
        asyncio.to_thread(shared_redactor, settings["privacy"]["spacy_model"]),
        asyncio.to_thread(shared_nlu),
        asyncio.to_thread(shared_knowledge, str(settings.path("knowledge.dir"))),
    )


@dataclass
class Runtime:
    settings: Settings
    db_path: Path
    store: Store
    conn: Any
    keyring: KeyRing
    vault: Vault
    audit: AuditLog
    redactor: Redactor
    nlu: NLU
    knowledge: KnowledgeBase
    generator: Generator
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    shop: Any = None                      # bot.shop.Shop: the configured backend ([shop] backend)
    command_source: Any = None            # [understanding]: the LLM the engine asks when unsure, or None
    pipeline: Pipeline = field(init=False)

    def __post_init__(self) -> None:
        if self.shop is None:
            from bot.shop.store.builtin import BuiltinShop
            self.shop = BuiltinShop(self.store)
        self.pipeline = Pipeline(self, clock=self.clock)

    @classmethod
    async def open(cls, settings: Settings, db_path: Path | None = None, generator: str | None = None,
                   clock: Callable[[], datetime] | None = None, seed: bool = True) -> Runtime:
        path = Path(db_path) if db_path else settings.db_path
        conn = await db.connect(path)
        store: Store | None = None
        try:
            keyring = await KeyRing.from_settings(settings, conn)
            store = await Store.open(path, cipher=FieldCipher(keyring))
            return await cls._open_on(settings, path, conn, keyring, store, generator, clock, seed)
        except BaseException:
            # A wrong key or shop setting: close what is open, or its connection thread keeps
            # the process alive after the error was reported (`chat` hung until killed).
            for closer in ([store.close] if store is not None else []) + [conn.close]:
                with contextlib.suppress(Exception):
                    await closer()
            raise

    @classmethod
    async def _open_on(cls, settings: Settings, path: Path, conn: Any, keyring: KeyRing, store: Store,
                       generator: str | None, clock: Callable[[], datetime] | None, seed: bool) -> Runtime:
        if seed and await store.is_empty():
            await seed_demo_shop(store, settings, (clock or (lambda: datetime.now(UTC)))())
        from bot.pipeline.shop_knowledge import running_shop_knowledge, use_folder
        folder = await running_shop_knowledge(settings, store)
        if folder is not None:
            use_folder(settings, folder)      # the loaded shop's texts and facts, never the demo's by default
        vault = await Vault.open(conn, keyring)
        audit = await AuditLog.open(conn, keyring)
        from bot.lang import glossary
        glossary.warm()       # the option dictionary, read in the background (cached after the first start)
        redactor, nlu, knowledge = await load_models(settings)
        gen = build_generator(settings, generator)
        from bot.shop import open_shop
        shop = await open_shop(settings, store=store)
        rt = cls(settings=settings, db_path=path, store=store, conn=conn, keyring=keyring, vault=vault,
                 audit=audit, redactor=redactor, nlu=nlu, knowledge=knowledge, generator=gen,
                 clock=clock or (lambda: datetime.now(UTC)), shop=shop)
        from bot.llm.understand import build_engine_source
        rt.command_source = build_engine_source(settings)
        return rt

    async def process(self, msg: Message, delivery: dict[str, Any] | None = None) -> TurnResult:
        """Run the pipeline for one message and write its audit record."""
        result = await self.pipeline.handle(msg)
        await self.write_audit(msg, result, delivery)
        return result

    async def write_audit(self, msg: Message, result: TurnResult, delivery: dict[str, Any] | None) -> None:
        if delivery:
            result.trace.delivery = delivery
        self.audit.submit(AuditEntry(
            platform=msg.platform, conversation_key=msg.conversation_key, message_id=msg.message_id,
            inbound=result.redacted_text, reply=result.reply_redacted, trace=result.trace.to_dict(),
            customer_id=result.customer_id, latency_ms=(time.time() - msg.received_at) * 1000,
            # Someone the shop does not know still gets records of their own, erasable for them.
            scope=None if result.customer_id else identity_scope(msg.user)))

    async def close(self) -> None:
        closers = [self.audit.close, self.generator.close, self.shop.close, self.store.close, self.conn.close]
        if self.command_source is not None:
            closers.insert(2, self.command_source.close)
        for closer in closers:
            try:
                await closer()
            except Exception:  # noqa: BLE001 - close everything even if one part fails
                log.exception("error while closing %s", getattr(closer, "__qualname__", closer))


async def seed_demo_shop(store: Store, settings: Settings, now: datetime) -> None:
    """Import the configured fixture into an empty store, its dates moved up to `now`."""
    fixture_path = settings.get("data.seed_fixture")
    if not fixture_path:
        return
    path = resolve_path(fixture_path)
    fixture = json.loads(path.read_text(encoding="utf-8"))
    await store.import_fixture(rebase_fixture_dates(fixture, now))
    from bot.pipeline.shop_knowledge import fixture_knowledge
    try:
        await store.record_knowledge_folder(str(fixture_knowledge(path)))
    except ConfigError as exc:
        log.warning("the seed fixture's knowledge folder: %s", exc)
    log.info("seeded the store from %s", path.name)
