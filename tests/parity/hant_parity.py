"""Traditional-Chinese parity: the same conversations in both scripts must be handled alike.

Each Chinese conversation of an old play-test set (playtest2 ... playtest9, never the held-out
playtest10/11) is replayed twice on the same code: as written (simplified, on the set's shop) and
with every customer turn, the shop fixture (names, option values, addresses) and the shop's
knowledge folder converted to traditional with OpenCC s2tw. Per turn the two runs must make the
same store writes (tool name, ok, arguments) and send the same reply once both are folded to
simplified. The count of turns that differ is the figure.

    python tests/parity/hant_parity.py                   # every set below, mismatch counts
    python tests/parity/hant_parity.py --sets demo9 shop6 --show 5
    python tests/parity/hant_parity.py --shop-only        # simplified customers, traditional shop
    PYTHONPATH=/tmp/base python tests/parity/hant_parity.py   # the same on other code (before)

OpenCC is used directly here (not bot.lang.script) so the harness also runs on code without it.
"""
from __future__ import annotations

import argparse
import asyncio
import base64
import io
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
NOW = "2026-11-28T12:00:00+08:00"
_CJK = re.compile(r"[\u3400-\u9fff]")
# What changes the shop or files something for a person (tests/playtest/verdicts.py, both lists).
WRITES = frozenset({"cancel_order", "change_items", "change_payment", "change_address", "change_shipping_address",
                    "change_default_address", "create_return", "create_exchange", "create_refund", "create_ticket",
                    "add_to_ticket", "close_ticket", "request_invoice", "reissue_invoice"})


@dataclass(frozen=True)
class PlaySet:
    name: str
    conversations: Path
    shop: Path
    knowledge: Path          # the shop's knowledge folder (texts and facts.toml)


def _sets() -> dict[str, PlaySet]:
    demo, demo_k = ROOT / "config" / "demo_shop.json", ROOT / "config" / "knowledge"
    pt = ROOT / "tests"
    out = [PlaySet("demo9", pt / "playtest9/demo/conversations.jsonl", demo, demo_k),
           PlaySet("demo8", pt / "playtest8/demo/conversations.jsonl", demo, demo_k),
           PlaySet("demo7", pt / "playtest7/demo/conversations.jsonl", demo, demo_k),
           PlaySet("demo5", pt / "playtest5/demo/conversations.jsonl", demo, demo_k),
           PlaySet("shop6", pt / "playtest9/shop6/conversations.jsonl", pt / "playtest9/shop6/shop.json",
                   pt / "playtest9/shop6/knowledge"),
           PlaySet("shop5", pt / "playtest8/shop5/conversations.jsonl", pt / "playtest8/shop5/shop.json",
                   pt / "playtest8/shop5/knowledge"),
           PlaySet("shop4", pt / "playtest7/shop4/conversations.jsonl", pt / "playtest7/shop4/shop.json",
                   pt / "playtest7/shop4/knowledge")]
    return {s.name: s for s in out}


SETS = _sets()
_conv: dict[str, Any] = {}


def _opencc(config: str) -> Any:
    if config not in _conv:
        import opencc
        _conv[config] = opencc.OpenCC(config)
    return _conv[config]


def hant(text: str) -> str:
    """`text` in Taiwan traditional characters (OpenCC s2tw)."""
    return str(_opencc("s2tw").convert(text)) if _CJK.search(text) else text


def hans(text: str) -> str:
    """`text` folded to simplified (OpenCC t2s): the form both runs are compared in."""
    return str(_opencc("t2s").convert(text)) if _CJK.search(text) else text


def to_hant(obj: Any) -> Any:
    """Every string of a JSON value, keys included (option dimensions), in traditional."""
    if isinstance(obj, str):
        return hant(obj)
    if isinstance(obj, list):
        return [to_hant(v) for v in obj]
    if isinstance(obj, dict):
        return {(hant(k) if isinstance(k, str) else k): to_hant(v) for k, v in obj.items()}
    return obj


def hant_shop(src: PlaySet, into: Path, turns: bool = True) -> PlaySet:
    """The set's shop, knowledge folder and Chinese conversations written in traditional
    (`turns=False`: the shop only, the customers keep writing simplified)."""
    into.mkdir(parents=True, exist_ok=True)
    fixture = json.loads(src.shop.read_text(encoding="utf-8"))
    fixture.pop("knowledge", None)                 # the folder is chosen explicitly below
    shop = into / "shop.json"
    shop.write_text(json.dumps(to_hant(fixture), ensure_ascii=False), encoding="utf-8")
    knowledge = into / "knowledge"
    if knowledge.exists():
        shutil.rmtree(knowledge)
    shutil.copytree(src.knowledge, knowledge)
    for path in knowledge.rglob("*"):
        if path.is_file() and path.suffix in (".md", ".toml", ".txt"):
            path.write_text(hant(path.read_text(encoding="utf-8")), encoding="utf-8")
    convs = into / "conversations.jsonl"
    convs.write_text("".join(json.dumps({**line, "text": hant(line["text"]) if turns else line["text"]},
                                        ensure_ascii=False) + "\n"
                             for line in chinese_lines(src)), encoding="utf-8")
    return PlaySet(src.name + "-hant", convs, shop, knowledge)


def chinese_lines(ps: PlaySet) -> list[dict[str, str]]:
    """Every turn of the set's conversations that have a Chinese turn."""
    lines = [json.loads(x) for x in ps.conversations.read_text(encoding="utf-8").splitlines() if x.strip()]
    zh = {x["conversation"] for x in lines if _CJK.search(x["text"])}
    return [x for x in lines if x["conversation"] in zh]


