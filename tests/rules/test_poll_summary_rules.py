"""Closing a poll by hand, and what staff and residents read of polls: the list newest
first with how many answered, the counts per option and language (small
languages merged into "other languages"), the texts shown."""

from __future__ import annotations

from datetime import timedelta

from bot.services.poll_answers import PollShapes, answer_poll
from bot.services.polls import (
    MIN_GROUP_SIZE,
    OTHER_LANGUAGES,
    close_poll,
    is_open,
    load_poll,
    poll_results,
    poll_snapshot,
    poll_summaries,
    poll_with_results,
    text_in,
)
from db.models import Poll
from tests.rules.helpers import NOW, new_resident
from tests.rules.test_poll_rules import make_poll, tap


async def test_closing_by_hand_closes_once_and_never_after_the_deadline(session_factory) -> None:
    deadline = NOW - timedelta(hours=1)
    async with session_factory() as session, session.begin():
        open_ended, _ = await make_poll(session)
        overdue, _ = await make_poll(session, closes_at=deadline)
        upcoming, _ = await make_poll(session, closes_at=NOW + timedelta(days=1))
        closed = [await close_poll(session, poll, NOW) for poll in (open_ended, overdue, upcoming)]
        again = await close_poll(session, open_ended, NOW + timedelta(minutes=5))
        missing = await close_poll(session, upcoming + 100, NOW)
        open_after = [await is_open(session, poll, NOW) for poll in (open_ended, upcoming)]
        closed_at = [(await session.get(Poll, poll)).closed_at for poll in (open_ended, overdue)]
        upcoming_closed_at = (await session.get(Poll, upcoming)).closed_at

    assert closed == [True, True, True]
    assert (again, missing) == (False, False)
    assert open_after == [False, False]
    # An overdue poll closed at its deadline, whenever staff got to it.
    assert closed_at == [NOW, deadline]
    assert upcoming_closed_at == NOW


async def test_a_poll_is_open_until_its_deadline_and_a_missing_one_never(session_factory) -> None:
    async with session_factory() as session, session.begin():
        poll_id, _ = await make_poll(session, closes_at=NOW)
        before = await is_open(session, poll_id, NOW - timedelta(seconds=1))
        at = await is_open(session, poll_id, NOW)
        missing = await is_open(session, poll_id + 100, NOW - timedelta(days=1))

    assert (before, at, missing) == (True, False, False)


async def test_the_poll_list_is_newest_first_with_each_polls_own_respondents(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        residents = [await new_resident(session, n) for n in (1, 2, 3)]
        polls = [await make_poll(session) for _ in range(4)]
        for resident in residents:
            await tap(session, polls[1][0], polls[1][1][0], resident.id)
        await tap(session, polls[2][0], polls[2][1][1], residents[0].id)

    async with session_factory() as session:
        first_page = await poll_summaries(session, limit=3)
        second_page = await poll_summaries(session, limit=3, offset=3)

    ids = [poll_id for poll_id, _options in polls]
    assert [(summary.poll.id, summary.respondents) for summary in first_page] == [
        (ids[3], 0),
        (ids[2], 1),
        (ids[1], 3),
    ]
    assert [(summary.poll.id, summary.respondents) for summary in second_page] == [(ids[0], 0)]


async def test_results_count_each_option_overall_and_per_language_group_for_that_poll_only(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        swede, somali, other = [await new_resident(session, n) for n in (1, 2, 3)]
        poll_id, (first, second, third) = await make_poll(session, multiple=True)
        other_poll, (elsewhere, *_rest) = await make_poll(session)
        await tap(session, poll_id, first, swede.id)
        await tap(session, poll_id, second, swede.id)
        shape = await PollShapes().get(session, poll_id)
        await answer_poll(session, shape, first, resident_id=somali.id, language="so", now=NOW)
        await tap(session, other_poll, elsewhere, other.id)

    async with session_factory() as session:
        # Every language its own group (one Swedish, one Somali respondent).
        results = await poll_results(session, poll_id, 1)
        # Groups of 2: both too small alone, together just large enough to show.
        pairs = await poll_results(session, poll_id, 2)
        # The default (MIN_GROUP_SIZE): merged and still too small to show.
        merged = await poll_results(session, poll_id)
        poll, options, with_results = await poll_with_results(session, poll_id)
        nothing = await poll_with_results(session, poll_id + 100)

    assert results.respondents == 2
    assert dict(results.per_option) == {first: 2, second: 1}
    assert dict(results.respondents_by_language) == {"sv": 1, "so": 1}
    assert {language: dict(counts) for language, counts in results.by_language.items()} == {
        "sv": {first: 1, second: 1},
        "so": {first: 1},
    }
    assert not results.too_small("sv")
    assert not results.too_small("so")
    for grouped in (pairs, merged):
        assert grouped.respondents == 2
        assert dict(grouped.per_option) == {first: 2, second: 1}
        assert dict(grouped.respondents_by_language) == {OTHER_LANGUAGES: 2}
        assert {code: dict(counts) for code, counts in grouped.by_language.items()} == {
            OTHER_LANGUAGES: {first: 2, second: 1}
        }
    assert not pairs.too_small(OTHER_LANGUAGES)
    assert merged.too_small(OTHER_LANGUAGES)
    assert merged.min_group_size == MIN_GROUP_SIZE == 5
    assert poll.id == poll_id
    assert [option.id for option in options] == [first, second, third]
    assert with_results == merged
    assert nothing is None


async def test_a_text_is_shown_in_the_readers_language_else_as_first_written() -> None:
    texts = {"sv": "Gården", "en": "The yard"}
    assert text_in(texts, "en") == "The yard"
    assert text_in(texts, "so") == "Gården"
    assert text_in({}, "sv") == ""


async def test_what_a_poll_broadcast_keeps_is_the_poll_as_created(session_factory) -> None:
    async with session_factory() as session, session.begin():
        poll_id, option_ids = await make_poll(session, multiple=True, closes_at=NOW)
        poll, options = await load_poll(session, poll_id)
        snapshot = poll_snapshot(poll, options)
        missing = await load_poll(session, poll_id + 100)

    assert snapshot == {
        "poll_id": poll_id,
        "question": {"sv": "Vad vill du ha på gården?"},
        "options": [[option, {"sv": f"Alternativ {n}"}] for n, option in enumerate(option_ids, 1)],
        "multiple_choice": True,
        "closes_at": NOW.isoformat(),
    }
    assert missing is None
