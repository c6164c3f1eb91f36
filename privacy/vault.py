"""The PII vault: per-conversation placeholder -> original value, encrypted at rest.

The Pseudonymizer replaces "13812345678" with "<PHONE_NUMBER_1>" and keeps the mapping so
the reply can restore the customer's own data. That mapping is the most sensitive thing
the bot stores, so it is sealed under the customer's data key (erasing the customer makes
it unreadable) and the conversation key itself is stored only as a keyed hash, because
conversation keys embed platform ids (a WhatsApp wa_id is a phone number).
"""
from __future__ import annotations

import json
import time

import aiosqlite

from bot.db import migrate, run_transaction
from privacy.keys import KeyErased, KeyRing

MIGRATIONS = [
    """
    CREATE TABLE vault (
        conversation_hash TEXT PRIMARY KEY,   -- keyed hash of the conversation key
        scope             TEXT NOT NULL,      -- data-key scope (customer id or "system")
        blob              BLOB NOT NULL,      -- sealed JSON {placeholder: value}
        updated_at        REAL NOT NULL
    );
    CREATE INDEX vault_scope ON vault(scope);
    """,
]


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
            await migrate(self.conn, "vault", MIGRATIONS)
            self._migrated = True

    async def _hash(self, conversation_key: str) -> str:
        return await self.keyring.blind_index(conversation_key, "conversation")

    @staticmethod
    def _aad(conv_hash: str) -> bytes:
        # Binds the blob to its row: a mapping copied onto another conversation will not open.
        return b"vault|" + conv_hash.encode()

    async def load(self, conversation_key: str, scope: str) -> dict[str, str]:
        """The mapping, or {} when there is none or the customer's key was erased.

        The row's own scope is used to open it (the blob is bound to the scope it was sealed
        under); `scope` is where the next `save` will put it.
        """
        await self._migrate()
        conv_hash = await self._hash(conversation_key)
        async with self.conn.execute("SELECT scope, blob FROM vault WHERE conversation_hash = ?", (conv_hash,)) as cur:
            row = await cur.fetchone()
        if row is None:
            return {}
        try:
            data = await self.keyring.open(row["scope"], bytes(row["blob"]), self._aad(conv_hash))
        except KeyErased:
            return {}
        mapping = json.loads(data.decode("utf-8"))
        return {str(k): str(v) for k, v in mapping.items()}

    async def save(self, conversation_key: str, scope: str, mapping: dict[str, str]) -> None:
        await self._migrate()
        conv_hash = await self._hash(conversation_key)
        blob = await self.keyring.seal(scope, json.dumps(mapping, ensure_ascii=False, sort_keys=True).encode("utf-8"),
                                       self._aad(conv_hash))
        async def upsert() -> None:
            # In a transaction scope (privacy/keys.py seals above, outside it): a lock error rolls
            # back and retries instead of leaving the shared connection inside a transaction.
            await self.conn.execute(
                "INSERT INTO vault(conversation_hash, scope, blob, updated_at) VALUES (?,?,?,?) "
                "ON CONFLICT(conversation_hash) DO UPDATE SET scope = excluded.scope, blob = excluded.blob, "
                "updated_at = excluded.updated_at",
                (conv_hash, scope, blob, time.time()),
            )
        await run_transaction(self.conn, upsert)

    async def delete_scope(self, scope: str) -> int:
        """Drop a scope's (already unreadable) rows after an erasure; returns the count."""
        await self._migrate()
        async def delete() -> int:
            cur = await self.conn.execute("DELETE FROM vault WHERE scope = ?", (scope,))
            return cur.rowcount
        return await run_transaction(self.conn, delete)
