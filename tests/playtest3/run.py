"""Replay playtest3 conversations; each batch holds at most one conversation per customer
(strangers count as their own identity), so every conversation sees a fresh database.

Run from /work/main: .venv/bin/python tests/playtest3/run.py > /tmp/pt3_out.jsonl
"""
import base64, json, os, subprocess, sys
from collections import OrderedDict
from pathlib import Path

fixture = json.loads(Path("config/demo_shop.json").read_text(encoding="utf-8"))
owner = {i: c["id"] for c in fixture["customers"] for i in c["identities"]}
src = Path(__file__).with_name("conversations.jsonl")
convs: "OrderedDict[str, list]" = OrderedDict()
for line in src.read_text(encoding="utf-8").splitlines():
    d = json.loads(line)
    convs.setdefault(d["conversation"], []).append(d)
batches: list = []
for cid, lines in convs.items():
    who = owner.get(lines[0]["user"], lines[0]["user"])
    for b in batches:
        if who not in b:
            b[who] = lines; break
    else:
        batches.append({who: lines})
env = dict(os.environ, AFTERSALES_MASTER_KEY=base64.b64encode(bytes(32)).decode())
for b in batches:
    inp = "".join(json.dumps(l, ensure_ascii=False) + "\n" for ls in b.values() for l in ls)
    r = subprocess.run([".venv/bin/aftersales", "replay", "--store", "config/demo_shop.json",
                        "--now", "2026-11-28T12:00:00+08:00"], input=inp, capture_output=True, text=True, env=env)
    if r.returncode:
        print(r.stderr[-2000:], file=sys.stderr)
    sys.stdout.write(r.stdout)
