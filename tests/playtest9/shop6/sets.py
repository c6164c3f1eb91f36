"""Source of round 9 shop6's conversations and the expected behaviour per turn, written before any run.

python3 tests/playtest9/shop6/sets.py  writes conversations.jsonl, expectations.jsonl and
verdicts/categories.txt next to this file. Facts are those of shop.json (gen_shop.py) and knowledge/
at --now 2026-11-28T12:00+08:00 = Friday 2026-11-27 20:00 in Vancouver (outside service hours,
Mon-Sat 9-18 Pacific; next answer Saturday 9:00). Return window 21 days from delivery, exchange 35
days; custom_made (curtains) and consumables (candles: opened ones) not returnable; unrolled
mattresses not returnable (comfort exchange once within 35 days, CAD 99). Warranty: mattresses 120
months, furniture 60, lighting 24, bedding/curtains 12; direct replacement within 30 days of delivery.
CAD (Daniel Ruiz, Seattle: USD). Refund days: card 5-7 business days, PayPal 2-3, Alipay/WeChat Pay 1-3,
Interac 3-5, gift card immediately. Change-of-mind return fee CAD 15.
Days since delivery at the clock: 2610/0117 41, 2611/0008 17, 2611/0002 26, 2611/0029 5, 2611/0035 7,
2611/0047 8, 2611/0055 1. Shipped: 2611/0051 (11-18, 7 business days), 2611/0019 (11-21, 5), 2611/0060 (11-25, 2).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_turns  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

# (conversation, user, text, category, lang, expected behaviour, expected store change)
T = [
    # ---------------- Chinese / mixed (z) ----------------
    ("z01", "wechat:lijing_rmd", "床垫都发货9天了 还是没人打电话约送货时间 上周我已经找过你们一次了", "delivery", "zh",
     "2611/0051 Queen firm mattress, Northline White Glove, shipped 11-18 (7 business days): the booking call "
     "(within 3 business days of dispatch) is overdue; open ticket CS-3390 (delivery_issue, 11-25) already exists: "
     "say the investigation is running (up to 5 business days), add to it, no duplicate ticket", "none or add_to_ticket CS-3390"),
    ("z01", "wechat:lijing_rmd", "算了 不想等了 直接给我退款", "delivery", "zh",
     "undelivered shipped order: not a return and not a cancel; refund in full if Northline cannot find/deliver it: "
     "note the refund wish on the open ticket / escalate, say when", "none or add_to_ticket; never create_return/cancel_order"),
    ("z01", "wechat:lijing_rmd", "还有之前那个被套退货 面单到底什么时候发我", "returns", "zh",
     "existing return RT-5031 (2611/0008, Queen sage duvet cover, status requested, CAD 174 to Mastercard after the "
     "CAD 15 fee): Canada Post label by e-mail, send back within 14 days; no new return", "none"),
    ("z02", "telegram:7204", "上周买的灯泡有一个怎么都连不上wifi 重置也试过了 还是不亮", "product", "zh",
     "2611/0029 Smart LED bulb E26 4-pack x2, delivered 11-22 (5 days): dark after reset = faulty; within 30 days "
     "-> direct replacement, 2-year lighting warranty, under CAD 60 no need to send back; offer replacement of one "
     "(pack), ask to confirm", "none (a ticket is fine)"),
    ("z02", "telegram:7204", "对 只换坏的那一个就行 另外吊灯的线太长了 能剪短吗", "negation", "zh",
     "replacement for the faulty bulb only (qty 1, never both packs); pendant cord can be shortened at the ceiling "
     "canopy (hard-wiring by an electrician)", "create_exchange 2611/0029 [{CL-BULB-E26-4PK,1,same}] or a warranty ticket; never qty 2"),
    ("z02", "telegram:7204", "好的 谢谢啦", "other", "zh", "short goodbye, nothing new", "none"),
    ("z03", "telegram:7204", "刚下的窗帘单 高度量错了 260要改成220 宽度不变", "changes", "zh",
     "2611/0070 paid: CL-CURT-W200-D260 x2 -> CL-CURT-W200-D220 x2 (CAD 159, stock 6), CAD 40.00 back to Visa; "
     "candle unchanged; ask to confirm", "none"),
    ("z03", "telegram:7204", "两幅都改 蜡烛别动", "negation", "zh",
     "a yes restating both panels: write both curtains (qty 2) to the 220 drop, candle kept",
     "change_items 2611/0070 -> [{CL-CURT-W200-D220,2},{CL-CANDLE-FIG-200,1}] (a correct re-confirmation = P)"),
    ("z03", "telegram:7204", "改完能开公司发票吗 抬头 温哥华磊石设计有限公司 GST号 812345678RT0001", "other", "zh",
     "business invoice for 2611/0070 with that company title and GST number, within 1 business day",
     "request_invoice 2611/0070 title 温哥华磊石设计有限公司 tax id 812345678RT0001"),
    ("z04", "wechat:zhaoxue_bby", "沙发那单十一月初就取消了 退款到现在都没到我微信", "payment", "zh",
     "2610/0098 cancelled, refund RF-7702 CAD 2699 processing since 11-02, far past WeChat Pay 1-3 business days: "
     "apologise, trace with the provider / payment ticket", "none or create_ticket payment_issue"),
    ("z04", "wechat:zhaoxue_bby", "微信那个账户我已经注销了 能退到礼品卡里吗", "payment", "zh",
     "allowed because the original method is closed: arrange to gift card •••• 9208 via the team (ticket note); "
     "no second full refund record", "ticket/hand-off; never a duplicate create_refund"),
    ("z04", "wechat:zhaoxue_bby", "还有新下的那单 枕头改成一个就行", "changes", "zh",
     "2611/0074 paid: CL-PILLOW-HI-1 x2 -> x1 (CAD 79 back to gift card); duvet kept; ask to confirm", "none"),
    ("z04", "wechat:zhaoxue_bby", "嗯 确认", "changes", "zh", "write the quantity change",
     "change_items 2611/0074 -> [{CL-DUVET-Q-OAT,1},{CL-PILLOW-HI-1,1}]"),
    ("z05", "telegram:7206", "寄香港的被套和枕头到哪了 要交关税吗", "delivery", "zh",
     "2611/0019 SF Express SF000126704, shipped 11-21 (5 business days), 6-12 business days: on time; Hong Kong "
     "charges no import duty; door or SF locker", "none"),
    ("z05", "telegram:7206", "被套我想换成燕麦色 还来得及吗", "changes", "zh",
     "already shipped: no change now; after delivery an exchange within 35 days (King oat in stock), change-of-mind "
     "return shipping from abroad at own cost", "none"),
    ("z05", "telegram:7206", "好吧 枕头是两对对吧 我记得只买了一对", "followup", "zh",
     "order has Goose-down pillow low loft pair x2 = two pairs (CAD 278)", "none"),
    ("z06", "telegram:7202", "蜡烛买了三个 点了一个 剩下两个没拆能退吗", "returns", "zh",
     "2611/0008 3x soy candle cedar 200 g, delivered 11-10 (17 days, window 21): the two unopened can go back, the "
     "lit one cannot; CAD 15 fee; RT-5031 for the duvet already open; ask to confirm a return of 2", "none"),
    ("z06", "telegram:7202", "就退没拆的那两个", "negation", "zh", "return of 2 candles, not 3, duvet not added",
     "create_return 2611/0008 [{CL-CANDLE-CED-200,2}]"),
    ("z07", "telegram:7208", "想问下那个转角沙发 右贵妃的奶白色还有货吗 送到本拿比大概多久", "product", "zh",
     "Kitsilano sectional right chaise boucle cream out of stock; right velvet forest green (CAD 2699) and left "
     "boucle cream (2499) in stock; Northline White Glove 5-10 business days after dispatch", "none"),
    ("z07", "telegram:7208", "那左边的呢 左右是按坐着看还是站着看", "followup", "zh",
     "left chaise boucle cream in stock, CAD 2499; chaise side orientation not in the shop texts: say so / offer the "
     "team, no invention", "none"),
    ("z08", "whatsapp:16045550203", "我的sofa order还是pending 我昨天已经e-transfer了啊", "payment", "zh",
     "2611/0063 pending (Interac e-Transfer, CAD 2499): held until the transfer arrives, auto-cancel after 72 h "
     "(placed 11-26); ask for the transfer confirmation / check with the team", "none or ticket"),
    ("z08", "whatsapp:16045550203", "如果还没到账 能不能改用Amex付", "changes", "zh",
     "payment change of the unshipped order to Amex •••• 0203; a bounced transfer returns within 30 days; ask to "
     "confirm", "none"),
    ("z08", "whatsapp:16045550203", "ok 改吧", "changes", "zh", "write the payment change",
     "change_payment 2611/0063 -> pm-v203-amex"),
    ("z08", "whatsapp:16045550203", "顺便开个公司发票 North Shore Dental Clinic, GST 798765432RT0001", "other", "zh",
     "business invoice for 2611/0063 with that title and GST number", "request_invoice 2611/0063 with title + tax id"),
    ("z09", "wechat:stranger_cn1", "你好 订单 2611/0055 床架划了一道 怎么办", "delivery", "zh",
     "stranger: no order details; general rule (report within 10 days with photos) and ask to write from the "
     "account that placed the order", "none"),
    ("z09", "wechat:stranger_cn1", "我是帮朋友问的 她叫Olivia", "other", "zh",
     "still no disclosure; the friend should contact us herself", "none"),
    ("z10", "telegram:7206", "我的万事达卡上有两笔497加元 是不是扣重了", "payment", "zh",
     "2611/0019 CAD 497 on Mastercard •••• 0206: a pending authorisation is released in 5-7 business days; if "
     "really charged twice send the two dates and the duplicate is refunded", "none or create_ticket payment_issue"),
    ("z10", "telegram:7206", "两笔都是11月19号 都已经入账了 不是pending", "followup", "zh",
     "a real double charge: refund the duplicate (escalate / ticket), say when (5-7 business days to card)",
     "create_ticket payment_issue (or a duplicate refund of 497)"),
    ("z11", "telegram:7208", "新订单地址写错了 单元号是19不是9", "changes", "zh",
     "2611/0074 paid: address -> 3880 Grandview Hwy, Unit 19, Burnaby BC V5C 6C1; ask to confirm", "none"),
    ("z11", "telegram:7208", "对 默认地址也一起改了吧", "followup", "zh",
     "yes plus the default address: both changed (or one confirmation covering both)",
     "change_address 2611/0074 + change_default_address v208"),
    ("z12", "wechat:lijing_rmd", "我要找真人客服 电话多少", "other", "zh",
     "+1 604 555 0100 / help@; team Mon-Sat 9-18 Vancouver; now Friday 20:00 = outside hours, answer next business "
     "day (Saturday); hand-off", "none or create_ticket human_agent"),
    ("z12", "wechat:lijing_rmd", "周六你们上班吗 展厅在哪", "followup", "zh",
     "yes, Saturday 9-18; Kitsilano showroom 2286 W 4th Ave, daily 10-18", "none"),
    ("z13", "telegram:7204", "the pendant light 45cm的灯罩 能换成30cm吗 还没装", "returns", "zh",
     "2611/0029 pendant 150 cm / 45 cm, delivered 11-22 (5 days): exchange to 150 cm / 30 cm (stock 4), CAD 60 "
     "back to Alipay; ask to confirm", "none"),
    ("z13", "telegram:7204", "等下 30cm会不会太小 我餐桌1米8", "followup", "zh",
     "question inside the confirmation: no sizing advice in the texts beyond diameters, honest answer; exchange "
     "still pending, not a yes", "none"),
    ("z13", "telegram:7204", "算了 不换了", "negation", "zh", "drop the pending exchange, nothing written", "none"),
    ("z14", "wechat:stranger_cn2", "你们的智能灯泡有GU10的吗 4个装多少钱", "product", "zh",
     "GU10 4-pack CAD 49, out of stock; GU10 2-pack CAD 29 in stock; 2.4 GHz Wi-Fi", "none"),
    ("z14", "wechat:stranger_cn2", "能寄到美国西雅图吗 可以用美元付吗", "delivery", "zh",
     "yes: UPS 3-6 business days, US orders billed in USD (bulbs USD 22 / 36)", "none"),
    # ---------------- English (e) ----------------
    ("e01", "telegram:7201", "can I switch the bed to a King? same walnut finish. and make it just one pair of pillows not two",
     "changes", "en",
     "2611/0042 paid: King walnut out of stock (0): offer King natural oak (CAD 1499, stock 5) or keep Queen; pillows "
     "high loft pair x2 -> x1 fine; nothing written", "none"),
    ("e01", "telegram:7201", "ugh. natural oak is fine then", "followup", "en",
     "confirm both: CL-BED-Q-WAL -> CL-BED-K-NAT (+200), pillows pair x1 (-139), net +61 CAD on Visa", "none"),
    ("e01", "telegram:7201", "yep go ahead", "changes", "en", "write both lines",
     "change_items 2611/0042 -> [{CL-BED-K-NAT,1},{CL-PILLOW-HI-2,1}]"),
    ("e02", "telegram:7201", "the brass floor lamp I got in october, the switch stopped working, it just stays off",
     "product", "en",
     "2610/0117 arc floor lamp brass, delivered 10-17 (41 days): past the 30-day direct replacement, in the 2-year "
     "warranty: claim with photo/video, spare switch or replacement", "none or warranty ticket"),
    ("e02", "telegram:7201", "can't I just return it for a refund instead?", "returns", "en",
     "return window (21 days) closed at 41 days: warranty repair/replacement instead; no return", "none; never create_return"),
    ("e02", "telegram:7201", "fine, what do you need from me", "followup", "en",
     "order number (known), short description, photo or video; decision in 3 business days", "none or ticket"),
    ("e03", "web:emilyp", "mattress is way too soft for me after a week. can I swap to the firm one?", "returns", "en",
     "2611/0035 King medium, delivered 11-20 (7 days): comfort exchange once within 35 days, CAD 99, but King firm "
     "is out of stock: cannot do it now", "none"),
    ("e03", "web:emilyp", "then just take it back and refund me", "returns", "en",
     "an unrolled mattress cannot be returned (only sealed, 21 days); not a warranty fault; offer the team / waiting "
     "for stock", "none; never create_return"),
    ("e03", "web:emilyp", "ok whatever. can you resend my invoice in my company's name - Park Analytics Inc.", "other", "en",
     "INV-CL-0207 issued as Emily Park: reissue once with the company name (ask for the GST number is fine)",
     "reissue_invoice 2611/0035 title Park Analytics Inc. (or a question for the GST number)"),
    ("e04", "web:emilyp", "the king duvet cover in oat, could I return it? colour isn't what I expected", "returns", "en",
     "2611/0002 delivered 11-01 (26 days): return window 21 closed, exchange (35) open: King sage out of stock, "
     "King charcoal in stock", "none"),
    ("e04", "web:emilyp", "charcoal then", "followup", "en",
     "exchange CL-DUVET-K-OAT -> CL-DUVET-K-CHR, same price; ask to confirm", "none"),
    ("e04", "web:emilyp", "yes", "returns", "en", "write the exchange",
     "create_exchange 2611/0002 [{CL-DUVET-K-OAT,1,new CL-DUVET-K-CHR}]"),
    ("e05", "telegram:7207", "for my bulb order can I get 4-packs instead of the 2-packs? so 2 four-packs rather than 3 twos",
     "changes", "en", "2611/0066 paid (USD): GU10 4-pack out of stock: cannot; nothing written", "none"),
    ("e05", "telegram:7207", "what about the E26 4 pack, do those fit a normal US lamp socket", "product", "en",
     "E26 is the standard North American screw base; E26 4-pack USD 36, in stock; 2x = USD 72 vs 66 (+6 on PayPal); "
     "may offer the change and ask to confirm", "none"),
    ("e05", "telegram:7207", "yeah do 2 of the E26 4 packs", "changes", "en",
     "write (or confirm then write) GU10 2-pack x3 -> E26 4-pack x2", "change_items 2611/0066 -> [{CL-BULB-E26-4PK,2}]"),
    ("e06", "telegram:7207", "UPS charged me a $24 brokerage fee when the lamp arrived, is that on me?", "delivery", "en",
     "2611/0047 (USD, UPS): brokerage on non-Canadian goods is refunded if he sends the UPS invoice", "none or ticket"),
    ("e06", "telegram:7207", "also the arc part wobbles a lot", "product", "en",
     "troubleshooting: the two arc sections not fully screwed together; if it persists, within 30 days -> replacement",
     "none"),
    ("e06", "telegram:7207", "tightened it, works now. thanks!", "other", "en", "short goodbye", "none"),
    ("e07", "whatsapp:12505550209", "the bed frame arrived yesterday with a big scratch on the headboard, the movers didn't notice it",
     "delivery", "en",
     "2611/0055 King natural oak, delivered 11-26: damage reported within 10 days: photos; replacement or refund at "
     "no cost; ticket", "create_ticket delivery_issue (or none with clear next step)"),
    ("e07", "whatsapp:12505550209", "I'd rather keep it if you give me some money off, not a whole new frame", "negation", "en",
     "partial refund is the team's decision: pass it on / note on the ticket; no replacement, no full refund",
     "none or ticket note; never create_exchange/create_return/full refund"),
    ("e08", "whatsapp:12505550209", "did my refund for the pendant light ever go through? and when's the candle order arriving",
     "payment", "en",
     "RF-7701 CAD 144 refunded 11-17 to Mastercard (return RT-5012); 2611/0060 shipped 11-25 Canada Post "
     "7023000182137CA, 2-7 business days: both answered", "none"),
    ("e08", "whatsapp:12505550209", "why 144 and not 159?", "followup", "en",
     "the CAD 15 change-of-mind return fee was deducted", "none"),
    ("e09", "telegram:7210", "just realised my bed is a queen. can you change the mattress to queen, keep medium, the duvet is already queen so leave that",
     "changes", "en",
     "2611/0068 paid: CL-MATT-D-MED -> CL-MATT-Q-MED (stock 6, +200 CAD on Visa); duvet kept; ask to confirm", "none"),
    ("e09", "telegram:7210", "actually wait, does Northline deliver to Calgary or is it canada post for a mattress", "followup", "en",
     "question inside the confirmation: mattresses go with Northline White Glove; change still pending", "none"),
    ("e09", "telegram:7210", "ok cool, confirm the change", "changes", "en", "write the mattress change",
     "change_items 2611/0068 -> [{CL-MATT-Q-MED,1},{CL-DUVET-Q-CHR,1}]"),
    ("e10", "telegram:7210", "how do I cancel my order? found one cheaper locally", "changes", "en",
     "2611/0068 paid, unshipped: can be cancelled, refund to Visa 5-7 business days; ask to confirm", "none"),
    ("e10", "telegram:7210", "hmm no wait, don't cancel. do you price match?", "negation", "en",
     "keep the order; price matching not in the shop texts: say so / offer the team", "none; never cancel_order"),
    ("e11", "telegram:99001", "do you ship sofas to hong kong? my mum lives in kowloon", "delivery", "en",
     "no: sofas, mattresses, bed frames only within Canada; smaller items via SF Express 6-12 business days, no HK duty",
     "none"),
    ("e11", "telegram:99001", "what about the linen duvet cover, how much for a king", "product", "en",
     "King CAD 219; sage out of stock, oat and charcoal in stock", "none"),
    ("e12", "web:guest42", "order 2611/0063 is my husband's, can you tell me if it's been paid", "other", "en",
     "stranger: no order details (privacy); he can ask from his own account", "none"),
    ("e12", "web:guest42", "fine. what are your hours on weekends", "other", "en",
     "Mon-Sat 9-18 Vancouver time (Sunday closed for chat); showroom daily 10-18", "none"),
    ("e13", "whatsapp:16045550203", "our condo elevator is tiny, will the sectional fit? who do I talk to about the delivery",
     "other", "en",
     "no dimensions in the texts: hand-off to the team / Northline booking call; outside hours, answered next business "
     "day; 2611/0063 still unpaid", "none or create_ticket human_agent"),
    ("e13", "whatsapp:16045550203", "ok and make sure they take our old couch away too", "followup", "en",
     "old-furniture removal not in the texts (only old mattress, CAD 49): pass on to the team, no promise", "none or ticket note"),
    ("e14", "web:emilyp", "the duvet cover shrunk like 10cm after one wash", "product", "en",
     "2611/0002: linen shrinks up to 3% (~6 cm on 203 cm); wash 40 °C gentle; more than that within 30 days of "
     "delivery (26) -> direct replacement / warranty claim with photo", "none or warranty ticket"),
    ("e14", "web:emilyp", "i think i washed it at 60 tbh", "followup", "en",
     "care says 40 °C: honest that a hot wash may not count as a fault; team decides; no invented rule", "none"),
    ("e15", "telegram:7201", "there's a second 1577 sitting on my visa from when the first payment attempt failed. refund it pls", "payment", "en",
     "2611/0042 CAD 1577 on Visa •••• 0201: a failed/retried attempt leaves a pending authorisation, not a charge; the "
     "bank releases it in 5-7 business days; if it has really posted, send both dates and the duplicate is refunded",
     "none (a payment ticket is fine); never a refund of the real payment"),
    ("e15", "telegram:7201", "it's been 2 days already, still showing", "followup", "en",
     "2 days is inside 5-7 business days: wait; if still there after that or it posts, we refund the duplicate",
     "none or ticket"),
]


def main() -> None:
    write_turns(Path(__file__).parent, T)


if __name__ == "__main__":
    main()
