"""Language cues the dialogue reads, in Chinese and English: yes/no, ordinals, requests made
explicit, questions about policy, privacy probes, safety words, pushback.

Kept apart from the flow logic in bot/dialogue.py so the phrasing can grow (and be reviewed by
a native speaker) without touching the state machine. Every pattern is bounded: no nested
quantifiers, so matching stays linear in the message length.
"""
from __future__ import annotations

import re

# "alright", "fine (by me)", "that's fine", "okey", "kk", "certainly", "proceed" (#13: a go-ahead to an
# open confirmation in everyday wording; a "fine, forget it" is taken back by classic's change-of-mind rule).
YES_EN = re.compile(r"^\s*(yes+|yep|yeah|yea|yup|ya|y|sure|ok+|okay|okey|oki|okie|kk|k|confirm(ed)?|go ahead|do it|please do|"
                    r"correct|right|that'?s right|absolutely|definitely|of course|please|alright|all right|fine|"
                    r"that'?s (?:fine|ok|okay|good|great|perfect)|certainly|proceed|go on|"
                    r"sounds good|sounds great|that works|works for me|let'?s do (?:it|that)|go for it|perfect)\b", re.I)

NO_EN = re.compile(r"^\s*(no|nope|nah|n|don'?t|do not|never ?mind|not now|stop|wait|keep it|"
                   r"cancel that|forget it|changed my mind|i changed my mind|hold on)\b", re.I)

# "能 退吧": a bare 能 (never 能不能/能…吗) or the request's own verb with 吧 answers yes; "都确认" too.
# A one-character yes (是, 对, 行, 要, 好) is a yes only on its own or with a particle: "是那个X的订单",
# "对不起", "要M码的", "行李", "好像坏了" begin with the same character and are not a yes.
_END = r"(?=[\s,，.。!！~～、;；]|$|[的啊呀吧滴哒嘛哦呢啦了嘞哈])"
YES_ZH = re.compile(r"^\s*(都确认|都可以|都行|都好|全部确认|两个都要|确认|确定|是的|是这个|是" + _END + r"|系" + _END + r"|对的|对" + _END
                    + r"|好的|好(?!像|似|多|几|久|贵|吗|么|不好|难|奇|慢|少)|可以|行" + _END + r"|嗯|恩|没错|没问题|同意|要的|要"
                    + _END + r"|办吧|"
                    r"麻烦(?:你|您)?(?:了|啦)|拜托(?:你|您)?(?:了|啦)?|有劳|当然(?!不|没)|没毛病|妥(?=了|$|[\s,，.。!！])|就这个|就这样|就这么办|就按这个|那就这样|好嘞|好滴|"
                    r"(?i:ok)|能(?=[\s,，.。!！]|$)|(退|换|改|寄|开|提交)吧|"
                    # #13 (yes14): 没有问题 / 无问题 (冇问题 read word by word), a bare 得 ("得", "得呀"; never
                    # 得到 / 得了), 麻烦你 on its own, a go-ahead verb on its own ("帮我搞啦", "做吧")
                    r"没有问题|无问题|得(?=[\s,，.。!！~～]|$|[呀啊啦喇嘞吖㗎嘅])|麻烦(?:你|您)(?=[\s,，.。!！~～]|$|[啦了喇])|"
                    r"(?:帮我)?(?:搞|做|办|处理)(?:吧|啦|喇|吖)?(?=[\s,，.。!！~～]|$)|帮我搞|搞掂)")
# A thumbs-up / OK sign / check mark on its own is a yes; a thumbs-down or a cross is a no (#13).
YES_EMOJI = re.compile("^\\s*(?:\U0001F44D|\U0001F44C|\u2705|\u2714|\U0001F197|\U0001F646|\U0001F4AF)")
# A yes that is taken back in the same message ("ok wait", "好 等等先", "yes but hold on"): no yes (#13).
YES_TAKEN_BACK = re.compile(r"\b(?:wait|hold on|hang on|not yet|actually no)\b|等等|等一下|等一等|等阵|等我|先别|先不要|"
                            r"先唔好|慢着|且慢", re.I)
