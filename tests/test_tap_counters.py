"""The counts the database keeps beside the rows (migration 010) stay the rows' counts."""

from __future__ import annotations

from sqlalchemy import delete, select, update

from bot.services.votes import toggle_vote
from db.migrate import downgrade_database, upgrade_database
from db.models import Idea, IdeaFollower, Poll, PollAnswer, PollChoice, PollOption, Resident
from tests.rules.helpers import new_idea, new_resident
from tests.support.invariants import broken_invariants


async def _poll_with_answers(session, residents: list[Resident]) -> tuple[int, list[int]]:
    poll = Poll(question={"sv": "Var ska bänkarna stå?"})
    session.add(poll)
    await session.flush()
    options = [PollOption(poll_id=poll.id, position=n, texts={"sv": f"Plats {n}"}) for n in (1, 2)]
    session.add_all(options)
    await session.flush()
    for n, resident in enumerate(residents):
        answer = PollAnswer(poll_id=poll.id, resident_id=resident.id, language="sv")
        session.add(answer)
        await session.flush()
        session.add(PollChoice(answer_id=answer.id, option_id=options[n % 2].id))
    await session.flush()
    return poll.id, [option.id for option in options]


async def _counts(session, idea_id: int, poll_id: int, option_ids: list[int]) -> tuple:
    support = await session.scalar(select(Idea.support_count).where(Idea.id == idea_id))
    respondents = await session.scalar(select(Poll.respondent_count).where(Poll.id == poll_id))
    chosen = (
        await session.scalars(
            select(PollOption.chosen_count)
            .where(PollOption.id.in_(option_ids))
            .order_by(PollOption.position)
        )
    ).all()
    return support, respondents, list(chosen)


async def test_counts_follow_votes_answers_and_erased_residents(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 991_001)
        idea_id = await new_idea(session, author.id, "Fler bänkar vid lekplatsen")
        residents = [await new_resident(session, 991_010 + n) for n in range(3)]
        for resident in residents:
            assert await toggle_vote(session, idea_id, resident.id, support=True)
        poll_id, option_ids = await _poll_with_answers(session, residents)
        assert await _counts(session, idea_id, poll_id, option_ids) == (3, 3, [2, 1])

        # A choice moved to the other option, a withdrawal, a resident erased (cascades).
        first_answer = select(PollAnswer.id).where(PollAnswer.resident_id == residents[0].id)
        await session.execute(
            update(PollChoice)
            .where(PollChoice.answer_id == first_answer.scalar_subquery())
            .values(option_id=option_ids[1])
        )
        assert await toggle_vote(session, idea_id, residents[1].id, support=False)
        await session.execute(delete(Resident).where(Resident.id == residents[2].id))
        assert await _counts(session, idea_id, poll_id, option_ids) == (1, 2, [0, 2])
        assert await broken_invariants(session) == []


async def test_supporting_follows_and_withdrawing_unfollows_except_the_author(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 991_001)
        neighbour = await new_resident(session, 991_002)
        idea_id = await new_idea(session, author.id, "Belysning vid Fjällkåpan")
        for resident in (author, neighbour):
            await toggle_vote(session, idea_id, resident.id, support=True)
            await toggle_vote(session, idea_id, resident.id, support=False)
        followers = await session.scalars(
            select(IdeaFollower.resident_id).where(IdeaFollower.idea_id == idea_id)
        )
        assert followers.all() == [author.id]


async def test_the_migration_counts_what_was_there_before_it(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 991_001)
        idea_id = await new_idea(session, author.id, "Cykelställ vid Hjällbo")
        residents = [await new_resident(session, 991_010 + n) for n in range(3)]
        for resident in residents:
            await toggle_vote(session, idea_id, resident.id, support=True)
        poll_id, option_ids = await _poll_with_answers(session, residents)
    engine = session_factory.kw["bind"]
    await downgrade_database(engine, "009")
    await upgrade_database(engine)
    async with session_factory() as session, session.begin():
        assert await _counts(session, idea_id, poll_id, option_ids) == (3, 3, [2, 1])
        assert await broken_invariants(session) == []
