"""One running bot process, polling or webhook alike: database, Redis, dispatcher, jobs.

With ``REDIS_URL`` the conversations, the per-resident lock and the broadcast rate live
in Redis, and background jobs take a lease, so any number of instances can share one
PostgreSQL and one Redis. Without it everything is in this process, and a SQLite file
takes one instance only (``db.sqlite_lock``).
"""

from __future__ import annotations

import asyncio
import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from redis.asyncio import Redis
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher
from bot.area import AreaProfile
from bot.delivery.delivery_claims import release_claims
from bot.delivery.job_leases import JobLeases
from bot.delivery.jobs import BackgroundJobs
from bot.delivery.shared_rate import SharedRateLimiter
from bot.i18n import Catalogues
from bot.middlewares.albums import AlbumsAnsweredInRedis
from bot.middlewares.inflight import InFlightUpdates
from bot.middlewares.shared_throttle import shared_throttle
from bot.redis_state import conversation_storage, redis_client
from bot.services.language_detection import warm_up
from bot.settings import Settings
from bot.views.commands import publish_commands
from db.migrate import upgrade_database
from db.session import create_engine, create_session_factory
from db.sqlite_lock import SQLiteInstanceLock

__all__ = [
    "SHUTDOWN_GRACE_SECONDS",
    "Instance",
    "running_instance",
    "settle_heap",
    "start_warm_up",
]

logger = logging.getLogger(__name__)

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


@dataclass
class Instance:
    """What an entry point runs, and what the health check looks at."""

    dispatcher: Dispatcher
    bot: Bot
    engine: AsyncEngine
    redis: Redis | None
    background: BackgroundJobs
    stopping: bool = False

    async def health(self) -> dict[str, bool]:
        """Each part, True when it answers: database, Redis (if used), background jobs."""
        parts = {"database": await _answers_database(self.engine)}
        if self.redis is not None:
            parts["redis"] = await _answers_redis(self.redis)
        parts["jobs"] = all(loop.alive for loop in self.background.loops)
        return parts


async def _answers_database(engine: AsyncEngine) -> bool:
    try:
        async with asyncio.timeout(2), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True


async def _answers_redis(redis: Redis) -> bool:
    try:
        async with asyncio.timeout(2):
            return bool(await redis.ping())
    except Exception:
        return False


def start_warm_up() -> threading.Thread:
    """Load the language models in the background, so the first idea after a start is as
    quick as the second; lingua loads them outside the GIL, leaving the event loop free.

    A daemon thread, not the loop's executor: a process leaving asyncio.run waits for
    every executor thread, and a SIGTERM soon after a start on a busy machine then waited
    for the models to finish loading, past a supervisor's patience."""
    thread = threading.Thread(target=warm_up, name="language-models", daemon=True)
    thread.start()
    return thread


async def _on_startup(
    bot: Bot,
    i18n: Catalogues,
    session_factory: async_sessionmaker[AsyncSession],
    settings: Settings,
    area: AreaProfile,
    background: BackgroundJobs,
) -> None:
    start_warm_up()
    await publish_commands(bot, i18n)
    settle_heap()
    background.start(bot, i18n, session_factory, settings, area)


async def _on_shutdown(inflight: InFlightUpdates, background: BackgroundJobs) -> None:
    if not await inflight.wait_idle(SHUTDOWN_GRACE_SECONDS):
        logger.warning("stopping with updates still in progress; their transactions roll back")
    await background.stop()


@asynccontextmanager
async def running_instance(settings: Settings) -> AsyncIterator[Instance]:
    """Migrated, assembled and ready to start; everything closed on the way out.

    Raises ``AnotherInstanceError`` when another process runs on the same SQLite file.
    """
    lock = SQLiteInstanceLock(settings.database_url)
    lock.acquire()
    engine = create_engine(settings.database_url)
    redis = redis_client(settings) if settings.redis_url else None
    try:
        await upgrade_database(engine)
        session_factory = create_session_factory(engine)
        single = lock.path is not None
        if single:
            # The lock proves no other instance runs: what a crashed one claimed is free.
            await release_claims(session_factory)
        bot = build_bot(settings)
        storage = isolation = limiter = throttle = albums = None
        if redis is not None:
            storage, isolation = conversation_storage(settings, redis)
            key = f"rate:{bot.id}:broadcast"
            limiter = SharedRateLimiter(redis, settings.broadcast_rate, key=key)
            throttle = shared_throttle(settings, redis, bot.id)
            albums = AlbumsAnsweredInRedis(redis, key=f"albums:{bot.id}")
        dispatcher = build_dispatcher(
            settings,
            session_factory,
            storage=storage,
            events_isolation=isolation,
            throttle_counters=throttle,
            answered_albums=albums,
        )
        # The loops handlers wake are the dispatcher's; these start them with the rest.
        background = BackgroundJobs(
            dispatcher["notifier"],
            dispatcher["broadcasts"],
            # One instance (SQLite) needs no lease: no round waits for a database write.
            leases=None if single else JobLeases(session_factory),
            limiter=limiter,
            engine=dispatcher["translation_engine"],
        )
        dispatcher["background"] = background
        dispatcher.startup.register(_on_startup)
        dispatcher.shutdown.register(_on_shutdown)
        # Before aiogram's own closing of the FSM storage: updates still being handled
        # read and write their drafts until they finish.
        dispatcher.shutdown.handlers.insert(0, dispatcher.shutdown.handlers.pop())
        yield Instance(dispatcher, bot, engine, redis, background)
    finally:
        if redis is not None:
            await redis.aclose()
        await engine.dispose()
        lock.release()