# Thanks / please said before the yes ("唔该晒 就咁做", "thanks, go ahead"): the yes after it answers.
THANKS_FIRST = re.compile(r"^\s*(?:谢谢|多谢|感谢|麻烦晒|thanks|thank you|thx|ty|pls|please)(?:你|您|晒)?[\s,，.。!！~～]+", re.I)
NO_EMOJI = re.compile("^\\s*(?:\U0001F44E|\u274C|\u274E|\U0001F645|\u2716)")

NO_ZH = re.compile(r"^\s*(不用|不要|不了|不需要|算了|先不|别|不是|不对|等等|再想想|我再想想|不改|不退|"
                   r"不换|不取消|取消吧不|还是不|不)")

ORDINALS = [
    (re.compile(r"(first|1st|第一|第1)"), 0),
    (re.compile(r"(second|2nd|第二|第2)"), 1),
    (re.compile(r"(third|3rd|第三|第3)"), 2),
    (re.compile(r"(fourth|4th|第四|第4)"), 3),
    (re.compile(r"(fifth|5th|第五|第5)"), 4),
    (re.compile(r"(last|latest|newest|most recent|最后|最近|最新)"), -1),
]

ADDRESS_PH = re.compile(r"<ADDRESS(?:_\d+)?>")

QUESTION = re.compile(
   r"(how (long|many|much|soon|do|does|can)|what('?s| is| are) (your|the)|do you|can i\b|is it possible|"
   r"policy|how does|when will (i|my) (get|receive)|多久|多长时间|几天|多少天|什么时候能|能不能|可不可以|可以.*吗|"
   r"政策|规定|规则|怎么算|谁出|包邮|运费|支持.*吗|是否|有没有|\b(rules?|conditions?) (for|of|on)\b)", re.I)

ACTION = re.compile(r"(i want|i'd like|i would like|please|help me|我要|我想|帮我|给我|申请)", re.I)

# "my order", "我的退款": about their own case, which the tools can look up, not a general question.
POSSESSIVE = re.compile(r"(\bmy\b|\bmine\b|我的|我这|我买的|我家)", re.I)

BOT_QUESTION = re.compile(r"(机器人|真人|是人吗|人工智能|\bAI\b|are you (a |an )?(bot|robot|human|real|person|ai)|"
                          r"am i (talking|speaking|chatting) (to|with) (a |an )?(bot|robot|human|real|person|ai))", re.I)

# An explicit request for a person in so many words ("我要人工", "找个真人", "能不能让人工来", "I want a
# real person"): a hand-off at once, in either language, whatever the classifier guessed.
ASKS_PERSON = re.compile(r"(转人工|转接人工|找人工|要人工|接人工|人工客服|人工服务|真人客服|让人工|叫人工|人工来|人工处理|"
                         r"有没有人工|找(个)?真人|要(个)?真人|转真人|换(个)?真人|找(个)?活人|跟(真)?人(说话|聊)|"
                         r"\b(?:want|need|get(?: me)?|give me|let me (?:talk|speak) (?:to|with)|put me through to|transfer me to|"
                         r"connect me (?:to|with))\s+(?:to (?:talk|speak|chat) (?:to|with) )?(?:a |an |some )?"
                         r"(?:real |live |actual )?(?:person|human(?: being)?|agent|representative|rep)\b|"
                         r"\bhuman agent\b|\blive agent\b)", re.I)
# "不用转人工", "no need for a human": a person ruled out, never asked for.
NO_PERSON = re.compile(r"(不要|别|不用|不需要|无需|没必要)(帮我)?(转|找|接)?(人工|真人)|\b(?:don'?t|do not|no need to) "
                       r"(?:need|want|get|transfer|connect)\b.{0,20}\b(?:human|person|agent)|\bno need for (?:a |an )?"
                       r"(?:human|person|agent)", re.I)
WANTS_PERSON = re.compile(r"(转人工|找人工|要人工|人工客服|talk to|speak to|speak with|connect me|transfer me|"
                          r"get me a|i want a (human|person|agent)|" + ASKS_PERSON.pattern[1:-1] + ")", re.I)

