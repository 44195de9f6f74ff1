"""SQLite has one writer and lives in one machine's file system: one bot per file.

A second ``python -m bot run`` on the same file would poll the same updates and send
every broadcast twice, so it is refused at start with a message that says what to do.
The lock is the operating system's (``flock`` on a file beside the database): it goes
with the process, however that ends, so a crash never leaves a stale lock behind.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy.engine import make_url

__all__ = ["AnotherInstanceError", "SQLiteInstanceLock"]


class AnotherInstanceError(RuntimeError):
    """Another process is running the bot on this SQLite file."""


class SQLiteInstanceLock:
    """Held from ``acquire`` until ``release`` or the end of the process."""

    def __init__(self, database_url: str) -> None:
        url = make_url(database_url)
        database = url.database if url.drivername.startswith("sqlite") else None
        # PostgreSQL takes several instances; an in-memory SQLite is this process's alone.
        self.path = (
            Path(database + ".instance-lock") if database and database != ":memory:" else None
        )
        self._fd: int | None = None

    def acquire(self) -> None:
        if self.path is None:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise AnotherInstanceError(
                f"another instance of the bot is already running on {self.path.with_suffix('')}"
                " (SQLite takes one). Stop it first, or use PostgreSQL and Redis to run"
                " several instances."
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None
