"""A resident's tap on a poll option: the hottest path on the night a poll goes out.

Single choice replaces the answer; multiple choice toggles the option. A tap on an option
the poll does not have changes nothing, nor does any tap once the poll is closed. A poll
for one language's residents is answered by those in that language and by those it was
sent to who have chosen another language since (one more statement, on that path only).

One unit of work of two statements: the counts (with the resident's own choices and
whether the poll was closed by hand), then the tap itself, written into the ``poll_taps``
view whose trigger writes the answer row (a unique key per poll and resident, only while
the poll is open) and the one choice that changed (added, moved to the new option, or
removed); or, when the last choice goes, the answer deleted. With the resident read
behind every update that makes three. What never changes after a poll is sent (its texts,
options, kind and deadline) is read once and kept in ``PollShapes``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from cachetools import LRUCache
from sqlalchemy import (
    Integer,
    and_,
    bindparam,
    delete,
    literal,
    null,
    select,
    union_all,
)

from bot.services.polls import PollResults
from db.driver import Executes
from db.models import (
    Broadcast,
    Delivery,
    DeliveryState,
    Poll,
    PollAnswer,
    PollChoice,
    PollOption,
    poll_is_closed,
    poll_taps,
)

__all__ = ["AnswerOutcome", "PollShape", "PollShapes", "PollTap", "answer_poll"]

_polls = Poll.__table__
_answers = PollAnswer.__table__
_choices = PollChoice.__table__
_options = PollOption.__table__
_broadcasts = Broadcast.__table__
_deliveries = Delivery.__table__


class AnswerOutcome(StrEnum):
    SAVED = "saved"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    REMOVED = "removed"
    CLOSED = "closed"
    NO_SUCH_OPTION = "no_such_option"


@dataclass(frozen=True, slots=True)
class PollShape:
    """What a poll is once sent; nothing here changes, so it may be kept in memory."""

    id: int
    question: dict[str, str]
    options: tuple[tuple[int, dict[str, str]], ...]
    multiple_choice: bool
    shows_results: bool
    closes_at: datetime | None
    # Only residents in this language may answer (None: everyone).
    audience_language: str | None = None

    def has_option(self, option_id: int) -> bool:
        return any(option == option_id for option, _texts in self.options)


# A bound on memory, not a rule: polls tapped together at one time are far fewer.
SHAPES_KEPT = 64


class PollShapes:
    """The shapes of recently tapped polls, read from the database once each."""

    def __init__(self, size: int = SHAPES_KEPT) -> None:
        self._shapes: LRUCache[int, PollShape] = LRUCache(maxsize=size)

    async def get(self, session: Executes, poll_id: int) -> PollShape | None:
        shape = self._shapes.get(poll_id)
        if shape is None:
            shape = await _load_shape(session, poll_id)
            if shape is None:
                return None
            self._shapes[poll_id] = shape
        return shape


_POLL_SHAPE = select(
    _polls.c.question,
    _polls.c.multiple_choice,
    _polls.c.shows_results,
    _polls.c.closes_at,
    _polls.c.audience_language,
).where(_polls.c.id == bindparam("poll_id"))
_OPTIONS = (
    select(_options.c.id, _options.c.texts)
    .where(_options.c.poll_id == bindparam("poll_id"))
    .order_by(_options.c.position)
)


async def _load_shape(session: Executes, poll_id: int) -> PollShape | None:
    poll = (await session.execute(_POLL_SHAPE, {"poll_id": poll_id})).first()
    if poll is None:
        return None
    options = await session.execute(_OPTIONS, {"poll_id": poll_id})
    return PollShape(poll_id, poll[0], tuple(map(tuple, options)), *poll[1:])


@dataclass(frozen=True, slots=True)
class PollTap:
    outcome: AnswerOutcome
    chosen: frozenset[int]
    results: PollResults
    closed: bool


# The handler reads only the outcome of a refused tap: it shows no card for it.
_NO_SUCH_OPTION = PollTap(AnswerOutcome.NO_SUCH_OPTION, frozenset(), PollResults(), False)

_POLL = bindparam("poll_id")
_RESIDENT = bindparam("resident_id")
# One row with the number of respondents and whether the poll was closed by hand, then a
# row per option with its count and whether this resident chose it. The counts are kept
# by the database (migration 010), so reading them costs the same for the first
# respondent as for the 4,500th.
_MINE = (
    select(_choices.c.option_id)
    .join(_answers, _answers.c.id == _choices.c.answer_id)
    .where(
        _answers.c.poll_id == _POLL,
        _answers.c.resident_id == _RESIDENT,
        _choices.c.option_id == _options.c.id,
    )
    .exists()
)
_COUNTS = union_all(
    select(
        null().cast(Integer).label("option_id"),
        _polls.c.respondent_count.label("count"),
        literal(False).label("mine"),
        _polls.c.closed_at,
    ).where(_polls.c.id == _POLL),
    select(_options.c.id, _options.c.chosen_count, _MINE, null()).where(
        _options.c.poll_id == _POLL
    ),
)


# The poll reached this resident: they may answer it though they have since chosen
# another language than the poll's audience.
_SENT_TO = (
    select(literal(True))
    .select_from(_deliveries.join(_broadcasts))
    .where(
        _deliveries.c.resident_id == _RESIDENT,
        _deliveries.c.state == DeliveryState.SENT,
        _broadcasts.c.kind == "poll",
        _broadcasts.c.content["poll_id"].as_integer() == _POLL,
    )
    .limit(1)
)


# A tap's write: the answer (while the poll is open) and the one change of its choices, in
# one statement (the view's trigger, migration 016). On PostgreSQL no row comes back when
# the poll was closed by hand since the counts were read.
_TAP = poll_taps.insert().returning(poll_taps.c.poll_id)
_REMOVE_ANSWER = delete(_answers).where(
    and_(_answers.c.poll_id == _POLL, _answers.c.resident_id == _RESIDENT)
)


def _change(shape: PollShape, chosen: frozenset[int], option_id: int) -> str:
    """The one change a tap makes to a resident's choices (the view's ``change``)."""
    # Only a toggle in a multiple-choice poll takes the tapped option out (the last one
    # too); a single choice always keeps the option tapped.
    if shape.multiple_choice:
        return "remove" if option_id in chosen else "add"
    return "move" if chosen else "add"


# What the pop-up says of each change.
_OUTCOME_OF_CHANGE = {
    "add": AnswerOutcome.SAVED,
    "move": AnswerOutcome.CHANGED,
    "remove": AnswerOutcome.REMOVED,
}


def _closed(chosen: frozenset[int], results: PollResults) -> PollTap:
    """The tap came too late: nothing changed, and the card shows the poll closed."""
    return PollTap(AnswerOutcome.CLOSED, chosen, results, True)


def _counted(results: PollResults, before: frozenset[int], after: frozenset[int]) -> PollResults:
    """The counts read before the tap, with the tap itself applied."""
    per_option = Counter(results.per_option)
    per_option.subtract(before - after)
    per_option.update(after - before)
    respondents = results.respondents + (not before and bool(after)) - (bool(before) and not after)
    return PollResults(respondents=respondents, per_option=+per_option)


async def answer_poll(
    session: Executes,
    shape: PollShape,
    option_id: int,
    *,
    resident_id: int,
    language: str,
    now: datetime,
) -> PollTap:
    """One tap on an option, in the caller's transaction."""
    if not shape.has_option(option_id):
        return _NO_SUCH_OPTION
    params: dict[str, Any] = {"poll_id": shape.id, "resident_id": resident_id}
    if shape.audience_language not in (None, language) and not await session.scalar(
        _SENT_TO, params
    ):
        # A forged tap on a poll meant for another language has no option for this resident.
        return _NO_SUCH_OPTION
    results, before, closed_at = PollResults(), set(), None
    for row in await session.execute(_COUNTS, params):
        if row.option_id is None:
            results.respondents, closed_at = row.count, row.closed_at
            continue
        if row.count:
            results.per_option[row.option_id] = row.count
        if row.mine:
            before.add(row.option_id)
    chosen = frozenset(before)
    if poll_is_closed(closed_at, shape.closes_at, now):
        return _closed(chosen, results)
    after = chosen ^ {option_id} if shape.multiple_choice else frozenset({option_id})
    if after == chosen:
        return PollTap(AnswerOutcome.UNCHANGED, chosen, results, False)
    change = _change(shape, chosen, option_id)
    if not after:
        await session.execute(_REMOVE_ANSWER, params)
    else:
        tap = {
            **params,
            "language": language,
            "answered_at": now,
            "option_id": option_id,
            "change": change,
        }
        written = await session.execute(_TAP, tap)
        if written.first() is None:
            # Closed by hand between the count and now.
            return _closed(chosen, results)
    return PollTap(_OUTCOME_OF_CHANGE[change], after, _counted(results, chosen, after), False)