SIZE_TALK = re.compile(r"(size|bigger|smaller|too (big|small|tight|loose)|尺码|码数|大一码|小一码|偏大|偏小|太大|太小|"
                       r"大了|小了|换.{0,2}码)", re.I)

SIZED = {"shoes", "apparel", "underwear"}

SPECIFIC_ORDER = re.compile(r"(\bthe\b.{0,30}\border\b|这单|那单|这个订单|那个订单|这笔|那笔|"
                            r"\b(return|exchange|cancel|refund|send back)\s+(the|my|this|that|these|those|it)\b)", re.I)

CAN_I = re.compile(r"(\bcan (i|we|you)\b|\bcould (i|you)\b|能不能|可不可以|可以.{0,12}吗|能.{0,10}吗)", re.I)

INJECTION = re.compile(
   r"(ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?|rules)|system prompt|"
   r"you are now|developer mode|jailbreak|\bDAN\b|忽略(之前|以上|前面|上面)?(所有|全部)?的?(指令|指示|规则|提示)|"
   r"你现在是(管理员|开发者|系统)|系统提示词|提示词是什么)", re.I)

DEFECT = re.compile(r"(印错|错了|坏|破|裂|瑕疵|质量问题|你们的问题|不是我|defect|broken|damaged|cracked|chipped|"
                    r"wrong print|misprint|your (fault|mistake)|faulty)", re.I)

EXCHANGE_WORD = re.compile(r"(换|exchange|swap|replace)", re.I)

ONLY = re.compile(r"(只|仅|单独|only|just)", re.I)

OTHERS_DATA = re.compile(
   r"(<PERSON(_\d+)?>\s*(的|'s)\s*(手机|电话|号码|地址|订单|信息|资料|phone|number|address|orders?|details|info)"
   r"|(phone|number|address|orders?|details|info)\s+of\s+<PERSON(_\d+)?>"
   r"|(别人|其他客户|其他人|他人|other customers?'?|someone else'?s?|another customer'?s?)\s*(的)?\s*"
   r"(手机|电话|地址|订单|信息|资料|phone|address|orders?|details|data)"
   # orders looked up by a phone number or email written in the message (not the account writing)
   r"|<(PHONE_NUMBER|EMAIL_ADDRESS)(_\d+)?>\s*(这个|那个)?\s*(手机号|手机|号码|电话|邮箱)?\s*(的|下|名下)?\s*(的)?\s*订单"
   r"|(orders?|purchases)\s+(for|of|on|under)\s+(the\s+)?(number|phone|email)?\s*<(PHONE_NUMBER|EMAIL_ADDRESS)(_\d+)?>"
   # asking on someone else's behalf
   r"|(她|他|别人)\s*(让|叫|要)我\s*(来)?\s*(问|查)|asked me to (ask|check|find out)|on (her|his|their) behalf"
   r"|(她|他)的(账号|账户)|(her|his) account\b)", re.I)

TITLE_CUE = re.compile(r"(抬头|税号|公司名|company name|invoice title|tax (id|number)|vat (id|number))", re.I)

# The title after its cue, past filler verbs ("抬头就写…", "title should be …"): a Latin title runs
# over its capitalised words ("ACME Trading Ltd"), any other over one token.
TITLE = re.compile(r"(?:抬头|公司名称?|company name|invoice title|title|\bcompany)\s*"
                   r"(?:is|should be|是|为|:|：)?\s*(?:就|请|要|帮我|麻烦)?\s*(?:写成|写|开成|开|填成|填|改成|改为|用)?\s*"
                   r"((?-i:[A-Z0-9][\w&.\-]*(?:\s+[A-Z0-9][\w&.\-]*)+)|[^\s,，;；。]+"
                   r"(?:\s+(?:LLC|Ltd\.?|Inc\.?|GmbH|Co\.?|Limited|Corp\.?))?)", re.I)

