"""The background loops: a round at start, another when woken, failures contained, and
the outbox and the broadcast queue delivering through them once the bot is up."""

from __future__ import annotations

import asyncio
import logging

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import EditMessageText, SendMessage, TelegramMethod
from sqlalchemy import update

from bot.delivery.broadcast_queue import progress_text
from bot.delivery.jobs import BackgroundJobs
from bot.delivery.loop import BackgroundLoop
from bot.delivery.outbox import status_change_text
from bot.services.broadcasts import BroadcastProgress
from bot.services.lifecycle import change_idea_status
from bot.views.callbacks import AnnounceCallback, AnnounceStep, AudienceCallback
from db.models import Idea, IdeaStatus, Resident, Role
from tests.ideas.helpers import seed_idea
from tests.support.i18n import in_language

# Only a guard against a hanging test: every wait below ends on an event.
PATIENCE = 10
NEVER = 3600.0


async def test_a_round_runs_at_start_and_again_when_woken() -> None:
    rounds: asyncio.Queue[int] = asyncio.Queue()

    async def job() -> None:
        rounds.put_nowait(1)

    loop = BackgroundLoop("test", NEVER)
    loop.start([job])
    try:
        await asyncio.wait_for(rounds.get(), PATIENCE)
        assert rounds.empty()
        loop.wake()
        await asyncio.wait_for(rounds.get(), PATIENCE)
    finally:
        await loop.stop()


async def test_news_during_a_round_wakes_the_next_one() -> None:
    first_round, release, second_round = asyncio.Event(), asyncio.Event(), asyncio.Event()

    async def job() -> None:
        if first_round.is_set():
            second_round.set()
            return
        first_round.set()
        await release.wait()

    loop = BackgroundLoop("test", NEVER)
    loop.start([job])
    try:
        await asyncio.wait_for(first_round.wait(), PATIENCE)
        loop.wake()  # committed while the round was already reading its batch
        release.set()
        await asyncio.wait_for(second_round.wait(), PATIENCE)
    finally:
        await loop.stop()


async def test_a_failing_job_is_logged_and_the_others_still_run(caplog) -> None:
    ran: list[str] = []

    async def broken() -> None:
        raise RuntimeError("database is locked")

    async def paused_by_telegram() -> None:
        raise TelegramRetryAfter(method=None, message="Too Many Requests", retry_after=0)

    async def delivers() -> None:
        ran.append("delivered")

    with caplog.at_level(logging.ERROR, logger="bot.delivery.loop"):
        await BackgroundLoop("outbox", NEVER).run_round([broken, paused_by_telegram, delivers])
    assert ran == ["delivered"]
    # The failure is logged once; Telegram's pause is waited out, not reported as one.
    assert [record.getMessage() for record in caplog.records] == [
        "outbox: a round failed; trying again later"
    ]


async def test_stop_cancels_the_round_under_way() -> None:
    started, cancelled = asyncio.Event(), asyncio.Event()

    async def long_job() -> None:
        started.set()
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    loop = BackgroundLoop("test", NEVER)
    loop.start([long_job])
    await asyncio.wait_for(started.wait(), PATIENCE)
    await loop.stop()
    assert cancelled.is_set()
    loop.start([long_job])  # stopped, it can start again
    await loop.stop()


@pytest.mark.parametrize("turns", range(6))
async def test_a_loop_stopped_as_it_is_woken_stops(turns: int) -> None:
    # On Python 3.11, asyncio.wait_for returned normally when its inner wait ended in the
    # same turn of the event loop as the cancel, and the loop ran on after a SIGTERM.
    rounds = 0
    waiting = asyncio.Event()

    async def count() -> None:
        nonlocal rounds
        rounds += 1
        waiting.set()

    loop = BackgroundLoop("test", NEVER)
    loop.start([count])
    await asyncio.wait_for(waiting.wait(), PATIENCE)
    await asyncio.sleep(0)  # the loop is now waiting to be woken
    loop.wake()
    for _ in range(turns):
        await asyncio.sleep(0)
    stopping = asyncio.create_task(loop.stop())
    done, _ = await asyncio.wait([stopping], timeout=PATIENCE)
    stopping.cancel()
    assert stopping in done, "the loop ran on after it was stopped"
    assert rounds <= 2


def _signal_when(bot, wanted) -> asyncio.Event:
    """An event set when the bot makes a request ``wanted`` accepts."""
    seen = asyncio.Event()

    def check(method: TelegramMethod) -> None:
        if wanted(method):
            seen.set()

    bot.session._on_request = check
    return seen


def _background(dispatcher) -> BackgroundJobs:
    return BackgroundJobs(dispatcher["notifier"], dispatcher["broadcasts"])


async def test_a_status_change_reaches_its_author_once_the_outbox_is_woken(
    dispatcher, bot, i18n, session_factory, settings
) -> None:
    idea_id = await seed_idea(session_factory, 960_001, "Fler bänkar vid lekplatsen")
    expected = in_language(
        i18n, "sv", lambda: status_change_text(idea_id, IdeaStatus.PLANNED, None)
    )
    background = _background(dispatcher)
    background.start(bot, i18n, session_factory, settings, dispatcher["area"])
    try:
        told = _signal_when(bot, lambda m: isinstance(m, SendMessage) and m.text == expected)
        async with session_factory() as session, session.begin():
            idea = await session.get(Idea, idea_id)
            assert idea is not None
            await change_idea_status(session, idea, IdeaStatus.PLANNED, actor_id=None, note=None)
        dispatcher["notifier"].wake()
        await asyncio.wait_for(told.wait(), PATIENCE)
    finally:
        await background.stop()
    told_author = [
        r for r in bot.session.requests if isinstance(r, SendMessage) and r.text == expected
    ]
    assert [int(r.chat_id) for r in told_author] == [960_001]


async def test_a_launched_announcement_goes_out_and_the_organiser_sees_it_finish(
    dispatcher, bot, i18n, session_factory, settings, person
) -> None:
    await person(960_010, "ar").send("/start")
    organiser = person(960_011, "sv")
    await organiser.send("/start")
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Resident).where(Resident.telegram_id == 960_011).values(role=Role.ORGANISER)
        )
    finished = in_language(
        i18n, "sv", lambda: progress_text(BroadcastProgress(2, 0, 0, 0), settings.broadcast_rate)
    )
    done = _signal_when(bot, lambda m: isinstance(m, EditMessageText) and m.text == finished)
    background = _background(dispatcher)
    background.start(bot, i18n, session_factory, settings, dispatcher["area"])
    try:
        await organiser.send("/announce")
        await organiser.send("Gårdsfest på lördag")
        await organiser.press_data(AnnounceCallback(step=AnnounceStep.TRANSLATIONS_DONE).pack())
        await organiser.press_data(AudienceCallback(language="").pack())
        before = len(bot.session.requests)  # the organiser's preview is not the broadcast
        await organiser.press_data(AnnounceCallback(step=AnnounceStep.SEND).pack())
        await asyncio.wait_for(done.wait(), PATIENCE)
    finally:
        await background.stop()
    announced = [
        int(r.chat_id)
        for r in bot.session.requests[before:]
        if isinstance(r, SendMessage) and "Gårdsfest på lördag" in r.text
    ]
    assert sorted(announced) == [960_010, 960_011]
