"""Place names and brands: things a name recognizer must not report as a PERSON.

A bare city, region or country is not personal data, and the bot needs it ("Do you ship to
Hong Kong?", "能寄到香港吗"). Neither is a brand before a product ("the Philips kettle",
"my Dyson V11"). This module holds the gazetteers (offline: pycountry's ISO 3166 data plus
the hand-written lists below) and the tests the recognizers use to veto such candidates.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Major world cities (English exonyms); countries and first-level regions come from pycountry.
_CITIES = """Abu Dhabi|Accra|Addis Ababa|Adelaide|Ahmedabad|Algiers|Almaty|Amman|Amsterdam|Ankara|Athens|Atlanta|
Auckland|Austin|Baghdad|Baku|Baltimore|Bangalore|Bengaluru|Bangkok|Barcelona|Beijing|Beirut|Belfast|Belgrade|
Berlin|Birmingham|Bogota|Bogotá|Bologna|Bordeaux|Boston|Brasilia|Bratislava|Brisbane|Bristol|Brussels|Bucharest|
Budapest|Buenos Aires|Cairo|Calgary|Canberra|Cape Town|Caracas|Cardiff|Casablanca|Chengdu|Chennai|Chicago|
Chongqing|Cologne|Copenhagen|Dalian|Dallas|Damascus|Delhi|New Delhi|Denver|Detroit|Dhaka|Doha|Dongguan|Dubai|
Dublin|Durban|Dusseldorf|Düsseldorf|Edinburgh|Florence|Frankfurt|Fukuoka|Fuzhou|Geneva|Glasgow|Guangzhou|
Hamburg|Hangzhou|Hanoi|Harbin|Havana|Helsinki|Ho Chi Minh City|Hong Kong|Honolulu|Houston|Hyderabad|Istanbul|
Jakarta|Jeddah|Jerusalem|Johannesburg|Kabul|Karachi|Kathmandu|Kiev|Kyiv|Kobe|Kolkata|Krakow|Kraków|Kuala Lumpur|
Kunming|Kuwait City|Kyoto|Lagos|Lahore|Las Vegas|Leeds|Lima|Lisbon|Liverpool|Ljubljana|London|Los Angeles|Lyon|
Macau|Macao|Madrid|Manchester|Manila|Marseille|Melbourne|Mexico City|Miami|Milan|Minneapolis|Minsk|Montreal|
Montréal|Moscow|Mumbai|Munich|Nagoya|Nairobi|Nanjing|Nanning|Naples|New Orleans|New York|New York City|Nice|
Ningbo|Osaka|Oslo|Ottawa|Oxford|Cambridge|Panama City|Paris|Perth|Philadelphia|Phoenix|Pittsburgh|Portland|Porto|
Prague|Pune|Qingdao|Quebec|Quito|Rabat|Reykjavik|Riga|Rio de Janeiro|Riyadh|Rome|Rotterdam|Saint Petersburg|
St Petersburg|San Antonio|San Diego|San Francisco|San Jose|Santiago|Sao Paulo|São Paulo|Sapporo|Seattle|Seoul|
Seville|Shanghai|Shenzhen|Shenyang|Singapore|Sofia|Stockholm|Stuttgart|Surabaya|Suzhou|Sydney|Taipei|Tallinn|
Tashkent|Tbilisi|Tehran|Tel Aviv|The Hague|Tianjin|Tokyo|Toronto|Tunis|Turin|Ulaanbaatar|Valencia|Vancouver|
Venice|Vienna|Vilnius|Warsaw|Washington|Washington DC|Wellington|Wuhan|Xiamen|Xi'an|Yangon|Yokohama|Zagreb|
Zhengzhou|Zhuhai|Zurich|Zürich|Kowloon|Macau|Taichung|Kaohsiung|Tainan|Busan|Incheon|Osaka|Okinawa|Bali|Phuket|
Hawaii|Alaska|Siberia|Lapland|Patagonia|Tasmania|Scandinavia|Europe|Asia|Africa|North America|South America|
Latin America|Oceania|Antarctica|Middle East|Mainland China|Southeast Asia|EU|UK|USA|US|UAE"""

_CN_PLACES = """北京 上海 天津 重庆 河北 山西 内蒙古 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东
广西 海南 四川 贵州 云南 西藏 陕西 甘肃 青海 宁夏 新疆 香港 澳门 台湾 台北 高雄 台中 九龙 新界 广州 深圳 杭州 南京
苏州 成都 武汉 西安 长沙 郑州 沈阳 大连 青岛 济南 厦门 福州 昆明 南宁 合肥 南昌 哈尔滨 长春 石家庄 太原 呼和浩特
乌鲁木齐 拉萨 兰州 西宁 银川 贵阳 海口 三亚 宁波 温州 无锡 常州 东莞 佛山 珠海 中山 惠州 汕头 烟台 威海 洛阳 桂林
丽江 大理 义乌 绍兴 嘉兴 金华 台州 扬州 徐州 南通 泉州 漳州 莆田 保定 唐山 邯郸 秦皇岛 美国 英国 日本 韩国 法国
德国 俄罗斯 加拿大 澳大利亚 新西兰 新加坡 马来西亚 泰国 越南 印度 印尼 菲律宾 意大利 西班牙 葡萄牙 荷兰 瑞士 瑞典
挪威 芬兰 丹麦 巴西 墨西哥 阿联酋 迪拜 纽约 伦敦 巴黎 东京 大阪 首尔 悉尼 墨尔本 温哥华 多伦多 洛杉矶 旧金山 西雅图
芝加哥 波士顿 柏林 罗马 米兰 莫斯科 曼谷 吉隆坡 雅加达 马尼拉 河内 胡志明市 海外 国外 国内 内地 大陆""".split()

# Brands that are also given or family names (Jordan, Dyson, Alexa) or that NER tags as people.
BRANDS = frozenset("""dyson philips apple xiaomi huawei nike jordan kindle alexa echo samsung sony lg bose jbl anker
logitech lenovo asus acer dell hp canon nikon gopro fitbit garmin oppo vivo oneplus realme honor zte tcl hisense haier
midea gree roborock ecovacs dreame shark bissell hoover miele bosch siemens braun gillette remington panasonic sharp
toshiba hitachi nintendo playstation xbox lego ikea adidas puma reebok asics converse vans skechers fila uniqlo zara
gucci prada chanel dior lancome loreal nivea roomba nest ring pixel galaxy airpods ipad iphone macbook surface switch
kitchenaid cuisinart ninja breville nespresso delonghi keurig vitamix instant tefal smeg weber yeti stanley hydro
casio seiko citizen rolex omega tissot swatch fossil pandora tiffany swarovski lenovo razer corsair steelseries
hyperx beats marshall sennheiser skullcandy tesla ford toyota honda bmw audi lexus mazda volvo porsche ferrari
michelin goodyear coleman columbia patagonia timberland ugg crocs birkenstock levi levis wrangler calvin tommy
hilfiger ralph lauren hugo boss mango gap hollister abercrombie lululemon gymshark victoria""".split())

_PRODUCT_NOUNS = (r"vacuum|cleaner|kettle|shoes?|sneakers?|trainers|boots|watch|phone|smartphone|charger|earbuds|"
                  r"airpods|headphones?|earphones?|headset|razor|shaver|toothbrush|hair ?dryer|dryer|fan|purifier|"
                  r"reader|e-?reader|speaker|tv|television|laptop|notebook|tablet|fridge|refrigerator|washer|"
                  r"microwave|blender|mixer|toaster|iron|steamer|cooker|oven|jersey|hoodie|sweater|jacket|shirt|"
                  r"band|strap|case|cover|cable|adapter|battery|remote|controller|console|monitor|printer|router|"
                  r"camera|lens|drone|lamp|bulb|device|model|app|account|order|product|item|unit|machine|robot|"
                  r"mop|bag|backpack|wallet|perfume|cream|lotion|shampoo|sunglasses|glasses|bottle|mug|tumbler|"
                  r"cup|pan|pot|knife|grill|stick|dock|stand|mouse|keyboard|ssd|drive|card|gift card|subscription|"
                  r"store|shop|warranty|support|customer service|replacement|refund|return|charging|"
                  r"paperwhite|oasis|buds|pods|series|edition|pro|max|mini|plus|ultra|lite|air")
_BRAND_NEXT = re.compile(rf"(?:['’]s)?[ \t]+(?:[A-Z]?\d[\w-]*[ \t]+)?(?:[\w-]+[ \t]+)?(?i:{_PRODUCT_NOUNS})\b|(?:['’]s)?[ \t]+[A-Z]{{0,3}}\d")
_DET_BEFORE = re.compile(r"(?i:\b(?:my|the|a|an|this|that|your|our|his|her|their|new|old|broken|faulty|genuine|original|"
                         r"fake|these|those)\s+)$")
_PLACE_BEFORE = re.compile(r"(?i:\b(?:in|to|from|at|near|around|via|into|across|outside|inside|within|towards?|"
                           r"ship(?:s|ped|ping)?(?:\s+\w+)?\s+to|deliver(?:s|ed|y|ing)?(?:\s+\w+)?\s+to|"
                           r"send(?:s|ing)?(?:\s+\w+)?\s+to|live[sd]?\s+in|based\s+in|located\s+in|visiting|"
                           r"fly(?:ing)?\s+to|moving\s+to|available\s+in|customs\s+in|warehouse\s+in)\s+)$")


def _strip_cn(name: str) -> str:
    return re.sub(r"\s+(?:Sheng|Shi|Zizhiqu|Huizu Zizhiqu|Zhuangzu Zizhiqu|Uygur Zizhiqu|Tebiexingzhengqu)$", "", name)


@lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Lower-case English names of countries, major regions and major cities."""
    names = {c.strip() for c in _CITIES.replace("\n", "").split("|") if c.strip()}
    try:
        import pycountry
        for c in pycountry.countries:
            for attr in ("name", "common_name", "official_name"):
                v = getattr(c, attr, None)
                if v and "," not in v:
                    names.add(v)
            if "," in c.name:   # "Korea, Republic of" → also "Korea"
                names.add(c.name.split(",")[0])
        for cc in ("US", "CA", "AU", "CN", "IN", "JP", "MX", "BR", "DE", "GB", "NZ", "MY", "TH", "PH"):
            for sd in pycountry.subdivisions.get(country_code=cc) or ():
                if sd.parent_code is None:
                    names.add(_strip_cn(sd.name))
    except ImportError:  # the hand-written list alone still covers the common cases
        pass
    return frozenset(n.lower() for n in names if len(n) >= 2)


