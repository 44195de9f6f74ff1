"""Supporting ideas. One vote per resident per idea is the table's primary key.

A tap says what the resident wants ("support" from a 👍 button, "withdraw" from a ✅
one), so two taps on the same stale button give the same answer instead of undoing each
other. Each tap is one statement on the vote, in the caller's one transaction; whether
the idea may be supported (open, and not the resident's own) is part of the statement
itself, so no read-then-write race can let a vote in on a closed idea. The database does
the rest in the same transaction (migration 010): supporting follows the idea,
withdrawing unfollows it unless the resident wrote it, and the idea's support count
follows its votes.
"""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import and_, bindparam, delete, exists, or_, select

from bot.services.ideas import IdeaView
from db.driver import Executes
from db.models import CLOSED_STATUSES, Idea, IdeaVote
from db.queries import per_dialect
from db.types import utc_now

__all__ = [
    "VoteOutcome",
    "tap_outcome",
    "toggle_vote",
]


class VoteOutcome(StrEnum):
    ADDED = "added"
    WITHDRAWN = "withdrawn"
    UNAVAILABLE = "unavailable"
    CLOSED = "closed"
    # An author's idea stands for them already: counting their support would count them
    # twice, and list them among its supporters in the export.
    OWN_IDEA = "own_idea"


# Core tables, not ORM entities: statements executed with parameters stay plain SQL.
# Each returns what it touched, so the driver path counts rows in one round trip.
_votes = IdeaVote.__table__
_ideas = Idea.__table__
_IDEA = bindparam("idea_id")
_RESIDENT = bindparam("resident_id")
# Written out rather than NOT IN: these statements are compiled once (db.driver).
_OPEN_IDEA = and_(
    _ideas.c.id == _IDEA,
    _ideas.c.hidden.is_(False),
    *(_ideas.c.status != status for status in sorted(CLOSED_STATUSES)),
)


# The statement builders run once, at import: mutmut forks its mutants later and can never
# switch theirs on. What the statements do is checked by tests/rules/test_idea_rules.py.
def _add_vote(dialect: object) -> object:  # pragma: no mutate block, built at import
    """Insert the vote if the idea is open and someone else's; a vote already there is
    left as it is."""
    chosen = select(_ideas.c.id, _RESIDENT, bindparam("now", type_=_votes.c.created_at.type))
    someone_elses = or_(_ideas.c.author_id.is_(None), _ideas.c.author_id != _RESIDENT)
    return (
        dialect.insert(_votes)  # type: ignore[attr-defined]
        .from_select(
            ["idea_id", "resident_id", "created_at"], chosen.where(_OPEN_IDEA, someone_elses)
        )
        .on_conflict_do_nothing()
        .returning(_votes.c.idea_id)
    )


_ADD_VOTE = per_dialect(_add_vote)
_WITHDRAW = (
    delete(_votes)
    .where(
        _votes.c.idea_id == _IDEA,
        _votes.c.resident_id == _RESIDENT,
        exists().where(_OPEN_IDEA),
    )
    .returning(_votes.c.idea_id)
)


async def _withdraw(session: Executes, params: dict[str, object]) -> bool:
    return bool((await session.execute(_WITHDRAW, params)).all())


async def _add(session: Executes, params: dict[str, object]) -> bool:
    add_vote = _ADD_VOTE[session.get_bind().dialect.name]
    return bool((await session.execute(add_vote, {**params, "now": utc_now()})).all())


async def toggle_vote(
    session: Executes, idea_id: int, resident_id: int, *, support: bool | None = None
) -> bool:
    """Support the idea (``support``), withdraw the support (not ``support``), or, for
    a button from before taps said which, do whichever undoes the resident's current state.

    Returns whether anything changed; ``tap_outcome`` tells the resident what it means.
    """
    params = {"idea_id": idea_id, "resident_id": resident_id}
    if support is None:
        return await _withdraw(session, params) or await _add(session, params)
    return await (_add if support else _withdraw)(session, params)


def tap_outcome(view: IdeaView | None) -> VoteOutcome:
    """What a tap on an idea's support button ended in, read from the idea after it."""
    if view is None or not view.visible_to_residents:
        return VoteOutcome.UNAVAILABLE
    if view.is_mine and not view.supported_by_me:
        return VoteOutcome.OWN_IDEA
    if not view.open_for_support:
        return VoteOutcome.CLOSED
    return VoteOutcome.ADDED if view.supported_by_me else VoteOutcome.WITHDRAWN
