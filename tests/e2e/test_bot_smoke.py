"""Smoke tests of the harness with the real bot process.

They check only what every version of the bot must do: start polling, answer
/start in a private chat with spec-valid requests, survive a restart on the same
database and exit with code 0 on SIGTERM (checked by the fixture's teardown).
"""

from __future__ import annotations

import pytest

from .bot_process import BotProcess, StartBot
from .fake_bot_api import FakeBotAPI, TgUser
from .in_flight import stop_while_answering

pytestmark = pytest.mark.asyncio

RESIDENT = TgUser(id=424242, first_name="Ann", last_name="Berg", language_code="sv")


async def test_bot_answers_start(fake_api: FakeBotAPI, bot_process: BotProcess) -> None:
    startup = [request.method for request in fake_api.requests]
    assert "getMe" in startup
    assert startup[-1] == "getUpdates"

    reply = await fake_api.ask(RESIDENT, "/start")

    assert reply.ok
    assert reply.plain_text
    await fake_api.wait_for_confirmation(fake_api.updates[-1])


async def test_bot_restarts_on_the_same_database(fake_api: FakeBotAPI, start_bot: StartBot) -> None:
    first = await start_bot()
    assert (await fake_api.ask(RESIDENT, "/start")).ok
    await first.stop_cleanly()
    assert first.returncode == 0

    await start_bot()
    assert (await fake_api.ask(RESIDENT, "/start")).ok


async def test_start_bot_reports_a_bot_that_cannot_start(start_bot: StartBot) -> None:
    with pytest.raises(pytest.fail.Exception, match="exited with code") as failure:
        await start_bot(BOT_TOKEN="not-a-token")
    assert "stderr" in str(failure.value)


async def test_an_answer_under_way_at_sigterm_is_finished(
    fake_api: FakeBotAPI, bot_process: BotProcess
) -> None:
    answer = await stop_while_answering(
        fake_api, bot_process, RESIDENT, stopping_log="Received SIGTERM signal"
    )
    assert answer.ok
    assert answer.plain_text
