"""Round 7 play-test set on config/demo_shop_en.json: writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest7/en/sets.py

Written from the fixture, config/knowledge/ and docs/DESIGN.md only, before any run. Clock of the
runner: 2026-11-28T12:00+08:00 (11-27 23:00 New York). The fixture's policies are the truth where
the shared knowledge text differs: 30-day return and exchange windows from delivery; gift_card,
personal_care and customized not returnable. Delivery and refund times per carrier and payment
method from config/knowledge/facts.toml. Each entry: (conversation, user, lang, [(text, category,
expect)]); `lang` is zh (Chinese) or en (English or mixed zh/en).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_sets  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

HERE = Path(__file__).resolve().parent

SET: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("p7e1", "web:ava", "en", [
        ("headphones are great but one of the bottles leaks from the lid, can I send just that one back", "negation",
         "#W9024138 delivered 11-26: return 1 x BTL-32-BLK-ST ($39.95) only, not the headphones, not both bottles; defective so the shop pays shipping; refund to Visa •••• 4071 (or offer a replacement); ask to confirm; no store change yet"),
        ("actually could you send me a replacement bottle instead", "followup",
         "switch to a replacement: exchange 1 x BTL-32-BLK-ST -> same sku (stock 18), price difference $0; confirm; no return created"),
        ("yes", "followup",
         "create_exchange #W9024138 items [BTL-32-BLK-ST x1 -> BTL-32-BLK-ST], price_difference 0 (or a replacement ticket); no return; exchange number and next steps"),
    ]),
    ("p7e2", "telegram:5001", "zh", [
        ("雨衣那单还没发货吧 把水壶删了 外套留着", "changes",
         "#W7096158 paid: remove BTL-18-BLK-CH ($29.95), keep RJ-M-BLK; new total $159, $29.95 back to PayPal; ask to confirm; no store change yet"),
        ("顺便外套换成L码", "followup",
         "combine: after = [RJ-L-BLK x1] (L black, stock 7, same $159), bottle still removed; re-confirm both; no store change yet"),
        ("好 就这样", "followup",
         "order_changes kind=items on #W7096158: before [RJ-M-BLK x1, BTL-18-BLK-CH x1] -> after [RJ-L-BLK x1]; $29.95 refunded to PayPal"),
    ]),
    ("p7e3", "slack:U07NOAH", "en", [
        ("W1722178 - can I switch those SSDs to the thunderbolt version?", "changes",
         "#W1722178 pending: 2 x SSD-1T-UC ($109.99) -> 2 x SSD-1T-TB (1TB Thunderbolt 4, $199.99, stock 3), total $399.98 (+$180), unpaid; ask to confirm; no store change yet"),
        ("hmm pricey. just one of them then", "followup",
         "one Thunderbolt drive only: after [SSD-1T-TB x1], total $199.99; re-confirm (asking whether to keep one USB-C drive as well is fine); no store change yet"),
        ("confirm", "followup",
         "order_changes kind=items on #W1722178: [SSD-1T-UC x2] -> [SSD-1T-TB x1] (or the variant the customer confirmed); pending, so no refund/charge recorded"),
    ]),
    ("p7e4", "whatsapp:14155550199", "zh", [
        ("温控器连不上wifi 一直闪红灯", "product",
         "#W4395826 TH-GH-WHT (Google Home, white) delivered 11-23: no troubleshooting text in the shop's knowledge for the thermostat, so no pasted unrelated article; basic steps or a person; inside the 30-day return window (until 12-23) a faulty unit can be returned/replaced; no store change"),
        ("保修多久啊", "product",
         "answer from the shop's data: the thermostat is category home (facts: no warranty months for home beyond the return window) -> faulty within 30 days of delivery (until 12-23) is covered by return/replacement; must not claim a 1-year warranty or answer another product; no store change"),
    ]),
    ("p7e5", "messenger:7700123", "en", [
        ("I want to return the gift card, the SSD I'm keeping", "negation",
         "#W3111853: GC-50 digital gift card is non-returnable -> refuse with the rule; SSD kept; no return created"),
        ("ok and the SSD, could I still send it back if I change my mind?", "followup",
         "policy question: SSD-1T-UC delivered 11-18, day 10 of 30 -> yes until 12-18, $109.99 to PayPal, unused; answer without starting a return; no store change"),
    ]),
    ("p7e6", "whatsapp:13055550123", "zh", [
        ("键盘那单能改成英式布局吗", "changes",
         "#W8804658 paid KB-US-TAC-W (US tactile wired $119) -> KB-UK-TAC-W (UK tactile wired $119, stock 3), no difference; ask to confirm; no store change yet"),
        ("等下 有无线的吗", "product",
         "UK wireless exists only as KB-UK-LIN-WL (linear) and it is out of stock; US tactile wireless KB-US-TAC-WL $149 (stock 4), US clicky wireless $149 (stock 2); no store change"),
        ("那就英式有线的 确认", "followup",
         "order_changes kind=items on #W8804658: KB-US-TAC-W -> KB-UK-TAC-W; done, no price difference"),
    ]),
    ("p7e7", "discord:880011223344", "en", [
        ("on W6455030 please drop the 12 inch stainless skillet, keep the two cast iron ones", "changes",
         "#W6455030 paid: remove SKL-12-SS ($69), keep SKL-10-CI x2; new total $78, $69 back to Visa •••• 4284; ask to confirm; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on #W6455030: [SKL-12-SS x1, SKL-10-CI x2] -> [SKL-10-CI x2]; refund $69 to card"),
    ]),
    ("p7e8", "web:liam", "zh", [
        ("被子很好 胡须刀不想要了 帮我退一下", "negation",
         "#W4245967: TRM-PRO precision beard trimmer is personal care -> non-returnable; refuse with the rule; the duvet is not touched; no return created"),
        ("没用过 包装都没拆也不行吗", "followup",
         "still not returnable (personal care), unless defective; stay consistent; a person can be offered; no store change"),
    ]),
    ("p7e9", "line:U8a7f0zoe", "en", [
        ("one of the two speakers arrived with a cracked top, the box was crushed", "delivery",
         "#W6516420 delivered 11-27: damaged in transit, 1 x SPK-GH-CHR ($99): replacement or refund at no cost, photos of item and box within 48h; ask which; not a no-reason return; no store change yet"),
        ("replacement please", "returns",
         "replacement of 1 x SPK-GH-CHR (stock 10) on #W6516420: confirm then create (exchange to the same sku, or a ticket with the facts); only one unit"),
    ]),
    ("p7e10", "telegram:5005", "zh", [
        ("温控器那单还没付钱 帮我换成支持alexa的", "changes",
         "#W9453299 pending TH-HK-WHT (Apple HomeKit white $139) -> TH-AX-WHT (Amazon Alexa white $119, stock 9), new total $119 (-$20), unpaid so nothing refunded; ask to confirm; no store change yet"),
        ("要黑色的", "followup",
         "correct to TH-AX-BLK (Alexa black $119, stock 4); re-confirm; no store change yet"),
        ("对", "followup",
         "order_changes kind=items on #W9453299: TH-HK-WHT -> TH-AX-BLK"),
    ]),
    ("p7e11", "slack:U07ETHAN", "en", [
        ("any news on my water bottles? you guys opened a case already", "delivery",
         "#W1276532 (3 x BTL-40-SGE-ST) shipped 11-25 with FedEx, tracking 436810081383; refer to the open ticket TCK-7001 (delivery_issue), no duplicate; FedEx 2–5 business days"),
        ("also the refund for the keyboard I cancelled?", "payment",
         "#W7067051 cancelled, RFD-5011 $119 processing since 11-21, back to Visa •••• 4426 (card 5–10 business days) -> still within; no action"),
    ]),
    ("p7e12", "slack:U07ETHAN", "zh", [
        ("耳机那单改成带USB-C接收器的 银色不变", "changes",
         "#W1147384 paid HP700-SLV-BT (silver Bluetooth $249) -> HP700-SLV-DG (silver Bluetooth + USB-C dongle $279, stock 2), +$30 via PayPal; ask to confirm; no store change yet"),
        ("多出来的钱怎么付", "followup",
         "the $30 difference is charged to the order's PayPal; confirmation still open; no store change"),
        ("好的 改吧", "followup",
         "order_changes kind=items on #W1147384: HP700-SLV-BT -> HP700-SLV-DG, +$30"),
    ]),
    ("p7e13", "messenger:7700777", "en", [
        ("change my duvet order to queen size", "changes",
         "#W9937323 pending DUV-KG-DA (king down alternative $149) -> DUV-QN-DA (queen down alternative $129, stock 12), new total $129; ask to confirm; no store change yet"),
        ("never mind, just cancel the whole thing", "followup",
         "switch to cancelling #W9937323 (pending, unpaid: nothing to refund); ask to confirm; size change not applied"),
        ("yes cancel it", "followup",
         "cancel_order #W9937323 (order_changes kind=cancel); no item change recorded"),
    ]),
    ("p7e14", "web:harper", "zh", [
        ("帐篷用不上了 想退 水壶留着", "negation",
         "#W4556110 delivered 11-21 (day 7 of 30): return TENT-1P-GRN ($229) only, not the bottle; unused condition, customer pays return postage; refund to PayPal; ask to confirm; no store change yet"),
        ("钱退到哪里 多久", "followup",
         "to the original PayPal, 3–5 business days after the return passes inspection; confirmation still open; no store change"),
    ]),
    ("p7e15", "discord:880055667788", "en", [
        ("what's going on with my keyboard exchange?", "returns",
         "existing EXC-4001 (requested 11-11) for #W5158108: KB-US-LIN-W -> KB-US-TAC-W, $0; status requested; no new exchange (offering a person since it's been a while is fine)"),
        ("also on my new order drop the navy jacket, keep the black one", "changes",
         "#W8254811 paid: remove RJ-M-NVY, keep RJ-L-BLK; new total $159, $159 back to PayPal; ask to confirm; no store change yet"),
    ]),
    ("p7e16", "telegram:5008", "zh", [
        ("硬盘24号就发货了 到现在还没到 物流也不更新", "delivery",
         "#W1425822 (SSD-2T-UC) shipped 11-24 with UPS, tracking 1Z9SGGSHRS05RWUZC3, domestic US (Denver): no scan for more than 72h -> open an inquiry with the carrier; no customs talk; no wrong action"),
        ("好 帮我查一下", "delivery",
         "create a ticket (delivery investigation) with order, carrier and tracking; carrier answers in ~3 business days; if lost, resend or full refund; not a second ticket if one was opened on turn 0"),
    ]),
    ("p7e17", "whatsapp:15035550152", "en", [
        ("refund for my cancelled tent still says processing, it's been two weeks", "payment",
         "#W7396756 cancelled, RFD-5012 $289 processing since 11-14, to the gift card (normally immediate) -> overdue: say so and escalate to a person with the facts (ticket)"),
        ("can you just put it on my visa instead?", "payment",
         "refunds go back to the original payment method (gift card •••• 2210); changing the destination is for a person: hand off / note it on the ticket; no refund change by the bot, no duplicate ticket"),
    ]),
    ("p7e18", "whatsapp:15035550152", "zh", [
        ("平底锅收到就有裂纹 修剪器没问题", "negation",
         "#W3407453 delivered 11-25: damaged SKL-12-CI ($49) only, not the trimmer; replacement or full refund, shop pays shipping, photos of item and box; ask which; no store change yet"),
        ("换个新的吧", "returns",
         "replacement of 1 x SKL-12-CI (stock 14) on #W3407453: confirm then create (exchange to the same sku or a ticket); trimmer untouched"),
    ]),
    ("p7e19", "slack:U07OWEN", "en", [
        ("my headphones should have arrived by now, order W1254307", "delivery",
         "#W1254307 (gift card 100 + HP700-BLK-BT) shipped 11-23 with FedEx, tracking 857099911384; FedEx 2–5 business days -> at the end of the window; offer an inquiry if no scan for 72h; no store change"),
        ("if it's not here by monday I want my money back", "delivery",
         "shipped, can't be cancelled: if it doesn't arrive, open a carrier investigation -> resend or full refund; can refuse the parcel; no refund-status lookup, no return created"),
    ]),
    ("p7e20", "line:U8a7f0owen", "zh", [
        ("上个月买的温控器跟音箱 开个发票 个人抬头 Owen Davis", "other",
         "#W5730240 already has invoice INV-8001 (issued 11-20): say so, offer to resend or reissue with the title Owen Davis (within 180 days); no duplicate invoice without saying"),
        ("背包那单也开一张 一样的抬头", "other",
         "#W8744915 (paid, not delivered): request_invoice personal title Owen Davis; e-invoice within 3 business days after delivery"),
    ]),
    ("p7e21", "web:owen", "en", [
        ("for the backpack I ordered can I get the S/M torso instead of M/L", "changes",
         "#W8744915 paid PACK-28-ML -> PACK-28-SM (28L S/M $139, stock 6), no difference; ask to confirm; no store change yet"),
        ("oh and is the 40L one much more?", "product",
         "40L S/M PACK-40-SM $179 (+$40, stock 2), 40L M/L $179 (stock 4); the pending 28L S/M change stays open; no store change"),
        ("no stick with the 28, go", "followup",
         "order_changes kind=items on #W8744915: PACK-28-ML -> PACK-28-SM"),
    ]),
    ("p7e22", "web:visitor-3310", "zh", [
        ("#W9024138 是我的订单 帮我改个地址", "other",
         "stranger naming someone else's order: no details, no address change; ask them to write from the account that placed the order"),
        ("你们退货期多长", "other",
         "policy answer from the shop: 30 days from delivery (gift cards, personal care, customized excluded); no action"),
    ]),
    ("p7e23", "telegram:8080123", "en", [
        ("hello??", "other",
         "greeting: say hello and what the bot can help with; no action"),
        ("qwpeoriu zxmv", "other",
         "gibberish: short clarifying question with options; no order talk"),
        ("i want to talk to a real person", "other",
         "hand-off (handoff true) for a stranger: a person will reply (within 24h, service hours); no order lookup"),
    ]),
    ("p7e24", "web:ava", "zh", [
        ("十月买的那个铸铁锅还能退吗", "returns",
         "#W7624894 SKL-10-CI delivered 10-24 (35 days) -> outside the 30-day return window; refuse with the rule; mention a fault could be checked; no return created"),
        ("那耳机有保修吗", "product",
         "#W9024138 HP700-BLK-BT delivered 11-26: electronics 12-month warranty from delivery (until 2027-11-26), and within the 30-day return window; how to claim; no store change"),
    ]),
    ("p7e25", "whatsapp:14155550199", "en", [
        ("我已经付过款了 why does W1722178 still say pending??", "payment",
         "#W1722178 pending: no payment recorded; payment issue -> do not ask to pay again blindly; check with PayPal / hand to a person with the facts; no cancel"),
        ("also ship it to my office: 1 Ferry Building, Suite 200, San Francisco, CA 94111", "changes",
         "#W1722178 unshipped: change_address to the full new address (confirm first or do it; address kept whole); no other change"),
        ("thx 👍", "other",
         "short thanks; nothing changed, no repeat"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
