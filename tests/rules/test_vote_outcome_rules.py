"""What a resident is told after tapping an idea's support button: read from the idea as
it is after the tap, so a successful support is never called closed or unavailable."""

from __future__ import annotations

from bot.services.ideas import load_idea
from bot.services.lifecycle import change_idea_status
from bot.services.review import hide_idea
from bot.services.votes import VoteOutcome, tap_outcome, toggle_vote
from db.models import Idea, IdeaStatus, Role
from tests.rules.helpers import new_idea, new_resident


async def test_each_tap_is_told_what_it_ended_in(session_factory) -> None:
    async with session_factory() as session, session.begin():
        staff = await new_resident(session, 1, role=Role.STAFF)
        author, me = await new_resident(session, 2), await new_resident(session, 3)
        ids = {
            name: await new_idea(session, author.id, f"An idea that is {name} now")
            for name in ("supported", "unsupported", "done", "hidden", "withdrawn")
        }
        for name in ids:
            await toggle_vote(session, ids[name], me.id, support=True)
        await toggle_vote(session, ids["unsupported"], me.id, support=False)
        for name, status in (("done", IdeaStatus.DONE), ("withdrawn", IdeaStatus.WITHDRAWN)):
            await change_idea_status(
                session, await session.get(Idea, ids[name]), status, actor_id=staff.id
            )
        await hide_idea(session, ids["hidden"], staff, "checking")

    async with session_factory() as session:
        told = {
            name: tap_outcome(await load_idea(session, idea_id, me.id))
            for name, idea_id in ids.items()
        }

    assert told == {
        "supported": VoteOutcome.ADDED,
        "unsupported": VoteOutcome.WITHDRAWN,
        "done": VoteOutcome.CLOSED,
        "hidden": VoteOutcome.UNAVAILABLE,
        "withdrawn": VoteOutcome.UNAVAILABLE,
    }
    assert tap_outcome(None) is VoteOutcome.UNAVAILABLE
