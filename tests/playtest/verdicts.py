"""R/P/W tables of a play-test round, recomputed from the per-turn verdict files (shared by the
rounds' `verdicts/tables.py` scripts, which hold only their data and call in here).

Three layouts, one a kind of set:

- `SetTables` / `set_main`: one set whose `expectations.jsonl` carries each turn's category and
  language (rounds 9 and 10, demo and en). Verdict lines `conversation|turn|R/P/W|category|reason`
  in `verdicts/<run>.txt`; every expected turn exactly once, with the expected category.
  Options: none (before tables + write audit), `--writes`, `--after`, `--after2`.
- `RoundTables` / `round_main`: several such sets judged together, each set and "both" side by
  side (round 8). Options: none, `--writes`, `--after`, `--after2`, `--after3`.
- `ShopTables` / `shop_main`: a set whose categories are in `verdicts/categories.txt` and whose
  every successful store write is judged in `verdicts/writes_<run>.txt`, lines
  `conv|turn|action|R/P/W|reason` (rounds 8-10, the unseen shops). Options: none, `--after`,
  `--after2` (`--after3` where `max_after` is 3), `--writes` (where `writes_option`).

The scripts stop (`sys.exit` with a message) on a verdict file that does not match the set.
Each layout keeps the exact output of the round scripts it replaced, so the numbers in the
rounds' JUDGED.md files can be recomputed byte for byte.
"""
from __future__ import annotations

import json
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

Key = tuple[str, int]
Verdicts = dict[Key, tuple[str, str]]
VERDICTS = ("R", "P", "W")
AUDIT = ("right", "partly", "wrong", "missing")

# The categories of the demo / en sets of rounds 8-10 (expectations.jsonl `category`).
SET_CATS = {
    "followup": "follow-ups / corrections / changed mind",
    "negation": "negation / quantities",
    "delivery": "delivery (status, late, lost, not received, stuck)",
    "payment": "payment issues / refund status",
    "changes": "changes before shipping (items, option, qty, address, payment, cancel)",
    "returns": "returns / exchanges / replacements",
    "product": "product info / faults / warranty",
    "other": "other (invoice, hand-off, strangers, policy, chit-chat)",
}
# Actions that change the shop or file something for a person: the demo / en sets' tools ...
SET_WRITES = frozenset({"create_return", "create_exchange", "change_items", "change_address", "change_payment",
                        "change_default_address", "cancel_order", "request_invoice", "create_ticket",
                        "add_to_ticket"})
# ... and the unseen shops' (rounds 8-10).
SHOP_WRITES = frozenset({"cancel_order", "change_items", "change_payment", "change_address", "change_shipping_address",
                         "change_default_address", "create_return", "create_exchange", "create_refund", "create_ticket",
                         "add_to_ticket", "close_ticket", "request_invoice", "reissue_invoice"})


# --- shared pieces ------------------------------------------------------------------------------

def fmt(cnt: Counter[str]) -> str:
    """`R / P / W (r% / p% / w%)`, or `-` for no turns."""
    n = sum(cnt.values())
    if not n:
        return "-"
    return (f"{cnt['R']} / {cnt['P']} / {cnt['W']} "
            f"({100 * cnt['R'] / n:.0f}% / {100 * cnt['P'] / n:.0f}% / {100 * cnt['W'] / n:.0f}%)")


def short(cnt: Counter[str]) -> str:
    return f"{cnt['R']} / {cnt['P']} / {cnt['W']}"


def conv_no(conv: str) -> int:
    """p10e12 -> 12: sort conversations by their trailing number, not as text."""
    m = re.search(r"(\d+)$", conv)
    return int(m.group(1)) if m else 0


def worse(b: str, a: str) -> bool:
    return "RPW".index(a) > "RPW".index(b)


