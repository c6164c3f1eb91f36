"""Round 8 held-out play-test set on config/demo_shop_en.json: writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest8/en/sets.py

Written from the fixture (its policies are the truth: 30-day return and exchange windows;
gift cards, personal care and customized items not returnable), config/knowledge/ (facts.toml) and docs/DESIGN.md only, before any run.
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
    ("p8e1", "telegram:5001", "en", [
        ("USPS says my package was delivered thursday but there's nothing here, I checked the mailroom too", "delivery",
         "#W9024138 USPS 9400834049650475359487 marked delivered 11-26 (2 days, inside the 7-day report window); mailroom already checked: open a carrier investigation (ticket), ~3 business days; if lost resend or full refund at no cost; not a return offer"),
        ("the headphones were in that box, I really need them before next weekend", "followup",
         "the investigation covers the whole parcel (HP700-BLK-BT + 2 x BTL-32-BLK-ST, $328.90); no second ticket; resend after the carrier answers, no date promised; no other store change"),
    ]),
    ("p8e2", "web:ava", "en", [
        ("can the rain jacket be red instead? same size", "changes",
         "#W7096158 paid: RJ-M-BLK -> RJ-M-RED (M red, stock 5), $159, no difference; the bottle untouched; ask to confirm; no store change yet"),
        ("actually an L", "followup",
         "L red (RJ-L-RED) is out of stock: say so, offer L black (7) / L navy (3) / keep M red; no store change"),
        ("L navy then", "followup",
         "confirm RJ-M-BLK -> RJ-L-NVY (L navy, stock 3), $159, no difference; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on #W7096158: RJ-M-BLK -> RJ-L-NVY, BTL-18-BLK-CH kept; done"),
    ]),
    ("p8e3", "slack:U07NOAH", "en", [
        ("ordered two of the 1TB drives by accident, I only need one. do you also have a 2TB?", "negation",
         "#W1722178 pending: SSD-1T-UC qty 2 -> 1, total $109.99, unpaid so nothing refunded; 2TB USB-C $179.99 in stock (4), 2TB Thunderbolt out of stock; ask to confirm the qty change; no store change yet"),
        ("ok make the one I keep a 2TB", "followup",
         "after [SSD-2T-UC x1] $179.99 (USB-C); re-confirm; no store change yet"),
        ("go for it", "followup",
         "order_changes kind=items on #W1722178: [SSD-1T-UC x2] -> [SSD-2T-UC x1]; done"),
    ]),
    ("p8e4", "whatsapp:14155550199", "en", [
        ("the thermostat I got doesn't work with homekit. can I swap it for the apple one", "returns",
         "#W4395826 delivered 11-23 (day 5 of 30): exchange TH-GH-WHT -> TH-HK-WHT (Apple HomeKit white, stock 5, $139), +$10; ask to confirm; no store change yet"),
        ("do I pay the difference? who covers shipping", "followup",
         "+$10 (to Visa •••• 4142 or as the shop collects it); not a fault: customer pays postage to the shop, the shop pays sending the new one; the exchange still awaits a yes; no store change"),
        ("alright do the swap", "followup",
         "create_exchange #W4395826 [TH-GH-WHT -> TH-HK-WHT x1], price_difference 10; number and ship-back steps"),
    ]),
    ("p8e5", "whatsapp:13055550123", "en", [
        ("I want to send back the gift card, never used it. the SSD is fine, keep that", "negation",
         "#W3111853: gift cards are non-returnable (shop policy): refuse with the rule; do NOT offer the SSD for return; no store change"),
        ("seriously? it hasn't even been redeemed. let me talk to a real person", "other",
         "hand-off (ticket / handoff true) with the facts, rule restated briefly; person replies within 24h; no SSD return offered; no other store change"),
    ]),
    ("p8e6", "messenger:7700123", "en", [
        ("keyboard order: can I get the wireless version instead? keep US layout and tactile", "changes",
         "#W8804658 paid: KB-US-TAC-W ($119) -> KB-US-TAC-WL (US tactile wireless, $149, stock 4), +$30 to the gift card •••• 2210; ask to confirm; no store change yet"),
        ("hmm make it clicky switches actually", "followup",
         "correct to KB-US-CLK-WL (US clicky wireless, $149, stock 2), +$30; re-confirm; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on #W8804658: KB-US-TAC-W -> KB-US-CLK-WL; done, +$30"),
    ]),
    ("p8e7", "discord:880011223344", "en", [
        ("the duvet is way too warm for me, I want to return it. keeping the trimmer", "negation",
         "#W4245967 delivered 11-12 (day 16 of 30): return DUV-QN-GD only ($239) to Visa •••• 4284 (card, 5–10 business days after inspection), unused, customer pays postage; trimmer excluded; ask to confirm; no store change yet"),
        ("or could I swap it for the down alternative one instead of a refund?", "followup",
         "switch to an exchange DUV-QN-GD -> DUV-QN-DA (queen down alternative, $129, stock 12), $110 back; re-confirm; no return created"),
        ("yeah let's do that", "followup",
         "create_exchange #W4245967 [DUV-QN-GD -> DUV-QN-DA x1], price_difference -110; no return; trimmer untouched"),
    ]),
    ("p8e8", "web:liam", "en", [
        ("can I still change my backpack to the 40L?", "changes",
         "#W2501713 shipped 11-27 USPS 9400739316638501409314: no change after dispatch; return within 30 days of delivery and reorder, or refuse it; no store change"),
        ("ok forget it. for the skillet order, I only want one of the cast iron ones", "negation",
         "#W6455030 paid: SKL-10-CI x2 -> x1, keep SKL-12-SS; -$39 back to Visa •••• 4284; ask to confirm; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on #W6455030: [SKL-12-SS x1, SKL-10-CI x2] -> [SKL-12-SS x1, SKL-10-CI x1]; $39 refunded"),
    ]),
    ("p8e9", "line:U8a7f0zoe", "en", [
        ("one of the two speakers came with a cracked grille", "negation",
         "#W6516420 delivered 11-27 (within 48h): damaged on arrival -> free replacement or full refund of that one unit ($99), shop pays shipping, photos; not both; ask which; no store change yet"),
        ("replace it please", "followup",
         "confirm a replacement 1 x SPK-GH-CHR -> SPK-GH-CHR (stock 10), no difference; no store change yet"),
        ("yes go", "followup",
         "create_exchange #W6516420 [SPK-GH-CHR x1 -> SPK-GH-CHR] quantity 1 (or a replacement ticket); not both units"),
    ]),
    ("p8e10", "telegram:5005", "en", [
        ("for my thermostat order, switch the payment from amex to paypal", "changes",
         "#W9453299 pending: payment Amex •••• 1065 -> PayPal (pm_cus_05_paypal); ask to confirm; no store change yet"),
        ("yes switch it", "followup",
         "order_changes kind=payment on #W9453299: pm_cus_05_amex -> pm_cus_05_paypal; done"),
    ]),
    ("p8e11", "slack:U07ETHAN", "en", [
        ("any news on the ticket I opened about my water bottles? still nothing", "delivery",
         "refer to the open TCK-7001 (delivery_issue, 11-26); #W1276532 FedEx 436810081383 shipped 11-25, FedEx 2–5 days: still within; no duplicate ticket"),
        ("if they're not here by monday I want my money back", "followup",
         "if lost: resend or full refund $134.85 to the gift card (immediate); noted on TCK-7001; no new ticket, no refund now"),
    ]),
    ("p8e12", "slack:U07ETHAN", "en", [
        ("paypal took 249 twice for my headphones", "payment",
         "#W1147384 (HP700-SLV-BT $249, PayPal, paid, one payment on record): payment issue -> hand to a person with the facts (billing ticket); no cancel, no refund started, no capability menu"),
        ("also just cancel that headphones order, I'll get them in a store", "changes",
         "#W1147384 paid, unshipped: cancel, full $249 to PayPal (3–5 business days); ask to confirm; no store change yet"),
        ("yes cancel it", "followup",
         "cancel_order #W1147384 (order_changes kind=cancel); refund to PayPal"),
    ]),
    ("p8e13", "messenger:7700777", "en", [
        ("change my duvet to queen size, and goose down if it's not crazy expensive", "changes",
         "#W9937323 pending (DUV-KG-DA $149): queen goose down DUV-QN-GD $239 (+$90, stock 7), queen down alternative $129 (-$20); give the price and ask (or confirm queen goose down with its price); no store change yet"),
        ("nah too pricey, just the normal queen", "followup",
         "DUV-KG-DA -> DUV-QN-DA (queen down alternative, $129, stock 12), new total $129, unpaid; confirm; no store change yet"),
        ("confirm", "followup",
         "order_changes kind=items on #W9937323: DUV-KG-DA -> DUV-QN-DA; done"),
    ]),
    ("p8e14", "web:harper", "en", [
        ("tent pole snapped the first night I used it. the bottle's fine", "product",
         "#W4556110 delivered 11-21 (day 7 of 30): defective tent TENT-1P-GRN only: replacement (stock 4) or refund $229 to PayPal, shop pays shipping, photos; the bottle not included; no store change yet"),
        ("what's the warranty on tents anyway?", "product",
         "tents (outdoor) have no warranty in the shop's facts beyond the 30-day window; the defect remedy applies now; no store change"),
        ("ok send me a new one", "returns",
         "confirm a replacement TENT-1P-GRN -> TENT-1P-GRN x1, no difference, shop pays shipping; no store change yet"),
        ("yep", "followup",
         "create_exchange #W4556110 [TENT-1P-GRN -> TENT-1P-GRN x1] (or a replacement ticket); no return"),
    ]),
    ("p8e15", "discord:880055667788", "zh", [
        ("把藏青色那件冲锋衣删掉 黑色的留着", "negation",
         "#W8254811 paid: remove RJ-M-NVY ($159), keep RJ-L-BLK; new total $159, $159 back to PayPal; ask to confirm; no store change yet"),
        ("对", "followup",
         "order_changes kind=items on #W8254811: [RJ-L-BLK x1, RJ-M-NVY x1] -> [RJ-L-BLK x1]; $159 refunded"),
    ]),
    ("p8e16", "telegram:5008", "en", [
        ("my ssd tracking hasn't moved since tuesday", "delivery",
         "#W1425822 UPS 1Z9SGGSHRS05RWUZC3 shipped 11-24: no scan for more than 72h -> open an inquiry with the carrier (ticket); remedy if lost; no other store change"),
        ("honestly just refund me, I'll buy it somewhere else", "delivery",
         "shipped, can't be cancelled: the investigation runs; if lost, full refund $179.99 to Visa; or refuse it on delivery / return within 30 days; NOT a refund-status lookup; no return, no duplicate ticket"),
        ("so if I refuse the package when it shows up I get refunded?", "followup",
         "yes: refunded after it returns to the warehouse (7–10 days), then card 5–10 business days; consistent, no 'can't make an exception'; no store change"),
    ]),
    ("p8e17", "whatsapp:15035550152", "en", [
        ("where is my refund for the tent I cancelled two weeks ago", "payment",
         "#W7396756 cancelled 11-13, RFD-5012 $289 processing since 11-14, to the gift card •••• 2210 (immediate once issued) -> overdue: escalate to a person with the facts (ticket)"),
        ("can it go to my visa instead, I never use that gift card", "followup",
         "refunds go back to the original payment method; a colleague can check (on the same case); no duplicate ticket; no other action"),
    ]),
    ("p8e18", "whatsapp:15035550152", "zh", [
        ("胡须修剪器充不进电 这个保修吗", "product",
         "#W3407453 TRM-PRO delivered 11-25 (3 days): personal care has no warranty in the facts and is not returnable for no reason, but a defective item can be replaced or refunded, shop pays shipping, photos; no store change yet"),
        ("我要退款 锅不用退", "negation",
         "return TRM-PRO x1 (defective) $59 to PayPal (3–5 business days after inspection); the skillet excluded; ask to confirm; no store change yet"),
        ("好", "followup",
         "create_return #W3407453 [TRM-PRO x1], reason defective; no skillet"),
    ]),
    ("p8e19", "slack:U07OWEN", "en", [
        ("what's going on with my last order", "delivery",
         "#W8744915 (28L M/L backpack, paid 11-27, not shipped yet, dispatched within 48h); listing recent orders is fine; no store change"),
        ("no the one with the headphones", "followup",
         "#W1254307 (GC-100 + HP700-BLK-BT) shipped 11-23 FedEx 857099911384; FedEx 2–5 days -> at/just past the estimate; offer an inquiry; no store change yet"),
        ("yeah it's been forever, can you chase it", "followup",
         "open an inquiry / investigation with FedEx (ticket) with the facts; remedy if lost; one ticket"),
    ]),
    ("p8e20", "line:U8a7f0owen", "en", [
        ("I want to return one of the alexa thermostats, only need one. the speaker stays", "negation",
         "#W5730240 delivered 11-19 (day 9 of 30): return 1 x TH-AX-WHT ($119) of the 2 to PayPal (3–5 business days after inspection); customer pays postage; the speaker not included; ask to confirm; no store change yet"),
        ("yes please, and will my invoice get fixed?", "followup",
         "create_return #W5730240 [TH-AX-WHT x1] $119 (not both); invoice INV-8001 is cancelled and reissued for the kept items"),
    ]),
    ("p8e21", "web:visitor-7420", "en", [
        ("do you ship to canada? how long does it take", "other",
         "stranger, policy: international orders with UPS or DHL, 5–12 business days plus customs; shipping cost at checkout; no order lookup"),
        ("who pays the import duties", "followup",
         "not in the shop's facts: say so honestly and offer a person; no invented rule; no action"),
    ]),
    ("p8e22", "telegram:8888123", "zh", [
        ("请问收到货多少天内可以退", "other",
         "stranger, policy: 30 days from delivery (this shop), unused; gift cards, personal care and customized items not returnable; no order lookup"),
        ("礼品卡也能退吗", "followup",
         "no: gift cards are not returnable; no action"),
    ]),
    ("p8e23", "web:ava", "en", [
        ("我的cast iron skillet生锈了 can I still return it? bought it last month", "product",
         "#W7624894 SKL-10-CI delivered 10-24 (35 days): past the 30-day window; home items have no warranty in the facts; refuse with the rule (re-seasoning tip fine), offer a person; no store change"),
        ("那有保修吗", "followup",
         "no warranty for this category beyond the return window; offer a person; no store change"),
    ]),
    ("p8e24", "slack:U07NOAH", "en", [
        ("need an invoice for my thermostat order, company name Brightline Analytics LLC", "other",
         "#W4395826 (delivered): request_invoice with title 'Brightline Analytics LLC' (in full); e-invoice by e-mail within 3 business days"),
        ("sorry, the legal name is Brightline Analytics Group LLC", "followup",
         "the title corrected to 'Brightline Analytics Group LLC' (an updated request / reissue); no invoice left only with the old title; no truncated title"),
    ]),
    ("p8e25", "whatsapp:13055550123", "en", [
        ("键盘那单还没发货吧? 地址改成 1450 Brickell Ave, Suite 900, Miami, FL 33131", "changes",
         "#W8804658 paid: address change to the full 1450 Brickell Ave, Suite 900, Miami, FL 33131; ask to confirm (or change directly); no truncation"),
        ("对 改吧", "followup",
         "order_changes kind=address on #W8804658 to 1450 Brickell Ave, Suite 900, Miami, FL 33131 (if not already)"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
