"""Long polling, with start-up (migrations, command menu) and a clean shutdown."""

from __future__ import annotations

import asyncio
import gc
import logging

from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher
from bot.area import AreaProfile
from bot.delivery.jobs import BackgroundJobs
from bot.i18n import Catalogues
from bot.middlewares.inflight import InFlightUpdates
from bot.services.language_detection import warm_up
from bot.settings import Settings
from bot.views.commands import publish_commands
from db.migrate import upgrade_database
from db.session import create_engine, create_session_factory

__all__ = ["run_polling"]

logger = logging.getLogger(__name__)
# Updates handled at once. When a poll goes out, thousands of taps arrive within seconds;
# beyond this many, polling waits for a free place instead of starting more tasks, so the
# event loop and memory stay bounded and each tap is served in the order it came.
UPDATES_AT_ONCE = 64

# How long a SIGTERM waits for updates already being handled (saving an idea, say).
SHUTDOWN_GRACE_SECONDS = 20


def settle_heap() -> None:
    """Keep the garbage collector off what start-up built for good.

    The modules, routers, catalogues and SQL caches are a few hundred thousand objects
    that live as long as the process; every full collection walked them all and held the
    event loop for 100-300 ms under load. Frozen, they are never walked again.
    """
    gc.collect()
    gc.freeze()


async def _on_startup(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
    background: BackgroundJobs,
) -> None:
    # The first idea after a start should not wait for language models to load; lingua
    # loads them outside the GIL, so this thread leaves the event loop free.
    asyncio.get_running_loop().run_in_executor(None, warm_up)
    await publish_commands(bot, i18n)
    settle_heap()
    background.start(bot, i18n, session_factory, settings, area)


async def _on_shutdown(inflight: InFlightUpdates, background: BackgroundJobs) -> None:
    if not await inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
        logger.warning("stopping with updates still in progress; their transactions roll back")
    await background.stop()


async def run_polling(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    try:
        await upgrade_database(engine)
        dispatcher: Dispatcher = build_dispatcher(settings, create_session_factory(engine))
        # The loops handlers wake are the dispatcher's; these start them with the rest.
        dispatcher["background"] = BackgroundJobs(dispatcher["notifier"], dispatcher["broadcasts"])
        dispatcher.startup.register(_on_startup)
        dispatcher.shutdown.register(_on_shutdown)
        bot = build_bot(settings)
        logger.info("polling %s", settings.telegram_api_base or "Telegram")
        await dispatcher.start_polling(
            bot, handle_signals=True, tasks_concurrency_limit=UPDATES_AT_ONCE
        )
    finally:
        await engine.dispose()
