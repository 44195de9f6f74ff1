"""Per-resident throttling: a burst, then a sustained rate; one "slow down", not fifty.

A token bucket per Telegram user: ``burst`` updates at once, refilled at ``per_second``.
It runs first, from ``event_from_user``, before any database work, so a flood costs
nothing but this bucket. Staff, organisers and administrators are not throttled (they
work in bursts): only an update that finds the bucket empty asks the database who sent
it. The sender is told at most once a minute; other residents are unaffected. With
``REDIS_URL`` the buckets are in Redis (``bot.middlewares.shared_throttle``), shared by every
instance.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update, User
from sqlalchemy.ext.asyncio import async_sessionmaker

from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.middlewares.shared_throttle import SharedThrottleCounters
from bot.services.residents import role_and_language
from bot.settings import Settings
from db.models import Role
from db.session import UnitOfWorkSession

__all__ = ["ThrottlingMiddleware"]

WARN_EVERY = 60.0
FORGET_AFTER = 600.0


@dataclass(slots=True)
class _Bucket:
    tokens: float
    updated: float
    warned_at: float = -WARN_EVERY


class ThrottlingMiddleware(BaseMiddleware):
    def __init__(
        self,
        burst: int,
        per_second: float,
        session_factory: async_sessionmaker[UnitOfWorkSession],
        clock: Callable[[], float] = time.monotonic,
        shared: SharedThrottleCounters | None = None,
    ) -> None:
        # With several instances the buckets are in Redis (REDIS_URL), else here.
        self.shared = shared
        self.burst = burst
        self.per_second = per_second
        self.session_factory = session_factory
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._last_sweep = clock()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        user: User | None = data.get("event_from_user")
        if user is None or user.is_bot:
            return await handler(event, data)
        now = self.clock()
        if await self._take(user.id, now):
            return await handler(event, data)
        settings: Settings = data["settings"]
        if user.id in settings.admin_ids:
            return await handler(event, data)
        async with self.session_factory() as session, session.read():
            role, language = await role_and_language(session, user.id)
        if role is not None and role is not Role.RESIDENT:
            return await handler(event, data)
        if await self._first_warning(user.id, now):
            await self._warn(event, data, language or settings.default_locale)
        return None

    async def _take(self, user_id: int, now: float) -> bool:
        if self.shared is not None:
            return await self.shared.take(user_id)
        self._sweep(now)
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = _Bucket(self.burst, now)
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.per_second)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return True
        return False

    async def _first_warning(self, user_id: int, now: float) -> bool:
        if self.shared is not None:
            return await self.shared.first_warning(user_id, WARN_EVERY)
        bucket = self._buckets[user_id]
        if now - bucket.warned_at < WARN_EVERY:
            return False
        bucket.warned_at = now
        return True

    async def _warn(self, event: TelegramObject, data: dict[str, Any], language: str) -> None:
        i18n: Catalogues = data["i18n"]
        with i18n.context(), i18n.use_locale(language):
            text = _(
                "You are sending messages very fast, so I skipped some. "
                "Please wait a moment, then send your last message again."
            )
        if isinstance(event, Update) and event.callback_query is not None:
            await event.callback_query.answer(text, show_alert=True)
        elif isinstance(event, Update) and event.message is not None:
            await event.message.answer(text)

    def _sweep(self, now: float) -> None:
        # Buckets of people who stopped writing are dropped, so memory stays small.
        if now - self._last_sweep < FORGET_AFTER:
            return
        self._last_sweep = now
        idle = [key for key, bucket in self._buckets.items() if now - bucket.updated > FORGET_AFTER]
        for key in idle:
            del self._buckets[key]
