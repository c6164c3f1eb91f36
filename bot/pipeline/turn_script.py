"""The customer's Chinese script for one turn: the working form the dialogue reads, the reply
form the customer gets, and their own words for what is written to the shop.

The dialogue understands simplified text only (every cue is written in it), so a traditional
message is understood as its simplified form. What goes back to the customer — the reply, and
free text written to the shop (an address, an invoice title, a return reason) — is in their own
script: a span of this turn (or a recent one) is mapped back to exactly what they wrote, other
text converted with OpenCC.

    ts = TurnScript.of(redacted, state)       # remembers state["script"]; no evidence keeps it
    ts = TurnScript.of(redacted, state, shop="hant")   # no evidence at all yet: the shop's own script
    ts.working                                # the simplified text the dialogue reads
    ts.reply(text, "zh")                      # the reply in the customer's script
    ts.own(text)                              # their own writing of a span of what they said
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.lang import script as S
from bot.lang.cantonese import to_mandarin

_HAN = re.compile(r"[\u3400-\u9fff]")
_KEEP = 6        # recent traditional messages kept (redacted) to map a span back to its writing


@dataclass
class TurnScript:
    original: str                     # the redacted message as written
    working: str                      # its simplified form: what everything that understands reads
    script: str | None                # "hant" / "hans": this turn's evidence, else the conversation's
    variant: str = "tw"               # "hk" for a Cantonese writer
    said: list[list[str]] = field(default_factory=list)   # [working, original] of recent turns
    # the conversation's placeholders back to their values: a write holds the values restored
    restore: Callable[[str], str] = field(default=lambda text: text, repr=False)

    @classmethod
    def of(cls, redacted: str, state: dict[str, Any],
           restore: Callable[[str], str] | None = None, shop: str | None = None) -> TurnScript:
        """This turn's script, remembered in `state` ("script", "zh_variant", "hant_said").

        Written Cantonese (嘅, 咗, 冇 …) is a Hong Kong writer's: traditional even when every other
        character is shared by both scripts. A Chinese message with no evidence in a conversation
        that has none yet ("我要找真人客服", "SO1234的地址要改") is answered in `shop`, the script
        the shop writes its catalogue in (routezh14: a traditional shop's first reply was simplified);
        that guess is not remembered, so the customer's first evidence decides."""
        # written Cantonese is a Hong Kong writer's traditional script even when no character tells
        own = S.script_of(redacted) or ("hant" if S.written_cantonese(redacted) else None)
        script = own or state.get("script") or (shop if _HAN.search(redacted or "") else None)
        if own:
            state["script"] = own
        variant = S.variant_of(redacted) or state.get("zh_variant") or "tw"
        if variant == "hk":
            state["zh_variant"] = "hk"
        working = S.to_simplified(redacted)
        if variant == "hk":
            # written Cantonese ("仲有冇货", "寄咗去边度"): read in the Mandarin every cue is written in
            # (facts14b: in a Hong Kong writer's conversation a short "係" / "啱" is theirs too)
            working = to_mandarin(working)
        said = [list(p) for p in state.get("hant_said") or [] if isinstance(p, list | tuple) and len(p) == 2]
        if working != redacted:
            said = ([[working, redacted]] + said)[:_KEEP]
            state["hant_said"] = said
        return cls(redacted, working, script, variant, said, restore or (lambda text: text))

    @property
    def traditional(self) -> bool:
        return self.script == "hant"

    def reply(self, text: str, language: str, keep: Iterable[str] = ()) -> str:
        """The reply in the customer's script: a Chinese reply to a traditional writer converted
        (placeholders, ids and numbers untouched; `keep`, the shop's own words, exactly as the
        shop writes them); a simplified writer gets traditional shop words folded to simplified;
        English as is."""
        if language != "zh" or not _HAN.search(text or ""):
            return text
        if self.traditional:
            out = S.to_traditional(text, self.variant)
            for word in keep:
                # the character-by-character way back is ambiguous (面/麵, 台/臺): undo it on shop words
                for converted in {S.to_traditional(word, self.variant), S.to_traditional(S.fold(word), self.variant)}:
                    if converted != word and converted in out:
                        out = out.replace(converted, word)
            if "臺" in out and not any("臺" in o for _, o in self.said) and not any("臺" in w for w in keep):
                out = out.replace("臺", "台")      # everyday Taiwan writing (台北, 台灣) unless they wrote 臺
            return out
        if self.script == "hans" and S.script_of(text) == "hant":
            return S.to_simplified(text)
        return text

    def own(self, text: str) -> str:
        """`text` (a span of the working form, placeholders in it or already restored) as the
        customer wrote it: found in this or a recent message, their exact characters; else
        converted to their script."""
        if not self.traditional or not text or not _HAN.search(text):
            return text
        for working, original in self.said:
            # placeholders are ASCII and unchanged by the conversion, so both forms stay aligned
            # position by position once restored with the same values
            for w, o in ((working, original), (self.restore(working), self.restore(original))):
                if len(w) != len(o):
                    continue            # no one-to-one positions to map back through
                at = w.find(text)
                if at >= 0:
                    return o[at:at + len(text)]
        return S.to_traditional(text, self.variant)
