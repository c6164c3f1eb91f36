"""Invoice: which order, the company title and tax id when given (read from the real text: the
title is the customer's, never a placeholder), the shop's request. A title sent after the first
answer ("抬头 上海云帆科技有限公司 税号 9131…") re-issues for the order last talked about.

Steps: start → (choose_order) → done | refused. Requesting an invoice changes no order and can be
asked again with another title, so it needs no confirmation.
"""
from __future__ import annotations

import re
from typing import Any

from bot.dialogue import carried as CV
from bot.dialogue import context as CX
from bot.dialogue import invoice_unpaid as IU
from bot.dialogue.flows.base import FlowContext, out, resolve_order, take_slots
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame
from bot.lang import cues as C
from bot.lang import replies as R
from bot.shop import order_ids

NAME = "invoice"


def _eligible(order: dict[str, Any]) -> bool:
    return order.get("status") not in ("cancelled", "pending")


def invoice_title(text: str) -> str | None:
    """"抬头 上海云帆科技有限公司 税号 9131…" → "上海云帆科技有限公司 / 9131…" (None when absent).
    A name shaped like a company (a legal form at its end) is the title wherever it stands in the
    message; otherwise the words after the title cue."""
    tax = C.TAX_ID.search(text)
    tax_id = tax.group(1).strip() if tax and _real_title(tax.group(1)) else None
    name = company_name(text)
    if name is None:
        title = C.TITLE.search(text)
        if title and _real_title(title.group(1)):
            name = _whole(text, title.start(1), title.group(1).strip())
            if tax_id and (tax_id in name or name in (tax.group(0) if tax else "")):
                name = None                        # "title … tax id X": the tax id is not the title
    parts = [p for p in (name, tax_id) if p]
    return " / ".join(parts) if parts else None


# A company's legal form ends its name: general words of each language, never a shop's.
_CJK_FORM = r"(?:股份有限公司|有限责任公司|有限公司|分公司|公司|集团|工作室|事务所|研究院|研究所|商行|商贸部|合作社|中心|厂)"
_CJK_COMPANY = re.compile(r"[\u4e00-\u9fff（）()A-Za-z0-9]{2,40}?" + _CJK_FORM)
# What leads into the name inside one run of Chinese characters ("抬头换成…", "请改为…", "开给…").
_CJK_LEAD = re.compile(r"^(?:那个|这个|嗯|呃|叫做|叫|应该是|应该|就是|请|麻烦|帮我|帮忙|把|将|发票|的|抬头|公司名称|公司名|名称|要|需要|想|重新|重|换成|换为|改成|改为|改|换|"
                       r"写成|写为|写|开成|开给|开到|开|填成|填|是|为|就|用|：|:)+")
_LEGAL_FORM = (r"(?:GmbH|AG|KG|OHG|UG|Ltd\.?|Limited|LLC|LLP|L\.L\.C\.|Inc\.?|Corp\.?|Corporation|Co\.|PLC|plc|"
               r"SARL|S\.A\.R\.L\.|SAS|SA|S\.A\.|SRL|Srl|S\.r\.l\.|SpA|S\.p\.A\.|BV|B\.V\.|NV|N\.V\.|Oy|AB|ASA|AS|A/S|ApS|"
               r"Pty|Sp\. z o\.o\.|s\.r\.o\.|Kft\.?|KK|K\.K\.|Pte|Bhd|Sdn)")
_LATIN_COMPANY = re.compile(r"(?<![\w-])((?:(?:[A-ZÀ-ÖØ-Þ0-9][\w&'.\-]*|&|and|of|und|de|du|des|la|le|van|von|der|den|et)\s+){1,6}"
                            + _LEGAL_FORM + r"(?:\s+(?:Pty|Ltd\.?|Co\.?|KG|Bhd))?)(?![\w])")
_LEAD_WORD = re.compile(r"^(?:&|and|of|und|de|du|des|la|le|van|von|der|den|et|To|For|It|Is|Please|Hi|Hello|I|We|My|Our|"
                        r"Can|Could|Would|Will|Hey|Thanks|OK|Okay|So|But|And|Now|Actually|"
                        r"Title|Company|Name|Invoice|Sorry|Typo|Should|Be|Make|Made|Out|Use|Put|Change|Reissue|Redo|"
                        r"Just|Simply|Basically|Um+|Uh+|Er|Erm|Well|Like|Rather|Instead|Then|Also|Called|Named|Under|"
                        r"Billed|Addressed|Attn|Yes|Yeah|Yep|No|Sure|Right|Oh|Ah|Hmm+|Please|Pls)$")
