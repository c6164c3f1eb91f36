"""Chinese person names.

Three signals, combined:
- cues: 我叫/姓名/收件人/联系人/户名/收货人/持卡人… followed by surname + 1–2 characters;
- honorifics: 张先生, 李女士, 王小姐 (the name part is reported, not the honorific);
- the jieba segmenter: words tagged `nr` that start with a known surname and are *not*
  ordinary dictionary words (jieba tags 谢谢, 左耳, 华为 as `nr`; real names are rare in its
  dictionary), so names with no cue are found too.
`gap_names` adds names sitting between other PII on a waybill-like line (张三 138… 上海市…).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from functools import lru_cache

from .base import CJK, Recognizer

# Compound surnames (复姓) of the 百家姓 and a few common modern ones.
_COMPOUND = tuple("""濮阳 欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 令狐 端木 轩辕 独孤
南宫 西门 万俟 闻人 呼延 澹台 赫连 公羊 公冶 宗政 淳于 单于 太叔 申屠 仲孙 钟离 鲜于 闾丘 司空 亓官 司寇 子车
颛孙 巫马 公西 漆雕 乐正 壤驷 公良 拓跋 夹谷 宰父 谷梁 段干 百里 东郭 南门 羊舌 微生 梁丘 左丘 东门 商牟
伯赏 第五 徐离 东野""".split())


# 百家姓 (single-character surnames), so rare surnames (酆, 蒯, 昝, 荀…) are known too.
_BAIJIAXING = set(
    "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜戚谢邹喻柏水窦章云苏潘葛奚范彭郎"
    "鲁韦昌马苗凤花方俞任袁柳酆鲍史唐费廉岑薛雷贺倪汤滕殷罗毕郝邬安常乐于时傅皮卞齐康伍余元卜顾孟平黄"
    "和穆萧尹姚邵湛汪祁毛禹狄米贝明臧计伏成戴谈宋茅庞熊纪舒屈项祝董梁杜阮蓝闵席季麻强贾路娄危江童颜郭"
    "梅盛林刁钟徐邱骆高夏蔡田樊胡凌霍虞万支柯昝管卢莫经房裘缪干解应宗丁宣贲邓郁单杭洪包诸左石崔吉钮龚"
    "程嵇邢滑裴陆荣翁荀羊於惠甄曲家封芮羿储靳汲邴糜松井段富巫乌焦巴弓牧隗山谷车侯宓蓬全郗班仰秋仲伊宫"
    "宁仇栾暴甘钭厉戎祖武符刘景詹束龙叶幸司韶郜黎蓟薄印宿白怀蒲邰从鄂索咸籍赖卓蔺屠蒙池乔阴鬱胥能苍双"
    "闻莘党翟谭贡劳逄姬申扶堵冉宰郦雍卻璩桑桂濮牛寿通边扈燕冀郏浦尚农温别庄晏柴瞿阎充慕连茹习宦艾鱼容"
    "向古易慎戈廖庾终暨居衡步都耿满弘匡国文寇广禄阙东欧殳沃利蔚越夔隆师巩厍聂晁勾敖融冷訾辛阚那简饶空"
    "曾毋沙乜养鞠须丰巢关蒯相查后荆红游竺权逯盖益桓公晋楚闫法汝鄢涂钦岳帅缑亢况郈有琴归海墨哈谯笪年爱阳佟")


def _load_surnames() -> frozenset[str]:
    from faker.providers.person.zh_CN import Provider
    names = {n for n in Provider.last_names if len(n) == 1}
    names.update("郝邝阚逯佘覃钮冼聂晏付肖")
    names.update(_BAIJIAXING)
    return frozenset(names)


SURNAMES = _load_surnames()
# Characters that end a name: function words, verbs and nouns that commonly follow a name.
_STOP = set("的了是在和与及跟同电手号码地址住先女老师傅经理，。！？、想要请问我你他她吗呢吧啊哦呀也都就还说给"
            "把被让从到寄收发买退换帮谢您的个这那已刚又再来去看用要会能可以没不很太收联系人名字身份证卡"
            "的省市区县路街镇村号栋楼室单元座 \t\n,.!?:;：；（）()")
_STRONG_CUE = re.compile(
    r"(?:我叫|叫我|我的名字(?:是|叫)|名字(?:是|叫)|姓名|收件人|收货人|联系人|联系方式|户名|寄件人|持卡人|开户名|开户人|签收人|"
    r"取件人|账户名|本人|客户|买家|用户名是|下单人|订货人|付款人|购买人|领取人|提货人|经办人|负责人|代收人|订购人)\s*(?:是|为|叫|写(?:的是|成)?|填(?:的是|写)?|改(?:成|为)|换成)?\s*[:：]?\s*")
# Relation words (我爸, 我儿子, 闺蜜, 室友…) introduce a person as often as 朋友/同事 do: "我爸聂振国不在家".
_RELATION = (r"我?(?:爸爸?|妈妈?|儿子|女儿|哥哥?|姐姐?|弟弟?|妹妹?|爷爷|奶奶|外公|外婆|姥姥|姥爷|舅舅|舅妈|姑姑|姨妈|"
             r"婆婆|公公|岳父|岳母|媳妇|丈夫|妻子|男朋友|女朋友|男友|女友|闺蜜|室友|邻居|表[哥姐弟妹]|堂[哥姐弟妹]|侄子|侄女|孙子|孙女)")
_WEAK_CUE = re.compile(r"(?:我是|这里是|我姓|找|转告|麻烦|让|联系(?:一下)?|通知(?:一下)?|告诉|转交给?|交给|代收人?|朋友|家人|同事|老公|老婆|爱人|"
                       + _RELATION + "|"
                       r"客服(?:人员|专员|小姐姐|小哥|小妹)?|售后|店员|导购|快递员|骑手|师傅|"
                       # privacy14: the people at the door and on the road (门卫老周代收的, 配送员孔德明…)
                       r"门卫|保安|配送员|送货员|安装工|维修工|司机)"
                       # "交给了戴雨萱": the verb's 了 between cue and name
                       r"(?:(?<=给|诉|知)了)?\s*[:：]?\s*")
# 总 is an honorific (王总) but also "head" in shop words: 总店, 总代理, 总部, 总仓, 总经销
_HONORIFIC = re.compile(r"(?:先生|女士|小姐|老师|师傅|经理|阿姨|太太|同学|总(?![共计部价额量数是店代仓经台监公结之体]))")
# A cue-less name is known by what follows it: "刘洋帮我下的单", "付杰思和马文都是我们家的"
_AFTER_NAME = re.compile(r"(?:帮我|帮忙|替我|让我|叫我|要我|说|答应|同意|通过?电话|打过?电话|沟通|聊过|确认过|下的单|下单|买的|订的|的快递|的订单|的包裹|的地址|"
                         r"的电话|的手机|和|跟|一起|已经|刚才|刚刚|之前|来问|签收|收到|在家|不在|会|也|都|"
                         # "唐国栋明天不在家", "放在王芳那里": a time word or "there" after a person
                         r"今天|明天|昨天|后天|前天|上午|下午|晚上|早上|中午|那里|那边|那儿)")
_AFTER_V8 = re.compile(
                         # round eight: what a person does with a parcel or an order ("阎海涛在群里问过了",
                         # "尹志平觉得质量不行", "隔壁的车晓彤代签的", "黎明辉是我们店的采购")
                         r"(?:在(?![于乎线])|觉得|认为|确认|问过|问了|拍了|拍的|拿走|拿的|取的|取走|取了|代签|代收|签的|签了|"
                         r"付的|付了|付完|收的|收了|是我|要的|寄的|寄回|退的|处理|负责|反馈|投诉|打不通|"
                         # privacy14: "邓超然上周退的款", "欧阳明月是收件人"
                         r"上周|上次|上个月|前几天|前两天|这周|本周|是(?:收件人|收货人|买家|下单人|联系人|本人)|"
                         # "严明的妈妈说…": a person's family; "卢俊义你好": the person greeted
                         r"的(?:妈妈|爸爸|老公|老婆|朋友|同事|女儿|儿子|家人|孩子)|你好|您好)")
# the older verbs first: _AFTER_V8's verbs also follow things ("满百在哪里", "颜色确认一下"), so a
# name found only by them, or after 的, must not be a dictionary word (see _rare_name_shape)
_AFTER_OLD = _AFTER_NAME
_AFTER_NAME = re.compile(_AFTER_OLD.pattern[:-1] + "|" + _AFTER_V8.pattern[3:])
_LATIN_CUE = re.compile(r"(?:转交给|交给|转给|给|找|问|联系|通知|转告|告诉|让|(?:英文名|名字)?叫|英文名(?:是|为)?)(?:一下)?\s*[:：]?\s*")
# "叫蒋文华的快递员": 叫 + a name + 的 is "the one called …" (叫车/叫外卖 never take 的 right after)
_CALLED = re.compile(r"(?:叫|名叫|叫做)(?=[\u4e00-\u9fff]{2,4}(?:的|[，。！？,.!?；;\s]|$))")
# (not the 复姓 that are also directions or numbers: 西门町, 东门口, 第五个 name places and things)
_COMPOUND_ALONE = re.compile(r"(?:(?<=^)|(?<=[，,。：:；;！!？?\s]))(?:"
                             + "|".join(c for c in _COMPOUND if c[0] not in "东西南北第百") + r")[\u4e00-\u9fff]{1,2}"
                             r"(?=[，,。；;！!？?\s]|$)")
_LATIN_WORD = re.compile(r"[A-Z][a-z]")
_LATIN_NAME = re.compile(r"[A-Z][a-zà-öø-ÿ'\-]+(?:[ \t]+[A-Z][a-zà-öø-ÿ'\-]+){0,2}")
_SENT_START = re.compile(r"(?:^|(?<=[，。！？,.!?；;：:\s—\-])|(?<=和)|(?<=跟)|(?<=与)|(?<=客服)|(?<=售后)|(?<=店员)|(?<=同事)|(?<=是)|(?<=替)|"
                         # "前台的柳青帮我收了": a person after 的 (only with what people do after it)
                         r"(?<=的))")
# characters a given name does not contain (particles, pronouns, the verbs that follow names)
_NOT_GIVEN = set("的了是在和与及跟我你他她您们吗呢吧啊哦呀也都就还说给把被让从到帮替要叫会已经签收不")
_SIG_BEFORE = re.compile(r"[。！？!?.，,~～\s\-—–]\s*$")   # "…谢谢！——李梓萱": dashes before a signature
# letter closings after a signature ("蒋欣然 敬上"): the name before them signs; they are never a name (敬 is a surname)
_SIGN_OFF = re.compile(r"\s*(?:敬上|谨上|拜上|敬启|谨启|顿首|上|留)[。.!！]?\s*$")
_SIGN_OFF_WORDS = frozenset("敬上 谨上 拜上 敬启 谨启 顿首".split())
_NOT_NAMES = frozenset("谢谢 左耳 右耳 华为 李宁 小米 周大福 王老吉 老干妈 张小泉 马应龙 海尔 格力 美的 "
                       "方便 高兴 万一 包装 明天 白色 金色 黄色 常规 文明 雷达 安心 宋体 林子 钟表 江南 "
                       "周末 周一 周二 周三 周四 周五 周六 周日 周边 周期 周年 何时 何处 谁的 任何 连续 "
                       "高速 高清 高端 高级 成功 成本 全新 全部 安全 黄金 白金 金额 陆续 时间 时候 申请 "
                       "应该 于是 向前 单独 车型 余额 甘心 毛病 毛巾 牛仔 尤其 易碎 康复 温度 温柔 "
                       "路上 路过 关闭 关于 邮件 邮寄 邮费 卢布 房间 严重 田园 齐全 华南 华北 华东 "
                       "杨柳 司机 门卫 司马 欧阳 上官 东方 公孙 慕容 令狐 诸葛 宇文 夏天 秋天 冬天 春天 "
                       # brands and shop words that start with a surname character
                       "戴森 飞利浦 苏泊尔 欧莱雅 雷蛇 罗技 方太 九阳 海信 康佳 长虹 荣耀 魅族 联想 戴尔 惠普 "
                       "华硕 宏碁 兰蔻 安踏 特步 匹克 鸿星尔克 回力 百丽 优衣库 丰巢 菜鸟 顺丰 申通 韵达 圆通 "
                       "中通 极兔 德邦 京东 天猫 淘宝 拼多多 苏宁 国美 唯品会 万达 华润 金龙鱼 伊利 蒙牛 "
                       "光明 娃哈哈 康师傅 白象 周黑鸭 屈臣氏 百草味 良品铺子 三只松鼠 雅诗兰黛 资生堂 "
                       "石头 云鲸 追觅 米家 苹果 三星 索尼 松下 东芝 夏普 尼康 佳能 任天堂 乐高 宜家 "
                       "卡西欧 施华洛世奇 潘多拉 周生生 老凤祥 六福 谢瑞麟 曼秀雷敦 高露洁 舒肤佳 "
                       "海飞丝 潘婷 飘柔 沙宣 蓝月亮 立白 雕牌 金纺 威露士 滴露 贝亲 花王 尤妮佳 "
                       "毛戈平 李子柒 钟薛高 王饱饱 褚橙 杨国福 刘一手 王致和 张裕 李锦记 谭木匠 王守义 陈克明 胡庆余堂 吴裕泰 张一元 王麻子 徐福记 林清轩 汤臣倍健 "
                       "丰田 本田 宝马 奔驰 马自达 福特 雷克萨斯 申请 温馨 安装 安排 包邮 包裹 包装盒 "
                       "陈皮 钱包 钱款 金币 房东 房子 车子 车主 项目 程序 程度 时效 时长 于是乎 向导 支付宝 支付 "
                       # transliterated brands the segmenter tags as people (privacy14: cn_translit reads
                       # dot-less foreign names, and these spell the same sounds)
                       "肯德基 麦当劳 星巴克 特斯拉 迪士尼 阿迪达斯 耐克 香奈儿 迪奥 爱马仕 普拉达 阿玛尼 古驰 卡地亚 "
                       "蒂芙尼 欧米茄 劳力士 西门子 博世 沃尔沃 雷诺 保时捷 法拉利 兰博基尼 奥迪 路易威登 巴宝莉 "
                       "范思哲 纪梵希 圣罗兰 安利 雀巢 德芙 费列罗 奥利奥 芭比 哈根达斯 必胜客 赛百味 沃尔玛 家乐福 "
                       "麦德龙 开市客 亚马逊 诺基亚 摩托罗拉 佩奇 巴黎世家 巧克力 卡布奇诺 比萨 沙拉 马克杯".split())

# After an un-cued segmenter "name", these mean it was a brand, shop or place (丰巢柜, 戴森吹风机).
_NOT_AFTER_NAME = re.compile(
    r"(?:柜|店|牌|品牌|官方|旗舰|专卖|专柜|超市|快递|物流|公司|集团|手机|电脑|耳机|充电|电视|冰箱|空调|洗衣机|平板|"
    r"手表|手环|音箱|吹风机|剃须刀|电饭煲|牙刷|扫地|净化器|商城|客服|门店|驿站|网点|站|路|街|大道|区|市|县|省|镇|村|"
    r"小区|大厦|广场|酒店|医院|学校|系列|款|型号|app|APP|账号|会员|总[店代经部仓监公]|经销|代理|分店|"
    # product nouns: 马克杯, 保温杯, 帆布包, 羽绒服 …
    r"杯|壶|锅|煲|包|服|衣|裤|鞋|帽|袜|盒|箱|机|器|灯|表|笔|本|垫|枕|被|镜|瓶|罐|"
    # eateries and food brands named after their founder: 张亮麻辣烫, 杨国福麻辣烫, 陈记烧腊
    r"麻辣烫|火锅|烤鸭|奶茶|面馆|拉面|米线|米粉|饺子|包子|烧烤|串串|烧腊|酸菜鱼|凉皮|煎饼|餐厅|饭店|酒楼|菜馆|小吃|"
    r"食品|零食|糕点|月饼|鸭脖|卤味|珠宝|金店|眼镜|药房|大药房|"
    # sights and their tickets (宋城景区), and a quantity right after (江小白一箱): a product
    r"景区|景点|乐园|公园|博物馆|门票|"
    # furniture, book and trade names after a founder's name (曲美家居, 钟书阁书店), and merch (雷军同款)
    r"家居|家具|木业|书店|书局|书城|家纺|服饰|鞋业|电器|科技|数码|外卖|酒业|茶业|同款|联名|[一二两三四五六七八九十几\d]+[箱瓶袋盒罐件支条斤桶听提])")


@lru_cache(maxsize=65536)
def is_common_word(word: str) -> bool:
    """True for ordinary words (jieba dictionary frequency), which names rarely are."""
    f = _freq().get(word) or 0
    return f > 15 or word in _NOT_NAMES


@lru_cache(maxsize=4096)
def listed_name(word: str, max_freq: int = 150) -> bool:
    """A three-character word the dictionary itself lists as a person (王丽丽): a name after a cue,
    though its frequency makes it "common" (the list also holds 麻醉科 or 红双喜, so never cue-less)."""
    import jieba.posseg as pseg
    f = _freq().get(word) or 0
    return len(word) in (2, 3) and f <= max_freq and (len(word) == 3 or max_freq <= 50) and word[0] in SURNAMES and word not in _NOT_NAMES \
        and pseg.dt.word_tag_tab.get(word) == "nr" and not _NOT_AFTER_NAME.fullmatch(word[-1])


# "昨天跟李娜通过电话": talked with someone — after 跟/和/与, a word the dictionary lists as a
# person is one, though common names (李娜) are frequent enough to read as ordinary words
_TALKED = re.compile(r"(?:通过?电话|打过?电话|沟通|聊过|聊了|说过|确认过|联系过|视频过)")


def _dict_name(word: str, max_freq: int = 600) -> bool:
    import jieba.posseg as pseg
    return word not in _NOT_NAMES and word[0] in SURNAMES and pseg.dt.word_tag_tab.get(word) == "nr" \
        and (_freq().get(word) or 0) <= max_freq


def _place_word(word: str) -> bool:
    from .places import CN_PLACES
    return word in CN_PLACES or word[:2] in CN_PLACES or word[-1] in "省市区县路街镇村"


def _brand_inside(word: str) -> bool:
    """丰巢柜 / 戴森吹 — the segmenter glued a brand to the next character.

    A compound surname alone is listed as "not a name" (欧阳 is no person), but 欧阳靖轩 is one.
    """
    return any(word.startswith(b) for b in (word[:2], word[:3])
               if b in _NOT_NAMES and len(b) >= 2 and not (b in _COMPOUND and len(word) > 2))


def _surname_len(text: str, i: int) -> int:
    if text[i:i + 2] in _COMPOUND:
        return 2
    return 1 if text[i:i + 1] in SURNAMES else 0


def name_at(text: str, i: int, max_given: int = 2) -> int:
    """End of a plausible name starting at `i` (surname + 1–2 given characters), or -1."""
    sl = _surname_len(text, i)
    if not sl:
        return -1
    j = i + sl
    given = 0
    while given < max_given and j < len(text) and CJK.match(text[j]) and text[j] not in _STOP:
        if text[j] == "小" and text[j + 1:j + 2] == "姐":
            break
        j += 1
        given += 1
    if given == 0:
        return -1
    return j


_SEG_LOCK = threading.Lock()
_JIEBA_READY = False


def _freq() -> dict[str, int]:
    """jieba's word frequencies, the dictionary loaded first. Every reader goes through here: an
    uninitialised jieba has an EMPTY table, which would read every word as a rare one (and
    `is_common_word` caches its answers), so the load is never assumed to have happened in a
    warm-up (`Redactor.create(warm=False)` skips it until the first Chinese text)."""
    global _JIEBA_READY
    import jieba
    if not _JIEBA_READY:
        with _SEG_LOCK:
            if not _JIEBA_READY:
                jieba.setLogLevel(60)
                jieba.initialize()
                _JIEBA_READY = True
    return jieba.dt.FREQ


@lru_cache(maxsize=8)
def segment(text: str) -> tuple[tuple[str, str, int], ...]:
    """jieba posseg tokens (word, flag, start) over the CJK parts of `text`."""
    _freq()
    import jieba.posseg as pseg
    out = []
    for m in re.finditer(r"[\u3400-\u9fff]+", text):
        pos = m.start()
        for w in pseg.cut(m.group(0)):
            out.append((w.word, w.flag, pos))
            pos += len(w.word)
    return tuple(out)


MAX_SEGMENT_CHARS = 20_000  # beyond this, cues and honorifics only (jieba costs ~0.5 ms per character)


# Transliterated foreign names are written with an interpunct between the parts: 安娜·彼得罗娃,
# 穆罕默德·阿里 (the dot is hardly used for anything else in Chinese text)
_DOT_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:[·•・‧][\u4e00-\u9fff]{1,8}){1,3}")


class ChineseNameRecognizer(Recognizer):
    ENTITIES = ["PERSON"]

    def find(self, text, nlp_artifacts):
        if not CJK.search(text):
            return
        seen: set[tuple[int, int]] = set()
        tokens = segment(text) if len(text) <= MAX_SEGMENT_CHARS else []
        tok_at = {s: (w, f) for w, f, s in tokens}

        def emit(s: int, e: int, score: float):
            if (s, e) not in seen and e - s >= 2:
                seen.add((s, e))
                yield "PERSON", s, e, score

        for cue, score, weak in ((_STRONG_CUE, 0.85, False), (_WEAK_CUE, 0.6, True)):
            for m in cue.finditer(text):
                i = m.end()
                e = name_at(text, i)
                if not weak:
                    # Given names use everyday characters (洪想, 李想, 王在): after a strong cue,
                    # a surname + 1–2 characters closed off by punctuation, a digit or the end
                    # is the name whatever those characters are.
                    sl = _surname_len(text, i)
                    for k in (2, 1):
                        j = i + sl + k
                        if sl and j <= len(text) and all(CJK.match(c) for c in text[i + sl:j]) \
                                and (j == len(text) or not CJK.match(text[j])):
                            e = max(e, j)
                            break
                if e < 0:
                    continue
                tok = tok_at.get(i)
                if tok and 2 <= len(tok[0]) <= 4 and _surname_len(tok[0], 0) and listed_name(tok[0]) \
                        and _AFTER_NAME.match(text, i + 3) or (tok and text[i + 3:i + 4] in _NOT_GIVEN and listed_name(tok[0])):
                    yield from emit(i, i + 3, score)   # 麻烦王丽丽签收: a listed name after a cue
                    continue
                if tok and 2 <= len(tok[0]) <= 4 and _surname_len(tok[0], 0) and not is_common_word(tok[0]):
                    te = i + len(tok[0])
                    nxt = tok_at.get(te)
                    # 覃小|蔓说: the segmenter glued the last given character to the verb after it;
                    # the name runs to where a particle or verb begins, not to the token's end
                    glued = te < e < len(text) and nxt is not None and te + len(nxt[0]) > e \
                        and text[e] in _NOT_GIVEN
                    if not glued:
                        e = te if len(tok[0]) <= e - i + 1 else e
                    # 戴雨|萱，: the last given character left alone by the segmenter before punctuation
                    orphan = tok_at.get(te)
                    if orphan and len(orphan[0]) == 1 and te - i - _surname_len(text, i) < 2 and text[te] not in _STOP \
                            and text[te] not in _NOT_GIVEN and (te + 1 == len(text) or not CJK.match(text[te + 1])):
                        e = te + 1
                if weak and _PERSON_CUE.search(m.group(0)) and _kin_name(text, i, e, tok):
                    yield from emit(i, e, score)   # 老公蓝天说…: a relation or role word, then what people do
                    continue
                if weak:
                    cand = text[i:e]
                    # a compound surname is itself a "word" (上官): the head is surname + first given character
                    sl0 = _surname_len(cand, 0)
                    if is_common_word(cand) or not (tok and tok[1] in ("nr", "nrfg") or not is_common_word(cand[:sl0 + 1])):
                        continue
                    if tok and tok[1] not in ("nr", "nrfg") and len(tok[0]) >= 2 and is_common_word(tok[0]) \
                            and not (tok[0] in _COMPOUND and len(cand) > 2):
                        continue
                if text[i:e] in _NOT_NAMES or (weak and is_common_word(text[i:e])):
                    continue
                yield from emit(i, e, score)

        # Latin-script names after a Chinese cue: "我叫David Chen", "收件人：Anna Müller", "转交给Kevin"
        for cue, weak in ((_STRONG_CUE, False), (_WEAK_CUE, True), (_LATIN_CUE, True)):
            for m in cue.finditer(text):
                lat = _LATIN_NAME.match(text, m.end())
                if not lat:
                    continue
                from .en_name import _PRODUCT_WORDS, _english_words, is_first, is_last
                from .places import BRANDS, place_names
                words = lat.group(0).split()
                w0 = words[0].lower()
                # a given name that is also a word (客服Lily说…): the cue before and a person's verb after
                both_sides = w0 not in BRANDS and w0 not in place_names() and w0 not in _PRODUCT_WORDS \
                    and bool(_AFTER_NAME.match(text, lat.end()))
                if weak and not (is_first(words[0]) or is_last(words[0]) or both_sides):
                    continue
                if w0 in _english_words() and not both_sides:
                    continue
                yield from emit(lat.start(), lat.end(), 0.8 if not weak else 0.7)

        # Latin-script names with no cue, known by what follows them, as Chinese names are
        # ("昨天Mike打电话说…", "Jessica说尺码偏小", "订单是David Miller下的")
        if _LATIN_WORD.search(text):
            from .en_name import _english_words, is_first
            from .places import BRANDS, place_names
            for lat in _LATIN_NAME.finditer(text):
                s0, e0 = lat.span()
                if (s0 > 0 and not CJK.match(text[s0 - 1]) and text[s0 - 1] not in "，。！？、：；\n ") \
                        or not (_AFTER_NAME.match(text, e0) or text.startswith("下的", e0)):
                    continue
                w0 = lat.group(0).split()[0].lower()
                if is_first(w0) and w0 not in _english_words() and w0 not in BRANDS and w0 not in place_names():
                    yield from emit(s0, e0, 0.7)

        # transliterated names without the dot (约翰帮我下的单, 收件人：伊万诺夫), in a person's slot
        if tokens:
            from .cn_translit import translit_names
            strong_ends = {m.end() for m in _STRONG_CUE.finditer(text)}
            weak_ends = {m.end() for c in (_WEAK_CUE, _LATIN_CUE) for m in c.finditer(text)}
            for f in translit_names(text, tokens, strong_ends, weak_ends):
                yield from emit(f[1], f[2], f[3])

        if any(c in text for c in "·•・‧"):
            for m in _DOT_NAME.finditer(text):
                s, e = m.span()
                # the first part runs back to the cue or punctuation: trim a leading cue word (是, 叫)
                lead = _STRONG_CUE.search(text, max(0, s - 6), e) or _WEAK_CUE.search(text, max(0, s - 6), e)
                if lead and lead.end() > s and lead.end() < e and text[lead.end()] not in "·•・‧":
                    s = lead.end()
                s = max(s, _dot_name_start(text, s, e))
                dot = next(i for i in range(s, e) if text[i] in "·•・‧")
                # a name, not a product line (夏季·清凉系列): the segmenter tags a part as a name
                if not any((tok_at.get(k) or ("", ""))[1].startswith("nr") for k in (s, dot + 1)):
                    continue
                # the last part ends before the verb or particle glued to it (…贝克汉姆签收)
                last = max(i for i in range(s, e) if text[i] in "·•・‧") + 1
                j = last
                while j < e and j in tok_at and not tok_at[j][1].startswith(("v", "p", "u", "c", "d", "r", "y", "m", "q")):
                    j += len(tok_at[j][0])
                if j > last:
                    e = min(e, j)
                yield from emit(s, e, 0.9)   # the whole dotted name beats its first part found by a cue

        if "叫" in text:
            for m in _CALLED.finditer(text):
                i = m.end()
                sl = _surname_len(text, i)
                j = next((k for k in range(i + 2, min(len(text), i + 4) + 1)
                          if k == len(text) or text[k] in "的，。！？,.!?；; \t\n"), -1)
                cand = text[i:j]
                if sl and 1 <= j - i - sl <= 2 and not any(c in _NOT_GIVEN for c in cand[sl:]) \
                        and cand not in _NOT_NAMES and not _brand_inside(cand) and not _place_word(cand):
                    yield from emit(i, j, 0.7)

        # "发票抬头写个人，诸葛斌，邮箱…": a compound surname and one or two given characters
        # standing as a clause of their own is a name (a 复姓 opens few ordinary words, and those
        # the dictionary, place and brand checks keep)
        for m in _COMPOUND_ALONE.finditer(text):
            cand = m.group(0)
            if not is_common_word(cand) and cand not in _NOT_NAMES and not _brand_inside(cand) \
                    and not _place_word(cand) and not any(c in _NOT_GIVEN for c in cand[2:]) \
                    and cand[-1] not in "店口外内路街站里边侧楼号门区市县镇村园场厅馆":
                yield from emit(m.start(), m.end(), 0.7)

        yield from (f for f in _diminutives(text, tok_at) if (f[1], f[2]) not in seen)

        for m in _HONORIFIC.finditer(text):
            h = m.start()
            # the word just before the honorific, if jieba says it is a name; else the surname alone
            best = -1
            for k in (4, 3, 2):
                b = h - k
                if b < 0 or not _surname_len(text, b):
                    continue
                if b > 0 and CJK.match(text[b - 1]) and text[b - 1] not in "是叫找问和给与跟请位的":
                    continue
                if name_at(text, b, max_given=k - _surname_len(text, b)) == h and not is_common_word(text[b:h]):
                    best = b
                    break
            for w, _f, s in reversed(tokens) if best < 0 else ():
                if s + len(w) == h:
                    if 2 <= len(w) <= 3 and _surname_len(w, 0) and not is_common_word(w):
                        best = s
                    break
            if best < 0 and h >= 1 and text[h - 1] in SURNAMES and not (text[h - 1] == "区" and h >= 2 and CJK.match(text[h - 2])):
                # (华北大区经理: 区 closes a region, it is no surname there)
                best = h - 1
                # 张伟先生: a two-character name before the honorific
                if h >= 2 and text[h - 2] in SURNAMES and text[h - 1] not in _STOP and not is_common_word(text[h - 2:h]) \
                        and not (h >= 3 and CJK.match(text[h - 3]) and text[h - 3] not in "是叫找问和给与跟请位"):
                    best = h - 2
            # 康师傅方便面, 鲍师傅糕点: a brand built on the honorific, or a product right after it
            if best >= 0 and (any(text.startswith(b, best) and len(b) > h - best for b in _NOT_NAMES if b[0] == text[best])
                              or _NOT_AFTER_NAME.match(text, m.end())):
                best = -1
            if best >= 0:
                yield "PERSON", best, h, 0.75

        # cue-less: a name opening a clause and followed by what people do ("刘洋帮我下的单"), or a
        # name closing the message as its signature ("…麻烦催一下。王芳")
        for m in _SENT_START.finditer(text):
            i = m.end()
            sl = _surname_len(text, i) if i < len(text) else 0
            if not sl or _brand_inside(text[i:i + 4]):
                continue   # 王致和的腐乳: a brand, not 王致 followed by 和
            for k in (2, 1):
                e = i + sl + k
                cand = text[i:e]
                if e > len(text) or not all(CJK.match(c) for c in cand) or any(c in _NOT_GIVEN for c in cand[sl:]):
                    continue
                listed = listed_name(cand) or (len(cand) == 2 and listed_name(cand, 50) and _AFTER_NAME.match(text, e)) \
                    or (len(cand) == 2 and text[i - 1:i] in "跟和与" and _TALKED.match(text, e) and _dict_name(cand))
                if cand in _NOT_NAMES or (is_common_word(cand) and not listed) or _brand_inside(cand) or _place_word(cand):
                    continue
                if _NOT_AFTER_NAME.fullmatch(cand[-1]) or _shop_mark(cand):
                    continue   # 欧阳店今天…: the shop, not a name ending in 店 (as for the segmenter's names)
                tail = text[e:].strip(" \t。！？!?.~～")
                if _NOT_AFTER_NAME.match(text, e):
                    continue   # 张亮麻辣烫: the founder's name is the shop's
                # "订单上写的是杜海涛，不是我": after 是, a full name closed by punctuation, in pieces the
                # segmenter reads as name parts
                named = i > 0 and text[i - 1] == "是" and k == 2 and sl == 1 and (e == len(text) or text[e] in "，。！？,.!?；; ") \
                    and (tok_at.get(i) or ("", ""))[1].startswith("nr")
                acting = _AFTER_OLD.match(text, e) is not None and text[i - 1:i] != "的" \
                    or _AFTER_NAME.match(text, e) is not None and _rare_name_shape(cand)
                signed = (not tail or _SIGN_OFF.fullmatch(text, e)) and i > 0 and _SIG_BEFORE.search(text[:i])
                # "韩美琳: 请问…": a chat transcript's speaker label (a name opening a line, then a colon)
                signed = signed or ((i == 0 or text[i - 1] == "\n") and text[e:e + 1] == ":" and _rare_name_shape(cand))
                if cand in _SIGN_OFF_WORDS:
                    continue
                if named or acting or signed:
                    yield from emit(i, e, 0.7)
                    break

        for w, f, s in tokens:
            if any(a <= s and s + len(w) <= b and b - a > len(w) for a, b in seen):
                continue   # a cue already found the whole name (覃小蔓); the token is a piece of it
            if any(text[s:s + k] in _NOT_NAMES for k in range(len(w) + 1, 6)):
                continue   # 汤臣|倍健: the segmenter cut a listed brand; its head is no name
            if not _AFTER_NAME.match(text, s + len(w)) and (
                    # 胡椒粉, 史努比, 苏打水: three-character dictionary words tagged as names are
                    # mostly things; a listed name still counts with what people do after it
                    (len(w) == 3 and (jieba_freq(w) or 0) > 0 and not _alone(text, s, s + len(w)))
                    # 安吉|白茶, 黄山|毛峰: a word glued to the place before it names a local product
                    or (s > 0 and _glued_to_place(tokens, s))):
                continue
            if _shop_mark(w):
                continue
            if f in ("nr", "nrfg") and 2 <= len(w) <= 4 and _surname_len(w, 0) and not is_common_word(w) \
                    and not w.endswith(("区", "县", "市", "省", "路", "街", "镇", "村")) \
                    and not _NOT_AFTER_NAME.fullmatch(w[-1]) \
                    and not _NOT_AFTER_NAME.match(text, s + len(w)) and not _brand_inside(w):
                yield from emit(s, s + len(w), 0.7)


_PERSON_CUE = re.compile(r"(?:朋友|家人|同事|老公|老婆|爱人|客服|售后|店员|导购|快递员|骑手|师傅|" + _RELATION + ")")


def _shop_mark(word: str) -> bool:
    """林氏木业, 袁记云饺, 陈记烧腊: a surname and 氏/记 name a shop or brand, not a person."""
    return len(word) >= 2 and _surname_len(word, 0) == 1 and word[1] in "氏记"


def _rare_name_shape(word: str) -> bool:
    """Not an ordinary dictionary word: absent, listed with no frequency (names often are), or
    tagged as a person."""
    import jieba.posseg as pseg
    f = jieba_freq(word)
    return not f or (pseg.dt.word_tag_tab.get(word) or "").startswith("nr")


def jieba_freq(word: str) -> int | None:
    return _freq().get(word)


def _kin_name(text: str, i: int, e: int, tok) -> bool:
    """After a relation or role word, a surname and one or two characters followed by what people
    do are a name though they spell an everyday word (老公蓝天说, 同事方圆帮我签的)."""
    cand = text[i:e]
    return 2 <= len(cand) <= 3 and _surname_len(cand, 0) == 1 and bool(_AFTER_NAME.match(text, e)) \
        and cand not in _NOT_NAMES and not _brand_inside(cand) and not _place_word(cand) \
        and not any(c in _NOT_GIVEN for c in cand[1:]) and tok is not None and tok[0] == cand \
        and tok[1] in ("nr", "nrfg", "n", "a", "nz")


def _alone(text: str, s: int, e: int) -> bool:
    """The word is a clause of its own (…，张建平，…): punctuation or the edge on both sides."""
    return (s == 0 or not CJK.match(text[s - 1])) and (e == len(text) or not CJK.match(text[e]))


def _glued_to_place(tokens, s: int) -> bool:
    from .places import CN_PLACES
    prev = next((t for t in tokens if t[2] + len(t[0]) == s), None)
    return prev is not None and (prev[1] == "ns" or prev[0] in CN_PLACES)


# 小X is what colleagues, couriers and family are called (小刘, 小周, 小敏): a name when a cue
# introduces it (客服小美说…, 找小刘, 我是小敏，) or, with a surname as X, when it opens a clause
# and is followed by what people do (小刘帮我下的单). Role words and ordinary 小-words are not names.
_DIMINUTIVE = re.compile(r"[小老]([\u4e00-\u9fff])")
# 老X (老周, 老黄) names an older colleague or courier only with a surname as X; these 老-words
# with a surname character are ordinary words (老公, 老板, 老师 …)
_NOT_AGED = frozenset("老公 老婆 老板 老师 老家 老乡 老伴 老总 老大 老爸 老妈 老表 老外 老友 老弟 老哥 老姐 老妹 "
                      "老年 老化 老款 老版 老客 老地 老样 老是 老实 老虎 老鼠 老字 老百 老街 老城 老房 老司 老铁 "
                      "老人 老少 老爷 老婆婆 老朋 老顾 老用 老会 老牌 老店 老旧 老货 老包 老 老方 老毛 老花 老成 "
                      "老干 老凤 老庙 老边 老北 老上 老广 老红 老黑 老汤 老火 老酒 老冰 老姜 老酸".split())
_NOT_DIMINUTIVE = frozenset("小编 小二 小哥 小妹 小姐 小伙 小孩 小弟 小朋友 小宝 小主 小可爱 小姐姐 小哥哥 小仙女 "
                            "小白 小时 小心 小票 小号 小件 小样 小店 小区 小米 小包 小盒 小码 小卡 小费 小额 小事".split())


def _diminutive_end_ok(text: str, e: int) -> bool:
    """The 小X is complete: the text ends, or a particle, verb, punctuation or non-CJK follows."""
    return e >= len(text) or not CJK.match(text[e]) or text[e] in _NOT_GIVEN or bool(_AFTER_NAME.match(text, e))


def _diminutives(text: str, tok_at: dict) -> Iterator[tuple[str, int, int, float]]:
    if "小" not in text and "老" not in text:
        return
    for m in _DIMINUTIVE.finditer(text):
        s, e = m.span()
        x = m.group(1)
        word = text[s:e]
        if word[0] == "老" and (x not in SURNAMES or word in _NOT_AGED or text.startswith(("老婆婆", "老朋友"), s)):
            continue
        if word in _NOT_DIMINUTIVE or x in _STOP or any(w.startswith(word) for w in _NOT_DIMINUTIVE if len(w) > 2
                                                              and text.startswith(w, s)):
            continue
        if not _diminutive_end_ok(text, e) or (e < len(text) and text[e] == "小"):
            continue
        before = text[max(0, s - 8):s]
        cue = _STRONG_CUE.search(before) or _WEAK_CUE.search(before)
        cued = cue is not None and max(0, s - 8) + cue.end() == s
        if cued and (x in SURNAMES or not is_common_word(word) or (word[0] == "小" and _AFTER_NAME.match(text, e))):
            # (客服小雅说…: a dictionary 小-word between a role cue and what people do is what they are called)
            yield "PERSON", s, e, 0.7
        elif x in SURNAMES and not is_common_word(word) and (s == 0 or _SENT_START.match(text, s) and
                                                              not CJK.match(text[s - 1])) \
                and _AFTER_NAME.match(text, e):
            yield "PERSON", s, e, 0.65


def _dot_name_start(text: str, s: int, e: int) -> int:
    """Where the dotted name begins: after a verb or particle glued before its first part (是安娜 → 安娜)."""
    dot = min(i for i in range(s, e) if text[i] in "·•・‧")
    k = dot
    while k > s and text[k - 1] not in "是叫的给和跟与找问为":
        k -= 1
    return k


_GAP_STRIP = re.compile(r"^[\s,，;；:：/|、\-]*(?:收件人|收货人|联系人|姓名|名字)?[\s:：]*|[\s,，;；:：/|、\-]*$")
_GAP_EDGE = " \t,，;；:：/|、-"
# Words that stand between PII on a line but are never a name (谢谢 starts with the surname 谢).
_GAP_NOT = frozenset("谢谢 你好 您好 收到 麻烦 电话 手机 地址 姓名 名字 收件 收货 联系 号码 客服 快递 顺丰 "
                     "包裹 快件 急件 到付 寄付 备注 送货 上门 周末 工作日 下午 上午 晚上 白天".split())


def _name_like(core: str, strict: bool) -> bool:
    if not (2 <= len(core) <= 4) or not all(CJK.match(c) for c in core) or core in _GAP_NOT:
        return False
    sl = _surname_len(core, 0)
    if not sl or len(core) - sl < 1 or len(core) - sl > 2:
        return False
    if any(c in "省市区县路街镇村号栋楼室" for c in core[sl:]):
        return False
    if strict:
        return not is_common_word(core) and not is_common_word(core[:2])
    return True


def gap_names(text: str, spans: list[tuple[int, int, str]]) -> list[tuple[int, int]]:
    """Names sitting alone between PHONE/ADDRESS findings (or the line edge) on a waybill line.

    On a waybill line (nothing but a name, a phone number and an address, glued in any order)
    the leftover piece is the name even when its characters are everyday words (明珠, 连生).
    In running text the piece must also not be an ordinary word. A name found here replaces
    a shorter PERSON finding inside it (the segmenter often splits 饶祯|如).
    """
    out: list[tuple[int, int]] = []
    anchors = sorted((s, e) for s, e, t in spans if t in ("PHONE_NUMBER", "ADDRESS"))
    if not anchors:
        return out
    bounds = [0] + [x for s, e in anchors for x in (s, e)] + [len(text)]
    gaps = []
    for k in range(0, len(bounds), 2):
        gs, ge = bounds[k], bounds[k + 1]
        if ge <= gs:
            continue
        seg = text[gs:ge]
        m = _GAP_STRIP.search(seg)
        lead = m.end() if m and m.start() == 0 else 0
        core = seg[lead:].rstrip(_GAP_EDGE)
        if core:
            gaps.append((gs + lead, core))
    # a waybill line: every leftover piece is short (≤ 4 characters)
    waybill = len(gaps) == 1 and len(gaps[0][1]) <= 4 or all(len(c) <= 4 for _, c in gaps) and len(anchors) >= 2
    for s0, core in gaps:
        if len(core) >= 3 and core[-1] in "收寄" and _surname_len(core, 0):  # 姜淑珍收
            core = core[:-1]
        if len(core) > 4:
            continue
        if _name_like(core, strict=not waybill):
            out.append((s0, s0 + len(core)))
    return out
