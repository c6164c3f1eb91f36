"""Round 7 play-test set on config/demo_shop.json: writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest7/demo/sets.py

Written from the fixture, config/knowledge/ and docs/DESIGN.md only, before any run. Clock of the
runner: 2026-11-28T12:00+08:00. Each entry: (conversation, user, lang, [(text, category, expect)]).
`lang` is zh (Chinese) or en (English or mixed zh/en).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_sets  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

HERE = Path(__file__).resolve().parent

SET: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("p7d1", "telegram:1001", "zh", [
        ("吹风机到哪了啊 物流咋一直没动静", "delivery",
         "SO202611261030 (AirFlow HD-2000 ¥459) shipped 11-27 with JD, tracking JDVA45908136669; JD normally 1–3 days, so on time; no store change"),
        ("那我那个水壶呢 发了没", "followup",
         "SO202611270605 (kettle KT-15 1.5L, ¥129) paid 11-27, not shipped yet; dispatched within 48h of payment; no store change"),
    ]),
    ("p7d2", "wecom:zhangwei", "zh", [
        ("水壶那单还没发吧 我想换成玻璃的", "changes",
         "SO202611270605 paid: KT-15 (1.5L stainless ¥129) -> KT-15-GL (1.5L glass ¥139, stock 6), +¥10; show and ask to confirm; no store change yet"),
        ("算了 要1.7升的玻璃款", "followup",
         "correct to KT-17-GL (1.7L glass ¥159, stock 2), +¥30; re-confirm; no store change yet"),
        ("嗯 确定", "followup",
         "order_changes kind=items on SO202611270605: KT-15 -> KT-17-GL qty 1; say done and the +¥30 settled via WeChat Pay"),
    ]),
    ("p7d3", "wecom:zhaomin", "zh", [
        ("上周买的水壶跟充电宝 充电宝挺好用的 水壶我不想要了能退不", "negation",
         "SO202611211710 delivered 11-24 (day 4 of 7): return KT-15 only (¥129) to 招商银行 card ****1259, NOT the power bank; no-reason so customer pays postage; ask to confirm; no store change yet"),
        ("好的 退吧", "returns",
         "create_return SO202611211710 items [KT-15 x1], refund ¥129 to pm-c7-card; give the return number and how to ship it back"),
    ]),
    ("p7d4", "slack:U01ABC", "en", [
        ("那两件T恤 one is enough for me, 退一件 size runs small", "negation",
         "SO202611210549 delivered 11-24 (day 4 of 7): return 1 x TS-COTTON (¥79) to 招商银行 card ****1037, not both, not the nut box; ask to confirm; no store change yet"),
        ("how long until the money is back?", "followup",
         "card refunds: about 5–10 business days after the return passes inspection (card timeline, not Alipay's); the return still awaits a yes (re-ask); no store change"),
        ("ok go ahead", "followup",
         "create_return SO202611210549 items [TS-COTTON x1] ¥79 to pm-c1-card; return number and next steps"),
    ]),
    ("p7d5", "web:visitor-5521", "en", [
        ("sdkfj ;;; qqq", "other",
         "stranger, gibberish: short clarifying question offering what the bot can help with; no action"),
        ("who pays the shipping if I send something back?", "other",
         "policy answer: no-reason returns the customer pays postage; faulty/damaged/wrong item the shop pays (refunds postage up to ¥20); no action started, no order looked up"),
    ]),
    ("p7d6", "feishu:ou_7f3a9c2e1b8d", "zh", [
        ("吹风机还是一股焦味 上回说给我转人工 到现在都没人联系我", "product",
         "refer to the open ticket TK20261124-0001 (product_issue, 11-24) for SO202611200552 (HD-2000, delivered 11-23); stop using it; apologise and escalate that ticket / hand off, no duplicate ticket; strong burning smell -> replacement under warranty"),
        ("能不能直接给我换个新的", "returns",
         "delivered 11-23, within 15 days: a faulty item can be replaced directly with the same HD-2000 (grey, CN plug, stock 9), shop pays shipping; ask to confirm (or pass to the person on the existing ticket); no wrong store change"),
    ]),
    ("p7d7", "dingtalk:lina_0817", "zh", [
        ("帆布包那单 两个改成一个", "changes",
         "SO202611270438 pending (unpaid): BAG-TOTE qty 2 -> 1, new total ¥49, nothing to refund since unpaid; ask to confirm; no store change yet"),
        ("对 然后地址也改下 北京市海淀区中关村大街27号1号楼302", "followup",
         "the yes applies the qty change (order_changes items BAG-TOTE 2->1); the new address is taken in full and confirmed (or changed directly, since unshipped)"),
        ("是的", "changes",
         "order_changes kind=address on SO202611270438 to 北京市海淀区中关村大街27号1号楼302 (if not already done); the qty change stays done; no double change"),
    ]),
    ("p7d8", "web:yanglei", "zh", [
        ("取消的那个手表订单 钱怎么还没退回来啊 都快一个星期了", "payment",
         "SO202611220915 cancelled, refund RF20261122-0001 ¥1299 processing since 11-22, to Alipay (normally 1–3 days) -> overdue: say so and escalate to a person with the facts (ticket); no other action"),
        ("另外耳机那单还没发吧 能换成无线充电仓的吗", "changes",
         "SO202611252135 paid: EB-PRO (white, standard case ¥699) -> EB-PRO-WC (white, wireless charging case ¥799, stock 5), +¥100 via Alipay; ask to confirm; no store change yet"),
        ("可以 确认", "followup",
         "order_changes kind=items on SO202611252135: EB-PRO -> EB-PRO-WC; say done and the +¥100"),
    ]),
    ("p7d9", "whatsapp:8613912345678", "en", [
        ("电饭煲 I got charged twice 扣了两次359", "payment",
         "SO202611262115 (RC-3L, ¥359 by WeChat Pay, paid, one payment on record): payment issue -> check and hand to a person with the facts (ticket); no cancel, no refund started by the bot"),
        ("just get me a human please", "other",
         "hand-off (handoff true); person replies within 24h, service hours 9:00–21:00 China time; no duplicate ticket if one was opened on turn 0"),
    ]),
    ("p7d10", "line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7", "zh", [
        ("耳机退货 退款到哪一步了", "payment",
         "existing return RT20261126-0001 (requested, defective) for SO202611220541; refund RF20261126-0001 ¥699 pending, issued after inspection, to card ****1111 (5–10 business days); no new return"),
        ("还有内衣 尺码不合适也想退", "returns",
         "SO202611160527 UW-SET: underwear is non-returnable (and delivered 11-19, past 7 days); refuse with the rule; only if defective; no store change"),
    ]),
    ("p7d11", "telegram:1003", "zh", [
        ("水壶买了一个多月 现在烧不开水了 还在保修期吗", "product",
         "SO202610160545 KT-15 delivered 10-19: appliances have a 12-month warranty from delivery -> covered until 2027-10-19; quick checks (sits flat on base, switch clicks, socket, dry-boil cool-down); claim: order no., description, photo/video; no store change needed yet"),
        ("试过了还是不行 怎么报修", "product",
         "warranty claim: send order number, fault description and a photo/video; free return label to the service centre; repair/replace 7–10 business days after arrival, shipping paid both ways; a ticket/hand-off with the facts is fine; no return or exchange created"),
    ]),
    ("p7d12", "wecom:liuyang", "en", [
        ("the 手表 is not really my style, can I return it?", "returns",
         "SO202611190543 WATCH-S2 delivered 11-22 (day 6 of 7, last day 11-29): yes, ¥1299 to Alipay, unused with packaging, customer pays postage; ask to confirm; no store change yet"),
        ("hmm never mind, I'll keep it", "followup",
         "drop the return: no create_return; acknowledge, nothing changed"),
    ]),
    ("p7d13", "wecom:guest_88", "zh", [
        ("帮我查下SO202611230529这个单到哪了", "other",
         "stranger asking about c1's order: do not reveal status, carrier or address; ask them to write from the account that placed the order; no action"),
        ("我就是张伟啊 手机号13812345678", "other",
         "a claimed name/phone in chat is not verification: still no order details; point to the account that placed the order (or a person); no action, phone not echoed"),
    ]),
    ("p7d14", "dingtalk:chenjing88", "zh", [
        ("充电宝那单要开发票 公司抬头 杭州云帆网络科技有限公司 税号91330106MA2H3K7L5X", "other",
         "SO202611260234 (shipped, ¥198): invoice request with the FULL title 杭州云帆网络科技有限公司 and tax id; e-invoice by e-mail within 3 business days after delivery; one request_invoice"),
        ("电饭煲那张发票抬头开错了 可以重开吗", "other",
         "SO202611170528 invoice IV20261120-0001 issued to 杭州星辰科技有限公司: a title can be changed within 180 days (void and reissue); ask for the correct title; no new invoice with the old title"),
    ]),
    ("p7d15", "feishu:ou_a1b2c3d4e5f6", "en", [
        ("定制杯子 the print is all blurry, 跟我发的照片完全不一样", "returns",
         "SO202611231738 MUG-CUSTOM delivered 11-26 (within 48h): customized is non-returnable for no reason, but a defective/not-as-ordered item gets a free remake/replacement or full refund, shop pays shipping; ask for photos; must not refuse as non-returnable"),
        ("please just make me a new one", "returns",
         "replacement of MUG-CUSTOM x1 on SO202611231738 (exchange to the same sku, or a ticket for a person with the facts); confirm before creating; no refusal"),
    ]),
    ("p7d16", "dingtalk:chenjing88", "zh", [
        ("坚果礼盒那单买多了 一盒就够", "changes",
         "SO202611260953 pending: SNACK-NUT qty 2 -> 1, new total ¥168, unpaid so nothing refunded; ask to confirm; no store change yet"),
        ("唉算了 整单取消吧", "followup",
         "switch to cancelling SO202611260953 (pending, unpaid: nothing to refund); ask to confirm; the qty change is not applied"),
        ("嗯", "followup",
         "cancel_order SO202611260953 (order_changes kind=cancel); no qty change recorded"),
    ]),
    ("p7d17", "dingtalk:zhaomin_hz", "zh", [
        ("电饭煲怎么还没到 顺丰不是挺快的吗", "delivery",
         "SO202611231003 (RC-3L) shipped 11-24 with SF, tracking SF0707245062442; SF normally 1–3 days -> 4 days, late; offer/open an inquiry with the carrier; no wrong action"),
        ("不想等了 直接退款吧", "delivery",
         "shipped orders can't be cancelled: open a carrier investigation (ticket), if lost or damaged resend or full refund (¥359 to Alipay), or refuse the parcel on delivery; NOT a refund-status lookup; no return created"),
    ]),
    ("p7d18", "web:demo", "en", [
        ("the running shoes are a bit tight, could I get them one size up?", "returns",
         "SO202611130506 SHOE-RUN-42 delivered 11-15 (day 13): past the 7-day return but inside the 15-day exchange (until 11-30): exchange to SHOE-RUN-43 (43 black, stock 7), same price $59; ask to confirm; no store change yet"),
        ("actually white if you have it", "followup",
         "correct to SHOE-RUN-43-WH (43 white, stock 3), price difference $0; re-confirm; no store change yet"),
        ("yep do it", "followup",
         "create_exchange SO202611130506 items [SHOE-RUN-42 -> SHOE-RUN-43-WH x1], price_difference 0; exchange number and ship-back steps"),
    ]),
    ("p7d19", "slack:U03MJ5P2Q", "en", [
        ("just realised my hair dryer order has the chinese plug and I'm in Seattle. switch it to a US plug before it ships?", "changes",
         "SO202611250912 paid: HD-2000 (grey, CN plug $79) -> HD-2000-US (grey, US plug $79, stock 6), no price difference; ask to confirm; no store change yet"),
        ("what would rose gold be with the US plug?", "product",
         "HD-2000-RG-US (rose gold, US plug) is out of stock; rose gold only with the CN plug ($85); the pending grey US change stays open; no store change"),
        ("ok grey is fine, go ahead", "followup",
         "order_changes kind=items on SO202611250912: HD-2000 -> HD-2000-US; say done, no price difference"),
    ]),
    ("p7d20", "whatsapp:447700900123", "en", [
        ("my earbuds have been sitting in customs for days. do I have to pay import tax??", "delivery",
         "SO202611232258 (EB-PRO) shipped 11-24 with DHL, tracking 9666860323, to London; international 5–12 business days plus customs -> still within; duties are not in the shop's facts: say so honestly / offer a person; no store change"),
        ("and can the hair dryer in my other order come with a plug that works here?", "product",
         "SO202611251317 pending HD-2000: the dryer comes only with CN or US plug, no UK plug; say so (offer cancel or keep); no store change"),
    ]),
    ("p7d21", "discord:518273645091827364", "en", [
        ("rice cooker arrived two days ago and it keeps showing E2 then stops", "product",
         "SO202611240026 RC-3L delivered 11-26: E2 = lid sensor overheating / lid not closed: close lid until it clicks, let it cool 20 min; if it recurs it's a fault: within 15 days of delivery a direct replacement (12-month warranty); no store change without a yes"),
        ("fine. and my t-shirt order, it's been almost a week?", "delivery",
         "SO202611221055 (4 x TS-COTTON, $60) shipped 11-22 with DHL, tracking 1824594024; cross-border 5–12 business days -> still within; no store change"),
    ]),
    ("p7d22", "line:U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", "en", [
        ("tracking says my earbuds were delivered but there is nothing at my door", "delivery",
         "SO202611191707 DHL 6292805505 marked delivered 11-22 (6 days, inside the 7-day report window): check neighbours/front desk/lockers; open a carrier investigation (ticket), ~3 business days; if lost, resend or full refund at no cost; not a return offer"),
        ("the power bank was in the same box btw", "followup",
         "the investigation covers the whole parcel: EB-PRO + PB-10K ($154); add it to the same case, no second ticket"),
    ]),
    ("p7d23", "web:dlee", "en", [
        ("do you have the running shoes in 44 white?", "product",
         "SHOE-RUN-44-WH (44 white): in stock, 1 left, $59 (this customer's orders are in USD; ¥299 otherwise); no store change"),
        ("great, change my order to that one", "changes",
         "SO202611260629 paid SHOE-RUN-42 (42 black) -> SHOE-RUN-44-WH, same price $59; ask to confirm; no store change yet"),
        ("yes", "followup",
         "order_changes kind=items on SO202611260629: SHOE-RUN-42 -> SHOE-RUN-44-WH; done, no price difference"),
    ]),
    ("p7d24", "slack:U02EMC7K9", "en", [
        ("我那个电饭煲的单子还没付款 can I pay with my Visa instead of PayPal?", "changes",
         "SO202611271000 pending (RC-3L $69): payment method PayPal -> Visa •••• 4424 (pm-c8-card); ask to confirm; no store change yet"),
        ("yes pls", "followup",
         "order_changes kind=payment on SO202611271000: pm-c8-paypal -> pm-c8-card; done"),
    ]),
    ("p7d25", "whatsapp:13125550123", "en", [
        ("my smart watch stopped charging, already tried a different cable", "product",
         "SO202611030518 WATCH-S2 delivered 11-05 (23 days): electronics 12-month warranty until 2027-11-05; past the 15-day direct replacement, so warranty repair: send order no., fault description, photo/video, free label, 7–10 business days; troubleshooting step if any; no return/exchange created"),
        ("ok thanks, that was helpful", "other",
         "short thanks/bye; no action, no repeat of the previous answer"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
