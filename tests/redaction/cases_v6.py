"""Privacy v2, round six (issue #14): a new held-out split, written before any recognizer of this round changed.

Same case format as cases_v5.py: (lang, text, [(type, personal value)], [values that must survive]);
a value is located by its first occurrence in the text. Every value is invented (555-01xx,
Ofcom drama 07700 900xxx, ACMA 0491 570 xxx numbers, example.* domains, made-up names, addresses
and companies); nothing is copied from public data.

`HELDOUT_V6` is written once to heldout_v6.jsonl (`python tests/redaction/cases_v6.py --heldout`,
set name `heldout6`): it is only ever measured (before and after), never tuned on.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from cases_v5 import Case, to_records  # noqa: F401  (same format, same locator)

HELDOUT_PATH = Path(__file__).with_name("heldout_v6.jsonl")

HELDOUT_V6: list[Case] = [
    # -- English names without cues --------------------------------------------------------------
    ('en', 'Wilhelmina left the box at the door and it got wet', [('PERSON', 'Wilhelmina')], []),
    ('en', 'Parcel says recipient Anselm Brightwater but that is my landlord', [('PERSON', 'Anselm Brightwater')], []),
    ('en', 'Corentin Dubreuil and I share this account, either of us can sign', [('PERSON', 'Corentin Dubreuil')], []),
    ('en', 'The driver handed it to Thandiwe next door', [('PERSON', 'Thandiwe')], []),
    ('en', 'Is it possible to change the name to Radomir Petrovic?', [('PERSON', 'Radomir Petrovic')], []),
    ('en', 'i ordered it for my mum, her name is gwendolyn price', [('PERSON', 'gwendolyn price')], []),
    ('en', 'this is ezekiel from the last chat, any update', [('PERSON', 'ezekiel')], []),
    ('en', 'ORDER PLACED BY FARIDA NAZARI PLEASE CHECK', [('PERSON', 'FARIDA NAZARI')], []),
    ('en', 'My colleague Ingrid Solberg-Haugen placed the order', [('PERSON', 'Ingrid Solberg-Haugen')], []),
    ('en', "Could you tell Mateus the size is wrong", [('PERSON', 'Mateus')], []),
    # -- titles and suffixes -------------------------------------------------------------------
    ('en', 'Mrs Philippa Ouseley never got her refund', [('PERSON', 'Philippa Ouseley')], []),
    ('en', 'Attention: Mr. Bartholomew Ekwueme, Procurement', [('PERSON', 'Bartholomew Ekwueme')], []),
    ('en', 'Dr. Venkataraman asked for a receipt with VAT', [('PERSON', 'Venkataraman')], []),
    ('en', 'Billing name Lorcan Fitzgerald Sr. on the card', [('PERSON', 'Lorcan Fitzgerald')], []),
    ('en', 'Please deliver to Capt. Elspeth Marr at the gate', [('PERSON', 'Elspeth Marr')], []),
    ('en', 'Rev. Obadiah Kettering will collect in person', [('PERSON', 'Obadiah Kettering')], []),
    # -- sign-offs -----------------------------------------------------------------------------
    ('en', 'Looking forward to hearing from you.\nRegards,\nSeraphina Lund', [('PERSON', 'Seraphina Lund')], []),
    ('en', 'thx\nkofi', [('PERSON', 'kofi')], []),
    ('en', 'Many thanks - Bronwen', [('PERSON', 'Bronwen')], []),
    ('en', 'All the best,\nTARQUIN WELLESBY\nHead of Ops', [('PERSON', 'TARQUIN WELLESBY')], []),
    ('en', 'Yours faithfully,\nAugustin Pelletier PhD', [('PERSON', 'Augustin Pelletier')], []),
    ('en', 'Sent from my phone - Marguerite', [('PERSON', 'Marguerite')], []),
    # -- addresses: UK / US / AU, tails after the street number -------------------------------------
    ('en', 'Send the replacement to 17 Larkspur Close, Didcot OX11 7TQ please',
     [('ADDRESS', '17 Larkspur Close, Didcot OX11 7TQ')], []),
    ('en', 'my address: Flat 4B, Orchard Court, 233 Holloway Rd, London N7 8DL',
     [('ADDRESS', 'Flat 4B, Orchard Court, 233 Holloway Rd, London N7 8DL')], []),
    ('en', 'deliver to 5821 Birchwood Dr Unit 14, Raleigh, NC 27612 before Friday',
     [('ADDRESS', '5821 Birchwood Dr Unit 14, Raleigh, NC 27612')], []),
    ('en', 'It went to 390 Ocotillo Ave #2B, Tucson AZ 85705 which is my old place',
     [('ADDRESS', '390 Ocotillo Ave #2B, Tucson AZ 85705')], []),
    ('en', 'Unit 6/48 Banksia Parade, Cronulla NSW 2230 is correct',
     [('ADDRESS', 'Unit 6/48 Banksia Parade, Cronulla NSW 2230')], []),
    ('en', 'new address 12 Quandong St, Fitzroy VIC 3065, same phone',
     [('ADDRESS', '12 Quandong St, Fitzroy VIC 3065')], []),
    ('en', 'ship to 1140 Wexford Lane, apartment 3, Columbus, Ohio 43215',
     [('ADDRESS', '1140 Wexford Lane, apartment 3, Columbus, Ohio 43215')], []),
    ('en', 'The house is 8 Thistle Brae, Perth PH2 0QE, blue door',
     [('ADDRESS', '8 Thistle Brae, Perth PH2 0QE')], []),
    ('en', 'I live at 77b Marlowe Street, second floor',
     [('ADDRESS', '77b Marlowe Street, second floor')], []),
    ('en', 'PO Box 4417, Toowoomba QLD 4350 for anything posted',
     [('ADDRESS', 'PO Box 4417, Toowoomba QLD 4350')], []),
    # -- phones of several countries, extensions -------------------------------------------------
    ('en', 'ring me on +44 7700 900318 any time', [('PHONE_NUMBER', '+44 7700 900318')], []),
    ('en', 'office 020 7946 0721 ext. 214', [('PHONE_NUMBER', '020 7946 0721 ext. 214')], []),
    ('en', 'US number is 1-555-0163 or (646) 555-0182 ext 9',
     [('PHONE_NUMBER', '1-555-0163'), ('PHONE_NUMBER', '(646) 555-0182 ext 9')], []),
    ('en', 'my aussie mobile 0491 570 156', [('PHONE_NUMBER', '0491 570 156')], []),
    ('en', 'call +61 491 570 993 after 5pm AEST', [('PHONE_NUMBER', '+61 491 570 993')], []),
    ('en', 'German contact +49 30 901820 44, ask for shipping', [('PHONE_NUMBER', '+49 30 901820 44')], []),
    ('en', 'reach me at +1.415.555.0139', [('PHONE_NUMBER', '+1.415.555.0139')], []),
    # -- obfuscated numbers and e-mails -----------------------------------------------------------
    ('en', 'my number is five five five, zero one two eight', [('PHONE_NUMBER', 'five five five, zero one two eight')], []),
    ('en', 'email me: odalys dot ferreira at example dot com', [('EMAIL_ADDRESS', 'odalys dot ferreira at example dot com')], []),
    ('en', 'contact is r.holmqvist [at] example [dot] org', [('EMAIL_ADDRESS', 'r.holmqvist [at] example [dot] org')], []),
    ('en', 'phone 0 7 7 0 0 - 9 0 0 - 5 4 1', [('PHONE_NUMBER', '0 7 7 0 0 - 9 0 0 - 5 4 1')], []),
    ('en', 'write to tamsin_k(at)example.net if the bot fails', [('EMAIL_ADDRESS', 'tamsin_k(at)example.net')], []),
    # -- English business data that must stay ----------------------------------------------------
    ('en', 'Please put Harrowgate Joinery Ltd on the invoice, VAT GB 123 4567 89', [], ['Harrowgate Joinery Ltd']),
    ('en', 'The Anker PowerCore 20000 stopped charging after a week', [], ['Anker PowerCore 20000']),
    ('en', 'order #AZ-77-QX-0193 is missing the second item', [], ['AZ-77-QX-0193']),
    ('en', 'tracking 1Z 999 AA1 01 2345 6784 has not moved since Monday', [], ['1Z 999 AA1 01 2345 6784']),
    ('en', 'I was charged $149.99 twice, order 114-3948210-5521093', [], ['$149.99', '114-3948210-5521093']),
    ('en', 'The Ridgeback Trail 29er bike arrived with a bent wheel', [], ['Ridgeback Trail 29er']),
    ('en', 'Bought it at your Manchester Arndale store, can I return it in Leeds?', [], ['Manchester', 'Leeds']),
    ('en', 'Invoice should read Kowhai Digital Pty Ltd, ABN 51 824 753 556', [], ['Kowhai Digital Pty Ltd']),
    ('en', 'Royal Mail says RN482913375GB was delivered but it was not', [], ['Royal Mail', 'RN482913375GB']),
    ('en', 'Is the Victoria Sponge cake mix gluten free?', [], ['Victoria Sponge']),
    # -- Chinese names: without cues, with titles, transliterated, sign-offs ----------------------
    ('zh', '东西是邵雨桐签收的，但她说没收到', [('PERSON', '邵雨桐')], []),
    ('zh', '帮我把收件人改成欧阳慧敏', [('PERSON', '欧阳慧敏')], []),
    ('zh', '我老公蒋德昌下的单', [('PERSON', '蒋德昌')], []),
    ('zh', '联系人：付晓岚', [('PERSON', '付晓岚')], []),
    ('zh', '麻烦转告冯经理，发票抬头写错了', [('PERSON', '冯经理')], []),
    ('zh', '上次客服小苏答应给我补发的', [('PERSON', '小苏')], []),
    ('zh', '请让快递交给门卫老隋', [('PERSON', '老隋')], []),
    ('zh', '收件人是伊莎贝拉·罗西，她是我同事', [('PERSON', '伊莎贝拉·罗西')], []),
    ('zh', '货是寄给亚历山大·科瓦廖夫的', [('PERSON', '亚历山大·科瓦廖夫')], []),
    ('zh', '买家叫Farhan Qureshi，是我朋友', [('PERSON', 'Farhan Qureshi')], []),
    ('zh', '谭文博先生要求开专票', [('PERSON', '谭文博')], []),
    ('zh', '此致\n敬礼\n诸葛明轩', [('PERSON', '诸葛明轩')], []),
    ('zh', '辛苦了，谢谢！——卜嘉怡', [('PERSON', '卜嘉怡')], []),
    ('zh', '我叫阮清河，订单一直没发货', [('PERSON', '阮清河')], []),
    ('zh', '请问俞婷婷女士的退款到了吗', [('PERSON', '俞婷婷')], []),
    # -- Chinese addresses incl. tails after the number --------------------------------------------
    ('zh', '改寄到重庆市渝北区龙溪街道金开大道68号龙湖紫都城3期7栋12-4，谢谢',
     [('ADDRESS', '重庆市渝北区龙溪街道金开大道68号龙湖紫都城3期7栋12-4')], []),
    ('zh', '地址是西安市雁塔区科技路33号高新国际商务中心A座1602室',
     [('ADDRESS', '西安市雁塔区科技路33号高新国际商务中心A座1602室')], []),
    ('zh', '送到苏州工业园区星湖街218号生物纳米园B3楼405，放前台',
     [('ADDRESS', '苏州工业园区星湖街218号生物纳米园B3楼405')], []),
    ('zh', '我住在青岛市市南区香港中路76号颐中皇冠公寓2号楼1101',
     [('ADDRESS', '青岛市市南区香港中路76号颐中皇冠公寓2号楼1101')], []),
    ('zh', '收货地址：云南省昆明市五华区青年路432号，邮编650021',
     [('ADDRESS', '云南省昆明市五华区青年路432号')], []),
    ('zh', '寄到天津河西区友谊路35号城市大厦19层东侧就行',
     [('ADDRESS', '天津河西区友谊路35号城市大厦19层东侧')], []),
    # -- Chinese phones, obfuscations, e-mails ----------------------------------------------------
    ('zh', '电话13912345678转分机802', [('PHONE_NUMBER', '13912345678')], []),
    ('zh', '座机021-61234567-8021，白天有人', [('PHONE_NUMBER', '021-61234567-8021')], []),
    ('zh', '手机号一三八零零一三八零零零', [('PHONE_NUMBER', '一三八零零一三八零零零')], []),
    ('zh', '我的号码是 186 1234 5670 ，微信同号', [('PHONE_NUMBER', '186 1234 5670')], []),
    ('zh', '邮箱 weiran.gu＠example.cn', [('EMAIL_ADDRESS', 'weiran.gu＠example.cn')], []),
    ('zh', '香港电话+852 5123 4567，请联系', [('PHONE_NUMBER', '+852 5123 4567')], []),
    ('zh', '发到我邮箱 qiao_lin 艾特 example 点 com', [('EMAIL_ADDRESS', 'qiao_lin 艾特 example 点 com')], []),
    ('zh', '号码是1 3 7-2 4 6 8-1 3 5 9', [('PHONE_NUMBER', '1 3 7-2 4 6 8-1 3 5 9')], []),
    # -- Chinese business data that must stay ----------------------------------------------------
    ('zh', '发票抬头：杭州青禾信息科技有限公司，税号91330100MA2B3C4D5E', [], ['杭州青禾信息科技有限公司']),
    ('zh', '订单号 DD20261130-88A7-Q 的耳机左边没声音', [], ['DD20261130-88A7-Q']),
    ('zh', '顺丰单号SF1402938475612一直显示运输中', [], ['SF1402938475612']),
    ('zh', '实付¥268.50，但是优惠券没用上', [], ['¥268.50']),
    ('zh', '九阳豆浆机漏水，能换新吗', [], ['九阳']),
    ('zh', '我在成都春熙路的门店买的，可以在重庆退吗', [], ['成都', '重庆']),
    ('zh', '李宁的跑鞋尺码偏大', [], ['李宁']),
    ('zh', '王老吉凉茶整箱少了两罐', [], ['王老吉']),
    ('zh', '想问一下张小泉剪刀有保修吗', [], ['张小泉']),
    ('zh', '中通快递78391046251947到了驿站没通知', [], ['中通快递', '78391046251947']),
]


def write_heldout() -> None:
    """Written once, before this round's fixes; regenerating it must give the same bytes."""
    with HELDOUT_PATH.open("w", encoding="utf-8") as f:
        for i, r in enumerate(to_records(HELDOUT_V6)):
            f.write(json.dumps({"id": f"heldout6-{i:04d}", **r}, ensure_ascii=False) + "\n")
    print(len(HELDOUT_V6), "records ->", HELDOUT_PATH)


if __name__ == "__main__":
    if "--heldout" in sys.argv:
        write_heldout()
