"""Several changes asked in one message ("charge it to my Amex, and change the jacket to L";
"ship it to my office, and make that my default address"): proposed together and confirmed with
one yes. Each change keeps its own flow, frame and confirmation step; this module only runs the
queued changes' proposals right after the first one's, marks them `_joint`, and, when the
customer answers, applies the same yes (or no) to each of them.

    out, queued = await propose_together(run, fc, out, queued, first)
    handled = await answer_joint(run, fc, frame)     # None: not a joint frame, offer it back
"""
from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import Any

from bot.dialogue import texts as T
from bot.dialogue.flows.base import FlowContext
from bot.dialogue.legacy import Outcome
from bot.dialogue.state import Frame

# Flows whose proposal can wait beside another one for the same yes.
JOINT_FLOWS = ("modify_order", "change_payment", "change_address", "default_address")
# Look-ups asked in the same message as a change: they write nothing, so they are answered at once.
READ_ONLY = ("order_status", "policy_info", "delivery_info", "product_info", "refund_status")
JOINT = "_joint"

Run = Callable[[FlowContext, Frame], Awaitable[Outcome]]
Scope = Callable[[FlowContext, str], None]


def _both_note(lang: str) -> str:
    return T.t(lang, '\n\nReply "yes" to make both changes, or tell me which one you want.',
               "\n\n回复“确认”两项都办理，或告诉我只办哪一项。")


def _written_order(fc: FlowContext, piece: str) -> None:
    """A queued change whose own words write one order id ("… change the delivery address of
    C-4Q3P to …, and make it my default") is about that order when no other order was read for it:
    never "which order?" about an id the customer just wrote."""
    from bot.dialogue.commands import Understood, set_slot
    from bot.shop import order_ids
    written = order_ids.find_known(piece, [str(o["id"]) for o in fc.orders]) if piece else []
    u = fc.understood
    slots = {k: v for c in u.commands if c.name == "set_slot" for k, v in c.args.items()}
    if len(written) != 1 or slots.get("order_id"):
        return
    slots["order_id"] = written[0]
    cmds = [c for c in u.commands if c.name not in ("set_slot", "correct_slot")]
    fc.understood = Understood((*cmds, set_slot(**slots)), u.confidence, u.source, u.reasons)


def _own_order(fc: FlowContext, piece: str) -> None:
    """A look-up's clause that writes its own order id ("where's K30419?") is about that order,
    not the one the change named; the change's own slots (lines taken out, counts) stay with it."""
    from bot.dialogue.commands import Understood, set_slot
    from bot.shop import order_ids
    written = order_ids.find_known(piece, [str(o["id"]) for o in fc.orders]) if piece else []
    u = fc.understood
    slots = {k: v for c in u.commands if c.name == "set_slot" for k, v in c.args.items()
             if k not in ("remove", "lines_out", "qty", "all")}
    if written:
        slots["order_id"] = written[0]
        slots.pop("items", None)
    elif slots.get("order_id") and slots.get("items"):
        # "change the shoes to 43, also was my power bank delivered?": the clause's own items are
        # on another order than the change's — the look-up is about theirs.
        kept = [i for i in slots["items"] if isinstance(i, dict) and not i.get("excluded")]
        if kept and all(str(i.get("order_id")) != str(slots["order_id"]) for i in kept):
            slots.pop("order_id")
    cmds = [c for c in u.commands if c.name not in ("set_slot", "correct_slot")]
    if slots:
        cmds.append(set_slot(**slots))
    fc.understood = Understood(tuple(cmds), u.confidence, u.source, u.reasons)


async def propose_together(run: Run, scope: Scope, fc: FlowContext, out: Outcome, queued: list[Frame],
                           first: Frame) -> tuple[Outcome, list[Frame]]:
    """The first change waits for its yes: propose each queued change now too. A queued change
    that reaches its own confirmation is marked joint; one refused (or answered) right away says
    so and is dropped; one that needs a question first stays queued, untouched."""
    together = first.step == "confirm" and first.flow in JOINT_FLOWS
    if not together and first.step == "confirm" and not any(q.flow in READ_ONLY and q.step == "start"
                                                            for q in queued):
        # Another kind of confirmation (an invoice, a return): the other requests wait for it. A
        # look-up of the same message is still answered now (below): paused look-ups are never
        # offered back, so "invoice …, and where is my tent?" would lose the question.
        return out, queued
    # The first waits for a detail (which colour? which order?): a look-up of the same message is
    # answered now, not dropped once the detail comes (paused look-ups are never offered back).
    st = fc.state
    keep: list[Frame] = []
    answer, facts, joined = out.answer, dict(out.facts), False
    turn, understood = fc.turn, fc.understood
    for q in queued:
        if q.flow in READ_ONLY and q.step == "start":
            # "drop the stove, and when will it ship?": a look-up writes nothing, so it is answered
            # now, before the change's own question; never left silently for later.
            piece = str(q.slots.pop("_text", "") or "")
            st.frame = q
            if piece:
                fc.turn = dataclasses.replace(turn, text=piece)
            scope(fc, piece)
            _own_order(fc, piece)
            looked = await run(fc, q)

            fc.turn, fc.understood = turn, understood
            st.frame = first
            if q.step in ("done", "answered", "refused") or looked.answer and q.step not in ("choose_order", "choose_items"):
                answer = looked.answer + "\n\n" + answer
                facts = {**facts, **{k: v for k, v in looked.facts.items() if k not in facts}}
            else:
                q.step, q.slots["_text"] = "start", piece
                keep.append(q)
            continue
        if not together or q.flow not in JOINT_FLOWS or q.step != "start":
            keep.append(q)
            continue
        saved = Frame(q.flow, q.step, dict(q.slots), q.asked)
        piece = str(q.slots.pop("_text", "") or "")
        st.frame = q
        if piece:
            fc.turn = dataclasses.replace(turn, text=piece)
        scope(fc, piece)
        _written_order(fc, piece)
        nxt = await run(fc, q)
        fc.turn, fc.understood = turn, understood
        st.frame = first
        if q.step == "confirm":
            q.slots[JOINT] = True
            keep.append(q)
            answer += "\n\n" + nxt.answer
            facts = {**nxt.facts, **facts}
            joined = True
        elif q.step in ("refused", "done", "already_set", "aborted"):
            answer += "\n\n" + nxt.answer
        else:
            keep.append(saved)           # it needs a question of its own: asked after the first
    if joined:
        first.slots[JOINT] = True
        answer += _both_note(fc.lang)
    return Outcome(answer, facts=facts, handoff=out.handoff, step=out.step, intent=out.intent,
                   knowledge_query=out.knowledge_query), keep


async def answer_joint(run: Run, fc: FlowContext, frame: Frame) -> Outcome | None:
    """A paused change proposed together with the one just answered: the same yes makes it, the
    same no drops it (an empty answer). None when `frame` was not proposed jointly."""
    if not frame.slots.get(JOINT) or frame.step != "confirm":
        return None
    if fc.said("confirm"):
        fc.state.frame = frame
        return await run(fc, frame)
    if fc.said("deny") or fc.said("cancel_flow"):
        return Outcome("", step="aborted")
    return None


def any_joint(frames: list[Any]) -> bool:
    return any(getattr(f, "slots", {}).get(JOINT) for f in frames)
