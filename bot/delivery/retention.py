"""Retention, applied by the bot itself: what is kept longer than the settings allow is
forgotten, one pass each time the retention loop runs (``bot.delivery.jobs``)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.services.action_counters import forget_old as forget_old_counters
from bot.services.personal_data import forget_resident, inactive_residents
from bot.services.safety import forget_expired_links
from bot.settings import Settings
from db.types import utc_now

__all__ = ["RetentionJob"]


class RetentionJob:
    """One pass of retention; the clock is injectable for tests.

    The 24-hour abuse counters are deleted when their day is over. Who sent a safety
    report is forgotten after REPORT_LINK_RETENTION_DAYS; residents
    silent for INACTIVE_RESIDENT_RETENTION_DAYS are erased; their contributions stay,
    linked to nobody, where the area profile keeps them after erasure.
    """

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        settings: Settings,
        clock=utc_now,
        *,
        keep_contributions: bool = False,
    ) -> None:
        self.session_factory = session_factory
        self.settings = settings
        self.keep_contributions = keep_contributions
        self.clock = clock

    async def __call__(self) -> int:
        """Returns how many links and residents were forgotten."""
        now = self.clock()
        async with self.session_factory() as session, session.begin():
            await forget_old_counters(session, now)
            removed = await forget_expired_links(
                session, timedelta(days=self.settings.report_link_retention_days), now
            )
            inactive = await inactive_residents(
                session, timedelta(days=self.settings.inactive_resident_retention_days), now
            )
            for resident_id in inactive:
                # What they sent stays for the area, linked to nobody, if the profile says so.
                await forget_resident(
                    session, resident_id, keep_contributions=self.keep_contributions
                )
        return removed + len(inactive)
