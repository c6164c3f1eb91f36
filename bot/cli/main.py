"""`aftersales` — the console script (DESIGN.md "CLI")."""
from __future__ import annotations

import argparse
import asyncio
import contextlib
import importlib
import json
import logging
import sys
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from bot.core.errors import ConfigError
from bot.core.settings import Settings, load_settings

# Re-exported: where a replayed or imported shop's knowledge comes from.
from bot.pipeline.shop_knowledge import GENERIC_KNOWLEDGE as GENERIC_KNOWLEDGE
from bot.pipeline.shop_knowledge import fixture_knowledge

log = logging.getLogger("aftersales")

# Subcommands that live beside their feature; each module exposes register(subparsers).
_PLUGINS = ("bot.cli.redact", "bot.cli.audit", "bot.cli.finetune", "bot.cli.outbox", "bot.cli.shop",
            "bot.cli.users")


def _common(p: argparse.ArgumentParser, db: bool = True, generator: bool = False) -> None:
    p.add_argument("--config", help="TOML file overriding config/default.toml")
    if db:
        p.add_argument("--db", help="SQLite database path (store and audit log)")
    if generator:
        p.add_argument("--generator", choices=("template", "llm"), help="answer generator")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="aftersales", description="After-sales customer-service bot")
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="run the webhook server and workers")
    _common(p, generator=True)
    p.add_argument("--host")
    p.add_argument("--port", type=int)
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("chat", help="talk to the bot in the terminal")
    _common(p, generator=True)
    p.add_argument("--user", default="telegram:1001", help="platform identity, e.g. telegram:1001")
    p.add_argument("--explain", action="store_true", help="print each answer's trace")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("replay", help="batch conversations (JSONL on stdin) through the pipeline")
    _common(p, generator=True)
    p.add_argument("--store", help="fixture JSON to seed a fresh temporary database")
    p.add_argument("--now", help="freeze the clock for policy decisions (ISO-8601)")
    p.add_argument("--knowledge", help="the shop's own knowledge folder ({en,zh}/*.md and facts.toml)")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("store", help="import or export shop data (fixture format)")
    ssub = p.add_subparsers(dest="store_command", required=True)
    q = ssub.add_parser("import", help="load a fixture into the store")
    q.add_argument("fixture")
    _common(q)
    q.set_defaults(func=cmd_store_import)
    q = ssub.add_parser("export", help="dump the store as a fixture to stdout")
    _common(q)
    q.set_defaults(func=cmd_store_export)

    for name in _PLUGINS:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:  # a feature not installed must not break the others
            log.debug("subcommands from %s unavailable: %s", name, exc)
            continue
        module.register(sub)
    return parser


def settings_from(args: argparse.Namespace, **overrides: Any) -> Settings:
    data: dict[str, dict[str, Any]] = {"server": {}, "data": {}, "generator": {}}
    if getattr(args, "host", None):
        data["server"]["host"] = args.host
    if getattr(args, "port", None) is not None:
        data["server"]["port"] = args.port
    if getattr(args, "db", None):
        data["data"]["db"] = str(Path(args.db).resolve())
    if getattr(args, "generator", None):
        data["generator"]["kind"] = args.generator
    for dotted, value in overrides.items():
        section, key = dotted.split(".")
        data.setdefault(section, {})[key] = value
    return load_settings(getattr(args, "config", None), overrides=data)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.WARNING, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"aftersales: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


# -- serve -----------------------------------------------------------------------------------------

