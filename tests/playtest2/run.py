"""Replay each conversation in a fresh database; batches only mix different identities.

Run from /work/main: .venv/bin/python tests/playtest2/run.py > /tmp/pt2_out.jsonl
"""
import base64, json, os, subprocess, sys
from collections import OrderedDict
from pathlib import Path

src = Path(__file__).with_name("conversations.jsonl")
convs: "OrderedDict[str, list]" = OrderedDict()
for line in src.read_text(encoding="utf-8").splitlines():
    d = json.loads(line)
    convs.setdefault(d["conversation"], []).append(d)
batches: list = []
for cid, lines in convs.items():
    user = lines[0]["user"]
    for b in batches:
        if user not in b:
            b[user] = lines; break
    else:
        batches.append({user: lines})
env = dict(os.environ, AFTERSALES_MASTER_KEY=base64.b64encode(bytes(32)).decode())
for b in batches:
    inp = "".join(json.dumps(l, ensure_ascii=False) + "\n" for ls in b.values() for l in ls)
    r = subprocess.run([".venv/bin/aftersales", "replay", "--store", "config/demo_shop.json",
                        "--now", "2026-11-28T12:00:00+08:00"], input=inp, capture_output=True, text=True, env=env)
    if r.returncode:
        print(r.stderr[-2000:], file=sys.stderr)
    sys.stdout.write(r.stdout)
