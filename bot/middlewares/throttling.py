"""Per-resident throttling: a burst, then a sustained rate; one "slow down", not fifty.

A token bucket per Telegram user: ``burst`` updates at once, refilled at ``per_second``.
An update that finds the bucket empty is dropped; the sender is told at most once a
minute. Staff, organisers and administrators are not throttled: they work in bursts.
Other residents are unaffected: each has their own bucket.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject, Update
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from db.models import Resident, Role

__all__ = ["ThrottlingMiddleware"]

WARN_EVERY = 60.0
FORGET_AFTER = 600.0


@dataclass
class _Bucket:
    tokens: float
    updated: float
    warned_at: float = -WARN_EVERY


class ThrottlingMiddleware(BaseMiddleware):
    def __init__(
        self, burst: int, per_second: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.burst = burst
        self.per_second = per_second
        self.clock = clock
        self._buckets: dict[int, _Bucket] = {}
        self._last_sweep = clock()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        resident: Resident | None = data.get("resident")
        if resident is None or resident.role is not Role.RESIDENT:
            return await handler(event, data)
        now = self.clock()
        self._sweep(now)
        bucket = self._buckets.setdefault(resident.telegram_id, _Bucket(self.burst, now))
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.per_second)
        bucket.updated = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return await handler(event, data)
        if now - bucket.warned_at >= WARN_EVERY:
            bucket.warned_at = now
            await self._warn(event, data, resident)
        return None

    async def _warn(self, event: TelegramObject, data: dict[str, Any], resident: Resident) -> None:
        i18n: I18n = data["i18n"]
        with i18n.context(), i18n.use_locale(resident.language):
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
