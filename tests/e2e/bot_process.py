"""Run the real bot (``python -m bot run``) against a FakeBotAPI and stop it cleanly."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import pytest

from .fake_bot_api import FakeBotAPI

__all__ = [
    "ADMIN_ID",
    "REPO_ROOT",
    "STAFF_CHAT_ID",
    "BotProcess",
    "StartBot",
    "bot_environment",
    "launch_bot",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
ADMIN_ID = 900001
STAFF_CHAT_ID = -100777
STARTUP_TIMEOUT = 30.0
SHUTDOWN_TIMEOUT = 10.0
LOG_TAIL_LINES = 200


@dataclass
class BotProcess:
    """A running ``python -m bot run`` with its output in log files."""

    number: int
    process: asyncio.subprocess.Process
    stdout_path: Path
    stderr_path: Path
    env: dict[str, str]
    stopped: bool = False
    _log_files: list[IO[bytes]] = field(default_factory=list, repr=False)
    _watcher: asyncio.Task[None] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def returncode(self) -> int | None:
        return self.process.returncode

    def tail(self, stream: str, lines: int = LOG_TAIL_LINES) -> str:
        """The last lines of ``"stdout"`` or ``"stderr"``."""
        path = self.stdout_path if stream == "stdout" else self.stderr_path
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:]) or "(empty)"

    async def wait_for_log(self, text: str, timeout: float = 10.0) -> None:
        """Until ``text`` is in the bot's stderr log, which it writes as things happen."""
        async with asyncio.timeout(timeout):
            # A file offers nothing to await; the log line is the bot's only sign here.
            while text not in self.tail("stderr", 10_000):  # noqa: ASYNC110
                await asyncio.sleep(0.05)

    def logs(self) -> str:
        return (
            f"--- bot #{self.number} (pid {self.pid}) stderr: {self.stderr_path}\n"
            f"{self.tail('stderr')}\n"
            f"--- bot #{self.number} stdout: {self.stdout_path}\n{self.tail('stdout')}"
        )

    def watch(self, api: FakeBotAPI) -> None:
        """Fail the test's current wait at once if the bot dies unexpectedly."""

        async def watch() -> None:
            code = await self.process.wait()
            if not self.stopped:
                api.abort_waiters(f"bot #{self.number} exited unexpectedly with code {code}")

        self._watcher = asyncio.ensure_future(watch())

    async def stop(self, timeout: float = SHUTDOWN_TIMEOUT) -> int:
        """SIGTERM and wait; kill it and fail the test if it hangs. Returns the exit code."""
        self.stopped = True
        try:
            if self.process.returncode is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(self.process.wait(), timeout)
                except TimeoutError:
                    # PYTHONFAULTHANDLER: every thread's stack goes to its log first.
                    self.process.send_signal(signal.SIGABRT)
                    try:
                        await asyncio.wait_for(self.process.wait(), timeout)
                    except TimeoutError:
                        self.process.kill()
                        await self.process.wait()
                    pytest.fail(
                        f"bot #{self.number} did not exit within {timeout}s of SIGTERM\n"
                        f"{self.logs()}",
                        pytrace=False,
                    )
        finally:
            if self._watcher is not None:
                self._watcher.cancel()
                await asyncio.gather(self._watcher, return_exceptions=True)
            for handle in self._log_files:
                handle.close()
        assert self.process.returncode is not None
        return self.process.returncode

    async def stop_cleanly(self, timeout: float = SHUTDOWN_TIMEOUT) -> None:
        """Stop and require exit code 0 (a clean shutdown)."""
        code = await self.stop(timeout)
        if code != 0:
            pytest.fail(f"bot #{self.number} exited with code {code}\n{self.logs()}", pytrace=False)


StartBot = Callable[..., Awaitable[BotProcess]]


def bot_environment(
    api: FakeBotAPI, database_url: str, extra_env: Mapping[str, str] | None = None
) -> dict[str, str]:
    return {
        **os.environ,
        "BOT_TOKEN": api.token,
        "TELEGRAM_API_BASE": api.base_url,
        "DATABASE_URL": database_url,
        "ADMIN_IDS": str(ADMIN_ID),
        "STAFF_CHAT_ID": str(STAFF_CHAT_ID),
        "PYTHONUNBUFFERED": "1",
        # A bot that will not stop gets SIGABRT and leaves its threads' stacks in its log.
        "PYTHONFAULTHANDLER": "1",
        **(extra_env or {}),
    }


async def launch_bot(
    api: FakeBotAPI,
    *,
    number: int,
    database_url: str,
    log_dir: Path,
    extra_env: Mapping[str, str] | None = None,
    started: list[BotProcess] | None = None,
    ready_method: str = "getUpdates",
) -> BotProcess:
    """Start a bot and wait (event based) for its first getUpdates (or ``ready_method``:
    setWebhook for a bot in webhook mode, which it calls once it listens).

    Fails the test with the bot's logs if it exits or does not poll within
    STARTUP_TIMEOUT.  ``started`` receives the process before waiting, so a caller
    can clean it up even when waiting is interrupted.
    """
    env = bot_environment(api, database_url, extra_env)
    stdout_path = log_dir / f"bot-{number}.stdout.log"
    stderr_path = log_dir / f"bot-{number}.stderr.log"
    stdout, stderr = stdout_path.open("wb"), stderr_path.open("wb")
    mark = api.mark()
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=REPO_ROOT,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=stdout,
            stderr=stderr,
        )
    except BaseException:
        stdout.close()
        stderr.close()
        raise
    bot = BotProcess(number, process, stdout_path, stderr_path, env, _log_files=[stdout, stderr])
    if started is not None:
        started.append(bot)

    ready = asyncio.ensure_future(
        api.wait_for_request(
            lambda r: r.method == ready_method,
            after=mark,
            timeout=STARTUP_TIMEOUT,
            description=f"bot #{number}'s first {ready_method}",
        )
    )
    exited = asyncio.ensure_future(process.wait())
    try:
        await asyncio.wait({ready, exited}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (ready, exited):
            task.cancel()
        await asyncio.gather(ready, exited, return_exceptions=True)

    problem: str | None = None
    if ready.cancelled() or process.returncode is not None:
        problem = f"exited with code {process.returncode} before polling"
    elif ready.exception() is not None:
        problem = f"did not start polling: {ready.exception()}"
    if problem is not None:
        await bot.stop()
        pytest.fail(f"bot #{number} {problem}\n{bot.logs()}", pytrace=False)
    bot.watch(api)
    return bot
