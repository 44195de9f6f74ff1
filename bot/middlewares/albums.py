"""An album is answered once: a phone sends one message per photo, and a handler that
refuses photos at this step (or does not understand them) would otherwise say the same
thing for each of them.

Handlers that answer this way carry the ``once_per_album`` flag (``@flags.once_per_album``);
the steps that keep photos collect an album themselves (``handlers.photos``). Which albums
were answered is remembered where every instance that may get one of its photos sees it:
in this process when it is the only one (a bounded few), in Redis with ``REDIS_URL``,
where the first instance to claim an album answers it and the claim expires on its own.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import Message, TelegramObject
from cachetools import LRUCache
from redis.asyncio import Redis

__all__ = [
    "ONCE_PER_ALBUM",
    "AlbumsAnsweredHere",
    "AlbumsAnsweredInRedis",
    "AnsweredAlbums",
    "OneAnswerPerAlbum",
]

ONCE_PER_ALBUM = "once_per_album"
# Telegram delivers an album's messages within about a second; a claim outlives that.
CLAIM_SECONDS = 600


class AnsweredAlbums(Protocol):
    async def claim(self, chat_id: int, album_id: str) -> bool:
        """True for the first of an album's messages to ask, False for the others."""
        ...


class AlbumsAnsweredHere:
    """The last albums answered by this process: enough when it is the only one."""

    def __init__(self, remembered: int = 1024) -> None:
        # (chat, album) -> nothing: a set that forgets its oldest.
        self._answered: LRUCache[tuple[int, str], None] = LRUCache(maxsize=remembered)

    async def claim(self, chat_id: int, album_id: str) -> bool:
        if (chat_id, album_id) in self._answered:
            return False
        self._answered[chat_id, album_id] = None
        return True


class AlbumsAnsweredInRedis:
    """Albums answered by any instance sharing this Redis; ``key`` names the bot."""

    def __init__(self, redis: Redis, *, key: str, keep_seconds: int = CLAIM_SECONDS) -> None:
        self.redis = redis
        self.key = key
        self.keep_seconds = keep_seconds

    async def claim(self, chat_id: int, album_id: str) -> bool:
        name = f"{self.key}:{chat_id}:{album_id}"
        return bool(await self.redis.set(name, 1, nx=True, ex=self.keep_seconds))


class OneAnswerPerAlbum(BaseMiddleware):
    def __init__(self, answered: AnsweredAlbums | None = None) -> None:
        self.answered = answered or AlbumsAnsweredHere()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        if (
            not isinstance(event, Message)
            or not event.media_group_id
            or not get_flag(data, ONCE_PER_ALBUM)
        ):
            return await handler(event, data)
        if not await self.answered.claim(event.chat.id, event.media_group_id):
            return None
        return await handler(event, data)
