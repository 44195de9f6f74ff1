"""What the bot does on its own, round after round: deliveries, retention, closing polls."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import partial

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.delivery.outbox import Job, deliver_pending
from bot.delivery.poll_closing import PollClosingJob
from bot.delivery.staff_desk import deliver_safety_messages, deliver_staff_alerts
from bot.i18n import Catalogues
from bot.services.personal_data import forget_resident, inactive_residents
from bot.services.safety import forget_expired_links
from bot.settings import Settings
from db.types import utc_now

__all__ = ["RetentionJob", "background_jobs"]

RETENTION_INTERVAL = timedelta(hours=1)


class RetentionJob:
    """Applies retention at start and then hourly; the clock is injectable for tests.

    Who sent a safety report is forgotten after REPORT_LINK_RETENTION_DAYS; residents
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
        self._last_run: datetime | None = None

    async def __call__(self) -> int:
        now = self.clock()
        if self._last_run is not None and now - self._last_run < RETENTION_INTERVAL:
            return 0
        async with self.session_factory() as session, session.begin():
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
        self._last_run = now
        return removed + len(inactive)


def background_jobs(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
) -> list[Job]:
    return [
        partial(deliver_staff_alerts, bot, i18n, session_factory, settings, area),
        partial(deliver_safety_messages, bot, i18n, session_factory, settings),
        partial(deliver_pending, bot, i18n, session_factory),
        RetentionJob(
            session_factory,
            settings,
            keep_contributions=area.privacy.keep_contributions_after_erasure,
        ),
        PollClosingJob(bot, i18n, session_factory, settings),
    ]
