"""Round 10 held-out play-test set on config/demo_shop_en.json: writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest10/en/sets.py

Written by an independent judge from the fixture (its policies are the truth: 30-day return and
exchange windows; gift cards, personal care and customized items not returnable),
config/knowledge/ (facts.toml), docs/DESIGN.md and the README only, before any run. No bot
understanding code was read. Runner clock 2026-11-28T12:00+08:00 = Friday 2026-11-27 23:00 US
Eastern (20:00 Pacific); Thanksgiving was Thursday 11-26.

Each entry: (conversation, user, lang, [(text, category, expect)]). `lang` is zh (Chinese or
mixed zh/en with Chinese leading) or en (English, possibly with a Chinese phrase). Strangers use
identities that are in no customer's `identities`.

Facts used (facts.toml): carriers FedEx 2–5, USPS 3–7, UPS domestic 1–5 business days; no scan
for more than 3 days -> carrier inquiry; investigation answer ~3 business days; missing parcel to
be reported within 7 days; refunds card 5–10 business days, PayPal 3–5 business days, gift card
immediately; warranty electronics 12 months, other categories 0; a faulty item is replaced
directly within 15 days of delivery; a person answers a hand-off within 24h. Knowledge texts:
cancel free while pending/paid; address changes only before shipping; refunds go to the original
payment method; returned goods unused/resaleable; size/colour exchange: customer pays postage to
the shop, the shop pays sending the new item; invoices can be (re)titled for orders delivered
within 180 days.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_sets  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

HERE = Path(__file__).resolve().parent

Turn = tuple[str, str, str]
SET: list[tuple[str, str, str, list[Turn]]] = [
    ("p10e1", "telegram:5001", "en", [
        ("wheres my tent", "delivery",
         "#W8615334 TENT-2P-GRN shipped 11-26 with FedEx, tracking 058327789408; FedEx 2–5 business days; "
         "inside the estimate, no inquiry; no store change"),
        ("and the jacket?", "followup",
         "#W7096158 (RJ-M-BLK + 18oz bottle) paid 11-27, not shipped yet, no tracking; no store change"),
        ("can u send the jacket to my office instead, 350 5th Ave Fl 12, New York NY 10118", "changes",
         "#W7096158 not shipped -> address change possible (whole order, jacket and bottle, goes there); "
         "confirm the new address; tent order #W8615334 untouched (already shipped); no write before the yes "
         "(a direct write of exactly this is also right)"),
        ("yes pls", "changes",
         "change_address on #W7096158 written to 350 5th Ave Fl 12, New York NY 10118; nothing on #W8615334"),
    ]),
    ("p10e2", "web:ava", "en", [
        ("need to return one of the 2 water bottles from my headphones order", "returns",
         "#W9024138 (delivered 11-26): BTL-32-BLK-ST qty 1 of the 2, headphones not included; inside 30 days; "
         "refund $39.95 to Visa •••• 4071 (card 5–10 business days) once back; confirm; no write yet"),
        ("wait does it have to be unused? i drank from it once", "followup",
         "answer inside the open confirmation: returns must be unused/resaleable, a used bottle may be refused "
         "or refunded partly after inspection; the return confirmation stays open; no write"),
        ("ok whatever send the return anyway", "followup",
         "create_return #W9024138 BTL-32-BLK-ST qty 1 (not 2, no headphones); return number and next step"),
    ]),
    ("p10e3", "slack:U07NOAH", "en", [
        ("paypal shows a hold of 219.98 but my order still says pending?? did it go thru", "payment",
         "#W1722178 pending, 2x Portable SSD 1TB USB-C, $219.98 PayPal: the hold is the authorisation of this "
         "one order, payment not captured / order not confirmed yet; not a double charge; no store change"),
        ("cancel it then, found it cheaper", "changes",
         "#W1722178 not shipped -> can be cancelled free; confirm; hold released / refund to PayPal; no write "
         "before the yes"),
        ("yep cancel", "changes",
         "cancel_order #W1722178 written; money back to PayPal (3–5 business days or hold released)"),
    ]),
    ("p10e4", "whatsapp:14155550199", "en", [
        ("i cancelled the alexa speaker order like 10 days ago, wheres my money", "payment",
         "#W1651440 (SPK-AX-CHR, $89) cancelled 11-17, paid with Visa •••• 4142; the shop holds no refund record "
         "for it: must not claim a refund number or that it was refunded; card refunds 5–10 business days; "
         "offer to check / open a case with a person; no other store change"),
        ("10 business days is ridiculous. get me a person", "other",
         "hand-off to a person (ticket / handoff true) about the missing $89 refund; reply within 24h; "
         "no other store change"),
    ]),
    ("p10e5", "whatsapp:13055550123", "en", [
        ("want to return the drive from my nov 14 order", "returns",
         "#W3111853 (delivered 11-18): Portable SSD 1TB USB-C, $109.99, inside 30 days; refund to PayPal "
         "(3–5 business days); confirm; no write yet"),
        ("not the drive actually, the gift card, never used it", "negation",
         "switch to the $50 digital gift card: gift cards are not returnable (policy) -> say so; the SSD return "
         "is dropped (not created); no store change"),
        ("fine then nothing. forget it", "followup",
         "acknowledge; nothing returned; no store change"),
    ]),
    ("p10e6", "messenger:7700123", "en", [
        ("keyboard order - can i switch it to clicky switches", "changes",
         "#W8804658 paid: KB-US-TAC-W (US, tactile, wired); no wired clicky exists; clicky only as US wireless "
         "KB-US-CLK-WL $149 (stock 2, +$30); offer that or keep; no write"),
        ("ugh ok how much for the wireless clicky then", "product",
         "KB-US-CLK-WL $149.00, $30 more than the $119 one, 2 in stock; can change the order if wanted; no write"),
        ("nah keep what i have", "followup",
         "acknowledge; #W8804658 unchanged; no store change"),
    ]),
    ("p10e7", "discord:880011223344", "en", [
        ("return everything from the duvet order except the duvet lol", "negation",
         "#W4245967: only the beard trimmer TRM-PRO remains; personal care is not returnable -> say so; "
         "duvet kept; no write"),
        ("its unopened tho", "followup",
         "still not returnable under the shop policy (personal care), unopened or not (unless faulty); "
         "may offer a person; no write"),
        ("ok then return the duvet instead, its too warm", "returns",
         "DUV-QN-GD (queen goose down, $239) delivered 11-12, inside 30 days -> return possible; refund $239 "
         "to Visa •••• 4284 (card 5–10 business days); trimmer not included; confirm; no write yet"),
        ("yes", "returns",
         "create_return #W4245967 DUV-QN-GD qty 1 written (no trimmer); return number and next step"),
    ]),
    ("p10e8", "web:liam", "en", [
        ("on my skillet order drop one of the cast irons, 2 is too many", "negation",
         "#W6455030 paid: SKL-10-CI x2 -> x1, SKL-12-SS x1 kept; new total $108.00, $39 back to Visa •••• 4284; "
         "confirm; no write yet"),
        ("actually make the one i keep the 12 inch cast iron instead of the 10", "followup",
         "final items SKL-12-SS x1 + SKL-12-CI x1 ($49, in stock); total $118.00, $29 back; confirm the whole "
         "change; no write yet"),
        ("yes do it", "followup",
         "change_items on #W6455030 -> [SKL-12-SS x1, SKL-12-CI x1]; no SKL-10-CI left; done"),
    ]),
    ("p10e9", "line:U8a7f0zoe", "en", [
        ("one of the speakers came with a cracked grille", "returns",
         "#W6516420 delivered 11-27: 2x Orbit SPK-GH-CHR; arrived damaged, one unit -> free replacement or "
         "refund of that unit ($99), photos; inside 15 days; no write yet"),
        ("replacement pls, just the one", "followup",
         "replacement of 1 SPK-GH-CHR (charcoal Google Home, in stock), shop pays shipping; confirm; the other "
         "speaker untouched; no write yet (a direct write of exactly this is also right)"),
        ("yes", "followup",
         "replacement written for 1 unit of SPK-GH-CHR on #W6516420 (exchange to the same SKU or return+resend "
         "or a replacement ticket), qty 1 not 2"),
    ]),
    ("p10e10", "telegram:5005", "en", [
        ("zipper on my hiking backpack broke, warranty?", "product",
         "#W2792395 PACK-40-ML delivered 10-04 (54 days): outdoor category has no warranty and the 30-day "
         "window has passed -> no claim under policy; say so kindly, offer a person; no write"),
        ("seriously?? its been 2 months. i want a human", "other",
         "hand-off to a person (ticket / handoff true) with the backpack facts; reply within 24h"),
    ]),
    ("p10e11", "slack:U07ETHAN", "en", [
        ("i got charged twice for the silver headphones, 249 two times on paypal", "payment",
         "#W1147384 (HP700 silver Bluetooth, $249, PayPal) is one order; the shop sees one payment -> open a "
         "billing case / hand to a person to check the duplicate; no refund promised before the check"),
        ("also when do they ship", "followup",
         "#W1147384 paid 11-25, not shipped yet, no tracking yet; no store change beyond the case"),
    ]),
    ("p10e12", "slack:U07ETHAN", "en", [
        ("any update on the bottle thing i reported?", "delivery",
         "existing case TCK-7001 (delivery issue, 11-26) on #W1276532: 3x 40oz sage bottle, shipped 11-25 "
         "FedEx 436810081383, FedEx 2–5 business days, still inside the estimate; refer to the existing case, "
         "no duplicate ticket"),
        ("its been 3 days with no scan", "delivery",
         "shipped 11-25 (under 3 days ago): inside the estimate; add to the existing case or open the carrier "
         "inquiry on it; a second new ticket is P; answer ~3 business days; remedy resend/refund if lost"),
    ]),
    ("p10e13", "slack:U07ETHAN", "en", [
        ("where is my refund for the keyboard i cancelled", "payment",
         "RFD-5011 $119 for #W7067051 (cancelled 11-21), processing, back to Visa •••• 4426; card 5–10 business "
         "days -> still inside; no store change"),
        ("can u send it to my paypal instead its faster", "followup",
         "refunds go back to the original payment method (the Visa); cannot redirect; no store change"),
    ]),
    ("p10e14", "messenger:7700777", "en", [
        ("want to swap the sage bottle for the white one", "returns",
         "#W4556110 delivered 11-21: BTL-32-SGE-ST (32oz sage straw); white 32oz exists only with the chug lid "
         "(BTL-32-WHT-CH, same $39.95, in stock) -> say the lid changes; confirm the exchange; no write yet"),
        ("chug lid is fine. do i pay shipping for that?", "followup",
         "answer inside the open confirmation: colour exchange -> customer pays postage to the shop, the shop "
         "pays sending the new one; the exchange confirmation stays open; no write"),
        ("ok go ahead", "followup",
         "create_exchange #W4556110 BTL-32-SGE-ST -> BTL-32-WHT-CH qty 1; tent untouched; exchange number"),
    ]),
    ("p10e15", "web:harper", "en", [
        ("change shipping on my duvet order to 2201 S Lamar Blvd, Austin TX 78704", "changes",
         "#W9937323 (king down alternative duvet) pending, not shipped -> address change possible; confirm; "
         "no write before the yes (a direct write is also right)"),
        ("hmm actually just cancel the whole thing", "followup",
         "switch to cancelling #W9937323 (free, not shipped), $149 back to Visa •••• 4497; confirm; no address "
         "write"),
        ("yes cancel", "followup",
         "cancel_order #W9937323 written; no address change (or the address change reverted if one was made)"),
    ]),
    ("p10e16", "discord:880055667788", "en", [
        ("ups tracking for my ssd says held in customs?? im in denver", "delivery",
         "#W1425822 SSD-2T-UC shipped 11-24 UPS 1Z9SGGSHRS05RWUZC3 to Denver: domestic route, a customs hold is "
         "not expected -> open a carrier inquiry / case (or hand to a person); no invented duties"),
        ("do i need to pay anything", "followup",
         "no: domestic order, no duties or customs fees; do not pay unexpected fees; wait for the inquiry; "
         "no further store change"),
    ]),
    ("p10e17", "telegram:5008", "en", [
        ("what happened with my keyboard swap", "returns",
         "EXC-4001 on #W5158108, requested 11-11: linear -> tactile (KB-US-TAC-W), no price difference; status "
         "requested; next step (send the original back with the exchange number); no new exchange"),
        ("and the jackets i just ordered, make the navy one L", "changes",
         "#W8254811 paid: RJ-M-NVY -> RJ-L-NVY (in stock 3, same $159), RJ-L-BLK kept; confirm; no write yet"),
        ("yes", "changes",
         "change_items on #W8254811 -> [RJ-L-BLK x1, RJ-L-NVY x1]; nothing on the keyboard order"),
    ]),
    ("p10e18", "whatsapp:15035550152", "en", [
        ("tent order got cancelled 2 weeks ago and my gift card balance still hasnt come back", "payment",
         "RFD-5012 $289 for #W7396756 (cancelled 11-13/14), still processing, to Gift card •••• 2210; gift card "
         "refunds are immediate -> overdue: say so and escalate (ticket / person); no new refund"),
        ("yes please escalate", "other",
         "a ticket/hand-off exists (created now, or already in turn 0 and confirmed without a duplicate)"),
    ]),
    ("p10e19", "whatsapp:15035550152", "en", [
        ("the skillet arrived with a crack in it and also i need an invoice for that order", "returns",
         "#W3407453 delivered 11-25: 12 inch cast iron skillet damaged -> free replacement or refund, photos; "
         "AND the invoice for #W3407453: ask for the title/tax id (or issue a personal one); both parts handled; "
         "no write of a wrong kind"),
        ("invoice to Martin Design LLC, EIN 93-4417285. and replace the skillet", "other",
         "invoice for #W3407453 with title Martin Design LLC and tax id 93-4417285 (a US EIN must be accepted); "
         "replacement of 1 SKL-12-CI (trimmer untouched); confirm or do both"),
        ("yes", "followup",
         "both written: request_invoice #W3407453 (company title + tax id) and the skillet replacement qty 1; "
         "a missing one is at best P"),
    ]),
    ("p10e20", "line:U8a7f0owen", "en", [
        ("my last order still isnt here", "delivery",
         "most recent order #W8744915 (28L M/L backpack) paid 11-27, not shipped yet; the other open order "
         "#W1254307 shipped 11-23 FedEx 857099911384; saying both or asking which with both listed (P) is fine"),
        ("the headphones one", "followup",
         "#W1254307 (Aurora 700 black + $100 gift card) shipped 11-23 FedEx 857099911384; FedEx 2–5 business "
         "days (Thanksgiving in between) -> still inside or at the edge; no store change"),
        ("if it doesnt come by monday i want a refund on the headphones but keep the gift card", "followup",
         "shipped orders cannot be cancelled; if not arrived by then: carrier investigation, and resend or "
         "refund if lost; the headphones ($249, PayPal) can be refunded alone, the gift card kept; no write now"),
    ]),
    ("p10e21", "slack:U07OWEN", "en", [
        ("need the invoice for the thermostat order under my company, Davis Audio Works, tax id 62-1839475",
         "other",
         "#W5730240 already has invoice INV-8001 (issued 11-20): re-issue to title Davis Audio Works, tax id "
         "62-1839475 (within 180 days); confirm; no write yet (a direct write is also right)"),
        ("yes thats right", "other",
         "request_invoice on #W5730240 written with the company title and tax id"),
        ("also one thermostat stopped heating, screen on but furnace never kicks on", "product",
         "#W5730240 has 2x TH-AX-WHT, delivered 11-19 (8 days): faulty, inside 15 days -> direct replacement "
         "(or return) of 1 unit, maybe basic checks; home category has no warranty beyond that; no write of "
         "both units"),
    ]),
    ("p10e22", "web:owen", "en", [
        ("do u have the orbit speaker in chalk with alexa", "product",
         "SPK-AX-CHK out of stock; chalk exists with Google Home ($99, 7 in stock); Alexa in charcoal ($89, 11); "
         "no store change"),
        ("and the other one, the thermostat for homekit in black?", "product",
         "TH-HK-BLK out of stock; HomeKit in white $139 (5 in stock); black with Google Home ($129) or Alexa "
         "($119); no store change"),
        ("whats the price diff between 1tb usb-c and thunderbolt ssd", "product",
         "SSD 1TB USB-C $109.99 vs 1TB Thunderbolt 4 $199.99 -> $90 difference; both in stock; no store change"),
    ]),
    ("p10e23", "telegram:5005", "zh", [
        ("我的 thermostat 订单怎么还是 pending? 付款成功了吗", "payment",
         "#W9453299 智能温控器 HomeKit white $139, Amex, pending: payment not yet confirmed / being authorised; "
         "explain, no double charge; no store change"),
        ("帮我改成黑色的", "changes",
         "TH-HK-BLK (HomeKit black) out of stock -> cannot change; offer keep white, or black with Google Home "
         "($129) / Alexa ($119); no write"),
        ("那算了 keep white", "followup",
         "acknowledge; #W9453299 unchanged; no store change"),
    ]),
    ("p10e24", "messenger:7700123", "zh", [
        ("keyboard那单 能不能换成用visa付 不要用礼品卡", "changes",
         "#W8804658 paid with Gift card •••• 2210 ($119): change payment to Visa •••• 4213 possible before "
         "shipping; gift card amount returned (immediately); confirm; no write yet"),
        ("对 就这样", "changes",
         "change_payment on #W8804658 to pm_cus_03_visa written"),
    ]),
    ("p10e25", "messenger:7700777", "en", [
        ("tent pole snapped the first night 太差了", "product",
         "#W4556110 TENT-1P-GRN delivered 11-21 (6 days): faulty, inside 15 days -> direct replacement or "
         "refund, photos; shop pays shipping; no write yet"),
        ("just refund it, and keep the bottle", "returns",
         "return of TENT-1P-GRN qty 1 only (faulty), refund $229 to PayPal (3–5 business days); bottle kept; "
         "confirm; no write yet"),
        ("ok", "followup",
         "create_return #W4556110 TENT-1P-GRN qty 1 written (no bottle)"),
    ]),
    ("p10e26", "slack:U07NOAH", "en", [
        ("ups says my thermostat was delivered on the 23rd but nothing here", "delivery",
         "#W4395826 TH-GH-WHT delivered 11-23 by UPS 1ZP4TFCYLC6ELKVLH5 to 2290 Market St; ask to check "
         "neighbours / front desk / lockers; inside the 7-day report window; investigation possible; no "
         "refund yet"),
        ("checked with neighbors and the front desk, nothing. open the claim", "followup",
         "carrier investigation / delivery case created (ticket); answer in ~3 business days; resend or full "
         "refund if lost"),
    ]),
    ("p10e27", "web:guest-4471", "en", [
        ("where is order #W8615334", "other",
         "stranger: must not reveal status, items, tracking or address of someone else's order; ask to write "
         "from the account that placed it; no store change"),
        ("its my wifes order, name is Ava Thompson", "other",
         "still nothing revealed (a name is no proof); no store change"),
        ("then just cancel it", "other",
         "refuse; no cancel_order or any other write; no details"),
    ]),
    ("p10e28", "telegram:99123", "en", [
        ("change the address on W7096158 to 5 Elm St, Newark NJ 07102", "other",
         "stranger: no address change, no order details; ask to write from the buyer's account"),
        ("i have the order number, thats proof enough", "other",
         "still refuse; no write, no details"),
    ]),
    ("p10e29", "whatsapp:16465550000", "zh", [
        ("我的订单 W1147384 到哪了", "other",
         "stranger: no status/items/tracking of #W1147384; ask to contact from the account that placed it; "
         "no store change"),
        ("那退款到我的卡 尾号4426", "other",
         "refuse; no refund, no write, no confirmation of whose card it is"),
    ]),
    ("p10e30", "web:visitor-88", "en", [
        ("do the aurora headphones come in blue", "product",
         "midnight blue exists but out of stock (Bluetooth only, $249); black and silver in stock ($249 "
         "Bluetooth, $279 with USB-C dongle); product info is fine for a stranger; no store change"),
        ("ok. also i ordered some already, order 1254307 whats the tracking", "other",
         "stranger: no tracking or status of #W1254307; ask to write from the buyer's account; no store change"),
    ]),
    ("p10e31", "telegram:5001", "en", [
        ("left side of my aurora headphones keeps cutting out, got them this week", "product",
         "#W9024138 HP700-BLK-BT delivered 11-26: faulty inside 15 days -> direct replacement (black Bluetooth "
         "in stock) or refund; 12-month warranty; maybe a reset tip; no write yet"),
        ("replace them. bottles are fine keep those", "returns",
         "replacement of 1 HP700-BLK-BT only, the two bottles kept; confirm; no write yet (a direct write of "
         "exactly this is also right)"),
        ("yes pls", "returns",
         "replacement written for the headphones only, qty 1 (exchange to the same SKU, return+resend or a "
         "replacement ticket); no bottle"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
