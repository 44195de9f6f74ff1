"""Two instances sending one broadcast: each resident once, together within the rate.

The senders share the database (PostgreSQL when TEST_DATABASE_URL says so: there the
claims use ``FOR UPDATE SKIP LOCKED``) and one rate schedule in Redis.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter

from aiogram.methods import SendMessage
from sqlalchemy import update

from bot.delivery.broadcast_sender import BroadcastSender
from bot.delivery.delivery_claims import claim
from bot.delivery.shared_rate import SharedRateLimiter
from bot.services.broadcasts import progress_of
from db.models import Delivery
from db.types import utc_now
from tests.broadcast.test_engine import _broadcast, _render, _residents

RATE = 100.0


def _sent_per_chat(bot) -> Counter:
    return Counter(
        int(request.chat_id) for request in bot.session.requests if isinstance(request, SendMessage)
    )


def _sender(bot, session_factory, redis, key: str) -> BroadcastSender:
    limiter = SharedRateLimiter(redis, RATE, key=key)
    return BroadcastSender(bot, session_factory, _render, rate=RATE, limiter=limiter, batch=20)


async def test_two_instances_share_a_broadcast_and_its_rate(
    bot, session_factory, redis, redis_prefix
) -> None:
    recipients = 150
    await _residents(session_factory, recipients)
    broadcast_id = await _broadcast(session_factory)
    first = _sender(bot, session_factory, redis, f"{redis_prefix}:rate")
    second = _sender(bot, session_factory, redis, f"{redis_prefix}:rate")
    started = time.monotonic()
    await asyncio.gather(first.run(broadcast_id), second.run(broadcast_id))
    elapsed = time.monotonic() - started

    per_chat = _sent_per_chat(bot)
    assert len(per_chat) == recipients
    assert set(per_chat.values()) == {1}
    # 150 slots 1/100 s apart, whichever instance took them: never faster than the rate.
    assert elapsed >= (recipients - 1) / RATE
    async with session_factory() as session:
        progress = await progress_of(session, broadcast_id)
    assert (progress.sent, progress.pending) == (recipients, 0)


async def test_rows_a_killed_instance_claimed_are_sent_once_its_claim_runs_out(
    bot, session_factory, redis, redis_prefix
) -> None:
    await _residents(session_factory, 60)
    broadcast_id = await _broadcast(session_factory)
    killed = _sender(bot, session_factory, redis, f"{redis_prefix}:rate")
    # Claimed, then the process died.
    claimed = await claim(session_factory, broadcast_id, size=killed.batch, lease_seconds=60)
    assert len(claimed.recipients) == 20

    survivor = _sender(bot, session_factory, redis, f"{redis_prefix}:rate")
    progress = await survivor.run(broadcast_id)
    assert (progress.sent, progress.pending) == (40, 20)  # not while the claim holds

    async with session_factory() as session, session.begin():
        await session.execute(update(Delivery).values(claimed_until=utc_now()))
    progress = await survivor.run(broadcast_id)
    assert (progress.sent, progress.pending) == (60, 0)
    assert set(_sent_per_chat(bot).values()) == {1}


async def test_a_429_pauses_every_instance(redis, redis_prefix) -> None:
    first = SharedRateLimiter(redis, 1000, key=f"{redis_prefix}:rate")
    second = SharedRateLimiter(redis, 1000, key=f"{redis_prefix}:rate")
    await first.acquire()
    await first.pause(0.3)
    started = time.monotonic()
    await second.acquire()
    assert time.monotonic() - started >= 0.25


async def test_each_slot_comes_at_its_time_on_this_clock(redis, redis_prefix) -> None:
    first = SharedRateLimiter(redis, 10, key=f"{redis_prefix}:rate")
    second = SharedRateLimiter(redis, 10, key=f"{redis_prefix}:rate")
    loop = asyncio.get_running_loop()
    taken = await first.acquire()
    assert taken <= loop.time()
    following = await second.acquire()
    # The next slot is a tenth of a second later, whichever instance takes it, and it is
    # not handed out before its time.
    assert 0.09 <= following - taken <= 0.2
    assert following <= loop.time()
