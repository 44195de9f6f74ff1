"""Conversations in Redis: a wizard begun on one instance goes on on another, and after a
restart. Keys carry the bot id, so one Redis can serve several bots (several housing
companies) without their residents' drafts meeting.
"""

from __future__ import annotations

from datetime import timedelta

from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage
from aiogram.fsm.storage.redis import DefaultKeyBuilder, RedisEventIsolation, RedisStorage
from redis.asyncio import Redis

from bot.settings import Settings

__all__ = ["FSM_PREFIX", "conversation_storage", "redis_client"]

FSM_PREFIX = "fsm"
# A draft left alone is expired by the wizard middleware at the resident's next tap; Redis
# forgets it a day after that, so abandoned drafts do not pile up without bound.
KEEP_BEYOND_TIMEOUT = timedelta(days=1)
# Longest one resident's update may hold their lock; a killed instance's lock goes then.
ISOLATION_LOCK_SECONDS = 60


def redis_client(settings: Settings) -> Redis:
    if settings.redis_url is None:
        raise ValueError("REDIS_URL is not set")
    return Redis.from_url(settings.redis_url.get_secret_value())


def conversation_storage(
    settings: Settings, redis: Redis, *, prefix: str = FSM_PREFIX
) -> tuple[BaseStorage, BaseEventIsolation]:
    """aiogram's Redis storage and event isolation, keyed by bot, chat and user."""
    key_builder = DefaultKeyBuilder(prefix=prefix, with_bot_id=True)
    ttl = timedelta(minutes=settings.wizard_timeout_minutes) + KEEP_BEYOND_TIMEOUT
    storage = RedisStorage(redis, key_builder=key_builder, state_ttl=ttl, data_ttl=ttl)
    isolation = RedisEventIsolation(
        redis, key_builder=key_builder, lock_kwargs={"timeout": ISOLATION_LOCK_SECONDS}
    )
    return storage, isolation
