"""Source of round 8 shop5's conversations and the expected behaviour per turn, written before any run.

python3 tests/playtest8/shop5/convs.py  writes conversations.jsonl, expectations.jsonl and
verdicts/categories.txt next to this file. Facts are those of shop.json (gen_shop.py) and
knowledge/ at --now 2026-11-28T12:00+08:00 = Saturday 15:00 in Melbourne (inside service hours
Mon-Sat 9-17): return window 30 days from delivery, exchange 45 days, consumables and food not
returnable; warranty 24 months (lights, camping, stoves), 12 months (helmets, bike parts), direct
replacement within 14 days of delivery. AUD. Refund days: card 3-5 business days, PayPal 2-4,
Alipay 1-3, bank transfer 2-3. Carriers: Australia Post 2-6, StarTrack 1-3, Sendle 2-5,
Aramex 2-4, DHL Express (NZ, Singapore) 4-8 business days.
Business days: Thu 11-19 -> 6 by Sat 11-28; Fri 11-20 -> 5; Sat 11-21 -> 5; Wed 11-25 -> 2; Thu 11-26 -> 1.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_turns  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

# (conversation, user, text, category, lang, expected behaviour, expected store change)
T = [
    # ---------------- Chinese / mixed (z) ----------------
    ("z01", "wechat:zxw_syd", "睡袋那单还没发货吧 能不能换成右边拉链的", "changes", "zh",
     "TRL-261125-02 paid: BAG-M5C-LZ -> BAG-M5C-RZ (-5°C kept, right zip, AUD 399, in stock 2); mat unchanged; "
     "ask to confirm", "none"),
    ("z01", "wechat:zxw_syd", "对了 温标也换成0度的吧 冬天不去雪山了", "followup", "zh",
     "correction adds a second dimension: BAG-0C-RZ (0°C, right zip, AUD 349, stock 3), AUD 50.00 back to Alipay "
     "(1-3 business days); confirm again; the -5°C right-zip change is not written", "none"),
    ("z01", "wechat:zxw_syd", "好 就这样改", "changes", "zh",
     "order_change items: BAG-M5C-LZ -> BAG-0C-RZ, MAT-REG-R45 kept",
     "change_items TRL-261125-02 -> [{BAG-0C-RZ,1},{MAT-REG-R45,1}]"),
    ("z02", "telegram:5502", "头盔买小了 戴着夹头 能换L码吗", "returns", "zh",
     "TRL-261020-09 helmet M black, delivered 10-24 = 35 days: return window (30) closed but exchange window (45) "
     "open; exchange HELMET-M-BK -> HELMET-L-BK (same price, stock 2) if unused / tags on; ask to confirm",
     "none"),
    ("z02", "telegram:5502", "吊牌还在 换吧 颜色不变", "returns", "zh",
     "exchange created HELMET-M-BK -> HELMET-L-BK x1, no price difference; return label, send back within 21 days",
     "create_exchange TRL-261020-09 [{HELMET-M-BK,1,new HELMET-L-BK}]"),
    ("z03", "telegram:5504", "之前买的两条650b的胎 有一条侧面鼓了个包 骑不了", "product", "zh",
     "TRL-261110-04 2x TYRE-650B-40, delivered 11-13 = 15 days (past the 14-day direct replacement): a fault on "
     "1 of 2 tyres, bike parts 12-month warranty: claim with a photo; replacement of that one tyre offered",
     "none (a warranty ticket is fine)"),
    ("z03", "telegram:5504", "就换鼓包那一条 另一条好好的 照片怎么发给你们", "negation", "zh",
     "replacement for 1 tyre only (TYRE-650B-40 -> same, qty 1), never both; how to send the photo "
     "(reply here / e-mail); next steps",
     "create_exchange TRL-261110-04 [{TYRE-650B-40,1,same}] or a warranty ticket; never qty 2"),
    ("z04", "telegram:5506", "买的睡垫用了两晚 每天早上都瘪了", "product", "zh",
     "TRL-261122-03 inflatable sleeping mat long R3.2 (product has no Chinese name), delivered 11-24 = 4 days: "
     "troubleshooting (cold air contracts, valve closed, soapy-water test); a real leak within 14 days = direct "
     "replacement; 24-month warranty", "none"),
    ("z04", "telegram:5506", "阀门拧紧了 肥皂水也试了 接缝那里冒泡 直接给我换个新的", "returns", "zh",
     "seam leak = fault within 14 days: direct replacement MAT-LONG-R32 -> same x1, free; confirm or create",
     "create_exchange TRL-261122-03 [{MAT-LONG-R32,1,same}] (here or after a yes)"),
    ("z04", "telegram:5506", "顺便问下那两包脱水餐没吃能退吗", "returns", "zh",
     "freeze-dried meals (food) not returnable even unopened; no return; the mat replacement stays as it is",
     "none"),
    ("z05", "wechat:liuyang_mel", "刚下单的头盔尺码选错了 L换成M", "changes", "zh",
     "TRL-261127-06 paid: HELMET-L-WH -> HELMET-M-WH (white kept, AUD 149, stock 4); ask to confirm", "none"),
    ("z05", "wechat:liuyang_mel", "白色M码有现货吧？", "followup", "zh",
     "question during the confirmation: yes, M white in stock (4); confirmation still pending, not taken as yes "
     "or no", "none"),
    ("z05", "wechat:liuyang_mel", "那就改", "changes", "zh",
     "order_change items HELMET-L-WH -> HELMET-M-WH", "change_items TRL-261127-06 -> [{HELMET-M-WH,1}]"),
    ("z06", "wechat:wangfang_bne", "炉头不要了 脱水餐留着 订单还没发吧", "negation", "zh",
     "TRL-261126-05 paid: remove STOVE-MAN (AUD 69.00 back to Alipay, 1-3 business days), keep MEAL-CHANA-2 x3; "
     "ask to confirm; not a cancel of the order", "none"),
    ("z06", "wechat:wangfang_bne", "嗯对", "changes", "zh",
     "order_change items after [{MEAL-CHANA-2,3}]", "change_items TRL-261126-05 -> [{MEAL-CHANA-2,3}]"),
    ("z07", "telegram:5510", "帐篷那单的发票抬头能改成公司吗 Sunrise Trading Pty Ltd ABN 51 824 753 556", "other", "zh",
     "TRL-261112-08 has invoice TI-2026-0031 issued to a personal title: reissue with Sunrise Trading Pty Ltd and "
     "the ABN, PDF by e-mail within 1 business day",
     "invoice reissue request / ticket with title Sunrise Trading Pty Ltd + ABN"),
    ("z07", "telegram:5510", "大概多久能发到邮箱", "other", "zh",
     "within 1 business day (shop's knowledge; not the demo's invoice times); no second request", "none"),
    ("z08", "telegram:5508", "我在新加坡 帐篷那个订单寄过来要另外交税吗", "delivery", "zh",
     "TRL-261127-09 (paid, to Singapore, DHL Express): yes, Singapore GST is not collected at checkout; DHL bills "
     "9% GST plus a handling fee on delivery; 4-8 business days incl. customs", "none"),
    ("z08", "telegram:5508", "另外之前买的睡袋拉链卡住了 拉不动", "product", "zh",
     "TRL-261116-02 BAG-0C-RZ delivered 11-25 = 3 days: zip troubleshooting (back the slider off, fabric flat, "
     "pliers); broken slider = fault, within 14 days direct replacement; 24-month warranty", "none"),
    ("z08", "telegram:5508", "按你说的试了 还是卡死 拉头好像裂了 帮我换一个吧", "returns", "zh",
     "fault within 14 days: replacement BAG-0C-RZ -> same x1, free (DHL return label for faulty items from "
     "abroad); confirm or create", "create_exchange TRL-261116-02 [{BAG-0C-RZ,1,same}] (here or after a yes)"),
    ("z09", "telegram:5512", "气炉按点火没反应 打不着", "product", "zh",
     "TRL-261008-06 STOVE-PZ delivered 10-10 (49 days): troubleshooting (canister on and not empty, dry tip 4 mm, "
     "light with a match); a dead piezo is covered by the 24-month warranty (new igniter)", "none"),
    ("z09", "telegram:5512", "用打火机能点着 就是点火器不打火了 保修吗", "product", "zh",
     "yes: 24 months from 10-10; warranty claim (photo/video), a new igniter sent; not a return (30 days passed), "
     "not 'no warranty'", "a warranty ticket is fine; no return"),
    ("z10", "telegram:5512", "TRL-261125-07 现在到哪了", "delivery", "zh",
     "shipped 11-26 StarTrack (tracking STK...), StarTrack 1-3 business days, 1 so far: on time", "none"),
    ("z10", "telegram:5512", "还有上次买的气罐 两罐还剩一罐没开 能退吗", "returns", "zh",
     "TRL-261114-03 gas canisters = consumables, not returnable (dangerous goods, cannot be posted back); no return",
     "none"),
    ("z11", "wechat:traveller_k", "你们寄新西兰吗 气罐能一起寄过去吗", "other", "zh",
     "stranger: yes, DHL Express to New Zealand 4-8 business days (AUD 29); gas canisters cannot be sent overseas "
     "(dangerous goods)", "none"),
    ("z11", "wechat:traveller_k", "好吧 那退货是几天", "other", "zh",
     "30 days from delivery (unused), exchange 45 days; consumables/food not returnable; not 'no orders found'",
     "none"),
    ("z12", "telegram:5504", "my pedals 到哪了 发货好几天了", "delivery", "zh",
     "TRL-261124-08 PEDAL-SPD shipped 11-25 Australia Post (33LNB...), 2-6 business days (Perth at the long end), "
     "2 so far: on time", "none"),
    ("z12", "telegram:5504", "ok 另外 SPD 的能用我那双 two bolt 的山地鞋吗", "product", "zh",
     "yes: SPD takes two-bolt cleats (MTB/gravel shoes), cleats included", "none"),
    ("z13", "wechat:meiling_sg", "hi 我的 tent 还没 ship 对吗 想加上 footprint", "changes", "zh",
     "TRL-261127-09 paid: TENT-4S-NOFP -> TENT-4S-FP (4-season kept, AUD 609, stock 3), +AUD 60.00 via PayPal; "
     "ask to confirm", "none"),
    ("z13", "wechat:meiling_sg", "yes pls", "changes", "zh",
     "order_change items TENT-4S-NOFP -> TENT-4S-FP", "change_items TRL-261127-09 -> [{TENT-4S-FP,1}]"),
    ("z13", "wechat:meiling_sg", "差价从哪里扣", "payment", "zh",
     "the AUD 60.00 difference is charged to the order's PayPal", "none"),
    ("z14", "telegram:5512", "转人工", "other", "zh",
     "hand-off to a person: now inside hours (Sat 15:00, Mon-Sat 9-17 Melbourne), reply within 8 hours",
     "human hand-off ticket"),
    ("z14", "telegram:5512", "算了 不用了 已经自己搞定了", "followup", "zh",
     "acknowledge; nothing more to do (closing the hand-off is fine); no new ticket", "none"),
    # ---------------- English (e) ----------------
    ("e01", "telegram:5501", "hey can u swap the tyres on my order to 40mm instead of 45, both of them", "changes", "en",
     "TRL-261126-03 paid: TYRE-700C-45 x2 -> TYRE-700C-40 x2 (700c kept, same price, stock 4), chain unchanged; "
     "ask to confirm", "none"),
    ("e01", "telegram:5501", "actually just make it one tyre, got a spare at home", "followup", "en",
     "correction: TYRE-700C-40 x1 (40mm kept), AUD 69.95 back to Visa 4101 (3-5 business days); confirm again",
     "none"),
    ("e01", "telegram:5501", "yep do it", "changes", "en",
     "order_change items after [{TYRE-700C-40,1},{CHAIN-12S,1}]",
     "change_items TRL-261126-03 -> [{TYRE-700C-40,1},{CHAIN-12S,1}]"),
    ("e02", "telegram:5501", "my bike light wont charge anymore, red led just keeps blinking", "product", "en",
     "TRL-261115-11 LIGHT-800 delivered 11-19 = 9 days: troubleshooting (data+power USB-C cable, 5 V wall adapter, "
     "4 h); still blinking = faulty battery, within 14 days direct replacement; 24-month warranty", "none"),
    ("e02", "telegram:5501", "tried another cable and my phone charger, same thing. can you just send me a new one",
     "returns", "en",
     "replacement LIGHT-800 -> same x1, free; confirm or create",
     "create_exchange TRL-261115-11 [{LIGHT-800,1,same}] (here or after the yes)"),
    ("e02", "telegram:5501", "yes please. do i need to send the broken one back?", "followup", "en",
     "the replacement is stored now (or was: no duplicate); yes, a prepaid return label (item over AUD 30)",
     "create_exchange if not yet made; no second one"),
    ("e03", "whatsapp:61412555103", "wheres my stove?? sent like 9 days ago and tracking hasnt moved since tuesday",
     "delivery", "en",
     "TRL-261118-04 shipped 11-19 Sendle, 2-5 business days, 6 so far and 3 without a scan: late; the open ticket "
     "TK-20417 (11-26) already covers it: refer to it, no duplicate; carrier answer within 4 business days; remedy",
     "none (existing ticket; a note on it is fine)"),
    ("e03", "whatsapp:61412555103", "and if they've lost it what then", "delivery", "en",
     "remedy: the same items sent again or a full refund (AUD 113.95 to Visa), free; no refund before the carrier "
     "answers", "none"),
    ("e04", "whatsapp:61412555103", "paid my meals order with payid this morning but it still says unpaid", "payment", "en",
     "TRL-261127-01 pending, PayID AUD 63.80: a first PayID payment can be held up to 24 h; order number as "
     "reference; unpaid orders cancelled after 3 days; not just the status", "none"),
    ("e04", "whatsapp:61412555103", "can i just pay by card instead, the visa on my account", "changes", "en",
     "change the payment of TRL-261127-01 to Visa 4103; ask to confirm", "none"),
    ("e04", "whatsapp:61412555103", "go ahead", "changes", "en",
     "order_change payment after pm-cu_1003-visa", "change_payment TRL-261127-01 -> pm-cu_1003-visa"),
    ("e05", "web:miat", "ordered 2 of the 400 lumen lights but only need 1, and can the saddle be 143 wide instead of 155",
     "negation", "en",
     "TRL-261126-10 paid: LIGHT-400 x2 -> x1 and SADDLE-155-BK -> SADDLE-143-BK (black kept, stock 7, same price); "
     "AUD 59.00 back to Visa 4105; one confirmation with both", "none"),
    ("e05", "web:miat", "yes both", "changes", "en",
     "order_change items after [{SADDLE-143-BK,1},{LIGHT-400,1}]",
     "change_items TRL-261126-10 -> [{SADDLE-143-BK,1},{LIGHT-400,1}]"),
    ("e06", "web:miat", "when do i get my refund for the chain i sent back", "payment", "en",
     "TRL-261105-02 return RMA-3107 completed; refund RF-8801 AUD 49.00 made 11-12 to PayPal (2-4 business days): "
     "already refunded, should be visible", "none"),
    ("e06", "web:miat", "ok. whats the warranty on saddles btw", "product", "en",
     "bike parts (saddles) 12 months from delivery; wear excluded", "none"),
    ("e06", "web:miat", "also can u check TRL-261126-03 for me its my brothers order", "other", "en",
     "not her order: no details shared; he should contact us himself", "none"),
    ("e07", "telegram:5507", "do i have to pay gst when my parcel gets to nz? its with dhl", "delivery", "en",
     "TRL-261120-07 (AUD 448, under NZD 1,000): NZ GST charged at checkout, nothing to pay DHL on arrival", "none"),
    ("e07", "telegram:5507", "cool. how long does it usually take from melbourne", "delivery", "en",
     "DHL Express to NZ 4-8 business days incl. customs; shipped 11-21, 5 so far: on time (not the domestic 1-3)",
     "none"),
    ("e08", "whatsapp:61412555109", "the chain is 11 speed but my groupset is 12 speed, my mistake. can i swap it",
     "returns", "en",
     "TRL-261123-04 delivered 11-26: unused chain exchange CHAIN-11S -> CHAIN-12S (+AUD 10.00 via PayPal) within "
     "45 days; ask to confirm", "none"),
    ("e08", "whatsapp:61412555109", "pedals are fine, keep them", "negation", "en",
     "only the chain; pedals stay; confirmation (chain only) still pending or restated", "none"),
    ("e08", "whatsapp:61412555109", "ok confirm", "returns", "en",
     "exchange created CHAIN-11S -> CHAIN-12S x1, price difference +10.00",
     "create_exchange TRL-261123-04 [{CHAIN-11S,1,new CHAIN-12S}]"),
    ("e09", "whatsapp:61412555109", "still no refund for the helmet order i cancelled last week. paid with paypal",
     "payment", "en",
     "TRL-261119-10 cancelled, RF-8803 AUD 149.00 processing since 11-20; PayPal 2-4 business days, 5 so far: "
     "overdue: escalate (billing ticket)", "ticket (refund/billing)"),
    ("e09", "whatsapp:61412555109", "thanks, will someone let me know when its sorted", "other", "en",
     "yes, the team replies (within 8 hours, business hours); no duplicate ticket", "none"),
    ("e10", "telegram:5511", "tent turned up today with a snapped pole and the box is all crushed", "delivery", "en",
     "TRL-261121-01 TENT-4S-FP delivered today by StarTrack, damaged in transit: photos of box and item; "
     "replacement or full refund, free", "a damage ticket is fine"),
    ("e10", "telegram:5511", "just send me the same tent again pls", "returns", "en",
     "replacement TENT-4S-FP -> same x1 (stock 3), free; confirm or create",
     "create_exchange TRL-261121-01 [{TENT-4S-FP,1,same}] (or a damage ticket saying replacement)"),
    ("e11", "telegram:5511", "my paypal payment got declined on the new order, how do i pay now", "payment", "en",
     "TRL-261127-02 pending AUD 138.90: retry from the payment link or switch to a card (Mastercard 5111); "
     "unpaid orders cancelled after 3 days", "none"),
    ("e11", "telegram:5511", "switch it to my mastercard", "changes", "en",
     "change the payment of TRL-261127-02 to Mastercard 5111; ask to confirm", "none"),
    ("e11", "telegram:5511", "yes", "changes", "en",
     "order_change payment after pm-cu_1011-mc", "change_payment TRL-261127-02 -> pm-cu_1011-mc"),
    ("e12", "web:guest_7731", "hi do u have the down sleeping bag in -5 with a left zip", "product", "en",
     "stranger: Alpine down sleeping bag -5°C left zip AUD 399, in stock", "none"),
    ("e12", "web:guest_7731", "and the 0 degree one?", "followup", "en",
     "0°C left zip AUD 349: out of stock (the right-zip 0°C is in stock)", "none"),
    ("e13", "telegram:5501", "pls cancel TRL-261126-03, found the tyres cheaper at my local shop", "changes", "en",
     "paid: cancel the order, AUD 198.90 back to Visa (3-5 business days); ask to confirm", "none"),
    ("e13", "telegram:5501", "wait actually keep the chain, just cancel the tyres", "followup", "en",
     "correction: remove TYRE-700C-45 x2 (AUD 139.90 back), keep CHAIN-12S; confirm; not a cancel", "none"),
    ("e13", "telegram:5501", "yeah", "changes", "en",
     "order_change items after [{CHAIN-12S,1}]; no cancel", "change_items TRL-261126-03 -> [{CHAIN-12S,1}]"),
]


def main() -> None:
    write_turns(Path(__file__).parent, T)


if __name__ == "__main__":
    main()