# The tax id after its cue; an id has a digit ("VAT included" is no VAT number).
# The cues are the names tax / business registration numbers go by in each country (ABN, USt-IdNr,
# org nr …): general vocabulary, never one shop's. Digit groups written with spaces ("51 824 753 556").
TAX_ID = re.compile(r"(?:税号|纳税人识别号|统一社会信用代码|信用代码|tax (?:id|number|no\.?|code)|\bvat(?: (?:id|number|no\.?|reg(?:istration)?"
                    r"(?: no\.?| number)?))?|\b(?:TIN|EIN|UID|ABN|ACN|GSTIN|GST(?: (?:no\.?|number|id))?|NZBN|BN|HST|QST|RFC|NIP|UTR|"
                    r"USt-?Id(?:Nr)?\.?|SIRE[NT]|NIF|CIF|BTW|KVK|CVR|TVA|P\.? ?IVA|"
                    r"org(?:ani[sz]ation)?\.? ?(?:nr|no|number)\.?|(?:company|business|registration) (?:id|number|no\.?))(?![\w-]))"
                    r"\s*(?:is|是|为|:|：|#)?\s*((?=[0-9A-Z -]*\d)(?:[0-9A-Z-]{8,20}|\d{2,4}(?: \d{2,4}){2,5}|"
                    # a country or register prefix typed apart ("BN 123456789", "GB 123 4567 89")
                    r"(?-i:[A-Z]{2,3}) ?(?:\d{6,15}|\d{2,4}(?: \d{2,4}){2,5})))", re.I)

EXPLICIT_RETURN = re.compile(r"(^\s*return (the|my|this|these)\b|\b(i )?(want|wanna|would like|'d like|need) to return\b|"
                             r"\bi want (a|my) refund\b|\bi want my money back\b|"
                             r"想退货|要退货|我要退|想退了|想退掉|要退掉|申请退货|退了吧|想退$|想退[，,。!！]|要退$)", re.I)

TRIED = re.compile(r"(试过|还是不行|还是没用|没用|不管用|tried|still (not|doesn'?t|won'?t|isn'?t)|didn'?t (help|work)|"
                   r"no luck|same problem)", re.I)

EXPLICIT_WHERE = re.compile(r"(到哪了|到哪儿了|到哪里了|什么时候到|啥时候到|还没到|单号多少|运单号|快递单号|"
                            r"tracking (number|no\.?|#|code)|where('?s| is) my|"
                            r"when will (it|my .{1,30}) (arrive|come|get here))", re.I)

SAFETY = re.compile(r"(焦味|烧焦|糊味|冒烟|冒火|火花|漏电|触电|起火|爆炸|鼓包|burning smell|smells? (like )?burn|"
                    r"smoke|smoking|sparks?|electric shock|caught fire|on fire|melt(ed|ing)|swollen|explod)", re.I)

PUSHBACK = re.compile(r"(通融|就差|就超|不能.{0,4}吗|怎么办|那怎么|凭什么|what (are my options|can i do)|"
                      r"so (you'?re telling|i just)|exception|only \d+ (days?|hours?)|come on|seriously)", re.I)

THANKS_ONLY = re.compile(r"^\s*(thanks?|thank you|thx|ty|ok(ay)?|ok fine|fine|never ?mind|forget it|好的|谢谢|"
                         r"知道了|明白了|那算了|算了|好吧|行吧)\W*$", re.I)

PARCEL = re.compile(r"(快递|包裹|物流|派送|配送|送到|到哪|运单|parcel|package|delivery|deliver|shipping|shipment|"
                    r"tracking|courier|arrive)", re.I)

# (routezh14: with the words which_orders wrote again — "还没有发出", "not yet dispatched".)
NOT_SHIPPED = re.compile(r"(没发货|未发货|还不发货|不发货|啥时候发货|什么时候发货|何时发货|not (been )?shipped|"
                         r"hasn'?t (been )?shipped|when will (it|you) ship|still not sent|not sent yet|"
                         r"(?:没|未)(?:有)?(?:发货|发出|寄出|出货)|(?:\bnot|n't|\byet to)\s+(?:\w+\s+){0,2}"
                         r"(?:shipped|sent|dispatched|posted)\b)", re.I)