# An order id or its fragment written before the name ("sg-4535-mm. Lim Trading …"): digits with a
# hyphen or lower-case letters, never a word of a company name.
_ID_WORD = re.compile(r"^(?=.*\d)(?=.*[-a-z_#/])[\w#/-]+\.?$")
# Legal forms and initials that end with a full stop inside a name ("Co.", "Ltd.", "J.").
_DOTTED_PART = re.compile(r"^(?:[A-Z]\.|Co\.|Ltd\.|Inc\.|Corp\.|S\.A\.|B\.V\.|N\.V\.|L\.L\.C\.|St\.|Mt\.|Dr\.)$")


def company_name(text: str) -> str | None:
    """The company the customer named, read by its shape: a run of capitalised words ending in a
    legal form ("Nordlicht Rad AG", "Brandt Velo GmbH"), or Chinese characters ending in one
    ("杭州云帆科技有限公司"), the cue and verb that lead into it dropped. None when there is none."""
    quoted = _QUOTED.search(text)
    if quoted and re.search(_LEGAL_FORM + r"\W*$|" + _CJK_FORM + r"$", quoted.group(1).strip()):
        return quoted.group(1).strip()
    m = _LATIN_COMPANY.search(text)
    if m:
        words = m.group(1).split()
        stops = [i for i, w in enumerate(words[:-1]) if w.endswith(".") and not _DOTTED_PART.match(w)]
        if stops:
            words = words[stops[-1] + 1:]          # "… SG-4535. Lim Trading Pte Ltd": a new sentence starts the name
        while len(words) > 1 and (_LEAD_WORD.match(words[0]) or _ID_WORD.match(words[0])):
            words.pop(0)                           # "to Nordlicht Rad AG": the name begins after "to"
        if len(words) > 1:
            return " ".join(words)
    found: list[str] = []
    for run in re.finditer(r"[\u4e00-\u9fff（）()A-Za-z0-9]+", text):
        # A legal form used as a modifier ("公司发票", "公司抬头": a company invoice) names no company.
        forms = [f for f in re.finditer(_CJK_FORM, run.group(0))
                 if not re.match(r"的?(?:发票|抬头|名称|名字|税号)", run.group(0)[f.end():])]
        if not forms or _CJK_COMPANY.search(run.group(0)[:forms[-1].end()]) is None:
            continue
        # The whole run up to the legal form's end, the lead-in words dropped ("换成上海…公司").
        name = _CJK_LEAD.sub("", run.group(0)[:forms[-1].end()])
        # "我们公司", "这个公司", "开个公司": a pronoun or measure word before the form, no name.
        if len(name) >= 4 and not re.fullmatch(_CJK_FORM, name) and not re.match(r"[我你您咱他她它这那个一该贵本]", name):
            found.append(name)
    return max(found, key=len) if found else None      # the fullest name when a form recurs as a word


# What follows "抬头" in a question ("能换个抬头吗", "title?") is no title.
_NOT_A_TITLE = re.compile(r"^(吗|呢|吧|啊|了|的|么|嘛|怎么|能|可以|can|could|please|\?|？)", re.I)


# A lone function word after "title" ("the same title as before", "title for my order") is no title.
_FUNCTION_WORD = re.compile(r"(?:as|like|same|the|a|an|from|for|of|on|in|to|is|it|that|this|my|our|your|before|last|"
                            r"again|too|also|and|or|with|please|same as before|跟上次一样|和上次一样|一样|同上)", re.I)


def _real_title(value: str) -> bool:
    v = value.strip()
    return len(v) >= 2 and not _NOT_A_TITLE.match(v) and not _FUNCTION_WORD.fullmatch(v.strip(" .,!?"))


# A company title runs on over its capitalised words and their connectors ("Müller & Söhne GmbH",
# "Bank of Leeds plc"), or is quoted whole; it stops at the first other word ("please", "tax id").
_QUOTED = re.compile(r"[\"“”'‘’「」『』]([^\"“”'‘’「」『』]{2,80})[\"“”'‘’「」『』]")
_TITLE_WORD = re.compile(r"\s+((?:[A-Z0-9À-ÖØ-Þ][\w&.,'\-]*)|&|and|of|und|de|du|la|van|von|der|plc|ltd\.?|llc|inc\.?|"
                         r"gmbh|co\.?|s\.a\.|b\.v\.|ag|oy|ab|srl|spa)(?=\s|$)")
