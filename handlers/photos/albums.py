"""An album is one answer: its photos are noted one by one, the answer comes once.

Each photo of an album goes into the draft when it arrives, and the album's record in
the conversation's FSM data (``ALBUM``: its id, the draft it fills, how many photos were
kept or refused, and a sequence number) counts it. Then a task waits for a quiet moment
and answers only if no later photo of the album came meanwhile: the number it was given
is still the record's. The record lives in the FSM storage (Redis with ``REDIS_URL``), so
whichever instance handled the album's last photo answers, once; the check and the
record's removal happen under the resident's event-isolation lock, the lock their
updates take, so an update being handled finishes first. No database transaction is
open while it waits. A restart in the middle loses no photo (they are in the draft); at
worst the answer, and the next photo of the album brings it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Router
from aiogram.fsm.context import FSMContext
from aiogram.fsm.storage.base import BaseEventIsolation, BaseStorage, StorageKey
from aiogram.types import Message

from handlers.photos.keeping import add_photo_id, photo_file_id
from handlers.step_context import StepContext, StepContextMiddleware

__all__ = [
    "ALBUM",
    "QUIET_SECONDS",
    "AlbumAnswer",
    "AlbumCollector",
    "album_being_collected",
    "build_router",
]

logger = logging.getLogger(__name__)

ALBUM = "album"
# Telegram delivers an album's messages within about a second of each other.
QUIET_SECONDS = 1.0

# Says how many photos were kept and refused, then asks the wizard's current question.
AlbumAnswer = Callable[[StepContext, int, int], Awaitable[None]]


class AlbumCollector:
    """Notes album photos and answers each album once, after it has been quiet."""

    def __init__(
        self,
        storage: BaseStorage,
        isolation: BaseEventIsolation,
        answer: AlbumAnswer,
        *,
        quiet: float = QUIET_SECONDS,
        wait: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.storage = storage
        self.isolation = isolation
        self.answer = answer
        self.quiet = quiet
        self.wait = wait
        self._tasks: set[asyncio.Task[None]] = set()

    async def note(
        self, state: FSMContext, album_id: str, slot: str, kept: bool, context: StepContext
    ) -> None:
        """Count one photo of album ``album_id`` filling draft ``slot``; answer later.

        Called from the photo's update, which holds the resident's lock."""
        album = (await state.get_data()).get(ALBUM)
        if not album or album.get("id") != album_id:
            album = {"id": album_id, "slot": slot, "seq": 0, "kept": 0, "refused": 0}
        album = {
            **album,
            "seq": album["seq"] + 1,
            "kept": album["kept"] + int(kept),
            "refused": album["refused"] + int(not kept),
        }
        await state.update_data({ALBUM: album})
        task = asyncio.create_task(self._finish(state.key, album_id, album["seq"], context))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _finish(self, key: StorageKey, album_id: str, seq: int, context: StepContext) -> None:
        try:
            await self.wait(self.quiet)
            async with self.isolation.lock(key):
                data = await self.storage.get_data(key)
                album = data.get(ALBUM)
                if not album or album.get("id") != album_id or album.get("seq") != seq:
                    return  # a later photo came: its own task answers
                del data[ALBUM]
                await self.storage.set_data(key, data)
            await self.answer(context, album["kept"], album["refused"])
        except Exception:
            # The photos are in the draft already; only this answer is missing.
            logger.exception("the answer to an album was not sent")

    async def idle(self) -> None:
        """Wait until every album noted so far has been answered (or found superseded)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def close(self) -> None:
        """At shutdown: the photos are in the drafts already; only answers still waiting
        are dropped (the storage closes with the dispatcher)."""
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*list(self._tasks), return_exceptions=True)


def album_being_collected(data: dict[str, Any], message: Message) -> dict[str, Any] | None:
    """The record (``ALBUM``) of the album ``message`` belongs to, while it is collected."""
    album = data.get(ALBUM)
    if not message.media_group_id or not album or album.get("id") != message.media_group_id:
        return None
    return album


async def continues_album(message: Message, state: FSMContext) -> bool:
    """A photo of the album being collected, whatever step the wizard has moved on to.

    Not one with a caption while the draft still lacks its words: the album's photos may
    be handled out of order (the Redis lock is not first come, first served), and then
    the step that asks for the words takes the caption as them."""
    if not message.media_group_id or not message.photo:
        return False
    data = await state.get_data()
    album = album_being_collected(data, message)
    if album is None:
        return False
    draft = data.get(album["slot"]) or {}
    return not (message.caption and draft.get("body") is None and not draft.get("voice_file_id"))


async def add_album_photo(
    message: Message, state: FSMContext, albums: AlbumCollector, step: StepContext
) -> None:
    data = await state.get_data()
    album, file_id = data[ALBUM], photo_file_id(message)
    assert file_id is not None
    assert message.media_group_id
    draft = dict(data.get(album["slot"]) or {})
    photos = add_photo_id(list(draft.get("photo_file_ids") or []), file_id)
    if photos is not None:
        await state.update_data({album["slot"]: {**draft, "photo_file_ids": photos}})
    await albums.note(state, message.media_group_id, album["slot"], photos is not None, step)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.middleware(StepContextMiddleware())
    router.message.register(add_album_photo, continues_album)
    return router
