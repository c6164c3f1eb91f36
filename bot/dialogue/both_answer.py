"""#13: "yes both" / "两个都确认" answering two proposals that wait for the same yes (joint.py).
There "both" counts the proposals, not the units of a line: it confirms each of them and is never
read as a quantity ("all" of a line, or two units). Where the bot asked about units ("how many of
the two?") the flows still read "both" as every unit ordered; this reading applies only at a
confirmation with more than one proposal waiting."""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# A yes word, in either language, that may open or close the "both".
_YES = (r"(?:yes|yep|yeah|yup|sure|ok|okay|please|confirm(?:ed)?|go ahead|do it|correct|right|fine|"
        r"是的?|对的?|好的?|嗯|可以|行|确认|确定|同意|没问题|要的?|办吧?|改吧?|弄吧?|麻烦了)")
# "both", "both of them", "to both", "do both", "两个都", "两项都", "都": the proposals together.
_BOTH = (r"(?:(?:yes\s+)?(?:to\s+|do\s+|make\s+|for\s+)?(?:both|all)(?:\s+of\s+(?:them|those|these))?"
         r"(?:\s+(?:changes|requests|things|ones|of them))?|"
         r"(?:两个|两项|两样|两件事|俩|全部|都)\s*都?)")
_SEP = r"[\s,，.。!！~、;；]*"
_WHOLE = re.compile(rf"^{_SEP}(?:{_YES}{_SEP})*{_BOTH}{_SEP}(?:{_YES}{_SEP})*(?:thanks?|thank you|谢谢|please)?{_SEP}$",
                    re.I)


def confirms_both(text: str) -> bool:
    """`text` is nothing but a yes to every proposal ("yes both", "both, yes please", "yes to
    both", "两个都确认", "都可以", "两项都要"): no other request, value or count in it."""
    return bool(_WHOLE.match((text or "").strip().lower()))


# The slot that marks a proposal made together with another one (joint.JOINT; not imported, so
# this reader stays free of the flows).
_JOINT = "_joint"


def two_waiting(flow: str | None, slots: Mapping[str, Any]) -> bool:
    """More than one proposal waits for this yes: proposals made together (joint.py), or an item
    change that carries a new address or payment method in the same confirmation."""
    if slots.get(_JOINT):
        return True
    return flow == "modify_order" and bool(slots.get("swaps")) and bool(slots.get("address") or slots.get("pm_id"))