_CONNECTOR = re.compile(r"^(?:&|and|of|und|de|du|la|van|von|der)$", re.I)


def _whole(text: str, start: int, found: str) -> str:
    for at in (start, start - 1):
        quoted = _QUOTED.match(text, at) if at >= 0 else None
        if quoted:
            return quoted.group(1).strip()
    if not re.match(r"[A-Za-zÀ-ÿ]", found):
        return found                               # a CJK title: one token, as read
    end = start + len(found)
    words = []
    while True:
        m = _TITLE_WORD.match(text, end)
        if not m or m.group(1).lower() in ("tax", "vat"):
            break
        words.append(m.group(1))
        end = m.end()
    while words and _CONNECTOR.match(words[-1]):
        words.pop()                                # "… and" before the next clause is not the title's
    return " ".join([found, *words]).rstrip(",.") if words else found


# A personal (not company) invoice, and the name it should carry.
PERSONAL = re.compile(r"个人|本人|\bpersonal\b|\bprivate\b|\bindividual\b|\bin my (?:own )?name\b|我的名字", re.I)
_NAME_AFTER = re.compile(r"(?:\bname(?:\s+is|\s+should be)?|\bnamed|\bin the name of|\bto|名字(?:是|写|叫)?|姓名(?:是|写)?|"
                         r"就写|写成|写上|写|开给|开成|抬头(?:是|写|就写)?)\s*[:：]?\s*"
                         r"(<PERSON(?:_\d+)?>|(?-i:[A-Z][a-zÀ-ÿ'\-]+(?:\s+[A-Z][a-zÀ-ÿ'\-]+){0,3})|[\u4e00-\u9fff]{2,4})", re.I)
_CUE_START = re.compile(r"^(?:名字|姓名|抬头|写|开|就)")
_MY_NAME = re.compile(r"\bmy (?:own )?name\b|我的名字|我本人|本人", re.I)
# Filler around a title sent on its own ("就写 X 吧", "just put X").
_FILLER = re.compile(r"^(?:just\s+)?(?:put|use|make it|write|title|name)?\s*[:：]?\s*|^(?:就|请|麻烦)?(?:写|用|开)?(?:成|上)?|"
                     r"(?:\s*(?:please|thanks|thank you|pls)\W*|吧|哦|啊|呢|谢谢)+$", re.I)
_NOT_GIVEN = re.compile(r"^(?:个人(?:的|抬头|发票)?|personal(?: invoice| title)?|private|individual|yes|no|ok|好的?|"
                        r"是的?|对|行|可以|不用了?|算了)$", re.I)


def personal_title(text: str, customer_name: str | None) -> tuple[bool, str | None]:
    """(asks for a personal invoice, the name it should carry when written or "my name")."""
    if not PERSONAL.search(text):
        return False, None
    name = named_after(text)                       # "抬头 名字写张伟": the name, not the cue
    if not name and _MY_NAME.search(text) and customer_name:
        name = customer_name
    return True, name


def named_after(text: str) -> str | None:
    """A name written after its cue ("就写张伟", "name is Ida Brandt"), None when there is none."""
    pos = 0
    while (m := _NAME_AFTER.search(text, pos)) is not None:
        said = m.group(1).strip()
        if not (_CUE_START.match(said) or PERSONAL.search(said) or _NOT_GIVEN.match(said)):
            return said
        pos = m.start() + 1
    return None


def bare_title(text: str) -> str | None:
    """The reply to "what should the title be?": the whole message, without filler."""
    t = _FILLER.sub("", text.strip()).strip(" 。.!！,，\"“”'")
    t = _FILLER.sub("", t).strip(" 。.!！,，\"“”'")
    if not t or _NOT_GIVEN.match(t) or len(t) > 80 or "?" in t or "？" in t:
        return None
    return t


