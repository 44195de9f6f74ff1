"""An update still being answered when the bot is told to stop (a deploy, a restart)."""

from __future__ import annotations

import asyncio
import signal

from .bot_process import SHUTDOWN_TIMEOUT, BotProcess
from .fake_bot_api import FakeBotAPI, TgUser
from .recorded_request import Request


async def stop_while_answering(
    api: FakeBotAPI, bot: BotProcess, user: TgUser, *, stopping_log: str
) -> Request:
    """``user`` sends /start; Telegram holds the bot's answer until the bot has begun to
    stop on SIGTERM (``stopping_log`` is in its log), then takes it. Returns that answer,
    once the bot has exited cleanly, having received it."""
    held, release = asyncio.Event(), asyncio.Event()

    async def hold_the_answer(request: Request) -> object:
        if request.chat_id == user.id and not held.is_set():
            held.set()
            await release.wait()
        return api.answer_normally(request)

    api.handlers["sendMessage"] = hold_the_answer
    try:
        api.push_message(user, "/start")
        await asyncio.wait_for(held.wait(), SHUTDOWN_TIMEOUT)
        bot.process.send_signal(signal.SIGTERM)
        await bot.wait_for_log(stopping_log)
        release.set()
        await asyncio.wait_for(bot.process.wait(), SHUTDOWN_TIMEOUT)
    finally:
        release.set()
        del api.handlers["sendMessage"]
    assert await bot.stop() == 0, bot.logs()
    log = bot.tail("stderr", 10_000)
    # The bot neither gave up on the update nor lost Telegram's answer to it.
    assert "still in progress" not in log
    assert " ERROR " not in log
    (answer,) = [r for r in api.sent_to(user.id) if r.method == "sendMessage"][:1]
    return answer
