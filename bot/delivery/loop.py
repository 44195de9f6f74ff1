"""The one shape of everything the bot does on its own: a loop that runs its jobs, then
waits until it is woken or its interval has passed, and runs them again.

Woken: a handler has committed something to send (a status change, a broadcast) and it
goes out at once. The interval: what a failed round left behind, or what came due by
the clock (a poll's deadline, retention), is done without anyone asking. A job that
fails is logged and tried again next round; it never stops the loop or the other jobs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress

from aiogram.exceptions import TelegramRetryAfter

__all__ = ["BackgroundLoop", "Job", "cancel_and_wait"]

logger = logging.getLogger(__name__)

# One pass of a job: sends (or forgets) what is due and returns. What it returns (how
# many it handled, say) is for tests; the loop ignores it.
Job = Callable[[], Awaitable[object]]


async def cancel_and_wait(task: asyncio.Task[object]) -> None:
    """Cancel ``task`` and wait until it has ended.

    Not ``with suppress(CancelledError): await task``: that also swallows a cancellation
    of the waiting task that arrives meanwhile, which then carries on as if never
    cancelled (a bot that did not stop on SIGTERM, seen in CI).
    """
    task.cancel()
    await asyncio.wait([task])
    if not task.cancelled() and task.exception() is not None:
        logger.error("%s ended with an error", task.get_name(), exc_info=task.exception())


class BackgroundLoop:
    """Runs ``jobs`` in order at start, whenever woken, and every ``interval`` seconds."""

    def __init__(self, name: str, interval: float) -> None:
        self.name = name
        self.interval = interval
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def alive(self) -> bool:
        """Started and not ended by an error (the health check asks)."""
        return self._task is not None and not self._task.done()

    def wake(self) -> None:
        """Run a round now (or right after the one under way)."""
        self._wake.set()

    def start(self, jobs: Sequence[Job]) -> None:
        if self._task is not None:
            raise RuntimeError(f"the {self.name} loop is already running")
        self._task = asyncio.create_task(self._run(list(jobs)), name=self.name)

    async def stop(self) -> None:
        """Cancel the round under way; jobs record what they sent on the way out."""
        task, self._task = self._task, None
        if task is not None:
            await cancel_and_wait(task)

    async def run_round(self, jobs: Sequence[Job]) -> None:
        for job in jobs:
            try:
                await job()
            except TelegramRetryAfter as error:
                # Telegram's pause applies to the whole bot, so the rest of the round waits.
                await asyncio.sleep(error.retry_after)
            except Exception:
                logger.exception("%s: a round failed; trying again later", self.name)

    async def _run(self, jobs: Sequence[Job]) -> None:
        while True:
            # Cleared before the round: news that arrives during it wakes the next one.
            self._wake.clear()
            await self.run_round(jobs)
            # Not asyncio.wait_for: on Python 3.11 a stop that comes as the loop is woken
            # is lost in it, and the loop runs on.
            with suppress(TimeoutError):
                async with asyncio.timeout(self.interval):
                    await self._wake.wait()
