"""The rules of polls: one resident's answer never changes another's, options belong to
their poll, and closing keeps the moment a poll really closed."""

from __future__ import annotations

import asyncio
import threading
from datetime import timedelta

import asyncpg
import pytest
from sqlalchemy import event, select

from bot.services.poll_answers import AnswerOutcome, PollShapes, answer_poll
from bot.services.polls import NewPoll, close_due_polls, close_poll, create_poll, open_polls_for
from db.models import Broadcast, Poll, PollAnswer, PollChoice
from tests.rules.helpers import NOW, new_resident


def new_poll(
    *, multiple: bool = False, closes_at=None, language: str | None = None, options: int = 3
) -> NewPoll:
    return NewPoll(
        question={"sv": "Vad vill du ha på gården?"},
        options=[{"sv": f"Alternativ {n}"} for n in range(1, options + 1)],
        multiple_choice=multiple,
        shows_results=True,
        closes_at=closes_at,
        audience_language=language,
    )


async def make_poll(session, **kwargs) -> tuple[int, list[int]]:
    poll, _broadcast = await create_poll(session, new_poll(**kwargs), created_by_id=None)
    shape = await PollShapes().get(session, poll.id)
    assert shape is not None
    return poll.id, [option for option, _texts in shape.options]


async def tap(session, poll_id: int, option_id: int, resident_id: int, now=NOW):
    shape = await PollShapes().get(session, poll_id)
    return await answer_poll(
        session, shape, option_id, resident_id=resident_id, language="sv", now=now
    )


async def stored_choices(session_factory) -> set[tuple[int, int]]:
    async with session_factory() as session:
        rows = await session.execute(
            select(PollAnswer.resident_id, PollChoice.option_id).join(
                PollChoice, PollChoice.answer_id == PollAnswer.id
            )
        )
        return set(rows)


