"""The audit log: one encrypted, hash-chained record per processed message.

Layout of a record (table audit_records)
    clear index columns  seq, kind, ts, platform, customer_id (the store's id, never a platform
                         user id), conversation_hash / message_hash (keyed hashes), intent,
                         confidence, handoff, grounded, sentiment, latency_ms, scope
    payload              AES-GCM under the customer's data key (privacy.keys): redacted inbound
                         text, the reply as generated (placeholders, never restored PII), the
                         full trace, conversation key and message id
    prev_hash, hash      hash = SHA-256(prev_hash | seq | payload | index columns)

Tamper evidence: the chain catches a changed byte or a reordering at the first affected
record; signed checkpoints (HMAC-SHA256 under a MAC key kept wrapped in the key ring) every
`checkpoint_every` records, and a signed head at the tail, catch a deleted or truncated tail
and a chain recomputed from some point on. After a retention purge a signed anchor says
where the chain now starts and which prev_hash its first record must carry.

Erasure is crypto-shredding: `erase(customer)` destroys the customer's data key, so their
payloads (and vault) become unreadable while every stored byte, hence the chain, is unchanged.
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite
from sqlalchemy import ColumnElement, Executable, bindparam, delete, func, insert, select

from bot.db import connect, migrations, run_transaction, schema
from bot.db import query as q
from privacy.keys import SYSTEM_SCOPE, DecryptError, KeyErased, KeyRing, _lp

log = logging.getLogger(__name__)

T = TypeVar("T")
ZERO_HASH = b"\x00" * 32
_PAYLOAD_AAD = b"aftersales/audit/v1"
_INDEX_COLUMNS = ("kind", "ts", "platform", "customer_id", "conversation_hash", "message_hash", "intent",
                  "confidence", "handoff", "grounded", "sentiment", "latency_ms", "scope")

R, C, S, RT = schema.audit_records, schema.audit_checkpoints, schema.audit_state, schema.audit_ratings
# Version 1 was the SQL script bot.db.migrate applied; a fresh database is created from the tables.
COMPONENT = migrations.Component("audit", [R, C, S, RT], steps=[migrations.BASELINE])

_STATE = q.Statement(select(S.c.seq, S.c.hash, S.c.ts, S.c.mac).where(S.c.name == bindparam("name")))
_PUT_STATE = q.Statement(q.upsert(S, ["name"], ["seq", "hash", "ts", "mac"]), ["name", "seq", "hash", "ts", "mac"])
_RECORD_COLUMNS = ("seq", *_INDEX_COLUMNS, "payload", "prev_hash", "hash")
_PUT_RECORD = q.Statement(insert(R), _RECORD_COLUMNS)
_PUT_CHECKPOINT = q.Statement(insert(C), ["seq", "hash", "ts", "mac"])
_KEEP_FROM = q.Statement(select(func.min(R.c.seq)).where(R.c.ts >= bindparam("before")))
_PREV_HASH = q.Statement(select(R.c.prev_hash).where(R.c.seq == bindparam("seq")))
_DROP_RECORDS = q.Statement(delete(R).where(R.c.seq < bindparam("seq")))
_DROP_CHECKPOINTS = q.Statement(delete(C).where(C.c.seq < bindparam("seq")))
_CHECKPOINTS = q.Statement(select(C.c.seq, C.c.hash, C.c.ts, C.c.mac).order_by(C.c.seq))
_CHAIN = q.Statement(select(*(R.c[c] for c in _RECORD_COLUMNS)).order_by(R.c.seq))
_PUT_RATING = q.Statement(q.upsert(RT, ["message_hash"], ["helpful", "ts"]),
                          ["message_hash", "conversation_hash", "helpful", "ts"])
_SUMMARY_COLUMNS = (R.c.seq, R.c.kind, R.c.ts, R.c.platform, R.c.customer_id, R.c.intent, R.c.confidence,
                    R.c.handoff, R.c.grounded, R.c.sentiment, R.c.latency_ms, R.c.scope, R.c.payload,
                    R.c.conversation_hash, RT.c.helpful)
_WITH_RATINGS = R.outerjoin(RT, RT.c.message_hash == R.c.message_hash)
_BY_SEQ = q.Statement(select(*_SUMMARY_COLUMNS).select_from(_WITH_RATINGS).where(R.c.seq == bindparam("seq")))

# AuditFilter's conditions: (field, the condition); a shape is the set of fields in use.
_FILTERS: tuple[tuple[str, ColumnElement[bool]], ...] = (
    ("kind", R.c.kind == bindparam("kind")),
    ("since", R.c.ts >= bindparam("since")),
    ("until", R.c.ts < bindparam("until")),
    ("customer", R.c.customer_id == bindparam("customer")),
    ("intent", R.c.intent == bindparam("intent")),
    ("platform", R.c.platform == bindparam("platform")),
    ("handoff", R.c.handoff == bindparam("handoff")),
    ("ungrounded", R.c.grounded == 0),
    ("negative", R.c.sentiment == "negative"),
)


# -- data ---------------------------------------------------------------------------------
@dataclass
class AuditEntry:
    """What the pipeline hands over for one processed message (all text already redacted)."""

    platform: str
    conversation_key: str
    message_id: str
    inbound: str                      # redacted inbound text
    reply: str                        # the reply as generated: placeholders, never restored PII
    trace: Mapping[str, Any] | Any    # Trace or its dict
    customer_id: str | None = None
    time: float = field(default_factory=time.time)
    latency_ms: float | None = None   # reply latency; default: trace timings_ms["total"] or their sum
    kind: str = "message"
    details: dict[str, Any] = field(default_factory=dict)   # for reveal / erase / purge events
    # Key scope of the payload: default the customer id, else "system". Pass the store's
    # identity scope for not-yet-identified senders so their records can be erased too.
    scope: str | None = None


@dataclass
class RecordSummary:
    id: int
    kind: str
    time: float
    platform: str
    customer_id: str | None
    intent: str | None
    confidence: float | None
    handoff: bool
    grounded: bool
    sentiment: str | None
    latency_ms: float | None
    rating: bool | None = None        # the customer's "was this helpful?" answer, if any
    conversation_ref: str | None = None   # keyed hash prefix: groups a conversation without naming it


@dataclass
class AuditRecord(RecordSummary):
    conversation_key: str | None = None
    message_id: str | None = None
    inbound: str | None = None
    reply: str | None = None
    trace: dict[str, Any] | None = None
    details: dict[str, Any] | None = None
    erased: bool = False              # the customer's key was destroyed: content is gone

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class VerifyResult:
    ok: bool
    first_bad: int | None = None      # seq of the first record that fails
    reason: str = ""
    checked: int = 0                  # records walked
    head: int | None = None           # last signed seq


@dataclass
class AuditFilter:
    since: float | None = None
    until: float | None = None
    customer: str | None = None
    intent: str | None = None
    platform: str | None = None
    handoff: bool | None = None
    ungrounded: bool = False
    negative: bool = False
    kind: str | None = "message"     # None: every kind
    limit: int | None = 100
    offset: int = 0
    newest_first: bool = True


def _trace_dict(trace: Any) -> dict[str, Any]:
    if hasattr(trace, "to_dict"):
        as_dict: dict[str, Any] = trace.to_dict()
        return as_dict
    return dict(trace or {})


def _f(x: Any) -> float | None:
    return None if x is None else float(x)


def _index_bytes(ix: Mapping[str, Any]) -> bytes:
    return json.dumps([ix[c] for c in _INDEX_COLUMNS], separators=(",", ":"), ensure_ascii=False).encode()


def chain_hash(prev: bytes, seq: int, payload: bytes, ix: Mapping[str, Any]) -> bytes:
    return hashlib.sha256(_lp(b"audit/v1", prev, seq.to_bytes(8, "big"), payload, _index_bytes(ix))).digest()


def _percentile(sorted_values: list[float], p: float) -> float | None:
    """Nearest-rank percentile."""
    if not sorted_values:
        return None
    rank = max(1, -(-len(sorted_values) * p // 100))
    return round(sorted_values[int(rank) - 1], 3)


def state_mac(key: bytes, name: str, seq: int, h: bytes, ts: float) -> bytes:
    return hmac.new(key, _lp(b"state", name.encode(), seq.to_bytes(8, "big"), h, repr(float(ts)).encode()),
                    hashlib.sha256).digest()


def checkpoint_mac(key: bytes, seq: int, h: bytes, ts: float) -> bytes:
    return hmac.new(key, _lp(b"checkpoint", seq.to_bytes(8, "big"), h, repr(float(ts)).encode()),
                    hashlib.sha256).digest()


async def _in_conn_thread(conn: aiosqlite.Connection, fn: Callable[..., T], *args: Any) -> T:
    """Run `fn(sqlite3_connection, *args)` as ONE job on the connection's own thread.

    The whole read-head / insert / sign / commit sequence then cannot interleave with other
    coroutines sharing this aiosqlite connection (the vault and key ring do), so another
    component's commit can never split a batch from its signed head.
    aiosqlite (pinned) has no public hook for this; `_execute` / `_conn` are its internals.
    """
    # untyped private internal of aiosqlite (see above), hence the ignore and the typed result
    result: T = await conn._execute(lambda: fn(conn._conn, *args))  # type: ignore[no-untyped-call]
    return result


def _put_state(db: Any, dialect: str, name: str, seq: int, h: bytes, mac_key: bytes) -> None:
    now = time.time()
    q.execute_sync(db, dialect, _PUT_STATE, {"name": name, "seq": seq, "hash": h, "ts": now,
                                             "mac": state_mac(mac_key, name, seq, h, now)})


def _state_row(db: Any, dialect: str, name: str) -> Any:
    return q.execute_sync(db, dialect, _STATE, {"name": name}).first()


def _inside_transaction(db: Any) -> None:
    # The caller's scope (run_transaction(..., immediate=True)) opened it: SQLite's BEGIN
    # IMMEDIATE, PostgreSQL's per-schema writer lock, so two writers cannot fork the chain.
    if not db.in_transaction:
        raise RuntimeError("the audit chain is written inside run_transaction(conn, ..., immediate=True)")


def _write_txn(db: Any, dialect: str, prepared: list[tuple[dict[str, Any], bytes]], mac_key: bytes,
               every: int) -> list[int]:
    _inside_transaction(db)
    head = _state_row(db, dialect, "head")
    if head is not None:
        seq, prev = int(head[0]), bytes(head[1])
    else:
        anchor = _state_row(db, dialect, "anchor")
        seq, prev = (int(anchor[0]) - 1, bytes(anchor[1])) if anchor else (0, ZERO_HASH)
    rows, cps, seqs = [], [], []
    for ix, payload in prepared:
        seq += 1
        h = chain_hash(prev, seq, payload, ix)
        rows.append({**ix, "seq": seq, "payload": payload, "prev_hash": prev, "hash": h})
        if seq % every == 0:
            cps.append({"seq": seq, "hash": h, "ts": ix["ts"], "mac": checkpoint_mac(mac_key, seq, h, ix["ts"])})
        prev = h
        seqs.append(seq)
    q.executemany_sync(db, dialect, _PUT_RECORD, rows)
    q.executemany_sync(db, dialect, _PUT_CHECKPOINT, cps)
    _put_state(db, dialect, "head", seq, prev, mac_key)
    return seqs


def _purge_txn(db: Any, dialect: str, before: float, mac_key: bytes) -> int:
    """Delete the oldest records (ts < before) and sign an anchor where the chain now starts."""
    _inside_transaction(db)
    if dialect == q.SQLITE:
        db.execute("PRAGMA secure_delete=ON")   # zero the freed pages: purged payloads leave no residue
    keep_from = q.execute_sync(db, dialect, _KEEP_FROM, {"before": before}).scalar()
    if keep_from is None:
        head = _state_row(db, dialect, "head")
        if head is None:
            return 0
        keep_from, prev = int(head[0]) + 1, bytes(head[1])
    else:
        prev = bytes(q.execute_sync(db, dialect, _PREV_HASH, {"seq": keep_from}).scalar())
    deleted = q.execute_sync(db, dialect, _DROP_RECORDS, {"seq": keep_from}).rowcount
    q.execute_sync(db, dialect, _DROP_CHECKPOINTS, {"seq": keep_from})
    if deleted:
        _put_state(db, dialect, "anchor", keep_from, prev, mac_key)
    return int(deleted)


_STOP = object()


class AuditLog:
    """Append (directly or through a background writer), list, read, verify, erase, purge, report."""

    def __init__(self, conn: aiosqlite.Connection, keyring: KeyRing, *, own_conn: bool = False,
                 checkpoint_every: int = 100, batch_size: int = 256) -> None:
        self.conn = conn
        self.keyring = keyring
        self.checkpoint_every = checkpoint_every
        self.batch_size = batch_size
        self._own_conn = own_conn
        self._write_lock = asyncio.Lock()
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self._writer: asyncio.Task[None] | None = None
        self._closed = False
        self.failed = 0              # records the background writer could not store

    @classmethod
    async def open(cls, conn_or_path: aiosqlite.Connection | str | Path, keyring: KeyRing,
                   **kwargs: Any) -> AuditLog:
        """A path opens a dedicated connection (recommended: audit transactions then never
        interleave with the store's); a connection is shared as is."""
        if isinstance(conn_or_path, (str, Path)):
            conn, own = await connect(conn_or_path), True
        else:
            conn, own = conn_or_path, False
        await migrations.migrate(conn, COMPONENT)
        return cls(conn, keyring, own_conn=own, **kwargs)

    # -- writing ------------------------------------------------------------------------
    async def _state_mac(self, name: str, seq: int, h: bytes, ts: float) -> bytes:
        return state_mac(await self.keyring.system_secret("audit-mac"), name, seq, h, ts)

    async def _cp_mac(self, seq: int, h: bytes, ts: float) -> bytes:
        return checkpoint_mac(await self.keyring.system_secret("audit-mac"), seq, h, ts)

    async def _prepare(self, e: AuditEntry) -> tuple[dict[str, Any], bytes]:
        """Everything that needs the key ring, done before the write transaction opens."""
        trace = _trace_dict(e.trace)
        scope = e.scope or e.customer_id or SYSTEM_SCOPE
        latency = e.latency_ms
        timings = trace.get("timings_ms") or {}
        if latency is None and timings:
            latency = timings.get("total", sum(v for v in timings.values() if isinstance(v, (int, float))))
        intent = trace.get("intent") or {}
        sentiment = trace.get("sentiment") or {}
        ix = {
            "kind": e.kind,
            "ts": float(e.time),
            "platform": e.platform,
            "customer_id": e.customer_id,
            "conversation_hash": await self.keyring.blind_index(e.conversation_key, "conversation")
            if e.conversation_key else None,
            "message_hash": await self.keyring.blind_index(f"{e.conversation_key}\x00{e.message_id}", "message")
            if e.message_id else None,
            "intent": intent.get("name") if e.kind == "message" else e.kind,
            "confidence": _f(intent.get("confidence")),
            "handoff": int(bool(trace.get("handoff", False))),
            "grounded": int(bool(trace.get("grounded", True))),
            "sentiment": sentiment.get("label"),
            "latency_ms": _f(latency),
            # Informational only (payloads open by the key id in their header). Anything but a
            # customer id or "system" may embed a platform id, so it is stored as a keyed ref.
            "scope": scope if scope in (e.customer_id, SYSTEM_SCOPE)
            else "ref:" + (await self.keyring.blind_index(scope, "scope"))[:16],
        }
        body = {"v": 1, "kind": e.kind, "time": e.time, "platform": e.platform,
                "conversation_key": e.conversation_key, "customer_id": e.customer_id,
                "message_id": e.message_id, "inbound": e.inbound, "reply": e.reply, "trace": trace,
                "details": e.details}
        plain = json.dumps(body, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8")
        return ix, await self.keyring.seal(scope, plain, _PAYLOAD_AAD)

    async def _read_state(self, name: str) -> Any:
        return (await q.execute(self.conn, _STATE, {"name": name})).first()

    async def _write_batch(self, entries: list[AuditEntry]) -> list[int]:
        prepared = []
        for i, e in enumerate(entries):
            prepared.append(await self._prepare(e))
            if i % 16 == 15:
                await asyncio.sleep(0)   # encryption runs on the loop: let replies through between slices
        mac_key = await self.keyring.system_secret("audit-mac")  # created/cached outside the transaction
        async def txn() -> list[int]:
            # Inside the connection's transaction scope (bot/db.py): the vault and key ring
            # share this connection, and their writes can neither interleave with the chain
            # nor leave it inside a transaction when something fails.
            return await _in_conn_thread(self.conn, _write_txn, q.dialect_of(self.conn), prepared, mac_key,
                                         self.checkpoint_every)
        async with self._write_lock:
            # immediate: on PostgreSQL the per-schema lock, so replicas never fork the chain.
            return await run_transaction(self.conn, txn, immediate=True)

    async def append(self, entry: AuditEntry) -> int:
        """Write one record now; returns its id."""
        return (await self._write_batch([entry]))[0]

    def submit(self, entry: AuditEntry) -> None:
        """Enqueue for the background writer; never blocks the reply path."""
        if self._closed:
            raise RuntimeError("audit log is closed")
        if self._writer is None or self._writer.done():
            self._writer = asyncio.get_running_loop().create_task(self._run_writer(), name="audit-writer")
        self._queue.put_nowait(entry)

    async def _run_writer(self) -> None:
        while True:
            item = await self._queue.get()
            batch: list[AuditEntry] = []
            stop = item is _STOP
            if not stop:
                batch.append(item)
            while not stop and len(batch) < self.batch_size and not self._queue.empty():
                nxt = self._queue.get_nowait()
                if nxt is _STOP:
                    stop = True
                else:
                    batch.append(nxt)
            try:
                if batch:
                    await self._write_with_retry(batch)
            finally:
                for _ in range(len(batch) + (1 if stop else 0)):
                    self._queue.task_done()
            if stop:
                return

    async def _write_with_retry(self, batch: list[AuditEntry]) -> None:
        for attempt in range(5):
            try:
                await self._write_batch(batch)
                return
            except Exception as exc:  # noqa: BLE001 - a storage failure must not kill the writer
                log.warning("audit write of %d records failed (attempt %d): %s", len(batch), attempt + 1,
                            type(exc).__name__)
                # Each attempt already retried lock errors for seconds (bot/db.py); wait longer still.
                await asyncio.sleep(min(30.0, 1.0 * 2 ** attempt))
        self.failed += len(batch)
        log.error("audit: %d records could not be written", len(batch))

    async def flush(self) -> None:
        """Wait until everything submitted so far is stored."""
        if self._writer is not None and not self._writer.done():
            await self._queue.join()

    async def close(self) -> None:
        """Drain the queue, stop the writer, close a connection this log opened."""
        if self._closed:
            return
        self._closed = True
        if self._writer is not None and not self._writer.done():
            self._queue.put_nowait(_STOP)
            await self._writer
        if self._own_conn:
            await self.conn.close()

    # -- reading ------------------------------------------------------------------------
    @staticmethod
    def _summary(row: Any) -> RecordSummary:
        return RecordSummary(
            id=row["seq"], kind=row["kind"], time=row["ts"], platform=row["platform"],
            customer_id=row["customer_id"], intent=row["intent"], confidence=row["confidence"],
            handoff=bool(row["handoff"]), grounded=bool(row["grounded"]), sentiment=row["sentiment"],
            latency_ms=row["latency_ms"], rating=None if row["helpful"] is None else bool(row["helpful"]),
            conversation_ref=(row["conversation_hash"] or "")[:12] or None)

    @staticmethod
    def _where(f: AuditFilter) -> tuple[tuple[str, ...], list[ColumnElement[bool]], dict[str, Any]]:
        """The filter's shape (the fields in use), its conditions and their parameters."""
        values = {"kind": f.kind, "since": f.since, "until": f.until, "customer": f.customer,
                  "intent": f.intent, "platform": f.platform,
                  "handoff": None if f.handoff is None else int(bool(f.handoff)),
                  "ungrounded": True if f.ungrounded else None, "negative": True if f.negative else None}
        used = tuple(name for name, _ in _FILTERS if values[name] is not None)
        conds = [cond for name, cond in _FILTERS if name in used]
        return used, conds, {n: values[n] for n in used}

    def _records(self, f: AuditFilter, order: str) -> tuple[q.Statement, dict[str, Any]]:
        """SELECT the summaries `f` picks, in `order` (asc | desc), one compiled shape per filter set."""
        used, conds, params = self._where(f)
        paged = f.limit is not None
        if paged:
            params.update(limit=int(f.limit or 0), offset=int(f.offset))

        def build() -> Executable:
            stmt = (select(*_SUMMARY_COLUMNS).select_from(_WITH_RATINGS).where(*conds)
                    .order_by(R.c.seq.desc() if order == "desc" else R.c.seq.asc()))
            return stmt.limit(bindparam("limit")).offset(bindparam("offset")) if paged else stmt
        return q.shaped(("audit-records", used, order, paged), build), params

    async def list(self, filters: AuditFilter | None = None) -> list[RecordSummary]:  # noqa: A003
        f = filters or AuditFilter()
        stmt, params = self._records(f, "desc" if f.newest_first else "asc")
        return [self._summary(r) for r in await q.fetchall(self.conn, stmt, params)]

    async def count(self, filters: AuditFilter | None = None) -> int:
        used, conds, params = self._where(filters or AuditFilter())
        stmt = q.shaped(("audit-count", used), lambda: select(func.count()).select_from(R).where(*conds))
        return int((await q.execute(self.conn, stmt, params)).scalar())

    async def _decrypt(self, row: Any) -> AuditRecord:
        s = self._summary(row)
        rec = AuditRecord(**asdict(s))
        try:
            body = json.loads(await self.keyring.open_sealed(bytes(row["payload"]), _PAYLOAD_AAD))
        except KeyErased:
            rec.erased = True
            return rec
        rec.conversation_key = body.get("conversation_key")
        rec.message_id = body.get("message_id")
        rec.inbound = body.get("inbound")
        rec.reply = body.get("reply")
        rec.trace = body.get("trace")
        rec.details = body.get("details") or None
        return rec

    async def get(self, record_id: int) -> AuditRecord | None:
        """The decrypted record; `erased=True` with no content once its customer was erased.
        Raises DecryptError when the payload does not authenticate (tampered)."""
        row = (await q.execute(self.conn, _BY_SEQ, {"seq": record_id})).first()
        return None if row is None else await self._decrypt(row)

    async def export(self, filters: AuditFilter | None = None) -> AsyncIterator[dict[str, Any]]:
        """Decrypted records as dicts, oldest first (JSONL export)."""
        f = filters or AuditFilter(kind=None, limit=None)
        f.newest_first = False
        stmt, params = self._records(f, "asc")
        # One page of rows at a time would need keyset paging; the connection fetches a
        # statement's rows in one job anyway (bot/db.py), as the old cursor did.
        for row in await q.fetchall(self.conn, stmt, params):
            try:
                yield (await self._decrypt(row)).to_dict()
            except DecryptError:
                yield {**asdict(self._summary(row)), "error": "payload does not authenticate"}

    # -- verification -------------------------------------------------------------------
    async def verify(self) -> VerifyResult:
        """Walk the chain from the anchor to the signed head; name the first bad record."""
        head = await self._read_state("head")
        anchor = await self._read_state("anchor")
        for name, st in (("head", head), ("anchor", anchor)):
            if st is not None and not hmac.compare_digest(
                    bytes(st["mac"]), await self._state_mac(name, st["seq"], bytes(st["hash"]), st["ts"])):
                return VerifyResult(False, st["seq"] if name == "anchor" else None,
                                    f"the signed {name} has a bad signature")
        checkpoints = {r["seq"]: r for r in await q.fetchall(self.conn, _CHECKPOINTS)}
        for seq, cp in checkpoints.items():
            if not hmac.compare_digest(bytes(cp["mac"]), await self._cp_mac(seq, bytes(cp["hash"]), cp["ts"])):
                return VerifyResult(False, seq, f"checkpoint at record {seq} has a bad signature")
        first, prev = (anchor["seq"], bytes(anchor["hash"])) if anchor else (1, ZERO_HASH)
        expected, last_good_cp, checked = first, first - 1, 0
        for row in await q.fetchall(self.conn, _CHAIN):
            seq = row["seq"]
            if seq < expected:
                return VerifyResult(False, seq, f"record {seq} lies before the start of the chain ({expected})",
                                    checked)
            if seq > expected:
                what = "is missing (deleted)" if seq == expected + 1 else f"to {seq - 1} are missing (deleted)"
                return VerifyResult(False, expected, f"record {expected} {what}", checked)
            if bytes(row["prev_hash"]) != prev:
                return VerifyResult(False, seq, f"record {seq} does not link to the record before it "
                                                "(deleted, reordered or inserted records)", checked)
            ix = {c: row[c] for c in _INDEX_COLUMNS}
            h = chain_hash(prev, seq, bytes(row["payload"]), ix)
            if h != bytes(row["hash"]):
                return VerifyResult(False, seq, f"record {seq} was changed after it was written", checked)
            signed = checkpoints.get(seq)
            if signed is not None:
                if bytes(signed["hash"]) != h:
                    return VerifyResult(False, last_good_cp + 1,
                                        f"records {last_good_cp + 1}..{seq} were rewritten "
                                        f"(checkpoint at {seq} does not match)", checked)
                last_good_cp = seq
            prev, expected, checked = h, expected + 1, checked + 1
        last = expected - 1
        beyond = [s for s in checkpoints if s > last]
        if beyond:
            return VerifyResult(False, last + 1, f"truncated: records from {last + 1} are missing "
                                                 f"(checkpoint at {min(beyond)} signed them)", checked)
        if head is None:
            if checked or anchor is not None:
                return VerifyResult(False, last + 1, f"the signed head is missing: the log may have been "
                                                     f"truncated after record {last}", checked)
            return VerifyResult(True, None, "empty log", 0, None)
        if head["seq"] > last:
            return VerifyResult(False, last + 1, f"truncated tail: records {last + 1}..{head['seq']} are missing",
                                checked, head["seq"])
        if head["seq"] < last:
            return VerifyResult(False, head["seq"] + 1, f"records from {head['seq'] + 1} were added outside the log",
                                checked, head["seq"])
        if bytes(head["hash"]) != prev:
            return VerifyResult(False, last_good_cp + 1, f"records {last_good_cp + 1}..{last} were rewritten "
                                                         "(the signed head does not match)", checked, head["seq"])
        return VerifyResult(True, None, f"{checked} records intact (chain {first}..{last})", checked, head["seq"])

    # -- erasure and retention ----------------------------------------------------------
    async def erase(self, customer_id: str, *, by: str = "cli") -> int:
        """Crypto-shred a customer (or any key scope): destroy their data keys; returns how many
        were destroyed. Their records stay in the chain (still verifiable) but no longer open."""
        count = await self.keyring.erase(customer_id)
        await self.append(AuditEntry(platform="audit", conversation_key="", message_id="", inbound="", reply="",
                                     trace={}, customer_id=None, kind="erase",
                                     details={"customer_id": customer_id, "keys_destroyed": count, "by": by}))
        return count

    async def purge(self, before: float, *, by: str = "cli") -> int:
        """Delete the oldest records with ts < before; a signed anchor keeps the rest verifiable."""
        mac_key = await self.keyring.system_secret("audit-mac")
        async def txn() -> int:
            return await _in_conn_thread(self.conn, _purge_txn, q.dialect_of(self.conn), float(before), mac_key)
        async with self._write_lock:
            deleted = await run_transaction(self.conn, txn, immediate=True)
        if deleted:
            await self.append(AuditEntry(platform="audit", conversation_key="", message_id="", inbound="",
                                         reply="", trace={}, kind="purge",
                                         details={"before": before, "deleted": deleted, "by": by}))
        return deleted

    # -- reveal (privileged) ------------------------------------------------------------
    async def reveal(self, record_id: int, vault: Any, reviewer: str) -> dict[str, str]:
        """The vault values behind this record's placeholders; the reveal itself is audited."""
        rec = await self.get(record_id)
        if rec is None or rec.erased or not rec.conversation_key:
            return {}
        # the record's own speaker's mapping (per speaker in group chats); a record of someone
        # the shop does not know names no speaker, so the conversation's readable mappings
        mapping = (await vault.load(rec.conversation_key, rec.customer_id) if rec.customer_id
                   else await vault.load_conversation(rec.conversation_key))
        text = json.dumps([rec.inbound, rec.reply, rec.trace], ensure_ascii=False)
        shown = {p: v for p, v in mapping.items() if p in text}
        await self.append(AuditEntry(platform="audit", conversation_key="", message_id="", inbound="", reply="",
                                     trace={}, customer_id=None, kind="reveal",
                                     details={"record": record_id, "reviewer": reviewer,
                                              "placeholders": sorted(shown)}))
        return shown

    # -- ratings and the service report -------------------------------------------------
    async def record_rating(self, conversation_key: str, message_id: str, helpful: bool) -> None:
        """The customer's answer to "was this helpful?" for one reply (last answer wins)."""
        mh = await self.keyring.blind_index(f"{conversation_key}\x00{message_id}", "message")
        ch = await self.keyring.blind_index(conversation_key, "conversation")
        async def upsert() -> None:
            await q.execute(self.conn, _PUT_RATING, {"message_hash": mh, "conversation_hash": ch,
                                                     "helpful": int(bool(helpful)), "ts": time.time()})
        await run_transaction(self.conn, upsert)

    async def report(self, since: float | None = None, until: float | None = None) -> dict[str, Any]:
        """Containment, hand-off, grounded rate, latency percentiles, intents/sentiment per day,
        satisfaction — computed from the clear index columns only (no decryption)."""
        f = AuditFilter(since=since, until=until, limit=None)
        used, conds, params = self._where(f)
        rows = await q.fetchall(self.conn, q.shaped(("audit-report", used), lambda: select(
            R.c.ts, R.c.conversation_hash, R.c.intent, R.c.handoff, R.c.grounded, R.c.sentiment, R.c.latency_ms)
            .where(*conds).order_by(R.c.seq)), params)
        n = len(rows)
        convs: dict[str, bool] = {}
        intents: dict[str, int] = {}
        per_day: dict[str, dict[str, Any]] = {}
        latencies: list[float] = []
        for i, r in enumerate(rows):
            day = time.strftime("%Y-%m-%d", time.gmtime(r["ts"]))
            d = per_day.setdefault(day, {"messages": 0, "handoff": 0, "intents": {},
                                         "sentiment": {"negative": 0, "neutral": 0, "positive": 0}})
            d["messages"] += 1
            d["handoff"] += r["handoff"] or 0
            name = r["intent"] or "other"
            d["intents"][name] = d["intents"].get(name, 0) + 1
            intents[name] = intents.get(name, 0) + 1
            if r["sentiment"] in d["sentiment"]:
                d["sentiment"][r["sentiment"]] += 1
            key = r["conversation_hash"] or f"#{i}"
            convs[key] = convs.get(key, False) or bool(r["handoff"])
            if r["latency_ms"] is not None:
                latencies.append(r["latency_ms"])
        latencies.sort()
        # Ratings count for the day of the answer they rate, within the same window.
        ratings = await q.fetchall(self.conn, q.shaped(("audit-ratings", used), lambda: select(
            R.c.ts, RT.c.helpful).select_from(RT.join(R, R.c.message_hash == RT.c.message_hash)).where(*conds)),
            params)
        for r in ratings:
            day = time.strftime("%Y-%m-%d", time.gmtime(r["ts"]))
            d = per_day.setdefault(day, {"messages": 0, "handoff": 0, "intents": {},
                                         "sentiment": {"negative": 0, "neutral": 0, "positive": 0}})
            d.setdefault("ratings", {"helpful": 0, "unhelpful": 0})
            d["ratings"]["helpful" if r["helpful"] else "unhelpful"] += 1
        helpful = sum(1 for r in ratings if r["helpful"])

        def rate(x: int, total: int) -> float | None:
            return round(x / total, 4) if total else None

        return {
            "since": since, "until": until,
            "messages": n,
            "conversations": len(convs),
            "contained_conversations": sum(1 for h in convs.values() if not h),
            "containment_rate": rate(sum(1 for h in convs.values() if not h), len(convs)),
            "handoff_rate": rate(sum(1 for r in rows if r["handoff"]), n),
            "grounded_rate": rate(sum(1 for r in rows if r["grounded"]), n),
            "latency_ms": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95),
                           "n": len(latencies)},
            "intents": dict(sorted(intents.items(), key=lambda kv: (-kv[1], kv[0]))),
            "sentiment": {k: sum(d["sentiment"][k] for d in per_day.values())
                          for k in ("negative", "neutral", "positive")},
            "satisfaction": {"rated": len(ratings), "helpful": helpful, "rate": rate(helpful, len(ratings))},
            "per_day": dict(sorted(per_day.items())),
        }
