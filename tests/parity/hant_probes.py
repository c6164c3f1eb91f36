"""Hand-made traditional-Chinese probes (Taiwan wording) on the demo shop converted to traditional
and on a small traditional Taipei bicycle shop (tests/parity/taipei_shop.py). Each probe is a
conversation plus what a right handling must show: the store write it makes, the reply's script,
the order or value named.

    python tests/parity/hant_probes.py                       # right / total, the wrong ones named
    PYTHONPATH=/tmp/base python tests/parity/hant_probes.py  # the same on other code (before)
"""
from __future__ import annotations

import asyncio
import base64
import io
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hant_parity import ROOT, hant, to_hant  # noqa: E402
from taipei_shop import CUSTOMER as TPE_USER  # noqa: E402
from taipei_shop import SHOP_NOW, taipei_fixture  # noqa: E402

DEMO_USER = "telegram:1001"          # 张伟 of the demo shop (張偉 once converted)
_SIMPLIFIED_ONLY = re.compile(r"[订货单这么吗还没买发为帮给们说请问换样时间个让对过]")

Out = list[dict[str, Any]]
Check = Callable[[Out, dict[str, Any]], bool]


@dataclass(frozen=True)
class Probe:
    name: str
    shop: str                  # "demo" (converted to traditional) or "taipei"
    texts: tuple[str, ...]
    check: Check


def acted(out: Out, name: str, turn: int | None = None, **args: Any) -> bool:
    """A successful `name` write (in `turn`, else any) whose recorded args include `args`."""
    rows = out if turn is None else out[turn:turn + 1]
    return any(a.get("name") == name and a.get("ok") and all((a.get("args") or {}).get(k) == v for k, v in args.items())
               for row in rows for a in (row["trace"].get("actions") or []))


def traditional(reply: str) -> bool:
    """A Chinese reply with no simplified-only character in it."""
    return bool(re.search(r"[\u4e00-\u9fff]", reply)) and not _SIMPLIFIED_ONLY.search(reply)


def record(shop: dict[str, Any], table: str, **match: Any) -> list[dict[str, Any]]:
    return [r for r in shop.get(table) or [] if all(r.get(k) == v for k, v in match.items())]


def line_sku(shop: dict[str, Any], order_id: str) -> list[str]:
    order = next(o for o in shop["orders"] if o["id"] == order_id)
    return sorted(i["sku"] for i in order["items"])


PROBES: list[Probe] = [
    # --- the demo shop, converted to traditional ---------------------------------------------------
    Probe("demo-return", "demo", ("我想退貨，訂單號SO202611230529，尺寸不合", "確認"),
          lambda o, s: acted(o, "create_return", 1) and bool(record(s, "returns", order_id="SO202611230529"))
          and traditional(o[0]["reply"]) and traditional(o[1]["reply"])),
    Probe("demo-where", "demo", ("我的包裹到哪裡了？訂單SO202611261030",),
          lambda o, s: "SO202611261030" in o[0]["reply"] and "JDVA45908136669" in o[0]["reply"]
          and traditional(o[0]["reply"])),
    Probe("demo-cancel", "demo", ("幫我取消訂單SO202611270605", "好的，麻煩了"),
          lambda o, s: acted(o, "cancel_order", 1, order_id="SO202611270605")),
    Probe("demo-invoice-title", "demo", ("訂單SO202611230529要開發票，抬頭：臺灣單車股份有限公司",
                                         "確認"),
          lambda o, s: any(i.get("title") == "臺灣單車股份有限公司"
                           for i in record(s, "invoices", order_id="SO202611230529"))),
    Probe("demo-english-after", "demo", ("我的訂單SO202611261030到哪裡了", "and when will it arrive?"),
          lambda o, s: o[1]["trace"]["language"] == "en" and not re.search(r"[\u4e00-\u9fff]{4}", o[1]["reply"])
          and traditional(o[0]["reply"])),
    Probe("demo-address", "demo", ("訂單SO202611270605的地址改成台北市信義區松仁路100號12樓", "沒錯"),
          lambda o, s: acted(o, "change_address", None, order_id="SO202611270605")
          and any("松仁路100號12樓" in str(x.get("shipping_address")) for x in s["orders"]
                  if x["id"] == "SO202611270605")),
    Probe("demo-fault", "demo", ("SO202611050521 的耳機壞了，一邊沒有聲音",),
          lambda o, s: o[0]["trace"]["intent"]["name"] in ("product_issue", "exchange_request", "return_request")
          and traditional(o[0]["reply"])),
    # --- the Taipei bicycle shop (traditional data) ---------------------------------------------------
    Probe("tpe-colour-change", "taipei", ("TPE-1125-0042 的腳踏車可以換成珍珠白的嗎", "好，確認"),
          lambda o, s: acted(o, "change_items", 1) and line_sku(s, "TPE-1125-0042") == ["CB-WHT-M"]),
    Probe("tpe-size-change", "taipei", ("訂單TPE-1125-0042 車架尺寸想改成L", "對啊"),
          lambda o, s: line_sku(s, "TPE-1125-0042") == ["CB-BLK-L"]),
    Probe("tpe-return-light", "taipei", ("我想退貨，TPE-1120-0017 的車燈不想要了", "確認"),
          lambda o, s: any(r.get("order_id") == "TPE-1120-0017" and "LT-USB" in json.dumps(r)
                           and "HM-M-GRY" not in json.dumps(r) for r in s.get("returns") or [])),
    Probe("tpe-where", "taipei", ("我的包裹到哪裡了？宅配還沒到",),
          lambda o, s: "TC903399127" in o[0]["reply"] and traditional(o[0]["reply"])),
    Probe("tpe-helmet-exchange", "taipei", ("TPE-1120-0017 的安全帽尺寸太小，想換成L", "好喔"),
          lambda o, s: acted(o, "create_exchange") and "HM-L-GRY" in json.dumps(s.get("exchanges") or [])),
    Probe("tpe-invoice", "taipei", ("TPE-1125-0042 要開發票，抬頭：林記自行車行有限公司", "確認"),
          lambda o, s: any(i.get("title") == "林記自行車行有限公司"
                           for i in record(s, "invoices", order_id="TPE-1125-0042"))),
    Probe("tpe-cancel", "taipei", ("幫我取消TPE-1125-0042這筆訂單", "沒錯"),
          lambda o, s: acted(o, "cancel_order", 1, order_id="TPE-1125-0042")),
    Probe("tpe-simplified-on-hant-shop", "taipei", ("TPE-1125-0042 的自行车可以换成珍珠白吗", "好"),
          lambda o, s: line_sku(s, "TPE-1125-0042") == ["CB-WHT-M"]),
    Probe("tpe-return-one-helmet", "taipei", ("TPE-1120-0017 的安全帽退一個就好", "確認"),
          lambda o, s: any(r.get("order_id") == "TPE-1120-0017" and '"qty": 1' in json.dumps(r)
                           for r in s.get("returns") or [])),
    Probe("tpe-window", "taipei", ("請問收到貨幾天內可以退貨？",),
          lambda o, s: "7" in o[0]["reply"] and traditional(o[0]["reply"])),
]


