"""An album is answered once: a phone sends one message per photo, and a handler that
refuses photos at this step (or does not understand them) would otherwise say the same
thing for each of them.

Handlers that answer this way carry the ``once_per_album`` flag (``@flags.once_per_album``);
the steps that keep photos collect an album themselves (``handlers.photos``). The albums
answered are remembered in this process only, a bounded few: with several instances a
second one may answer the same album once more, which is all that is lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.dispatcher.flags import get_flag
from aiogram.types import Message, TelegramObject
from cachetools import LRUCache

__all__ = ["ONCE_PER_ALBUM", "OneAnswerPerAlbum"]

ONCE_PER_ALBUM = "once_per_album"


class OneAnswerPerAlbum(BaseMiddleware):
    def __init__(self, remembered: int = 1024) -> None:
        # (chat, album) -> nothing: a set that forgets its oldest.
        self._answered: LRUCache[tuple[int, str], None] = LRUCache(maxsize=remembered)

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
        album = (event.chat.id, event.media_group_id)
        if album in self._answered:
            return None
        self._answered[album] = None
        return await handler(event, data)
