"""Round 9 held-out play-test set on config/demo_shop.json (judge-zh): writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest9/demo/sets.py

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
    ("p9d1", "web:yanglei", "zh", [
        ("之前取消的那个手表 钱到现在还没退回来 都快一个礼拜了", "payment",
         "SO202611220915 cancelled, RF20261122-0001 ¥1299 to Alipay still 'processing' since 11-22 (6 days; Alipay 1–3 days): overdue -> hand to a person / billing ticket with the refund id; no cancel, no new refund, no capability menu"),
        ("能不能直接退到微信 支付宝那个号我不怎么用了", "payment",
         "refunds go back to the original method (Alipay); the bot cannot redirect it: say so and pass the wish to the same case (note); no second ticket, no change_payment"),
        ("行吧 那你们尽快 谢了", "other",
         "short thanks / closing; the case stays open, a colleague replies within 24h; no store change"),
    ]),
    ("p9d2", "wecom:zhangwei", "zh", [
        ("水壶那单还没发吧 帮我换成玻璃的 1.7升那款", "changes",
         "SO202611270605 (KT-15 1.5L steel ¥129, paid, not shipped): KT-17-GL (1.7L glass ¥159, stock 2), +¥30; ask to confirm; no store change yet"),
        ("差30是吧 那算了 容量不换 就换玻璃的", "followup",
         "changed mind: keep 1.5L, glass only -> KT-15-GL (¥139, +¥10); re-confirm KT-15-GL; never KT-17-GL; no store change yet"),
        ("嗯 可以", "followup",
         "change_items SO202611270605 KT-15 -> KT-15-GL x1, +¥10 to pay (WeChat Pay); nothing else changed"),
    ]),
    ("p9d3", "feishu:ou_7f3a9c2e1b8d", "zh", [
        ("上次说吹风机有焦味 转了人工 到现在没人联系我", "other",
         "open ticket TK20261124-0001 (product_issue, 11-24) on SO202611200552 (HD-2000, delivered 11-23, day 5): acknowledge the existing case, chase it / add a note (no duplicate ticket); within 15 days of delivery a faulty unit can be replaced directly; apologise"),
        ("直接给我换个新的吧 灰色的就行 不要玫瑰金", "returns",
         "replacement of HD-2000 (grey, CN plug) by the same variant, within the 15-day direct replacement, no cost to customer; confirm (or note on the open ticket); never rose gold; no write before a yes"),
        ("好的 换吧", "followup",
         "create_exchange SO202611200552 HD-2000 -> HD-2000 x1 (or a note on TK20261124-0001 for the replacement); exchange number / next steps; no duplicate ticket"),
    ]),
    ("p9d4", "wecom:zhaomin", "zh", [
        ("电饭煲顺丰都4天了还没到 不想等了 直接退钱吧", "delivery",
         "SO202611231003 RC-3L ¥359 shipped 11-24 SF SF0707245062442 (SF 1–3 days: just past the estimate): shipped orders can't be cancelled: refuse the parcel (refund 7–10 days after it returns) or return within 7 days of delivery; may offer a carrier check; no cancel_order, no refund written"),
        ("拒收的话钱多久能回来 要扣钱吗", "followup",
         "refusal: full ¥359 back to Alipay after the parcel returns to the warehouse, about 7–10 days; no fee stated in the policy (don't invent one); no store change"),
        ("那我到时候拒收 钱退支付宝就行", "followup",
         "acknowledge: refuse at the door, refund ¥359 to Alipay after it is back; nothing to write now (no cancel, no return)"),
    ]),
    ("p9d5", "whatsapp:8613912345678", "zh", [
        ("耳机退货已经寄回去了 退款到哪一步了", "payment",
         "RT20261126-0001 (EB-PRO, defective, requested 11-26) on SO202611220541; RF20261126-0001 ¥699 pending: refunded after the warehouse receives and inspects (1–2 business days), then 5–10 business days to the 招商银行 card ****1111; no write"),
        ("还有上个月买的那套内衣 尺码小了 能换个L吗", "returns",
         "SO202611160527 UW-SET (M, delivered 11-19, day 9): underwear is non-returnable (hygiene), a size swap only for damage / defect / wrong item -> refuse politely; no exchange or return written"),
        ("好吧 那算了", "followup",
         "acknowledge, nothing open; no store change"),
    ]),
    ("p9d6", "telegram:1003", "zh", [
        ("手表戴了两天觉得不太喜欢 想退掉", "returns",
         "SO202611190543 WATCH-S2 ¥1299 delivered 11-22 (day 6, inside 7 days): no-reason return possible, refund to Alipay 1–3 days after inspection, customer pays postage; ask to confirm; no write yet"),
        ("等下 退货运费我出吗 要是说表带有划痕呢", "followup",
         "question inside the open confirmation: no-reason -> customer pays postage; a quality issue (with photos) -> shop pays (up to ¥20 compensated); return still awaits a yes; no write"),
        ("算了不折腾了 就按无理由退 确认", "returns",
         "create_return SO202611190543 [WATCH-S2 x1] reason changed_mind, ¥1299 to Alipay; return number and ship-back steps"),
    ]),
    ("p9d7", "dingtalk:chenjing88", "zh", [
        ("定制的杯子印出来是糊的 跟预览图差太多了", "product",
         "SO202611231738 MUG-CUSTOM delivered 11-26 (day 2): customized, no no-reason return, but a print defect within 7 days of delivery -> photos, then free remake or refund; open one case (ticket) or ask for photos; no create_return refused flatly"),
        ("照片晚点发你 重做的话要多久", "followup",
         "custom prints take 3–5 days to make, then shipping (domestic 1–4 days); same case, no second ticket"),
        ("那就重做 不用退钱", "negation",
         "remake, not refund: note the wish on the same case; no refund / return written; no duplicate ticket"),
    ]),
    ("p9d8", "feishu:ou_a1b2c3d4e5f6", "zh", [
        ("杯子那单帮我开个专票 抬头杭州澄明数据服务有限公司 税号91330106MA2HX4QW7R", "other",
         "SO202611231738 (delivered 11-26, within 180 days): VAT special invoice needs also the registered address, phone, bank and account: ask for them, keeping title 杭州澄明数据服务有限公司 and tax id 91330106MA2HX4QW7R exactly; no invoice with another title"),
        ("地址电话 杭州市西湖区文二路391号 0571-88012345 开户行招商银行杭州分行 账号571908812310601", "followup",
         "request_invoice SO202611231738, special VAT, title 杭州澄明数据服务有限公司, tax id 91330106MA2HX4QW7R, with the address/phone/bank details (a confirmation first is fine); paper special invoice mailed within 7 business days"),
    ]),
    ("p9d9", "slack:U01ABC", "zh", [
        ("耳机充电盒充不进电了 指示灯都不亮 买了还不到一个月", "product",
         "SO202611050521 EB-PRO delivered 11-08 (day 20): past 7-day return and 15-day direct replacement, inside the 12-month warranty -> free warranty repair: order no., description, photo/video, free label, 7–10 business days; troubleshooting tip ok; no create_return"),
        ("不能直接换个新的吗 才20天", "followup",
         "direct replacement only within 15 days of delivery; now warranty repair (or replacement decided by the repair centre), shipping both ways paid by the shop; no write needed"),
        ("行吧 那走保修 怎么寄", "product",
         "warranty claim: send order no. + photo/video, they confirm and give a free shipping label to the repair centre; a ticket for the claim is fine; no return/exchange written"),
    ]),
    ("p9d10", "telegram:1001", "zh", [
        ("羽绒服L码大了 能换小一码吗", "returns",
         "SO202611150519 JK-DOWN (L black) delivered 11-18 (day 10): past 7-day return, inside the 15-day exchange (until 12-03): L -> M black (JK-DOWN-M, stock 4), same ¥899; customer pays postage back; ask to confirm; no write yet"),
        ("换M的话 颜色能顺便换成藏青吗", "followup",
         "M navy (JK-DOWN-M-NV) is out of stock: offer M black or L navy (or refund instead per exchange policy); no write"),
        ("那还是黑色M吧", "followup",
         "back to M black: confirm JK-DOWN -> JK-DOWN-M (or write it); never navy"),
        ("对", "followup",
         "create_exchange SO202611150519 [JK-DOWN -> JK-DOWN-M x1] (if not already); exchange number and ship-back steps; no duplicate"),
    ]),
    ("p9d11", "whatsapp:8615811112222", "zh", [
        ("耳机付款三天了怎么还没发货?? 顺便问下能改成黑色带无线充电盒的吗", "delivery",
         "SO202611252135 EB-PRO ¥699 paid 11-25, not shipped (past the 48-hour dispatch): apologise, check with the warehouse / person; black + wireless charging (EB-PRO-BK-WC) out of stock: offer black standard (same ¥699) or white wireless charging (¥799, +¥100); no write"),
        ("黑色普通的就行 无线充不要了", "negation",
         "EB-PRO -> EB-PRO-BK (black, standard case), no price difference: confirm; no write yet (or write after an explicit confirmation offered)"),
        ("嗯嗯 改吧 改完赶紧发", "followup",
         "change_items SO202611252135 EB-PRO -> EB-PRO-BK x1; dispatch asap; no cancel"),
    ]),
    ("p9d12", "dingtalk:zhaomin_hz", "zh", [
        ("充电宝给手机充不进去电 水壶倒是没问题 水壶别动啊", "product",
         "SO202611211710 (PB-10K + KT-15, delivered 11-24, day 4): power-bank tip (press the button to start output, charge with 5V/2A); faulty within 15 days -> direct replacement; the kettle untouched; no write"),
        ("按了 没反应 给我换一个吧", "returns",
         "replacement of PB-10K by the same item (within 15 days, faulty, no cost): confirm for the power bank only; kettle not included; no write before a yes"),
        ("好 就换充电宝", "followup",
         "create_exchange SO202611211710 [PB-10K -> PB-10K x1] (or a replacement ticket); nothing for the kettle"),
    ]),
    ("p9d13", "wecom:liuyang", "zh", [
        ("水壶烧开了不会自己断电 一直在烧", "product",
         "SO202610160545 KT-15 delivered 10-19 (day 40): kettle auto-off tip (lid closed, steam sensor); inside the 12-month warranty, past direct replacement -> warranty repair (order no., photo/video, free label, 7–10 business days); not a return"),
        ("盖子是盖好的 还是不行 你们能上门修吗", "followup",
         "no on-site repair in the policy: send it to the repair centre with the free label, 7–10 business days, shipping both ways paid; a warranty ticket is fine"),
        ("那麻烦转人工吧 我直接跟人说", "other",
         "hand-off: create_ticket human_agent (one only, including the kettle warranty facts); service 9:00–21:00 every day, reply within 24h"),
    ]),
    ("p9d14", "dingtalk:lina_0817", "zh", [
        ("手表物流两天没更新了 正常吗 还有那两个帆布包不要了 帮我取消", "delivery",
         "SO202611251038 WATCH-S2 EMS EA670550866CN shipped 11-26, EMS 2–7 days; no scan for under 72h is normal, an inquiry after 3 days; and cancel SO202611270438 (BAG-TOTE x2 ¥98, pending): confirm the cancel; no write yet"),
        ("嗯 包取消 手表可别给我取消了", "negation",
         "cancel_order SO202611270438 only; the watch order untouched (it is shipped anyway)"),
        ("好的谢谢啦", "other",
         "thanks; no store change"),
    ]),
    ("p9d15", "line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7", "zh", [
        ("电饭煲那单地址改一下：广州市海珠区新港中路397号保利世贸中心B座1208 收件人不变", "changes",
         "SO202611262115 RC-3L paid, not shipped: change_address to 广州市海珠区新港中路397号保利世贸中心B座1208 (full, as given; confirmation first is fine); not the default address"),
        ("对了付款能改成银行卡吗 微信那个余额不够", "payment",
         "the order is already paid (¥359, WeChat Pay): nothing more to pay, no need to switch; no change_payment, no cancel; if the address change was awaiting a yes, say it still does"),
        ("哦已经付过了啊 那不用改了 地址改好了吧", "followup",
         "if written: yes, the address is now the new one; if it was only proposed, take this as the yes and write change_address; payment untouched"),
    ]),
    ("p9d16", "wecom:zhangwei", "zh", [
        ("跑鞋有点挤脚 换43的 有白色就要白色 还有吹风机到哪了", "returns",
         "SO202611230529 SHOE-RUN-42 delivered 11-26 (day 2): exchange to 43 white (SHOE-RUN-43-WH, stock 3, same ¥299), unworn outdoors; confirm; AND SO202611261030 HD-2000 shipped 11-27 JD JDVA45908136669, JD 1–3 days, in transit; no write yet"),
        ("确认", "followup",
         "create_exchange SO202611230529 [SHOE-RUN-42 -> SHOE-RUN-43-WH x1]; exchange number and ship-back steps"),
    ]),
    ("p9d17", "web:visitor-zh3301", "zh", [
        ("你们家能开发票吗 个人也能开吗", "other",
         "stranger: electronic normal invoices for individuals and companies (VAT special for companies), within 180 days of delivery, e-invoice by e-mail within 3 business days after delivery; no order lookup, no write"),
        ("那退货的运费谁出", "other",
         "no-reason returns: buyer pays postage; quality problem / transit damage / wrong item: the shop pays (compensated up to ¥20); no write"),
        ("好 我先下单试试 拜拜", "other",
         "goodbye; no write"),
    ]),
    ("p9d18", "web:guest-7731", "zh", [
        ("帮我查下SO202611231003到哪了", "other",
         "stranger quoting another customer's order: don't disclose its status / address / tracking; ask them to write from the account that placed it; no write"),
        ("是我老婆帮我下的单 手机号139开头的", "followup",
         "still no disclosure (a phone prefix is no verification); suggest the account holder contacts us, general delivery times ok; no write"),
    ]),
    ("p9d19", "telegram:1003", "zh", [
        ("之前退的那双跑鞋 说钱退了 可我支付宝里根本没有", "payment",
         "SO202611070511 returned; RF20261114-0001 ¥299 refunded 11-14 to WeChat Pay (the order was paid with WeChat, not Alipay): tell them to check WeChat; no write"),
        ("哦是微信 我看了 微信也没有啊", "followup",
         "refunded 14 days ago (WeChat 1–3 days): overdue -> billing ticket / person asks the payment provider for the transaction no., with the refund id; no new refund"),
        ("好 有结果告诉我 另外羽绒服那单到哪了", "delivery",
         "SO202611241031 (JK-DOWN + TS-COTTON) YTO YT1623239637254 shipped 11-25, YTO 2–4 days: in transit, not late yet; no second ticket"),
    ]),
    ("p9d20", "web:yanglei", "zh", [
        ("吹风机21号收到的 今天还能无理由退吗", "returns",
         "SO202611180550 HD-2000 ¥459 delivered 11-21: today is day 7, a return can still be submitted before the end of today; refund to WeChat Pay 1–3 days after inspection; customer pays postage; ask to confirm; no write yet"),
        ("盒子我扔了 还能退吗", "followup",
         "yes, but with the outer packaging missing up to 10% of the price (¥45.90) may be deducted; the return still awaits a yes; no write"),
        ("行 那退吧", "returns",
         "create_return SO202611180550 [HD-2000 x1] ¥459 (less up to 10% for missing packaging) to WeChat Pay; return number and ship-back steps"),
    ]),
    ("p9d21", "dingtalk:chenjing88", "zh", [
        ("坚果两盒改成一盒 付款我想换成支付宝", "negation",
         "SO202611260953 (SNACK-NUT x2 ¥336, pending, WeChat Pay): qty 2 -> 1 (¥168) and payment -> 支付宝 ****2222 (pm-c5-alipay); confirm both; no write yet"),
        ("等等 一盒多少钱来着 满多少包邮", "followup",
         "question inside the open confirmation: ¥168 a box, new total ¥168; free shipping from ¥99 on the mainland; both changes still await a yes; no write"),
        ("好 都改吧", "followup",
         "change_items SO202611260953 SNACK-NUT x2 -> x1 AND change_payment -> pm-c5-alipay; neither dropped"),
    ]),
    ("p9d22", "wecom:zhaomin", "zh", [
        ("羽绒服老是钻毛 衣服上全是绒 这个能退吗", "product",
         "SO202611090549 JK-DOWN delivered 11-12 (day 16): past the 7-day return and the 15-day exchange, apparel has no warranty; a little down leakage is normal in the first weeks (tip); heavy leakage is a quality issue for a person with photos; no create_return"),
        ("不是一点点 是特别多 我要找人工", "other",
         "hand-off: create_ticket (human_agent / product_issue) with the jacket facts; reply within 24h; service hours 9:00–21:00"),
    ]),
    ("p9d23", "web:demo", "en", [
        ("two things: I want to return the smart watch, and please cancel the rice cooker order, haven't paid for it yet", "returns",
         "SO202611220503 WATCH-S2 $199 delivered 11-24 (day 4): return ok, refund to PayPal 3–5 business days after inspection; AND cancel SO202611271000 (RC-3L $69, pending): confirm both; no write yet"),
        ("actually keep the rice cooker, just do the watch return", "negation",
         "drop the cancel: only the watch return remains to confirm (or written after this clear go-ahead); no cancel_order"),
        ("yes go ahead", "followup",
         "create_return SO202611220503 [WATCH-S2 x1] $199 to PayPal (once); no cancel_order on SO202611271000"),
    ]),
    ("p9d24", "telegram:1002", "en", [
        ("my down jacket is taking forever, just refund me at this point", "delivery",
         "SO202611251914 JK-DOWN $169 shipped 11-26 DHL 7505711130 to New York: international 5–12 business days + customs, day 2, not late; shipped can't be cancelled: refuse on delivery or return within 7 days of delivery; no refund written, no investigation needed yet"),
        ("will I get charged import duties on it?", "delivery",
         "customs clearance time applies; duties not stated in the shop's texts: don't invent an amount, say it depends on customs / pass to a person; no write"),
        ("ok fine I'll wait. thanks", "other",
         "thanks; no write"),
    ]),
    ("p9d25", "whatsapp:13125550123", "en", [
        ("my earbuds 左耳老是断连 bought them last week", "product",
         "SO202611191707 EB-PRO (+ PB-10K) delivered 11-22 (day 6): earbud reset / re-pair tips; faulty within 15 days of delivery -> direct replacement; 12-month warranty; no write"),
        ("tried the reset already, still 断. can you just send me a new pair? 充电宝 is fine", "returns",
         "replacement of EB-PRO by the same variant, earbuds only (not the power bank), no cost: confirm; no write before a yes"),
        ("yes pls", "followup",
         "create_exchange SO202611191707 [EB-PRO -> EB-PRO x1] (or replacement ticket); nothing for PB-10K"),
    ]),
    ("p9d26", "slack:U03MJ5P2Q", "en", [
        ("pretty sure the hair dryer I ordered has a chinese plug?? I need a US one. rose gold if it's the same price", "changes",
         "SO202611250912 HD-2000 (grey, CN plug, $79, paid, not shipped): grey US plug HD-2000-US $79 in stock; rose gold US (HD-2000-RG-US) out of stock and rose gold costs $85 anyway: offer grey US; no write yet"),
        ("grey with US plug is fine", "negation",
         "acceptance: confirm HD-2000 -> HD-2000-US (same price) or write it; never rose gold"),
        ("yep", "followup",
         "change_items SO202611250912 HD-2000 -> HD-2000-US x1 (if not already); no duplicate"),
    ]),
    ("p9d27", "discord:518273645091827364", "en", [
        ("my t-shirt order's tracking hasn't moved in like 4 days", "delivery",
         "SO202611221055 TS-COTTON x4 $60 DHL 1824594024 shipped 11-22 (international 5–12 business days, not late), but no scan >3 days -> carrier inquiry (ticket), ~3 business days; resend or full refund if lost"),
        ("if they lost it just refund me, don't resend", "followup",
         "note the preference on the same case: if confirmed lost, $60 refunded to the Visa card (5–10 business days); no second ticket, no refund written now"),
    ]),
    ("p9d28", "web:dlee", "en", [
        ("can you change my running shoes to a 44 in white? and I need an invoice for the watch order - Northgate Robotics LLC, tax ID 84-3920117", "changes",
         "SO202611260629 SHOE-RUN-42 $59 paid, not shipped: -> SHOE-RUN-44-WH (stock 1, same price); AND invoice for SO202611201712 (delivered 11-23) titled Northgate Robotics LLC, tax id 84-3920117; confirm; no write yet"),
        ("sorry, make it black 44 actually", "followup",
         "black 44 (SHOE-RUN-44) out of stock: say so, offer white 44 or black 43; no write of an unavailable variant; the invoice still pending"),
        ("ugh ok white then. and yes to the invoice", "followup",
         "change_items SO202611260629 SHOE-RUN-42 -> SHOE-RUN-44-WH x1 AND request_invoice SO202611201712 title Northgate Robotics LLC, tax id 84-3920117; neither dropped"),
    ]),
    ("p9d29", "whatsapp:447700900123", "en", [
        ("the t-shirt is too big, can I get a small instead? the underwear set too", "returns",
         "SO202611171741 (UW-SET + TS-COTTON, delivered 11-20, day 8): past the 7-day return, inside 15-day exchange: TS-COTTON M white -> TS-COTTON-S (S white, stock 12), confirm; underwear: hygiene, no size exchange unless defective/wrong; no write yet"),
        ("what about my earbuds, when do they get here?", "delivery",
         "question inside the open confirmation: SO202611232258 EB-PRO DHL 9666860323 shipped 11-24 to London, 5–12 business days + customs, not late; the T-shirt exchange still awaits a yes; no write"),
        ("ok. yes do the t-shirt swap", "followup",
         "create_exchange SO202611171741 [TS-COTTON -> TS-COTTON-S x1]; nothing for the underwear"),
    ]),
    ("p9d30", "web:visitor-en5402", "en", [
        ("hi do you ship to canada? how long and how much", "other",
         "stranger: international orders by UPS or DHL, 5–12 business days plus customs clearance; shipping fee calculated at checkout by weight and destination; no write"),
        ("can I talk to a real person about a bulk order for my office", "other",
         "hand-off: ticket for a person (or service@example.com), service 9:00–21:00 every day, reply within 24h; no order action"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
