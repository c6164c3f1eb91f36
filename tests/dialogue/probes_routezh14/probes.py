"""routezh14 probes (#13): Chinese follow-ups that name a new topic (a fault, money, an invoice, stock)
must leave the stale flow and take the flow whose cue is in the message; a question about a named
product is answered about THAT product; every Chinese reply to a traditional writer is traditional.

Mostly traditional Chinese (Taiwan wording on the demo shop and on round 9's home-goods shop, both
converted with OpenCC; Hong Kong wording on a generated e-mobility shop, ev_shop.py), some simplified.
Not a pytest module: it replays every probe on a fresh store (`aftersales replay` in process) and counts the probes whose last reply passes its check (and, for a traditional writer, every reply is
traditional).

    /work/main/.venv/bin/python tests/dialogue/probes_routezh14/probes.py [-v] [CLASS]
    PROBE_CODE=/tmp/base /work/main/.venv/bin/python tests/dialogue/probes_routezh14/probes.py   # other code
"""
from __future__ import annotations

import json
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from ev_shop import CUSTOMER as EV1  # noqa: E402
from ev_shop import OTHER as EV2  # noqa: E402
from ev_shop import ev_fixture  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/dialogue: probe_tally
import probe_tally  # noqa: E402

NOW = "2026-11-28T12:00:00+08:00"
_CJK = re.compile(r"[\u3400-\u9fff]")
_cc: dict[str, Any] = {}
Check = Callable[[str, dict[str, Any]], bool]


def _opencc(config: str) -> Any:
    if config not in _cc:
        import opencc
        _cc[config] = opencc.OpenCC(config)
    return _cc[config]


def simp(text: str) -> str:
    return str(_opencc("t2s").convert(text)) if _CJK.search(text) else text


def trad(text: str, config: str = "s2tw") -> str:
    return str(_opencc(config).convert(text)) if _CJK.search(text) else text


def is_traditional(reply: str) -> bool:
    """No simplified-only character: converting to traditional changes nothing (台/臺 aside)."""
    if not _CJK.search(reply):
        return True
    same = reply.replace("臺", "台")
    return any(trad(reply, c).replace("臺", "台") == same for c in ("s2t", "s2tw", "s2hk"))


_BACK = ("shall we go back", "要继续刚才的", "还要为您办理", "shall i still", "would you like to go back", "稍后", "刚才")


def main_part(reply: str) -> str:
    """The reply (folded to simplified) without the paused flow offered back in its own paragraph."""
    return "\n\n".join(p for p in simp(reply).split("\n\n") if not p.strip().lower().startswith(_BACK))


