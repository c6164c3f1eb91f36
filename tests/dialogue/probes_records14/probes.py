"""records14 probes: invented conversations per failure class (zh-Hans, zh-Hant, en; demo shops and the
shops of playtest7-9, with generated exchange records in /tmp/r14), checked by regexes on the last
reply and by the actions of the whole conversation. Not a test (never collected).
Run from this folder: mkdir -p /tmp/r14 && python3 probes.py [class or id ...]   (fresh.py, extra.py: other sets)
WT=<checkout> picks the code under test (default /work/wt/records14)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

ROOT = os.environ.get("WT", "/work/wt/records14")
PY = "/work/main/.venv/bin/python"
NOW = "2026-11-28T12:00+08:00"
D, E = f"{ROOT}/config/demo_shop.json", f"{ROOT}/config/demo_shop_en.json"
S4, S5 = f"{ROOT}/tests/playtest7/shop4/shop.json", f"{ROOT}/tests/playtest8/shop5/shop.json"
S6X, S5X, S4X = "/tmp/r14/shop6x.json", "/tmp/r14/shop5x.json", "/tmp/r14/shop4x.json"

def gen() -> None:
    s6 = json.load(open(f"{ROOT}/tests/playtest9/shop6/shop.json"))
    s6["knowledge"] = f"{ROOT}/tests/playtest9/shop6/knowledge"
    s6["exchanges"] = [{"id": "EXG-0901", "order_id": "2611/0002", "status": "approved", "reason": "wrong_colour",
                        "created_at": "2026-11-24T10:00:00-08:00",
                        "items": [{"sku": "CL-DUVET-K-OAT", "qty": 1, "new_sku": "CL-DUVET-K-SAG"}],
                        "wanted": "King sage", "price_difference": "0.00"}]
    json.dump(s6, open(S6X, "w"), ensure_ascii=False)
    s5 = json.load(open(S5))
    s5["knowledge"] = f"{ROOT}/tests/playtest8/shop5/knowledge"
    s5["exchanges"] = [{"id": "SWP-221", "order_id": "TRL-261020-09", "status": "requested", "reason": "size_issue",
                        "created_at": "2026-11-25T10:00:00+11:00",
                        "items": [{"sku": "HELMET-M-BK", "qty": 1, "new_sku": "HELMET-L-BK"}],
                        "wanted": "L", "price_difference": "0.00"}]
    json.dump(s5, open(S5X, "w"), ensure_ascii=False)
    s4 = json.load(open(S4))
    s4["knowledge"] = f"{ROOT}/tests/playtest7/shop4/knowledge"
    json.dump(s4, open(S4X, "w"), ensure_ascii=False)

# (id, class, shop, user, [turns], must-regexes (all, on last reply), mustnot-regexes, forbidden actions, required actions)
P = [
 # 1 invoice + other request / labelled ids / re-issue
 ("1a", 1, E, "telegram:5001", ["the water bottle arrived dented, and I also need a company invoice for it: ACME Trading LLC, tax id 12-3456789"],
  [r"(?i)dent|damag|photo|case|sorry"], [r"(?i)12-3456789.{0,40}(not find|couldn't find|no order)|not one of your orders"], [], []),
 ("1b", 1, S6X, "telegram:7201", ["I need an invoice for my floor lamp order, company Maple Design Inc., Tax ID: 12-3456789"],
  [r"Maple Design Inc", r"12-3456789"], [r"(?i)(can't|cannot|couldn't) find.{0,30}12-3456789"], [], []),
 ("1c", 1, S4X, "telegram:8101", ["need a VAT invoice for ORD/2026/00417, company Brightside Ltd, VAT number GB123456789"],
  [r"Brightside Ltd", r"GB123456789"], [r"(?i)(can't|cannot|couldn't) find"], [], []),
 ("1d", 1, D, "telegram:1001", ["跑鞋收到的时候鞋盒压坏了，鞋面也有划痕，另外帮我开个公司发票：上海云杉贸易有限公司 税号91310115MA1K4B2C3D"],
  [r"压|损|划痕|照片|破损"], [r"找不到.{0,10}91310115"], [], []),
 ("1e", 1, S6X, "wechat:lijing_rmd", ["被套收到時外箱破了，被套也撕開一個口子，還有我要開公司發票，抬頭：溫哥華家居有限公司，稅號 BN 123456789"],
  [r"破|損|撕|照片"], [r"找不到.{0,10}123456789"], [], []),
 ("1f", 1, S5X, "wechat:wangfang_bne", ["please re-issue the invoice for my tent order with the company name Koala Outdoors Pty Ltd"],
  [r"Koala Outdoors Pty Ltd"], [], [], []),
 ("1g", 1, E, "line:U8a7f0owen", ["can you re-issue invoice INV-8001 with the company name Owen Labs LLC, EIN 98-7654321"],
  [r"Owen Labs LLC"], [r"(?i)(can't|cannot|couldn't) find"], [], []),
 ("1h", 1, D, "dingtalk:chenjing88", ["电饭煲那张发票抬头开错了，麻烦重开一张，抬头改成杭州星河网络有限公司"],
  [r"杭州星河网络有限公司"], [], [], []),
 ("1i", 1, E, "telegram:5001", ["my skillet came with a cracked handle. also please send a company invoice for that order to Hudson Media LLC, Tax ID: 12-3456789"],
  [r"(?i)crack|damag|photo|sorry|case"], [r"(?i)(can't|cannot|couldn't) find.{0,30}12-3456789"], [], []),
 # 2 product questions of a logged-in customer
 ("2a", 2, E, "telegram:5001", ["does the rain jacket come in navy?"], [r"(?i)navy"], [r"(?i)which (size|one) would you like|shall i (change|exchange)|confirm"], ["change_items", "create_exchange"], []),
 ("2b", 2, D, "telegram:1001", ["這款羽絨服有大一號的嗎"], [r"XL|L", r"有貨|缺貨"], [r"确认|確認|要换成|要換成"], ["change_items", "create_exchange"], []),
 ("2c", 2, S6X, "telegram:7207", ["is the 4-pack of bulbs cheaper per bulb than the 2-pack?"], [r"(?i)4-pack", r"(?i)per unit.{0,40}4-pack|4-pack is cheaper"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("2d", 2, S5X, "telegram:5501", ["do the gravel tyres come in 650b? any in stock?"], [r"650b", r"(?i)stock"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("2e", 2, D, "feishu:ou_7f3a9c2e1b8d", ["手表有45mm的吗？多少钱"], [r"45mm", r"\d+\.\d\d|¥"], [r"确认"], ["change_items", "create_exchange"], []),
 ("2f", 2, S4X, "telegram:8101", ["does the notebook come in 240 pages? how much is it"], [r"240", r"£|\d+\.\d\d"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("2g", 2, S6X, "wechat:zhaoxue_bby", ["被套有King的吗 还有货吗"], [r"King", r"有货|库存|缺货|无货"], [r"确认"], ["change_items", "create_exchange"], []),
 ("2h", 2, E, "discord:880055667788", ["is the rain jacket cheaper in black than in navy?"], [r"(?i)navy|black", r"(?i)same"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 # 3 existing records
 ("2i", 2, S4X, "telegram:8104", ["are the 30 pack ink cartridges cheaper per cartridge than the 6 pack?"], [r"(?i)per unit", r"30 pack"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("2j", 2, D, "telegram:1001", ["纯棉T恤白色和藏青色哪个便宜"], [r"一样|便宜"], [r"确认"], ["change_items", "create_exchange"], []),
 ("2k", 2, S5X, "wechat:zxw_syd", ["does the helmet come one size up?"], [r"L 59-63cm", r"(?i)stock"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("3a", 3, E, "discord:880055667788", ["what's the status of my exchange?"], [r"(?i)EXC-4001|requested|tactile"], [r"(?i)to (start|request) an exchange"], [], []),
 ("3b", 3, D, "telegram:1002", ["any update on my t-shirt exchange?"], [r"(?i)EX20261121-0001|size L|requested|submitted"], [], [], []),
 ("3c", 3, S6X, "web:emilyp", ["hi, has the replacement duvet cover from my exchange shipped yet?"], [r"(?i)EXG-0901|sage|approved"], [], [], []),
 ("3d", 3, S5X, "wechat:zxw_syd", ["我的头盔换货怎么样了"], [r"SWP-221|L|已提交|处理中|审核"], [], [], []),
 ("3e", 3, S5X, "wechat:zxw_syd", ["我的換貨到哪一步了"], [r"SWP-221|L"], [], [], []),
 ("3f", 3, S6X, "wechat:lijing_rmd", ["床垫还是没有任何物流扫描记录"], [r"CS-3390"], [], ["create_ticket"], []),
 ("3g", 3, S5X, "whatsapp:61412555103", ["still no scan on my parcel"], [r"TK-20417"], [], ["create_ticket"], []),
 ("3h", 3, S6X, "wechat:lijing_rmd", ["床墊還是沒有掃描記錄，怎麼辦"], [r"CS-3390"], [], ["create_ticket"], []),
 # 4 partial answers
 ("4a", 4, S4X, "whatsapp:447700900103", ["when will I get my refund?"], [r"54\.99|F-002|R-002"], [], [], []),
 ("4b", 4, D, "whatsapp:8613912345678", ["我的退款什么时候到账"], [r"699|RF20261126-0001|RT20261126-0001"], [], [], []),
 ("4c", 4, E, "telegram:5001", ["where is my tent and can I still return the skillet?"], [r"(?i)FedEx|track|shipped|on its way", r"(?i)return"], [], [], []),
 ("4d", 4, D, "telegram:1001", ["我想取消吹风机那单"], [r"天|工作日"], [], [], []),
 ("4k", 4, E, "telegram:5001", ["please cancel my tent order"], [r"(?i)business days"], [], ["cancel_order"], []),
 ("4l", 4, S6X, "telegram:7206", ["取消我的被套订单"], [r"工作日"], [], ["cancel_order"], []),
 ("4e", 4, E, "whatsapp:15035550152", ["can I return the beard trimmer?"], [r"(?i)personal.?care|not returnable|non-returnable|can't be returned|cannot be returned"], [], ["create_return"], []),
 ("4f", 4, D, "dingtalk:chenjing88", ["定制马克杯能退吗"], [r"定制|不支持|不能退|不可退"], [], ["create_return"], []),
 ("4g", 4, S6X, "telegram:7206", ["how long until my parcel gets to Hong Kong?"], [r"(?i)day|business"], [], [], []),
 ("4h", 4, S4X, "telegram:8108", ["包裹大概几天能到香港？"], [r"天|工作日"], [], [], []),
 ("4i", 4, E, "telegram:5001", ["is the rain jacket in XL black in stock?"], [r"(?i)XL"], [], [], []),
 ("4j", 4, E, "discord:880011223344", ["how long will my backpack take, and can I change the address?"], [r"(?i)day", r"(?i)address"], [], [], []),
 # 5 short follow-ups / mixed never mind
 ("5a", 5, D, "telegram:1001", ["我的羽绒服那单被扣了两次款", "好的 那要多久"], [r"天|工作日|同事|人工|核实"], [r"没太明白|没听懂|请问您想"], [], []),
 ("5b", 5, S6X, "telegram:7201", ["I was charged twice for my bed order", "ok, how long will that take?"], [r"(?i)day|colleague|team|look"], [r"(?i)didn't (quite )?(get|understand)|could you rephrase"], [], []),
 ("5c", 5, D, "telegram:1001", ["我要退货", "算了 never mind"], [r"好的|没问题|不退|取消|已取消|不办"], [r"没太明白|没听懂"], ["create_return"], []),
 ("5d", 5, E, "telegram:5001", ["I want to return the headphones", "never mind 算了"], [r"(?i)no problem|okay|ok|sure|won't|cancel"], [r"(?i)didn't (quite )?(get|understand)"], ["create_return"], []),
 ("5e", 5, D, "telegram:1003", ["我要换羽绒服的尺码", "算了 不用了 never mind"], [r"好的|没问题|取消|不换"], [r"没太明白|没听懂"], ["create_exchange", "change_items"], []),
 ("5f", 5, S4X, "telegram:8101", ["I was charged twice for order ORD/2026/00466", "thanks. anything else I need to do?"], [r"(?i)nothing|no need|colleague|team|we'll|we will"], [r"(?i)didn't (quite )?(get|understand)"], [], []),
 ("5g", 5, S6X, "wechat:lijing_rmd", ["被套那单扣了我两次钱", "嗯 好"], [r"."], [r"没太明白|没听懂"], [], []),
]

def run(sel: set[str]) -> None:
    gen()
    by_shop: dict[str, list] = {}
    for p in P:
        if sel and str(p[1]) not in sel and p[0] not in sel:
            continue
        by_shop.setdefault(p[2], []).append(p)
    ok_total = n_total = 0
    res = {}
    for shop, ps in by_shop.items():
        lines = [json.dumps({"conversation": p[0], "user": p[3], "text": t}, ensure_ascii=False) for p in ps for t in p[4]]
        out = subprocess.run([PY, "-m", "bot.cli.main", "replay", "--store", shop, "--now", NOW], input="\n".join(lines) + "\n",
                             capture_output=True, text=True, cwd=ROOT)
        rows = [json.loads(l) for l in out.stdout.splitlines() if l.strip()]
        if not rows:
            print(out.stderr[-2000:])
        for p in ps:
            turns = [r for r in rows if r["conversation"] == p[0]]
            acts = [a["name"] for r in turns for a in r["trace"].get("actions", [])]
            last = turns[-1]["reply"] if turns else ""
            good = bool(turns) and all(re.search(m, last) for m in p[5]) and not any(re.search(m, last) for m in p[6]) \
                and not any(a in acts for a in p[7]) and all(a in acts for a in p[8])
            res[p[0]] = (good, p, turns, acts)
    for pid in sorted(res):
        good, p, turns, acts = res[pid]
        n_total += 1; ok_total += good
        print(f"== {pid} [{'OK' if good else 'FAIL'}] {p[3]}")
        for t in turns:
            tr = t["trace"]
            print(f"  > {[x for x in p[4]][t['turn']]}")
            print(f"  < {t['reply']}")
            print(f"    intent={tr.get('intent',{}).get('name')} flow={tr.get('flow')} cmds={[c['name']+':'+json.dumps(c.get('args',{}),ensure_ascii=False)[:80] for c in tr.get('commands',[])]} acts={[a['name']+('+' if a['ok'] else '-') for a in tr.get('actions',[])]}")
    print(f"TOTAL {ok_total}/{n_total}")
    by = {}
    for _pid, (g, p, _, _) in res.items():
        by.setdefault(p[1], [0, 0]); by[p[1]][0] += g; by[p[1]][1] += 1
    print("BY CLASS", {k: f"{a}/{b}" for k, (a, b) in sorted(by.items())})

if __name__ == "__main__":
    run(set(sys.argv[1:]))