def prepare(into: Path) -> dict[str, tuple[Path, Path]]:
    """The two shops' fixture and knowledge folder, written in traditional under `into`."""
    into.mkdir(parents=True, exist_ok=True)
    shops: dict[str, tuple[Path, Path]] = {}
    for name, fixture, knowledge in (
            ("demo", json.loads((ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8")),
             ROOT / "config" / "knowledge"),
            ("taipei", taipei_fixture(), ROOT / "config" / "generic_knowledge")):
        fixture.pop("knowledge", None)
        path = into / f"{name}.json"
        path.write_text(json.dumps(to_hant(fixture), ensure_ascii=False), encoding="utf-8")
        folder = into / f"{name}-knowledge"
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(knowledge, folder)
        for f in folder.rglob("*"):
            if f.is_file() and f.suffix in (".md", ".toml", ".txt"):
                f.write_text(hant(f.read_text(encoding="utf-8")), encoding="utf-8")
        shops[name] = (path, folder)
    return shops


async def run_probe(probe: Probe, shops: dict[str, tuple[Path, Path]], work: Path) -> tuple[Out, dict[str, Any]]:
    """The probe's conversation on a fresh store of its shop: every turn's output and the store after."""
    from bot.cli.main import _replay
    from bot.core.settings import load_settings
    from bot.pipeline.runtime import Runtime

    fixture, knowledge = shops[probe.shop]
    env = {"AFTERSALES_DATA_DIR": str(work / probe.name),
           "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
           "AFTERSALES_GENERATOR_KIND": "template"}
    settings = load_settings(env=env)
    settings.data.setdefault("knowledge", {})["dir"] = str(knowledge)
    user = DEMO_USER if probe.shop == "demo" else TPE_USER
    lines = [{"conversation": probe.name, "user": user, "text": t} for t in probe.texts]
    stdout, stderr = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    await _replay(settings, str(fixture), datetime.fromisoformat(SHOP_NOW), fresh=True, stdin=stdin,
                  stdout=stdout, stderr=stderr)
    rt = await Runtime.open(settings, seed=False)
    try:
        exported = await rt.store.export_fixture()
    finally:
        await rt.close()
    return [json.loads(x) for x in stdout.getvalue().splitlines()], exported


def judge(probe: Probe, out: Out, shop: dict[str, Any]) -> bool:
    try:
        return len(out) == len(probe.texts) and bool(probe.check(out, shop))
    except (StopIteration, KeyError, IndexError):
        return False


def main(argv: list[str]) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("AFTERSALES_NLU_CACHE_DIR", str(ROOT / ".data" / "nlu"))
    verbose = "-v" in argv
    right = 0
    with tempfile.TemporaryDirectory(prefix="hant-probes-") as tmp:
        shops = prepare(Path(tmp) / "shops")
        for probe in PROBES:
            out, shop = asyncio.run(run_probe(probe, shops, Path(tmp)))
            ok = judge(probe, out, shop)
            right += ok
            print(f"{'RIGHT' if ok else 'WRONG'} {probe.name}", flush=True)
            if verbose and not ok:
                for row in out:
                    acts = [(a["name"], a["ok"]) for a in row["trace"].get("actions") or []]
                    print(f"    {row['reply'][:200]!r} {acts}")
    print(f"RIGHT {right}/{len(PROBES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
