"""A tap's outcome and the counts it shows back: the pop-up a resident reads after each
tap, and results that are the stored ones, not the counts read before the tap."""

from __future__ import annotations

from sqlalchemy import event

from bot.services.poll_answers import AnswerOutcome, PollShapes
from bot.services.polls import poll_results
from tests.rules.helpers import new_resident
from tests.rules.test_poll_rules import make_poll, tap


async def stored_counts(session, poll_id: int) -> tuple[int, dict[int, int]]:
    stored = await poll_results(session, poll_id)
    return stored.respondents, dict(+stored.per_option)


async def taps_seen(session, poll_id: int, options, resident_id: int) -> list:
    """What each tap in turn says, and the counts it shows, which must be the stored ones."""
    seen = []
    for option in options:
        result = await tap(session, poll_id, option, resident_id)
        shown = (result.results.respondents, dict(result.results.per_option))
        seen.append((result.outcome, result.chosen, shown))
        assert result.closed is False
        assert shown == await stored_counts(session, poll_id)
    return seen


async def test_several_choices_are_added_one_by_one_then_removed_and_counted_as_stored(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        poll_id, (first, second, _third) = await make_poll(session, multiple=True)
        other_poll, (elsewhere, *_rest) = await make_poll(session, multiple=True)
        await tap(session, poll_id, first, neighbour.id)
        await tap(session, other_poll, elsewhere, me.id)

        seen = await taps_seen(session, poll_id, (first, second, first, second), me.id)

    assert seen == [
        (AnswerOutcome.SAVED, {first}, (2, {first: 2})),
        # A second option is added to the answer, not a change of it.
        (AnswerOutcome.SAVED, {first, second}, (2, {first: 2, second: 1})),
        (AnswerOutcome.REMOVED, {second}, (2, {first: 1, second: 1})),
        # The last choice taken out: this resident no longer counts as having answered.
        (AnswerOutcome.REMOVED, frozenset(), (1, {first: 1})),
    ]


async def test_a_single_choice_moved_is_counted_once_as_stored(session_factory) -> None:
    async with session_factory() as session, session.begin():
        me, neighbour = await new_resident(session, 1), await new_resident(session, 2)
        poll_id, (first, second, _third) = await make_poll(session)
        await tap(session, poll_id, first, neighbour.id)

        seen = await taps_seen(session, poll_id, (first, second, second), me.id)

    assert seen == [
        (AnswerOutcome.SAVED, {first}, (2, {first: 2})),
        (AnswerOutcome.CHANGED, {second}, (2, {first: 1, second: 1})),
        (AnswerOutcome.UNCHANGED, {second}, (2, {first: 1, second: 1})),
    ]


async def test_a_polls_shape_is_read_once_and_the_polls_tapped_last_are_kept(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        first, second, third = [(await make_poll(session))[0] for _ in range(3)]
        statements: list[str] = []

        def count(_conn, _cursor, statement: str, *_args: object) -> None:
            statements.append(statement)

        engine = session.get_bind()
        event.listen(engine, "before_cursor_execute", count)
        try:
            shapes, reads = PollShapes(size=2), []
            for poll_id in (first, second, first, third, first, second):
                before = len(statements)
                shape = await shapes.get(session, poll_id)
                assert shape is not None
                assert shape.id == poll_id
                reads.append(len(statements) > before)
        finally:
            event.remove(engine, "before_cursor_execute", count)

    # Two kept: the third poll pushes out the one tapped least recently (the second, since
    # the first was tapped again), so the first stays and the second is read again.
    assert reads == [True, True, False, True, False, True]
