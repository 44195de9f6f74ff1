"""A background job's round runs on one instance at a time; a dead holder's lease ends."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import update

from bot.delivery.job_leases import JobLeases
from db.models import JobLease
from db.types import utc_now


async def test_one_holder_at_a_time_and_a_given_back_lease_is_free(session_factory) -> None:
    first, second = JobLeases(session_factory), JobLeases(session_factory)
    assert await first.take("poll closing")
    assert await first.take("poll closing")  # renewing
    assert not await second.take("poll closing")
    assert await second.take("retention")  # another job is another lease
    await first.give_back("poll closing")
    assert await second.take("poll closing")


async def test_a_killed_holders_lease_is_taken_over_when_it_runs_out(session_factory) -> None:
    dead, alive = JobLeases(session_factory), JobLeases(session_factory)
    assert await dead.take("notifications")
    assert not await alive.take("notifications")
    async with session_factory() as session, session.begin():
        await session.execute(update(JobLease).values(expires_at=utc_now()))
    assert await alive.take("notifications")


async def test_two_instances_running_a_guarded_round_together_run_it_once(
    session_factory,
) -> None:
    rounds: list[str] = []
    first_started = asyncio.Event()
    both_asked = asyncio.Event()

    def job(name: str):
        async def run() -> None:
            rounds.append(name)
            first_started.set()
            await both_asked.wait()  # the round is still under way when the other asks

        return run

    first = JobLeases(session_factory).guard("poll closing", job("first"))
    second = JobLeases(session_factory).guard("poll closing", job("second"))
    running = asyncio.create_task(first())
    await first_started.wait()
    assert await second() is None  # skipped: the first holds the lease
    both_asked.set()
    await running
    assert rounds == ["first"]
    # The round gave the lease back: the next round may run anywhere.
    await second()
    assert rounds == ["first", "second"]


async def test_a_round_stopped_as_it_finishes_is_stopped_and_gives_its_lease_back(
    session_factory,
) -> None:
    # Shutdown's cancel arriving just as the round ends, while the lease's keeper is being
    # stopped: the round must end cancelled (a bot once ignored SIGTERM here).
    leases = JobLeases(session_factory)
    this_round: asyncio.Task[object] | None = None

    async def run() -> None:
        assert this_round is not None
        asyncio.get_running_loop().call_soon(this_round.cancel)

    this_round = asyncio.create_task(leases.guard("poll closing", run)())
    with pytest.raises(asyncio.CancelledError):
        await this_round
    assert await JobLeases(session_factory).take("poll closing")  # given back
