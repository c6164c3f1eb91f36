"""Round 8 held-out play-test set on config/demo_shop.json: writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest8/demo/sets.py

Written from the fixture, config/knowledge/ (facts.toml) and docs/DESIGN.md only, before any run.
Runner clock 2026-11-28T12:00+08:00 (a Saturday). Each entry: (conversation, user, lang,
[(text, category, expect)]). `lang` is zh (Chinese) or en (English or mixed zh/en).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_sets  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

HERE = Path(__file__).resolve().parent

SET: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("p8d1", "wecom:zhangwei", "zh", [
        ("T恤留一件 另外一件跟坚果一起退了吧", "negation",
         "SO202611210549 delivered 11-24 (day 4 of 7): SNACK-NUT is food, non-returnable (only if damaged/defective/wrong): refuse it with the rule; return 1 x TS-COTTON (¥79) of the 2, to 招商银行 card ****1037; no-reason so customer pays postage; ask to confirm; no store change yet"),
        ("坚果都没拆过也不能退吗", "followup",
         "yes, food is non-returnable even unopened (only damaged/defective/wrong item); the T-shirt return still awaits a yes; no store change"),
        ("那好吧 就退那一件T恤", "returns",
         "clear go-ahead for 1 x TS-COTTON: confirm it once more or create_return SO202611210549 [TS-COTTON x1] ¥79; never both T-shirts, never the nuts"),
        ("对 提交", "followup",
         "create_return SO202611210549 [TS-COTTON x1], refund ¥79 to pm-c1-card (if not already created; no duplicate); return number and how to ship it back"),
    ]),
    ("p8d2", "telegram:1001", "zh", [
        ("跑鞋物流显示已签收 但我压根没收到 问了门卫也说没有", "delivery",
         "SO202611230529 SF SF1106658035173 marked delivered 11-26 (2 days, inside the 7-day report window); customer already asked the front desk: open a carrier investigation (ticket), ~3 business days; if lost resend or full refund at no cost; not a return offer"),
        ("要是真丢了我要退款 不要补发", "followup",
         "note the preference on the same case: if confirmed lost, full refund ¥299 to Alipay (1–3 days); no second ticket, no return or refund written now"),
    ]),
    ("p8d3", "whatsapp:8615811112222", "zh", [
        ("耳机那单付钱的时候扣了我两次 支付宝里有两笔699", "payment",
         "SO202611252135 (EB-PRO ¥699, Alipay, paid, one payment on record): payment issue -> check and hand to a person with the facts (billing ticket); no cancel, no refund started by the bot, no capability menu"),
        ("多扣的那笔啥时候能退回来", "followup",
         "the duplicate is with a colleague (reply within 24h); once confirmed it is refunded to Alipay, 1–3 days; no second ticket"),
        ("耳机还是正常发货吧 别给我取消了", "followup",
         "yes, the order stays as it is (paid, to be dispatched); no cancel; no store change"),
    ]),
    ("p8d4", "telegram:1003", "zh", [
        ("羽绒服怎么还没到啊 天都冷了 不要了直接退钱给我", "delivery",
         "SO202611241031 (JK-DOWN ¥899 + TS-COTTON ¥79) shipped 11-25 YTO YT1623239637254, YTO 2–4 days: still within; shipped orders can't be cancelled: wait, refuse the parcel (refund after it returns, 7–10 days) or return within 7 days of delivery; NOT a refund-status lookup; no store change"),
        ("T恤我还是要的 就羽绒服不要", "negation",
         "refusing the parcel would refuse both items: accept it and return only the jacket within 7 days of delivery (¥899 to Alipay, no-reason so customer pays postage); nothing can be written before delivery; the T-shirt is kept; no store change"),
    ]),
    ("p8d5", "feishu:ou_a1b2c3d4e5f6", "zh", [
        ("电饭煲那张发票抬头要改一下 改成杭州青禾文化传媒有限公司 税号91330105MA27XY8K3D", "other",
         "IV20261120-0001 (SO202611170528, delivered 11-20, title 杭州星辰科技有限公司): within 180 days it can be voided and reissued; the FULL new title 杭州青禾文化传媒有限公司 and tax id taken (reissue ticket or invoice request, after a confirmation is fine); the old title not reused"),
        ("充电宝那单也帮我开一张 抬头跟刚才一样", "followup",
         "SO202611260234 (PB-10K x2, ¥198, shipped): request_invoice with title 杭州青禾文化传媒有限公司 and tax id 91330105MA27XY8K3D (the same as the previous turn); e-invoice by e-mail within 3 business days after delivery"),
    ]),
    ("p8d6", "web:yanglei", "zh", [
        ("T恤穿着有点紧 想换成L码藏青色的 包不用动", "returns",
         "SO202611130517 delivered 11-16 (day 12): past the 7-day return, inside the 15-day exchange (until 12-01): TS-COTTON (M white) -> TS-COTTON-L-NV (L navy, stock 7), same ¥79; the tote bag untouched; customer pays postage to the shop; ask to confirm; no store change yet"),
        ("可以 就这么换", "followup",
         "create_exchange SO202611130517 [TS-COTTON -> TS-COTTON-L-NV x1], price difference 0; both size AND colour kept; exchange number and ship-back steps"),
    ]),
    ("p8d7", "whatsapp:8613912345678", "zh", [
        ("电饭煲那单还没发货吧 我想换成5升的", "changes",
         "SO202611262115 paid: RC-3L (¥359) -> RC-5L (¥429, stock 5), +¥70 via WeChat Pay; ask to confirm; no store change yet"),
        ("要补多少钱 怎么补", "followup",
         "+¥70, charged to the order's WeChat Pay; the change still awaits a yes; no store change"),
        ("行 换吧", "followup",
         "order_changes kind=items on SO202611262115: RC-3L -> RC-5L; say done and the +¥70"),
    ]),
    ("p8d8", "line:U0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f", "en", [
        ("my hair dryer order is still pending right? can I switch it to rose gold. and does it come with a UK plug", "changes",
         "SO202611251317 pending (HD-2000 grey CN plug, $79, London): rose gold = HD-2000-RG (CN plug) $85, +$6, stock 4; plugs only CN or US, no UK plug; ask to confirm the colour change; no store change yet"),
        ("no uk plug is a dealbreaker tbh, just cancel the whole order", "followup",
         "switch to cancelling SO202611251317 (pending, unpaid: nothing to refund); ask to confirm (cancelling directly is acceptable for a clear request); the colour change is not applied"),
        ("yes please cancel", "followup",
         "cancel_order SO202611251317 (if not already done); no item change recorded"),
    ]),
    ("p8d9", "slack:U01ABC", "zh", [
        ("耳机右耳没声音了 买了才二十来天 还在保修吗", "product",
         "SO202611050521 EB-PRO delivered 11-08 (20 days): electronics 12-month warranty until 2027-11-08; past the 15-day direct replacement, so warranty repair; one-side troubleshooting (clean, reset, re-pair) fine; claim: order no., fault, photo/video, free label, 7–10 business days; no store change"),
        ("不想修 能不能直接换个新的", "product",
         "direct replacement only within 15 days of delivery (ended 11-23); under warranty the service centre repairs or replaces; no exchange created; offer the claim / a person"),
        ("那好吧 帮我申请保修", "followup",
         "warranty claim filed for a person (one ticket with the facts), ask for the fault photo/video; no return or exchange created"),
    ]),
    ("p8d10", "wecom:liuyang", "en", [
        ("手表屏幕上出现一条竖线 the screen has a line down the middle, only had it a week", "product",
         "SO202611190543 WATCH-S2 delivered 11-22 (6 days): defective inside 15 days -> direct replacement (WATCH-S2 stock 5) or a refund return (¥1299 to Alipay), shop pays shipping, photos; ask which; no store change yet"),
        ("replacement please, same model same colour", "returns",
         "confirm a replacement WATCH-S2 -> WATCH-S2 x1, no price difference, shop pays shipping; no store change yet (a write without confirmation is W)"),
        ("好的 确认", "followup",
         "create_exchange SO202611190543 [WATCH-S2 -> WATCH-S2 x1] (or a replacement ticket with the facts); number and next steps; no return"),
    ]),
    ("p8d11", "web:guest-20261128", "zh", [
        ("你们一般发什么快递 下单后几天能到", "other",
         "stranger, policy: SF/JD/YTO/ZTO/EMS; dispatch within 48h of payment; 1–2 days Jiangsu/Zhejiang/Shanghai, 2–4 most provinces, 5–7 remote; no order lookup, no 'no orders on this account'"),
        ("新疆也包邮吗", "followup",
         "free shipping over ¥99 in mainland China, but Xinjiang has a ¥15 remote surcharge; 5–7 days; no action"),
    ]),
    ("p8d12", "web:anon-5512", "en", [
        ("hi 我朋友送了我一副耳机 从你们家买的 I want to return it but I don't have the order number", "other",
         "stranger: a return is made from the buyer's account / order; 7-day no-reason window from delivery, refund to the original payment method (the buyer's); no order details revealed; no action"),
        ("can I at least exchange it for the black one", "followup",
         "exchange within 15 days of delivery for another colour of the same product, requested by the account that placed the order (or a person); no action, no order data revealed"),
    ]),
    ("p8d13", "web:demo", "en", [
        ("where's my last order at?", "delivery",
         "most recent order SO202611271000 (rice cooker, pending: awaiting payment via PayPal, not shipped); listing recent orders with candidates also fine; no store change"),
        ("not that one, the power bank", "followup",
         "SO202611251006 PB-10K shipped 11-25 with DHL 7498907762; cross-border 5–12 business days -> within; no store change"),
        ("and the tote bag?", "followup",
         "SO202611262325 BAG-TOTE paid 11-26, not shipped yet, dispatched within 48h of payment; no store change"),
    ]),
    ("p8d14", "telegram:1005", "en", [
        ("two things - can my running shoes be a 43 instead, and did my power bank ever get delivered?", "changes",
         "both answered: SO202611260629 paid SHOE-RUN-42 -> SHOE-RUN-43 (43 black, stock 7), same $59, ask to confirm; power bank SO202610280554 delivered 10-30; no store change yet"),
        ("yes change the shoes", "followup",
         "order_changes kind=items on SO202611260629: SHOE-RUN-42 -> SHOE-RUN-43; done, no price difference"),
        ("cool thanks thats all", "other",
         "short thanks/bye; no action, no repeat of the previous answer"),
    ]),
    ("p8d15", "wecom:zhaomin", "zh", [
        ("水壶底座裂了一道缝 刚到手没几天 充电宝倒是好好的", "negation",
         "SO202611211710 delivered 11-24 (4 days): the kettle KT-15 only (not the power bank) is faulty/damaged: within 15 days a direct replacement (KT-15 stock 20) or a refund return (¥129 to card ****1259), shop pays shipping, photos; ask which; no store change yet"),
        ("给我换个新的吧 对了玻璃款是不是贵一点", "followup",
         "confirm replacement KT-15 -> KT-15 x1; and answer: 1.5L glass KT-15-GL ¥139 (+¥10), 1.7L glass ¥159; no store change yet"),
        ("还是换同款吧 确认", "returns",
         "create_exchange SO202611211710 [KT-15 -> KT-15 x1], difference 0 (or a replacement ticket); no return; the power bank untouched"),
    ]),
    ("p8d16", "whatsapp:13125550123", "en", [
        ("underwear order - I only need one set not two, and can it be a size L?", "negation",
         "SO202611261310 pending (2 x UW-SET M, $50, PayPal): after [UW-SET-L x1] $25 (L stock 8), unpaid so nothing to refund; ask to confirm; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on SO202611261310: [UW-SET x2] -> [UW-SET-L x1]; both the quantity and the size kept"),
    ]),
    ("p8d17", "dingtalk:chenjing88", "zh", [
        ("坚果那单地址填错了 改到杭州市余杭区文一西路969号西溪园区3号楼前台", "changes",
         "SO202611260953 pending: address change to the FULL 杭州市余杭区文一西路969号西溪园区3号楼前台; ask to confirm (or change directly); no truncation"),
        ("对 另外付款方式换成支付宝", "followup",
         "the yes applies the address change (order_changes kind=address, full address); payment WeChat -> 支付宝 ****2222 (pm-c5-alipay): ask to confirm (or change directly)"),
        ("嗯嗯", "followup",
         "order_changes kind=payment on SO202611260953: pm-c5-wechat -> pm-c5-alipay (if not already); the address stays changed; no duplicate change"),
    ]),
    ("p8d18", "wecom:zhangwei", "en", [
        ("吹风机 can you send it to my office instead? 上海市黄浦区南京东路300号18楼", "changes",
         "SO202611261030 shipped 11-27 JD JDVA45908136669: the address can't be changed after dispatch; contact JD with the tracking number to arrange redelivery, or refuse and reorder; no store change"),
        ("ok so if I refuse it at the door do I get my money back?", "followup",
         "yes: a refused parcel is refunded after it comes back to the warehouse (usually 7–10 days), to WeChat Pay; consistent with the previous suggestion, no 'can't make an exception'; no store change"),
    ]),
    ("p8d19", "line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7", "zh", [
        ("耳机那个退款能退到支付宝吗 不想退到卡里", "payment",
         "RF20261126-0001 ¥699 pending (return RT20261126-0001, issued after inspection); refunds go back to the original payment method, card ****1111 (5–10 business days); cannot be switched (a person may be offered); no new return"),
        ("我寄回去的耳机你们收到没有", "followup",
         "RT20261126-0001 is still 'requested': not received/inspected yet per the records; inspection 1–2 business days after arrival, then the refund; no new return or duplicate ticket"),
    ]),
    ("p8d20", "discord:402938475610293847", "en", [
        ("I asked to swap my t-shirt for a large last week, what's happening with that?", "returns",
         "refer to EX20261121-0001 (requested 11-20, TS-COTTON -> size L) on SO202611170513; next step: ship the shirt back; no new exchange"),
        ("can the second shirt be swapped to L as well?", "followup",
         "the order has 2 T-shirts, delivered 11-19 (day 9 of 15); L white in stock (18); extend the existing exchange or confirm a second one for 1 unit (or hand to a person, since one exchange per order); no silent write, no duplicate of the first"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
