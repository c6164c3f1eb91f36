"""The line kept at a removal's confirmation, corrected (#13 edits14).

"To confirm: remove the black jacket; keep the navy one" — "sorry, the other way round: keep the
black one and remove the navy" / "说反了，留黑色的，navy那件不要" / "不對，留安全帽，自行車拿掉": the
lines the message says to keep leave the removal, the lines it says to take out join it, and "the
other way round" alone swaps what goes and what stays. The proposal is redone from that, never
read as a further removal (which would leave nothing and offer to cancel the order) nor as an
option correction of the line (its colour word names the line, it is no wish).

    skus = kept_lines.regroup(text, order, removed, catalogue)   # None: the message does not regroup

Lines are named by the shop's own data (names, categories, option values of the order's lines),
never by a word list of products."""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.dialogue import matching as M

# "keep the black one", "留黑色的", "自行車留著", "保留水壶", "the helmet stays", "leave the bike on".
_KEEP = re.compile(r"\bkeep\b|\bkeeping\b|\bstays?\b|\bleave (?:the|my)\b.{0,30}\b(?:on|in)\b|\bhold on to\b|"
                   r"保留|留着|留著|留下|留|不动|不變|不变", re.I)
# "remove the navy", "navy那件不要", "自行車拿掉", "drop the bike".
_DROP = re.compile(r"不要了|不要|去掉|删掉|删除|拿掉|减掉|取消|\bremove\b|\bdrop\b|\bdelete\b|take .{0,20}\b(?:off|out)\b|"
                   r"don'?t (?:want|need)|\bcan go\b|\bget rid of\b|\bcancel\b", re.I)
# "the other way round", "vice versa", "说反了", "搞反了", "反过来".
_REVERSED = re.compile(r"\bother way (?:a)?round\b|\bthe opposite\b|\bvice versa\b|\bbackwards\b|\bswap (?:them|those)\b|"
                       r"\bthe reverse\b|反了|说反|搞反|弄反|反过来|相反|倒过来", re.I)
_CLAUSE = re.compile(r"[,，;；:：.。!！?？、]+|\band\b|\bbut\b|然后|再|并且|而且|但是?")


def _named(clause: str, order: Mapping[str, Any], catalogue: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """The skus of `order` a clause names: by name, category or a part of the name (the matcher),
    a tie between same-product lines cut by the option value said with it, else a line named
    only by its own option value ("黑色的", "the navy")."""
    from bot.dialogue.line_by_value import line_named_by_value
    from bot.dialogue.tied_lines import narrow
    refs = M.match_items(clause, [order], catalogue)
    if refs:
        top = max(r.score for r in refs)
        refs = [r for r in refs if r.score >= top - 1.0]
        refs = narrow(clause, refs, [order], catalogue) if len(refs) > 1 else refs
    skus = {str(r.sku) for r in refs}
    if len(skus) != 1:
        by_value = line_named_by_value(clause, order, catalogue)
        if by_value:
            return {by_value}
    return skus


def regroup(text: str, order: Mapping[str, Any], removed: Sequence[str],
            catalogue: Mapping[str, Mapping[str, Any]]) -> list[str] | None:
    """The skus the removal takes out after `text`, given the `removed` ones proposed (None: the
    message neither keeps a removed line nor swaps what goes and what stays). Whole lines only;
    the result always leaves at least one line (taking everything out is a cancellation, which
    the flow offers on its own)."""
    lines = [str(i.get("sku")) for i in order.get("items") or []]
    gone = [s for s in removed if s in lines]
    if len(lines) < 2 or not gone:
        return None
    keep: set[str] = set()
    drop: set[str] = set()
    for clause in (c.strip() for c in _CLAUSE.split(text or "")):
        if not clause:
            continue
        named = _named(clause, order, catalogue)
        if not named:
            continue
        if _KEEP.search(clause) and not _DROP.search(clause):
            keep |= named
        elif _DROP.search(clause) and not _KEEP.search(clause):
            drop |= named
    reversed_ = bool(_REVERSED.search(text or ""))
    if not keep & set(gone) and not (reversed_ and not keep and not drop):
        return None                 # no removed line kept: a further removal or something else
    if keep or drop:
        after = (set(gone) - keep) | (drop - keep)
        if reversed_ and not drop:
            after |= set(lines) - set(gone) - keep
    else:
        after = set(lines) - set(gone)
    result = [s for s in lines if s in after]
    if not result or len(result) == len(lines) or set(result) == set(gone):
        return None
    return result