def expected(root: Path) -> dict[Key, dict[str, Any]]:
    """`expectations.jsonl` of a set, by (conversation, turn)."""
    rows = (json.loads(x) for x in (root / "expectations.jsonl").read_text(encoding="utf-8").splitlines())
    return {(r["conversation"], int(r["turn"])): r for r in rows}


def load(root: Path, run: str, label: str | None = None) -> Verdicts:
    """`verdicts/<run>.txt` of a set; stops on a bad, duplicate or missing verdict line."""
    label = label or run
    exp = expected(root)
    out: Verdicts = {}
    for line in (root / "verdicts" / f"{run}.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        conv, turn, verdict, cat, _reason = line.split("|", 4)
        key = (conv, int(turn))
        if key in out or key not in exp or verdict not in VERDICTS or cat != exp[key]["category"]:
            sys.exit(f"{label}: bad or duplicate verdict line: {line}")
        out[key] = (verdict, cat)
    if missing := sorted(set(exp) - set(out)):
        sys.exit(f"{label}: no verdict for {missing}")
    return out


def all_right(v: Verdicts) -> str:
    """Conversations with every turn R, as `ok/all`."""
    convs = {c for c, _ in v}
    ok = sum(all(v[k][0] == "R" for k in v if k[0] == c) for c in convs)
    return f"{ok}/{len(convs)}"


def total(v: Verdicts) -> Counter[str]:
    return Counter(x for x, _ in v.values())


def rows(v: Verdicts, lang: dict[str, str], cats: Iterable[str], langs: Iterable[str]) -> dict[str, Counter[str]]:
    """R/P/W per row: all, each category, each language, first turns, follow-up turns."""
    out: dict[str, Counter[str]] = {"all": total(v)}
    for k in cats:
        out[k] = Counter(x for x, c in v.values() if c == k)
    for lg in langs:
        out[lg] = Counter(x for (c, _), (x, _) in v.items() if lang[c] == lg)
    out["first"] = Counter(x for (_, t), (x, _) in v.items() if t == 0)
    out["follow"] = Counter(x for (_, t), (x, _) in v.items() if t > 0)
    return out


def done_writes(trace: dict[str, Any], writes: Iterable[str], ticket_reason: bool = False,
                code_default: str | None = "ok") -> list[str]:
    """Names of the successful store writes / tickets of one turn's trace, in order.

    `code_default`: what a result without a `code` counts as ("ok" = success; None = not a success).
    """
    out = []
    for a in trace.get("actions", []):
        res = a.get("result") if isinstance(a.get("result"), dict) else {}
        if a["name"] in writes and a.get("ok") and res.get("code", code_default) == "ok":
            out.append(a["name"] + (f"({a['args']['reason']})" if ticket_reason and a["name"] == "create_ticket" else ""))
    return out


def moves(b: Verdicts, a: Verdicts) -> tuple[str, str]:
    """`R->P 2, ...` (or none) and `conv|turn R->W, ...` (or none) between two runs."""
    moved = Counter(f"{b[k][0]}->{a[k][0]}" for k in a if b[k][0] != a[k][0])
    got_worse = [f"{k[0]}|{k[1]} {b[k][0]}->{a[k][0]}" for k in sorted(a) if worse(b[k][0], a[k][0])]
    return (", ".join(f"{m} {n}" for m, n in sorted(moved.items())) or "none"), (", ".join(got_worse) or "none")


# --- one set, categories in expectations.jsonl (rounds 9-10 demo / en) -------------------------

Layout = Literal["demo", "en"]


@dataclass(frozen=True)
class SetTables:
    """One set. `layout` "demo": plain rows; "en": a turn-count column, `name (N turns)` rows, the
    ticket reason after create_ticket, one write a line under --writes, and --after2 ending with
    the whole after -> after2 comparison. `audit`: how `verdicts/writes_<run>.txt` is read and
    shown: None (no audit), "summary" (`conv|turn|action|mark|note`, one line), "table"
    (`conv|turn|mark|what`, a table)."""
    root: Path
    cats: dict[str, str]
    writes: frozenset[str]
    langs: tuple[tuple[str, str], ...] = (("zh", "Chinese"), ("en", "English + mixed"))
    layout: Layout = "demo"
    audit: Literal["summary", "table"] | None = None

    @property
    def labels(self) -> dict[str, str]:
        return {"all": "all turns", **self.cats, **dict(self.langs), "first": "first turn", "follow": "follow-up turns"}

    def load(self, run: str) -> Verdicts:
        return load(self.root, run)

    def rows(self, v: Verdicts) -> dict[str, Counter[str]]:
        lang = {c: r["lang"] for (c, _), r in expected(self.root).items()}
        return rows(v, lang, self.cats, (k for k, _ in self.langs))


def set_tables(cfg: SetTables, run: str) -> None:
    v = cfg.load(run)
    print("| run | conversations | turns | R / P / W | conversations with every turn R |\n|---|---|---|---|---|")
    print(f"| {run} | {len({c for c, _ in v})} | {len(v)} | {fmt(total(v))} | {all_right(v)} |")
    r = cfg.rows(v)
    if cfg.layout == "en":
        print(f"\n| row | turns | {run} R / P / W |\n|---|---|---|")
        for k, label in cfg.labels.items():
            print(f"| {label} | {sum(r[k].values())} | {fmt(r[k])} |")
    else:
        print(f"\n| row | {run} R / P / W |\n|---|---|")
        for k, label in cfg.labels.items():
            print(f"| {label} | {fmt(r[k])} |")


def set_writes(cfg: SetTables, run: str) -> list[str]:
    """`conv|turn|verdict: write, write` for every turn of the run that wrote."""
    verdicts = cfg.load(run)
    out = []
    for line in (cfg.root / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        key = (row["conversation"], int(row["turn"]))
        if done := done_writes(row["trace"], cfg.writes, ticket_reason=cfg.layout == "en"):
            out.append(f"{key[0]}|{key[1]}|{verdicts[key][0]}: {', '.join(done)}")
    return sorted(out, key=lambda x: (conv_no(x.split("|")[0]), int(x.split("|")[1])))


def audit_counts(root: Path, run: str, fields: int) -> Counter[str] | None:
    """Marks of `verdicts/writes_<run>.txt` (None when there is none); the mark is the fourth of 5
    fields (`conv|turn|action|mark|note`) or the third of 4 (`conv|turn|mark|what`)."""
    path = root / "verdicts" / f"writes_{run}.txt"
    if not path.exists():
        return None
    exp = expected(root)
    cnt: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("|", fields - 1)
        conv, turn, mark = parts[0], parts[1], parts[fields - 2]
        if (conv, int(turn)) not in exp or mark not in AUDIT:
            sys.exit(f"writes_{run}: bad line: {line}")
        cnt[mark] += 1
    return cnt


def set_audit(cfg: SetTables, run: str, lead: str = "") -> None:
    """Print the write audit of a run (nothing where the set has none)."""
    if cfg.audit == "summary":
        cnt = audit_counts(cfg.root, run, 5)
        if cnt is None:
            print(f"{lead}write audit ({run}): no verdicts/writes_{run}.txt")
            return
        done = cnt["right"] + cnt["partly"] + cnt["wrong"]
        print(f"{lead}write audit ({run}): {done} writes/tickets made: {cnt['right']} right, {cnt['partly']} partly, "
              f"{cnt['wrong']} wrong; {cnt['missing']} asked-for writes missing")
    elif cfg.audit == "table":
        cnt = audit_counts(cfg.root, run, 4)
        if cnt is None:
            print(f"\nwrite audit ({run}): no verdicts/writes_{run}.txt yet")
            return
        print(f"\n| write audit ({run}) | right | partly | wrong | missing |\n|---|---|---|---|---|")
        print(f"| writes and tickets | {cnt['right']} | {cnt['partly']} | {cnt['wrong']} | {cnt['missing']} |")


def _run_rows(cfg: SetTables, runs: Sequence[str], vs: Sequence[Verdicts]) -> None:
    if cfg.layout == "en":
        print("| run | R / P / W | all-R conversations |\n|---|---|---|")
        for name, v in zip(runs, vs, strict=True):
            print(f"| {name} ({len(v)} turns) | {fmt(total(v))} | {all_right(v)} |")
    else:
        print("| run | turns | R / P / W | all-R conversations |\n|---|---|---|---|")
        for name, v in zip(runs, vs, strict=True):
            print(f"| {name} | {len(v)} | {fmt(total(v))} | {all_right(v)} |")


def set_compare(cfg: SetTables, b_run: str = "before", a_run: str = "after") -> None:
    b, a = cfg.load(b_run), cfg.load(a_run)
    _run_rows(cfg, (b_run, a_run), (b, a))
    rb, ra = cfg.rows(b), cfg.rows(a)
    unit = " (R / P / W)" if cfg.layout == "en" else ""
    print(f"\n| row | {b_run} -> {a_run}{unit} |\n|---|---|")
    for k, label in cfg.labels.items():
        print(f"| {label} | {short(rb[k])} -> {short(ra[k])} |")
    moved, got_worse = moves(b, a)
    print("\nverdict moves: " + moved)
    print("turns that got worse: " + got_worse)


def set_compare3(cfg: SetTables, runs: tuple[str, ...] = ("before", "after", "after2")) -> None:
    vs = [cfg.load(r) for r in runs]
    _run_rows(cfg, runs, vs)
    rs = [cfg.rows(v) for v in vs]
    unit = " (R / P / W)" if cfg.layout == "en" else ""
    print(f"\n| row | {' -> '.join(runs)}{unit} |\n|---|---|")
    for k, label in cfg.labels.items():
        print(f"| {label} | {' -> '.join(short(r[k]) for r in rs)} |")
    if cfg.layout == "en":
        print()
        set_compare(cfg, runs[-2], runs[-1])
        return
    moved, got_worse = moves(vs[-2], vs[-1])
    print(f"\nverdict moves {runs[-2]} -> {runs[-1]}: " + moved)
    print("turns that got worse: " + got_worse)


def set_main(cfg: SetTables, argv: Sequence[str]) -> None:
    if "--after2" in argv:
        set_compare3(cfg)
        print("\nstore writes (after2): " + ("; ".join(set_writes(cfg, "after2")) or "none"))
        set_audit(cfg, "after2")
    elif "--after" in argv:
        set_compare(cfg)
        print("\nstore writes (after): " + ("; ".join(set_writes(cfg, "after")) or "none"))
        set_audit(cfg, "after")
    elif "--writes" in argv:
        if cfg.layout == "en":
            print("store writes (before):\n" + "\n".join(set_writes(cfg, "before")))
        else:
            print("store writes (before): " + ("; ".join(set_writes(cfg, "before")) or "none"))
    else:
        set_tables(cfg, "before")
        set_audit(cfg, "before", lead="\n")


# --- several sets judged together (round 8 demo + en) ------------------------------------------

@dataclass(frozen=True)
class RoundTables:
    """Sets `sets` under `root`, each like a `SetTables` set, shown per set and as "both"."""
    root: Path
    sets: tuple[str, ...]
    cats: dict[str, str]
    writes: frozenset[str]
    langs: tuple[tuple[str, str], ...] = (("zh", "Chinese"), ("en", "English + mixed"))

    @property
    def labels(self) -> dict[str, str]:
        return {"all": "all turns", **self.cats, **dict(self.langs), "first": "first turn", "follow": "follow-up turns"}

    def views(self, run: str) -> tuple[list[str], list[Verdicts], dict[str, str]]:
        """Column names (each set, then both), their verdicts (keys `set:conversation`), languages."""
        data = {s: load(self.root / s, run, f"{s}/{run}") for s in self.sets}
        lang = {f"{s}:{c}": r["lang"] for s in self.sets for (c, _), r in expected(self.root / s).items()}
        per = [{(f"{s}:{c}", t): x for (c, t), x in data[s].items()} for s in self.sets]
        both = {k: x for v in per for k, x in v.items()}
        return [*self.sets, "both"], [*per, both], lang

    def rows(self, v: Verdicts, lang: dict[str, str]) -> dict[str, Counter[str]]:
        return rows(v, lang, self.cats, (k for k, _ in self.langs))

    def writes_of(self, s: str, run: str) -> list[str]:
        verdicts = load(self.root / s, run, f"{s}/{run}")
        out = []
        for line in (self.root / s / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            key = (row["conversation"], int(row["turn"]))
            if done := done_writes(row["trace"], self.writes):
                out.append(f"{key[0]}|{key[1]}|{verdicts[key][0]}: {', '.join(done)}")
        return sorted(out, key=lambda x: (conv_no(x.split("|")[0]), int(x.split("|")[1])))


def round_tables(cfg: RoundTables, run: str) -> None:
    cols, vs, lang = cfg.views(run)
    print(f"| set ({run}) | conversations | turns | R / P / W | conversations with every turn R |\n|---|---|---|---|---|")
    for name, v in zip(cols, vs, strict=True):
        print(f"| {name} | {len({c for c, _ in v})} | {len(v)} | {fmt(total(v))} | {all_right(v)} |")
    rs = [cfg.rows(v, lang) for v in vs]
    print("\n| " + run + " | " + " | ".join(f"{c} R / P / W" for c in cols) + " |\n|---|---|---|---|")
    for k, label in cfg.labels.items():
        print(f"| {label} | " + " | ".join(fmt(r[k]) for r in rs) + " |")


def round_compare(cfg: RoundTables, runs: Sequence[str]) -> None:
    """Two runs: both R/P/W columns and the moves per set; more: one column a run, moves of the last two."""
    per = [cfg.views(r) for r in runs]
    cols, lang = per[0][0], per[0][2]
    rs = [[cfg.rows(v, lang) for v in p[1]] for p in per]
    if len(runs) == 2:
        b_run, a_run = runs
        print(f"| set | {b_run} R / P / W | {a_run} R / P / W | all-R conversations |\n|---|---|---|---|")
        for name, b, a in zip(cols, per[0][1], per[1][1], strict=True):
            print(f"| {name} ({len(a)} turns) | {fmt(total(b))} | {fmt(total(a))} | {all_right(b)} -> {all_right(a)} |")
        print("\n| row | " + " | ".join(f"{c} {b_run} -> {a_run}" for c in cols) + " |\n|---|---|---|---|")
        for k, label in cfg.labels.items():
            print(f"| {label} | " + " | ".join(f"{short(x[k])} -> {short(y[k])}" for x, y in zip(rs[0], rs[1], strict=True))
                  + " |")
        step = ""
    else:
        print("| set | " + " | ".join(f"{r} R / P / W" for r in runs) + " | all-R conversations |\n|---|"
              + "---|" * (len(runs) + 1))
        for i, name in enumerate(cols):
            vs = [p[1][i] for p in per]
            print(f"| {name} ({len(vs[0])} turns) | " + " | ".join(fmt(total(v)) for v in vs)
                  + " | " + " -> ".join(all_right(v) for v in vs) + " |")
        print("\n| row | " + " | ".join(f"{c} " + " -> ".join(runs) for c in cols) + " |\n|---|---|---|---|")
        for k, label in cfg.labels.items():
            print(f"| {label} | " + " | ".join(" -> ".join(short(r[i][k]) for r in rs) for i in range(len(cols))) + " |")
        step = f" {runs[-2]} -> {runs[-1]}"
    for i, s in enumerate(cols):
        moved, got_worse = moves(per[-2][1][i], per[-1][1][i])
        print(f"\n{s} verdict moves{step}: " + moved)
        print(f"{s} turns that got worse{' (' + step.strip() + ')' if step else ''}: " + got_worse)


def round_main(cfg: RoundTables, argv: Sequence[str]) -> None:
    runs = next((["before", "after", "after2", "after3"][:n + 1] for n, flag in ((3, "--after3"), (2, "--after2"),
                                                                                 (1, "--after")) if flag in argv), None)
    if runs:
        round_compare(cfg, runs)
        for s in cfg.sets:
            print(f"\n{s} store writes ({runs[-1]}): " + ("; ".join(cfg.writes_of(s, runs[-1])) or "none"))
    elif "--writes" in argv:
        for s in cfg.sets:
            print(f"{s} store writes (before): " + ("; ".join(cfg.writes_of(s, "before")) or "none"))
    else:
        round_tables(cfg, "before")


# --- a shop set, categories in verdicts/categories.txt, every write judged (rounds 8-10 shops) ---

@dataclass(frozen=True)
class ShopTables:
    """`lang_from` "prefix": a conversation's language is its id's first letter (z = Chinese /
    mixed, e = English); "expectations": the turn's `lang` in expectations.jsonl. `missing`: the
    write file may list asked-for writes that never happened (`...|missing|...`), counted apart.
    `code_default`: what an action result without a `code` counts as (see `done_writes`)."""
    root: Path
    cats: dict[str, str]
    writes: frozenset[str]
    lang_from: Literal["prefix", "expectations"] = "expectations"
    missing: bool = True
    code_default: str | None = "ok"
    max_after: int = 2
    writes_option: bool = True
    splits: tuple[tuple[str, str, str], ...] = field(
        default=(("zh", "z", "Chinese / mixed"), ("en", "e", "English")))

    @property
    def here(self) -> Path:
        return self.root / "verdicts"

    def in_lang(self, lang: str) -> Callable[[Key], bool]:
        if self.lang_from == "prefix":
            prefix = next(p for lg, p, _ in self.splits if lg == lang)
            return lambda k: k[0].startswith(prefix)
        exp = expected(self.root)
        return lambda k: bool(exp[k]["lang"] == lang)

    def categories(self) -> dict[Key, str]:
        out = {}
        for line in (self.here / "categories.txt").read_text(encoding="utf-8").splitlines():
            c, t, cat = line.split("|")
            out[(c, int(t))] = cat
        return out

    def verdicts(self, name: str) -> dict[Key, str]:
        out: dict[Key, tuple[str, str]] = {}
        for line in (self.here / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                c, t, v, cat, *_ = line.split("|")
                if (c, int(t)) in out:
                    sys.exit(f"{name}: {c}|{t} judged twice")
                out[(c, int(t))] = (v, cat)
        want = self.categories()
        if set(out) != set(want):
            sys.exit(f"{name}: covers {len(out)} turns, expected {len(want)}: missing {sorted(set(want) - set(out))}")
        bad = [k for k in out if out[k][1] != want[k]]
        if bad or any(x[0] not in VERDICTS for x in out.values()):
            sys.exit(f"{name}: wrong category or verdict at {bad}")
        return {k: x[0] for k, x in out.items()}

    def rows(self, cat: dict[Key, str]) -> list[tuple[str, list[Key]]]:
        keys = sorted(cat)
        out = [("all", keys)]
        for lg, _, label in self.splits:
            pick = self.in_lang(lg)
            out.append((label, [k for k in keys if pick(k)]))
        out += [("first turns", [k for k in keys if k[1] == 0]), ("follow-up turns", [k for k in keys if k[1] > 0])]
        out += [(label, [k for k in keys if cat[k] == c]) for c, label in self.cats.items()]
        return out

    def all_r(self, v: dict[Key, str], lang: str | None) -> str:
        pick = self.in_lang(lang) if lang else (lambda k: True)
        convs = sorted({c for c, t in v if pick((c, t))})
        return f"{sum(all(v[k] == 'R' for k in v if k[0] == c) for c in convs)}/{len(convs)}"

    def judged_writes(self, run: str) -> tuple[list[str], list[str]]:
        """Every successful write of a replay with its judgement, and the judged missing writes."""
        judged, missing = {}, []
        path = self.here / f"writes_{run}.txt"
        for line in path.read_text(encoding="utf-8").splitlines() if path.exists() else []:
            if line.strip():
                c, t, name, v, reason = line.split("|", 4)
                if self.missing and v == "missing":
                    missing.append(f"missing {c}|{t} {name}: {reason}")
                else:
                    judged[(c, int(t), name)] = (v, reason)
        out, seen = [], set()
        for line in (self.root / f"{run}.jsonl").read_text(encoding="utf-8").splitlines():
            d = json.loads(line)
            for name in done_writes(d["trace"], self.writes, code_default=self.code_default):
                key = (d["conversation"], d["turn"], name)
                if key not in judged:
                    sys.exit(f"writes_{run}.txt: no judgement for {key}")
                seen.add(key)
                v, reason = judged[key]
                out.append(f"{v} {key[0]}|{key[1]} {name}: {reason}")
        if extra := set(judged) - seen:
            sys.exit(f"writes_{run}.txt: judgements for writes that did not happen: {sorted(extra)}")
        return out, missing


def shop_audit(cfg: ShopTables, run: str) -> None:
    w, missing = cfg.judged_writes(run)
    c = Counter(x[0] for x in w)
    tail = f"; asked-for writes missing: {len(missing)}" if cfg.missing else ""
    print(f"\nstore writes and tickets in {run}.jsonl: {len(w)} (right {c['R']}, partly {c['P']}, wrong {c['W']}){tail}")
    print("\n".join("  " + x for x in w + missing))


def shop_table(cfg: ShopTables, runs: Sequence[str]) -> None:
    cat = cfg.categories()
    vs = [cfg.verdicts(f"{r}.txt") for r in runs]
    print("| split / category | turns | " + " | ".join(f"{r} R / P / W" for r in runs) + " |")
    print("|---|---|" + "---|" * len(runs))
    for label, keys in cfg.rows(cat):
        print(f"| {label} | {len(keys)} | " + " | ".join(fmt(Counter(v[k] for k in keys)) for v in vs) + " |")
    print()
    for lang, label in ((None, "all"), *((lg, lab) for lg, _, lab in cfg.splits)):
        print(f"conversations with every turn R ({label}): "
              + ", ".join(f"{r} {cfg.all_r(v, lang)}" for r, v in zip(runs, vs, strict=True)))
    if len(vs) >= 2:
        b, a = vs[-2], vs[-1]
        moved = Counter((b[k], a[k]) for k in a if b[k] != a[k])
        print(f"\nverdict moves {runs[-2]} -> {runs[-1]}:",
              ", ".join(f"{x}->{y} {n}" for (x, y), n in sorted(moved.items())) or "none")
        got_worse = [k for k in a if worse(b[k], a[k])]
        print(f"turns that got worse ({runs[-2]} -> {runs[-1]}):",
              ", ".join(f"{c}|{t} {b[(c, t)]}->{a[(c, t)]}" for c, t in sorted(got_worse)) or "none")
    for r in runs:
        shop_audit(cfg, r)


def shop_main(cfg: ShopTables, argv: Sequence[str]) -> None:
    runs = ["before"]
    for n in range(cfg.max_after, 0, -1):
        if ("--after" if n == 1 else f"--after{n}") in argv:
            runs = ["before", "after", *(f"after{i}" for i in range(2, n + 1))]
            break
    if cfg.writes_option and "--writes" in argv:  # only the store-write audit(s)
        for r in runs:
            shop_audit(cfg, r)
        return
    shop_table(cfg, runs)