_CAP_RUN = re.compile(r"[A-Z][\w'’.-]*(?:[ \t]+(?:[A-Z][\w'’.-]*|of|de|the|da|do|and))*")
MAX_PLACE_WORDS = 5


CN_PLACES = frozenset(_CN_PLACES)


def place_spans(text: str) -> list[tuple[int, int]]:
    """Spans of capitalised gazetteer place names in `text` ("Hong Kong", "New York").

    Runs of capitalised words are looked up as word n-grams (longest first) in a set:
    linear in the text, unlike one huge alternation pattern.
    """
    names = place_names()
    out = []
    for run in _CAP_RUN.finditer(text):
        words = [(m.start() + run.start(), m.end() + run.start()) for m in re.finditer(r"\S+", run.group(0))]
        i = 0
        while i < len(words):
            for k in range(min(MAX_PLACE_WORDS, len(words) - i), 0, -1):
                s, e = words[i][0], words[i + k - 1][1]
                if text[s:e].rstrip(".").lower() in names and text[s].isupper():
                    out.append((s, e if text[e - 1] != "." else e - 1))
                    i += k
                    break
            else:
                i += 1
    return out


def is_place_context(text: str, start: int) -> bool:
    """True when the words before `start` introduce a place ("ship to", "live in", "from")."""
    return bool(_PLACE_BEFORE.search(text[max(0, start - 40):start]))


def is_brand_use(text: str, start: int, end: int) -> bool:
    """A brand word used as a product: followed by a product noun or model, or after "my/the"."""
    words = text[start:end].split()
    if not words or not any(w.lower().strip(".,'’s") in BRANDS for w in words):
        return False
    return bool(_BRAND_NEXT.match(text, end)) or bool(_DET_BEFORE.search(text[max(0, start - 20):start]))
