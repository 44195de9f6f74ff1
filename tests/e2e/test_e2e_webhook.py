"""The real process in webhook mode: the same journeys as polling, updates POSTed to it
the way Telegram does, a request without the secret refused, health and a clean stop."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest_asyncio

# Modules, not their test functions: imported by name, pytest would run them here again.
from . import test_e2e_ideas, test_e2e_polls, test_e2e_safety
from .bot_process import BotProcess, StartBot, launch_bot
from .fake_bot_api import FakeBotAPI, TgUser
from .in_flight import stop_while_answering
from .webhook_delivery import SECRET_HEADER, deliver_by_webhook, free_port

SECRET = "e2e_webhook_secret-0123456789"
PUBLIC_URL = "https://bot.example.test/telegram"


@pytest_asyncio.fixture
async def webhook_port() -> int:
    return free_port()


@pytest_asyncio.fixture
async def start_webhook_bot(
    fake_api: FakeBotAPI, database_url: str, tmp_path: Path, webhook_port: int
) -> AsyncIterator[StartBot]:
    """Like ``start_bot``, in webhook mode, with Telegram's side POSTing the updates."""
    processes: list[BotProcess] = []
    environment = {
        "WEBHOOK_URL": PUBLIC_URL,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_LISTEN": f"127.0.0.1:{webhook_port}",
    }

    async def start(**extra_env: str) -> BotProcess:
        return await launch_bot(
            fake_api,
            number=len(processes) + 1,
            database_url=database_url,
            log_dir=tmp_path,
            extra_env={**environment, **extra_env},
            started=processes,
            ready_method="setWebhook",
        )

    # The reverse proxy: the public https address ends up at WEBHOOK_LISTEN.
    async with deliver_by_webhook(fake_api, f"http://127.0.0.1:{webhook_port}/telegram"):
        yield start
        for process in processes:
            if not process.stopped:
                await process.stop_cleanly()
    assert fake_api.webhook_answers
    assert set(fake_api.webhook_answers) == {200}, "every update accepted the first time"


@pytest_asyncio.fixture
async def webhook_bot(start_webhook_bot: StartBot) -> BotProcess:
    return await start_webhook_bot()


async def test_sharing_an_idea_through_the_webhook(
    fake_api: FakeBotAPI, webhook_bot: BotProcess
) -> None:
    await test_e2e_ideas.test_sharing_supporting_and_following_up(fake_api, webhook_bot)


async def test_safety_reports_through_the_webhook(
    fake_api: FakeBotAPI, webhook_bot: BotProcess
) -> None:
    journey = test_e2e_safety.test_private_and_anonymous_reports_at_the_staff_desk
    await journey(fake_api, webhook_bot)


async def test_a_poll_through_the_webhook(
    fake_api: FakeBotAPI, start_webhook_bot: StartBot
) -> None:
    journey = test_e2e_polls.test_a_poll_in_four_languages_answered_and_counted
    await journey(fake_api, start_webhook_bot)


async def test_the_webhook_takes_only_requests_with_its_secret_and_stops_cleanly(
    fake_api: FakeBotAPI, webhook_bot: BotProcess, webhook_port: int
) -> None:
    (request,) = fake_api.requests_for("setWebhook")
    assert request.params["url"] == PUBLIC_URL
    assert request.params["secret_token"] == SECRET
    assert request.params["drop_pending_updates"] is False
    assert {"message", "callback_query"} <= set(request.params["allowed_updates"])
    assert not fake_api.requests_for("getUpdates")

    forged_text = "forged-update-text-4711"
    update = {
        "update_id": 999_999,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": {"id": 8002, "type": "private"},
            "from": {"id": 8002, "is_bot": False, "first_name": "Mallory"},
            "text": f"/start {forged_text}",
        },
    }
    url = f"http://127.0.0.1:{webhook_port}/telegram"
    async with aiohttp.ClientSession() as http:
        for headers in ({}, {SECRET_HEADER: "not-the-secret-0123456789"}):
            async with http.post(url, json=update, headers=headers) as response:
                assert response.status == 401
        async with http.get(f"http://127.0.0.1:{webhook_port}/healthz") as response:
            assert response.status == 200
            assert await response.json() == {"status": "ok", "database": True, "jobs": True}
    # The bot answered a real update after the forged ones, and never the forged one.
    await fake_api.ask(TgUser(id=8003, language_code="sv"), "/start")
    assert not fake_api.sent_to(8002)
    await webhook_bot.stop_cleanly()
    log = webhook_bot.tail("stderr", 10_000)
    assert log.count("refused a webhook request without the secret") == 2
    assert forged_text not in log
    assert "not-the-secret" not in log


async def test_an_answer_under_way_at_sigterm_is_finished_before_the_webhook_stops(
    fake_api: FakeBotAPI, webhook_bot: BotProcess
) -> None:
    resident = TgUser(id=8004, language_code="sv")
    answer = await stop_while_answering(
        fake_api, webhook_bot, resident, stopping_log="webhook: stopping"
    )
    assert answer.ok
    assert answer.plain_text