# (routezh14: "not yet received", "还没有收到", "未签收" too — what which_orders wrote again.)
NOT_RECEIVED = re.compile(r"(没收到|未收到|没有收到|收不到|显示(已)?签收|显示(已)?送达|never (got|received|arrived)|"
                          r"didn'?t (get|receive)|not received|haven'?t (got|received)|says delivered|"
                          r"marked (as )?delivered|(?:没|未)(?:有)?签收|(?:\bnot|\bnever|n't|\byet to)\s+(?:\w+\s+){0,2}"
                          r"(?:received|receive)\b)", re.I)

# A new unit of the same item (routezh14: with the words arrival_fault wrote again — "补发", "要个新的",
# "send me a new"; its "换个" / "exchange it" may name another version, so they stay its own).
SAME_ITEM = re.compile(r"(同款|同一款|一样的|一模一样|新的|换新|换个新|same (one|item|model|size|colou?r|version|variant|thing)|"
                       r"same again|identical one|"
                       r"(a |another )?(new|replacement) (one|pair|set|unit)|replacement|brand new|"
                       r"补发|重发|重新发|再发一|要新的|要个新|\bsend (?:me |us )?(?:a |another )?(?:new|fresh)\b|"
                       r"\breplace (it|them|this|that)\b(?!\s+(with|for|by)\b))", re.I)

LETTER_SIZE = re.compile(r"(?:(?:for|to|an?|in|make it|change it to|size)\s+|改成|换成|换个?|要)"
                         r"((?:XXX|XX|X|2X|3X)?[SML]|XL|XXL|XXXL|\d{2}(?:\.5)?)(?![A-Za-z0-9])", re.I)

# "how is my return going", "退货处理到哪一步了": the state of a request already made.
REQUEST_STATUS = re.compile(r"(status of (my|the|that) (return|exchange)|(return|exchange) status|"
                            r"how'?s my (return|exchange)|update on (my|the) (return|exchange)|"
                            r"(退货|换货|退换货|售后)(申请)?.{0,6}(进度|到哪|处理到|怎么样了|审核|结果))", re.I)

# A change of mind anywhere in the message while a confirmation waits ("wait, actually nvm").
CHANGE_MIND = re.compile(r"(never ?mind|\bnvm\b|forget it|changed my mind|on second thought|改主意|改变主意|keep the old|keep it|don'?t bother|"
                         r"还是不|不.{0,2}了吧|算了|不用了|先不|不要了吧|别.{0,2}了)", re.I)
# Asking for a ticket is asking for a person.
TICKET = re.compile(r"(open a ticket|create a ticket|raise a ticket|file a (complaint|claim)|escalate|"
                    r"开个?工单|提交工单|建个?工单|投诉)", re.I)

# ---- dialogue v2: cues that refine an intent into a flow ---------------------------------------
# "三包" is the warranty's name, but "要两包 不要三包" counts packs: not after a verb of wanting (#13).
WARRANTY = re.compile(r"(保修|质保|保固|(?<![要买订来换拿改成])三包(?!\s*[\u4e00-\u9fff]{0,3}的)|在保|warrant|guarantee|repair under|"
                      r"\b(is|are) (that|this|it|they|those) covered\b|\bcovered (by|under)\b)", re.I)
# Rough handling by the carrier ("压扁了", "crushed"): the damage is the carrier's.
HANDLING = r"压坏|压扁|摔坏|摔碎|摔裂|砸坏|砸碎|砸扁|\bcrushed\b|\bsmashed\b|\bdented\b"
# The parcel, its packaging or its handling named ("box came crushed", "外箱压扁了").
PARCEL_HANDLING = re.compile(r"(包裹|快递|外包装|包装|箱子|纸箱|外箱|快递盒|运输|物流|砸|\bparcels?\b|\bpackag|\bbox(?:es)?\b|"
                             r"\bcartons?\b|\btransit\b|\bshipping\b|\bcouriers?\b|" + HANDLING + ")", re.I)
