"""Fixtures: settings, a migrated database, a local bot and the real dispatcher."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import AsyncIterator, Callable
from pathlib import Path

import pytest
from aiogram import Bot, Dispatcher
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import build_bot, build_dispatcher
from bot.i18n import Catalogues
from bot.instance import settle_heap
from bot.local_api import LocalBotAPISession
from bot.settings import Settings
from db.migrate import upgrade_database
from db.session import create_engine, create_session_factory
from tests.support.database import (
    database_url_for,
    empty_migrated_postgres,
    postgres_unreachable_reason,
)
from tests.support.telegram import Person

ADMIN_ID = 900001
STAFF_CHAT_ID = -100777

# The bot settles its heap once started, so that full garbage collections never walk what
# lives as long as the process. This process keeps building for good (every test fills
# caches: aiogram's, SQLAlchemy's, Babel's, pytest's own records), and without settling a
# full collection walked 800,000 objects by the end of the suite and held the event loop
# for well over a second on a busy machine: longer than a translation engine is waited
# for, so a test of its error answers timed out instead.
SETTLE_HEAP_EVERY_TESTS = 50
_tests_since_settled = 0


def pytest_collection_finish(session: pytest.Session) -> None:
    settle_heap()


def pytest_runtest_logfinish(nodeid: str, location: tuple) -> None:
    global _tests_since_settled
    _tests_since_settled += 1
    if _tests_since_settled >= SETTLE_HEAP_EVERY_TESTS:
        _tests_since_settled = 0
        settle_heap()


@pytest.fixture
def database_url(tmp_path) -> str:
    url = database_url_for(str(tmp_path))
    if url.startswith("postgresql") and (reason := postgres_unreachable_reason(url)):
        pytest.skip(reason)
    return url


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=None,
        database_url=database_url,
        telegram_api_base=None,
        admin_ids=frozenset({ADMIN_ID}),
        staff_chat_id=STAFF_CHAT_ID,
        default_locale="sv",
        # Flow tests send updates far faster than a person; tests/test_throttling.py
        # checks throttling with the real defaults.
        throttle_burst=1000,
    )


async def _migrate(database_url: str) -> None:
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def migrated_sqlite_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head per test run, copied for each test: running the
    migrations costs about 0.3 s a test, a copy a millisecond (``tests/test_migrations.py``
    runs them from nothing)."""
    path = tmp_path_factory.mktemp("migrated") / "head.sqlite3"
    asyncio.run(_migrate(f"sqlite+aiosqlite:///{path}"))
    return path


@pytest.fixture
async def session_factory(
    settings: Settings, migrated_sqlite_file: Path
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite":
        shutil.copyfile(migrated_sqlite_file, url.database)
    else:
        await empty_migrated_postgres(settings.database_url)
    engine = create_engine(settings.database_url)
    yield create_session_factory(engine)
    await engine.dispose()


@pytest.fixture
async def bot(settings: Settings) -> AsyncIterator[Bot]:
    bot = build_bot(settings, session=LocalBotAPISession())
    yield bot
    await bot.session.close()


@pytest.fixture
def dispatcher(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return build_dispatcher(settings, session_factory)


@pytest.fixture
def i18n(dispatcher: Dispatcher) -> Catalogues:
    return dispatcher["i18n"]


@pytest.fixture
def person(dispatcher: Dispatcher, bot: Bot) -> Callable[..., Person]:
    """Make a person: ``person(user_id, language_code="ar")``."""

    def make(user_id: int, language_code: str | None = "sv", **options: object) -> Person:
        return Person(dispatcher, bot, user_id, language_code, **options)

    return make
