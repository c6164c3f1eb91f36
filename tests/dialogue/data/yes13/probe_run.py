"""yes13 probe harness: python tests/dialogue/data/yes13/probe_run.py tests/dialogue/data/yes13/probes.json (from the worktree root); prints OK/BAD per probe and TOTAL. Not a test module."""
import asyncio
import io
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, os.getcwd())
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from bot.core.settings import PROJECT_ROOT, load_settings

os.environ.setdefault("AFTERSALES_NLU_CACHE_DIR", str(PROJECT_ROOT / ".data" / "nlu"))
import base64
from datetime import datetime

from bot.cli.main import _replay  # noqa

WRITES = ("cancel_order", "change_items", "create_exchange", "create_return", "change_shipping_address",
          "change_payment_method", "create_ticket", "request_invoice", "change_default_address", "add_to_ticket", "change_address", "change_payment")
NOW = "2026-11-23T12:00:00+08:00"

async def run(shop, user, texts, tmp):
    env = {"AFTERSALES_DATA_DIR": str(tmp / "data"), "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(range(32))).decode(),
           "AFTERSALES_GENERATOR_KIND": "template"}
    s = load_settings(env=env)
    s.data["data"]["db"] = str(tmp / "c.db")
    lines = [{"conversation": "c", "user": user, "text": t} for t in texts]
    out, err = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    await _replay(s, str(shop), datetime.fromisoformat(NOW), fresh=True, stdin=stdin, stdout=out, stderr=err)
    return [json.loads(x) for x in out.getvalue().splitlines()]

def writes(o):
    return [a["name"] for a in o["trace"]["actions"] if a["name"] in WRITES and a.get("ok", True)]

async def main(path):
    import tempfile as _t

    from tests.dialogue.gen_shop import make_shop
    gen = make_shop(7, Path(_t.mkdtemp()) / "gen7", "slashed").path
    probes = json.load(open(path))
    ok = 0
    for p in probes:
        with tempfile.TemporaryDirectory() as d:
            out = await run(str(gen) if p["shop"] == "GEN7" else p["shop"], p["user"], p["texts"], Path(d))
        last = writes(out[-1])
        earlier = [w for o in out[:-1] for w in writes(o)]
        exp = p.get("expect")  # write name or null
        good = (exp in last) if exp else (not last)
        if p.get("answer_has"):
            good = good and any(k in out[-1]["answer"] if "answer" in out[-1] else k in out[-1].get("reply","") for k in p["answer_has"])
        ok += good
        print(f"[{'OK ' if good else 'BAD'}] {p.get('name','')} expect={exp} last={last} earlier={earlier}")
        if not good or os.environ.get("V"):
            for t, o in zip(p["texts"], out):
                print("   U:", t)
                print("   B:", (o.get("answer") or o.get("reply") or o.get("text") or "")[:300].replace("\n", " | "), writes(o))
    print(f"TOTAL {ok}/{len(probes)}")

asyncio.run(main(sys.argv[1]))