def batches(lines: list[dict[str, str]], fixture: Path) -> list[list[dict[str, str]]]:
    """At most one conversation per customer in a batch (tests/playtest/run.py's rule)."""
    data = json.loads(fixture.read_text(encoding="utf-8"))
    owner = {i: c["id"] for c in data["customers"] for i in c["identities"]}
    by_conv: dict[str, list[dict[str, str]]] = {}
    for line in lines:
        by_conv.setdefault(line["conversation"], []).append(line)
    out: list[dict[str, list[dict[str, str]]]] = []
    for conv in by_conv.values():
        who = owner.get(conv[0]["user"], conv[0]["user"])
        free = next((b for b in out if who not in b), None)
        if free is None:
            out.append(free := {})
        free[who] = conv
    return [[line for conv in b.values() for line in conv] for b in out]


async def replay(ps: PlaySet, lines: list[dict[str, str]], work: Path) -> dict[tuple[str, int], dict[str, Any]]:
    """Each turn's reply and trace, keyed by (conversation, turn), every batch on a fresh store."""
    from bot.cli.main import _replay
    from bot.core.settings import load_settings

    out: dict[tuple[str, int], dict[str, Any]] = {}
    for n, batch in enumerate(batches(lines, ps.shop)):
        env = {"AFTERSALES_DATA_DIR": str(work / f"{ps.name}-{n}"),
               "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
               "AFTERSALES_GENERATOR_KIND": "template"}
        settings = load_settings(env=env)
        settings.data.setdefault("knowledge", {})["dir"] = str(ps.knowledge)
        stdout, stderr = io.StringIO(), io.StringIO()
        stdin = io.StringIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in batch))
        await _replay(settings, str(ps.shop), datetime.fromisoformat(NOW), fresh=True, stdin=stdin,
                      stdout=stdout, stderr=stderr)
        for row in stdout.getvalue().splitlines():
            item = json.loads(row)
            out[(item["conversation"], item["turn"])] = item
    return out


def writes(item: dict[str, Any]) -> list[str]:
    """The turn's store writes, folded: name, ok and arguments."""
    acts = (item.get("trace") or {}).get("actions") or []
    return sorted(hans(json.dumps([a.get("name"), a.get("ok"), a.get("args")], ensure_ascii=False, sort_keys=True))
                  for a in acts if a.get("name") in WRITES)


def reply_form(item: dict[str, Any]) -> str:
    return re.sub(r"\s+", " ", hans(item.get("reply") or "")).strip()


@dataclass
class Parity:
    turns: int = 0
    write_diffs: list[tuple[str, int]] = field(default_factory=list)
    reply_diffs: list[tuple[str, int]] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)

    @property
    def mismatched(self) -> int:
        return len(set(self.write_diffs) | set(self.reply_diffs))


def compare(simp: dict[tuple[str, int], dict[str, Any]], trad: dict[tuple[str, int], dict[str, Any]],
            texts: dict[tuple[str, int], str], show: int = 0) -> Parity:
    p = Parity()
    for key in sorted(simp):
        p.turns += 1
        a, b = simp[key], trad.get(key, {})
        w = writes(a) != writes(b)
        r = reply_form(a) != reply_form(b)
        if w:
            p.write_diffs.append(key)
        if r:
            p.reply_diffs.append(key)
        if (w or r) and len(p.shown) < show:
            p.shown.append(f"{key} {texts.get(key, '')!r}\n  simp: {reply_form(a)[:160]}\n  hant: {reply_form(b)[:160]}"
                           + (f"\n  writes {writes(a)} vs {writes(b)}" if w else ""))
    return p


async def run_set(name: str, work: Path, show: int = 0, turns: bool = True) -> Parity:
    ps = SETS[name]
    lines = chinese_lines(ps)
    trad = hant_shop(ps, work / (name + "-hant-src"), turns)
    texts: dict[tuple[str, int], str] = {}
    turns: dict[str, int] = {}
    for line in lines:
        t = turns.get(line["conversation"], 0)
        turns[line["conversation"]] = t + 1
        texts[(line["conversation"], t)] = line["text"]
    simp_out = await replay(ps, lines, work)
    trad_out = await replay(trad, [json.loads(x) for x in trad.conversations.read_text(encoding="utf-8").splitlines()],
                            work)
    return compare(simp_out, trad_out, texts, show)


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sets", nargs="*", default=list(SETS))
    ap.add_argument("--show", type=int, default=0, help="print the first N differing turns of each set")
    ap.add_argument("--shop-only", action="store_true",
                    help="convert the shop and its knowledge only: simplified customers on a traditional shop")
    args = ap.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("AFTERSALES_NLU_CACHE_DIR", str(ROOT / ".data" / "nlu"))
    total = Parity()
    with tempfile.TemporaryDirectory(prefix="hant-parity-") as tmp:
        for name in args.sets:
            p = asyncio.run(run_set(name, Path(tmp), args.show, turns=not args.shop_only))
            print(f"{name}: {p.turns} turns, {p.mismatched} differ (writes {len(p.write_diffs)}, "
                  f"replies {len(p.reply_diffs)})", flush=True)
            for s in p.shown:
                print(s)
            total.turns += p.turns
            total.write_diffs += [(name + k[0], k[1]) for k in p.write_diffs]
            total.reply_diffs += [(name + k[0], k[1]) for k in p.reply_diffs]
    print(f"TOTAL: {total.turns} turns, {total.mismatched} differ (writes {len(total.write_diffs)}, "
          f"replies {len(total.reply_diffs)})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