async def test_changing_a_single_choice_changes_only_that_residents_answer(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        poll_id, (first, second, _third) = await make_poll(session)
        await tap(session, poll_id, first, neighbour.id)
        await tap(session, poll_id, first, me.id)

    async with session_factory() as session, session.begin():
        changed = await tap(session, poll_id, second, me.id)

    assert changed.outcome is AnswerOutcome.CHANGED
    assert changed.chosen == {second}
    assert changed.results.per_option[first] == 1
    assert changed.results.per_option[second] == 1
    assert await stored_choices(session_factory) == {(neighbour.id, first), (me.id, second)}


async def test_untapping_one_of_several_choices_keeps_the_others_and_everyone_elses(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        poll_id, (first, second, _third) = await make_poll(session, multiple=True)
        for resident in (me, neighbour):
            await tap(session, poll_id, first, resident.id)
            await tap(session, poll_id, second, resident.id)

    async with session_factory() as session, session.begin():
        removed = await tap(session, poll_id, first, me.id)

    assert removed.outcome is AnswerOutcome.REMOVED
    assert removed.chosen == {second}
    assert await stored_choices(session_factory) == {
        (me.id, second),
        (neighbour.id, first),
        (neighbour.id, second),
    }


async def test_an_option_of_another_poll_is_refused(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me = await new_resident(session, 1)
        poll_id, _options = await make_poll(session)
        _other_poll, (foreign, *_rest) = await make_poll(session)
        refused = await tap(session, poll_id, foreign, me.id)

    assert refused.outcome is AnswerOutcome.NO_SUCH_OPTION
    assert await stored_choices(session_factory) == set()


async def test_a_poll_past_its_deadline_takes_no_answer(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me = await new_resident(session, 1)
        poll_id, (first, *_rest) = await make_poll(session, closes_at=NOW)
        late = await tap(session, poll_id, first, me.id, now=NOW)
        in_time = await tap(session, poll_id, first, me.id, now=NOW - timedelta(seconds=1))

    assert late.outcome is AnswerOutcome.CLOSED
    assert in_time.outcome is AnswerOutcome.SAVED


async def test_a_poll_closed_by_hand_keeps_every_answer_as_it_was(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        late_comer = await new_resident(session, 3)
        single, (first, second, _third) = await make_poll(session)
        several, (one, two, _three) = await make_poll(session, multiple=True)
        await tap(session, single, first, me.id)
        await tap(session, several, one, neighbour.id)
        await tap(session, several, two, neighbour.id)
        await close_poll(session, single, NOW - timedelta(minutes=1))
        await close_poll(session, several, NOW - timedelta(minutes=1))
    before = await stored_choices(session_factory)

    async with session_factory() as session, session.begin():
        taps = [
            await tap(session, single, second, me.id),
            await tap(session, single, first, late_comer.id),
            await tap(session, several, one, neighbour.id),
            await tap(session, several, _three, neighbour.id),
        ]

    assert [t.outcome for t in taps] == [AnswerOutcome.CLOSED] * 4
    assert taps[0].chosen == {first}
    assert taps[2].chosen == {one, two}
    assert await stored_choices(session_factory) == before


async def test_a_poll_closed_by_hand_while_a_tap_is_under_way_takes_nothing(
    session_factory, database_url
) -> None:
    """On PostgreSQL another instance can close the poll between the tap's read of the
    counts and its write; on SQLite the tap's write lock keeps it out."""
    if not database_url.startswith("postgresql"):
        pytest.skip("PostgreSQL only: on SQLite nothing else writes during a tap")
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        poll_id, (first, second, _third) = await make_poll(session)
        await tap(session, poll_id, second, neighbour.id)
    url = database_url.replace("+asyncpg", "")

    async def close_from_elsewhere() -> None:
        connection = await asyncpg.connect(url)
        try:
            await connection.execute("UPDATE polls SET closed_at = now() WHERE id = $1", poll_id)
        finally:
            await connection.close()

    def before_the_tap_is_written(_conn, _cursor, statement: str, *_args: object) -> None:
        if "poll_taps" in statement:
            # Committed by another connection, as the organiser's instance would.
            closer = threading.Thread(target=asyncio.run, args=(close_from_elsewhere(),))
            closer.start()
            closer.join()

    async with session_factory() as session, session.begin():
        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", before_the_tap_is_written)
        try:
            late = await tap(session, poll_id, first, me.id)
        finally:
            event.remove(engine, "before_cursor_execute", before_the_tap_is_written)

    assert late.outcome is AnswerOutcome.CLOSED
    assert late.closed is True
    # The final results as they were, and nothing chosen by this resident.
    assert (late.chosen, late.results.respondents, dict(late.results.per_option)) == (
        frozenset(),
        1,
        {second: 1},
    )
    assert await stored_choices(session_factory) == {(neighbour.id, second)}


async def test_open_polls_leave_out_closed_answered_and_other_language_polls(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        me = await new_resident(session, 1, language="so")
        waiting, _ = await make_poll(session)
        somali_only, _ = await make_poll(session, language="so")
        await make_poll(session, language="ar")
        await make_poll(session, closes_at=NOW)
        await make_poll(session, closes_at=NOW - timedelta(days=1))
        closed_by_hand, _ = await make_poll(session, closes_at=NOW + timedelta(days=1))
        await close_poll(session, closed_by_hand, NOW - timedelta(hours=1))
        answered, (option, *_rest) = await make_poll(session)
        await tap(session, answered, option, me.id)
        later, _ = await make_poll(session, closes_at=NOW + timedelta(seconds=1))

        polls = await open_polls_for(session, me, NOW)

    assert [poll.id for poll in polls] == [waiting, somali_only, later]


async def test_closing_due_polls_closes_them_at_their_deadline_and_leaves_the_rest(
    session_factory,
) -> None:
    deadline = NOW - timedelta(hours=2)
    async with session_factory() as session, session.begin():
        due, _ = await make_poll(session, closes_at=deadline)
        not_yet, _ = await make_poll(session, closes_at=NOW + timedelta(minutes=1))
        no_deadline, _ = await make_poll(session)
        by_hand, _ = await make_poll(session, closes_at=NOW - timedelta(hours=1))
        await close_poll(session, by_hand, NOW - timedelta(hours=3))

    async with session_factory() as session, session.begin():
        closed = await close_due_polls(session, NOW)

    async with session_factory() as session:
        rows = await session.execute(select(Poll.id, Poll.closed_at))
        closed_at = {poll_id: at for poll_id, at in rows}

    assert closed == 1
    assert closed_at[due] == deadline
    assert closed_at[by_hand] == NOW - timedelta(hours=3)
    assert closed_at[not_yet] is None
    assert closed_at[no_deadline] is None


async def test_a_poll_and_its_broadcast_remember_the_organiser_who_made_them(
    session_factory,
) -> None:
    """The organiser is the one sent the results when the poll closes."""
    async with session_factory() as session, session.begin():
        organiser = await new_resident(session, 1)
        poll, broadcast_id = await create_poll(session, new_poll(), created_by_id=organiser.id)
        broadcast = await session.get(Broadcast, broadcast_id)

    assert (poll.created_by_id, broadcast.created_by_id) == (organiser.id, organiser.id)
    assert broadcast.content["poll_id"] == poll.id
