import probes as PR

E, D, S4X, S5X, S6X = PR.E, PR.D, PR.S4X, PR.S5X, PR.S6X
PR.P[:] = [
 ("x1", 4, D, "telegram:1001", ["羽绒服M码藏青色还有货吗"], [r"有货"], [], [], []),
 ("x2", 4, E, "telegram:5001", ["do you have the water bottle in 40oz white with a chug lid?"], [r"(?i)in stock"], [], [], []),
 ("x3", 4, S6X, "telegram:7201", ["is the King walnut bed frame in stock?"], [r"(?i)in stock"], [], [], []),
 ("x4", 4, D, "whatsapp:8613912345678", ["內衣可以退嗎"], [r"不支持|不能|不可"], [], ["create_return"], []),
 ("x5", 4, E, "messenger:7700777", ["when will I get my refund for the headphones?"], [r"RFD|\$|refund"], [], [], []),
 ("x6", 4, S6X, "wechat:lijing_rmd", ["被套退货的钱什么时候到账"], [r"RT-5031|174"], [], [], []),
]
PR.run(set())
