"""Traditional → simplified characters for detection only (Taiwan, Hong Kong, overseas customers).

The address grammar, the surname tables and the jieba dictionary are simplified Chinese, so
"台北市大安區…3號5樓" and "陳嘉慧" were invisible to them. Each traditional character maps to
exactly one simplified character, so the normalised text keeps the original's length and every
finding maps back one to one. Only characters that never appear in simplified text are listed
(乾, 裡, 著 are left alone: they are also simplified words of their own), chosen for what the
recognizers read: address words, surnames, given-name characters, cue and contact words, numerals.
"""
from __future__ import annotations

_PAIRS = (
    # addresses: administrative units, roads, buildings, places
    "區区 號号 樓楼 層层 棟栋 門门 縣县 鄉乡 鎮镇 東东 龍龙 廣广 場场 園园 館馆 廈厦 灣湾 臺台 衛卫 島岛 橋桥 "
    "莊庄 單单 條条 圍围 彌弥 嶺岭 滙汇 匯汇 開开 發发 華华 豐丰 鳳凤 黃黄 陽阳 興兴 爾尔 頭头 專专 業业 廠厂 "
    "貿贸 車车 國国 際际 學学 醫医 寶宝 羅罗 萬万 雲云 處处 麗丽 藝艺 樂乐 壽寿 復复 邊边 灘滩 樹树 蘭兰 濱滨 "
    "溝沟 鄰邻 會会 內内 後后 對对 環环 灣湾 廳厅 樞枢 閣阁 軒轩 臨临 貨货 倉仓 舘馆 嶼屿 塊块 岡冈 徑径 衝冲 "
    "灣湾 釣钓 魚鱼 鳥鸟 馬马 鴨鸭 麵面 營营 壩坝 墳坟 礦矿 廟庙 壇坛 舊旧 雜杂 鐵铁 線线 聖圣 灣湾 "
    # surnames
    "陳陈 劉刘 張张 楊杨 趙赵 吳吴 孫孙 鄭郑 馮冯 鄧邓 許许 蕭萧 葉叶 蘇苏 盧卢 謝谢 鍾钟 鐘钟 韓韩 譚谭 嚴严 "
    "錢钱 陸陆 顧顾 龔龚 賴赖 藍蓝 鄒邹 閻阎 聶聂 湯汤 溫温 範范 蔣蒋 賀贺 歐欧 龐庞 鄔邬 闕阙 鄺邝 魯鲁 "
    "銀银 龍龙 鄒邹 賈贾 夠够 孫孙 沈沈 戴戴 紀纪 鄔邬 儲储 蘆芦 關关 廖廖 鄂鄂 鄺邝 黎黎 費费 齊齐 "
    # given-name characters
    "偉伟 靜静 穎颖 強强 軍军 輝辉 傑杰 濤涛 鵬鹏 飛飞 榮荣 貴贵 權权 瑩莹 嬌娇 紅红 蓮莲 聰聪 銘铭 鋒锋 "
    "進进 達达 誠诚 賢贤 維维 綺绮 詩诗 語语 儀仪 潔洁 驊骅 婭娅 琳琳 嵐岚 霞霞 瓊琼 鶯莺 鸞鸾 麟麟 "
    "慶庆 龢和 勳勋 鑫鑫 燁烨 煒炜 暉晖 曉晓 夢梦 綠绿 爲为 為为 筆笔 "
    # contact and cue words
    "電电 話话 機机 郵邮 聯联 絡络 係系 碼码 證证 號号 稱称 給给 幫帮 說说 們们 這这 個个 麼么 嗎吗 還还 "
    "沒没 訂订 買买 賣卖 謝谢 寫写 門门 問问 讓让 請请 與与 識识 點点 兒儿 媽妈 爺爷 員员 師师 傅傅 "
    "經经 理理 總总 務务 氣气 "
    # numerals
    "兩两 貳贰 參叁 叄叁 陸陆 萬万 億亿"
)
TO_SIMPLIFIED: dict[int, str] = {ord(p[0]): p[1] for p in _PAIRS.split() if p[0] != p[1]}
