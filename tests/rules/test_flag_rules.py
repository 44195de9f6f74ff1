"""Flags: one per resident per idea, the idea hidden when the threshold is reached (not
before), a missing or withdrawn idea cannot be flagged."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.idea_submission import withdraw_idea
from bot.services.moderation import FlagOutcome, flag_idea
from db.models import FlagReason, Idea, IdeaFlag
from tests.rules.helpers import new_idea, new_resident


async def test_the_threshold_of_different_residents_hides_an_idea_and_no_sooner(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        author = await new_resident(session, 1)
        flaggers = [await new_resident(session, n) for n in (2, 3, 4, 5)]
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        other_id = await new_idea(session, author.id, "A bicycle shed")
        await flag_idea(session, other_id, flaggers[0].id, FlagReason.SPAM, threshold=3)
        outcomes = []
        for flagger in flaggers[:2]:
            outcomes.append(
                await flag_idea(session, idea_id, flagger.id, FlagReason.SPAM, threshold=3)
            )
        # The same resident again counts once, whatever the reason.
        outcomes.append(
            await flag_idea(session, idea_id, flaggers[1].id, FlagReason.OFFENSIVE, threshold=3)
        )
        hidden_before = (await session.get(Idea, idea_id)).hidden
        for flagger in flaggers[2:]:
            outcomes.append(
                await flag_idea(session, idea_id, flagger.id, FlagReason.SPAM, threshold=3)
            )

    async with session_factory() as session:
        idea, other = await session.get(Idea, idea_id), await session.get(Idea, other_id)
        flags = list(
            await session.execute(
                select(IdeaFlag.resident_id, IdeaFlag.reason).where(IdeaFlag.idea_id == idea_id)
            )
        )

    assert outcomes == [
        FlagOutcome.RECORDED,
        FlagOutcome.RECORDED,
        FlagOutcome.ALREADY_FLAGGED,
        FlagOutcome.HIDDEN,
        # Hidden already: a fourth flag is kept, the idea stays hidden.
        FlagOutcome.RECORDED,
    ]
    assert hidden_before is False
    assert (idea.hidden, other.hidden) == (True, False)
    assert sorted(flags) == sorted([(flagger.id, FlagReason.SPAM) for flagger in flaggers])


async def test_a_missing_or_withdrawn_idea_cannot_be_flagged(session_factory) -> None:
    async with session_factory() as session, session.begin():
        author, flagger = await new_resident(session, 1), await new_resident(session, 2)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        assert await withdraw_idea(session, author.id, idea_id)
        withdrawn = await flag_idea(session, idea_id, flagger.id, FlagReason.SPAM, threshold=1)
        missing = await flag_idea(session, idea_id + 100, flagger.id, FlagReason.SPAM, threshold=1)
        flags = await session.scalar(select(IdeaFlag.idea_id).limit(1))

    assert (withdrawn, missing) == (FlagOutcome.UNAVAILABLE, FlagOutcome.UNAVAILABLE)
    assert flags is None
