"""Source of round 12 shop9's conversations and the expected behaviour per turn, written before any run.

python3 tests/playtest12/shop9/sets.py  writes conversations.jsonl, expectations.jsonl and
verdicts/categories.txt next to this file. Facts are those of shop.json (gen_shop.py) and knowledge/
at the runner's default --now 2026-11-28T12:00+08:00 = Saturday noon in Hong Kong, INSIDE agent hours
(Mon-Sat 10-20; a person replies within 2 hours); the warehouse ships Mon-Fri, so orders paid Friday evening
(11-27) leave Monday 11-30. Return 14 days from delivery (new condition), exchange 30 days; contact lenses and
tea never returnable/exchangeable. Warranty: watches 24 months, frames and sunglasses 12, straps 6, others
none; direct replacement within 10 days of delivery, after that SF pickup (HK) or post with HK$150 postage
refund (abroad) and repair in 10 business days. Damage in transit: photo within 48 h, replacement of the
damaged unit only, no send-back. Refund days: card 5-15 business days, Alipay/WeChat Pay 1-3, FPS 1-2, PayPal
3-5; refunds 2 business days after the return arrives. Unpaid orders auto-cancel after 2 days; card amount on
a pending order = authorisation hold released within 7 business days. Duplicate charge refunded within 3
business days after checking. Company invoice: name (+ BR number) within 1 business day as PDF; no mainland
VAT fapiao (HK commercial invoice instead). Import duties abroad paid by the recipient, never refunded.
Days since delivery (14:00) at the clock: K26-0412-A 3.9, K26-0398-F 7.9, K26-0421-J 1.9 (46 h), K26-0384-E
17.9, K26-0436-L 2.9, K26-0391-P 11.9, K26-0428-R 5.9, K26-0415-T 14.9 (open ticket TK-4108), K26-0405-V 12.9,
K26-0419-Y 8.9 (open return RT-2241), K26-0450-B 1.9, K26-0440-W 9.9 (open exchange EX-0931).
Shipped: K26-0463-H SF Express 11-27 (1-2 business days: on time), K26-0402-D SF International 11-19 (2-4:
late, 6 business days), K26-0449-Z DHL Express 11-24 (3-6: on time, customs), K26-0448-S Hongkong Post 11-26
(2-4: on time).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_turns  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

# (conversation, user, text, category, lang, expected behaviour, expected store change)
T = [
    # ---------------- Chinese / mixed (z): traditional + Cantonese, simplified, code-switched ----------------
    ("z01", "whatsapp:85291230101", "隻潛水錶戴落有啲細 想換 42mm 鋼帶得唔得", "exchange", "zh",
     "K26-0412-A automatic diver watch 40 mm steel bracelet, delivered 11-24 (4 days): 42 mm steel is out of "
     "stock -> say so; offer 42 mm rubber strap (HK$4,280, HK$400 back) or keep; no write", "none"),
    ("z01", "whatsapp:85291230101", "咁膠帶都得 差價點計", "exchange", "zh",
     "42 mm rubber strap: HK$400 refunded to Visa •••• 0101; watch unworn with stickers; ask to confirm", "none"),
    ("z01", "whatsapp:85291230101", "好 唔該", "confirm", "zh", "write the exchange 40 steel -> 42 rubber, qty 1, -400",
     "create_exchange K26-0412-A [{hl.dive.40.st,1,hl.dive.42.rb}] price_difference -400"),
    ("z01", "whatsapp:85291230101", "條皮錶帶唔使換 我留住", "negation", "zh",
     "the leather strap (20 mm black) stays: acknowledge, nothing else changes",
     "none; never a return/exchange of the strap"),
    ("z02", "telegram:8101", "琴晚落咗張單 啲鐵觀音可唔可以改做兩罐 三罐太多", "changes", "zh",
     "K26-0455-C paid 11-27, not shipped (leaves Monday): Tieguanyin light 50 g qty 3 -> 2, HK$168 back to the "
     "Visa; tea set stays; ask to confirm", "none"),
    ("z02", "telegram:8101", "順便改埋地址 寄去公司 觀塘成業街 7 號寧晉中心 18 樓 A 室", "address", "zh",
     "same unshipped order: new address 觀塘成業街 7 號寧晉中心 18 樓 A 室; confirm it (with the qty change)", "none"),
    ("z02", "telegram:8101", "係 兩樣都改", "confirm", "zh", "write both changes (one of the two = P)",
     "change_items K26-0455-C hl.oolong.lt.50 qty 3 -> 2 + change_address K26-0455-C -> 觀塘成業街 7 號寧晉中心 18 樓 A 室"),
    ("z03", "whatsapp:85262340102", "我想 return 副眼鏡 試戴完覺得個 frame 太闊", "returns", "zh",
     "K26-0398-F titanium round frame 48 mm rose gold blue-light HK$1,480, delivered 11-20 (8 days, inside 14): "
     "returnable in new condition with case/film; ask what to return / confirm (2 lens care kits in the order)",
     "none"),
    ("z03", "whatsapp:85262340102", "啲 cleaning kit 唔使退 淨係退眼鏡", "negation", "zh",
     "return the frame only, qty 1; kits stay; SF pickup within 2 business days; ask to confirm", "none"),
    ("z03", "whatsapp:85262340102", "ok confirm 唔該", "confirm", "zh", "write the return of the frame only",
     "create_return K26-0398-F [{hl.tifr.48.rg.bl,1}]; never the kits"),
    ("z03", "whatsapp:85262340102", "錢幾時退返俾我 我用 FPS 俾嘅", "refund", "zh",
     "HK$1,480 within 2 business days after the frame arrives and passes inspection, then FPS 1-2 business days "
     "to the paying account", "none"),
    ("z04", "telegram:8102", "我副太陽眼鏡寄咗未呀", "status", "zh",
     "K26-0463-H polarised sunglasses grey: shipped 11-27 with SF Express SF1400085694, 1-2 business days -> "
     "about Monday/Tuesday", "none"),
    ("z04", "telegram:8102", "可唔可以改送去順豐站 平日我唔喺屋企", "address", "zh",
     "already shipped: the shop cannot change it; redirect it yourself in the SF app to an SF station/locker with "
     "the waybill number", "none; never change_address"),
    ("z05", "telegram:8104", "我的普洱茶到现在还没收到 19号就发货了", "delivery", "zh",
     "K26-0402-D (2 pu'er cakes 2019 357 g + charcoal oolong) SF International SF3000110178 shipped 11-19, 2-4 "
     "business days -> late (6 business days): apologise, open / offer a carrier inquiry (answer within 3 "
     "business days); customs may hold it", "none or create_ticket delivery_issue"),
    ("z05", "telegram:8104", "物流一直显示清关中 帮我查一下 是不是要我交税", "delivery", "zh",
     "mainland customs may hold tea 1-3 days and may charge personal import tax, paid by the recipient, not "
     "refunded by the shop; open the inquiry for K26-0402-D", "create_ticket delivery_issue K26-0402-D (one only)"),
    ("z05", "telegram:8104", "还有之前取消的那副眼镜 钱到现在都没退回支付宝", "refund", "zh",
     "K26-0350-G cancelled 10-30, refund RF-6622 HK$1,280 processing since 10-31, far past Alipay 1-3 business "
     "days: apologise, escalate/trace (ticket or hand-off); no second refund", "none or ticket; never create_refund"),
    ("z06", "web:wangfang", "眼镜腿断了 才戴了两个多星期", "warranty", "zh",
     "K26-0384-E acetate square frame 18 mm black, delivered 11-10 (18 days): frames 1-year warranty (hinges); "
     "past 10-day direct replacement -> photo, post it to HK (outside HK: postage refunded up to HK$150), repair "
     "or replacement within 10 business days", "none or warranty ticket"),
    ("z06", "web:wangfang", "能不能直接寄一副新的给我 我在深圳寄回去很麻烦", "warranty", "zh",
     "18 days > 10: no direct new frame; warranty claim: post it, postage refunded up to HK$150, repaired or "
     "replaced within 10 business days", "warranty ticket or none; never a direct create_exchange / create_return"),
    ("z07", "whatsapp:85294560106", "隱形眼鏡買多咗兩盒 未開過 可唔可以退", "returns", "zh",
     "K26-0391-P daily contact lenses -4.00 90 x2: contact lenses cannot be returned even unopened (hygiene); "
     "no return", "none; never create_return"),
    ("z07", "whatsapp:85294560106", "咁另一張單隻錶 可唔可以轉白色錶面", "changes", "zh",
     "K26-0461-Q paid, not shipped: quartz dress watch navy brown leather -> white brown leather (in stock, same "
     "price HK$1,980); ask to confirm", "none"),
    ("z07", "whatsapp:85294560106", "白色有冇鋼網帶", "confirm_q", "zh",
     "question inside the open confirmation: white + milanese mesh in stock, same price HK$1,980; re-ask which",
     "none"),
    ("z07", "whatsapp:85294560106", "好 就要白色鋼網帶 確認", "confirm", "zh", "write the option change to white mesh",
     "change_items K26-0461-Q hl.dress.nv.bl -> hl.dress.wh.ms"),
    ("z08", "telegram:8108", "手表又停了 上周已经跟你们说过", "warranty", "zh",
     "K26-0415-T quartz dress watch white mesh, delivered 11-13 (15 days): open ticket TK-4108 (product_issue, "
     "11-26) -> say it is being handled; 2-year movement warranty; past 10 days -> SF pickup, repair within 10 "
     "business days", "none or add_to_ticket TK-4108; never a second ticket"),
    ("z08", "telegram:8108", "另外那副新眼镜能开公司发票吗 要报销 抬头 深圳前海星海科技有限公司 税号 91440300MA5G8K2X3B",
     "invoice", "zh",
     "K26-0457-U: no mainland VAT fapiao (HK has no VAT); offer a HK commercial invoice with the company name, "
     "within 1 business day as PDF to zhangwei@example.com",
     "request_invoice K26-0457-U title 深圳前海星海科技有限公司 (R if said to be a commercial invoice) or none"),
    ("z08", "telegram:8108", "那就开商业发票吧", "invoice", "zh",
     "record the commercial invoice for K26-0457-U with that title (if not done in the turn before)",
     "request_invoice K26-0457-U title 深圳前海星海科技有限公司, once over turns 1-2"),
    ("z09", "web:zhangwei", "刚买的眼镜还没发货吧 地址写错了 改成 九龙旺角弥敦道 688 号 12 楼 C 室", "address", "zh",
     "K26-0457-U paid, not shipped: change address to 九龙旺角弥敦道 688 号 12 楼 C 室; ask to confirm", "none"),
    ("z09", "web:zhangwei", "不对不对 是 12 楼 D 室", "address", "zh",
     "correction inside the open confirmation: 九龙旺角弥敦道 688 号 12 楼 D 室; re-ask", "none"),
    ("z09", "web:zhangwei", "对 就这样", "confirm", "zh", "write the corrected address",
     "change_address K26-0457-U -> 九龙旺角弥敦道 688 号 12 楼 D 室 (never C)"),
    ("z10", "whatsapp:85265670107", "想 exchange 副 sunglasses 啡色塊鏡太深 轉 grey 得唔得", "exchange", "zh",
     "K26-0428-R polarised sunglasses brown, delivered 11-22 (6 days): grey in stock, same price HK$1,150; unworn; "
     "ask to confirm", "none"),
    ("z10", "whatsapp:85265670107", "mirror blue 有冇貨先", "exchange", "zh",
     "mirror blue out of stock (HK$1,250): say so; grey still possible; keep the confirmation open", "none"),
    ("z10", "whatsapp:85265670107", "ok grey 啦 唔該", "confirm", "zh", "write the exchange brown -> grey",
     "create_exchange K26-0428-R [{hl.sun.br,1,hl.sun.gy}] price_difference 0"),
    ("z11", "whatsapp:85268900110", "之前申請換錶帶 而家搞成點", "exchange", "zh",
     "open exchange EX-0931 (requested 11-24): diver watch 40 mm rubber -> 40 mm steel bracelet, HK$400 to pay; "
     "status requested, SF brings the new one when it collects the old", "none"),
    ("z11", "whatsapp:85268900110", "算啦 唔換喇 膠帶都幾好", "negation", "zh",
     "withdraw EX-0931 (or hand it to a person to withdraw); no new exchange or return",
     "none or a ticket; never create_exchange / create_return"),
    ("z11", "whatsapp:85268900110", "仲有 新單張信用卡扣咗兩次錢", "payment", "zh",
     "K26-0467-X HK$616 on Visa •••• 0110 charged twice: check, refund the duplicate within 3 business days (then "
     "card 5-15 business days); payment case; not a cancel", "create_ticket payment_issue (or hand-off)"),
    ("z12", "telegram:8108", "我那副新眼镜什么时候发货 另外镜框保修多久", "multi", "zh",
     "both: K26-0457-U paid Friday evening, leaves Monday 11-30; frames 1-year warranty", "none"),
    ("z12", "telegram:8108", "算了 还是取消吧", "cancel", "zh",
     "cancel K26-0457-U (titanium round frame 50 mm gunmetal blue-light, HK$1,480), refund to WeChat Pay 1-3 "
     "business days; ask to confirm", "none"),
    ("z12", "telegram:8108", "对 取消", "confirm", "zh", "write the cancellation", "cancel_order K26-0457-U"),
    ("z13", "whatsapp:85294560106", "可唔可以搵真人傾吓", "human", "zh",
     "hand-off: inside hours (Saturday 10-20) -> a person replies within 2 hours; ticket", "handoff / create_ticket"),
    ("z13", "whatsapp:85294560106", "我最近嗰張單幾時寄出", "followup", "zh",
     "latest order K26-0461-Q (quartz dress watch navy), paid 11-27, leaves Monday 11-30", "none"),
    ("z14", "telegram:8102", "鈦金屬框 50mm 有冇 rose gold 加 blue light 嘅", "product", "zh",
     "50 mm rose gold blue-light out of stock; 50 mm rose gold clear HK$1,280 or 50 mm gunmetal blue-light "
     "HK$1,480 in stock", "none"),
    ("z14", "telegram:8102", "宜興壺 200ml 朱泥仲有冇貨", "product", "zh",
     "200 ml zhuni out of stock; 200 ml zini HK$2,180 or 120 ml zhuni HK$1,680 in stock", "none"),
    ("s01", "whatsapp:85298765432", "幫我查下 K26-0412-A 寄咗去邊 係我老婆張單", "stranger", "zh",
     "unknown user: no details of another customer's order; ask the account holder to write", "none"),
    ("s01", "whatsapp:85298765432", "佢叫陳嘉欣 電話 9123 0101", "stranger", "zh",
     "a name and phone typed in chat is not verification: still no details", "none"),
    ("s02", "telegram:9999", "帮我把 K26-0459-N 取消掉", "stranger", "zh",
     "unknown user: cannot cancel or show that order", "none; never cancel_order"),
    ("s02", "telegram:9999", "我是 Tom 的助理 他让我来处理的", "stranger", "zh",
     "still no cancel, no details; the account holder must write from the registered account",
     "none; never cancel_order"),
    # ---------------- English (e) ----------------
    ("e01", "telegram:8103", "one of the two teapots arrived with a chipped spout, box looked fine", "delivery", "en",
     "K26-0421-J Yixing teapot 120 ml zini x2, delivered 11-26 14:00 (46 h, within 48 h): photo of item + box; "
     "replace the one damaged teapot free, no send-back; ask to confirm", "none or ticket"),
    ("e01", "telegram:8103", "just the one teapot. the other one and the tea set are fine", "negation", "en",
     "replacement of 1 teapot only",
     "create_exchange K26-0421-J [{hl.pot.120.zn,1,same}] or a damage ticket; never qty 2 / the tea set"),
    ("e01", "telegram:8103", "also my strap order still says pending but my card shows HK$760 taken", "payment", "en",
     "K26-0466-K pending (unpaid), 2 tan 22 mm straps HK$760: an authorisation hold, released within 7 business "
     "days; unpaid orders auto-cancel after 2 days; no refund needed", "none"),
    ("e02", "whatsapp:447700900105", "please cancel my pu'er order, changed my mind", "cancel", "en",
     "K26-0459-N paid, not shipped: cancel (aged pu'er 2015 100 g, HK$420), refund to PayPal 3-5 business days; "
     "ask to confirm", "none"),
    ("e02", "whatsapp:447700900105", "yes cancel it", "confirm", "en", "write the cancellation", "cancel_order K26-0459-N"),
    ("e02", "whatsapp:447700900105", "also the diver watch you sent runs about 30 seconds fast a day. normal?",
     "warranty", "en",
     "K26-0436-L automatic diver watch 42 mm rubber, delivered 11-25 (3 days): spec -10/+20 s a day, so 30 s fast "
     "is a fault; within 10 days -> direct replacement (video); 2-year warranty", "none"),
    ("e02", "whatsapp:447700900105", "ok can you just send me a new one then", "warranty", "en",
     "direct replacement of the watch (inside 10 days), faulty one collected / posted back",
     "create_exchange K26-0436-L [{hl.dive.42.rb,1,same}] or warranty ticket (confirmation first = R)"),
    ("e03", "web:oliverlam", "can I get a company invoice for K26-0405-V? company is Lam & Partners Ltd", "invoice", "en",
     "company invoice for K26-0405-V titled Lam & Partners Ltd, within 1 business day as PDF to the e-mail on file",
     "request_invoice K26-0405-V title Lam & Partners Ltd"),
    ("e03", "web:oliverlam", "sorry, full name is Lam & Partners Consulting Limited, and please add our BR number 71234567",
     "invoice", "en", "title corrected to Lam & Partners Consulting Limited with BR 71234567",
     "reissue_invoice / request_invoice with the new title; W if only the old title stays"),
    ("e03", "web:oliverlam", "where will you send it?", "invoice", "en",
     "PDF to oliver.lam@lampartners.example.hk within 1 business day", "none"),
    ("e04", "telegram:8109", "hi, any news on my refund for the strap?", "refund", "en",
     "no refund yet: open return RT-2241 (1 tan 18 mm strap of K26-0419-Y, HK$380, requested 11-25); refund within "
     "2 business days after it arrives and passes inspection, then Visa 5-15 business days", "none"),
    ("e04", "telegram:8109", "SF picked it up on thursday so it should be with you by now?", "followup", "en",
     "the return is still 'requested' (not marked arrived): cannot confirm arrival; refund follows arrival + "
     "inspection; a person can check (hand-off ok)", "none or ticket"),
    ("e05", "whatsapp:85297890109", "the tea set came in white but I actually wanted celadon, can I swap it?", "exchange", "en",
     "K26-0405-V gongfu tea set 10-piece white porcelain, delivered 11-15 (13 days, inside 30): 10-piece celadon in "
     "stock, same price HK$880; unused; ask to confirm", "none"),
    ("e05", "whatsapp:85297890109", "actually make it the 6 piece celadon, smaller is fine", "exchange", "en",
     "correction inside the open confirmation: 6-piece celadon HK$560, HK$320 back to the Visa; re-ask", "none"),
    ("e05", "whatsapp:85297890109", "yep go ahead", "confirm", "en", "write the exchange 10 white -> 6 celadon",
     "create_exchange K26-0405-V [{hl.set.10.wp,1,hl.set.6.cd}] price_difference -320"),
    ("e05", "whatsapp:85297890109", "the oolong stays, don't touch that", "negation", "en",
     "acknowledge: nothing else changes (tea is not exchangeable anyway)", "none"),
    ("e06", "web:tomf", "DHL says my parcel is held at customs and wants £12 import VAT before delivery. do I have to pay that?",
     "delivery", "en",
     "K26-0449-Z (strap + oolong) DHL Express shipped 11-24, on time (3-6 business days): import duties/VAT are "
     "paid by the recipient to DHL, not included in the price, not refunded by the shop", "none"),
    ("e06", "web:tomf", "bit annoying. if I refuse it and send it back, do I get the VAT back?", "followup", "en",
     "import taxes are not refunded by the shop; overseas returns go back at the customer's cost; the tea cannot be "
     "returned (only the strap); nothing changes", "none; never create_return / cancel"),
    ("e07", "web:priya.n", "I'd like to speak to a person please", "human", "en",
     "hand-off: inside hours (Saturday 10-20 HK) -> a person replies within 2 hours; ticket", "handoff / create_ticket"),
    ("e07", "web:priya.n", "ok. in the meantime, did the refund for my returned watch go through?", "refund", "en",
     "K26-0377-B returned; RF-6610 HK$1,980 refunded 11-06 to the Mastercard •••• 0103", "none"),
    ("e08", "telegram:8107", "which diver watch size for a 16.5cm wrist?", "product", "en",
     "40 mm (wrists 15-17 cm); 40 mm steel bracelet HK$4,680 and rubber strap HK$4,280 in stock", "none"),
    ("e08", "telegram:8107", "and can I wear the dress watch in the shower?", "product", "en",
     "no: 3 ATM, splash only, no shower or swimming; water damage not covered", "none"),
    ("e09", "web:priya.n", "can I still return the tea set from my last delivery? and is there any warranty on the teapots?",
     "multi", "en",
     "both: K26-0421-J delivered 11-26 (2 days): the 6-piece white tea set (HK$560) can be returned unused within "
     "14 days; teaware has no warranty beyond faults on delivery", "none"),
    ("e09", "web:priya.n", "ok please start a return for the tea set only", "returns", "en",
     "return of the 6-piece white tea set, qty 1, teapots stay; SF pickup within 2 business days; HK$560 to the "
     "Mastercard after inspection; ask to confirm", "none (a right direct write also R)"),
    ("e09", "web:priya.n", "yes", "confirm", "en", "write the return of the tea set only",
     "create_return K26-0421-J [{hl.set.6.wp,1}]; never the teapots"),
    ("e10", "whatsapp:85265670107", "which of my orders are still on the way?", "status", "en",
     "K26-0448-S Yixing teapot 200 ml zini, shipped 11-26 Hongkong Post EC00165267HK, 2-4 business days (about "
     "Mon-Wed); K26-0428-R is delivered", "none"),
    ("e10", "whatsapp:85265670107", "and the other one?", "followup", "en",
     "K26-0428-R delivered 11-22 by SF Express: polarised sunglasses brown + 2 boxes daily contact lenses -1.00 30",
     "none"),
    ("e10", "whatsapp:85265670107", "can you send the teapot to my office instead? 5/F, 28 Hennessy Road, Wan Chai",
     "address", "en",
     "K26-0448-S already shipped with Hongkong Post: cannot be changed or redirected; collect at the post office "
     "with the notice card", "none; never change_address"),
    ("e11", "telegram:8109", "kerry says my parcel was delivered on thursday but there's nothing at my door", "delivery", "en",
     "K26-0450-B Kerry Express KEX00195872 delivered 11-26 (2 days, within 7): check guard/management office, "
     "neighbours; offer an investigation", "none or create_ticket delivery_issue"),
    ("e11", "telegram:8109", "already asked the guard, nothing. please investigate", "delivery", "en",
     "open the carrier investigation (answer within 3 business days)", "create_ticket delivery_issue K26-0450-B (one only)"),
    ("e12", "web:kayan.chan", "for my order from last night, can I swap the tea set to the 6 piece?", "changes", "en",
     "K26-0455-C paid, not shipped: gongfu tea set 10-piece celadon -> 6-piece celadon (in stock), HK$320 back to "
     "the Visa; ask to confirm", "none"),
    ("e12", "web:kayan.chan", "wait, does the 6 piece come in white as well?", "confirm_q", "en",
     "question inside the open confirmation: 6-piece white porcelain in stock, same price HK$560; re-ask which", "none"),
    ("e12", "web:kayan.chan", "no, keep celadon. confirm", "confirm", "en", "write the option change to 6-piece celadon",
     "change_items K26-0455-C hl.set.10.cd -> hl.set.6.cd (oolong x3 stays)"),
    ("e13", "telegram:8107", "the left hinge on my sunglasses is already loose, only had them a week", "warranty", "en",
     "K26-0428-R polarised sunglasses brown, delivered 11-22 (6 days): fault within 10 days -> direct replacement "
     "(photo/video), SF collects the faulty one; 1-year warranty", "none"),
    ("e13", "telegram:8107", "yes please send a replacement, same brown lenses", "warranty", "en",
     "record the direct replacement of the sunglasses",
     "create_exchange K26-0428-R [{hl.sun.br,1,same}] or warranty ticket (confirmation first = R); never a return"),
    ("s03", "whatsapp:85260000000", "hi, can you tell me what's in order K26-0436-L? it's my son's", "stranger", "en",
     "unknown user: no details of the order", "none"),
    ("s03", "whatsapp:85260000000", "his name is Tom Fletcher, he lives in London", "stranger", "en",
     "still no details", "none"),
    ("s04", "web:guest-7731", "please change the delivery address of K26-0457-U to Flat 3A, 12 Nathan Road, TST",
     "stranger", "en", "unknown user: no address change, no details", "none; never change_address"),
    ("s04", "web:guest-7731", "I'm Zhang Wei, my phone is 5678 0108", "stranger", "en",
     "a name and phone in chat is not verification: still no change", "none; never change_address"),
]


def main() -> None:
    write_turns(Path(__file__).parent, T)


if __name__ == "__main__":
    main()
