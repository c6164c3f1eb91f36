"""`aftersales audit ...` and `aftersales keys rotate`: review the encrypted audit log.

`register(subparsers)` adds both commands to the main CLI; each sub-command sets
`args.func(args) -> int` (the process exit code). `python -m bot.cli.audit` runs them alone.
Exit codes: 0 ok; 1 `verify` found tampering; 2 a usage, configuration or key problem.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.core.errors import ConfigError
from bot.core.settings import load_settings
from privacy.audit_time import fmt_time, parse_when

if TYPE_CHECKING:
    from privacy.audit import AuditFilter, AuditLog, AuditRecord, RecordSummary
    from privacy.keys import KeyRing

# bot.db (SQLAlchemy), privacy.audit and privacy.keys (cryptography) are imported inside the
# commands that open a database: `aftersales --help` and every other command build this parser
# and must not pay for them (issue #17, start-up).


def _yn(b: bool | None) -> str:
    return "-" if b is None else ("yes" if b else "no")


def _short(value: Any, width: int = 100) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= width else text[: width - 1] + "…"


def render_summary_table(rows: list[RecordSummary]) -> str:
    head = f"{'ID':>6}  {'time (UTC)':19}  {'platform':9} {'customer':10} {'intent':16} {'conf':>4}  " \
           f"{'senti':8} {'ground':6} {'handoff':7} {'ms':>7}  rating"
    lines = [head, "-" * len(head)]
    for s in rows:
        lines.append(
            f"{s.id:>6}  {fmt_time(s.time)[:19]:19}  {s.platform[:9]:9} {(s.customer_id or '-')[:10]:10} "
            f"{(s.intent or '-')[:16]:16} {'' if s.confidence is None else f'{s.confidence:.2f}':>4}  "
            f"{(s.sentiment or '-')[:8]:8} {_yn(s.grounded):6} {_yn(s.handoff):7} "
            f"{'' if s.latency_ms is None else f'{s.latency_ms:.0f}':>7}  "
            f"{'' if s.rating is None else ('helpful' if s.rating else 'not helpful')}")
    return "\n".join(lines)


def render_record(rec: AuditRecord) -> str:
    """The trace so a person sees at a glance: intent, knowledge, tool calls, generator, timings."""
    out = [f"Record {rec.id} · {fmt_time(rec.time)} · {rec.kind} · platform {rec.platform} · "
           f"customer {rec.customer_id or '-'}"]
    if rec.erased:
        out.append("  [erased: this customer's key was destroyed; the content is unrecoverable]")
        out.append(f"  index: intent {rec.intent or '-'} · handoff {_yn(rec.handoff)} · grounded {_yn(rec.grounded)}"
                   f" · sentiment {rec.sentiment or '-'}")
        return "\n".join(out)
    if rec.kind != "message":
        out.append("  details: " + json.dumps(rec.details or {}, ensure_ascii=False, sort_keys=True))
        return "\n".join(out)
    t = rec.trace or {}
    intent, senti = t.get("intent") or {}, t.get("sentiment") or {}
    w = 12
    out.append(f"{'Message':{w}} {rec.message_id or '-'}   conversation {rec.conversation_key or '-'}")
    out.append(f"{'Intent':{w}} {intent.get('name', '-')} (confidence {intent.get('confidence', 0):.2f})"
               f"   language {t.get('language', '-')}"
               f"   sentiment {senti.get('label', '-')} ({senti.get('score', 0):+.2f})")
    out.append(f"{'Answer by':{w}} {t.get('generator', '-')}   grounded {_yn(t.get('grounded'))}"
               f"   hand-off {_yn(t.get('handoff'))}"
               f"   rating {'-' if rec.rating is None else ('helpful' if rec.rating else 'not helpful')}")
    out.append(f"{'Inbound':{w}} {rec.inbound}")
    out.append(f"{'Reply':{w}} {rec.reply}")
    reds = t.get("redactions") or []
    out.append(f"{'Redactions':{w}} " + (", ".join(f"{r.get('type')} → {r.get('placeholder')}" for r in reds)
                                         or "none"))
    ents = t.get("entities") or {}
    out.append(f"{'Entities':{w}} " + (_short(ents, 200) if ents else "none"))
    kn = t.get("knowledge") or []
    out.append(f"{'Knowledge':{w}} " + ("none" if not kn else f"{len(kn)} snippet(s) given to the generator"))
    for k in kn:
        out.append(f"{'':{w}}   [{float(k.get('score') or 0):6.2f}] {k.get('id')}  {k.get('title', '')}")
    acts = t.get("actions") or []
    out.append(f"{'Tool calls':{w}} " + ("none" if not acts else f"{len(acts)}"))
    for a in acts:
        args = ", ".join(f"{k}={_short(v, 40)}" for k, v in (a.get("args") or {}).items())
        out.append(f"{'':{w}}   {'ok ' if a.get('ok') else 'ERR'} {a.get('name')}({args}) → "
                   f"{_short(a.get('result'), 120)}")
    prompt = t.get("prompt")
    out.append(f"{'Prompt':{w}} " + ("(none: no LLM call)" if not prompt else "the exact redacted text the LLM saw:"))
    if prompt:
        out.extend(f"{'':{w}}   | {line}" for line in str(prompt).splitlines())
    tm = t.get("timings_ms") or {}
    out.append(f"{'Timings ms':{w}} " + (" · ".join(f"{k} {float(v):.1f}" for k, v in tm.items()
                                                    if isinstance(v, (int, float))) or "-"))
    extra = {k: v for k, v in t.items() if k in ("dialogue", "delivery") and v}
    for k, v in extra.items():
        out.append(f"{k.capitalize():{w}} {_short(v, 200)}")
    return "\n".join(out)


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{x * 100:.1f}%"


def render_report(rep: dict[str, Any]) -> str:
    since = fmt_time(rep["since"]) if rep.get("since") else "the beginning"
    lat = rep["latency_ms"]
    sat = rep["satisfaction"]
    out = [f"Service report since {since}",
           f"  messages {rep['messages']} in {rep['conversations']} conversations",
           f"  containment (conversations answered without hand-off)  {_pct(rep['containment_rate'])}",
           f"  hand-off rate (messages)                                 {_pct(rep['handoff_rate'])}",
           f"  grounded answers                                         {_pct(rep['grounded_rate'])}",
           f"  reply latency p50 / p95                                  "
           f"{lat['p50'] if lat['p50'] is not None else '-'} / {lat['p95'] if lat['p95'] is not None else '-'} ms",
           f"  satisfaction (\"was this helpful?\")                       "
           f"{_pct(sat['rate'])} of {sat['rated']} rated", "", "  intents:"]
    total = max(1, rep["messages"])
    for name, n in rep["intents"].items():
        out.append(f"    {name:18} {n:6}  {'█' * max(1, round(30 * n / total))}")
    out += ["", "  per day:        msgs  hand-off  neg/neu/pos   top intent"]
    for day, d in rep["per_day"].items():
        top = max(d["intents"].items(), key=lambda kv: kv[1])[0] if d["intents"] else "-"
        s = d["sentiment"]
        out.append(f"    {day}  {d['messages']:6}  {d['handoff']:8}  "
                   f"{s['negative']}/{s['neutral']}/{s['positive']:<6}   {top}")
    return "\n".join(out)


# -- wiring -------------------------------------------------------------------------------
async def _open(args: argparse.Namespace, must_exist: bool = True) -> tuple[Any, Any, KeyRing, AuditLog]:
    overrides = {"data": {"db": args.db}} if args.db else None
    settings = load_settings(args.config, overrides=overrides)
    db = settings.db_path          # a file for SQLite, the URL for PostgreSQL
    if must_exist and not db.exists():
        raise ConfigError("--db", f"no database at {db}")
    from bot.db import connect
    from privacy.audit import AuditLog
    from privacy.keys import KeyRing
    conn = await connect(db)
    ring = await KeyRing.from_settings(settings, conn)
    return settings, conn, ring, await AuditLog.open(conn, ring)


def _filters(args: argparse.Namespace, limit: int | None) -> AuditFilter:
    from privacy.audit import AuditFilter
    return AuditFilter(since=args.since, until=args.until, customer=args.customer, intent=args.intent,
                       platform=args.platform, handoff=args.handoff, ungrounded=args.ungrounded,
                       negative=args.negative, kind=None if args.kind == "all" else args.kind, limit=limit)


def _runner(body: Callable[[argparse.Namespace, AuditLog, Any, KeyRing], Awaitable[int]],
            must_exist: bool = True) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        from privacy.keys import DecryptError

        async def go() -> int:
            settings, conn, ring, log = await _open(args, must_exist)
            args._settings = settings
            try:
                return await body(args, log, conn, ring)
            finally:
                await log.close()
                await conn.close()
        try:
            return asyncio.run(go())
        except ConfigError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        except DecryptError as exc:
            print(f"error: {exc} (is AFTERSALES_MASTER_KEY the key this database was written with?)",
                  file=sys.stderr)
            return 2
    return run


async def _cmd_list(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    rows = await log.list(_filters(args, args.limit))
    if args.json:
        for s in rows:
            print(json.dumps(s.__dict__, ensure_ascii=False))
    else:
        print(render_summary_table(rows))
        print(f"({len(rows)} shown, {await log.count(_filters(args, None))} match)")
    return 0


async def _cmd_show(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    rec = await log.get(args.id)
    if rec is None:
        print(f"no audit record {args.id}", file=sys.stderr)
        return 2
    print(json.dumps(rec.to_dict(), ensure_ascii=False, indent=2) if args.json else render_record(rec))
    return 0


async def _cmd_verify(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    res = await log.verify()
    if res.ok:
        print(f"OK: {res.reason}")
        return 0
    where = f"first bad record: {res.first_bad}" if res.first_bad is not None else "first bad record: unknown"
    print(f"TAMPERED: {where}: {res.reason}")
    return 1


async def _cmd_export(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    async for rec in log.export(_filters(args, None)):
        sys.stdout.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
    return 0


async def _cmd_erase(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    n = await log.erase(args.customer)
    # Their key is gone, so everything sealed under it is unreadable already; the rows that
    # held it go too (vault mappings, conversation states), so nothing of theirs is left to try.
    from bot.shop.store.store import Store
    from privacy.keys import FieldCipher
    from privacy.vault import Vault
    vault_rows = await (await Vault.open(conn, ring)).delete_scope(args.customer)
    states = 0
    if await _has_table(conn, "conversation_state"):
        # erase_states never reads the default policies, so none are loaded for it.
        states = await Store(conn, FieldCipher(ring), None).erase_states(args.customer)  # type: ignore[arg-type]
    print(f"erased customer {args.customer}: {n} data key(s) destroyed, {vault_rows} vault mapping(s) and "
          f"{states} conversation state(s) deleted; their audit records, orders, tickets and transcripts are "
          "now unreadable (a running server drops its cached key on restart)")
    return 0


async def _has_table(conn: Any, name: str) -> bool:
    try:
        async with conn.execute(f"SELECT 1 FROM {name} LIMIT 1"):
            return True
    except Exception:  # noqa: BLE001 - an audit-only database has no store tables
        return False


async def _cmd_purge(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    if args.before is not None:
        before = args.before
    else:
        days = args.days if args.days is not None else args._settings["audit"]["retention_days"]
        before = time.time() - days * 86400
    n = await log.purge(before)
    print(f"purged {n} record(s) older than {fmt_time(before)}; the chain still verifies from the new start")
    return 0


async def _cmd_report(args: argparse.Namespace, log: AuditLog, conn: Any, ring: KeyRing) -> int:
    rep = await log.report(since=args.since, until=args.until)
    print(json.dumps(rep, ensure_ascii=False, indent=2) if args.json else render_report(rep))
    return 0


def _cmd_rotate(args: argparse.Namespace) -> int:
    from bot.db import connect
    from privacy.keys import (
        DecryptError,
        KeyRing,
        format_master_keys,
        load_or_create_dev_keys,
        master_keys_from_settings,
        save_dev_keys,
    )

    async def go() -> int:
        settings = load_settings(args.config)
        keys, current, from_env = master_keys_from_settings(settings)
        if args.generate and from_env:
            new_kid = f"k{time.strftime('%Y%m%d')}{secrets.token_hex(2)}"
            print("# put this first in AFTERSALES_MASTER_KEY, keep the old entries after it, then run "
                  "`aftersales keys rotate` again:")
            print(format_master_keys({new_kid: secrets.token_bytes(32), **keys}, new_kid))
            return 0
        db = Path(args.db) if args.db else settings.db_path
        conn = await connect(db)
        try:
            ring = await KeyRing.open(conn, keys, current)
            before = await ring.kid_usage()
            if args.generate:  # development key file: add a new current key, keep the old ones
                n = 1 + sum(1 for k in keys if k.startswith("dev"))
                new_kid = f"dev{n}"
                while new_kid in keys:
                    n += 1
                    new_kid = f"dev{n}"
                new_key = secrets.token_bytes(32)
                count = await ring.rotate(new_kid, new_key)
                save_dev_keys(settings.data_dir, {**keys, new_kid: new_key}, new_kid)
                load_or_create_dev_keys(settings.data_dir)  # re-read: fails loudly if the write went wrong
            else:
                count = await ring.rotate()
            after = await ring.kid_usage()
        finally:
            await conn.close()
        print(f"re-wrapped {count} data key(s) under master key {ring.current_kid!r}")
        print(f"  before: {json.dumps(before, sort_keys=True)}  after: {json.dumps(after, sort_keys=True)}")
        stale = [k for k in keys if k != ring.current_kid]
        if stale:
            print(f"  old master key(s) {', '.join(stale)} no longer wrap anything here and may be retired "
                  "once every database using them is rotated")
        return 0
    try:
        return asyncio.run(go())
    except (ConfigError, DecryptError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", help="database path (default: the configured data.db)")
    p.add_argument("--config", help="TOML config file overriding config/default.toml")


def _filter_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--since", type=parse_when, help="ISO 8601, unix seconds, or relative (7d, 24h)")
    p.add_argument("--until", type=parse_when)
    p.add_argument("--customer", help="customer id (the store's id)")
    p.add_argument("--intent")
    p.add_argument("--platform")
    p.add_argument("--handoff", action=argparse.BooleanOptionalAction, default=None,
                   help="only hand-offs (--no-handoff: only contained)")
    p.add_argument("--ungrounded", action="store_true", help="only answers that failed the grounding check")
    p.add_argument("--negative", action="store_true", help="only negative sentiment")
    p.add_argument("--kind", default="message", choices=["message", "reveal", "erase", "purge", "all"])


def register(subparsers: Any) -> None:
    """Add `audit` and `keys` to the main CLI's sub-parsers."""
    audit = subparsers.add_parser("audit", help="review the encrypted audit log")
    sub = audit.add_subparsers(dest="audit_command", required=True)

    p = sub.add_parser("list", help="list records (newest first)")
    _common(p)
    _filter_args(p)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true", help="one JSON object a line")
    p.set_defaults(func=_runner(_cmd_list))

    p = sub.add_parser("show", help="one record with its trace")
    _common(p)
    p.add_argument("id", type=int)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_runner(_cmd_show))

    p = sub.add_parser("verify", help="check the hash chain and signatures; exit 1 naming the first bad record")
    _common(p)
    p.set_defaults(func=_runner(_cmd_verify))

    p = sub.add_parser("export", help="decrypted records as JSONL on stdout")
    _common(p)
    _filter_args(p)
    p.set_defaults(func=_runner(_cmd_export), kind="all")

    p = sub.add_parser("erase", help="crypto-shred one customer's records and vault")
    _common(p)
    p.add_argument("--customer", required=True)
    p.set_defaults(func=_runner(_cmd_erase))

    p = sub.add_parser("purge", help="delete records older than the retention period")
    _common(p)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--days", type=float, help="default: audit.retention_days")
    g.add_argument("--before", type=parse_when)
    p.set_defaults(func=_runner(_cmd_purge))

    p = sub.add_parser("report", help="containment, hand-off, grounded rate, latency, intents, satisfaction")
    _common(p)
    p.add_argument("--since", type=parse_when)
    p.add_argument("--until", type=parse_when)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_runner(_cmd_report))

    keys = subparsers.add_parser("keys", help="master key management")
    ksub = keys.add_subparsers(dest="keys_command", required=True)
    p = ksub.add_parser("rotate", help="re-wrap every data key under the current (first) master key")
    _common(p)
    p.add_argument("--generate", action="store_true",
                   help="development key file: add a new master key and rotate to it; with "
                        "AFTERSALES_MASTER_KEY set: print a new key list to install")
    p.set_defaults(func=_cmd_rotate)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="aftersales")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
