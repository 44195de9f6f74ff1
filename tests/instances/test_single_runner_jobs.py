"""Two instances run the poll closer at the same moment: the organiser gets the results
once, because a round runs only where the job's lease is."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from aiogram.methods import SendMessage

from bot.delivery.job_leases import JobLeases
from bot.delivery.poll_closing import PollClosingJob
from bot.services.polls import create_poll
from db.models import Role
from db.types import utc_now
from tests.rules.helpers import new_resident
from tests.rules.test_poll_rules import new_poll


async def test_two_poll_closers_at_once_send_the_results_once(
    bot, i18n, settings, session_factory, monkeypatch
) -> None:
    async with session_factory() as session, session.begin():
        organiser = await new_resident(session, 940_001, role=Role.ORGANISER)
        await create_poll(
            session, new_poll(closes_at=utc_now() - timedelta(minutes=1)), organiser.id
        )
    # The first results message is slow to leave, so both rounds are under way together.
    sending = asyncio.Event()
    leave = asyncio.Event()
    real_send = bot.send_message

    async def slow_send(*args, **kwargs):
        sending.set()
        await leave.wait()
        return await real_send(*args, **kwargs)

    monkeypatch.setattr(bot, "send_message", slow_send)
    closers = [
        JobLeases(session_factory).guard(
            "poll closing", PollClosingJob(bot, i18n, session_factory, settings)
        )
        for _ in range(2)
    ]
    first = asyncio.create_task(closers[0]())
    await sending.wait()
    second = asyncio.create_task(closers[1]())
    assert await second is None  # the lease is held: this round does not run
    leave.set()
    assert await first == 1
    results = [r for r in bot.session.requests if isinstance(r, SendMessage)]
    assert [r.chat_id for r in results] == [940_001]
    # Later rounds, wherever they run, have nothing left to send.
    assert await closers[1]() == 0
