"""What the probe scripts under tests/dialogue/probes_*/ share: the per-class tally they print and
their `--root CHECKOUT` argument (the checkout whose code answers, for before/after counts).

Imported by path (`sys.path` gets tests/dialogue), never as `tests.dialogue...`, so a probe script
run against an older checkout still finds it in this one."""
from __future__ import annotations

from pathlib import Path


def report(results: dict[str, list[int]], width: int = 10) -> None:
    """Print "CLASS right GOOD / ALL" per class, then the total; results[cls] = [good, bad]."""
    for cls, (good, bad) in results.items():
        print(f"{cls:{width}} right {good} / {good + bad}")
    good = sum(v[0] for v in results.values())
    print(f"{'all':{width}} right {good} / {sum(sum(v) for v in results.values())}")


def cli(argv: list[str], default_root: Path) -> tuple[str | None, bool, Path]:
    """(the class asked, -v, the code root) from `probes.py [-v] [CLASS] [--root CHECKOUT]`."""
    argv = list(argv)
    root = default_root
    if "--root" in argv:
        at = argv.index("--root")
        root = Path(argv[at + 1]).resolve()
        del argv[at:at + 2]
    args = [a for a in argv if a != "-v"]
    return (args[0] if args else None), "-v" in argv, root
