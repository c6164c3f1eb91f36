"""Move modules into the layered layout and rewrite every reference to them (issue 11).

Idempotent: run it again after merging a branch written against the old layout and it moves
whatever is still in an old place and rewrites the old module names and paths that branch used.

    python scripts/relayout.py          # apply (git mv + rewrite), prints what changed
    python scripts/relayout.py --check  # exit 1 if anything still uses the old layout

Kept as a script (not a one-off shell history) because branches land after the move.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# old module -> new module. A package maps with its prefix (bot.console.x -> bot.web.console.x).
MODULES: dict[str, str] = {
    "bot.messages": "bot.core.messages",
    "bot.errors": "bot.core.errors",
    "bot.trace": "bot.core.trace",
    "bot.settings": "bot.core.settings",
    "bot.logs": "bot.core.logs",
    "bot.progress": "bot.core.progress",
    "bot.app": "bot.server.app",
    "bot.webhook": "bot.server.webhook",
    "bot.webchat": "bot.server.webchat",
    "bot.metrics": "bot.server.metrics",
    "bot.ratelimit": "bot.server.ratelimit",
    "bot.forwarded": "bot.server.forwarded",
    "bot.chat_identity": "bot.server.chat_identity",
    "bot.webchat_hub": "bot.server.webchat_hub",
    "bot.webchat_relay": "bot.server.webchat_relay",
    "bot.http_body": "bot.server.http_body",
    "bot.pipeline": "bot.pipeline.runner",
    "bot.runtime": "bot.pipeline.runtime",
    "bot.policy": "bot.shop.policy",
    "bot.tools": "bot.shop.tools",
    "bot.cues": "bot.lang.cues",
    "bot.replies": "bot.lang.replies",
    "bot.audit_web": "bot.web.review",
    "bot.console": "bot.web.console",
    "bot.staff": "bot.web.staff",
    # The built-in shop's storage is one backend of the shop interface, beside Medusa's.
    "bot.store": "bot.shop.store",
    "bot.cli": "bot.cli.main",
    "bot.outbox_cli": "bot.cli.outbox",
    # One module per command in bot/cli (they import the features; no feature imports them).
    "privacy.audit_cli": "bot.cli.audit",
    "privacy.redact_cli": "bot.cli.redact",
    "bot.shop.cli": "bot.cli.shop",
    "bot.llm.finetune_cli": "bot.cli.finetune",
    "bot.web.staff.users_cli": "bot.cli.users",
}
# Where an old name is now a package, its new submodules must not be rewritten again.
_NEW_CHILDREN = {"bot.pipeline": ("runner", "runtime"),
                 "bot.cli": ("main", "outbox", "__main__", "audit", "redact", "shop", "finetune", "users")}

# old path -> new path (files and folders), derived from MODULES, plus the static folder.
PATHS: dict[str, str] = {}
for old, new in MODULES.items():
    o, n = old.replace(".", "/"), new.replace(".", "/")
    if old in ("bot.console", "bot.staff", "bot.store"):      # the packages that move whole
        PATHS[o] = n
    else:
        PATHS[o + ".py"] = n + ".py"
PATHS["bot/static"] = "bot/web/static"

TEXT_SUFFIXES = {".py", ".md", ".toml", ".cfg", ".txt", ".sh", ".yaml", ".yml", ".in", ".html", ""}
SKIP_PARTS = {".venv", ".git", "node_modules", "playtest", "playtest2", "playtest3", "playtest4",
              "playtest5", "playtest6", "results"}


def _module_re(old: str) -> re.Pattern[str]:
    children = _NEW_CHILDREN.get(old, ())
    ahead = "".join(rf"(?!\.{c}\b)" for c in children)
    if old == "bot.cli":
        ahead += r"(?![\"'])"    # `python -m bot.cli` names the package, which runs its __main__
    # `bot.app[...]` is a test fixture named `bot` holding an aiohttp app, never a module.
    return re.compile(rf"(?<![\w.]){re.escape(old)}(?![\w\[]){ahead}")


_MODULE_RES = [(_module_re(o), n) for o, n in sorted(MODULES.items(), key=lambda kv: -len(kv[0]))]
# bot.staff.users_cli (old) becomes bot.web.staff.users_cli by the package rule, then bot.cli.users.
_MODULE_RES.append((_module_re("bot.web.staff.users_cli"), "bot.cli.users"))
_PATH_RES = [(re.compile(rf"(?<![\w./]){re.escape(o)}(?![\w])"), n)
             for o, n in sorted(PATHS.items(), key=lambda kv: -len(kv[0]))]
_FROM_BOT = re.compile(r"^(?P<indent>[ \t]*)from bot import (?P<names>[^()\n#]+?)(?P<tail>[ \t]*(#.*)?)$", re.M)


def _rewrite_from_bot(m: re.Match[str]) -> str:
    """`from bot import a, b as c` -> one import line per new package the names moved to."""
    groups: dict[str, list[str]] = {}
    for part in (p.strip() for p in m["names"].split(",")):
        name, _, alias = part.partition(" as ")
        name, alias = name.strip(), alias.strip()
        new = MODULES.get(f"bot.{name}")
        if new is None:
            groups.setdefault("bot", []).append(part)
            continue
        pkg, _, base = new.rpartition(".")
        if base == name and not alias:
            groups.setdefault(pkg, []).append(name)
        else:
            groups.setdefault(pkg, []).append(f"{base} as {alias or name}")
    lines = [f"{m['indent']}from {pkg} import {', '.join(names)}" for pkg, names in groups.items()]
    lines[-1] += m["tail"]
    return "\n".join(lines)


def rewrite(text: str, python: bool) -> str:
    if python:
        text = _FROM_BOT.sub(_rewrite_from_bot, text)
    for rx, new in _MODULE_RES:
        text = rx.sub(new, text)
    for rx, new in _PATH_RES:
        text = rx.sub(new, text)
    return text


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files = [ROOT / p for p in out.decode().split("\0") if p]
    return [f for f in files if f.is_file() and f.suffix in TEXT_SUFFIXES
            and not SKIP_PARTS.intersection(f.relative_to(ROOT).parts)
            and f.name != "relayout.py"]


def move() -> list[str]:
    done = []
    for old, new in PATHS.items():
        src, dst = ROOT / old, ROOT / new
        if not src.exists():
            continue
        if dst.exists() and src.is_dir():
            # A branch added files to the old folder after the move: bring each across.
            for f in sorted(p for p in src.rglob("*") if p.is_file()):
                target = dst / f.relative_to(src)
                target.parent.mkdir(parents=True, exist_ok=True)
                subprocess.run(["git", "mv", "-f", str(f), str(target)], cwd=ROOT, check=True)
            done.append(f"{old}/* -> {new}/")
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "mv", str(src), str(dst)], cwd=ROOT, check=True)
        done.append(f"{old} -> {new}")
    return done


# Files the move needs beyond renames: new packages' __init__ files and paths relative to a file.
PACKAGES = {
    "bot/core": "The core: messages, errors, trace, settings, logs, progress. Imports nothing else of ours.",
    "bot/server": "The HTTP server: app, webhooks, the web chat, metrics, rate limits, forwarded headers.",
    "bot/pipeline": "One turn's stages (runner) and what a running bot holds (runtime).",
    "bot/lang": "zh/en language cues and reply templates.",
    "bot/web": "Pages for people: the review pages, the agent console, staff sign-in, static files.",
    "bot/cli": "The `aftersales` command: main (the subcommands), outbox; features register their own.",
}
FIXUPS: list[tuple[str, str, str]] = [
    # policy and tools moved into bot/shop, which mypy checks strictly; they were outside the gate
    # before the move and stay outside it until their Optional narrowing is fixed.
    ("pyproject.toml", "exclude = ['^bot/shop/medusa(_map|_http)?\\.py$']",
     "exclude = ['^bot/shop/(medusa(_map|_http)?|policy|tools)\\.py$']"),
    ("bot/core/settings.py", "PROJECT_ROOT = Path(__file__).resolve().parent.parent",
     "PROJECT_ROOT = Path(__file__).resolve().parents[2]"),
    ("bot/server/webchat.py", 'PAGE = Path(__file__).parent / "static" / "chat.html"',
     'PAGE = Path(__file__).resolve().parents[1] / "web" / "static" / "chat.html"'),
]
MAIN = '''"""`python -m bot.cli` is the `aftersales` command."""
import sys

from bot.cli.main import main

sys.exit(main())
'''


def fixups() -> None:
    for pkg, doc in PACKAGES.items():
        init = ROOT / pkg / "__init__.py"
        if (ROOT / pkg).is_dir() and not init.exists():
            init.write_text(f'"""{doc}"""\n', encoding="utf-8")
            subprocess.run(["git", "add", str(init)], cwd=ROOT, check=True)
    main_py = ROOT / "bot/cli/__main__.py"
    if (ROOT / "bot/cli").is_dir() and not main_py.exists():
        main_py.write_text(MAIN, encoding="utf-8")
        subprocess.run(["git", "add", str(main_py)], cwd=ROOT, check=True)
    for rel, old, new in FIXUPS:
        f = ROOT / rel
        if f.exists():
            text = f.read_text(encoding="utf-8")
            if old in text:
                f.write_text(text.replace(old, new), encoding="utf-8")


def main(argv: list[str]) -> int:
    check = "--check" in argv
    if not check:
        for line in move():
            print("moved", line)
        fixups()
    stale = []
    for f in tracked_files():
        try:
            text = f.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError):
            continue
        new = rewrite(text, python=f.suffix == ".py")
        if new != text:
            stale.append(str(f.relative_to(ROOT)))
            if not check:
                f.write_text(new, encoding="utf-8")
    if check:
        leftover = [o for o in PATHS if (ROOT / o).exists()]
        for item in leftover + stale:
            print("old layout:", item)
        return 1 if leftover or stale else 0
    print(f"rewrote {len(stale)} files")
    # The rewritten imports are sorted again the way the project's ruff config wants them.
    subprocess.run([sys.executable, "-m", "ruff", "check", "--fix", "--select", "I", "-q", "."], cwd=ROOT)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
