"""The invariant checks the battery relies on do find what they look for."""

from __future__ import annotations

from db.models import Poll, PollAnswer, Resident
from tests.support.invariants import broken_invariants


async def test_an_answer_without_options_is_reported(session_factory) -> None:
    async with session_factory() as session, session.begin():
        resident = Resident(telegram_id=990_001, language="sv")
        poll = Poll(question={"sv": "Fråga?"})
        session.add_all([resident, poll])
        await session.flush()
        assert await broken_invariants(session) == []
        session.add(PollAnswer(poll_id=poll.id, resident_id=resident.id, language="sv"))
        await session.flush()
        assert await broken_invariants(session) == ["poll answer with no option: 1"]