def _take_title(fc: FlowContext, frame: Frame) -> None:
    """This turn's invoice title into the frame: a company title / tax id, a personal name, or —
    answering "what should the title be?" — the message itself. `title` is the real text (the
    shop stores it); `title_shown` the redacted one (replies and records)."""
    real, said = fc.reveal(fc.turn.text), fc.turn.text
    title, shown = invoice_title(real), invoice_title(said)
    personal, name = personal_title(real, getattr(fc.customer, "name", None))
    if not title and not name and frame.slots.get("personal"):
        # The personal invoice asked for earlier, its name given now ("就写张伟", "name is …").
        name = named_after(real)
        if name:
            said_name = named_after(said)
            title, shown = name, said_name or name
    if not title and name:
        title, shown = name, personal_title(said, getattr(fc.customer, "name", None))[1] or name
    if not title and frame.step == "ask_title":
        title, shown = bare_title(real), bare_title(said)
    if personal:
        frame.slots["personal"] = True
    bare = _bare_tax_id(fc, real, title)
    if bare:
        # "开公司发票 9131… 上海云杉贸易有限公司": the id beside the company title is its tax id.
        title, shown = f"{title} / {bare}", f"{shown or title} / {bare}"
    if title and shown and " / " in title and " / " not in shown:
        # The tax id is a business identifier the redactor can take for a phone number ("ABN 51 824
        # 753 556"): read back as written, or the customer confirms a title without it.
        shown = f"{shown} / {title.rpartition(' / ')[2]}"
    if title:
        title, shown = _merged(frame, title, shown or title)
        frame.slots["title"] = title
        frame.slots["title_shown"] = shown or title


def _merged(frame: Frame, title: str, shown: str) -> tuple[str, str]:
    """A tax id sent on its own after the company name (or a corrected name after both) completes
    the title already read instead of replacing it: the company name and its tax id both stay."""
    old, old_shown = str(frame.slots.get("title") or ""), str(frame.slots.get("title_shown") or "")
    if not old:
        return title, shown
    name, tax = _parts(title)
    was_name, was_tax = _parts(old)
    shown_name, shown_tax = _parts(shown)
    was_shown_name, was_shown_tax = _parts(old_shown or old)
    if not name and tax and was_name:
        return f"{was_name} / {tax}", f"{was_shown_name or was_name} / {shown_tax or tax}"
    if name and not tax and was_tax and was_name:
        return f"{name} / {was_tax}", f"{shown_name or name} / {was_shown_tax or was_tax}"
    return title, shown


def _ask_title(fc: FlowContext, frame: Frame, order: dict[str, Any], issued: bool) -> Outcome:
    """The name (personal) or title the invoice should carry; the frame stays open for the answer."""
    lang = fc.lang
    fc.state.last_flow = NAME
    if issued:
        text = R.t(lang, f"The invoice for order {order['id']} was already issued; it can be re-issued with another "
                         f"title. What should the new title be (for a personal invoice, your name)?",
                   f"订单 {order['id']} 的发票已经开具，可以更换抬头重开。请问新的抬头写什么？（个人抬头写姓名即可）")
    else:
        text = R.t(lang, f"Sure — a personal invoice for order {order['id']}. Whose name should it carry?",
                   f"好的，订单 {order['id']} 开个人发票。请问抬头写谁的姓名？")
    return out(text, frame, "ask_title", {"order": order})


# "抬头跟上次一样", "same title as last time": the title of the customer's earlier invoice.
SAME_AS_BEFORE = re.compile(r"(?:跟|和|与|同)(?:上次|上一次|之前|以前|上回)(?:的)?(?:一样|相同|一致)|同上次|照旧|还是(?:上次|之前)(?:那个|的)|"
                            r"\bsame (?:title|name|details|company|info(?:rmation)?|one)\b.{0,20}\b(?:before|last time|previous(?:ly)?|"
                            r"last (?:invoice|order))|\b(?:as|like) (?:last time|before|on my (?:last|previous) invoice)\b|"
                            r"\bsame as (?:before|last time|the last (?:one|invoice))\b", re.I)
# What a shop's invoice page says about when and how the invoice comes.
_INVOICE_PAGE = re.compile(r"invoice|receipt|发票|收据", re.I)
_WHEN = re.compile(r"\d|within|days?\b|hours?\b|e-?mail|PDF|download|工作日|天内|小时|邮件|邮箱|下载", re.I)
_SENTENCE = re.compile(r"[^.!?。！？]+[.!?。！？]?")


def shop_invoice_text(fc: FlowContext) -> str:
    """When and how the running shop sends invoices, in its own words (its knowledge page); ""
    when its pages do not say — never another shop's "3 business days"."""
    kb = getattr(fc, "knowledge", None)
    if kb is None:
        return ""
    query = "发票 收据 发送 邮箱 工作日" if fc.lang == "zh" else "invoice receipt sent e-mail days"
    for snip in kb.search(query, lang=fc.lang, k=5) or kb.search(fc.turn.text, lang=fc.lang, k=5):
        if snip.lang != fc.lang or not _INVOICE_PAGE.search(snip.title + snip.text):
            continue
        said = [m.group(0).strip() for m in _SENTENCE.finditer(snip.text) if _WHEN.search(m.group(0))]
        if said:
            return (" " if fc.lang != "zh" else "").join(said[:2])
    return ""


