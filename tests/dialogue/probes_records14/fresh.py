import probes as PR

E, D, S4X, S5X, S6X = PR.E, PR.D, PR.S4X, PR.S5X, PR.S6X
PR.P[:] = [
 ("f1a", 1, S5X, "telegram:5501", ["the light set arrived with a cracked lens. also I need an invoice for that order, company Fitzroy Cycles Pty Ltd, ABN 51 824 753 556"], [r"(?i)crack|damag|photo|sorry", r"Fitzroy Cycles Pty Ltd", r"51 824 753 556"], [r"(?i)couldn't find"], [], []),
 ("f1b", 1, S6X, "telegram:7207", ["need an invoice for the floor lamp order, company Rainier Studio LLC, EIN: 91-2345678"], [r"Rainier Studio LLC", r"91-2345678"], [r"(?i)couldn't find"], [], []),
 ("f1c", 1, D, "feishu:ou_7f3a9c2e1b8d", ["手表那单帮我开个公司发票，抬头北京青木科技有限公司，税号 91110105MA01ABCD2X"], [r"北京青木科技有限公司", r"91110105MA01ABCD2X"], [r"没有找到订单"], [], []),
 ("f1d", 1, E, "slack:U07NOAH", ["please reissue my thermostat invoice with company name Noah Design Co, VAT ID GB 987 6543 21"], [r"Noah Design Co"], [r"(?i)couldn't find"], [], []),
 ("f2a", 2, E, "line:U8a7f0zoe", ["does the smart speaker come in chalk? is it in stock?"], [r"(?i)chalk", r"(?i)stock"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("f2b", 2, S4X, "wechat:lina_mcr", ["笔记本有没有240页的 多少钱"], [r"240"], [r"确认"], ["change_items", "create_exchange"], []),
 ("f2c", 2, S6X, "telegram:7210", ["is the firm mattress more expensive than the medium one?"], [r"(?i)same|cheaper|more"], [r"(?i)confirm"], ["change_items", "create_exchange"], []),
 ("f2d", 2, D, "telegram:1003", ["這件羽絨服有小一號的嗎"], [r"M"], [r"確認"], ["change_items", "create_exchange"], []),
 ("f3a", 3, S5X, "wechat:zxw_syd", ["any news on my helmet swap?"], [r"SWP-221"], [], [], []),
 ("f3b", 3, S4X, "telegram:8106", ["still nothing on the tracking, what's going on?"], [r"T-0031"], [], ["create_ticket"], []),
 ("f3c", 3, E, "slack:U07ETHAN", ["物流还是没有更新"], [r"TCK-7001"], [], ["create_ticket"], []),
 ("f4a", 4, E, "slack:U07ETHAN", ["can I cancel the water bottle order?"], [r"(?i)business days"], [], ["cancel_order"], []),
 ("f4b", 4, S5X, "telegram:5507", ["how long does my parcel take to reach New Zealand?"], [r"(?i)day"], [r"(?i)don't have"], [], []),
 ("f4c", 4, E, "discord:880055667788", ["where is my SSD and can I still return the keyboard?"], [r"(?i)UPS|shipped|on its way", r"(?i)return"], [], [], []),
 ("f5a", 5, E, "line:U8a7f0owen", ["I got charged twice for the speaker order", "ok. what happens now?"], [r"(?i)reply within|colleague|team"], [r"(?i)didn't (quite )?(get|understand)"], [], []),
 ("f5b", 5, S6X, "telegram:7207", ["I want to exchange the floor lamp", "算了 never mind"], [r"(?i)no problem|got it|okay|nothing"], [], ["create_exchange"], []),
 ("f5c", 5, D, "wecom:zhaomin", ["充电宝那单重复扣款了", "那我要等多久"], [r"小时"], [r"没太明白"], [], []),
]
PR.run(set())
