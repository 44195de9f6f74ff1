"""Hiding and restoring an idea by hand: restoring dismisses that idea's flags only, so
only new flaggers count towards hiding it again; a missing idea is neither hidden nor
audited."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from bot.services.moderation import FlagOutcome, flag_idea
from bot.services.review import hide_idea, restore_idea
from db.models import AuditEntry, FlagReason, Idea, IdeaFlag, Role
from tests.rules.helpers import NOW, new_idea, new_resident


async def test_restoring_dismisses_that_ideas_flags_and_only_new_flaggers_count_again(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author, first, second, third, fourth = [
            await new_resident(session, n) for n in (2, 3, 4, 5, 6)
        ]
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        other_id = await new_idea(session, author.id, "Lamps along the path")
        for flagger in (first, second):
            for flagged in (idea_id, other_id):
                await flag_idea(session, flagged, flagger.id, FlagReason.SPAM, threshold=2)
        assert await restore_idea(session, idea_id, staff, "fine as it is")
        # The same flaggers cannot hide it again at once.
        again = await flag_idea(session, idea_id, first.id, FlagReason.OFFENSIVE, threshold=2)
        newcomer = await flag_idea(session, idea_id, third.id, FlagReason.SPAM, threshold=2)
        shown_after_one = not (await session.get(Idea, idea_id)).hidden
        enough = await flag_idea(session, idea_id, fourth.id, FlagReason.SPAM, threshold=2)
        flags = {
            (idea, resident): (reason, dismissed)
            for idea, resident, reason, dismissed in await session.execute(
                select(
                    IdeaFlag.idea_id,
                    IdeaFlag.resident_id,
                    IdeaFlag.reason,
                    IdeaFlag.dismissed_at.is_not(None),
                )
            )
        }
        hidden = dict(list(await session.execute(select(Idea.id, Idea.hidden))))

    assert (again, newcomer, enough) == (
        FlagOutcome.ALREADY_FLAGGED,
        FlagOutcome.RECORDED,
        FlagOutcome.HIDDEN,
    )
    assert shown_after_one is True
    # The old flags are kept, dismissed; the other idea's flags are untouched.
    assert flags == {
        (idea_id, first.id): (FlagReason.SPAM, True),
        (idea_id, second.id): (FlagReason.SPAM, True),
        (idea_id, third.id): (FlagReason.SPAM, False),
        (idea_id, fourth.id): (FlagReason.SPAM, False),
        (other_id, first.id): (FlagReason.SPAM, False),
        (other_id, second.id): (FlagReason.SPAM, False),
    }
    assert hidden == {idea_id: True, other_id: True}


async def test_a_missing_idea_is_neither_hidden_nor_restored_nor_audited(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        hidden = await hide_idea(session, 404, staff, "spam")
        restored = await restore_idea(session, 404, staff, "fine")
        entries = await session.scalar(select(func.count()).select_from(AuditEntry))

    assert (hidden, restored, entries) == (False, False, 0)


async def test_a_second_restore_leaves_the_flags_dismissed_before_as_they_were(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author, first, second = [await new_resident(session, n) for n in (2, 3, 4)]
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        await flag_idea(session, idea_id, first.id, FlagReason.SPAM, threshold=10)
        await restore_idea(session, idea_id, staff, "fine as it is", now=NOW)
        await flag_idea(session, idea_id, second.id, FlagReason.SPAM, threshold=10)
        later = NOW + timedelta(hours=1)
        await restore_idea(session, idea_id, staff, "still fine", now=later)
        dismissed = dict(
            list(await session.execute(select(IdeaFlag.resident_id, IdeaFlag.dismissed_at)))
        )

    assert dismissed == {first.id: NOW, second.id: later}
