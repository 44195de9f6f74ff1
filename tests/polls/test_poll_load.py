"""Two hundred residents answering one poll at the same moment, as when it has just gone out."""

from __future__ import annotations

import asyncio

from aiogram.methods import AnswerCallbackQuery
from sqlalchemy import func, select

from bot.views.callbacks import PollAnswerCallback
from db.models import Poll, PollAnswer, PollChoice, PollOption
from tests.support.i18n import in_language

RESIDENTS = 200


async def _poll(session_factory, *, multiple_choice: bool) -> tuple[int, list[int]]:
    async with session_factory() as session, session.begin():
        poll = Poll(
            question={"sv": "Vilken dag passar städdagen?"},
            multiple_choice=multiple_choice,
            shows_results=True,
        )
        session.add(poll)
        await session.flush()
        options = [
            PollOption(poll_id=poll.id, position=position, texts={"sv": day})
            for position, day in enumerate(("lördag", "söndag", "måndag"), start=1)
        ]
        session.add_all(options)
        await session.flush()
        return poll.id, [option.id for option in options]


async def _choices_per_option(session_factory, poll_id: int) -> dict[int, int]:
    async with session_factory() as session, session.read():
        rows = await session.execute(
            select(PollChoice.option_id, func.count())
            .join(PollAnswer, PollAnswer.id == PollChoice.answer_id)
            .where(PollAnswer.poll_id == poll_id)
            .group_by(PollChoice.option_id)
        )
        return dict(rows.all())


async def _answers(session_factory, poll_id: int) -> int:
    async with session_factory() as session, session.read():
        return await session.scalar(
            select(func.count()).select_from(PollAnswer).where(PollAnswer.poll_id == poll_id)
        )


async def test_two_hundred_answers_at_once_count_exactly(
    person, session_factory, bot, i18n
) -> None:
    poll_id, options = await _poll(session_factory, multiple_choice=False)
    residents = [person(40_000 + n, "so") for n in range(RESIDENTS)]
    taps = [
        PollAnswerCallback(poll_id=poll_id, option_id=options[n % 3]).pack()
        for n in range(RESIDENTS)
    ]

    await asyncio.gather(
        *(resident.press_data(tap) for resident, tap in zip(residents, taps, strict=True))
    )

    # Replies interleave when updates run at once; every resident was told it is saved.
    saved = in_language(i18n, "so", lambda: i18n.gettext("Thank you! Your answer is saved."))
    told = [
        request.text for request in bot.session.requests if isinstance(request, AnswerCallbackQuery)
    ]
    assert told == [saved] * RESIDENTS
    assert await _answers(session_factory, poll_id) == RESIDENTS
    assert await _choices_per_option(session_factory, poll_id) == {
        options[0]: 67,
        options[1]: 67,
        options[2]: 66,
    }

    # Everyone changes their mind at once, to the same option: one choice each, still.
    await asyncio.gather(
        *(
            resident.press_data(PollAnswerCallback(poll_id=poll_id, option_id=options[2]).pack())
            for resident in residents
        )
    )
    assert await _answers(session_factory, poll_id) == RESIDENTS
    assert await _choices_per_option(session_factory, poll_id) == {options[2]: RESIDENTS}


async def test_two_hundred_double_taps_on_a_multiple_choice_poll_leave_nothing(
    person, session_factory
) -> None:
    poll_id, options = await _poll(session_factory, multiple_choice=True)
    residents = [person(41_000 + n, "ar") for n in range(RESIDENTS)]
    tap = PollAnswerCallback(poll_id=poll_id, option_id=options[0]).pack()

    async def tap_twice(resident) -> None:
        await resident.press_data(tap)
        await resident.press_data(tap)

    await asyncio.gather(*(tap_twice(resident) for resident in residents))
    # A choice toggled on and off again: no answer is left behind.
    assert await _answers(session_factory, poll_id) == 0
    assert await _choices_per_option(session_factory, poll_id) == {}
