"""Start-up time of each command, this tree against a baseline checkout in the same run.

The baseline is a temporary `git worktree` of --baseline (default: the commit before this
issue's first commit, i.e. the unoptimised path), removed afterwards. Each command runs
--repeat times in a fresh interpreter with its own data folder (the intent model cache warmed
first, so `chat` and `serve` measure a normal start, not first-time training), the two trees
alternating; the median wall time is shown.

`chat, to prompt` runs chat on a pseudo-terminal and stops the clock when "you> " appears (the
models may still be loading then); two interpreter rows (`python -c pass`, `import aiohttp`) are
the floor any command pays on this machine at this moment.

    python bench/bench_startup.py [--baseline REF] [--repeat 3] [--no-serve]
"""
from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _serve import free_port, wait_ready  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
KEY = base64.b64encode(bytes(range(32))).decode()
LINE = json.dumps({"id": "r1", "text": "Hi, I'm Alex Morgan, call me on 13812345678"}) + "\n"
ZH = json.dumps({"id": "r2", "text": "我叫张伟，住在上海市浦东新区世纪大道100号", "lang": "zh"}, ensure_ascii=False) + "\n"

# (label, argv, stdin, target seconds)
COMMANDS: list[tuple[str, list[str], str, float]] = [
    ("python -c pass", ["-c", "pass"], "", float("nan")),
    ("python: import aiohttp", ["-c", "import aiohttp"], "", float("nan")),
    ("--help", ["--help"], "", 1.0),
    ("store export", ["store", "export"], "", 1.0),
    ("audit list", ["audit", "list"], "", 1.0),
    ("keys --help", ["keys", "--help"], "", 1.0),
    ("users list", ["users", "list"], "", 1.0),
    ("outbox list", ["outbox", "list"], "", 1.0),
    ("shop check", ["shop", "check"], "", 1.0),
    ("bad setting: serve", ["serve"], "", 1.0),
    ("redact, 1 line", ["redact"], LINE, 3.0),
    ("redact, 1 zh line", ["redact"], ZH, 3.0),
    ("redact, 4 lines", ["redact"], LINE + ZH + LINE + ZH, 3.0),
    ("chat, 1 message", ["chat"], "where is my order?\n", 3.0),
    ("chat, to prompt", ["chat"], "", 3.0),
]


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AFTERSALES_")}
    env.update(AFTERSALES_DATA_DIR=str(data), AFTERSALES_MASTER_KEY=KEY, HF_HUB_OFFLINE="1",
               TRANSFORMERS_OFFLINE="1", AFTERSALES_LOG_LEVEL="WARNING", **extra)
    return env


def time_command(tree: Path, data: Path, argv: list[str], stdin: str, label: str) -> float:
    extra = {"AFTERSALES_SERVER_PORT": "not-a-port"} if label.startswith("bad setting") else {}
    if label == "chat, to prompt":
        return time_to_prompt(tree, data)
    cmd = [PY, *argv] if argv[0] == "-c" else [PY, "-m", "bot.cli", *argv]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, cwd=tree, env=_env(data, **extra), input=stdin, text=True,
                          capture_output=True, timeout=600)
    took = time.monotonic() - t0
    if proc.returncode != (2 if extra else 0):   # a command that fails fast is no figure
        raise RuntimeError(f"{label} in {tree}: exit {proc.returncode}: {proc.stderr[-500:]}")
    return took


def time_to_prompt(tree: Path, data: Path) -> float:
    """Seconds until an interactive chat shows "you> " (stdin a pseudo-terminal), then Ctrl-D."""
    master, slave = os.openpty()
    t0 = time.monotonic()
    proc = subprocess.Popen([PY, "-m", "bot.cli", "chat"], cwd=tree, env=_env(data), stdin=slave,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    os.close(slave)
    try:
        seen = b""
        assert proc.stdout is not None
        while b"you> " not in seen:
            chunk = proc.stdout.read1(4096)
            if not chunk:
                raise RuntimeError(f"chat in {tree} ended before its prompt (exit {proc.wait()})")
            seen += chunk
        took = time.monotonic() - t0
        os.write(master, b"\x04")          # Ctrl-D at the start of a line: end of input
        proc.wait(600)
        return took
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)


def time_serve(tree: Path, data: Path) -> float:
    port = free_port()
    env = _env(data, AFTERSALES_GENERATOR_KIND="template", AFTERSALES_GENERIC_SECRET="x")
    t0 = time.monotonic()
    proc = subprocess.Popen([PY, "-m", "bot.cli", "serve", "--port", str(port)], cwd=tree, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_ready(port, proc, timeout=600)
        return time.monotonic() - t0
    finally:
        proc.terminate()
        proc.wait(60)


def measure(trees: dict[str, tuple[Path, Path]], repeat: int, serve: bool) -> dict[str, dict[str, float]]:
    """Median per command per tree; the trees alternate run by run so that the load other
    processes put on the machine falls on both alike."""
    for tree, data in trees.values():
        # Warm-up, untimed: creates the database and trains + caches the intent model once.
        time_command(tree, data, ["chat"], "hello\n", "warm")
    runs: dict[str, dict[str, list[float]]] = {name: {} for name in trees}
    for label, argv, stdin, _ in COMMANDS:
        for _ in range(repeat):
            for name, (tree, data) in trees.items():
                runs[name].setdefault(label, []).append(time_command(tree, data, argv, stdin, label))
    if serve:
        for _ in range(max(1, repeat - 1)):
            for name, (tree, data) in trees.items():
                runs[name].setdefault("serve, to ready", []).append(time_serve(tree, data))
    return {name: {k: statistics.median(v) for k, v in r.items()} for name, r in runs.items()}


def default_baseline() -> str:
    """The commit before this issue's first commit (the unoptimised path), else HEAD~1."""
    first = subprocess.run(["git", "log", "--reverse", "--format=%H", "--grep=(#17)", "HEAD"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    return f"{first[0]}~1" if first else "HEAD~1"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--baseline", help="git ref (default: the commit before the first '(#17)' commit)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--no-serve", action="store_true")
    ap.add_argument("--only", nargs="+", metavar="LABEL", help="just the commands whose label contains one of these")
    args = ap.parse_args()
    if args.only:
        COMMANDS[:] = [c for c in COMMANDS if any(o in c[0] for o in args.only)]
    ref = subprocess.run(["git", "rev-parse", args.baseline or default_baseline()], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    tmp = Path(tempfile.mkdtemp(prefix="bench-startup-"))
    base_tree = tmp / "base"
    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base_tree), ref], cwd=ROOT, check=True)
    try:
        got = measure({"base": (base_tree, tmp / "data-base"), "now": (ROOT, tmp / "data-now")}, args.repeat,
                      not args.no_serve)
        base, now = got["base"], got["now"]
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(base_tree)], cwd=ROOT, check=False)
        shutil.rmtree(tmp, ignore_errors=True)
    targets = {label: target for label, _, _, target in COMMANDS} | {"serve, to ready": float("nan")}
    print(f"start-up, median of {args.repeat} (baseline {ref[:10]}):")
    print(f"{'command':<22} {'baseline s':>10} {'now s':>8} {'ratio':>6}  target")
    for label, value in now.items():
        t = targets[label]
        print(f"{label:<22} {base[label]:>10.2f} {value:>8.2f} {value / base[label]:>6.2f}  "
              + (f"< {t:.0f} s {'ok' if value < t else 'MISSED'}" if t == t else "-"))
    print("RESULT " + json.dumps({k.replace(" ", "_").replace(",", ""): [round(base[k], 2), round(v, 2)]
                                  for k, v in now.items()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
