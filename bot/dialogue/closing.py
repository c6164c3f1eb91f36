"""A goodbye, a thanks or "never mind" while a request waits for its yes (issue #13).

"thanks, bye", "ok thanks that's all", "好的谢谢 再见", "算了 不用了" to "Shall I cancel order X?":
the customer is leaving, not agreeing. An "ok" / "好的" in such a message is the polite opener of
the goodbye, never the yes to the write. The bot says plainly that nothing was changed, the
waiting request is dropped (so the next message cannot carry it out), and a change offered back
later is dropped too. A message with an explicit yes ("yes please, thanks", "确认，谢谢") or
anything else in it (a question, a detail) is not a closing and goes to the usual rules.

    closes(text) -> bool
    never_mind(text) -> bool             # "算了 never mind": a dismissal, also with nothing waiting
    only_thanks(text) -> bool            # "ok thanks" / "谢谢": no farewell word, so the request stays
    yes_with_thanks(text) -> bool        # "ok thanks" / "好的，谢谢" / "就这样吧": a yes at a confirmation
    closed_reply(what, lang) -> str      # `what`: the dropped request in a few words, or ""
"""
from __future__ import annotations

import re

from bot.dialogue import texts as T

# The words a closing is made of (general words of each language; nothing shop-specific).
_PARTS = re.compile(
    r"(thank you(?: so much| very much| a lot)?|thanks(?: a lot| so much| very much)?|thx|ty|cheers|"
    r"(?:good)?bye(?: ?bye)?|see (?:you|ya)|cya|that'?s all(?: for now)?|that is all|that'?ll be all|"
    r"nothing else|i'?m good|all good|never ?mind|forget (?:it|about it)|no thanks?|no need|"
    r"ok(?:ay)?|alright|fine|well|then|for (?:now|your help|the help)|anyway|have a (?:good|nice|great) (?:day|one)|"
    r"谢谢(?:你|您)?(?:了|啦)?|多谢|感谢|再见|拜拜|88|就这样(?:吧)?|没事了|没别的了|没有了|不用了|算了|那算了|"
    r"好的|好吧|行吧|嗯|哦|啊|呀|吧|了|先这样)", re.I)
# A farewell or a dismissal: the customer is done with the request, not only polite.
_DISMISS_WORDS = (r"bye|see (?:you|ya)|cya|that'?s all|that is all|that'?ll be all|nothing else|i'?m good|all good|"
                  r"never ?mind|forget|no thanks?|no need|have a|再见|拜拜|88|就这样|没事了|没别的了|没有了|不用了|算了|先这样")
_DISMISS = re.compile(f"({_DISMISS_WORDS})", re.I)
# The customer leaving: a thanks or a farewell must be in it ("ok" alone is a yes, not a goodbye).
_LEAVING = re.compile(rf"(thank|thx|\bty\b|cheers|谢|感谢|{_DISMISS_WORDS})", re.I)
# An explicit yes: the request is wanted ("yes thanks", "go ahead, thank you", "确认 谢谢").
_YES = re.compile(r"\b(yes|yep|yeah|yup|sure|go ahead|do it|please do|confirm\w*|proceed|cancel it|please)\b|"
                  r"确认|确定|是的|办吧|可以|麻烦|没问题|同意|提交", re.I)


def closes(text: str) -> bool:
    """True when the whole message is a thanks / goodbye / never-mind and nothing else."""
    if not _LEAVING.search(text) or _YES.search(text):
        return False
    rest = _PARTS.sub(" ", text.lower())
    return not re.sub(r"[\W_]+", "", rest)


_NEVER_MIND = re.compile(r"never ?mind|forget|no need|算了|不用了|没事了|先这样", re.I)


def never_mind(text: str) -> bool:
    """The whole message is a never-mind ("算了 never mind", "不用了", "forget it"), in any mix of languages."""
    return closes(text) and bool(_NEVER_MIND.search(text))


def only_thanks(text: str) -> bool:
    """A closing made only of thanks and an "ok" ("ok thanks", "好的谢谢", "谢谢").

    Said to "Shall I cancel order X?", it can be a yes as well as a goodbye (in Chinese "好的谢谢" is
    often agreement): writing on it risks an unwanted change, dropping it loses a wanted one, so the
    request stays open and the bot asks once more.
    """
    return closes(text) and not _DISMISS.search(text)


# The short agreeing words of a thanks-only message ("ok thanks", "好的，谢谢", "行，谢谢"): with one of
# them the thanks is said to the proposal, i.e. a yes; a bare "thanks" / "谢谢" stays ambiguous.
_AGREE = re.compile(r"\b(?:ok(?:ay)?|alright|fine)\b|好的?|行|嗯嗯?|对", re.I)


# "就这样(吧)" / "那就这么办" said to a proposal settles it ("let's go with that"); said with a farewell
# ("就这样吧，再见") or after nothing was proposed it is "that's all".
_SETTLE = re.compile(r"那?就(?:这样|这么办|按这个)(?:吧|啊|呀|喔|哦)?")


def yes_with_thanks(text: str) -> bool:
    """An "ok" / "好的" with a thanks and no farewell: the customer agrees (issue #13: a yes with a
    thanks attached is a yes; only a farewell or a dismissal drops the request). "就这样" without
    any other dismissal is a yes to the proposal too (the engine asks this at a confirmation only)."""
    if closes(text) and _SETTLE.search(text) and not _DISMISS.search(_SETTLE.sub(" ", text)):
        return True
    return only_thanks(text) and bool(_AGREE.search(text))


def closed_reply(what: str, lang: str) -> str:
    """Nothing was changed (the dropped request named when it can be), and a polite goodbye."""
    if what:
        return T.t(lang, f"No problem — I haven't changed anything ({what} was not done). If you need it later, "
                         f"just message me here. Have a great day!",
                   f"好的，我没有做任何修改（{what}未办理）。之后需要的话随时在这里找我，祝您生活愉快！")
    return T.t(lang, "No problem — I haven't changed anything. If you need anything later, just message me here. "
                     "Have a great day!", "好的，我没有做任何修改。之后需要的话随时在这里找我，祝您生活愉快！")