def _bare_tax_id(fc: FlowContext, real: str, title: str | None) -> str | None:
    """The tax id written without its cue next to the company title just read (None: a cue'd
    tax id is already in the title, no company name, or no such id)."""
    from bot.dialogue.tax_ids import bare_tax_id
    name = company_name(real) if title and " / " not in title else None
    if not name:
        return None
    return bare_tax_id(real, name, [str(o.get("id")) for o in fc.orders])


def _tax_id_is_no_order(fc: FlowContext, frame: Frame, had: str | None) -> None:
    """"Brandt Velo GmbH, VAT DE812345678": the tax id written after its cue (or beside the
    company title, `tax_ids`) is no order number, whatever its shape; the order the invoice is
    about stays."""
    real = fc.reveal(fc.turn.text)
    tax = C.TAX_ID.search(real) or C.TAX_ID.search(fc.turn.text)
    written = tax.group(1) if tax else _bare_tax_id(fc, real, invoice_title(real))
    oid = frame.slots.get("order_id")
    if not written or not oid or oid == had or fc.order(str(oid)) is not None:
        return
    if re.sub(r"\W", "", str(oid)).lower() in re.sub(r"\W", "", written).lower():
        if had:
            frame.slots["order_id"] = had
        else:
            frame.slots.pop("order_id", None)


# "how long will it take?", "大概需要多久？" asked while the yes is awaited.
_TIMING = re.compile(r"多久|多长时间|几天|什么时候|啥时候|哪天|多快|\bhow long\b|\bhow many (?:more )?(?:days|hours)\b|"
                     r"\bwhen\b|\bhow soon\b|\bby when\b|\bhow quickly\b", re.I)


async def _question_at_confirm(fc: FlowContext, frame: Frame) -> Outcome | None:
    """A question asked inside the open confirmation is answered (from the shop's own facts) and
    the same yes asked again; nothing is written and nothing in the frame changes. None when the
    message is no such question (a yes, a no, a new title …)."""
    text = fc.turn.text
    if not _TIMING.search(text) or fc.said("deny") or fc.said("cancel_flow") or invoice_title(fc.reveal(text)):
        return None
    order = fc.order(str(frame.slots.get("order_id") or ""))
    if order is None:
        return None
    lang = fc.lang
    state = await fc.tools.invoice_state(fc.customer, str(order["id"]))
    issued = state.ok and state.data.get("status") == "issued"
    # The shop's own invoice page wins over the generic reply hours: it may promise "1 business day".
    answer = shop_invoice_text(fc)
    if not answer and issued:
        hours = int(fc.facts.get("service.reply_within_hours", 24))
        answer = R.t(lang, f"A colleague re-issues it, and the new e-invoice usually reaches your e-mail within {hours} hours.",
                     f"重开由同事处理，新的电子发票一般 {hours} 小时内发到您的邮箱。")
    elif not answer:
        answer = R.t(lang, "The invoice is sent to you once it's issued.", "发票开具后会发送给您。")
    again = await _confirm(fc, frame, order)
    again.answer = answer + (" " if lang != "zh" else "") + again.answer
    again.facts["answered"] = "timing"
    return again


def _same_as_used(fc: FlowContext, frame: Frame) -> bool:
    """"The same title for my other order" / "另一个订单也开同样的抬头": the title this conversation
    used last (with its tax id), never the words "the same title" and never an older invoice's
    title when the conversation has one. A company named in the message itself wins. True when
    the frame's title was set from the conversation."""
    text = fc.turn.text
    if not (CV.SAME_VALUE.search(text) or SAME_AS_BEFORE.search(text)) or company_name(fc.reveal(text)):
        return False
    carried = CV.used(fc.state, "invoice_title")
    if carried is None:
        return False                               # nothing used yet here: the shop's earlier invoice
    title, shown, from_order = carried
    if frame.slots.get("title") == title:
        return False
    frame.slots.update(title=title, title_shown=shown, title_from=from_order)
    return True