def acts(t: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [a for a in t["actions"] if a["name"] == name]


def has(*words: str, banned: tuple[str, ...] = ()) -> Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        low = main_part(reply).lower()
        return (not words or any(w.lower() in low for w in words)) and not any(b.lower() in low for b in banned)
    return check


def both(*checks: Check) -> Check:
    return lambda r, t: all(c(r, t) for c in checks)


def flow(*names: str) -> Check:
    return lambda r, t: (t.get("flow") or {}).get("name") in names


ADDRESS_Q = ("新地址", "新的收货地址", "地址是", "改到哪", "哪个地址", "完整地址")
MENU = ("可以帮您查订单", "请问需要什么帮助", "有什么可以帮您", "没太明白", "是关于订单")


def no_parcel_lost(reply: str, t: dict[str, Any]) -> bool:
    """Not answered as a parcel that never came (the shop's damage rule may mention that case further on)."""
    words = ("没收到", "未收到", "未送达", "没有收到")
    return not any(w in simp(reply)[:60] for w in words)


def fault_path(reply: str, t: dict[str, Any]) -> bool:
    faultish = ("换", "照片", "抱歉", "质保", "保修", "故障", "损", "坏", "维修", "更换", "补发", "运输")
    low = main_part(reply)
    return no_parcel_lost(reply, t) and any(w in low for w in faultish) and not any(a in low for a in ADDRESS_Q) \
        and not any(m in low for m in MENU)


def new_unit(reply: str, t: dict[str, Any]) -> bool:
    """A replacement of the same item: an exchange proposed or written, or the warranty claim; no menu, no
    'which option instead?'."""
    low = main_part(reply)
    return (flow("exchange_request", "warranty")(reply, t) or bool(acts(t, "create_exchange"))
            or bool(acts(t, "add_to_ticket")) or bool(acts(t, "create_ticket"))) \
        and any(w in low for w in ("换", "新", "补发", "更换", "质保", "保修")) and not any(m in low for m in MENU) \
        and not re.search(r"换成(哪|什么)", low)


def billing(reply: str, t: dict[str, Any]) -> bool:
    low = main_part(reply)
    return flow("payment_issue")(reply, t) and any(w in low for w in ("扣款", "付款", "账务", "重复", "两次", "核实", "款项")) \
        and not any(w in low for w in ("故障", "什么问题", "哪里坏", "症状", "换成")) and not any(m in low for m in MENU)


def refund_of(order: str, *amount: str) -> Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        low = main_part(reply)
        return (order in low or any(a in low for a in amount)) and "退" in low \
            and not re.search(r"换成|哪个(颜色|尺寸|尺码|版本)|选项", low) and not any(m in low for m in MENU)
    return check


def refund_days(reply: str, t: dict[str, Any]) -> bool:
    low = main_part(reply)
    return ("退款" in low or "退回" in low or "到账" in low) and re.search(r"\d", low) is not None \
        and ("天" in low or "工作日" in low) and not any(m in low for m in MENU) and "智能客服" not in low \
        and "售后助手" not in low


def invoice_sent(*ids: str) -> Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        low = main_part(reply)
        return (any(i in low for i in ids) or any(w in low for w in ("邮箱", "电子邮件", "邮件", "发送"))) \
            and "发票" in low and not re.search(r"缺少|还需要|请提供|请告诉我.*(哪|型号|尺寸)", low) \
            and not any(m in low for m in MENU)
    return check


def stock_of(product: str, banned: tuple[str, ...] = ()) -> Check:
    def check(reply: str, t: dict[str, Any]) -> bool:
        low = main_part(reply)
        return product in low and any(w in low for w in ("有货", "现货", "库存", "缺货", "售罄", "有库存", "无货", "件")) \
            and not any(b in low for b in banned) and not any(m in low for m in MENU)
    return check


def person(reply: str, t: dict[str, Any]) -> bool:
    return bool(t.get("handoff")) or bool(acts(t, "create_ticket")) or bool(acts(t, "add_to_ticket"))


# (class, shop, user, [texts], check on the last reply, traditional writer)
D1 = "telegram:1001"           # 张伟 on the demo shop
D6 = "whatsapp:8615811112222"  # 杨磊: a cancelled watch order, refund processing; unshipped earbuds
D5 = "dingtalk:chenjing88"     # 陈静: an invoice issued
S4 = "telegram:7204"           # 王磊 on shop6: delivered bulbs/pendant, paid curtains
S8 = "wechat:zhaoxue_bby"      # 赵雪: cancelled sofa (refund processing), paid duvet/pillows
S5 = "web:emilyp"              # Emily Park: an invoice issued (writes Chinese here)
PROBES: list[tuple[str, str, str, list[str], Check, bool]] = [
    # ---- 1. damage report after a waiting flow; a replacement follow-up -------------------------------
    ("damage", "ev", EV1, ["EV-1126-11 嘅地址要改一下", "另外 之前收到嘅U型鎖到貨就是壞的"], fault_path, True),
    ("damage", "ev", EV1, ["我想改收貨地址", "對了 電動車送到時外箱壓扁了 車架也刮花了"], fault_path, True),
    ("damage", "demo_t", D1, ["幫我改一下SO202611270605的收貨地址", "另外，收到的T恤破了個洞"], fault_path, True),
    ("damage", "demo_t", D1, ["SO202611270605的地址要改", "耳機收到的時候就已經壞了"], fault_path, True),
    ("damage", "shop6_t", S4, ["2611/0070 的地址要改一下", "還有 上次收到的吊燈燈罩裂了"], fault_path, True),
    ("damage", "shop6_t", S4, ["窗簾那單地址寫錯了", "等等 燈泡收到就是壞的 包裹也壓壞了"], fault_path, True),
    ("damage", "ev", EV1, ["電動車到貨就是壞的 車燈不亮", "那直接換一個新的給我"], new_unit, True),
    ("damage", "demo_t", D1, ["收到的跑鞋鞋底開膠了", "那直接換一雙新的給我"], new_unit, True),
    ("damage", "shop6_t", S4, ["吊燈收到就壞了", "那直接換一個新的給我"], new_unit, True),
    ("damage", "demo", D1, ["我要改SO202611270605的地址", "另外收到的耳机到了就是坏的"], fault_path, False),
    ("damage", "demo", D1, ["跑鞋收到就开胶了", "那直接换一双新的给我"], new_unit, False),
    ("damage", "ev", EV1, ["頭盔想換顏色", "另外電動車送到時車頭燈已經碎了"], fault_path, True),
    ("damage", "demo_t", D1, ["T恤想換個尺碼", "還有 收到的耳機到貨就壞了 給我換個新的"], fault_path, True),
    # ---- 2. an overdue refund of a cancelled order, while another order's change waits -----------------
    ("cancelled", "demo_t", D6, ["SO202611252135 的耳機想換個顏色", "之前取消的那單 錢到現在還沒退"],
     refund_of("SO202611220915", "1299", "1,299"), True),
    ("cancelled", "demo_t", D6, ["耳機那單可以換顏色嗎", "另外我之前取消的手錶 退款到現在都沒收到"],
     refund_of("SO202611220915", "1299", "1,299"), True),
    ("cancelled", "ev", EV1, ["EV-1126-11 嘅頭盔想換成L碼", "之前取消的那單 錢到現在還沒退"],
     refund_of("EV-1102-07", "3280", "3,280"), True),
    ("cancelled", "ev", EV1, ["頭盔可以換顏色嗎", "之前取消咗嘅滑板車 錢仲未退返俾我"],
     refund_of("EV-1102-07", "3280", "3,280"), True),
    ("cancelled", "shop6_t", S8, ["2611/0074 的被套想換個顏色", "之前取消的那單 錢到現在還沒退"],
     refund_of("2610/0098", "2699", "2,699"), True),
    ("cancelled", "shop6_t", S8, ["枕頭可以換成低枕嗎", "沙發那單取消好久了 退款還沒到"],
     refund_of("2610/0098", "2699", "2,699"), True),
    ("cancelled", "demo", D6, ["SO202611252135 的耳机想换个颜色", "之前取消的那单 钱到现在还没退"],
     refund_of("SO202611220915", "1299", "1,299"), False),
    # ---- 3. a double charge -----------------------------------------------------------------------------
    ("double", "ev", EV1, ["電動車到貨就是壞的 車燈不亮", "還有 EV-1126-11 扣了兩次款"], billing, True),
    ("double", "ev", EV1, ["頭盔那單 我被重複扣款了"], billing, True),
    ("double", "demo_t", D1, ["收到的跑鞋鞋底開膠了", "另外SO202611270605被重複扣款"], billing, True),
    ("double", "demo_t", D1, ["SO202611270605 扣了兩次款"], billing, True),
    ("double", "shop6_t", S4, ["燈泡連不上wifi", "等等 窗簾那單被扣了兩次款"], billing, True),
    ("double", "shop6_t", S8, ["2611/0074 好像被重複扣款了"], billing, True),
    ("double", "ev", EV1, ["我想改收貨地址", "等等 我發現信用卡被扣了兩次款"], billing, True),
    ("double", "demo", D1, ["收到的跑鞋开胶了", "另外SO202611270605扣了两次款"], billing, False),
    ("double", "ev", EV1, ["電動車車燈不亮", "另外我被扣了兩次款"], billing, True),
    ("double", "demo_t", D1, ["跑鞋鞋底開膠了", "而且信用卡被重複扣款"], billing, True),
    ("double", "ev", EV1, ["頭盔那單 扣咗我兩次錢"], billing, True),
    # ---- 4. how many days a refund takes -----------------------------------------------------------------
    ("refunddays", "ev", EV1, ["退款要幾天"], refund_days, True),
    ("refunddays", "ev", EV1, ["請問退款一般要幾天到帳？"], refund_days, True),
    ("refunddays", "demo_t", D1, ["退款要幾天"], refund_days, True),
    ("refunddays", "demo_t", D6, ["手錶那單取消了", "退款要幾天"], refund_days, True),
    ("refunddays", "shop6_t", S8, ["退款要幾天才會到"], refund_days, True),
    ("refunddays", "shop6_t", S4, ["燈泡想退貨", "退款要幾天"], refund_days, True),
    ("refunddays", "demo", D1, ["退款要几天"], refund_days, False),
    ("refunddays", "ev", EV1, ["退錢要幾多日"], refund_days, True),
    ("refunddays", "ev", EV1, ["唔該 退款要幾耐先到"], refund_days, True),
    ("refunddays", "demo_t", D1, ["謝謝", "退款要幾天"], refund_days, True),
    # ---- 5. where the invoice was sent --------------------------------------------------------------------
    ("invoice", "ev", EV2, ["發票寄到哪裡了？"], invoice_sent("INV-HK-0418"), True),
    ("invoice", "ev", EV2, ["頭盔還有L碼嗎", "發票你們寄去哪了"], invoice_sent("INV-HK-0418"), True),
    ("invoice", "demo_t", D5, ["發票寄到哪裡了？"], invoice_sent("IV20261120-0001"), True),
    ("invoice", "demo_t", D5, ["電飯煲的發票是怎麼發給我的"], invoice_sent("IV20261120-0001"), True),
    ("invoice", "shop6_t", S5, ["發票寄到哪了"], invoice_sent("INV-CL-0207"), True),
    ("invoice", "shop6_t", S5, ["被套還有別的顏色嗎", "那發票你們發到哪裡了"], invoice_sent("INV-CL-0207"), True),
    ("invoice", "demo", D5, ["发票你们寄到哪里了"], invoice_sent("IV20261120-0001"), False),
    ("invoice", "ev", EV2, ["發票寄咗去邊度"], invoice_sent("INV-HK-0418"), True),
    ("invoice", "ev", EV1, ["頭盔有咩顏色", "發票寄到哪裡了"], has("发票", banned=("颜色", "尺寸", "哪一款", "型号")), True),
    ("invoice", "demo_t", D5, ["電飯煲還有貨嗎", "發票寄到哪裡了"], invoice_sent("IV20261120-0001"), True),
    # ---- 6. stock of one named product --------------------------------------------------------------------
    ("stock", "ev", EV1, ["電動車還有現貨嗎"], stock_of("电动车", banned=("头盔", "滑板车", "尺寸")), True),
    ("stock", "ev", EV1, ["頭盔可以換成L碼嗎", "電動車還有現貨嗎"], stock_of("电动车", banned=("头盔",)), True),
    ("stock", "ev", EV1, ["滑板車仲有冇貨"], stock_of("滑板车", banned=("电动车", "头盔")), True),
    ("stock", "demo_t", D1, ["T恤想換L碼", "吹風機還有現貨嗎"], stock_of("吹风机", banned=("T恤", "尺码")), True),
    ("stock", "demo_t", D1, ["電熱水壺還有現貨嗎"], stock_of("水壶", banned=("T恤", "跑鞋")), True),
    ("stock", "shop6_t", S4, ["窗簾還有260的嗎", "落地燈還有現貨嗎"], stock_of("落地灯", banned=("窗帘", "蜡烛")), True),
    ("stock", "demo", D1, ["T恤想换L码", "吹风机还有现货吗"], stock_of("吹风机", banned=("T恤", "尺码")), False),
    ("stock", "ev", EV1, ["頭盔有咩顏色", "電動車還有現貨嗎"], stock_of("电动车", banned=("头盔",)), True),
    ("stock", "ev", EV1, ["電動車薄荷綠15Ah還有貨嗎"], stock_of("电动车", banned=("头盔", "滑板车")), True),
    ("stock", "ev", EV1, ["我想買個充電器 仲有冇貨"], stock_of("充电器", banned=("头盔", "电动车")), True),
    ("stock", "demo_t", D1, ["羽絨服有什麼顏色", "充電寶還有現貨嗎"], stock_of("充电宝", banned=("羽绒服",)), True),
    # ---- 7. the hand-off (and every other reply) in the writer's script ----------------------------------
    ("handoff", "ev", EV1, ["我要搵真人客服"], person, True),
    ("handoff", "ev", EV1, ["電動車到貨就是壞的", "轉人工"], person, True),
    ("handoff", "demo_t", D1, ["我要找真人客服"], person, True),
    ("handoff", "demo_t", D1, ["這個問題一直沒解決，幫我轉人工"], person, True),
    ("handoff", "shop6_t", S4, ["燈泡連不上wifi", "我要真人客服處理"], person, True),
    ("handoff", "shop6_t", S8, ["沙發的退款一直沒到 我要投訴"], person, True),
]


def prepare(into: Path) -> dict[str, tuple[Path, Path | None]]:
    """The probe shops: the demo shop and round 9's shop converted to traditional, and the generated HK shop."""
    from tests.parity.hant_parity import hant, to_hant
    into.mkdir(parents=True, exist_ok=True)
    shops: dict[str, tuple[Path, Path | None]] = {"demo": (ROOT / "config" / "demo_shop.json", None)}
    pt9 = ROOT / "tests" / "playtest9" / "shop6"
    for name, fixture, knowledge, converted in (
            ("demo_t", json.loads((ROOT / "config" / "demo_shop.json").read_text(encoding="utf-8")),
             ROOT / "config" / "knowledge", True),
            ("shop6_t", json.loads((pt9 / "shop.json").read_text(encoding="utf-8")), pt9 / "knowledge", True),
            ("ev", ev_fixture(), ROOT / "config" / "generic_knowledge", True)):
        fixture.pop("knowledge", None)
        path = into / f"{name}.json"
        path.write_text(json.dumps(to_hant(fixture) if name != "ev" else fixture, ensure_ascii=False), encoding="utf-8")
        folder = into / f"{name}-knowledge"
        shutil.copytree(knowledge, folder)
        if converted:
            for f in folder.rglob("*"):
                if f.is_file() and f.suffix in (".md", ".toml", ".txt"):
                    f.write_text(hant(f.read_text(encoding="utf-8")), encoding="utf-8")
        shops[name] = (path, folder)
    return shops


async def replay(shop: Path, knowledge: Path | None, user: str, texts: list[str], work: Path) -> list[dict[str, Any]]:
    """One probe on a fresh store of its shop, in this process (the models are loaded once)."""
    import base64
    import io
    from datetime import datetime

    from bot.cli.main import _replay
    from bot.core.settings import load_settings
    env = {"AFTERSALES_DATA_DIR": str(work), "AFTERSALES_MASTER_KEY": base64.b64encode(bytes(32)).decode(),
           "AFTERSALES_GENERATOR_KIND": "template"}
    settings = load_settings(env=env)
    if knowledge is not None:
        settings.data.setdefault("knowledge", {})["dir"] = str(knowledge)
    lines = [{"conversation": "p", "user": user, "text": t} for t in texts]
    stdout, stderr = io.StringIO(), io.StringIO()
    stdin = io.StringIO("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines))
    await _replay(settings, str(shop), datetime.fromisoformat(NOW), fresh=True, stdin=stdin, stdout=stdout,
                  stderr=stderr)
    return [json.loads(x) for x in stdout.getvalue().splitlines()]


def judge(probe: tuple[str, str, str, list[str], Check, bool], turns: list[dict[str, Any]]) -> tuple[bool, bool]:
    """(the last reply passes its check, every reply is in a traditional writer's script)."""
    _, _, _, texts, check, hant_writer = probe
    ok = len(turns) == len(texts) and check(turns[-1]["reply"], turns[-1]["trace"])
    return ok, not hant_writer or all(is_traditional(t["reply"]) for t in turns)


def run(selected: str | None, verbose: bool) -> int:
    import asyncio
    results: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        shops = prepare(Path(tmp) / "shops")
        for n, probe in enumerate(PROBES):
            cls, shop_name, user, texts, _, _ = probe
            if selected not in (None, cls):
                continue
            shop, knowledge = shops[shop_name]
            turns = asyncio.run(replay(shop, knowledge, user, texts, Path(tmp) / f"p{n}"))
            ok, script_ok = judge(probe, turns)
            ok = ok and script_ok
            results.setdefault(cls, [0, 0])[0 if ok else 1] += 1
            if verbose or not ok:
                print(f"{'OK ' if ok else 'BAD'} {cls:10} {shop_name:7} {texts}{'' if script_ok else ' [SCRIPT]'}")
                for t in turns:
                    tr = t["trace"]
                    names = [a["name"] for a in tr["actions"] if a["name"] not in ("list_orders", "get_order")]
                    print(f"      [{tr['intent']['name']}→{(tr.get('flow') or {}).get('name')}] {names} "
                          f"{t['reply'][:260]!r}", flush=True)
    probe_tally.report(results)
    return 0


if __name__ == "__main__":
    import os
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    # PROBE_CODE: another checkout whose code answers (e.g. an export of the commit before routezh14)
    sys.path.insert(0, os.environ.get("PROBE_CODE", str(ROOT)))
    args = [a for a in sys.argv[1:] if a != "-v"]
    sys.exit(run(args[0] if args else None, "-v" in sys.argv))
