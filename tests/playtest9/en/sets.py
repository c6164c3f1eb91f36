"""Round 9 held-out play-test set on config/demo_shop_en.json: writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest9/en/sets.py

Written by an independent judge from the fixture (its policies are the truth: 30-day return and
exchange windows; gift cards, personal care and customized items not returnable),
config/knowledge/ (facts.toml) and docs/DESIGN.md only, before any run. Runner clock
2026-11-28T12:00+08:00 (Saturday; Friday 11-27 late evening in the US). Each entry:
(conversation, user, lang, [(text, category, expect)]). `lang` is zh (Chinese or mixed zh/en
with Chinese the main language) or en (English).

Facts used (facts.toml): carriers FedEx 2–5, USPS 3–7, UPS domestic 1–5 business days; no scan
for more than 3 days -> carrier inquiry; investigation answer ~3 business days; refunds card
5–10 business days, PayPal 3–5 business days, gift card immediately; warranty electronics 12
months, other categories 0; faulty items replaced directly within 15 days of delivery; a person
answers a hand-off within 24h.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_sets  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

HERE = Path(__file__).resolve().parent

SET: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("p9e1", "telegram:5001", "en", [
        ("hey is my tent gonna get here by sunday?? going camping", "delivery",
         "#W8615334 TENT-2P-GRN shipped 11-26 with FedEx 058327789408; FedEx 2–5 business days, so Sunday is not likely / cannot be promised; no investigation (inside the estimate); no store change"),
        ("ugh. if it shows up late can i just cancel it and get refunded", "followup",
         "shipped: cannot be cancelled; can refuse it at the door or return it after delivery (30 days); refund to the original Amex •••• 1013 once it is back; no store change, no ticket"),
        ("ok fine thx", "other",
         "short goodbye; no store change, no trouble offer"),
    ]),
    ("p9e2", "web:ava", "en", [
        ("can u take the water bottle off my order? just want the jacket", "negation",
         "#W7096158 paid: remove BTL-18-BLK-CH (the 18oz bottle), keep RJ-M-BLK; new total $159.00, $29.95 back to PayPal; ask to confirm; no store change yet"),
        ("also do u have that jacket in XL navy", "followup",
         "XL only in black (RJ-XL-BLK, stock 2); navy only in M (6) and L (3); the bottle-removal confirmation stays open; no store change"),
        ("nah keep the M black. and yes remove the bottle", "followup",
         "order_changes kind=items on #W7096158: [RJ-M-BLK x1, BTL-18-BLK-CH x1] -> [RJ-M-BLK x1]; jacket unchanged; done"),
    ]),
    ("p9e3", "slack:U07NOAH", "en", [
        ("for the ssd order can i pay w my visa instead of paypal", "changes",
         "#W1722178 pending: payment PayPal -> Visa •••• 4142 (pm_cus_02_visa); confirm or change directly; items untouched"),
        ("yes. and its still 2 drives right?", "followup",
         "order_changes kind=payment on #W1722178 to pm_cus_02_visa (if not already done); yes, 2 x SSD-1T-UC 1TB USB-C, $219.98; no item change"),
    ]),
    ("p9e4", "whatsapp:14155550199", "en", [
        ("the thermostat screen keeps flickering and it dropped off wifi twice already", "product",
         "#W4395826 TH-GH-WHT delivered 11-23 (5 days): faulty inside the 15-day / 30-day window -> free replacement or full refund ($129 to Visa •••• 4142), shop pays shipping; ask which; no store change yet (short troubleshooting ok)"),
        ("replacement pls, same model", "followup",
         "same-variant replacement TH-GH-WHT -> TH-GH-WHT x1 (stock 8), no difference, reason faulty; confirm (or create directly)"),
        ("yes go ahead", "followup",
         "create_exchange on #W4395826 [TH-GH-WHT -> TH-GH-WHT x1], price_difference 0 (if not already created); number and ship-back steps, shop pays postage"),
    ]),
    ("p9e5", "whatsapp:13055550123", "en", [
        ("my ssd isnt showing up on my mac anymore. the gift card part of that order is fine obv", "product",
         "#W3111853 SSD-1T-UC delivered 11-18 (10 days): electronics, faulty within 15 days -> direct replacement (or refund $109.99 to PayPal), shop pays shipping; nothing about the gift card; ask to confirm; no store change yet"),
        ("can i get the 2TB instead and just pay the difference", "followup",
         "replacement/exchange SSD-1T-UC -> SSD-2T-UC (2TB USB-C, $179.99, stock 4), +$70.00; confirm; no store change yet"),
        ("ok do it", "followup",
         "create_exchange on #W3111853 [SSD-1T-UC -> SSD-2T-UC x1], price_difference 70.00; the gift card not in it"),
    ]),
    ("p9e6", "messenger:7700123", "zh", [
        ("键盘那单能换成UK布局吗 其他都不变", "changes",
         "#W8804658 paid: KB-US-TAC-W -> KB-UK-TAC-W (UK tactile wired, $119, stock 3), no difference; ask to confirm; no store change yet"),
        ("算了 还是US的吧。地址帮我改成 2100 Collins Ave Apt 1205, Miami Beach, FL 33139", "followup",
         "layout change dropped (no item change); address change of #W8804658 to the full 2100 Collins Ave Apt 1205, Miami Beach, FL 33139; confirm or change directly; no resume offer for the layout"),
        ("对", "followup",
         "order_changes kind=address on #W8804658 with the full address (if not already); still no item change"),
    ]),
    ("p9e7", "discord:880011223344", "en", [
        ("skillet order - actually only need 1 of the cast iron ones, and can the stainless one be the 10 inch instead of 12", "negation",
         "#W6455030 paid: [SKL-12-SS x1, SKL-10-CI x2] -> [SKL-10-SS x1, SKL-10-CI x1]; $147 -> $98, $49 back to Visa •••• 4284; confirm both parts; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on #W6455030 with exactly [SKL-10-SS x1, SKL-10-CI x1]; done"),
    ]),
    ("p9e8", "web:liam", "en", [
        ("want to return the duvet, it's way too warm. keeping the trimmer", "negation",
         "#W4245967 delivered 11-12 (16 days, within 30): return DUV-QN-GD x1, $239 to Visa •••• 4284 after inspection (card 5–10 business days); no-reason -> customer pays return postage; the trimmer not offered; confirm; no store change yet"),
        ("or could i swap it for the down alternative one, same queen size?", "followup",
         "changed mind: exchange DUV-QN-GD -> DUV-QN-DA (queen down alternative, $129, stock 12), $110 refunded; confirm the exchange; no return"),
        ("yeah swap", "followup",
         "create_exchange on #W4245967 [DUV-QN-GD -> DUV-QN-DA x1], price_difference -110.00; no return record; no resume offer for the return"),
    ]),
    ("p9e9", "discord:880011223344", "en", [
        ("i picked the wrong torso size on the backpack, can u change it to M/L before it ships", "changes",
         "#W2501713 PACK-28-SM already shipped 11-27 (USPS): cannot be changed; after delivery an exchange to PACK-28-ML (stock 5) within 30 days; no store change"),
        ("ugh ok. when will it arrive then", "followup",
         "USPS 9400739316638501409314, shipped 11-27, 3–7 business days; no store change"),
    ]),
    ("p9e10", "line:U8a7f0zoe", "en", [
        ("one of the 2 speakers i got yesterday wont turn on at all. the other ones fine", "product",
         "#W6516420 SPK-GH-CHR x2 delivered 11-27 (1 day): one unit faulty, within 15 days -> direct replacement of ONE unit (or refund $99 to PayPal), shop pays shipping; ask; no store change yet"),
        ("replace it pls", "followup",
         "create_exchange on #W6516420 [SPK-GH-CHR -> SPK-GH-CHR x1] (qty 1, not 2), price_difference 0 (after a confirmation or directly)"),
        ("thx!!", "other",
         "short goodbye (or the pending confirmation if the write is not yet done); no store change unless confirming"),
    ]),
    ("p9e11", "telegram:5005", "en", [
        ("can i get the black homekit thermostat instead of white", "changes",
         "#W9453299 pending: TH-HK-BLK is out of stock; say so; offer keep white, or Google Home black ($129, -$10) / Alexa black ($119); no store change"),
        ("fine, cancel that order then", "followup",
         "cancel #W9453299 (pending, not shipped), nothing charged or full $139 back to Amex •••• 1065; ask to confirm; no store change yet"),
        ("yes cancel it", "followup",
         "cancel_order #W9453299 (order_changes kind=cancel); done"),
    ]),
    ("p9e12", "slack:U07ETHAN", "en", [
        ("my refund for the keyboard i cancelled still isnt back on my visa. can u send it to my paypal instead", "payment",
         "RFD-5011 $119 for #W7067051 processing since 11-21, card 5–10 business days -> not overdue yet; refunds go back to the original Visa •••• 4426, cannot be redirected to PayPal; no store change (a ticket not needed)"),
        ("and the bottles i ordered, any update? someone opened a case on it already", "delivery",
         "#W1276532 3 x BTL-40-SGE-ST FedEx 436810081383 shipped 11-25, FedEx 2–5 business days; refer to the open TCK-7001 (delivery_issue, 11-26); no new ticket (duplicate = W); note added to TCK-7001 acceptable"),
    ]),
    ("p9e13", "slack:U07ETHAN", "en", [
        ("can i switch my headphones to the version with the usb-c dongle, still silver? also need an invoice made out to Brooks & Hale Design Studio, EIN 36-4821957", "changes",
         "#W1147384 paid: HP700-SLV-BT -> HP700-SLV-DG (silver, Bluetooth + USB-C dongle, $279, stock 2), +$30 via PayPal; confirm; invoice for 'Brooks & Hale Design Studio' tax id 36-4821957 noted or requested (e-invoice after delivery); both parts addressed"),
        ("yep do both", "followup",
         "order_changes kind=items on #W1147384 [HP700-SLV-BT -> HP700-SLV-DG x1]; request_invoice with the full title 'Brooks & Hale Design Studio' and tax id 36-4821957 (if not already)"),
    ]),
    ("p9e14", "messenger:7700777", "en", [
        ("the 1-person tent is too cramped for me, can i return it? bottle im keeping", "negation",
         "#W4556110 delivered 11-21 (7 days): return TENT-1P-GRN x1, $229 to PayPal after inspection (3–5 business days), customer pays postage; the bottle not offered; an exchange to the 2-person may be offered; confirm; no store change yet"),
        ("actually can i just upgrade to the 2 person green and pay extra", "followup",
         "changed mind: exchange TENT-1P-GRN -> TENT-2P-GRN ($289, stock 6), +$60 via PayPal; confirm; no return"),
        ("who pays the shipping on that", "followup",
         "not a fault: customer pays postage to the shop, shop pays sending the new tent; the exchange still awaits a yes; no store change"),
        ("ok yes", "followup",
         "create_exchange on #W4556110 [TENT-1P-GRN -> TENT-2P-GRN x1], price_difference 60.00; no return record"),
    ]),
    ("p9e15", "web:harper", "en", [
        ("need an invoice for the duvet order, company: Nguyen Family Dental PLLC, tax id 74-3309218", "other",
         "#W9937323 (pending): request_invoice with title 'Nguyen Family Dental PLLC' and tax id 74-3309218 in full; e-invoice by e-mail within 3 business days after delivery"),
        ("oops its Nguyen Family Dentistry PLLC not Dental", "followup",
         "title corrected to 'Nguyen Family Dentistry PLLC' (same tax id) as an updated request; no request left only with the old title; no truncated title; no menu"),
    ]),
    ("p9e16", "discord:880055667788", "en", [
        ("ups tracking for my ssd hasnt moved since tuesday", "delivery",
         "#W1425822 UPS 1Z9SGGSHRS05RWUZC3 shipped 11-24; no scan for more than 3 days -> open a carrier inquiry (ticket), answer in ~3 business days; resend or full refund if lost; no other store change"),
        ("honestly just refund me, ill buy one locally", "followup",
         "shipped: cannot cancel now; full refund (to Visa •••• 4568, 5–10 business days) if the carrier confirms it lost, or refuse it at the door / return after delivery; no second ticket (a note to the same case ok)"),
        ("fine. how long till i hear back", "followup",
         "carrier answers in about 3 business days; we contact you then; no store change"),
    ]),
    ("p9e17", "telegram:5008", "en", [
        ("any news on my keyboard exchange? i sent the linear one back last week", "returns",
         "EXC-4001 on #W5158108 (KB-US-LIN-W -> KB-US-TAC-W, status requested): the tactile one ships within 48h of the returned keyboard being received and checked; no new exchange; a person / check offer ok"),
        ("also the jackets order, can the navy one be an L too", "changes",
         "#W8254811 paid: RJ-M-NVY -> RJ-L-NVY (stock 3), no difference; RJ-L-BLK kept; confirm; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on #W8254811 -> [RJ-L-BLK x1, RJ-L-NVY x1]; done"),
    ]),
    ("p9e18", "whatsapp:15035550152", "en", [
        ("wheres my refund for the orange tent i cancelled like 2 weeks ago??", "payment",
         "RFD-5012 $289 for #W7396756, processing since 11-14, to gift card •••• 2210 which is normally immediate -> overdue: apologise, escalate (billing ticket or hand-off); no other store change"),
        ("can u just put it on my amex instead, i never use that gift card", "followup",
         "refunds go back to the original method (the gift card); a different method only by exception through a person; no second duplicate ticket"),
        ("ok whatever, get a human to look at it", "other",
         "hand-off with the refund facts (one ticket overall, not a duplicate); person replies within 24h"),
    ]),
    ("p9e19", "whatsapp:15035550152", "en", [
        ("can i return the beard trimmer? used it once, not for me. the skillet is fine", "returns",
         "#W3407453 delivered 11-25: personal care is not returnable (and it is used): refuse with the rule; do NOT offer the skillet; no store change"),
        ("what if its actually defective, it keeps pulling hairs", "product",
         "a fault is different: within 15 days of delivery a faulty item is replaced (even an excluded category); ask for a photo/video or offer the replacement / a person; no return of the skillet; any write only for TRM-PRO"),
    ]),
    ("p9e20", "line:U8a7f0owen", "en", [
        ("i got charged twice for the backpack order, $139 two times on my visa", "payment",
         "#W8744915 paid with Visa •••• 4710, $139: open a billing ticket (payment_issue); the duplicate is refunded to the card after the check (5–10 business days); no order change"),
        ("also can i change it to the 40L, same torso", "changes",
         "PACK-28-ML -> PACK-40-ML ($179, stock 4), +$40; confirm; the billing ticket not duplicated; no store change yet"),
        ("hmm $40 more.. nah leave it as is", "negation",
         "no item change written; acknowledged; the double-charge case stays open"),
    ]),
    ("p9e21", "slack:U07OWEN", "en", [
        ("the invoice you sent for my thermostat order needs to be in my company's name: Davis Sound Works LLC, EIN 62-1874430", "other",
         "INV-8001 (issued) for #W5730240 delivered 11-19 (within 180 days): reissue with title 'Davis Sound Works LLC' and tax id 62-1874430 in full (request_invoice or ticket); e-mail within 3 business days"),
        ("and one of the 2 thermostats doesnt connect to alexa at all, the other ones fine", "product",
         "#W5730240 TH-AX-WHT x2, delivered 11-19 (9 days): one faulty, within 15 days -> replacement of ONE unit (or $119 refund to PayPal); confirm; no store change yet"),
        ("replace that one pls", "followup",
         "create_exchange on #W5730240 [TH-AX-WHT -> TH-AX-WHT x1] (qty 1), price_difference 0"),
    ]),
    ("p9e22", "web:owen", "en", [
        ("my headphones order is taking forever, shipped monday and still nothing. just refund me", "delivery",
         "#W1254307 FedEx 857099911384 shipped 11-23: FedEx 2–5 business days -> still inside the estimate; shipped so cannot be cancelled; refuse at the door or return after delivery, refund to PayPal (3–5 business days once back); an investigation now is premature (P)"),
        ("the gift card too?", "followup",
         "the $100 gift card is not returnable (shop policy); the headphones ($249) can be refunded via refusal/return; a person for an exception; no store change"),
    ]),
    ("p9e23", "web:visitor-5521", "en", [
        ("do u ship to toronto? and would i have to pay duties", "other",
         "stranger: international orders go with UPS or DHL, 5–12 business days plus customs clearance; international shipping calculated at checkout by weight and destination; duties/taxes may apply (amount not known -> a person); do not ask for an order number"),
        ("what about returns from canada, same 30 days?", "followup",
         "30 days from delivery; gift cards, personal care, customized excluded; no-reason return postage paid by the customer; no store change"),
    ]),
    ("p9e24", "telegram:777000111", "en", [
        ("hi my sister got me a rain jacket from u as a gift but its too big. can i exchange it without her account?", "returns",
         "stranger, no orders: exchange for another size/colour of the same product within 30 days of delivery; needs the order number or the buyer (sister) to contact; not just 'no orders on this account'"),
        ("i dont have the order number lol. can i talk to someone", "other",
         "hand-off (ticket with customer_id null / handoff true); person replies within 24h"),
    ]),
    ("p9e25", "line:U8a7f0zoe", "zh", [
        ("我上个月买的那个背包肩带断了 还能保修吗", "product",
         "#W2792395 PACK-40-ML delivered 10-04 (55 days): outdoor category has no warranty, outside the 30-day window -> cannot replace/return under policy; say so plainly, offer a person; no store change"),
        ("那转人工吧", "other",
         "hand-off (ticket / handoff true); reply within 24h; no other store change"),
    ]),
    ("p9e26", "discord:880055667788", "zh", [
        ("两件冲锋衣那单 黑色L的不要了 navy那件留着", "negation",
         "#W8254811 paid: remove RJ-L-BLK, keep RJ-M-NVY; $318 -> $159, $159 back to PayPal; confirm; no store change yet"),
        ("对 然后发票抬头写 Schmidt Analytics GmbH 税号 DE298374651", "followup",
         "order_changes kind=items on #W8254811 -> [RJ-M-NVY x1]; request_invoice with the full title 'Schmidt Analytics GmbH' and tax id DE298374651 (e-invoice after delivery)"),
    ]),
    ("p9e27", "messenger:7700777", "zh", [
        ("羽绒被那单能改寄到加拿大吗 地址 88 Queen St W, Toronto, ON M5H 2N2", "changes",
         "#W9937323 pending: an address abroad makes it an international order (UPS/DHL, 5–12 business days plus customs, shipping charged by weight/destination): explain, then confirm the change with that caveat or hand off; the full address if written; not a silent domestic change"),
        ("那算了 还是寄原地址吧 谢谢", "followup",
         "no address change (or reverted to 1100 Congress Ave, Austin, TX 78701 if one was written); acknowledged; no other store change"),
    ]),
    ("p9e28", "telegram:5001", "zh", [
        ("上个月买的那个铸铁锅裂了 can i get a new one?", "product",
         "#W7624894 SKL-10-CI delivered 10-24 (35 days): outside the 30-day window, home category has no warranty -> no replacement under policy; say so, offer a person; no store change"),
        ("铸铁锅用一个月就裂 这不正常吧!! 转人工", "other",
         "hand-off (ticket / handoff true) with the facts; reply within 24h"),
    ]),
    ("p9e29", "whatsapp:13055550123", "zh", [
        ("我之前退的那件红色冲锋衣 钱退到哪里了", "payment",
         "RMA-3001 / RFD-5001: $159 refunded 10-25 to Visa •••• 4213 (card 5–10 business days, long done); if not seen, the shop can get a transaction reference; no store change"),
        ("好的 查到了 谢谢", "other",
         "short goodbye; no store change"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