TRANSIT_DAMAGE = re.compile(r"(" + HANDLING + r"|箱子.{0,4}(破|烂|扁)|外包装.{0,4}(破|烂)|包装破|运输.{0,6}(坏|损)|"
                            # "到了就坏了", "收到时已经碎了": broken as it arrived, before any use.
                            # "送到时车头灯已经碎了": the broken part may be named in between (not a time of use).
                            r"(?:到了?|到货|送到|收到|签收|拆开|打开|开箱)(?:的)?(?:时候?|后)?[^，,。.!！?？用天周月次久]{0,6}?"
                            r"(?:就|已经|就已经|便)(?:是)?(?:坏|碎|破|裂|烂)|到货(?:即|就)?(?:破损|损坏)|"
                            r"box (was|is|came) (damaged|broken|torn|wet)|"
                            r"(?:arrived|came|turned up|showed up|was delivered) (?:already )?(?:broken|damaged|cracked|"
                            r"shattered|in pieces)|(?:broken|damaged|cracked) (?:on|upon) arrival|"
                            r"damaged (in|during) (transit|shipping|delivery))", re.I)
STUCK = re.compile(r"(丢了|丢件|寄丢|弄丢|卡住|卡在|不动|没更新|没有更新|停在|清关|一直在路上|还在路上|"
                   r"\blost\b|stuck|no (tracking )?updates?|hasn'?t (moved|updated)|not moving|customs|"
                   r"in transit (for|since)|been a week|for days|forever|ages)", re.I)
# The item does not fit (not a fault): a return or an exchange, never troubleshooting.
FIT = re.compile(r"(不合适|不合身|不合脚|不太合适|尺码不对|码数不对|大小不对|doesn'?t fit|don'?t fit|didn'?t fit|"
                 r"\bnot fit|\btoo (small|big|large|tight|loose)\b)", re.I)
# Lost or frozen tracking (not merely slow): an inquiry is opened even within the carrier's usual days.
LOST_OR_FROZEN = re.compile(r"(丢了|丢件|寄丢|弄丢|卡住|卡在|不动|没更新|没有更新|停在|\blost\b|stuck|no (tracking )?updates?|"
                            r"hasn'?t (moved|updated)|not moving)", re.I)
REFUND_ME = re.compile(r"(直接(给我)?退款|给我退钱|退钱|把钱退|just refund|refund me|give me (a|my) refund|money back)", re.I)
CHARGED = re.compile(r"(扣了两次|扣两次|两次钱|扣了我两|重复扣|多扣|扣错|付了两次|两笔|扣款.{0,4}(两|2)次|支付失败|付款失败|"
                     r"降价|便宜了|差价|double[- ]?charg|two (charges|payments)|"
                     # "twice" only as money taken twice ("charged me twice", "billed my card twice"): a fault
                     # report ("broke after I used it twice", "charged it twice, still dead") is no payment case.
                     r"(?:charged|billed|debited|deducted|paid|taken|took (?:the )?(?:money|payment))\s+"
                     r"(?:me\s+|us\s+|my (?:card|account|bank)\s+)?(?:(?:for\s+)?[$€£¥]?\s?\d[\d.,]*\s*(?:[a-z]+\s+)?)?twice|twice.{0,12}\b(?:charged|billed|debited)\b|"
                     r"overcharg|wrong amount|extra charge|payment (failed|declined)|price (dropped|went down))", re.I)
# "Refund it to another card", "退到别的卡": where a refund goes, not a change of how an order is paid.
REFUND_ELSEWHERE = re.compile(r"(?:退|refund|money back|pay (?:it |me )?back).{0,30}?(?:别的|其他|其它|另一张|另外一?张|另一个|另外一?个|"
                              r"新的?|换一?张|不同的)(?:银行)?(?:卡|账户|账号|支付宝|微信|信用卡)|"
                              r"(?:退|refund).{0,6}(?:到|回|给)(?:我)?(?:的)?(?:别的|其他|其它|另一|另外|新)|"
                              r"\brefund\b.{0,40}?\b(?:to|onto|into|on)\b.{0,12}?\b(?:another|a different|other|my other|"
                              r"a new|my new|new|different)\s+(?:\w+\s+)?(?:card|account|bank|method|paypal)\b|"
                              r"\b(?:another|a different|other|my other|my new|a new)\s+(?:\w+\s+)?(?:card|account)\b.{0,30}?"
                              r"\brefund", re.I)
