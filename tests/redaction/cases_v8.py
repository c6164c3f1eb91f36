"""Privacy v2, round eight (issue #14): a new held-out split, written before any recognizer of this round changed.

Classes: Chinese person names in conversational text with no cue word nearby (a name opening the
sentence, "是X签收的", a signature at the end, a name after 客服/快递员/同事/老公), single capitalised
English first names ("Ask X to sign", "thanks, X", "my husband X") and lower-case full names — plus
business values that must survive and look like names: brands and products named after people or
starting with a surname character, places, branch names, roles, company names, colours,
months/weekdays and sentence-initial ordinary words.

Same case format as cases_v5.py: (lang, text, [(type, personal value)], [values that must survive]);
a value is located by its first occurrence in the text. Every value is invented (555-01xx numbers,
made-up names, orders and companies); nothing is copied from public data.

`HELDOUT_V8` is written once to heldout_v8.jsonl (`python tests/redaction/cases_v8.py --heldout`,
set name `heldout8`): it is only ever measured (before and after), never tuned on.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from cases_v5 import Case, to_records  # noqa: F401  (same format, same locator)

HELDOUT_PATH = Path(__file__).with_name("heldout_v8.jsonl")

HELDOUT_V8: list[Case] = [
    # -- Chinese names with no cue word nearby ---------------------------------------------------
    ('zh', '刘洋帮我下的单，麻烦查一下到哪了', [('PERSON', '刘洋')], []),
    ('zh', '是王芳签收的吗？我这边没收到', [('PERSON', '王芳')], []),
    ('zh', '东西收到了有点破损，麻烦处理一下，谢谢 陈晓', [('PERSON', '陈晓')], []),
    ('zh', '周志强下午会去店里取货', [('PERSON', '周志强')], []),
    ('zh', '这个单子是吴婷婷付的款，发票也开她', [('PERSON', '吴婷婷')], []),
    ('zh', '麻烦让郑凯回个电话', [('PERSON', '郑凯')], []),
    ('zh', '徐静说她没收到短信通知', [('PERSON', '徐静')], []),
    ('zh', '好的，辛苦了。何雨桐', [('PERSON', '何雨桐')], []),
    ('zh', '林晓峰和我一起买的，两单能合并发吗', [('PERSON', '林晓峰')], []),
    ('zh', '高翔今天不在家，明天再送可以吗', [('PERSON', '高翔')], []),
    ('zh', '胡雪梅已经把退货寄回去了，单号SF1398765432101', [('PERSON', '胡雪梅')], ['SF1398765432101']),
    ('zh', '韩磊买的那台小米空气净化器开不了机', [('PERSON', '韩磊')], ['小米空气净化器']),
    ('zh', '冯宇航在群里说你们已经发货了', [('PERSON', '冯宇航')], []),
    ('zh', '宋佳帮我问过了，说要七天', [('PERSON', '宋佳')], []),
    ('zh', '董浩然付完款了吗？帮我看下', [('PERSON', '董浩然')], []),
    ('zh', '潘志刚昨天来退的货，退款到哪了', [('PERSON', '潘志刚')], []),
    ('zh', '麻烦跟蔡文静说一声，货到了', [('PERSON', '蔡文静')], []),
    ('zh', '余晨帮忙拍了照片，您看下', [('PERSON', '余晨')], []),
    ('zh', '是孟佳收的件吧，她电话13700002468', [('PERSON', '孟佳'), ('PHONE_NUMBER', '13700002468')], []),
    ('zh', '一楼前台的邱淑芬帮我签的', [('PERSON', '邱淑芬')], []),
    ('zh', '谭振华说这个颜色比图片深', [('PERSON', '谭振华')], []),
    ('zh', '已经转给付晓东处理了吗', [('PERSON', '付晓东')], []),
    ('zh', '货是卢俊杰拿走的，他说没有发票', [('PERSON', '卢俊杰')], []),
    # -- signatures at the end ----------------------------------------------------------------------
    ('zh', '谢谢你们，问题解决了\n蒋雯雯', [('PERSON', '蒋雯雯')], []),
    ('zh', '好的收到 谢谢 田甜', [('PERSON', '田甜')], []),
    ('zh', '多谢！——沈一鸣', [('PERSON', '沈一鸣')], []),
    ('zh', '谢谢您的耐心解答 梁思远', [('PERSON', '梁思远')], []),
    ('zh', '麻烦尽快，谢谢。严海波', [('PERSON', '严海波')], []),
    # -- after 客服 / 快递员 / 同事 / family words ----------------------------------------------------
    ('zh', '刚才客服赵敏说可以退款，怎么还没到账', [('PERSON', '赵敏')], []),
    ('zh', '上次是客服李佳琪处理的，她答应补发', [('PERSON', '李佳琪')], []),
    ('zh', '客服邓丽说今天能发，结果还没动静', [('PERSON', '邓丽')], []),
    ('zh', '快递员孙建国说放门卫了，可是门卫说没有', [('PERSON', '孙建国')], []),
    ('zh', '快递员罗志勇态度很差，我要投诉', [('PERSON', '罗志勇')], []),
    ('zh', '快递员曹文军打电话我没接到', [('PERSON', '曹文军')], []),
    ('zh', '快递员钟伟把件放到丰巢了', [('PERSON', '钟伟')], ['丰巢']),
    ('zh', '我同事黄丽娟帮我收的货，她说盒子是湿的', [('PERSON', '黄丽娟')], []),
    ('zh', '我同事杨帆说你们周末也发货', [('PERSON', '杨帆')], []),
    ('zh', '同事彭欣怡下单时地址写错了', [('PERSON', '彭欣怡')], []),
    ('zh', '我老公汪鹏下的单，他不在家', [('PERSON', '汪鹏')], []),
    ('zh', '我老婆夏琳说没收到', [('PERSON', '夏琳')], []),
    # -- must survive: brands, products, places, branches, roles, companies, catalogue words ------
    ('zh', '李锦记蚝油买一送一还有吗', [], ['李锦记']),
    ('zh', '张裕解百纳干红能开专票吗', [], ['张裕解百纳']),
    ('zh', '周黑鸭鸭脖到货有点漏气', [], ['周黑鸭']),
    ('zh', '王守义十三香一箱多少包', [], ['王守义十三香']),
    ('zh', '我在南京路总店买的，可以在淮海路分店退吗', [], ['南京路总店', '淮海路分店']),
    ('zh', '华东区总代理是哪家公司', [], ['华东区总代理']),
    ('zh', '武汉江汉路旗舰店今天营业吗', [], ['武汉江汉路旗舰店']),
    ('zh', '黄山毛峰和西湖龙井各要两盒', [], ['黄山毛峰', '西湖龙井']),
    ('zh', '发到马鞍山还是石家庄的仓库更快', [], ['马鞍山', '石家庄']),
    ('zh', '发票抬头：张家港宏达纺织有限公司', [], ['张家港宏达纺织有限公司']),
    ('zh', '杨国福麻辣烫的联名款还有货吗', [], ['杨国福麻辣烫']),
    ('zh', '高露洁牙膏少发了一支', [], ['高露洁']),
    ('zh', '孔雀蓝的那款还有吗', [], ['孔雀蓝']),
    ('zh', '白色和金色各一件，订单号202612020088', [], ['白色', '金色', '202612020088']),
    ('zh', '常州的仓库发货还是苏州的', [], ['常州', '苏州']),
    ('zh', '华为Mate60的壳子有没有', [], ['华为Mate60']),
    ('zh', '周末能送到吗？我周一不在家', [], ['周末', '周一']),
    ('zh', '安徽区域经理说可以换货', [], ['安徽区域经理']),
    ('zh', '于是我就申请了退款，单号TK99831', [], ['于是', 'TK99831']),
    ('zh', '方便的话明天上午送，温州这边下雨', [], ['方便', '温州']),
    ('zh', '金属底座的台灯和高档礼盒装各一个', [], ['金属底座', '高档礼盒']),
    ('zh', '马克杯少了一个，石英表表带也断了', [], ['马克杯', '石英表']),
    ('zh', '江南布衣的外套能在杭州专柜退吗', [], ['江南布衣', '杭州专柜']),
    # -- English single first names -----------------------------------------------------------------
    ('en', 'Ask Megan to sign for it, she works from home', [('PERSON', 'Megan')], []),
    ('en', 'thanks, Priya', [('PERSON', 'Priya')], []),
    ('en', 'my husband Tom ordered it last week', [('PERSON', 'Tom')], []),
    ('en', 'Can Darnell pick it up instead of me?', [('PERSON', 'Darnell')], []),
    ('en', 'Okay, I will tell Ingrid to wait for the courier', [('PERSON', 'Ingrid')], []),
    ('en', 'Leave it with Rashid at reception', [('PERSON', 'Rashid')], []),
    ('en', 'my wife Yolanda placed the order on her phone', [('PERSON', 'Yolanda')], []),
    ('en', 'The driver handed it to Bartholomew next door', [('PERSON', 'Bartholomew')], []),
    ('en', 'cheers, Fergus', [('PERSON', 'Fergus')], []),
    ('en', 'Thanks so much!\nMarisol', [('PERSON', 'Marisol')], []),
    ('en', 'Siobhan said the box was already open when it came', [('PERSON', 'Siobhan')], []),
    ('en', 'my son Eli wants the blue one instead', [('PERSON', 'Eli')], []),
    ('en', 'I think Thandiwe signed for it', [('PERSON', 'Thandiwe')], []),
    ('en', 'Please call Ravi before delivery, 555-0172', [('PERSON', 'Ravi'), ('PHONE_NUMBER', '555-0172')], []),
    ('en', 'my colleague Henrik needs a copy of the invoice', [('PERSON', 'Henrik')], []),
    ('en', 'the courier gave it to Agnieszka upstairs', [('PERSON', 'Agnieszka')], []),
    ('en', 'no rush, thanks - Colm', [('PERSON', 'Colm')], []),
    ('en', 'Is it ok if Keiko collects it from the store?', [('PERSON', 'Keiko')], []),
    ('en', 'my partner Jonah returned the jacket yesterday', [('PERSON', 'Jonah')], []),
    ('en', 'Best, Anneliese', [('PERSON', 'Anneliese')], []),
    ('en', 'my daughter Saoirse loves it, thanks!', [('PERSON', 'Saoirse')], []),
    ('en', 'hi, Kwame here, did the refund go through?', [('PERSON', 'Kwame')], []),
    ('en', 'Odalys from accounts already paid invoice INV-2210', [('PERSON', 'Odalys')], ['INV-2210']),
    ('en', 'Could Benedetta get a text when it ships?', [('PERSON', 'Benedetta')], []),
    ('en', 'thank you so much Lorcan', [('PERSON', 'Lorcan')], []),
    # -- English lower-case full names ------------------------------------------------------------
    ('en', 'order was placed by marcus delgado, can you check', [('PERSON', 'marcus delgado')], []),
    ('en', 'please send it to the attention of wendell okafor', [('PERSON', 'wendell okafor')], []),
    ('en', 'recipient should be tamsin greaves not me', [('PERSON', 'tamsin greaves')], []),
    ('en', 'i think lucinda pryce signed for it', [('PERSON', 'lucinda pryce')], []),
    ('en', 'ok thanks\nbenedikt sauer', [('PERSON', 'benedikt sauer')], []),
    ('en', 'can you change the name on the parcel to esther nakamura', [('PERSON', 'esther nakamura')], []),
    ('en', 'rowan feld ordered two of these and only got one', [('PERSON', 'rowan feld')], []),
    ('en', 'my neighbour gideon ashworth took it in', [('PERSON', 'gideon ashworth')], []),
    # -- must survive: brands, products, months/weekdays, places, ordinary sentence openers ---------
    ('en', 'Do you have the Ralph Lauren polo in navy?', [], ['Ralph Lauren']),
    ('en', 'The Tommy Hilfiger jacket arrived without tags', [], ['Tommy Hilfiger']),
    ('en', 'I ordered on May 3 and it still is not here', [], ['May 3']),
    ('en', 'Can you deliver on Monday or Tuesday?', [], ['Monday', 'Tuesday']),
    ('en', 'It was supposed to arrive in June, order 88214', [], ['June', '88214']),
    ('en', 'Ship it to the Austin warehouse please', [], ['Austin']),
    ('en', 'Is the Victoria store open on Sunday?', [], ['Victoria', 'Sunday']),
    ('en', 'Grace period for returns is 30 days right?', [], ['Grace period']),
    ('en', 'Will the replacement ship this week?', [], ['Will']),
    ('en', 'Mark the parcel as fragile please', [], ['Mark']),
    ('en', 'Bill me for the extra shipping', [], ['Bill']),
    ('en', 'Florence, Sydney and Chelsea shops all say out of stock', [], ['Florence', 'Sydney', 'Chelsea']),
    ('en', 'The Dr. Martens boots in size 9 squeak', [], ['Dr. Martens']),
    ('en', 'Invoice to Holloway & Finch Ltd, PO 55731', [], ['Holloway & Finch Ltd', '55731']),
    ('en', "The Jack Daniel's gift set came broken", [], ["Jack Daniel's"]),
    ('en', 'Sorry, Apple Watch strap is the wrong size', [], ['Apple Watch']),
    ('en', 'Rose gold or silver, which is in stock?', [], ['Rose gold']),
    ('en', 'Amber and Ivy colour options are both sold out', [], ['Amber', 'Ivy']),
    ('en', 'Georgia is where I live, do you ship there?', [], ['Georgia']),
    ('en', 'August sale price was lower, can you refund the difference?', [], ['August']),
    ('en', 'Hope you can help, tracking 1Z999AA10123456784', [], ['Hope', '1Z999AA10123456784']),
    ('en', 'Joy of Cooking arrived with a torn cover', [], ['Joy of Cooking']),
    ('en', "Carter's baby romper size 6M is too small", [], ["Carter's"]),
    ('en', 'Frank answer please: can I return an opened item?', [], ['Frank']),
    ('en', "I want to return the Ben & Jerry's freezer bag", [], ["Ben & Jerry's"]),
    ('en', 'Dawn delivery slots, do you have them on Friday?', [], ['Dawn', 'Friday']),
    ('en', 'thanks, the Calvin Klein belt fits now', [], ['Calvin Klein']),
    ('en', 'Harper Avenue branch told me to ask online', [], ['Harper Avenue branch']),
]


def write_heldout() -> None:
    """Written once, before this round's fixes; regenerating it must give the same bytes."""
    with HELDOUT_PATH.open("w", encoding="utf-8") as f:
        for i, r in enumerate(to_records(HELDOUT_V8)):
            f.write(json.dumps({"id": f"heldout8-{i:04d}", **r}, ensure_ascii=False) + "\n")
    print(len(HELDOUT_V8), "records ->", HELDOUT_PATH)


if __name__ == "__main__":
    if "--heldout" in sys.argv:
        write_heldout()
