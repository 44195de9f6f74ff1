"""The broadcast engine: every recipient once, 403 and 429 and 5xx handled, resumable."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest
from aiogram.exceptions import TelegramForbiddenError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import SendMessage
from sqlalchemy import insert, select, update

from bot.delivery.broadcast_sender import LATE_FOR_ITS_SLOT, BroadcastSender, Limiter, Outgoing
from bot.services.broadcasts import Audience, create_broadcast, progress_of
from db.models import Broadcast, BroadcastState, Resident

RECIPIENTS = 120


def _render(broadcast: Broadcast, language: str):
    texts = broadcast.content["texts"]
    return Outgoing(texts.get(language, texts["sv"]))


async def _residents(session_factory, count: int, **columns) -> None:
    async with session_factory() as session, session.begin():
        await session.execute(
            insert(Resident),
            [
                {
                    "telegram_id": 50_000 + n,
                    "language": ("ar", "so", "sv")[n % 3],
                    **columns,
                }
                for n in range(count)
            ],
        )


async def _broadcast(session_factory, audience: Audience | None = None) -> int:
    async with session_factory() as session, session.begin():
        return await create_broadcast(
            session,
            "announcement",
            {"texts": {"sv": "Hej", "ar": "مرحبا", "so": "Salaan"}},
            audience or Audience(),
            None,
        )


def _sent_per_chat(bot) -> Counter:
    return Counter(
        int(request.chat_id) for request in bot.session.requests if isinstance(request, SendMessage)
    )


async def test_everyone_gets_it_once_in_their_language(bot, session_factory) -> None:
    await _residents(session_factory, RECIPIENTS)
    broadcast_id = await _broadcast(session_factory)
    progress = await BroadcastSender(bot, session_factory, _render, rate=1000).run(broadcast_id)
    assert (progress.sent, progress.pending) == (RECIPIENTS, 0)
    per_chat = _sent_per_chat(bot)
    assert len(per_chat) == RECIPIENTS
    assert set(per_chat.values()) == {1}
    arabic = [r for r in bot.session.requests if isinstance(r, SendMessage) and r.text == "مرحبا"]
    assert len(arabic) == RECIPIENTS // 3


async def test_an_audience_by_language_and_opted_out_residents(bot, session_factory) -> None:
    await _residents(session_factory, 30)
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident)
            .where(Resident.telegram_id == 50_000)
            .values(receives_announcements=False)
        )
    broadcast_id = await _broadcast(session_factory, Audience(language="ar"))
    progress = await BroadcastSender(bot, session_factory, _render, rate=1000).run(broadcast_id)
    assert progress.sent == 9  # ten Arabic speakers, one of whom opted out


async def test_blocked_retry_after_and_server_errors(bot, session_factory, monkeypatch) -> None:
    await _residents(session_factory, 20)
    broadcast_id = await _broadcast(session_factory)
    real_send = bot.send_message
    calls = Counter()

    async def flaky(chat_id, text, **kwargs):
        calls[chat_id] += 1
        if chat_id == 50_001:
            raise TelegramForbiddenError(method=None, message="Forbidden: bot was blocked")
        if chat_id == 50_002 and calls[chat_id] == 1:
            raise TelegramRetryAfter(method=None, message="Too Many Requests", retry_after=0)
        if chat_id == 50_003:
            raise TelegramServerError(method=None, message="Internal Server Error")
        if chat_id == 50_004 and calls[chat_id] < 3:
            raise TelegramServerError(method=None, message="Bad Gateway")
        return await real_send(chat_id, text, **kwargs)

    monkeypatch.setattr(bot, "send_message", flaky)
    sender = BroadcastSender(bot, session_factory, _render, rate=1000, backoff=0, max_attempts=4)
    progress = await sender.run(broadcast_id)
    assert (progress.sent, progress.blocked, progress.failed) == (18, 1, 1)
    assert sender.retry_after_count == 1
    assert calls[50_003] == 4
    async with session_factory() as session:
        blocked = await session.scalar(select(Resident).where(Resident.telegram_id == 50_001))
        assert blocked is not None
        assert blocked.blocked_bot
        assert (await session.get(Broadcast, broadcast_id)).state is BroadcastState.DONE
    # Someone who blocked the bot is left out of the next broadcast.
    async with session_factory() as session, session.begin():
        later = await create_broadcast(
            session, "announcement", {"texts": {"sv": "x"}}, Audience(), None
        )
        assert (await progress_of(session, later)).total == 19


@pytest.mark.parametrize("stop_after", [37, 80])
async def test_a_stop_in_the_middle_resumes_without_doubles(
    bot, session_factory, monkeypatch, stop_after: int
) -> None:
    await _residents(session_factory, RECIPIENTS)
    broadcast_id = await _broadcast(session_factory)
    real_send = bot.send_message
    sent = 0
    stopped = asyncio.Event()

    async def send_then_stop(chat_id, text, **kwargs):
        nonlocal sent
        result = await real_send(chat_id, text, **kwargs)
        sent += 1
        if sent == stop_after:
            stopped.set()
        return result

    monkeypatch.setattr(bot, "send_message", send_then_stop)
    first = asyncio.create_task(
        BroadcastSender(bot, session_factory, _render, rate=1000, flush_every=10).run(broadcast_id)
    )
    await stopped.wait()
    first.cancel()
    with pytest.raises(asyncio.CancelledError):
        await first

    await BroadcastSender(bot, session_factory, _render, rate=1000).resume_all()
    per_chat = _sent_per_chat(bot)
    assert len(per_chat) == RECIPIENTS
    assert set(per_chat.values()) == {1}  # the stop flushed what it had sent
    async with session_factory() as session:
        progress = await progress_of(session, broadcast_id)
    assert (progress.sent, progress.pending) == (RECIPIENTS, 0)


class HeldUpMachine(Limiter):
    """Slots as a busy server hands them out: the machine paused the sender after the first
    one, so by the time its message could leave, that slot is a second old. Its clock moves
    only then, so however busy the machine running the test, no other slot is late."""

    def __init__(self) -> None:
        self.slots: list[float] = []
        self.clock = 100.0

    def now(self) -> float:
        return self.clock

    async def acquire(self) -> float:
        self.slots.append(self.clock)
        if len(self.slots) == 1:
            self.clock += 1.0
        return self.slots[-1]

    async def pause(self, seconds: float) -> None:
        return None


async def test_a_message_held_past_its_slot_waits_for_a_new_one(bot, session_factory) -> None:
    await _residents(session_factory, 3)
    broadcast_id = await _broadcast(session_factory)
    limiter = HeldUpMachine()
    sent_after: list[float] = []
    real_send = bot.send_message

    async def send(chat_id, text, **kwargs):
        sent_after.append(limiter.now() - limiter.slots[-1])
        return await real_send(chat_id, text, **kwargs)

    bot.send_message = send
    progress = await BroadcastSender(bot, session_factory, _render, limiter=limiter).run(
        broadcast_id
    )
    assert (progress.sent, progress.pending) == (3, 0)
    assert set(_sent_per_chat(bot).values()) == {1}
    # The late slot was not used: its message took a fourth, and nothing left late.
    assert len(limiter.slots) == 4
    assert max(sent_after) <= LATE_FOR_ITS_SLOT