def cmd_serve(args: argparse.Namespace) -> int:
    settings = settings_from(args)    # a wrong setting is reported before anything heavy loads
    host, port = settings["server"]["host"], settings["server"]["port"]
    _check_port_free(host, port)

    from aiohttp import web

    from bot.core.logs import configure_logging
    from bot.server import intake
    from bot.server.app import create_app
    processes = intake.intake_processes(settings)
    configure_logging(settings["log"]["level"])
    app = create_app(settings)
    relay: str | None = None
    if processes > 1:
        # The children relay what they do not serve (the chat page, the console) to this socket.
        relay = app[intake.INTAKE_SOCKET] = intake.private_socket()
    settings.check_environment()      # after the adapters declared the secrets they read
    llm = settings["generator"]["kind"] == "llm" and settings["generator"]["backend"] == "embedded"
    log.info("loading models" + (" (the first start also converts the embedded LLM: about a minute)"
                                 if llm else ""), extra={"fields": {"event": "loading"}})

    async def announce(_: web.Application) -> None:
        # After the lifecycle loaded everything (cleanup contexts run first on start-up).
        from bot.server.heap import settle
        settle()
        log.info(f"ready on http://{host}:{port}/ (chat page at /, webhooks at /webhooks/<platform>)",
                 extra={"fields": {"event": "ready", "host": host, "port": port}})

    async def farewell(_: web.Application) -> None:
        log.info("shut down", extra={"fields": {"event": "shutdown"}})
    app.on_startup.append(announce)
    app.on_cleanup.append(farewell)
    # With intake processes every listener on host:port sets SO_REUSEPORT (the kernel spreads
    # connections over them); `path` is the private relay socket.
    web.run_app(app, host=host, port=port, path=relay, reuse_port=True if relay else None, print=None,
                shutdown_timeout=15, loop=_event_loop(settings["server"]["event_loop"]))
    return 0


def _event_loop(kind: str) -> asyncio.AbstractEventLoop:
    """uvloop when configured and installed: measured (bench/bench_webhook.py), it takes a good
    share of the per-request cost of aiohttp's transport off every acknowledgement."""
    if kind == "uvloop":
        try:
            import uvloop
        except ImportError:
            log.warning("uvloop is not installed: running on asyncio's own event loop")
        else:
            return uvloop.new_event_loop()
    return asyncio.new_event_loop()