async def _earlier_title(fc: FlowContext, frame: Frame, order: dict[str, Any]) -> None:
    """"Same title as before": the title of the customer's earlier invoice, read from the shop;
    none found, the frame asks for it (never a title made of the customer's words)."""
    if frame.slots.get("title") or not (SAME_AS_BEFORE.search(fc.turn.text) or CV.SAME_VALUE.search(fc.turn.text)):
        return
    res = await fc.tools.earlier_invoice_title(fc.customer, str(order["id"]))
    if res.ok and res.data.get("title"):
        frame.slots["title"] = frame.slots["title_shown"] = str(res.data["title"])
        frame.slots["title_from"] = str(res.data.get("order_id") or "")
    else:
        frame.slots["title_missing"] = True


async def _issued_order(fc: FlowContext, frame: Frame) -> None:
    """"Re-issue my last invoice" naming no order and no item: the order whose invoice was issued
    (read from the shop), not the newest order, which may have none."""
    from bot.dialogue.invoice_sent import asks_where_sent
    if frame.slots.get("order_id") or frame.slots.get("items") \
            or not (REISSUE.search(fc.turn.text) or asks_where_sent(fc.turn.text)):
        return                 # ("where did you send the invoice?": the order with one on record, route13)
    if fc.state.last_order_id and fc.state.last_flow == NAME:
        return                                     # the invoice just talked about
    res = await fc.tools.earlier_invoice_title(fc.customer)
    if res.ok and res.data.get("order_id") and fc.order(str(res.data["order_id"])) is not None:
        named = _invoice_named(fc.turn.text, [(str(res.data["order_id"]), str(res.data.get("invoice_id") or ""))])
        if named or not order_ids.candidates(fc.turn.text):
            frame.slots["order_id"] = str(res.data["order_id"])
            return
    # An invoice issued without a title, or another one named by its id ("re-issue invoice INV-8001"):
    # the order whose issued invoice it is — the one named, else the only one issued.
    issued: list[tuple[str, str]] = []
    for o in fc.orders:
        if _eligible(o):
            st = await fc.tools.invoice_state(fc.customer, str(o["id"]))
            if st.ok and st.data.get("status") == "issued":
                issued.append((str(o["id"]), str(st.data.get("invoice_id") or "")))
    named = _invoice_named(fc.turn.text, issued)
    pick = named or ([issued[0][0]] if len(issued) == 1 else [])
    if len(pick) == 1:
        frame.slots["order_id"] = pick[0]


def _invoice_named(text: str, issued: list[tuple[str, str]]) -> list[str]:
    """The orders of `issued` ((order id, invoice id) pairs) whose invoice id `text` writes."""
    written = {order_ids.canonical(c) for c in order_ids.candidates(text)}
    return [oid for oid, inv in issued if inv and order_ids.canonical(inv) in written]


def _parts(shown: str) -> tuple[str, str | None]:
    """"Nordlicht Rad AG / DE812345678" → the title and the tax id, each on its own line of a confirmation."""
    name, _, tax = shown.partition(" / ")
    if not tax and re.fullmatch(r"[0-9A-Z-]{8,20}", name) and any(ch.isdigit() for ch in name):
        return "", name
    return name, tax or None


async def _confirm(fc: FlowContext, frame: Frame, order: dict[str, Any]) -> Outcome:
    """What will be written, each part on its own, and a yes asked before anything is."""
    lang = fc.lang
    fc.state.last_flow = NAME
    name, tax = _parts(str(frame.slots.get("title_shown") or frame.slots.get("title") or ""))
    state = await fc.tools.invoice_state(fc.customer, str(order["id"]))
    issued = state.ok and state.data.get("status") == "issued"
    inv = str(state.data.get("invoice_id") or "") if state.ok else ""
    what_en = (f"ask a colleague to re-issue invoice {inv} for order {order['id']}" if issued
               else f"request the invoice for order {order['id']}")
    what_zh = f"提交订单 {order['id']} 发票 {inv} 的重开申请" if issued else f"为订单 {order['id']} 申请发票"
    got_en = "; ".join([*([f"title: {name}"] if name else []), *([f"tax number: {tax}"] if tax else [])])
    got_zh = "；".join([*([f"抬头：{name}"] if name else []), *([f"税号：{tax}"] if tax else [])])
    ask_tax = ""
    if name and not tax and not frame.slots.get("personal") and company_name(name):
        # A company title without its tax number: asked for, not silently left out.
        ask_tax = R.t(lang, " No tax number yet — if the company invoice needs one, send it now; otherwise say yes.",
                      "还没有税号——企业发票如需税号，请现在发给我；不需要的话回复“是”。")
    text = R.t(lang, f"To confirm: I'll {what_en} with {got_en}.{ask_tax} Shall I go ahead? (yes/no)",
               f"确认一下：{what_zh}，{got_zh}。{ask_tax}确认提交吗？（是/否）")
    frame.slots["order_id"] = str(order["id"])
    return out(text, frame, "confirm", {"order": order, "pending": NAME})