PAYMENT_WORD = re.compile(r"(支付方式|付款方式|换.{0,4}(卡|支付宝|微信)|改用|用.{0,6}(付|支付)|payment method|pay with|"
                          r"different card|other card|another card|paypal|gift card|alipay|wechat pay|"
                          r"\b(amex|visa|mastercard|credit card|debit card)\b|\bcharge (it|them|my|the)\b.{0,30}\bto\b|"
                          r"switch (the )?payment)", re.I)
DEFAULT_WORD = re.compile(r"(默认地址|默认收货|以后都寄|default (shipping )?address|from now on)", re.I)
CANCEL_FLOW = re.compile(r"^\s*(算了|不用了|不办了|先不了|never ?mind|forget it|nvm|skip it|leave it)\s*[。.!！]*\s*$", re.I)
VAGUE_LAST = re.compile(r"(最近(的|那|一)?(个|单|笔)?|刚买的|刚下的|上一单|上次|my (last|latest|most recent|recent) "
                        r"(order|purchase|one)|the last (one|order))", re.I)
FOLLOW_ON = re.compile(r"^\s*(and|what about|how about|also|那|那么|还有|另外)\b|呢\s*[?？]?\s*$", re.I)
RETURN_VERB = re.compile(r"(退(?!款|钱|订|出)|不要了|寄回|send (\w+ )?back|(has|have|needs?|got) to go back|goes back|\breturn(ing)?\b|take (it|them) back)", re.I)
CLAIM = re.compile(r"(claim|申请|怎么保修|怎么修|去哪修|how do i (get it|send it))", re.I)
ARRIVAL_DEFECT = re.compile(r"(收到.{0,6}(就|时|的时候)|刚收到|到手就|拆开就|开箱|out of the box|arrived (with|like)|when it "
                            r"arrived|came (with|like)|划痕|刮花|裂|破损|瑕疵|scratch|crack|dent|chipped|defect)", re.I)
# The shop sent another variant or product than the one ordered ("you sent me the silver one, I ordered
# black", "发错颜色了"): the shop's mistake, never a change of mind.
WRONG_ITEM = re.compile(r"(发错|寄错|送错|发成了|发的是.{0,12}(我要|我买|我订|我下单)|(我要|我买|我订|我下单)的是.{0,12}(收到|发来|寄来|到手|来)的(却|居然|竟然)?是|"
                        r"不是我(买|订|要|下单)的(那个|款|颜色|尺码|型号)?|"
                        r"\bwrong (item|size|colou?r|model|version|one|product|variant|thing|\w+ (?:colou?r|size|model))\b|"
                        r"\bsent (me )?(the |a )?(wrong|different|another)\b|\bnot (the one|what) i (ordered|bought|paid for)\b|"
                        r"\bi ordered\b.{1,60}\bbut (i )?(got|received|you sent|they sent|was sent)\b(?!\s+(nothing|none|no|only|just|\d|one|two|three)\b)|"
                        r"\b(got|received|sent me)\b.{1,40}\binstead of\b|\b(received|got)\b.{1,60}[,;.] (but |yet |while |when )?i (had )?ordered\b|"
                        r"收到的(却|居然|竟然)?是.{0,12}(我要|我买|我订|我下单)的)", re.I)
# "I ordered the wrong size": the customer's own slip, an ordinary exchange or return.
OWN_MISTAKE = re.compile(r"(\b(i|we) (accidentally |mistakenly )?(ordered|bought|picked|chose|selected|clicked|put in)"
                         r" (the |a )?wrong\b|我(自己)?(买|选|拍|下单|订|点)错)", re.I)


def wrong_item(text: str) -> bool:
    """The shop sent something else than ordered (never the customer's own wrong choice)."""
    return bool(WRONG_ITEM.search(text)) and not OWN_MISTAKE.search(text)


MODIFY = re.compile(r"(instead of (\d|one|two|three)|only need (one|1)|just need (one|1)|one not two|not two|"
                    r"change (it|the \w+|my \w+)( \w+)? to|switch (it|the \w+) to|改成|改为|换成|少要|只要一|不要两|"
                    r"减少|多加|加一|再加|reduce|add (one|another))", re.I)