def _check_port_free(host: str, port: int) -> None:
    """A port in use is a configuration problem to report in one line, not a traceback after loading."""
    import errno
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise ConfigError("server.host", f"cannot resolve {host!r}: {exc}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # as aiohttp binds
        try:
            sock.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ConfigError("server.port", f"{host}:{port} is already in use (set --port or PORT)") from None
            raise ConfigError("server.host", f"cannot listen on {host}:{port}: {exc.strerror}") from None


# -- chat ------------------------------------------------------------------------------------------

def cmd_chat(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    from bot.core.progress import plain_progress_on_stderr
    plain_progress_on_stderr()
    return asyncio.run(_chat(settings, args.user, args.explain, sys.stdin, sys.stdout))


async def _chat(settings: Settings, user: str, explain: bool, stdin: TextIO, stdout: TextIO) -> int:
    from bot.core.messages import Message
    from bot.pipeline.runtime import Runtime
    from bot.server.worker import Worker, printed

    def show(reply: Any, result: Any) -> None:
        print(f"bot> {reply.text}", file=stdout)
        if explain:
            print(json.dumps(result.trace.to_dict(), ensure_ascii=False, indent=2), file=stdout)
        stdout.flush()

    # The models load while the prompt is already shown (#17): the first message waits for them
    # and then goes through the whole pipeline, redaction first, like every other message; nothing
    # derived from it is printed before that. A failure to open (a key, the shop) is raised as soon
    # as it happens, not after the customer typed.
    opening = asyncio.create_task(Runtime.open(settings))
    lines = _lines_in_background(stdin)
    rt: Any = None
    worker: Any = None
    platform, _, sender = user.partition(":")
    interactive = stdin.isatty()
    try:
        turn = 0
        if interactive:
            print(f"Chatting as {user}. Type your message; Ctrl-D to quit.", file=stdout)
        while True:
            if interactive:
                stdout.write("you> ")
                stdout.flush()
            line = await _next_line(lines, opening)
            if not line:
                break
            text = line.strip()
            if not text:
                continue
            if rt is None:
                if interactive and not opening.done():
                    print("(loading the models: the first answer takes a few seconds)", file=sys.stderr)
                rt = await opening
                worker = Worker(rt, printed(show))
            msg = Message(platform=platform or "cli", conversation_id=f"cli:{user}", sender_id=sender or user,
                          message_id=f"cli-{datetime.now(UTC).timestamp()}-{turn}", text=text,
                          identity=user)
            await worker.run(msg)
            turn += 1
        if rt is None:
            rt = await opening       # no message at all: still report an error opening would raise
    finally:
        if rt is None:
            opening.cancel()         # leaving on an error: the half-open runtime goes with the process
            with contextlib.suppress(BaseException):
                await opening
        else:
            await rt.close()
    return 0


def _lines_in_background(stdin: TextIO) -> asyncio.Queue[str]:
    """stdin's lines ("" at the end) read by a daemon thread: a pending read never keeps the
    process alive, unlike asyncio.to_thread's executor, which exit would wait for."""
    import threading

    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str] = asyncio.Queue()

    def read() -> None:
        while True:
            try:
                line = stdin.readline()
            except (OSError, ValueError):
                line = ""
            try:
                loop.call_soon_threadsafe(queue.put_nowait, line)
            except RuntimeError:     # the loop has closed: nobody is listening any more
                return
            if not line:
                return

    threading.Thread(target=read, name="chat-stdin", daemon=True).start()
    return queue


async def _next_line(lines: asyncio.Queue[str], opening: asyncio.Task[Any]) -> str:
    """The next line; raises at once if the runtime fails to open while waiting for it."""
    if opening.done():
        return await lines.get()
    getting = asyncio.ensure_future(lines.get())
    await asyncio.wait({getting, opening}, return_when=asyncio.FIRST_COMPLETED)
    if opening.done() and not opening.cancelled() and opening.exception() is not None:
        getting.cancel()
        opening.result()
    return await getting


# -- replay ----------------------------------------------------------------------------------------

def cmd_replay(args: argparse.Namespace) -> int:
    clock_now = None
    if args.now:
        try:
            clock_now = datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        except ValueError:
            raise ConfigError("--now", f"not an ISO-8601 time: {args.now}") from None
        if clock_now.tzinfo is None:
            clock_now = clock_now.replace(tzinfo=UTC)
    with tempfile.TemporaryDirectory(prefix="aftersales-replay-") as tmp:
        overrides: dict[str, Any] = {}
        if args.knowledge:
            folder = Path(args.knowledge).resolve()
            if not folder.is_dir():
                raise ConfigError("--knowledge", f"not a folder: {args.knowledge}")
            overrides["knowledge.dir"] = str(folder)
        elif args.store:
            overrides["knowledge.dir"] = str(fixture_knowledge(Path(args.store)))
        if not args.db:
            overrides["data.db"] = str(Path(tmp) / "replay.db")
            if not _has_master_key():
                overrides["data.dir"] = tmp   # a throwaway development key for a throwaway database
        settings = settings_from(args, **overrides)
        from bot.core.progress import plain_progress_on_stderr
        plain_progress_on_stderr()
        return asyncio.run(_replay(settings, args.store, clock_now, fresh=not args.db,
                                   stdin=sys.stdin, stdout=sys.stdout, stderr=sys.stderr))


async def _follow_fixture_knowledge(rt: Any, fixture: Path) -> None:
    """A shop imported into a running replay is answered from its own knowledge folder unless
    `[knowledge] dir` was chosen (the runtime opened before the shop was there)."""
    from bot.pipeline.runtime import shared_knowledge
    from bot.pipeline.shop_knowledge import chosen_in_config, use_folder
    try:
        folder = fixture_knowledge(fixture)
    except ConfigError as exc:
        # a copy of a fixture away from its folder: never the demo's texts in its place
        log.warning("%s; answering from the generic knowledge", exc)
        folder = GENERIC_KNOWLEDGE
    await rt.store.record_knowledge_folder(str(folder))
    if not chosen_in_config(rt.settings):
        use_folder(rt.settings, folder)
        rt.knowledge = await asyncio.to_thread(shared_knowledge, str(folder))


def _has_master_key() -> bool:
    import os
    return bool(os.environ.get("AFTERSALES_MASTER_KEY") or os.environ.get("AFTERSALES_MASTER_KEY_FILE"))


async def _replay(settings: Settings, fixture: str | None, now: datetime | None, fresh: bool,
                  stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    from bot.core.messages import Message
    from bot.pipeline.runtime import Runtime
    from bot.server.worker import Worker, printed

    clock = (lambda: now) if now else None
    seed_default = fresh and not fixture
    rt = await Runtime.open(settings, clock=clock, seed=seed_default)
    try:
        if fixture:
            try:
                data = json.loads(Path(fixture).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError) as exc:
                raise ConfigError("--store", f"cannot read fixture {fixture}: {exc}") from None
            await rt.store.import_fixture(data)
            await _follow_fixture_knowledge(rt, Path(fixture))
        turns: dict[str, int] = {}

        def write(reply: Any, result: Any) -> None:
            stdout.write(json.dumps({"conversation": conversation, "turn": turn, "reply": result.reply,
                                     "trace": result.trace.to_dict()}, ensure_ascii=False) + "\n")
            stdout.flush()
        worker = Worker(rt, printed(write))
        for lineno, line in enumerate(stdin, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text, user = item["text"], item["user"]
                if not isinstance(text, str) or not isinstance(user, str):
                    raise TypeError("text and user must be strings")
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                print(f"replay: line {lineno}: skipped ({type(exc).__name__}: {exc})", file=stderr)
                continue
            conversation = str(item.get("conversation") or user)
            platform, _, sender = user.partition(":")
            turn = turns.get(conversation, 0)
            turns[conversation] = turn + 1
            msg = Message(platform=platform or "replay", conversation_id=conversation, sender_id=sender or user,
                          message_id=f"replay-{lineno}", text=text, identity=user)
            await worker.run(msg)
    finally:
        await rt.close()
    return 0


# -- store -----------------------------------------------------------------------------------------

def cmd_store_import(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    try:
        fixture = json.loads(Path(args.fixture).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"aftersales: cannot read fixture {args.fixture}: {exc}", file=sys.stderr)
        return 1
    folder = fixture_knowledge(Path(args.fixture))     # a wrong folder is reported before the import
    return asyncio.run(_store_import(settings, fixture, folder))


async def _store_import(settings: Settings, fixture: dict[str, Any], folder: Path | None = None) -> int:
    store, close = await _open_store(settings)
    try:
        await store.import_fixture(fixture)
        if folder is not None and hasattr(store, "record_knowledge_folder"):
            # `serve` / `chat` then answer this shop from its own folder (or the generic one)
            await store.record_knowledge_folder(str(folder))
    except ValueError as exc:
        print(f"aftersales: invalid fixture: {exc}", file=sys.stderr)
        return 1
    finally:
        await close()
    print(f"imported {len(fixture.get('customers', []))} customers and {len(fixture.get('orders', []))} orders "
          f"into {settings.db_path}", file=sys.stderr)
    return 0


def cmd_store_export(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    return asyncio.run(_store_export(settings))


async def _store_export(settings: Settings) -> int:
    store, close = await _open_store(settings)
    try:
        data = await store.export_fixture()
    finally:
        await close()
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


async def _open_store(settings: Settings) -> tuple[Any, Any]:
    from bot import db
    from bot.shop.store import Store
    from privacy.keys import FieldCipher, KeyRing

    conn = await db.connect(settings.db_path)
    keyring = await KeyRing.from_settings(settings, conn)
    store = await Store.open(settings.db_path, cipher=FieldCipher(keyring))

    async def close() -> None:
        await store.close()
        await conn.close()
    return store, close


if __name__ == "__main__":
    sys.exit(main())