async def run(fc: FlowContext, frame: Frame) -> Outcome:
    lang = fc.lang
    if frame.step == "confirm":
        if fc.said("deny") or fc.said("cancel_flow"):
            fc.state.finish()
            return out(R.aborted(lang), frame, "aborted", {"order_id": frame.slots.get("order_id")})
        if fc.said("confirm"):
            frame.slots["_confirmed"] = True
    if frame.step == "confirm" and not frame.slots.get("_confirmed") and not fc.said("confirm"):
        asked = await _question_at_confirm(fc, frame)
        if asked is not None:
            return asked
    had = frame.slots.get("order_id")
    take_slots(fc, frame)
    _tax_id_is_no_order(fc, frame, had)
    before = frame.slots.get("title")
    _take_title(fc, frame)
    if frame.slots.get("title") != before:
        frame.slots.pop("_confirmed", None)       # a new or corrected title is confirmed again
    if frame.slots.get("title") and SAME_AS_BEFORE.search(str(frame.slots["title"])):
        frame.slots.pop("title", None)             # "跟上次一样" read as the title itself
        frame.slots.pop("title_shown", None)
    if _same_as_used(fc, frame):
        frame.slots.pop("_confirmed", None)       # the carried title is read back and confirmed
    await _issued_order(fc, frame)
    unpaid = IU.unpaid_order(frame.slots.get("order_id"), fc.orders, [o for o in fc.orders if _eligible(o)])
    if unpaid is not None and fc.customer is not None:
        # Not paid yet: when it can be issued, with the title and tax number kept (never dropped).
        fc.state.finish()
        fc.state.last_order_id = unpaid["id"]
        name, tax = _parts(str(frame.slots.get("title_shown") or frame.slots.get("title") or ""))
        if frame.slots.get("title"):
            CV.remember(fc.state, "invoice_title", str(unpaid["id"]), str(frame.slots["title"]),
                        str(frame.slots.get("title_shown") or ""))
        return out(IU.text(unpaid, name, tax, shop_invoice_text(fc), fc.lang), frame, "refused",
                   {"order": unpaid, "decision": {"code": "not_paid"}})
    CX.narrow_order(fc, frame, [o for o in fc.orders if _eligible(o)])
    order, ask = await resolve_order(fc, frame, _eligible, "invoice", "开发票")
    if ask is not None:
        return ask
    assert order is not None
    fc.state.last_order_id = order["id"]
    await _earlier_title(fc, frame, order)
    if frame.slots.pop("title_missing", None):
        frame.step = "ask_title"
        fc.state.last_flow = NAME
        return out(R.t(lang, f"I can't find an earlier invoice with a title on your account. What title should the "
                             f"invoice for order {order['id']} carry (a company name and tax number, or your name)?",
                       f"您的账户里没有找到之前开过抬头的发票。请问订单 {order['id']} 的发票抬头写什么？（公司名称和税号，或个人姓名）"),
                   frame, "ask_title", {"order": order})
    title = frame.slots.get("title")
    if frame.slots.get("personal") and not title:
        # "开成个人的" with no name yet: the invoice is not requested without the name it carries.
        return _ask_title(fc, frame, order, issued=False)
    if title and not frame.slots.get("_confirmed"):
        # A title the customer gave (or "same as before") is read back and a yes asked first.
        return await _confirm(fc, frame, order)
    fc.state.finish()
    res = await fc.tools.request_invoice(fc.customer, order["id"], title)
    if not res.ok:
        return out(R.refusal(res.code, res.data, order, NAME, lang), frame, "refused",
                   {"order": order, "decision": {"code": res.code, **res.data}})
    if res.data.get("status") == "issued" and (title or frame.slots.get("personal") or C.TITLE_CUE.search(fc.turn.text)
                                               or REISSUE.search(fc.turn.text)):
        # Issued already and the customer wants another title: a person re-issues it. With the
        # title given, the re-issue request goes to them now; without, the title is asked first.
        return await _reissue(fc, frame, order, title, dict(res.data))
    if title:
        CV.remember(fc.state, "invoice_title", str(order["id"]), str(title), str(frame.slots.get("title_shown") or ""))
    text = R.invoice_done(order, res.data, lang, with_title=bool(title), when=shop_invoice_text(fc))
    shown = frame.slots.get("title_shown")
    if title and shown:
        # Read back what was stored, so a mangled title or tax id is caught now, not on the invoice.
        text += R.t(lang, f" On it: {shown}. If anything is wrong, just send the correct details.",
                    f"登记的信息：{shown}。如有错误，直接把正确的信息发给我即可。")
    return out(text, frame, "invoice", {"order": order, "invoice": dict(res.data)})


