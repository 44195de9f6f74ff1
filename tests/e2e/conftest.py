"""Fixtures for end-to-end tests: the fake Bot API server and the bot process.

* ``fake_api`` - a started FakeBotAPI; on teardown the test errors if the bot made
  any request that violates the Bot API spec.
* ``database_url`` - a fresh SQLite file per test, or ``TEST_DATABASE_URL`` when it
  points at PostgreSQL (reset through ``tests.support.database.reset_database``
  when that hook exists).
* ``start_bot`` - starts ``python -m bot run`` against the fake server and waits
  until it polls; ``bot_process`` is the common case of one bot per test.

Every test in this folder is marked ``e2e``.
"""

from __future__ import annotations

import importlib
import inspect
import os
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from .bot_process import REPO_ROOT, BotProcess, StartBot, launch_bot
from .fake_bot_api import FakeBotAPI

__all__ = ["bot_process", "database_url", "fake_api", "start_bot"]

E2E_DIR = Path(__file__).resolve().parent

_PROCESSES = pytest.StashKey[list[BotProcess]]()
_FAKE_API = pytest.StashKey[FakeBotAPI]()


def pytest_configure(config: pytest.Config) -> None:
    registered = config.getini("markers")
    if not any(line.split(":")[0].strip() == "e2e" for line in registered):
        config.addinivalue_line("markers", "e2e: end-to-end test against the fake Bot API")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Conftest hooks see the whole session, so only mark this folder's tests.
    for item in items:
        if E2E_DIR in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    report = yield
    # A failing test shows what the bot logged and which requests it made.
    if report.when == "call" and report.failed:
        for process in item.stash.get(_PROCESSES, []):
            report.sections.append((f"bot #{process.number} stderr", process.tail("stderr")))
            report.sections.append((f"bot #{process.number} stdout", process.tail("stdout")))
        api = item.stash.get(_FAKE_API, None)
        if api is not None:
            requests = "\n".join(r.summary() for r in api.requests if r.method != "getUpdates")
            report.sections.append(("fake Bot API requests", requests or "(none)"))
    return report


# ----------------------------------------------------------------- fake server


@pytest_asyncio.fixture
async def fake_api(request: pytest.FixtureRequest) -> AsyncIterator[FakeBotAPI]:
    """A running fake Bot API; spec violations make the test error on teardown."""
    api = FakeBotAPI()
    await api.start()
    request.node.stash[_FAKE_API] = api
    try:
        yield api
    finally:
        await api.stop()
    if api.violations:
        listing = "\n".join(f"  {violation}" for violation in api.violations)
        pytest.fail(
            f"The bot made {len(api.violations)} Bot API spec violation(s):\n{listing}",
            pytrace=False,
        )


# -------------------------------------------------------------------- database


def _support_hook(name: str) -> Callable[..., Any] | None:
    """A function from the project's tests/support/database.py, if it provides one."""
    hook_file = REPO_ROOT / "tests" / "support" / "database.py"
    if not hook_file.exists():
        return None
    try:
        module = importlib.import_module("tests.support.database")
    except ModuleNotFoundError as exc:
        pytest.fail(
            f"{hook_file} exists but cannot be imported as tests.support.database ({exc}); "
            "run pytest from the repository root (python -m pytest)",
            pytrace=False,
        )
    return getattr(module, name, None)


@pytest_asyncio.fixture
async def database_url(tmp_path: Path) -> str:
    """The DATABASE_URL the bot gets: PostgreSQL from TEST_DATABASE_URL or SQLite.

    PostgreSQL starts from an empty schema via ``reset_database(url)`` and the test
    is skipped when ``postgres_unreachable_reason(url)`` says the server is down
    (both optional hooks in tests/support/database.py).
    """
    configured = os.environ.get("TEST_DATABASE_URL", "")
    if not configured.startswith("postgresql"):
        return f"sqlite+aiosqlite:///{tmp_path}/e2e.sqlite3"
    unreachable = _support_hook("postgres_unreachable_reason")
    if unreachable is not None and (reason := unreachable(configured)):
        pytest.skip(reason)
    reset = _support_hook("reset_database")
    if reset is not None:
        outcome = reset(configured)
        if inspect.isawaitable(outcome):
            await outcome
    return configured


# ------------------------------------------------------------------ bot process


@pytest_asyncio.fixture
async def start_bot(
    request: pytest.FixtureRequest,
    fake_api: FakeBotAPI,
    database_url: str,
    tmp_path: Path,
) -> AsyncIterator[StartBot]:
    """Factory: ``await start_bot(**extra_env)`` starts a bot and waits for its first poll.

    Call it again after ``await bot.stop_cleanly()`` to restart the bot on the same
    database.  Processes still running at teardown get SIGTERM and must exit 0.
    """
    processes: list[BotProcess] = []
    request.node.stash[_PROCESSES] = processes

    async def start(**extra_env: str) -> BotProcess:
        return await launch_bot(
            fake_api,
            number=len(processes) + 1,
            database_url=database_url,
            log_dir=tmp_path,
            extra_env=extra_env,
            started=processes,
        )

    try:
        yield start
    finally:
        failures: list[str] = []
        for bot in processes:
            if bot.stopped:
                continue
            code = await bot.stop()
            if code != 0:
                failures.append(f"bot #{bot.number} exited with code {code}\n{bot.logs()}")
        if failures:
            pytest.fail("\n".join(failures), pytrace=False)


@pytest_asyncio.fixture
async def bot_process(start_bot: StartBot) -> BotProcess:
    """One bot process, polling the fake server; stopped (must exit 0) at teardown."""
    return await start_bot()
