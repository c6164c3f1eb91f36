"""The PII vault: per-conversation placeholder -> original value, encrypted at rest.

The Pseudonymizer replaces "13812345678" with "<PHONE_NUMBER_1>" and keeps the mapping so
the reply can restore the customer's own data. That mapping is the most sensitive thing
the bot stores, so it is sealed under the customer's data key (erasing the customer makes
it unreadable) and the conversation key itself is stored only as a keyed hash, because
conversation keys embed platform ids (a WhatsApp wa_id is a phone number).

Mappings are per speaker: a row is keyed by a hash of (conversation, scope), so in a group
chat each member's values live in their own row sealed under their own key — erasing one
member leaves nothing of theirs readable under another member's key.
"""
from __future__ import annotations

import json
import time

import aiosqlite
from sqlalchemy import bindparam, delete, or_, select
from sqlalchemy.schema import CreateIndex

from bot.db import migrations, run_transaction, schema
from bot.db import query as q
from privacy.keys import KeyErased, KeyRing

T = schema.vault
COMPONENT = migrations.Component("vault", [T], steps=[
    migrations.BASELINE,
    # per-speaker rows: conversation_hash now hashes (conversation, scope); `conversation`
    # holds the hash of the conversation alone, for the reviewer's reveal of a record
    [migrations.add_column(T, "conversation"), CreateIndex(next(i for i in T.indexes
                                                                if i.name == "vault_conversation"))],
])
_BY_HASH = q.Statement(select(T.c.scope, T.c.blob).where(T.c.conversation_hash == bindparam("h")))
_BY_HASH_SCOPE = q.Statement(select(T.c.scope, T.c.blob)
                             .where(T.c.conversation_hash == bindparam("h"), T.c.scope == bindparam("scope")))
_CONVERSATION = q.Statement(select(T.c.conversation_hash, T.c.scope, T.c.blob)
                            .where(or_(T.c.conversation == bindparam("c"), T.c.conversation_hash == bindparam("c"))))
_SAVE = q.Statement(q.upsert(T, ["conversation_hash"], ["scope", "blob", "updated_at"]),
                    ["conversation_hash", "scope", "blob", "updated_at", "conversation"])
_DROP_OLD = q.Statement(delete(T).where(T.c.conversation_hash == bindparam("h"), T.c.scope == bindparam("scope")))
_DROP_SCOPE = q.Statement(delete(T).where(T.c.scope == bindparam("scope")))


class Vault:
    """`await load(conv, scope)` / `await save(conv, scope, mapping)`; values never in clear on disk."""

    def __init__(self, conn: aiosqlite.Connection, keyring: KeyRing) -> None:
        self.conn = conn
        self.keyring = keyring
        self._migrated = False

    @classmethod
    async def open(cls, conn: aiosqlite.Connection, keyring: KeyRing) -> Vault:
        vault = cls(conn, keyring)
        await vault._migrate()
        return vault

    async def _migrate(self) -> None:
        if not self._migrated:
            await migrations.migrate(self.conn, COMPONENT)
            self._migrated = True

    async def _hash(self, conversation_key: str) -> str:
        return await self.keyring.blind_index(conversation_key, "conversation")

    @staticmethod
    def _aad(conv_hash: str) -> bytes:
        # Binds the blob to its row: a mapping copied onto another conversation will not open.
        return b"vault|" + conv_hash.encode()

    async def _speaker_hash(self, conversation_key: str, scope: str) -> str:
        return await self.keyring.blind_index(f"{conversation_key}\x00{scope}", "conversation")

    async def load(self, conversation_key: str, scope: str) -> dict[str, str]:
        """This speaker's mapping, or {} when there is none or their key was erased."""
        await self._migrate()
        conv_hash = await self._speaker_hash(conversation_key, scope)
        row = (await q.execute(self.conn, _BY_HASH, {"h": conv_hash})).first()
        if row is None:
            # a row from before per-speaker rows: only its own scope's speaker may read it
            conv_hash = await self._hash(conversation_key)
            row = (await q.execute(self.conn, _BY_HASH_SCOPE, {"h": conv_hash, "scope": scope})).first()
        if row is None:
            return {}
        return await self._open_row(conv_hash, row)

    async def load_conversation(self, conversation_key: str) -> dict[str, str]:
        """Every readable speaker mapping of a conversation, merged (the privileged reviewer's
        reveal of a record whose speaker the record does not name). Erased speakers give nothing."""
        await self._migrate()
        conv = await self._hash(conversation_key)
        rows = await q.fetchall(self.conn, _CONVERSATION, {"c": conv})
        out: dict[str, str] = {}
        for row in rows:
            for k, v in (await self._open_row(row["conversation_hash"], row)).items():
                out.setdefault(k, v)
        return out

    async def _open_row(self, conv_hash: str, row: aiosqlite.Row) -> dict[str, str]:
        try:
            data = await self.keyring.open(row["scope"], bytes(row["blob"]), self._aad(conv_hash))
        except KeyErased:
            return {}
        mapping = json.loads(data.decode("utf-8"))
        return {str(k): str(v) for k, v in mapping.items()}

    async def save(self, conversation_key: str, scope: str, mapping: dict[str, str]) -> None:
        await self._migrate()
        conv_hash = await self._speaker_hash(conversation_key, scope)
        conv = await self._hash(conversation_key)
        blob = await self.keyring.seal(scope, json.dumps(mapping, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                                       self._aad(conv_hash))
        async def upsert() -> None:
            # In a transaction scope (privacy/keys.py seals above, outside it): a lock error rolls
            # back and retries instead of leaving the shared connection inside a transaction.
            await q.execute(self.conn, _SAVE, {"conversation_hash": conv_hash, "scope": scope, "blob": blob,
                                               "updated_at": time.time(), "conversation": conv})
            # the pre-per-speaker row of this speaker, if any, is superseded
            await q.execute(self.conn, _DROP_OLD, {"h": conv, "scope": scope})
        await run_transaction(self.conn, upsert)

    async def delete_scope(self, scope: str) -> int:
        """Drop a scope's (already unreadable) rows after an erasure; returns the count."""
        await self._migrate()
        async def delete() -> int:
            return (await q.execute(self.conn, _DROP_SCOPE, {"scope": scope})).rowcount
        return await run_transaction(self.conn, delete)
