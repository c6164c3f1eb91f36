"""The shared verdict tables (tests/playtest/verdicts.py) on small synthetic rounds in tmp_path:
the R/P/W numbers, percentages, all-R conversations, verdict moves, store writes and write audits
the rounds' tables.py scripts print."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import verdicts as vt

HERE = Path(__file__).resolve().parent


def _jsonl(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")


def _act(name: str, ok: bool = True, result: object = None, **args: str) -> dict:
    return {"name": name, "ok": ok, "result": result, "args": args}


# (conversation, turn, lang, category): c2 is Chinese, c10 English (numeric sort puts c2 first).
TURNS = [("c2", 0, "zh", "returns"), ("c2", 1, "zh", "followup"),
         ("c10", 0, "en", "delivery"), ("c10", 1, "en", "followup"), ("c10", 2, "en", "other")]
BEFORE = {("c2", 0): "R", ("c2", 1): "W", ("c10", 0): "R", ("c10", 1): "P", ("c10", 2): "R"}
AFTER = {("c2", 0): "R", ("c2", 1): "R", ("c10", 0): "P", ("c10", 1): "P", ("c10", 2): "R"}
ACTIONS = {
    ("c2", 0): [_act("list_orders"), _act("create_return", result={"code": "ok"})],
    ("c2", 1): [_act("change_items", result={"code": "invalid_sku"})],          # refused: not a write
    ("c10", 0): [_act("create_ticket", result=None, reason="delivery_issue")],  # no code counts as ok
    ("c10", 1): [_act("cancel_order", ok=False)],                               # failed: not a write
    ("c10", 2): [],
}


def _verdict_lines(verdicts: dict[tuple[str, int], str]) -> str:
    cat = {(c, t): k for c, t, _, k in TURNS}
    return "".join(f"{c}|{t}|{v}|{cat[(c, t)]}|why\n" for (c, t), v in verdicts.items())


def make_set(root: Path, audit_lines: list[str] | None = None) -> Path:
    (root / "verdicts").mkdir(parents=True)
    _jsonl(root / "expectations.jsonl", [{"conversation": c, "turn": t, "category": k, "lang": lg, "expect": "-"}
                                         for c, t, lg, k in TURNS])
    (root / "verdicts" / "before.txt").write_text(_verdict_lines(BEFORE), encoding="utf-8")
    (root / "verdicts" / "after.txt").write_text(_verdict_lines(AFTER), encoding="utf-8")
    for run in ("before", "after"):
        _jsonl(root / f"{run}.jsonl", [{"conversation": c, "turn": t, "reply": "..", "trace": {"actions": ACTIONS[(c, t)]}}
                                       for c, t, _, _ in reversed(TURNS)])
    if audit_lines is not None:
        (root / "verdicts" / "writes_before.txt").write_text("\n".join(audit_lines) + "\n", encoding="utf-8")
    return root


def printed(main: Callable[[Any, list[str]], None], cfg: Any, argv: list[str],
            capsys: pytest.CaptureFixture[str]) -> list[str]:
    """Run one of the shared mains and return the lines it printed."""
    main(cfg, argv)
    return capsys.readouterr().out.splitlines()


def set_cfg(root: Path, **kw: Any) -> vt.SetTables:
    return vt.SetTables(root, vt.SET_CATS, vt.SET_WRITES, **kw)


def test_before_tables_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_set(tmp_path / "set", ["# judged by hand", "c2|0|create_return|right|ok",
                                       "c10|0|create_ticket|partly|vague", "c10|1|cancel_order|missing|asked twice"])
    out = printed(vt.set_main, set_cfg(root, audit="summary"), [], capsys)
    assert "| before | 2 | 5 | 3 / 1 / 1 (60% / 20% / 20%) | 0/2 |" in out
    assert "| all turns | 3 / 1 / 1 (60% / 20% / 20%) |" in out
    assert "| follow-ups / corrections / changed mind | 0 / 1 / 1 (0% / 50% / 50%) |" in out
    assert "| product info / faults / warranty | - |" in out
    assert "| Chinese | 1 / 0 / 1 (50% / 0% / 50%) |" in out
    assert "| English + mixed | 2 / 1 / 0 (67% / 33% / 0%) |" in out
    assert "| first turn | 2 / 0 / 0 (100% / 0% / 0%) |" in out
    assert "| follow-up turns | 1 / 1 / 1 (33% / 33% / 33%) |" in out
    assert out[-1] == ("write audit (before): 2 writes/tickets made: 1 right, 1 partly, 0 wrong; "
                       "1 asked-for writes missing")


def test_en_layout_counts_turns_and_audits_as_a_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_set(tmp_path / "set", ["c2|0|right|return", "c10|0|wrong|ticket not asked for"])
    cfg = set_cfg(root, langs=(("en", "English"), ("zh", "Chinese + mixed")), layout="en", audit="table")
    out = printed(vt.set_main, cfg, [], capsys)
    assert "| English | 3 | 2 / 1 / 0 (67% / 33% / 0%) |" in out
    assert "| Chinese + mixed | 2 | 1 / 0 / 1 (50% / 0% / 50%) |" in out
    assert out[-1] == "| writes and tickets | 1 | 0 | 1 | 0 |"


def test_after_moves_worse_turns_and_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = printed(vt.set_main, set_cfg(make_set(tmp_path / "set")), ["--after"], capsys)
    assert "| before | 5 | 3 / 1 / 1 (60% / 20% / 20%) | 0/2 |" in out
    assert "| after | 5 | 3 / 2 / 0 (60% / 40% / 0%) | 1/2 |" in out
    assert "| Chinese | 1 / 0 / 1 -> 2 / 0 / 0 |" in out
    assert "verdict moves: R->P 1, W->R 1" in out
    assert "turns that got worse: c10|0 R->P" in out
    # only successful writes count; c2 sorts before c10 (by number, not as text)
    assert "store writes (after): c2|0|R: create_return; c10|0|P: create_ticket" in out


def test_writes_option_lists_ticket_reasons_in_en_layout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_set(tmp_path / "set")
    vt.set_main(set_cfg(root, layout="en"), ["--writes"])
    assert capsys.readouterr().out == "store writes (before):\nc2|0|R: create_return\nc10|0|R: create_ticket(delivery_issue)\n"


def test_bad_verdict_files_stop_the_script(tmp_path: Path) -> None:
    root = make_set(tmp_path / "set")
    path = root / "verdicts" / "before.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("c2|1|W|followup", "c2|1|W|returns"), encoding="utf-8")
    with pytest.raises(SystemExit, match=re.escape("before: bad or duplicate verdict line: c2|1|W|returns|why")):
        vt.set_main(set_cfg(root), [])
    path.write_text(_verdict_lines({k: v for k, v in BEFORE.items() if k != ("c10", 2)}), encoding="utf-8")
    with pytest.raises(SystemExit, match=r"no verdict for \[\('c10', 2\)\]"):
        vt.set_main(set_cfg(root), [])


def test_round_tables_show_each_set_and_both(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make_set(tmp_path / "demo")
    make_set(tmp_path / "en")
    cfg = vt.RoundTables(tmp_path, ("demo", "en"), vt.SET_CATS, vt.SET_WRITES)
    out = printed(vt.round_main, cfg, [], capsys)
    assert "| demo | 2 | 5 | 3 / 1 / 1 (60% / 20% / 20%) | 0/2 |" in out
    assert "| both | 4 | 10 | 6 / 2 / 2 (60% / 20% / 20%) | 0/4 |" in out
    out = printed(vt.round_main, cfg, ["--after"], capsys)
    assert "| both (10 turns) | 6 / 2 / 2 (60% / 20% / 20%) | 6 / 4 / 0 (60% / 40% / 0%) | 0/4 -> 2/4 |" in out
    assert "both verdict moves: R->P 2, W->R 2" in out
    assert "en turns that got worse: en:c10|0 R->P" in out


# --- a shop set: categories.txt and every write judged -----------------------------------------

def make_shop(root: Path, prefix_ids: bool = False) -> Path:
    ids = {"c2": "z2", "c10": "e10"} if prefix_ids else {"c2": "c2", "c10": "c10"}
    make_set(root)
    for name in ("expectations.jsonl", "before.jsonl", "after.jsonl", "verdicts/before.txt", "verdicts/after.txt"):
        text = (root / name).read_text(encoding="utf-8")
        (root / name).write_text(text.replace('"c2"', f'"{ids["c2"]}"').replace('"c10"', f'"{ids["c10"]}"')
                                 .replace("c2|", f"{ids['c2']}|").replace("c10|", f"{ids['c10']}|"), encoding="utf-8")
    (root / "verdicts" / "categories.txt").write_text("".join(f"{ids[c]}|{t}|{k}\n" for c, t, _, k in TURNS),
                                                      encoding="utf-8")
    for run in ("before", "after"):
        (root / "verdicts" / f"writes_{run}.txt").write_text(
            f"{ids['c2']}|0|create_return|R|right items\n{ids['c10']}|0|create_ticket|P|vague reason\n"
            f"{ids['c10']}|1|cancel_order|missing|asked, not done\n", encoding="utf-8")
    return root


def test_shop_tables_numbers_and_judged_writes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cfg = vt.ShopTables(make_shop(tmp_path / "shop"), {"returns": "returns", "followup": "follow-ups"}, vt.SHOP_WRITES)
    out = printed(vt.shop_main, cfg, ["--after"], capsys)
    assert "| all | 5 | 3 / 1 / 1 (60% / 20% / 20%) | 3 / 2 / 0 (60% / 40% / 0%) |" in out
    assert "| Chinese / mixed | 2 | 1 / 0 / 1 (50% / 0% / 50%) | 2 / 0 / 0 (100% / 0% / 0%) |" in out
    assert "| follow-ups | 2 | 0 / 1 / 1 (0% / 50% / 50%) | 1 / 1 / 0 (50% / 50% / 0%) |" in out
    assert "conversations with every turn R (Chinese / mixed): before 0/1, after 1/1" in out
    assert "verdict moves before -> after: R->P 1, W->R 1" in out
    assert "turns that got worse (before -> after): c10|0 R->P" in out
    assert ("store writes and tickets in before.jsonl: 2 (right 1, partly 1, wrong 0); "
            "asked-for writes missing: 1") in out
    assert "  R c2|0 create_return: right items" in out
    assert "  missing c10|1 cancel_order: asked, not done" in out


def test_shop_languages_from_id_prefix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_shop(tmp_path / "shop", prefix_ids=True)
    (root / "expectations.jsonl").unlink()  # the id's first letter decides the language
    (root / "verdicts" / "writes_before.txt").write_text("z2|0|create_return|R|ok\n", encoding="utf-8")
    cfg = vt.ShopTables(root, {}, vt.SHOP_WRITES, lang_from="prefix", missing=False, code_default=None)
    out = printed(vt.shop_main, cfg, [], capsys)
    assert "| English | 3 | 2 / 1 / 0 (67% / 33% / 0%) |" in out
    assert "| Chinese / mixed | 2 | 1 / 0 / 1 (50% / 0% / 50%) |" in out
    assert "conversations with every turn R (English): before 0/1" in out
    # code_default None: the ticket whose result has no code is no success; no `missing` count
    assert "store writes and tickets in before.jsonl: 1 (right 1, partly 0, wrong 0)" in out


def test_shop_without_missing_takes_a_missing_line_for_a_judgement(tmp_path: Path) -> None:
    cfg = vt.ShopTables(make_shop(tmp_path / "shop"), {}, vt.SHOP_WRITES, missing=False)
    with pytest.raises(SystemExit, match="judgements for writes that did not happen"):
        vt.shop_main(cfg, ["--writes"])


def test_unjudged_store_write_stops_the_script(tmp_path: Path) -> None:
    root = make_shop(tmp_path / "shop")
    (root / "verdicts" / "writes_before.txt").write_text("c2|0|create_return|R|ok\n", encoding="utf-8")
    cfg = vt.ShopTables(root, {}, vt.SHOP_WRITES)
    with pytest.raises(SystemExit, match=r"no judgement for \('c10', 0, 'create_ticket'\)"):
        vt.shop_main(cfg, ["--writes"])


def test_a_round_script_is_data_plus_a_call(tmp_path: Path) -> None:
    """A tables.py laid out like the rounds' (tests/playtestN/<set>/verdicts/tables.py) finds the
    shared module by its own path and keeps its command line."""
    (tmp_path / "tests" / "playtest").mkdir(parents=True)
    shutil.copy(HERE / "verdicts.py", tmp_path / "tests" / "playtest" / "verdicts.py")
    root = make_set(tmp_path / "tests" / "playtest99" / "demo")
    script = root / "verdicts" / "tables.py"
    script.write_text("import sys\nfrom pathlib import Path\n\n"
                      "sys.path.insert(0, str(Path(__file__).resolve().parents[3] / 'playtest'))\n"
                      "from verdicts import SET_CATS, SET_WRITES, SetTables, set_main\n\n"
                      "set_main(SetTables(Path(__file__).resolve().parents[1], SET_CATS, SET_WRITES), sys.argv[1:])\n",
                      encoding="utf-8")
    done = subprocess.run([sys.executable, str(script), "--after"], capture_output=True, text=True, check=True)
    assert "| after | 5 | 3 / 2 / 0 (60% / 40% / 0%) | 1/2 |" in done.stdout.splitlines()
