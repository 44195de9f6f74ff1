"""Machine translation in the background: texts staff cannot read are sent to the engine
once and the translation stored with them; the staff chat's alerts and answers are
edited afterwards by the outbox (``show_staff_translations``), so nothing waits for it.

The engine being down, slow, refusing (429, 5xx) loses nothing: no row is written, and
the next round asks again. One warning when it goes away, one line when it is back, not
one per text.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.loop import BackgroundLoop
from bot.services.language_detection import content_language
from bot.services.resident_translations import due_for_residents
from bot.services.translations import TranslationTask, due_for_staff, store_translation
from bot.settings import Settings
from bot.translation import EngineUnavailableError, PairUnsupportedError, TranslationEngine

__all__ = ["EngineHealth", "TranslationJob", "TranslationWait", "Translator"]

logger = logging.getLogger(__name__)

BATCH = 20
TRANSLATION_INTERVAL = 30.0


class EngineHealth:
    """Says once that the engine is unreachable, and once that it is back."""

    def __init__(self) -> None:
        self.down = False

    def failed(self, error: EngineUnavailableError) -> None:
        if not self.down:
            logger.warning(
                "the translation engine cannot be reached (%s); translations wait", error
            )
        self.down = True

    def answered(self) -> None:
        if self.down:
            logger.info("the translation engine answers again; translating what waited")
        self.down = False


@dataclass(frozen=True, slots=True)
class TranslationWait:
    """How long staff's words wait for their translation before going to a resident
    without it: one translator round normally, never while the engine is known to be
    down, and at most ``grace`` (a slow engine delays no one for long)."""

    staff_locale: str
    health: EngineHealth = field(default_factory=lambda: EngineHealth())
    grace: timedelta = timedelta(minutes=2)

    def worth_waiting(self, since: datetime, now: datetime) -> bool:
        return not self.health.down and now - since < self.grace


class TranslationJob:
    """One round: staff's notes and questions into each waiting resident's language
    (first: their news waits for it), then what staff cannot read into theirs."""

    def __init__(
        self,
        engine: TranslationEngine,
        session_factory: async_sessionmaker[AsyncSession],
        settings: Settings,
        translated: Callable[[], None],
        health: EngineHealth | None = None,
    ) -> None:
        self.engine = engine
        self.session_factory = session_factory
        self.staff_locale = settings.staff_locale
        # Wakes the outbox: it edits translations into the staff chat, and sends the news
        # that waited for one.
        self.translated = translated
        self.health = health or EngineHealth()

    async def __call__(self) -> int:
        async with self.session_factory() as session, session.begin():
            tasks = await due_for_residents(session, self.staff_locale, BATCH)
            tasks += await due_for_staff(session, self.staff_locale, BATCH)
        stored = 0
        for task in tasks:
            if task.detect:
                task = await _told_from_text(task)
            if task.source_language == task.target_language:
                async with self.session_factory() as session, session.begin():
                    stored += await store_translation(session, task, None)
                continue
            try:
                text: str | None = await self.engine.translate(
                    task.text, task.source_language, task.target_language
                )
            except PairUnsupportedError:
                text = None
            except EngineUnavailableError as error:
                self.health.failed(error)
                break
            self.health.answered()
            async with self.session_factory() as session, session.begin():
                stored += await store_translation(session, task, text)
        if stored:
            self.translated()
        return stored


async def _told_from_text(task: TranslationTask) -> TranslationTask:
    """The language the text itself shows, when it can be told; else the guess stands.
    An answer in Swedish to an Arabic report is not sent to the engine as Arabic."""
    told = await asyncio.to_thread(content_language, task.text, task.source_language)
    return replace(task, source_language=told or task.source_language, detect=False)


class Translator(BackgroundLoop):
    """The loop that runs ``TranslationJob``; woken with the outbox."""

    def __init__(self, interval: float = TRANSLATION_INTERVAL) -> None:
        super().__init__("translations", interval)
