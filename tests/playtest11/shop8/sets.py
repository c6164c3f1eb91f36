"""Source of round 11 shop8's conversations and the expected behaviour per turn, written before any run.

python3 tests/playtest11/shop8/sets.py  writes conversations.jsonl, expectations.jsonl and
verdicts/categories.txt next to this file. Facts are those of shop.json (gen_shop.py) and knowledge/
at the runner's default --now 2026-11-28T12:00+08:00 = Saturday noon in Taipei (outside agent hours
Mon-Fri 10-19; next answer Monday; paid orders leave Monday). Return 7 days from delivery (unused, bikes not
ridden outdoors), exchange 30 days; nutrition never returnable/exchangeable. Warranty: bicycles 60 months,
e_bikes 24, lights 12, parts 6, others none; direct replacement within 7 days of delivery. Damage in transit:
photo within 3 days (72 h), replacement of the damaged unit only, no send-back. Refund days: card 7-14
business days, cash on delivery 3-5 (bank transfer), PayPal 3-5, ATM transfer 3-5. Unpaid orders auto-cancel after 3 days; card
amount on a pending order = authorisation hold released within 7 business days. Duplicate charge refunded
within 2 business days after checking. Company invoice: title + 8-digit 統一編號, within 2 business days.
Days since delivery at the clock: 26TW0418 4, 26TW0377 20, 26TW0433 2.95 (71 h), 26TW0401 16 (open ticket
T-3307 product_issue), 26TW0395 25, 26TW0447 2, 26TW0412 14, 26TW0408 15, 26TW0437 6, 26TW0420 6.9.
Shipped: 26TW0461 T-Cat 11-26 (1-2 business days: on time), 26TW0440 SF Express international 11-19
(3-5 business days: late, 6 business days), 26TW0426 Chunghwa Post 11-27 (2-3: on time).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_turns  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

# (conversation, user, text, category, lang, expected behaviour, expected store change)
T = [
    # ---------------- Chinese / mixed (z) ----------------
    ("z01", "line:Uf101wgy", "上禮拜買的公路車 54太大了 可以換52嗎", "exchange", "zh",
     "26TW0418 Aero road bike 54 cm racing red, delivered 11-24 (4 days): exchange to 52 cm racing red (in stock), "
     "same price NT$42,800, no difference; bike unridden outdoors; ask to confirm", "none"),
    ("z01", "line:Uf101wgy", "啊 顏色也換成消光黑好了", "exchange", "zh",
     "correction inside the open confirmation: 52 cm matte black (in stock), same price; re-ask", "none"),
    ("z01", "line:Uf101wgy", "ok 確認", "confirm", "zh", "write the exchange 54 red -> 52 matte black, qty 1, 0 difference",
     "create_exchange 26TW0418 [{FL-ROAD-54-RD,1,FL-ROAD-52-BK}] price_difference 0"),
    ("z01", "line:Uf101wgy", "踏板不用換喔 留著", "negation", "zh",
     "pedals stay as they are: acknowledge, nothing else changes", "none; never a return/exchange of the pedals"),
    ("z02", "telegram:7101", "剛下的那張安全帽的單 可以把車燈拿掉嗎", "changes", "zh",
     "26TW0452 paid, not shipped (leaves Monday): remove USB front light 800 lm (NT$1,890), helmet M black stays "
     "(NT$2,480); NT$1,890 back to the Visa; ask to confirm", "none"),
    ("z02", "telegram:7101", "等等 車燈的錢退到哪 要多久", "confirm_q", "zh",
     "question inside the open confirmation: back to Visa •••• 0101, card 7-14 business days; keep the "
     "confirmation open / re-ask", "none"),
    ("z02", "telegram:7101", "好 拿掉", "confirm", "zh", "write the item removal",
     "change_items 26TW0452 remove FL-LIGHT-800 (helmet stays)"),
    ("z03", "line:Uf102lyt", "我的坐墊那單到哪了", "status", "zh",
     "26TW0461 shipped 11-26 with T-Cat 900079190, 1-2 business days: on the way, expected about Monday; items "
     "bottle set of 3 + saddle 143 mm", "none"),
    ("z03", "line:Uf102lyt", "可以改寄到公司嗎 新北市板橋區縣民大道二段 7 號", "address", "zh",
     "already shipped: the shop cannot change it; T-Cat can redeliver once when called (number on the tracking "
     "page); never change the address of a shipped order", "none; never change_address"),
    ("z03", "line:Uf102lyt", "上次買的能量果膠 可以退嗎 還沒拆", "returns", "zh",
     "26TW0377 energy gel lemon box of 12 x2: nutrition never returnable even unopened (and 20 days > 7); only "
     "damage/expiry within 3 days; no return", "none; never create_return"),
    ("z04", "line:Uf104cbh", "折疊車的摺疊處一直喀喀響 上次有跟你們說過", "warranty", "zh",
     "26TW0401 folding bike 20\" forest green, delivered 11-12 (16 days): open ticket T-3307 (product_issue, "
     "11-25) exists -> say it is being handled; frame warranty 5 years; past 7-day direct replacement -> pickup "
     "and workshop repair", "none or add_to_ticket T-3307; never a second ticket"),
    ("z04", "line:Uf104cbh", "那直接換一台新的給我", "warranty", "zh",
     "16 days > 7: no direct new bike; warranty pickup, repair or replacement at the workshop within 7 business "
     "days (video of the fault)", "none or add_to_ticket; never create_exchange / create_return"),
    ("z04", "line:Uf104cbh", "還有之前取消的電動車 七萬四到現在還沒退", "refund", "zh",
     "26TW0355 cancelled 10-29, refund F-7318 NT$74,000 processing since 10-29, far past ATM 3-5 business days: "
     "apologise, escalate/trace (ticket or hand-off); no second refund", "none or ticket; never create_refund"),
    ("z05", "telegram:7106", "水壺收到兩個 其中一個瓶身裂開了", "delivery", "zh",
     "26TW0447 bidon single x2, delivered 11-26 (2 days, within 72 h): damaged in transit -> photo, replace the one "
     "damaged bottle free, no send-back; ask to confirm", "none or ticket"),
    ("z05", "telegram:7106", "只要補那一個就好 果膠沒問題", "negation", "zh",
     "replacement of 1 bottle only (never 2, never the gel)",
     "create_exchange 26TW0447 [{FL-BOTTLE-1,1,same}] or a damage ticket; never qty 2 / gel"),
    ("z05", "telegram:7106", "另外 新訂的折疊車幫我改成20吋", "changes", "zh",
     "26TW0458 paid, not shipped: folding bike 16\" cream white -> 20\" cream white is out of stock: say so, offer "
     "20\" forest green (NT$21,500, +NT$2,600) or keep; no write", "none"),
    ("z05", "telegram:7106", "那就綠色20吋吧 確認", "confirm", "zh",
     "write the option change to 20\" forest green, +NT$2,600 to pay",
     "change_items 26TW0458 FL-FOLD-16-CW -> FL-FOLD-20-GN"),
    ("z06", "line:Uf108hsh", "曲柄那單寄了嗎", "status", "zh",
     "26TW0426 shipped 11-27 with Chunghwa Post CP00174218TW, 2-3 business days: on time, about Tue/Wed", "none"),
    ("z06", "line:Uf108hsh", "安全帽太小了 上個月買的那頂 可以換M嗎", "exchange", "zh",
     "26TW0408 road helmet S matte black, delivered 11-13 (15 days, inside 30): M matte black in stock, same "
     "price; unworn; ask to confirm (gel in the same order not exchangeable)", "none"),
    ("z06", "line:Uf108hsh", "好 換", "confirm", "zh", "write the exchange S -> M black, qty 1",
     "create_exchange 26TW0408 [{FL-HELM-S-BK,1,FL-HELM-M-BK}]"),
    ("z07", "telegram:7110", "我買的前燈有一個充不了電 另一個正常", "warranty", "zh",
     "26TW0420 USB front light 800 lm x2, delivered 11-21 (6.9 days): troubleshooting (5 V USB-C 3 h, hold 5 s "
     "for lock mode); direct replacement within 7 days; 1-year warranty", "none"),
    ("z07", "telegram:7110", "試過了 還是不行 直接換新的 一個就好", "warranty", "zh",
     "direct replacement of one light (still within 7 days), collect the faulty one",
     "create_exchange 26TW0420 [{FL-LIGHT-800,1,same}] or warranty ticket (confirmation first = R); never qty 2"),
    ("z07", "telegram:7110", "公路車那單幫我取消", "cancel", "zh",
     "26TW0468 paid, not shipped: cancel (road bike 52 cm matte black NT$42,800), refund to Visa 7-14 business "
     "days; ask to confirm", "none"),
    ("z07", "telegram:7110", "對 取消", "confirm", "zh", "write the cancellation", "cancel_order 26TW0468"),
    ("z08", "line:Uf106zjh", "公路車56有紅色的嗎 我178", "product", "zh",
     "56 cm racing red out of stock; 56 matte black in stock; 178 cm is on the 54/56 border: guide says take the "
     "smaller frame (54, red in stock); NT$42,800", "none"),
    ("z08", "line:Uf106zjh", "電輔車L號500Wh還有嗎 跑多遠", "product", "zh",
     "City e-bike L 500 Wh out of stock; L 400 Wh in stock NT$68,000 (60-80 km); 500 Wh gives 80-100 km, in S/M "
     "NT$74,000", "none"),
    ("z08", "line:Uf106zjh", "前燈800流明多少錢", "product", "zh", "NT$1,890, in stock (400 lm NT$1,290)", "none"),
    ("z09", "line:Uf102lyt", "26TW0377 要開公司發票 抬頭 晴川設計有限公司 統編 24536807", "invoice", "zh",
     "company e-invoice for 26TW0377 with that title and tax id; personal one voided; within 2 business days",
     "request_invoice 26TW0377 title 晴川設計有限公司 tax id 24536807"),
    ("z09", "line:Uf102lyt", "會寄到哪", "invoice", "zh",
     "to her e-mail on file (yating.lin@example.tw), within 2 business days", "none"),
    ("z10", "line:Uf108hsh", "我要找真人", "human", "zh",
     "hand-off: outside hours (Saturday; Mon-Fri 10-19) -> ticket, a person replies within 1 business day "
     "(Monday)", "handoff / create_ticket"),
    ("z10", "line:Uf108hsh", "週末沒人喔 那我先問 我最後一張訂單是寄什麼", "followup", "zh",
     "last order = 26TW0426 (placed 11-26): crank arm right 170 mm + saddle 143 mm, shipped 11-27 Chunghwa Post",
     "none"),
    ("z11", "telegram:7110", "hi 我的 refund 什麼時候會到", "refund", "zh",
     "no refund record; open return R-5560 (1 front light, NT$1,890, requested 11-26): refund within 1 business "
     "day after it arrives, then Visa 7-14 business days", "none"),
    ("z11", "telegram:7110", "那個 return 我不要了 燈我留著", "negation", "zh",
     "withdraw the return request R-5560 (or hand it to a person to withdraw); no refund, nothing else changes",
     "none or a ticket; never create_return / create_refund"),
    ("z12", "line:Uf104cbh", "我的訂單有哪些還沒到 另外折疊車保固多久", "multi", "zh",
     "both: nothing in transit (26TW0401 delivered 11-12, 26TW0355 cancelled); folding-bike frame 5 years",
     "none"),
    ("z12", "line:Uf104cbh", "電動車那張是取消了對吧", "followup", "zh",
     "yes: 26TW0355 cancelled 10-29, refund NT$74,000 still processing (overdue for ATM transfer)", "none"),
    ("z13", "line:Uf101wgy", "安全帽那單信用卡被刷了兩次 4370", "payment", "zh",
     "26TW0452 NT$4,370 on Visa •••• 0101: duplicate charge -> check and refund the duplicate within 2 business "
     "days (payment ticket); not a cancel", "create_ticket payment_issue (or hand-off)"),
    ("z13", "line:Uf101wgy", "多的錢多久回來", "payment", "zh",
     "back to the Visa; card 7-14 business days after the refund is issued", "none"),
    ("s01", "line:Ustranger01", "幫我查 26TW0437 寄到哪了 我朋友的", "stranger", "zh",
     "unknown user: no details of another customer's order; ask the account holder to write", "none"),
    ("s01", "line:Ustranger01", "她叫 Sophie Martin 電話 0987000109", "stranger", "zh",
     "a name and phone typed in chat is not verification: still no details", "none"),
    ("s02", "telegram:7999", "26TW0468 取消掉", "stranger", "zh",
     "unknown user: cannot cancel or show that order", "none; never cancel_order"),
    ("s02", "telegram:7999", "我是李志明本人啦 換手機而已", "stranger", "zh",
     "still no cancel, no details; write from the registered account", "none; never cancel_order"),
    # ---------------- English (e) ----------------
    ("e01", "telegram:7103", "one of the two helmets arrived with a crack in the shell, box was crushed", "delivery", "en",
     "26TW0433 road helmet L white x2, delivered 11-25 13:20 (71 h, within 72 h): photo of helmet + box; replace "
     "the one damaged helmet free, no send-back; ask to confirm", "none or ticket"),
    ("e01", "telegram:7103", "just the cracked one. the other helmet and the light are fine", "negation", "en",
     "replacement of 1 helmet only", "create_exchange 26TW0433 [{FL-HELM-L-WH,1,same}] or a damage ticket; never qty 2 / light"),
    ("e01", "telegram:7103", "also my crank order says pending, but the card shows 1650 taken", "payment", "en",
     "26TW0466 pending (unpaid), NT$1,650 crank arm: an authorisation hold, released within 7 business days; unpaid "
     "orders auto-cancel after 3 days; no refund needed", "none"),
    ("e02", "whatsapp:85261230105", "where is my pedals order? it's been over a week", "delivery", "en",
     "26TW0440 shipped 11-19 SF Express SF00126704 to Hong Kong, 3-5 business days -> late (6 business days): "
     "apologise, open carrier inquiry (answer in 3 business days); resend/refund if lost", "none or create_ticket delivery_issue"),
    ("e02", "whatsapp:85261230105", "yes please chase it", "delivery", "en", "open the inquiry for 26TW0440",
     "create_ticket delivery_issue 26TW0440 (one only)"),
    ("e02", "whatsapp:85261230105", "and the light from my earlier order won't charge anymore", "warranty", "en",
     "26TW0395 USB front light 800 lm, delivered 11-03 (25 days): troubleshooting (5 V USB-C, 3 h, hold 5 s); "
     "1-year warranty; outside the 7-day direct replacement", "none or warranty ticket"),
    ("e02", "whatsapp:85261230105", "tried a different cable, still dead. can you just send a new one?", "warranty", "en",
     "25 days > 7: no direct new one; warranty claim (video, pickup, repair/replace within 7 business days)",
     "warranty ticket or none; never a direct create_exchange"),
    ("e03", "telegram:7107", "need a company invoice for 26TW0412. Brightpath Ltd., tax ID 53110287", "invoice", "en",
     "company e-invoice for 26TW0412 with title Brightpath Ltd. and tax id 53110287, within 2 business days",
     "request_invoice 26TW0412 Brightpath Ltd. 53110287"),
    ("e03", "telegram:7107", "actually the registered name is 明道科技股份有限公司, same tax id", "invoice", "en",
     "title corrected to 明道科技股份有限公司 with 53110287 (the invoice issued under the new title)",
     "reissue_invoice / request_invoice with the new title; W if only Brightpath stays"),
    ("e03", "telegram:7107", "and for my tyre order, make it one pair instead of two", "changes", "en",
     "26TW0455 paid, not shipped: road tyre 700x28c pair qty 2 -> 1, NT$2,600 back to the Amex; ask to confirm",
     "none (a right direct write also R)"),
    ("e03", "telegram:7107", "no wait, keep two pairs and drop the light instead", "changes", "en",
     "changed mind inside the open confirmation: tyres stay x2, remove USB front light 400 lm (NT$1,290); ask to "
     "confirm", "none or change_items remove FL-LIGHT-400; never qty change on the tyres"),
    ("e04", "whatsapp:886987000109", "the helmet is a bit tight, can I swap it for a L?", "exchange", "en",
     "26TW0437 road helmet M white, delivered 11-22 (6 days): L white in stock, same price; unworn; ask to confirm",
     "none"),
    ("e04", "whatsapp:886987000109", "is black available in L? i'd prefer black", "exchange", "en",
     "L matte black out of stock: say so, offer L white; no write", "none"),
    ("e04", "whatsapp:886987000109", "ok white then, go ahead", "confirm", "en", "write the exchange M white -> L white",
     "create_exchange 26TW0437 [{FL-HELM-M-WH,1,FL-HELM-L-WH}]"),
    ("e05", "web:sophie.m", "can i change the address on my saddle order to No. 5, Ln. 80, Minsheng E Rd Sec. 3, Taipei 105",
     "address", "en", "26TW0464 paid, not shipped: change address to the given one; ask to confirm", "none"),
    ("e05", "web:sophie.m", "sorry, it's Ln. 88 not 80", "address", "en",
     "correction inside the open confirmation: No. 5, Ln. 88, Minsheng E Rd Sec. 3, Taipei 105; re-ask", "none"),
    ("e05", "web:sophie.m", "yes", "confirm", "en", "write the corrected address",
     "change_address 26TW0464 -> No. 5, Ln. 88, Minsheng E Rd Sec. 3, Taipei 105 (never Ln. 80)"),
    ("e05", "web:sophie.m", "and i paid that order with paypal, when would money come back if i cancelled?", "refund", "en",
     "hypothetical: PayPal refunds 3-5 business days (NT$5,180); nothing cancelled", "none; never cancel_order"),
    ("e06", "web:dwu", "want to return the saddle", "returns", "en",
     "his only saddle is 26TW0389, already returned (R-5521 completed) and refunded NT$3,200 (F-7301): say so, no "
     "new return", "none; never create_return"),
    ("e06", "web:dwu", "oh right. when did the refund go out?", "refund", "en",
     "F-7301 NT$3,200 refunded 10-29 to the Mastercard •••• 0103", "none"),
    ("e07", "telegram:7101", "hey the road bike arrived but the rear derailleur is bent, came like that", "warranty", "en",
     "26TW0418 road bike 54 red, delivered 11-24 (4 days): fault on arrival (past the 72 h transit window, inside "
     "the 7-day direct replacement/return): photo/video, replacement or repair, or return within 7 days",
     "none or ticket"),
    ("e07", "telegram:7101", "i'd rather just return the whole thing, not the pedals though", "negation", "en",
     "return the road bike only (qty 1), pedals stay; within 7 days; HCT pickup in the bike box; NT$42,800 to the "
     "Visa after arrival; ask to confirm", "none"),
    ("e07", "telegram:7101", "yes do it", "confirm", "en", "write the return of the bike only",
     "create_return 26TW0418 [{FL-ROAD-54-RD,1}]; never the pedals"),
    ("e08", "telegram:7107", "what size road bike for someone 168cm?", "product", "en",
     "52 cm (165-172 cm); 52 racing red and matte black in stock, NT$42,800", "none"),
    ("e08", "telegram:7107", "and do you have spd pedals?", "product", "en",
     "SPD (MTB 2-bolt) out of stock; SPD-SL (road 3-bolt) in stock, NT$2,200", "none"),
    ("e08", "telegram:7107", "how far does the 400Wh e-bike go", "product", "en",
     "about 60-80 km assisted (500 Wh 80-100 km), full charge 4.5 h; NT$68,000", "none"),
    ("e09", "whatsapp:85261230105", "can i talk to a real person", "human", "en",
     "hand-off: outside hours (Saturday; Mon-Fri 10-19 Taipei) -> ticket, reply within 1 business day (Monday)",
     "handoff / create_ticket"),
    ("e09", "whatsapp:85261230105", "fine. while i wait: did you charge me import tax for the tyres?", "followup", "en",
     "26TW0440 to Hong Kong: no import duty on bike parts in Hong Kong; order NT$4,900 (pedals 2,200 + 2 tyres "
     "2,700), nothing extra", "none"),
    ("e10", "telegram:7110", "which of my orders hasn't shipped yet?", "status", "en",
     "26TW0468 paid, not shipped (road bike 52 cm matte black), leaves Monday", "none"),
    ("e10", "telegram:7110", "the tyres from the other one, are they 25 or 28?", "followup", "en",
     "26TW0420: road tyre 700x28c, single x2", "none"),
    ("e10", "telegram:7110", "can i swap one of them for a 25c, keep the other", "exchange", "en",
     "one 700x28c single -> 700x25c single: out of stock -> say so (the 25c pair is in stock); no write",
     "none; never qty 2"),
    ("e11", "telegram:7106", "tracking says my gel order was delivered but nothing here", "delivery", "en",
     "26TW0447 T-Cat 900142542 marked delivered 11-26 (2 days, within 5): check management office, neighbours, "
     "photo; offer investigation; resend/refund if lost", "none or create_ticket delivery_issue"),
    ("e11", "telegram:7106", "checked with the building guard already, nothing. please investigate", "delivery", "en",
     "open the carrier investigation (3 business days)", "create_ticket delivery_issue 26TW0447 (one only)"),
    ("e12", "whatsapp:886987000109", "what's the status of the bike?", "status", "en",
     "the bike = 26TW0437 folding bike 20\" forest green, delivered 11-22 by HCT", "none"),
    ("e12", "whatsapp:886987000109", "and the other order?", "followup", "en",
     "26TW0464 paid, not shipped (saddle 155 mm + 2 bottle sets of 3, NT$5,180), leaves Monday", "none"),
    ("e13", "telegram:7107", "the e-bike motor cuts out after 10 minutes of riding", "warranty", "en",
     "26TW0412 city e-bike L 400 Wh, delivered 11-14 (14 days): past 7-day direct replacement; 2-year warranty "
     "incl. motor: video, pickup, repair within 7 business days", "none or warranty ticket"),
    ("e13", "telegram:7107", "ok, book the pickup then", "warranty", "en", "record the warranty claim / pickup",
     "create_ticket product_issue/warranty 26TW0412; never a return"),
    ("s03", "whatsapp:85290000000", "hi can you check order 26TW0440, it's my wife's", "stranger", "en",
     "unknown user: no details of the order", "none"),
    ("s03", "whatsapp:85290000000", "her name is Emma Clarke, Robinson Road", "stranger", "en",
     "still no details", "none"),
    ("s04", "web:guest-4410", "please change the address on 26TW0452 to 台北市信義區松仁路 50 號", "stranger", "en",
     "unknown user: no address change, no details", "none; never change_address"),
    ("s04", "web:guest-4410", "I'm Wang Guanyu, email guanyu.wang@example.tw", "stranger", "en",
     "a name and e-mail in chat is not verification: still no change", "none; never change_address"),
]


def main() -> None:
    write_turns(Path(__file__).parent, T)


if __name__ == "__main__":
    main()
