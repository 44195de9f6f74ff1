"""Counts updates being handled, so shutdown can let them finish instead of cutting them.

aiogram's polling runs each update as a task and does not wait for those tasks when it
stops; a resident whose idea was being saved at SIGTERM should still get their answer.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject

__all__ = ["InFlightUpdates"]


class InFlightUpdates(BaseMiddleware):
    def __init__(self) -> None:
        self._running = 0
        self._idle = asyncio.Event()
        self._idle.set()

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        self._running += 1
        self._idle.clear()
        try:
            return await handler(event, data)
        finally:
            self._running -= 1
            if self._running == 0:
                self._idle.set()

    async def wait_idle(self, grace_seconds: float) -> bool:
        """Wait until no update is being handled; False if the timeout ran out first."""
        try:
            async with asyncio.timeout(grace_seconds):
                await self._idle.wait()
        except TimeoutError:
            return False
        return True
