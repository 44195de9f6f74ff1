"""The broadcast engine: one message to every resident in an audience, within Telegram's
limits, losing no one and messaging no one twice.

- Every recipient has a delivery row before the first message goes out.
- Messages leave evenly spaced at ``rate`` per second (Telegram allows about 30 for a
  bot in bulk); one broadcast is sent at a time, so no chat gets two within a second.
- 429 ``retry_after`` pauses the whole engine, as it applies to the whole bot; 403 marks
  the resident unreachable for later broadcasts until they write again; network errors
  and 5xx are retried with backoff a bounded number of times, then marked failed.
- Results are written in small batches right after sending; a restart resumes with the
  rows still pending. Only messages in flight at a crash (sent, not yet recorded) can
  arrive twice.
- Several instances share a broadcast: each claims a few seconds' worth of rows at a
  time (``FOR UPDATE SKIP LOCKED`` and a lease), and a killed instance's claim runs out
  and is taken over. The rate is shared through the ``Limiter`` given (Redis).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from aiogram import Bot
from aiogram.exceptions import (
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.delivery.delivery_claims import (
    CLAIM_LEASE_SECONDS,
    CLAIM_SECONDS,
    Recipient,
    claim,
    release,
)
from bot.services.broadcasts import BroadcastProgress, progress_of
from db.models import Broadcast, BroadcastState, Delivery, DeliveryState, Resident
from db.types import utc_now

__all__ = [
    "BroadcastSender",
    "Limiter",
    "Outgoing",
    "RateLimiter",
    "Renderer",
]

logger = logging.getLogger(__name__)

# On a clean stop, how long messages already handed to Telegram may take to answer.
SETTLE_SECONDS = 10.0


# A message that would leave later than this after its slot takes a new one: a process the
# machine paused (a busy server) would otherwise send its late messages together with the
# next slots' own, faster than the rate, and Telegram answers such bursts with 429.
LATE_FOR_ITS_SLOT = 0.01


class Limiter(Protocol):
    """Slots for sending; ``pause`` holds every slot (Telegram's 429 is for the whole bot)."""

    async def acquire(self) -> float:
        """Wait for a slot; its time on ``now``'s clock."""
        ...

    async def pause(self, seconds: float) -> None: ...

    def now(self) -> float:
        """The clock slots are on, against which a slot is late: the event loop's."""
        return asyncio.get_running_loop().time()


@dataclass(frozen=True, slots=True)
class Outgoing:
    """What a broadcast says to one resident, in their language."""

    text: str
    reply_markup: InlineKeyboardMarkup | None = None
    photo_file_id: str | None = None


Renderer = Callable[[Broadcast, str], Outgoing]


class RateLimiter(Limiter):
    """Evenly spaced slots at ``rate`` per second, and a pause that holds every slot.

    A slot is kept on the clock, not on when the previous message actually left: a sleep
    that overshoots by a fraction of a slot is made up at the next one. Anything later
    than one slot is not caught up, so no burst ever goes out.
    """

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate
        self._next = 0.0
        self._paused_until = 0.0

    async def pause(self, seconds: float) -> None:
        self._paused_until = max(self._paused_until, self.now() + seconds)

    async def acquire(self) -> float:
        while True:
            now = self.now()
            start = max(self._next, self._paused_until)
            if start <= now:
                self._next = max(self._next, now - self.interval) + self.interval
                # A sleep's overshoot is made up above; lateness counts from here on.
                return now
            await asyncio.sleep(start - now)


class BroadcastSender:
    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        render: Renderer,
        *,
        rate: float = 25.0,
        limiter: Limiter | None = None,
        max_attempts: int = 4,
        batch: int | None = None,
        lease_seconds: float = CLAIM_LEASE_SECONDS,
        # Sends recorded together: a kill re-sends at most these (and those in flight).
        # Measured: 5 costs no rate against 20, and leaves 4-5 duplicates instead of 19.
        flush_every: int = 5,
        backoff: float = 1.0,
        on_progress: Callable[[int, BroadcastProgress], Awaitable[None]] | None = None,
        still_wanted: Callable[[AsyncSession, Broadcast], Awaitable[bool]] | None = None,
    ) -> None:
        self.bot = bot
        self.session_factory = session_factory
        self.render = render
        # Shared between instances (``bot.delivery.shared_rate``) or this process's own.
        self.limiter: Limiter = limiter or RateLimiter(rate)
        self.max_attempts = max_attempts
        # A claim is what this instance can send in a few seconds, so several instances
        # share a broadcast evenly and a killed one leaves little behind.
        self.batch = batch or max(10, int(rate * CLAIM_SECONDS))
        self.lease_seconds = lease_seconds
        self.flush_every = flush_every
        self.backoff = backoff
        self.on_progress = on_progress
        # Asked before each batch: a poll that has closed is not sent to anyone more.
        self.still_wanted = still_wanted
        self.retry_after_count = 0
        self._results: list[tuple[Recipient, DeliveryState]] = []
        self._flushes: set[asyncio.Task[None]] = set()
        # One writer at a time: SQLite has one, and ordering keeps the counts honest.
        self._flush_lock = asyncio.Lock()

    async def resume_all(self) -> None:
        """Finish every broadcast a restart interrupted, oldest first."""
        async with self.session_factory() as session, session.begin():
            unfinished = list(
                await session.scalars(
                    select(Broadcast.id)
                    .where(Broadcast.state == BroadcastState.SENDING)
                    .order_by(Broadcast.id)
                )
            )
        for broadcast_id in unfinished:
            await self.run(broadcast_id)

    async def run(self, broadcast_id: int) -> BroadcastProgress:
        async with self.session_factory() as session, session.begin():
            broadcast = await session.get(Broadcast, broadcast_id)
        if broadcast is None:
            raise LookupError(f"no broadcast {broadcast_id}")
        in_flight: set[asyncio.Task[None]] = set()
        claimed: list[int] = []
        withdrawn = False
        try:
            while True:
                if not await self._wanted(broadcast):
                    withdrawn = True
                    break
                batch = await claim(
                    self.session_factory,
                    broadcast_id,
                    size=self.batch,
                    lease_seconds=self.lease_seconds,
                )
                if not batch.recipients:
                    break
                claimed = batch.delivery_ids
                for index, recipient in enumerate(batch.recipients):
                    slot = await self.limiter.acquire()
                    if utc_now() >= batch.honour_until:
                        # The claim runs out: the rest go back to every instance now.
                        await release(self.session_factory, claimed[index:])
                        break
                    task = asyncio.create_task(self._deliver(broadcast, recipient, slot))
                    in_flight.add(task)
                    task.add_done_callback(in_flight.discard)
                    if len(self._results) >= self.flush_every:
                        self._flush_soon()
                self._flush_soon()
                if self.on_progress is not None:
                    await self._report(broadcast_id)
            await asyncio.gather(*in_flight)
        finally:
            # On a clean stop (SIGTERM) what was sent is recorded and what was claimed but
            # not sent is handed back at once; a kill loses only the messages in flight.
            await asyncio.shield(self._settle(in_flight, claimed))
        async with self.session_factory() as session, session.begin():
            if withdrawn:
                # Nobody more gets it; the rows of those who never did go, so the counts
                # say what happened.
                await session.execute(
                    delete(Delivery).where(
                        Delivery.broadcast_id == broadcast_id,
                        Delivery.state == DeliveryState.PENDING,
                    )
                )
            progress = await progress_of(session, broadcast_id)
            if progress.pending == 0:
                await session.execute(
                    update(Broadcast)
                    .where(Broadcast.id == broadcast_id)
                    .values(state=BroadcastState.DONE, finished_at=utc_now())
                )
        if self.on_progress is not None:
            await self.on_progress(broadcast_id, progress)
        return progress

    async def _settle(self, in_flight: set[asyncio.Task[None]], claimed: list[int]) -> None:
        if in_flight:
            await asyncio.wait(in_flight, timeout=SETTLE_SECONDS)
        await self._flush()
        await release(self.session_factory, claimed)

    async def _wanted(self, broadcast: Broadcast) -> bool:
        if self.still_wanted is None:
            return True
        async with self.session_factory() as session, session.begin():
            return await self.still_wanted(session, broadcast)

    def _flush_soon(self) -> None:
        """Record results without holding up the next send."""
        task = asyncio.create_task(self._flush())
        self._flushes.add(task)
        task.add_done_callback(self._flushes.discard)

    async def _deliver(self, broadcast: Broadcast, recipient: Recipient, slot: float) -> None:
        outgoing = self.render(broadcast, recipient.language)
        attempts = recipient.attempts
        while True:
            while self.limiter.now() - slot > LATE_FOR_ITS_SLOT:
                slot = await self.limiter.acquire()
            try:
                await self._send(recipient.telegram_id, outgoing)
            except TelegramRetryAfter as error:
                self.retry_after_count += 1
                await self.limiter.pause(error.retry_after)
                slot = await self.limiter.acquire()
                continue
            except TelegramForbiddenError:
                self._results.append((recipient, DeliveryState.BLOCKED))
                return
            except (TelegramNetworkError, TelegramServerError):
                attempts += 1
                if attempts >= self.max_attempts:
                    logger.warning("delivery %s failed %d times", recipient.delivery_id, attempts)
                    self._results.append((recipient, DeliveryState.FAILED))
                    return
                await asyncio.sleep(self.backoff * 2 ** (attempts - 1))
                slot = await self.limiter.acquire()
                continue
            self._results.append((recipient, DeliveryState.SENT))
            return

    async def _send(self, chat_id: int, outgoing: Outgoing) -> None:
        if outgoing.photo_file_id:
            await self.bot.send_photo(
                chat_id,
                outgoing.photo_file_id,
                caption=outgoing.text,
                reply_markup=outgoing.reply_markup,
            )
        else:
            await self.bot.send_message(chat_id, outgoing.text, reply_markup=outgoing.reply_markup)

    async def _flush(self) -> None:
        async with self._flush_lock:
            await self._write_results()

    async def _write_results(self) -> None:
        results, self._results = self._results, []
        if not results:
            return
        by_state: dict[DeliveryState, list[int]] = {}
        for recipient, state in results:
            by_state.setdefault(state, []).append(recipient.delivery_id)
        blocked = [r.resident_id for r, state in results if state is DeliveryState.BLOCKED]
        now = utc_now()
        async with self.session_factory() as session, session.begin():
            for state, ids in by_state.items():
                await session.execute(
                    update(Delivery)
                    .where(Delivery.id.in_(ids))
                    .values(
                        state=state,
                        sent_at=now if state is DeliveryState.SENT else None,
                        attempts=Delivery.attempts + 1,
                    )
                )
            if blocked:
                await session.execute(
                    update(Resident).where(Resident.id.in_(blocked)).values(blocked_bot=True)
                )

    async def _report(self, broadcast_id: int) -> None:
        if self.on_progress is None:
            return
        async with self.session_factory() as session, session.begin():
            progress = await progress_of(session, broadcast_id)
        await self.on_progress(broadcast_id, progress)
