"""A background job runs on one instance at a time: a lease with expiry in the database.

Every instance runs the same loops; a round of a job first takes the job's lease, runs
only if it got it, and gives it back at the end. While the round runs the lease is
renewed, so a long round keeps it; a killed instance stops renewing and another instance
takes the job over within ``seconds``. One database row per job; only used with
several instances (PostgreSQL): on SQLite there is one instance, and no lease.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from datetime import timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.loop import Job, cancel_and_wait
from db.models import JobLease
from db.types import utc_now

__all__ = ["LEASE_SECONDS", "JobLeases"]

logger = logging.getLogger(__name__)

# How long a killed instance's job waits for another instance.
LEASE_SECONDS = 60.0
# How often a woken round asks again for a lease another instance holds.
RETRY_TAKE_SECONDS = 0.5


class JobLeases:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        *,
        holder: str | None = None,
        seconds: float = LEASE_SECONDS,
    ) -> None:
        self.session_factory = session_factory
        self.holder = holder or secrets.token_hex(8)
        self.seconds = seconds

    async def take(self, job: str) -> bool:
        """The lease for ``job``, if nobody else holds it; renews one already held."""
        now = utc_now()
        until = now + timedelta(seconds=self.seconds)
        async with self.session_factory() as session, session.begin():
            taken = await session.execute(
                update(JobLease)
                .where(
                    JobLease.job == job,
                    or_(JobLease.holder == self.holder, JobLease.expires_at < now),
                )
                .values(holder=self.holder, expires_at=until)
            )
            if taken.rowcount:
                return True
            try:
                async with session.begin_nested():
                    session.add(JobLease(job=job, holder=self.holder, expires_at=until))
            except IntegrityError:
                return False  # held by another instance (or it was just created by one)
        return True

    async def give_back(self, job: str) -> None:
        async with self.session_factory() as session, session.begin():
            await session.execute(
                delete(JobLease).where(JobLease.job == job, JobLease.holder == self.holder)
            )

    def guard(self, job: str, run: Job, *, wait: float = 0.0) -> Job:
        """``run`` as a job that does its round only while holding ``job``'s lease.

        With ``wait``, a round that finds the lease held tries again for that long: the
        other instance's round may have begun before what woke this one was committed,
        and the news should not wait for the next interval.
        """

        async def guarded() -> object:
            if not await self._take_within(job, wait):
                return None
            keeper = asyncio.create_task(self._keep(job), name=f"lease {job}")
            try:
                return await run()
            finally:
                try:
                    await cancel_and_wait(keeper)
                finally:
                    # Given back even when the round is cancelled at shutdown, so another
                    # instance need not wait for the lease to run out.
                    await asyncio.shield(self.give_back(job))

        return guarded

    async def _take_within(self, job: str, wait: float) -> bool:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while not await self.take(job):
            if loop.time() >= deadline:
                return False
            await asyncio.sleep(RETRY_TAKE_SECONDS)
        return True

    async def _keep(self, job: str) -> None:
        while True:
            await asyncio.sleep(self.seconds / 3)
            try:
                if not await self.take(job):
                    logger.warning("lost the lease for %s; another instance took it", job)
                    return
            except Exception:
                logger.exception("could not renew the lease for %s", job)
