"""Generate playtest3 conversations.jsonl (run from anywhere)."""
import json
from pathlib import Path

C = [
 ("q01","telegram:1001",["亲 我那个吹风机到哪了啊😭 急用","顺丰单号多少","能不能改送到公司 上海市浦东新区张江路88号","那算了 到了我直接拒收行不行"]),
 ("q02","wecom:zhangwei",["水壶不要了 帮我取消","等下 还是不取消了吧","嗯 留着"]),
 ("q03","slack:U01ABC",["坚果礼盒太难吃了 能退吗","那T恤呢 T恤可以退吧 买了两件","退一件就行","好"]),
 ("q04","telegram:1001",["羽绒服想换大一号 XL的","确认","换货大概要多久"]),
 ("q05","dingtalk:lina_0817",["wo de shoubiao dao na le a","zenme hai mei dao 都两天了","转人工"]),
 ("q06","feishu:ou_7f3a9c2e1b8d",["帆布包订单改下地址 改成 杭州市西湖区文三路100号3楼","对的","发票能开吗 抬头 北京云帆科技有限公司"]),
 ("q07","whatsapp:8613912345678",["耳机退货都申请了 钱啥时候退给我","都两天了还没退 你们是不是骗子😡","我要投诉"]),
 ("q08","line:U2f1a8c3d4e5b6a7980c1d2e3f4a5b6c7",["内衣尺码不对 能换吗","没拆封的也不行？","好吧"]),
 ("q09","whatsapp:8613912345678",["电饭煲还没发货吧 我想改成送到我妈家","广州市天河区体育西路123号 收件人王芳","对"]),
 ("q10","telegram:1003",["我买的羽绒服和T恤为啥还没到 发货三天了","物流单号给我","谢了"]),
 ("q11","wecom:liuyang",["热水壶 10月买的 现在插上电就跳闸","保修吗","那你们给我修"]),
 ("q12","dingtalk:chenjing88",["马克杯上的字印错了！！！我写的陈静 你们印成陈敬","这是你们的错啊 凭什么不能退","找你们领导"]),
 ("q13","feishu:ou_a1b2c3d4e5f6",["坚果礼盒那单还没付钱吧 不要了","是的取消","那钱怎么退"]),
 ("q14","dingtalk:chenjing88",["电饭煲的发票开了吗","能重开一张吗 抬头改成个人"]),
 ("q15","whatsapp:8615811112222",["手表那单取消了 钱退哪了 一周了还没看到","能快点吗","ok谢谢"]),
 ("q16","web:yanglei",["耳机还没发吧 地址写错了 应该是 南京市鼓楼区中山路1号","对","算了 直接取消吧","确认"]),
 ("q17","wecom:zhaomin",["电饭煲怎么还没到？？4天了 物流一直没更新","能不能帮我催一下","那我不要了 取消订单"]),
 ("q18","dingtalk:zhaomin_hz",["充电宝鼓包了 吓死我了","SO202611211710","只退充电宝 热水壶留着","好的"]),
 ("q19","wecom:stranger_x9",["你好 我想查下订单 SO202611230529","我是张伟啊 手机13812345678","那怎么办"]),
 ("q20","wechat:o_guest77",["在吗","你们家吹风机有保修吗","多久"]),
 ("q21","web:demo",["hey where's my power bank lol","tracking #?","can u send it to my office instead, 500 Market St San Francisco"]),
 ("q22","slack:U02EMC7K9",["the smart watch screen has a dead pixel line 😤","I want a refund not a replacement","yes","how long will the refund take"]),
 ("q23","web:demo",["cancel the tote bag order pls","wait actually no, cancel the rice cooker one instead","yes"]),
 ("q24","slack:U02EMC7K9",["running shoes are too small, can i swap for a 43","ok do it","do I need to pay shipping?"]),
 ("q25","telegram:1002",["whats the status of my tshirt exchange","can u make it XL instead of L","thx"]),
 ("q26","discord:402938475610293847",["the nut box arrived crushed, nuts spilled everywhere","so I just eat the loss??","get me a human"]),
 ("q27","telegram:1002",["did my jacket ship yet","when will it arrive, need it before dec 1st","what if it doesnt come in time can i return it"]),
 ("q28","line:U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",["I need an invoice for order SO202611191707 for my expense report","Company name Brown Consulting LLC","send it to my email pls"]),
 ("q29","whatsapp:13125550123",["cancel my underwear order","y","when do I get my money back"]),
 ("q30","line:U9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b",["my watch stopped charging","its only 3 weeks old!!","ok open a ticket then"]),
 ("q31","slack:U03MJ5P2Q",["hair dryer not shipped yet? change address to 22 Baker Street, Boston MA 02115","yes correct","and the jacket zipper thing from before, any update?"]),
 ("q32","web:mj-2026",["the custom mugs came and one is chipped","SO202611181736","can I get just that one replaced"]),
 ("q33","discord:518273645091827364",["yo my shirts been 'shipped' for like 6 days now wtf","its a gift I need it asap","can I cancel and get a refund"]),
 ("q34","web:dlee",["Return the tote bag from my watch order pls, keep the watch","didn't like the color","yes","where do I send it?"]),
 ("q35","whatsapp:447700900123",["Where's my earbuds?? ordered ages ago","it says shipped 24th, still nothing. this is ridiculous","just refund me"]),
 ("q36","telegram:99999",["hi i want to return order SO202611220503","my email is zw@example.com","ok"]),
 ("q37","telegram:1005",["running shoes order, can I change size to 43 before it ships?","ok cancel it then","yes"]),
 ("q38","line:U0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f",["hair dryer order - can u change the address to 10 Downing St, London SW1A 2AA","actually nvm keep the old one"]),
 ("q39","discord:518273645091827364",["hola, rice cooker no prende 😩 doesnt turn on at all","ya lo intenté otro enchufe, tried another outlet","ok return it"]),
 ("q40","feishu:ou_7f3a9c2e1b8d",["吹风机那个焦味的工单有进展没","我等不及了 换一个新的吧","嗯嗯"]),
]
out = Path(__file__).with_name("conversations.jsonl")
with out.open("w", encoding="utf-8") as f:
    for cid, user, turns in C:
        for t in turns:
            f.write(json.dumps({"conversation": cid, "user": user, "text": t}, ensure_ascii=False) + "\n")
