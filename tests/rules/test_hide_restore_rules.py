"""Hiding and restoring an idea by hand: restoring clears that idea's flags only, so the
next flags count from zero; a missing idea is neither hidden nor audited."""

from __future__ import annotations

from sqlalchemy import func, select

from bot.services.moderation import FlagOutcome, flag_idea
from bot.services.review import hide_idea, restore_idea
from db.models import AuditEntry, FlagReason, Idea, IdeaFlag, Role
from tests.rules.helpers import new_idea, new_resident


async def test_restoring_clears_that_ideas_flags_and_the_count_starts_again(
    session_factory,
) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author, first, second = [await new_resident(session, n) for n in (2, 3, 4)]
        idea_id = await new_idea(session, author.id, "Benches by the playground")
        other_id = await new_idea(session, author.id, "Lamps along the path")
        for flagger in (first, second):
            for flagged in (idea_id, other_id):
                await flag_idea(session, flagged, flagger.id, FlagReason.SPAM, threshold=2)
        assert await restore_idea(session, idea_id, staff, "fine as it is")
        after_restore = await flag_idea(session, idea_id, first.id, FlagReason.SPAM, threshold=2)
        flags = dict(
            list(
                await session.execute(
                    select(IdeaFlag.idea_id, func.count()).group_by(IdeaFlag.idea_id)
                )
            )
        )
        hidden = dict(list(await session.execute(select(Idea.id, Idea.hidden))))

    assert after_restore is FlagOutcome.RECORDED
    assert flags == {idea_id: 1, other_id: 2}
    assert hidden == {idea_id: False, other_id: True}


async def test_a_missing_idea_is_neither_hidden_nor_restored_nor_audited(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        hidden = await hide_idea(session, 404, staff, "spam")
        restored = await restore_idea(session, 404, staff, "fine")
        entries = await session.scalar(select(func.count()).select_from(AuditEntry))

    assert (hidden, restored, entries) == (False, False, 0)
