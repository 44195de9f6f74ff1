"""Throttling and retention of inactive residents."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bot.delivery.retention import RetentionJob
from bot.middlewares.throttling import ThrottlingMiddleware
from bot.settings import Settings
from db.models import Idea, Resident
from db.types import utc_now
from tests.ideas.helpers import seed_idea
from tests.support.i18n import in_language

SLOW_DOWN = (
    "You are sending messages very fast, so I skipped some. "
    "Please wait a moment, then send your last message again."
)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _use_clock(dispatcher, clock: FakeClock) -> None:
    """The dispatcher's throttle with the default limits and a clock the test moves."""
    defaults = Settings.model_fields
    for middleware in dispatcher.update.outer_middleware._middlewares:
        if isinstance(middleware, ThrottlingMiddleware):
            middleware.clock = clock
            middleware.burst = defaults["throttle_burst"].default
            middleware.per_second = defaults["throttle_per_second"].default


async def test_a_flood_gets_one_slow_down_and_others_are_served(person, dispatcher, i18n) -> None:
    clock = FakeClock()
    _use_clock(dispatcher, clock)
    defaults = Settings.model_fields
    burst = defaults["throttle_burst"].default
    per_second = defaults["throttle_per_second"].default
    flooder, neighbour = person(930_001, "so"), person(930_002, "ar")
    slow_down = in_language(i18n, "so", lambda: i18n.gettext(SLOW_DOWN))
    replies = []
    for message in range(100):  # 100 messages in 10 seconds
        clock.now += 0.1
        replies.append((await flooder.send("hello")).texts)
        if message % 10 == 0:
            # Meanwhile a neighbour writing at a normal pace is always served.
            assert (await neighbour.send("/help")).texts
    warnings = [texts for texts in replies if slow_down in texts]
    answered = [texts for texts in replies if texts and slow_down not in texts]

    assert slow_down != SLOW_DOWN  # the flooder is warned in Somali, their language
    assert warnings == [[slow_down]]
    # The burst at once, then one message a second for the 9.9 seconds that follow; the
    # rest is skipped without a word.
    assert len(answered) == burst + int(9.9 * per_second)
    assert len(answered) + len(warnings) + replies.count([]) == 100


async def test_staff_are_not_throttled(person, dispatcher, session_factory) -> None:
    clock = FakeClock()
    _use_clock(dispatcher, clock)
    staff = person(930_003, "sv")
    await staff.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == 930_003).values(role="staff")
        )
    for _message in range(30):
        assert (await staff.send("/help")).texts


@pytest.mark.parametrize("keep", [True, False])
async def test_inactive_residents_are_erased_and_their_ideas_stay_if_the_area_keeps_them(
    person, session_factory, settings, keep: bool
) -> None:
    idea_id = await seed_idea(session_factory, 930_004, "Ett förslag om bänkar vid lekplatsen")
    now = utc_now()
    job = RetentionJob(
        session_factory,
        settings,
        clock=lambda: now + timedelta(days=settings.inactive_resident_retention_days + 1),
        keep_contributions=keep,
    )
    assert await job() == 1
    async with session_factory() as session:
        assert await session.scalar(select(Resident).where(Resident.telegram_id == 930_004)) is None
        idea = await session.get(Idea, idea_id)
    if keep:
        assert idea is not None
        assert idea.author_id is None
    else:
        assert idea is None
