"""Round 10 held-out play-test set on config/demo_shop.json (judge-demo): writes conversations.jsonl and expectations.jsonl.

    python3 tests/playtest10/demo/sets.py

Written from the fixture, config/knowledge/ (zh texts, facts.toml) and docs/DESIGN.md only, before
any run. Runner clock 2026-11-28T12:00+08:00 (a Saturday). Policy used for the expectations: return
within 7 days of delivery (not food / underwear / customised, unless damaged or faulty), exchange of
option within 15 days, faulty electronics/appliances replaced within 15 days of delivery, then a
12-month warranty repair; dispatch within 48h of payment; refunds go back to the original method.
Each entry: (conversation, user, lang, [(text, category, expect)]). `lang` is zh (Chinese) or en
(English or mixed zh/en). Users without a fixture identity are strangers.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "playtest"))
from sets_lib import write_sets  # noqa: E402  (the shared builders, tests/playtest/sets_lib.py)

HERE = Path(__file__).resolve().parent

SET: list[tuple[str, str, str, list[tuple[str, str, str]]]] = [
    ("p10z1", "wecom:zhangwei", "zh", [
        ("前几天到的跑鞋有点挤脚 能换大一码不", "returns",
         "SO202611230529 SHOE-RUN-42 black, delivered 11-26 (day 2, inside 15-day exchange): propose SHOE-RUN-43 "
         "(43 black, stock 7, same ¥299, no difference); ask to confirm; no write yet"),
        ("等下 白色43有吗 有的话我要白的", "followup",
         "SHOE-RUN-43-WH (43 white) stock 3, same price: re-confirm the exchange as 42 black -> 43 white; "
         "never 43 black; no write yet"),
        ("对 就这么换", "followup",
         "create_exchange SO202611230529 [SHOE-RUN-42 -> SHOE-RUN-43-WH x1], price difference 0; next steps "
         "(send the old pair back with the exchange id, new pair within 48h of receipt)"),
    ]),
    ("p10z2", "telegram:1001", "zh", [
        ("吹风机到哪了？还有那个水壶我不要了 帮我取消", "delivery",
         "two requests: SO202611261030 HD-2000 shipped 11-27 by JD, JDVA45908136669, JD 1–3 days, in transit, "
         "not late; AND cancel SO202611270605 (KT-15 ¥129, paid, not shipped): ask to confirm, refund ¥129 to "
         "WeChat Pay; no write yet; both parts answered"),
        ("确认取消", "followup",
         "cancel_order SO202611270605; ¥129 back to WeChat Pay; the hair dryer order untouched"),
        ("钱几天能退回来", "payment",
         "¥129 to WeChat Pay ****5678, 1–3 days; no second cancel, no other write"),
    ]),
    ("p10z3", "slack:U01ABC", "zh", [
        ("T恤跟坚果一起买的那单 T恤退一件 坚果不退", "negation",
         "SO202611210549 (SNACK-NUT x1 + TS-COTTON M white x2), delivered 11-24 (day 4): return TS-COTTON x1 "
         "(¥79) to the card 招商银行 ****1037 (5–10 business days after inspection); snack not in the return; "
         "ask to confirm; no write yet"),
        ("算了 两件T恤都退了吧", "followup",
         "changed mind: TS-COTTON x2 (¥158), still no snack; re-confirm with qty 2; no write yet"),
        ("好 提交吧", "followup",
         "create_return SO202611210549 [TS-COTTON x2], refund ¥158 to pm-c1-card; no SNACK-NUT; next steps "
         "(return id, ship back within the stated days)"),
    ]),
    ("p10z4", "wecom:zhangwei", "zh", [
        ("耳机左耳没声音了 11月初买的那副", "product",
         "SO202611050521 EB-PRO delivered 11-08 (day 20): past 7-day return and 15-day direct replacement, "
         "inside 12-month warranty -> free repair: send order id, fault description, photo/video; free "
         "shipping label; 7–10 business days; no return created"),
        ("不能直接给我换个新的吗", "followup",
         "no: direct replacement only within 15 days of delivery (this is day 20) -> warranty repair; may "
         "offer a person; no exchange/return written"),
        ("那行吧 帮我申请保修", "product",
         "warranty claim filed for a person (create_ticket product_issue on SO202611050521) with the fault; "
         "asks for photo/video and says the free label follows; no return/exchange"),
    ]),
    ("p10z5", "feishu:ou_7f3a9c2e1b8d", "zh", [
        ("吹风机现在只出冷风 热风档按了没反应", "product",
         "SO202611200552 HD-2000 delivered 11-23 (day 5): fault inside 15 days -> direct replacement (or "
         "return as defective, shipping paid by shop); there is already an open ticket TK20261124-0001 on this "
         "dryer (burning smell): link/add to it; ask for photo/video; no write without a yes"),
        ("上次说有焦味的事到现在也没人回我", "followup",
         "TK20261124-0001 open since 11-24 (4 days, promised reply within 24h): apologise, escalate / add a "
         "note to that ticket (add_to_ticket), no duplicate ticket; service hours 9:00–21:00"),
        ("你们直接给我换台新的吧", "returns",
         "replacement of a faulty item inside 15 days: propose the same variant HD-2000 (grey, CN plug, "
         "stock 9) as a free replacement and ask to confirm; no refund; no write yet"),
        ("嗯 确认", "followup",
         "replacement recorded (create_exchange SO202611200552 [HD-2000 -> HD-2000], defective, no price "
         "difference, or a replacement ticket for a person); next steps; no refund, no second ticket"),
    ]),
    ("p10z6", "dingtalk:lina_0817", "zh", [
        ("我最近那单发货没", "delivery",
         "latest order SO202611270438 (BAG-TOTE x2 ¥98) is pending: not paid, not shipped (ships within 48h "
         "of payment); may mention the watch order is on its way; no write"),
        ("不是这个 手表那单 单号多少", "negation",
         "SO202611251038 WATCH-S2, shipped 11-26 by EMS, tracking EA670550866CN, EMS 2–7 days, in transit; no write"),
        ("帆布包那单 改成一个黑的一个原色的", "changes",
         "SO202611270438 BAG-TOTE (natural) x2, pending: change items to BAG-TOTE x1 + BAG-TOTE-BK x1 (black, "
         "stock 14), same price ¥49, total unchanged; ask to confirm; no write yet"),
        ("ok", "followup",
         "change_items SO202611270438 before [BAG-TOTE x2] after [BAG-TOTE x1, BAG-TOTE-BK x1]; no cancel"),
    ]),
    ("p10z7", "whatsapp:8613912345678", "zh", [
        ("退耳机的钱啥时候到账", "payment",
         "return RT20261126-0001 (EB-PRO, defective) requested 11-26, refund RF20261126-0001 ¥699 pending: "
         "paid after the warehouse receives and inspects the item (1–2 business days), then to the card "
         "招商银行 ****1111 (bank card 3–7 / card 5–10 business days); no new return or refund"),
        ("我已经寄回去了 顺丰 单号SF1302278845", "followup",
         "acknowledge the return tracking number and attach it to the return / case (or say exactly where to "
         "fill it in); refund after inspection; no new return, no order lookup of that number as an order"),
        ("能退到支付宝吗", "payment",
         "no: refunds go back the original way (the card ****1111); cannot redirect; may pass the wish to a "
         "person; no change_payment, no new refund"),
    ]),
    ("p10z8", "line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7", "zh", [
        ("电饭煲还没发吧 给我换成5L的", "changes",
         "SO202611262115 RC-3L ¥359, paid, not shipped: change to RC-5L (¥429, stock 5), +¥70 to pay; ask to "
         "confirm; no write yet"),
        ("要补70啊…那不换了 地址改一下 广州市海珠区新港中路397号", "followup",
         "changed mind: drop the item change; address change of SO202611262115 to 广州市海珠区新港中路397号; "
         "confirm the address only; no write yet"),
        ("是的", "followup",
         "change_address SO202611262115 -> 广州市海珠区新港中路397号; NO change_items"),
    ]),
    ("p10z9", "whatsapp:8613912345678", "zh", [
        ("内衣套装尺码偏小 想退掉", "returns",
         "SO202611160527 UW-SET delivered 11-19 (day 9): underwear is not returnable for hygiene (and past "
         "7 days); only if damaged/faulty/wrong item; no return created"),
        ("没拆过的也不能退？", "followup",
         "still not: the category is excluded whatever the packaging; polite, offer a person; no write"),
        ("那给我找个人工", "other",
         "hand-off: create_ticket (human_agent) for a person; service 9:00–21:00, reply within 24h; no return"),
    ]),
    ("p10z10", "telegram:1003", "zh", [
        ("手表表盘小了 想换45mm的", "returns",
         "SO202611190543 WATCH-S2 41mm black, delivered 11-22 (day 6): exchange to WATCH-S2-45 (45mm black, "
         "stock 3), +¥100 (¥1399 − ¥1299); ask to confirm; no write yet"),
        ("45的有银色吗", "product",
         "question inside the open confirmation: WATCH-S2-45-SV (45mm silver) out of stock; 45 black (stock 3) "
         "or 41 silver available; the 45-black proposal still open; no write"),
        ("那就黑色45 确认", "followup",
         "create_exchange SO202611190543 [WATCH-S2 -> WATCH-S2-45 x1], price difference +¥100 via Alipay"),
    ]),
    ("p10z11", "wecom:liuyang", "zh", [
        ("羽绒服那个快递咋还没到 圆通是不是给我弄丢了", "delivery",
         "SO202611241031 (JK-DOWN + TS-COTTON) shipped 11-25 by YTO YT1623239637254, YTO 2–4 days: still "
         "inside the normal time, not lost; no investigation yet; no cancel/return"),
        ("物流两天没更新了", "delivery",
         "1–2 days without a scan between hubs is normal; an inquiry with the carrier is opened after 72h without "
         "a scan (or open it now); no cancel, no return"),
        ("还有 上个月买的水壶 开关按下去灯不亮 烧不了水", "product",
         "SO202610160545 KT-15 delivered 10-19 (day 40): inside 12-month warranty -> free repair (order id, "
         "description, photo/video, free label, 7–10 business days); not a 7-day return, not a direct "
         "replacement; no return written"),
    ]),
    ("p10z12", "dingtalk:chenjing88", "zh", [
        ("电饭煲那单发票抬头开错了 应该是杭州星辰网络科技有限公司", "other",
         "SO202611170528 has invoice IV20261120-0001 issued with title 杭州星辰科技有限公司: can be re-issued "
         "within 180 days (old one voided); needs the 18-character tax id; ask for it; no write yet"),
        ("税号91330106MA2H3K8Y4Q", "followup",
         "request_invoice SO202611170528 with title 杭州星辰网络科技有限公司 and tax id 91330106MA2H3K8Y4Q (or a "
         "confirmation naming both); not the old title"),
        ("对 发我邮箱就行 大概几天", "other",
         "electronic invoice to the email on file, within 3 business days (also downloadable in My orders); if "
         "a confirmation was open, this yes writes it; no second invoice"),
    ]),
    ("p10z13", "feishu:ou_a1b2c3d4e5f6", "zh", [
        ("定制的杯子到了 把手是断的", "returns",
         "SO202611231738 MUG-CUSTOM delivered 11-26 18:30 (<48h ago): damaged on arrival -> free replacement or "
         "full refund even though customised; send photos of the mug and the box; never 'customised cannot be "
         "returned'"),
        ("照片发哪", "followup",
         "send photos here in the chat / the case for a person (ticket with the order); what happens next "
         "(replacement or refund, shipping on the shop); no unrelated write"),
        ("另外充电宝那单到哪了", "delivery",
         "SO202611260234 PB-10K x2 shipped 11-27 by ZTO 71843871250734, ZTO 2–4 days, in transit; no write"),
    ]),
    ("p10z14", "dingtalk:chenjing88", "zh", [
        ("坚果那单不要了", "changes",
         "SO202611260953 SNACK-NUT x2 ¥336, pending (not paid): cancel; ask to confirm; no write yet"),
        ("哦不对 别全取消 少一盒就行", "negation",
         "changed mind: keep the order, qty 2 -> 1 (¥168); confirm the item change; no cancel"),
        ("嗯对", "followup",
         "change_items SO202611260953 [SNACK-NUT x2] -> [SNACK-NUT x1]; NO cancel_order"),
    ]),
    ("p10z15", "whatsapp:8615811112222", "zh", [
        ("耳机25号晚上就付款了 怎么到现在还不发货", "delivery",
         "SO202611252135 EB-PRO ¥699 paid 11-25 21:35, still not shipped: past the 48h dispatch promise -> "
         "apologise, chase the warehouse / hand to a person; may offer free cancel; no write without a yes"),
        ("而且支付宝扣了我两次699", "payment",
         "duplicate charge: the shop shows one payment of ¥699 by Alipay on this order; the second one is "
         "passed to billing (ticket with the order) and refunded when confirmed; ask for the Alipay record if "
         "needed; no cancel, no refund promise of a fake record"),
        ("你们查清楚了给我回个电话", "other",
         "ticket for a person with the call-back wish (phone on file), reply within 24h, hours 9:00–21:00; "
         "no second duplicate ticket if one was already opened"),
    ]),
    ("p10z16", "web:yanglei", "zh", [
        ("T恤想换成藏青色 包就不用动了", "negation",
         "SO202611130517 (BAG-TOTE + TS-COTTON M white) delivered 11-16 (day 12, inside 15-day exchange): "
         "TS-COTTON -> TS-COTTON-M-NV (M navy, stock 9), same ¥79; bag kept; ask to confirm; no write yet"),
        ("尺码也换大一号吧 L", "followup",
         "TS-COTTON-L-NV (L navy, stock 7), same price: re-confirm white M -> navy L; bag still kept; no write"),
        ("行", "followup",
         "create_exchange SO202611130517 [TS-COTTON -> TS-COTTON-L-NV x1]; nothing for BAG-TOTE"),
    ]),
    ("p10z17", "wecom:zhaomin", "zh", [
        ("电饭煲24号就发顺丰了 到现在还没收到", "delivery",
         "SO202611231003 RC-3L shipped 11-24 by SF SF0707245062442; SF 1–3 days -> overdue: open a carrier "
         "inquiry / delivery ticket; if lost, resend or full refund at no cost; no cancel (shipped)"),
        ("要是真丢了咋办", "delivery",
         "carrier investigation takes about 3 business days; if confirmed lost/damaged the shop resends or "
         "refunds in full at no cost; no new write beyond the inquiry"),
        ("那干脆直接给我退款吧", "delivery",
         "refund of an undelivered shipped parcel: after the carrier confirms the loss (or refuse the parcel on "
         "delivery, refund 7–10 days after it returns); pass the wish to the case; no cancel_order, no "
         "create_return on an undelivered order"),
    ]),
    ("p10z18", "dingtalk:zhaomin_hz", "zh", [
        ("充电宝和水壶那单 我只退水壶", "negation",
         "SO202611211710 (PB-10K + KT-15) delivered 11-24 (day 4): return KT-15 x1 ¥129; power bank stays; "
         "refund to the card 招商银行 ****1259; ask to confirm; no write yet"),
        ("钱退到哪张卡", "payment",
         "question inside the open confirmation: back to 招商银行 储蓄卡 ****1259, 5–10 business days (bank card "
         "3–7) after the warehouse inspection; the return still awaits a yes; no write"),
        ("好 确认退", "followup",
         "create_return SO202611211710 [KT-15 x1] refund ¥129 to pm-c7-card; NOT PB-10K"),
    ]),
    ("p10z19", "wecom:zhaomin", "zh", [
        ("羽绒服想换个XL", "returns",
         "SO202611090549 JK-DOWN L black delivered 11-12 (day 16): past the 15-day exchange window -> cannot "
         "exchange (XL black would have stock 2); offer a person; no write"),
        ("就超了一天 通融一下呗", "followup",
         "policy stays; may pass the request to a person; no create_exchange"),
        ("转人工", "other",
         "hand-off ticket for a person (the exchange wish in it), hours 9:00–21:00, reply within 24h; no exchange"),
    ]),
    ("p10z20", "whatsapp:447700900123", "en", [
        ("my earbuds是不是卡在清关了? tracking好几天没动", "delivery",
         "SO202611232258 EB-PRO shipped 11-24 by DHL 9666860323 to London: international 5–12 business days "
         "plus customs clearance, not late; if no scan for more than 72h an inquiry is opened; no write"),
        ("要交关税吗 who pays", "other",
         "duties are not stated in the shop's knowledge: say so honestly / pass to a person (or service "
         "contact); never invent an amount or rule; no order write"),
    ]),
    ("p10z21", "line:U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b", "en", [
        ("power bank 不想要了 退掉, earbuds keep", "negation",
         "SO202611191707 (EB-PRO + PB-10K) delivered 11-22 (day 6): return PB-10K x1 ($25) to Visa ••••4530; "
         "earbuds kept; ask to confirm; no write yet"),
        ("yes", "followup",
         "create_return SO202611191707 [PB-10K x1] refund $25 to pm-c10-card; NOT EB-PRO"),
        ("还有鞋子呢 到哪了", "delivery",
         "vague 'and the shoes?': SO202611250557 SHOE-RUN-42 shipped 11-25 by UPS 1Z99FV3V0366215280, "
         "cross-border 5–12 business days, in transit; no write"),
    ]),
    ("p10z22", "web:demo", "en", [
        ("电饭煲那单一直 pending, PayPal 显示 authorized $69 但是没扣款?", "payment",
         "SO202611271000 RC-3L $69 by PayPal, status pending = not yet paid/captured: an authorisation is a "
         "hold, released by PayPal if the payment is not completed; the order ships only once paid; may hand "
         "billing questions to a person; no write"),
        ("cancel it then", "changes",
         "cancel SO202611271000 (pending, free): ask to confirm; nothing charged so nothing to refund (any hold "
         "is released); no write yet"),
        ("yes cancel", "followup",
         "cancel_order SO202611271000; other orders untouched"),
    ]),
    ("p10z23", "discord:518273645091827364", "en", [
        ("我的T恤到哪了 the one with 4 shirts", "delivery",
         "SO202611221055 TS-COTTON x4 shipped 11-22 by DHL 1824594024, cross-border 5–12 business days, in "
         "transit, not late; no write"),
        ("能改地址吗 I moved last week", "changes",
         "shipped: the address can no longer be changed by the shop; contact DHL with the tracking number to "
         "redirect, or refuse delivery; no change_address; may offer to update the default address for "
         "future orders (only after a yes)"),
    ]),
    ("p10z24", "web:guest-5521", "zh", [
        ("帮我查下SO202611230529到哪了", "other",
         "stranger: not their order -> reveal nothing about it (no status, items, address, carrier); ask them "
         "to write from the account that placed it; no write"),
        ("我就是张伟啊 手机13812345678", "other",
         "a name and phone typed in chat do not verify ownership: still reveal nothing, no details; no write"),
        ("那帮我把地址改成北京朝阳区的", "other",
         "refuse any change on an order not theirs; no change_address, no ticket carrying the order's data"),
    ]),
    ("p10z25", "telegram:9931", "zh", [
        ("我老婆买的吹风机 订单SO202611200552 想退", "other",
         "stranger: order is not theirs -> no details, no return; she can contact from her own account"),
        ("她叫李娜 你一查就知道了", "other",
         "still refuse: reveal nothing, no create_return; polite next step (owner's own account)"),
    ]),
    ("p10z26", "wecom:xiaoliu_2026", "zh", [
        ("电热水壶有玻璃的吗 多少钱", "product",
         "product info is fine for a stranger: glass KT-15-GL 1.5L ¥139 (stock 6) and KT-17-GL 1.7L ¥159 "
         "(stock 2); no write"),
        ("顺便把SO202611262115取消了", "other",
         "that order is not theirs: no cancel, no details about it; no write"),
    ]),
    ("p10z27", "web:visitor-7710", "zh", [
        ("快递显示签收了但我没收到 单号SF4513638242884", "other",
         "stranger: the tracking number belongs to another customer's order -> reveal nothing (no order id, "
         "items, address, date); ask to write from the ordering account; no investigation on that order"),
        ("急死了 能不能转人工", "other",
         "hand-off allowed (ticket for a person without the other customer's order data), hours, reply within "
         "24h; still no details"),
    ]),
    ("p10z28", "dingtalk:zhaomin_hz", "zh", [
        ("上周那个充电宝+水壶的包裹 显示签收了 可我根本没收到", "delivery",
         "SO202611211710 delivered 11-24 (4 days, inside the 7-day report window), ZTO 73042933765796: ask "
         "to check neighbours / reception / parcel locker, then the shop opens a carrier investigation (3 "
         "business days), resend or full refund if lost; no return"),
        ("问过了 快递柜和门卫都没有", "followup",
         "open the investigation: delivery ticket with the order and tracking; timeline 3 business days; "
         "remedy stated; no create_return, no refund written yet"),
    ]),
    ("p10z29", "wecom:zhangwei", "zh", [
        ("跑鞋44码黑色还有货吗", "product",
         "SHOE-RUN-44 (44 black) out of stock; 44 white SHOE-RUN-44-WH has 1 left, ¥299; no write"),
        ("耳机那个无线充电盒的 黑色有吗", "product",
         "EB-PRO-BK-WC (black, wireless charging case) out of stock; white wireless-charging EB-PRO-WC ¥799 "
         "(stock 5) or black standard case EB-PRO-BK ¥699 (stock 8); no write"),
        ("另一个颜色的多少钱", "followup",
         "vague 'the other colour' = white wireless-charging EB-PRO-WC ¥799, stock 5; no write"),
    ]),
    ("p10z30", "telegram:1003", "zh", [
        ("之前退的那双跑鞋 钱我一直没收到", "payment",
         "SO202611070511 returned, refund RF20261114-0001 ¥299 status refunded on 11-14 to WeChat Pay ****1111; "
         "WeChat 1–3 days so it should have arrived: check the WeChat wallet details; if missing, the shop "
         "queries the transaction with the refund id; no new refund"),
        ("微信里真没有 帮我查一下", "followup",
         "billing case for a person (ticket with refund id RF20261114-0001 / the order) to trace the transaction; "
         "reply within 24h; no new refund, no return"),
    ]),
]


def main() -> None:
    write_sets(HERE, SET)


if __name__ == "__main__":
    main()
