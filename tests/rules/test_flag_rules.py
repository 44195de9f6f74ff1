"""Flags: one per resident per idea, the idea hidden when the threshold is reached (not
before), a missing, withdrawn, merged or hidden idea cannot be flagged."""

from __future__ import annotations

from sqlalchemy import select

from bot.services.idea_submission import withdraw_idea
from bot.services.lifecycle import change_idea_status
from bot.services.moderation import FlagOutcome, flag_idea
from bot.services.review import hide_idea
from db.models import FlagReason, Idea, IdeaFlag, IdeaStatus, Role
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
        # Hidden already: residents are no longer shown it, so a fourth flag counts for
        # nothing and is not kept.
        FlagOutcome.UNAVAILABLE,
    ]
    assert hidden_before is False
    assert (idea.hidden, other.hidden) == (True, False)
    assert sorted(flags) == sorted([(flagger.id, FlagReason.SPAM) for flagger in flaggers[:3]])


async def test_a_missing_withdrawn_merged_or_hidden_idea_cannot_be_flagged(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 3, role=Role.STAFF)
        author, flagger = await new_resident(session, 1), await new_resident(session, 2)
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        original = await new_idea(session, author.id, "More benches")
        merged_id = await new_idea(session, author.id, "Benches again")
        hidden_id = await new_idea(session, author.id, "A bicycle shed")
        assert await withdraw_idea(session, author.id, idea_id)
        await change_idea_status(
            session,
            await session.get(Idea, merged_id),
            IdeaStatus.DUPLICATE,
            actor_id=staff.id,
            duplicate_of_id=original,
        )
        assert await hide_idea(session, hidden_id, staff, "checking")
        withdrawn = await flag_idea(session, idea_id, flagger.id, FlagReason.SPAM, threshold=1)
        missing = await flag_idea(session, idea_id + 100, flagger.id, FlagReason.SPAM, threshold=1)
        merged = await flag_idea(session, merged_id, flagger.id, FlagReason.SPAM, threshold=1)
        hidden = await flag_idea(session, hidden_id, flagger.id, FlagReason.SPAM, threshold=1)
        flags = await session.scalar(select(IdeaFlag.idea_id).limit(1))
        # The original, shown to residents, can still be flagged.
        shown = await flag_idea(session, original, flagger.id, FlagReason.SPAM, threshold=2)

    assert (withdrawn, missing, merged, hidden) == (FlagOutcome.UNAVAILABLE,) * 4
    assert flags is None
    assert shown is FlagOutcome.RECORDED
