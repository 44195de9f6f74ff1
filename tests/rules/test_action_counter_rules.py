"""The 24-hour counts kept under a sender's key: they count one key and one kind, to the
second, and go once they are a day old."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.services.action_counters import (
    COUNTER_LIFETIME,
    IDEA,
    REPORT,
    actions_today,
    count_action,
    forget_old,
)
from db.models import ActionCounter
from tests.rules.helpers import NOW

SECOND = timedelta(seconds=1)


async def test_a_count_is_for_its_key_and_kind_until_it_is_a_day_old(session_factory) -> None:
    async with session_factory() as session, session.begin():
        for key, kind in (("mine", IDEA), ("mine", IDEA), ("mine", REPORT), ("theirs", IDEA)):
            await count_action(session, key, kind, NOW)
        counted = {
            (key, kind, at): await actions_today(session, key, kind, at)
            for key in ("mine", "theirs", "nobody")
            for kind in (IDEA, REPORT)
            for at in (NOW + COUNTER_LIFETIME - SECOND, NOW + COUNTER_LIFETIME)
        }

    almost = NOW + COUNTER_LIFETIME - SECOND
    day = NOW + COUNTER_LIFETIME
    assert counted == {
        ("mine", IDEA, almost): 2,
        ("mine", IDEA, day): 0,
        ("mine", REPORT, almost): 1,
        ("mine", REPORT, day): 0,
        ("theirs", IDEA, almost): 1,
        ("theirs", IDEA, day): 0,
        ("theirs", REPORT, almost): 0,
        ("theirs", REPORT, day): 0,
        ("nobody", IDEA, almost): 0,
        ("nobody", IDEA, day): 0,
        ("nobody", REPORT, almost): 0,
        ("nobody", REPORT, day): 0,
    }


async def test_counts_a_day_old_are_forgotten_and_younger_ones_kept(session_factory) -> None:
    async with session_factory() as session, session.begin():
        await count_action(session, "old", IDEA, NOW)
        await count_action(session, "old", REPORT, NOW)
        await count_action(session, "young", IDEA, NOW + SECOND)
        forgotten = await forget_old(session, NOW + COUNTER_LIFETIME)
        again = await forget_old(session, NOW + COUNTER_LIFETIME)
        left = list(await session.execute(select(ActionCounter.key, ActionCounter.kind)))

    assert (forgotten, again) == (2, 0)
    assert [tuple(row) for row in left] == [("young", IDEA)]


async def test_counting_forgets_the_counts_a_day_old(session_factory) -> None:
    async with session_factory() as session, session.begin():
        await count_action(session, "mine", IDEA, NOW)
        await count_action(session, "theirs", REPORT, NOW + SECOND)
        await count_action(session, "mine", IDEA, NOW + COUNTER_LIFETIME)
        left = sorted(
            (key, kind, at.replace(tzinfo=None))
            for key, kind, at in await session.execute(
                select(ActionCounter.key, ActionCounter.kind, ActionCounter.created_at)
            )
        )

    naive = NOW.replace(tzinfo=None)
    assert left == [
        ("mine", IDEA, naive + COUNTER_LIFETIME),
        ("theirs", REPORT, naive + SECOND),
    ]