# "reissue it", "重开一张": a new invoice in place of the one issued.
REISSUE = re.compile(r"re-?issue|re-?do|new invoice|another invoice|重开|重新开|换.{0,2}抬头|改.{0,2}抬头", re.I)


async def _reissue(fc: FlowContext, frame: Frame, order: dict[str, Any], title: str | None,
                   data: dict[str, Any]) -> Outcome:
    lang = fc.lang
    inv = str(data.get("invoice_id") or "")
    key = f"invoice_reissue:{order['id']}"
    case = fc.state.opened.get(key)
    if not case:
        found = await CX.open_case(fc.tools, fc.customer, "invoice_reissue", str(order["id"]))
        case = str(found["id"]) if found else None
    if not title and not case:
        return _ask_title(fc, frame, order, issued=True)
    fc.state.finish()
    shown = str(frame.slots.get("title_shown") or "")   # the redacted form, for the reply and the record
    if case:
        # Asked again right after (or while a colleague has it): the open request, not a second one;
        # a title given now goes onto it.
        fc.state.opened[key] = case
        added = bool(title) and await CX.add_to_case(
            fc.tools, fc.customer, case, fc.turn.text, f"invoice_reissue order={order['id']} invoice={inv} new_title={shown}")
        if added:
            text = R.t(lang, f"The re-issue of invoice {inv} for order {order['id']} is already with a colleague (ticket "
                             f"{case}); I've added the title \"{shown}\" to it, and the new invoice is e-mailed to you.",
                       f"订单 {order['id']} 的发票 {inv} 重开申请已经在同事那里处理（工单号 {case}），新抬头“{shown}”已补充到工单里，"
                       f"重开后会发到您的邮箱。")
        else:
            text = R.t(lang, f"The re-issue of invoice {inv} for order {order['id']} is already with a colleague (ticket "
                             f"{case}); the new invoice is e-mailed to you once it's done.",
                       f"订单 {order['id']} 的发票 {inv} 重开申请已经在同事那里处理（工单号 {case}），重开后会发到您的邮箱。")
        return out(text, frame, "already_open", {"order": order, "invoice": data, "ticket": case, "case_updated": added})
    lines = [f"invoice_reissue order={order['id']} invoice={inv} new_title={shown}"]
    transcript = [f"{r}: {t}" for r, t in fc.history] + [f"user: {fc.turn.text}"] + lines
    tk = await fc.tools.create_ticket(fc.customer, fc.turn.identity, fc.turn.conversation, "invoice_reissue",
                                      transcript, order_id=str(order["id"]))
    ticket = tk.data.get("ticket_id") if tk.ok else None
    if ticket:
        fc.state.opened[key] = str(ticket)
        if title:
            CV.remember(fc.state, "invoice_title", str(order["id"]), title, shown)
    ref = R.t(lang, f" (ticket {ticket})" if ticket else "", f"（工单号 {ticket}）" if ticket else "")
    hours = int(fc.facts.get("service.reply_within_hours", 24))
    issued = R.t(lang, f"Invoice {inv} for order {order['id']} was already issued, so it is re-issued by a colleague. ",
                 f"订单 {order['id']} 的发票 {inv} 已经开具，需要由同事重开。") if inv else ""
    return out(issued + R.t(lang, f"I've asked a colleague to re-issue the invoice for order {order['id']} with the title "
                                  f"\"{shown}\"{ref}; the new e-invoice reaches your e-mail, usually within {hours} hours.",
                            f"已为您提交重开发票申请{ref}：订单 {order['id']}，新抬头“{shown}”。同事处理后会把新的电子发票发到您的邮箱，"
                            f"一般 {hours} 小时内。"),
               frame, "reissue", {"order": order, "invoice": data, "ticket": ticket})
