"""What the bot does on its own, each job in a loop of the one shape (``BackgroundLoop``):

    loop          jobs                                          runs
    outbox        staff alerts, safety messages, status news,   when woken, every 30 s
                  names edited out of the staff chat,
                  translations edited into it
    translations  texts staff or residents cannot read, to the   with the outbox, every 30 s
                  engine (only with TRANSLATE_URL)
    broadcasts    unfinished broadcasts, oldest first           when woken, every 30 s
    poll closing  polls past their deadline, results sent       every 30 s
    retention     forgets what is kept too long                 at start, then hourly

The outbox and the broadcast queue are workflow data (handlers wake them); the other two
only answer to the clock.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.delivery.broadcast_queue import BroadcastQueue
from bot.delivery.broadcast_sender import Limiter
from bot.delivery.job_leases import JobLeases
from bot.delivery.loop import BackgroundLoop, Job
from bot.delivery.outbox import Outbox, deliver_pending
from bot.delivery.poll_closing import PollClosingJob
from bot.delivery.retention import RetentionJob
from bot.delivery.staff_desk import (
    deliver_safety_messages,
    deliver_staff_alerts,
    redact_staff_mentions,
    show_staff_translations,
)
from bot.delivery.translating import EngineHealth, TranslationJob, TranslationWait, Translator
from bot.i18n import Catalogues
from bot.settings import Settings
from bot.translation import TranslationEngine, build_engine

__all__ = ["BackgroundJobs", "outbox_jobs"]

POLL_CLOSING_INTERVAL = 30.0
RETENTION_INTERVAL = 60.0 * 60
# A woken outbox round whose job another instance is running waits this long for it,
# rather than leaving the news to the next interval.
OUTBOX_LEASE_WAIT = 10.0


def outbox_jobs(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
    translations: TranslationWait | None = None,
) -> list[partial[Any]]:
    """One round of the outbox: what it delivers, in order. With ``translations``, staff's
    words for residents wait a little for their translation (``TranslationWait``)."""
    return [
        partial(deliver_staff_alerts, bot, i18n, session_factory, settings, area),
        partial(deliver_safety_messages, bot, i18n, session_factory, settings, translations),
        partial(deliver_pending, bot, i18n, session_factory, translations),
        partial(redact_staff_mentions, bot, i18n, session_factory, settings, area),
        partial(show_staff_translations, bot, i18n, session_factory, settings, area),
    ]


class BackgroundJobs:
    """Every background loop, started together once the bot is up, stopped together."""

    def __init__(
        self,
        outbox: Outbox,
        broadcasts: BroadcastQueue,
        *,
        leases: JobLeases | None = None,
        limiter: Limiter | None = None,
        engine: TranslationEngine | None = None,
    ) -> None:
        self.outbox = outbox
        self.broadcasts = broadcasts
        # Several instances: a job's round runs where its lease is (broadcasts need none,
        # their rows are claimed one batch at a time); the rate is shared through Redis.
        self.leases = leases
        self.limiter = limiter
        self.poll_closing = BackgroundLoop("poll closing", POLL_CLOSING_INTERVAL)
        self.retention = BackgroundLoop("retention", RETENTION_INTERVAL)
        # Only with TRANSLATE_URL: then started, and woken whenever the outbox is.
        self.translations = Translator()
        # The dispatcher's client when given (one HTTP session for the process), else
        # one made from the settings; closed when the jobs stop.
        self.engine = engine

    def start(
        self,
        bot: Bot,
        i18n: Catalogues,
        session_factory: async_sessionmaker[AsyncSession],
        settings: Settings,
        area: AreaProfile,
    ) -> None:
        for loop, jobs in self.rounds(bot, i18n, session_factory, settings, area):
            loop.start(jobs)

    def rounds(
        self,
        bot: Bot,
        i18n: Catalogues,
        session_factory: async_sessionmaker[AsyncSession],
        settings: Settings,
        area: AreaProfile,
    ) -> list[tuple[BackgroundLoop, list[Job]]]:
        """Each loop with its jobs; the simulator runs the rounds itself, in turn."""
        sender = self.broadcasts.sender(
            bot,
            i18n,
            session_factory,
            rate=settings.broadcast_rate,
            default_locale=settings.default_locale,
            zone=settings.zone,
            limiter=self.limiter,
        )
        keep = area.privacy.keep_contributions_after_erasure
        retention = RetentionJob(session_factory, settings, keep_contributions=keep)
        if self.engine is None:
            api_key = settings.translate_api_key
            self.engine = build_engine(
                settings.translate_url,
                api_key.get_secret_value() if api_key else None,
                settings.translate_timeout,
            )
        health = EngineHealth()
        wait = TranslationWait(settings.staff_locale, health) if self.engine else None
        outbox = outbox_jobs(bot, i18n, session_factory, settings, area, wait)
        rounds: list[tuple[BackgroundLoop, list[Job]]] = [
            # Each outbox job runs on one instance at a time, under its own lease.
            (
                self.outbox,
                [self._single(job.func.__name__, job, wait=OUTBOX_LEASE_WAIT) for job in outbox],
            ),
            (self.broadcasts, [sender.resume_all]),
            (
                self.poll_closing,
                [
                    self._single(
                        "poll closing", PollClosingJob(bot, i18n, session_factory, settings)
                    )
                ],
            ),
            (self.retention, [self._single("retention", retention)]),
        ]
        if self.engine is not None:
            translate = TranslationJob(
                self.engine, session_factory, settings, translated=self.outbox.wake, health=health
            )
            self.outbox.also_wake(self.translations)
            rounds.append((self.translations, [self._single("translations", translate)]))
        return rounds

    @property
    def loops(self) -> tuple[BackgroundLoop, ...]:
        base = (self.outbox, self.broadcasts, self.poll_closing, self.retention)
        return base if self.engine is None else (*base, self.translations)

    def _single(self, name: str, job: Job, *, wait: float = 0.0) -> Job:
        return job if self.leases is None else self.leases.guard(name, job, wait=wait)

    async def stop(self) -> None:
        # The broadcast engine records what it sent as it stops (a shielded flush).
        for loop in (
            self.outbox,
            self.translations,
            self.poll_closing,
            self.retention,
            self.broadcasts,
        ):
            await loop.stop()
        if self.engine is not None:
            await self.engine.close()
