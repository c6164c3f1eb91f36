"""Source of round 7 shop4's conversations and the expected behaviour per turn, written before any run.

python3 tests/playtest7/shop4/convs.py  writes conversations.jsonl, expectations.jsonl and
verdicts/categories.txt next to this file. Facts are those of shop.json (gen_shop.py) at
--now 2026-11-28T12:00+08:00 = Saturday 04:00 UK time (outside service hours Mon-Sat 8-20):
return window 21 days from delivery, exchange 28 days, food and personalised not returnable,
kitchen appliances 2-year warranty (direct replacement within 30 days of delivery), GBP.
Refund days: card 3-5 working days, PayPal 1-3, gift card immediate, bank transfer 2-4.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_turns  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

# (conversation, user, text, category, lang, expected behaviour, expected store change)
T = [
    # ---------------- Chinese / mixed (z) ----------------
    ("z01", "telegram:8102", "我买的绘本到哪了", "delivery", "zh",
     "ORD/2026/00431 early readers 3-5 (10 books): shipped 11-24 with Evri, tracking H01HYA03413089; "
     "Evri 2-4 working days, 3 working days so far = on time", "none"),
    ("z01", "telegram:8102", "那个搅拌机挺好的，剪刀两把退一把，左手的用不上那么多", "negation", "zh",
     "ORD/2026/00452 (delivered 11-25, in 21-day window): return SCISS-LEFT qty 1 of 2 (£8.50, to Mastercard "
     "0102; change-of-mind postage £2.95 may be deducted); blender NOT included; ask to confirm", "none"),
    ("z01", "telegram:8102", "对，就退一把", "negation", "zh",
     "return created for ORD/2026/00452 items [{SCISS-LEFT, qty 1}] only, refund to pm-u102-mc; next steps "
     "(label, send back within 14 days)", "create_return ORD/2026/00452 [{SCISS-LEFT,1}]"),
    ("z02", "telegram:8102", "还没发货那单笔记本买多了，三本改成一本", "changes", "zh",
     "ORD/2026/00470 paid: NOTE-LINE-240P x3 -> x1, total £54.00 -> £18.00, £36.00 back to PayPal; ask to confirm",
     "none"),
    ("z02", "telegram:8102", "改完以后多退的钱退到哪里？", "followup", "zh",
     "question during confirmation: back to the order's PayPal (1-3 working days); NOT taken as yes; "
     "confirmation still pending", "none"),
    ("z02", "telegram:8102", "好的 确认", "changes", "zh",
     "order_change items before [{NOTE-LINE-240P,3}] after [{NOTE-LINE-240P,1}]",
     "change_items ORD/2026/00470 -> [{NOTE-LINE-240P,1}]"),
    ("z03", "telegram:8104", "多士炉11月19号就发货了 物流一直没动静", "delivery", "zh",
     "ORD/2026/00459 toaster 800W graphite, Evri, shipped 11-19: 6 working days > Evri 2-4 and > 4 days without "
     "scan: open an enquiry/ticket with the carrier facts (tracking H01HYA03634821), ~5 working days, remedy",
     "ticket (delivery_issue) ok; no order change"),
    ("z03", "telegram:8104", "要是找不到怎么办 能直接退钱吗", "delivery", "zh",
     "if the carrier cannot find it: replacement or full refund £39.99 to Mastercard 0104, free; investigation "
     "already open, no duplicate; not a refund-status lookup", "none (no refund before the carrier answers)"),
    ("z04", "telegram:8104", "钢笔那单还没发吧，笔尖换成细的", "changes", "zh",
     "ORD/2026/00468 paid: PEN-MEDI-LEFT -> PEN-FINE-LEFT (fine nib, still left-handed, £45.00, stock 11), "
     "ink unchanged; ask to confirm", "none"),
    ("z04", "telegram:8104", "对", "changes", "zh",
     "order_change items after [{PEN-FINE-LEFT,1},{INK-BLAC-6PAC,2}]",
     "change_items ORD/2026/00468 PEN-MEDI-LEFT -> PEN-FINE-LEFT"),
    ("z04", "telegram:8104", "另外付款方式能改成万事达卡吗 银行转账太麻烦", "changes", "zh",
     "ORD/2026/00468 (paid by bank transfer, not shipped): change payment to Mastercard •••• 0104 "
     "(pm-u104-mc); ask to confirm", "none"),
    ("z04", "telegram:8104", "是的", "changes", "zh",
     "order_change payment after pm-u104-mc", "change_payment ORD/2026/00468 -> pm-u104-mc"),
    ("z05", "telegram:8104", "定制的手帐能退吗 封面颜色不喜欢", "returns", "zh",
     "ORD/2026/00380 personalised planner (sage): personalised = not returnable for change of mind (although "
     "delivered 11-08, within 21 days); explain the rule; no return", "none"),
    ("z05", "telegram:8104", "那取消的磨豆机钱什么时候退回来", "payment", "zh",
     "ORD/2026/00333 cancelled: refund F-020 £89.00 processing since 11-24, to Mastercard 0104, card 3-5 working "
     "days (3 so far)", "none"),
    ("z06", "telegram:8106", "显示水壶已经签收了，可是我没收到", "delivery", "zh",
     "ORD/2026/00455 kettle, Evri, delivered 11-25 but not received; an open ticket T-0031 (delivery_issue, 11-27) "
     "exists: refer to it, no duplicate; check neighbours/safe place/photo; carrier ~5 working days; remedy",
     "none (existing ticket)"),
    ("z06", "telegram:8106", "邻居和门口都找过了", "followup", "zh",
     "acknowledge; investigation in progress (T-0031), answer within ~5 working days, replacement or full refund "
     "if not found; no second ticket, no return offer", "none"),
    ("z07", "telegram:8106", "还没发货的那单 地址改成 Flat 2, 10 Broad Street, Birmingham B1 2HF", "changes", "zh",
     "ORD/2026/00474 paid: shipping address -> Flat 2, 10 Broad Street, Birmingham B1 2HF (in full); confirm",
     "none"),
    ("z07", "telegram:8106", "确认", "changes", "zh",
     "order_change kind address after 'Flat 2, 10 Broad Street, Birmingham B1 2HF'",
     "change_address ORD/2026/00474"),
    ("z07", "telegram:8106", "算了 这单我不要了 取消吧", "changes", "zh",
     "cancel ORD/2026/00474 (paid, not shipped): £54.99 back to Visa 0106, 3-5 working days; ask to confirm",
     "none"),
    ("z07", "telegram:8106", "嗯 取消", "changes", "zh",
     "order cancelled (order_change cancel), refund £54.99 to Visa", "cancel_order ORD/2026/00474"),
    ("z08", "telegram:8106", "茉莉花茶太苦了 能退吗", "returns", "zh",
     "ORD/2026/00402 jasmine tea 250g x2: food = not returnable (taste is not a fault); explain; no return",
     "none"),
    ("z08", "telegram:8106", "明白了。你们的水壶有欧规插头的吗", "product", "zh",
     "pour-over kettle EU plug: 1000W EU £54.99 in stock (4); 1500W EU out of stock", "none"),
    ("z09", "telegram:8108", "我的星空图鉴寄到香港要多久 已经10天了", "delivery", "mixed",
     "ORD/2026/00442 Night Sky Atlas hardback x2, Parcelforce, shipped 11-18 to Hong Kong: international 4-8 working "
     "days plus customs (7 working days so far); tracking PB03500198GB; possibly at customs; offer enquiry",
     "none (an enquiry ticket acceptable)"),
    ("z09", "telegram:8108", "海关要我交税 这个你们能付吗", "delivery", "zh",
     "import VAT/duties are paid by the customer to the carrier; shop cannot pay or refund them; if refused the "
     "parcel returns, goods refunded but not delivery charge; no action", "none"),
    ("z09", "telegram:8108", "另外上个订单需要发票 公司名 Harbour Lights Ltd", "other", "mixed",
     "ORD/2026/00461 (delivered 11-24): company VAT invoice with title 'Harbour Lights Ltd' (whole name); VAT number "
     "may be asked; invoice requested or VAT number asked; PDF within 1 working day",
     "request_invoice ORD/2026/00461 title 'Harbour Lights Ltd' (or none while asking the VAT number)"),
    ("z10", "telegram:8110", "多士炉昨天到的 外壳摔凹了一块", "delivery", "zh",
     "ORD/2026/00464 toaster 800W white, Evri, delivered 11-27: damaged in transit -> photos, free replacement "
     "or full refund (£39.99); ink cartridges not involved; ask which", "none"),
    ("z10", "telegram:8110", "换个新的吧", "returns", "zh",
     "replacement of TOAST-800W-WHIT x1 (stock 12): confirm or open it with the photo step; no money refund, "
     "ink untouched", "none or replacement after confirmation"),
    ("z10", "telegram:8110", "对的", "returns", "zh",
     "replacement recorded (exchange TOAST-800W-WHIT -> TOAST-800W-WHIT qty 1, price_difference 0) or a ticket "
     "for the replacement", "create_exchange ORD/2026/00464 [{TOAST-800W-WHIT,1,new TOAST-800W-WHIT}] or ticket"),
    ("z11", "telegram:8110", "磨豆机那单还没发货吧？插头换成欧规的", "changes", "zh",
     "ORD/2026/00471 paid: GRIND-UK-BLAC -> EU black is out of stock; offer EU cream (stock 4, same £89.00) "
     "or keep; no change", "none"),
    ("z11", "telegram:8110", "那欧规奶白色也行", "followup", "zh",
     "propose GRIND-UK-BLAC -> GRIND-EU-CREA, same price; ask to confirm", "none"),
    ("z11", "telegram:8110", "算了 还是不改了 保持原样", "followup", "zh",
     "never mind: nothing changed, the order stays UK plug black; flow closed", "none"),
    ("z12", "telegram:8112", "笔记本买了横线的 想换成点阵的 钢笔不用换", "negation", "zh",
     "ORD/2026/00445 delivered 11-22 (in 28-day exchange window): NOTE-LINE-120P x2 -> NOTE-DOTT-120P (stock 5, "
     "same price, difference £0); pen excluded; ask to confirm (and/or how many)", "none"),
    ("z12", "telegram:8112", "两本都换", "negation", "zh",
     "both notebooks (qty 2) -> dotted 120 pages: confirmation summary (or created if the prior prompt already "
     "asked exactly this)", "none (or the exchange below)"),
    ("z12", "telegram:8112", "确认", "returns", "zh",
     "exchange created items [{NOTE-LINE-120P, qty 2, new_sku NOTE-DOTT-120P}] price_difference 0.00; pen not "
     "included", "create_exchange ORD/2026/00445 [{NOTE-LINE-120P,2,new NOTE-DOTT-120P}]"),
    ("z13", "telegram:8112", "没发货那单 茶叶换成茉莉味的", "changes", "zh",
     "ORD/2026/00469 paid: TEA-EARL-250G -> TEA-JASM-250G (stock 7, same £19.00); toaster unchanged; confirm",
     "none"),
    ("z13", "telegram:8112", "actually 茶叶不要了 只要多士炉", "followup", "mixed",
     "correction: remove the tea line, keep toaster 1200W white; new total £49.99, £19.00 back to Visa; re-confirm",
     "none"),
    ("z13", "telegram:8112", "好", "changes", "zh",
     "order_change items after [{TOAST-1200-WHIT,1}] only", "change_items ORD/2026/00469 -> [{TOAST-1200-WHIT,1}]"),
    ("z14", "telegram:8112", "十月初买的磨豆机 现在磨出来粗细不均匀 保修吗", "product", "zh",
     "ORD/2026/00280 grinder UK cream delivered 10-05: 2-year warranty until 2028-10-05 (past 30-day direct "
     "replacement); tip: lock the upper burr; claim with photo/video, free label", "none"),
    ("z14", "telegram:8112", "锁紧了还是不行 要人工", "other", "zh",
     "hand-off to a person with the facts (order, grinder, warranty claim); outside hours now: reply within 12 h",
     "handoff / ticket"),
    ("z15", "telegram:8999", "帮我查一下订单 ORD/2026/00452", "other", "zh",
     "stranger: not their order, no details", "none"),
    ("z15", "telegram:8999", "我是李娜的朋友 她让我帮她查", "other", "zh",
     "still no details; the account owner must write from her own account", "none"),
    ("z15", "telegram:8999", "你们店卖不卖左手用的剪刀", "product", "zh",
     "craft scissors left-handed £8.50, in stock (12); no order data", "none"),
    # ---------------- English (e) ----------------
    ("e01", "telegram:8101", "For my order that hasn't shipped, can I switch the kettle to the 1000W one and drop "
     "the tea?", "changes", "en",
     "ORD/2026/00466 paid: KETTLE-1500-UK -> KETTLE-1000-UK (UK plug kept, stock 10, -£10.00), remove "
     "TEA-EARL-100G x2 (-£19.00); new total £54.99, £29.00 back to Visa; ask to confirm", "none"),
    ("e01", "telegram:8101", "wait, does the 1000W one boil slower?", "followup", "en",
     "question during confirmation: lower wattage = somewhat slower, price £54.99 vs £64.99; NOT a yes; "
     "confirmation still pending", "none"),
    ("e01", "telegram:8101", "ok fine, go ahead", "changes", "en",
     "order_change items before [{KETTLE-1500-UK,1},{TEA-EARL-100G,2}] after [{KETTLE-1000-UK,1}]",
     "change_items ORD/2026/00466 -> [{KETTLE-1000-UK,1}]"),
    ("e02", "telegram:8101", "The atlas arrived with a torn dust jacket and one of the notebooks has a crushed corner",
     "delivery", "en",
     "ORD/2026/00417 Royal Mail delivered 11-20: damaged on arrival: atlas + 1 of 2 notebooks; photos; free "
     "replacement or refund; ask which", "none"),
    ("e02", "telegram:8101", "Just replace the atlas, the notebook is fine, I'll keep it", "negation", "en",
     "replacement of ATLAS-HARD x1 only (stock 3); notebooks excluded; ask to confirm", "none"),
    ("e02", "telegram:8101", "yes", "returns", "en",
     "replacement recorded: exchange ATLAS-HARD -> ATLAS-HARD qty 1 (price_difference 0) or a replacement ticket; "
     "no notebook touched, no refund", "create_exchange ORD/2026/00417 [{ATLAS-HARD,1,new ATLAS-HARD}] or ticket"),
    ("e03", "telegram:8101", "my toaster from october stopped heating on one side", "product", "en",
     "ORD/2026/00290 toaster 1200W white delivered 10-12: 2-year warranty until 2028-10-12 (past 30-day direct "
     "replacement); tips (browning dial, bagel button, crumb tray); how to claim (photo/video, free label)", "none"),
    ("e04", "whatsapp:447700900103", "I paid for my planner an hour ago but the order still says pending", "payment",
     "en", "ORD/2026/00478 pending £28.00 Visa 0103: payment issue; check, hand to a person with the facts; no cancel,"
     " no capability menu", "ticket/handoff acceptable; no order change"),
    ("e04", "whatsapp:447700900103", "the money has definitely left my account, Visa ending 0103", "payment", "en",
     "acknowledge; handed over with the facts (order, £28.00, Visa 0103), person replies within 12 h (outside "
     "hours now); no loop", "ticket/handoff"),
    ("e05", "whatsapp:447700900103", "Where is my refund for the kettle I sent back? It's been over a week",
     "payment", "en",
     "ORD/2026/00398 returned: refund £54.99 processing since 11-19 to Visa 0103; card 3-5 working days, 6 passed = "
     "overdue -> escalate to a person / ticket, state facts", "ticket acceptable"),
    ("e05", "whatsapp:447700900103", "ok. separately, my coffee grinder is really loud and sometimes jams", "product",
     "en", "ORD/2026/00440 grinder UK black delivered 11-23: tips (new burr loud, brush burrs, oily beans); faulty within "
     "30 days -> direct replacement; not the refund answer again", "none"),
    ("e05", "whatsapp:447700900103", "it's jammed again even after cleaning, can I just get a new one?", "returns",
     "en", "ORD/2026/00440 within 30 days: replacement of GRIND-UK-BLAC (stock 11): confirm first, or a warranty ticket",
     "none or ticket (no exchange without confirmation)"),
    ("e06", "web:siobhan", "My grinder order is stuck in customs in Dublin, what do I do?", "delivery", "en",
     "ORD/2026/00447 grinder EU cream, Parcelforce shipped 11-22 to Ireland (cross-border): import VAT/duty payable "
     "to the carrier via its link; clears 2-5 working days after payment; tracking PB03539793GB; no action", "none"),
    ("e07", "web:siobhan", "The readers box for 6-8 is too advanced, can I swap it for the 3-5 set? Keep the atlas.",
     "negation", "en",
     "ORD/2026/00462 delivered 11-26 (in 28-day window): READERS-68YE-10BO -> READERS-35YE-10BO (stock 4), "
     "difference -£3.00 back to PayPal; atlas excluded; ask to confirm", "none"),
    ("e07", "web:siobhan", "Actually make it the 20-book version of the 3-5", "followup", "en",
     "correction: -> READERS-35YE-20BO £44.99 (stock 9), difference +£17.00 via PayPal; re-confirm", "none"),
    ("e07", "web:siobhan", "yes please", "returns", "en",
     "exchange created items [{READERS-68YE-10BO,1,new_sku READERS-35YE-20BO}] price_difference +17.00",
     "create_exchange ORD/2026/00462 -> READERS-35YE-20BO"),
    ("e08", "whatsapp:447700900107", "I was charged twice for my fountain pen, £45 two times on my Amex", "payment",
     "en", "ORD/2026/00449 £45.00 Amex 1007: payment issue; second charge may be an authorisation released in 3-5 "
     "working days; hand to a person with the facts; no capability menu", "ticket/handoff acceptable"),
    ("e08", "whatsapp:447700900107", "it's been a week already", "payment", "en",
     "past the 3-5 working days: handed to a person (ticket) to refund the duplicate to the Amex; no loop",
     "ticket/handoff"),
    ("e09", "whatsapp:447700900107", "Can I change the toaster on my new order to graphite?", "changes", "en",
     "ORD/2026/00475 paid: TOAST-1200-WHIT -> 1200W graphite is out of stock; offer 800W graphite £39.99 (stock 6, "
     "-£10.00) or keep; no change", "none"),
    ("e09", "whatsapp:447700900107", "what's the difference between 800W and 1200W?", "product", "en",
     "from the catalogue: wattage (1200W toasts faster), £39.99 vs £49.99; flow kept", "none"),
    ("e09", "whatsapp:447700900107", "ok the 800W graphite then", "followup", "en",
     "propose TOAST-1200-WHIT -> TOAST-800W-GRAP, £10.00 back to PayPal, tea unchanged; ask to confirm", "none"),
    ("e09", "whatsapp:447700900107", "yes", "changes", "en",
     "order_change items after [{TOAST-800W-GRAP,1},{TEA-CHAI-100G,1}]",
     "change_items ORD/2026/00475 TOAST-1200-WHIT -> TOAST-800W-GRAP"),
    ("e10", "web:amelia", "The blender leaks from the bottom every time I use it", "product", "en",
     "ORD/2026/00457 blender 600W 2 jars delivered 11-24: tips (blade ring tight, seal flat); faulty within 30 days "
     "-> direct replacement", "none"),
    ("e10", "web:amelia", "the seal is fine, it still leaks. I want a replacement", "returns", "en",
     "replacement of BLEND-600W-2JAR (stock 6): confirm, or a warranty ticket; no refund", "none or ticket"),
    ("e10", "web:amelia", "yes", "returns", "en",
     "replacement recorded (exchange BLEND-600W-2JAR -> same sku, difference 0) or ticket",
     "create_exchange ORD/2026/00457 same sku or ticket"),
    ("e11", "web:amelia", "Please add one more readers set to my unshipped order", "changes", "en",
     "ORD/2026/00473 paid by gift card: READERS-68YE-10BO x2 -> x3 (stock 3), +£27.99; ask to confirm", "none"),
    ("e11", "web:amelia", "and can I get an invoice for the fountain pen order?", "other", "en",
     "ORD/2026/00410 already has invoice VAT-0007 (issued 11-16, Amelia Clarke): refer to it, no duplicate; "
     "quantity change still pending", "none"),
    ("e11", "web:amelia", "great, yes add the extra set", "changes", "en",
     "order_change items after [{READERS-68YE-10BO,3}]", "change_items ORD/2026/00473 -> [{READERS-68YE-10BO,3}]"),
    ("e12", "telegram:8111", "I'd like to return the atlas. Not the planner, that one's fine", "negation", "en",
     "ORD/2026/00450 delivered 11-22 (in window): return ATLAS-PAPE x1 £16.99 (postage £2.95 may be deducted) to "
     "PayPal; planner excluded (also non-returnable); ask to confirm", "none"),
    ("e12", "telegram:8111", "yes", "returns", "en",
     "return created items [{ATLAS-PAPE,1}] refund_to pm-u111-paypal; label, send within 14 days",
     "create_return ORD/2026/00450 [{ATLAS-PAPE,1}]"),
    ("e12", "telegram:8111", "my kettle order says pending, I sent the bank transfer this morning", "payment", "en",
     "ORD/2026/00479 pending £54.99 bank transfer: usually arrives within 2 hours on working days, order number as "
     "reference; otherwise a person checks; no cancel, no return", "none (ticket acceptable)"),
    ("e13", "telegram:8111", "What's your return policy for tea? Just asking, I haven't ordered any yet", "other", "en",
     "policy only: tea (food) cannot be returned unless faulty/not as ordered; no action, no order lookup needed",
     "none"),
    ("e14", "web:guest-4411", "hi there", "other", "en", "greeting, offer help", "none"),
    ("e14", "web:guest-4411", "kjhsdf ppp", "other", "en", "unclear: short clarifying question, no order dump",
     "none"),
    ("e14", "web:guest-4411", "do you sell left-handed fountain pens? what nibs?", "product", "en",
     "piston fountain pen left-handed: fine (stock 11) and medium (stock 1), £45.00", "none"),
    ("e15", "web:siobhan", "Can I speak to a real person please", "other", "en",
     "hand-off; hours Mon-Sat 8:00-20:00 UK, now outside: ticket, reply within 12 h", "handoff/ticket"),
    ("e15", "web:siobhan", "actually never mind, just tell me if the EU plug grinder comes in black", "product",
     "en", "burr grinder EU black out of stock; EU cream in stock (4), £89.00", "none"),
]


if __name__ == "__main__":
    write_turns(Path(__file__).parent, T, expect_key="expected")
