"""Several real processes: two webhook instances on one PostgreSQL and one Redis behind a
round-robin proxy; and SQLite, which takes one instance and refuses a second."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from redis.asyncio import Redis

from bot.services.polls import create_poll
from bot.views.callbacks import WizardAction
from db.migrate import upgrade_database
from db.models import Role
from db.session import create_engine, create_session_factory
from db.types import utc_now
from tests.rules.helpers import new_resident
from tests.rules.test_poll_rules import new_poll
from tests.support.redis import redis_unreachable_reason, redis_url_for_tests

# Modules, not their test functions: imported by name, pytest would run them here again.
from . import test_e2e_ideas, test_e2e_polls
from .bot_process import REPO_ROOT, BotProcess, StartBot, bot_environment, launch_bot
from .fake_bot_api import FakeBotAPI, TgUser
from .scenario import button_index, click_data
from .telegram_objects import DEFAULT_TOKEN
from .webhook_delivery import deliver_by_webhook, free_port

SECRET = "e2e_instances_secret-0123456789"
BOT_ID = DEFAULT_TOKEN.split(":")[0]
IDEA = "Fler papperskorgar längs ringvägen vid Fjällkåpan"


async def _forget_the_test_bots_keys(url: str) -> None:
    """Drafts and rate slots of the fake bot id from an earlier run would leak in."""
    client = Redis.from_url(url)
    try:
        for pattern in (f"fsm:{BOT_ID}:*", f"rate:{BOT_ID}:*"):
            keys = [key async for key in client.scan_iter(match=pattern)]
            if keys:
                await client.delete(*keys)
    finally:
        await client.aclose()


@pytest_asyncio.fixture
async def redis_for_bots() -> AsyncIterator[str]:
    url = redis_url_for_tests()
    if reason := redis_unreachable_reason(url):
        pytest.skip(reason)
    await _forget_the_test_bots_keys(url)
    yield url
    await _forget_the_test_bots_keys(url)


@pytest_asyncio.fixture
async def two_instances(
    fake_api: FakeBotAPI, database_url: str, tmp_path: Path, redis_for_bots: str
) -> AsyncIterator[tuple[StartBot, list[BotProcess]]]:
    """``start(**env)`` starts two webhook instances and returns the first."""
    if not database_url.startswith("postgresql"):
        pytest.skip("several instances need PostgreSQL: set TEST_DATABASE_URL")
    ports = [free_port(), free_port()]
    processes: list[BotProcess] = []

    async def start(**extra_env: str) -> BotProcess:
        for port in ports:
            environment = {
                "REDIS_URL": redis_for_bots,
                "WEBHOOK_URL": "https://bot.example.test/telegram",
                "WEBHOOK_SECRET": SECRET,
                "WEBHOOK_LISTEN": f"127.0.0.1:{port}",
                **extra_env,
            }
            await launch_bot(
                fake_api,
                number=len(processes) + 1,
                database_url=database_url,
                log_dir=tmp_path,
                extra_env=environment,
                started=processes,
                ready_method="setWebhook",
            )
        return processes[0]

    targets = [f"http://127.0.0.1:{port}/telegram" for port in ports]
    async with deliver_by_webhook(fake_api, *targets):
        yield start, processes
        for process in processes:
            if not process.stopped:
                await process.stop_cleanly()


async def test_a_poll_sent_and_answered_through_two_instances(
    fake_api: FakeBotAPI, two_instances
) -> None:
    start, processes = two_instances
    # The organiser's wizard hops between the instances at every step; the broadcast
    # reaches each of the six once (the journey checks it), whichever instance sends.
    await test_e2e_polls.test_a_poll_in_four_languages_answered_and_counted(fake_api, start)
    assert len(processes) == 2
    accepted_by = [answer for answer in fake_api.webhook_answers if answer == 200]
    assert len(accepted_by) >= 20


async def test_a_wizard_begun_on_one_instance_is_finished_on_the_other(
    fake_api: FakeBotAPI, two_instances
) -> None:
    start, processes = two_instances
    await start()
    author = TgUser(id=6101, first_name="Lina", language_code="sv")
    extras = await test_e2e_ideas._share(fake_api, author, IDEA)
    # One instance is stopped (a deploy); the proxy sends everything to the other.
    await processes[0].stop_cleanly()
    mark = fake_api.mark()
    next_step = button_index(extras, test_e2e_ideas._wizard(WizardAction.NEXT))
    fake_api.press(author, extras, next_step)
    _intro, preview = await fake_api.wait_for_messages(author.id, 2, after=mark)
    assert IDEA in (preview.plain_text or "")
    saved = await click_data(fake_api, author, preview, test_e2e_ideas._wizard(WizardAction.SEND))
    assert "#1" in (saved.plain_text or "")


async def test_a_second_instance_on_the_same_sqlite_file_is_refused(
    fake_api: FakeBotAPI, bot_process: BotProcess, database_url: str
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("only SQLite is limited to one instance")
    second = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=REPO_ROOT,
        env=bot_environment(fake_api, database_url),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await asyncio.wait_for(second.communicate(), 60)
    assert second.returncode == 2
    message = stderr.decode()
    assert "Cannot start: another instance of the bot is already running on" in message
    assert "PostgreSQL and Redis" in message
    # The first one goes on answering.
    assert (await fake_api.ask(TgUser(id=6102, language_code="sv"), "/start")).plain_text


async def test_a_restart_in_the_middle_of_a_wizard_loses_nothing_with_redis(
    fake_api: FakeBotAPI, start_bot: StartBot, redis_for_bots: str
) -> None:
    bot = await start_bot(REDIS_URL=redis_for_bots)
    author = TgUser(id=6103, first_name="Sara", language_code="sv")
    extras = await test_e2e_ideas._share(fake_api, author, IDEA)
    await bot.stop_cleanly()  # a deploy: polling, one instance, the draft only in Redis

    await start_bot(REDIS_URL=redis_for_bots)
    mark = fake_api.mark()
    fake_api.press(author, extras, button_index(extras, test_e2e_ideas._wizard(WizardAction.NEXT)))
    _intro, preview = await fake_api.wait_for_messages(author.id, 2, after=mark)
    assert IDEA in (preview.plain_text or "")
    saved = await click_data(fake_api, author, preview, test_e2e_ideas._wizard(WizardAction.SEND))
    assert "#1" in (saved.plain_text or "")


async def test_two_instances_send_a_closed_polls_results_once(
    fake_api: FakeBotAPI, two_instances, database_url: str
) -> None:
    start, processes = two_instances
    organiser_id = 6104
    # A poll whose deadline passed while no instance ran: both run the poll closer as
    # they start, and only the one holding the job's lease closes it.
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with create_session_factory(engine)() as session, session.begin():
            organiser = await new_resident(session, organiser_id, role=Role.ORGANISER)
            due = new_poll(closes_at=utc_now() - timedelta(minutes=1), language="ar")
            await create_poll(session, due, organiser.id)
    finally:
        await engine.dispose()
    await start()
    results = await fake_api.wait_for_message(organiser_id)
    assert "Vad vill du ha på gården?" in (results.plain_text or "")
    # Stopped cleanly, each instance has finished its rounds: nothing more can come.
    for process in processes:
        await process.stop_cleanly()
    assert len(fake_api.sent_to(organiser_id)) == 1
