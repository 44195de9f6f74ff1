"""The connections the hottest units of work use, beside SQLAlchemy's pool (db.driver).

A support tap or a poll answer is a handful of indexed statements. Through SQLAlchemy's
async pool each one costs a greenlet hand-off and, on SQLite, a hop to aiosqlite's
thread and back: several times what SQLite needs to run it. So:

- **SQLite**: two connections of the standard library's ``sqlite3``, used on the event
  loop itself: one that writes (in turn with the bot's other writers, under the same
  in-process lock), one that reads. A tap's statements take SQLite tens of microseconds
  on a local file in WAL mode with ``synchronous=NORMAL``, where a commit does not wait
  for the disk; less than handing them to a thread. What could hold the loop is kept off
  it: waiting for another process's write lock is an asyncio wait (``busy_timeout`` is 0
  on these connections), and the WAL checkpoint, which does wait for the disk, runs in a
  thread on a connection of its own.
- **PostgreSQL**: asyncpg connections, each keeping its prepared statements, handed out
  in turn (``PostgresConnections``); no ``pool_pre_ping`` round trips: a connection the
  server cut is replaced when a statement meets it (db.driver).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

import asyncpg
from sqlalchemy.engine import URL, Dialect

__all__ = ["HotConnections", "PostgresConnections", "SQLiteConnections", "hot_connections_for"]

# How long the bot waits for another process's write lock before a tap fails, as
# busy_timeout does for SQLAlchemy's connections (db.session).
OTHER_PROCESS_WAIT_SECONDS = 30.0
# WAL frames are copied into the database file in a thread after this many commits here.
CHECKPOINT_EVERY_COMMITS = 200
_FIRST_WAIT = 0.001
_LONGEST_WAIT = 0.05


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


async def run_when_not_busy(connection: sqlite3.Connection, sql: str, parameters: Any) -> Any:
    """Run one statement; while another process holds the lock, wait without blocking."""
    deadline = time.monotonic() + OTHER_PROCESS_WAIT_SECONDS
    wait = _FIRST_WAIT
    while True:
        try:
            return connection.execute(sql, parameters)
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() + wait > deadline:
                raise
        await asyncio.sleep(wait)
        wait = min(wait * 2, _LONGEST_WAIT)


class SQLiteConnections:
    def __init__(self, path: str) -> None:
        self._path = path
        self._writer: sqlite3.Connection | None = None
        self._reader: sqlite3.Connection | None = None
        self._commits = 0
        self._checkpoint: asyncio.Task[None] | None = None

    def _open(self) -> sqlite3.Connection:
        connection = sqlite3.connect(
            self._path, isolation_level=None, check_same_thread=False, cached_statements=256
        )
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            "busy_timeout=0",
            # Checkpoints wait for the disk: they run in a thread instead (_checkpoint_now).
            "wal_autocheckpoint=0",
        ):
            connection.execute(f"PRAGMA {pragma}")
        return connection

    @property
    def writer(self) -> sqlite3.Connection:
        if self._writer is None:
            self._writer = self._open()
        return self._writer

    @property
    def reader(self) -> sqlite3.Connection:
        if self._reader is None:
            self._reader = self._open()
        return self._reader

    def committed(self) -> None:
        self._commits += 1
        if self._commits % CHECKPOINT_EVERY_COMMITS == 0 and (
            self._checkpoint is None or self._checkpoint.done()
        ):
            self._checkpoint = asyncio.get_running_loop().create_task(
                asyncio.to_thread(self._checkpoint_now)
            )

    def _checkpoint_now(self) -> None:
        # PASSIVE never waits for, nor blocks, readers and writers.
        connection = sqlite3.connect(self._path, isolation_level=None, check_same_thread=False)
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)")
        finally:
            connection.close()

    async def close(self) -> None:
        if self._checkpoint is not None:
            await asyncio.gather(self._checkpoint, return_exceptions=True)
        for connection in (self._writer, self._reader):
            if connection is not None:
                connection.close()
        self._writer = self._reader = None


# What a statement meets on a connection the server cut (a restart, an administrator, a
# pooler's idle timeout). asyncpg notices only when it next sends on it: the server's
# notice puts the connection in a state where the next statement fails with
# InternalClientError, and only then is it closed.
CONNECTION_LOST = (
    asyncpg.exceptions.PostgresConnectionError,
    asyncpg.exceptions.AdminShutdownError,
    asyncpg.exceptions.CrashShutdownError,
    asyncpg.exceptions.InternalClientError,
    ConnectionError,
)


class _AdaptedConnection:
    """What SQLAlchemy's asyncpg dialect expects of a connection when it sets its codecs."""

    def __init__(self, connection: asyncpg.Connection) -> None:
        self._connection = connection


# A connection left unused this long is closed rather than handed out: a pooler or a
# firewall may have dropped it meanwhile, and a tap's change must not be the statement
# that finds out (db.driver: a change that meets a cut is not sent again).
IDLE_SECONDS = 300.0


class PostgresConnections:
    """Connections of asyncpg's own, kept here rather than in its pool.

    asyncpg's pool costs about a tenth of a millisecond of CPU to take a connection and
    give it back (the giving back runs as a task of its own, shielded from cancellation),
    as much as a round trip to the server, and a tap takes one twice. Here taking one is
    popping it from a list. Taps take connections in the order they asked, which
    asyncpg's pool did not do either: a connection given back went to whoever asked next,
    before those already waiting, and at 200 taps at once some waited four times as long
    as most. A connection that comes back in doubt (its unit could not end its
    transaction, or it is still in one) is closed, not reused; so is one opened before
    the server was found to have cut connections (``replace``).
    """

    def __init__(self, url: URL, dialect: Dialect, max_size: int) -> None:
        self._dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
        self._dialect = dialect
        self._turns = asyncio.Semaphore(max_size)
        # Given back and reusable, with when: the last given back is handed out first.
        self._idle: list[tuple[asyncpg.Connection, float]] = []
        self._opened_at: dict[asyncpg.Connection, float] = {}
        # Connections opened before this (time.monotonic()) are not handed out again.
        self._reuse_from = 0.0
        # When a connection was last found cut: the server most likely cut every connection
        # opened before then, SQLAlchemy's included (db.session).
        self.lost_at = 0.0

    async def acquire(self) -> asyncpg.Connection:
        """A connection, in turn: give it back with ``release``."""
        await self._turns.acquire()
        try:
            now = time.monotonic()
            while self._idle:
                connection, released_at = self._idle.pop()
                if self._reusable(connection) and now - released_at < IDLE_SECONDS:
                    return connection
                self._discard(connection)
            return await self._open()
        except BaseException:
            self._turns.release()
            raise

    def release(self, connection: asyncpg.Connection, *, failed: bool = False) -> None:
        """Give back a connection taken with ``acquire``; ``failed`` if its unit failed."""
        try:
            if failed or connection.is_in_transaction() or not self._reusable(connection):
                self._discard(connection)
            else:
                self._idle.append((connection, time.monotonic()))
        finally:
            self._turns.release()

    async def replace(self, cut: asyncpg.Connection) -> asyncpg.Connection:
        """A fresh connection in place of one the server cut, in the same turn; every other
        one opened before it is closed too, as they come back."""
        self.lost_at = self._reuse_from = time.monotonic()
        self._discard(cut)
        for connection in self._forget_idle():
            connection.terminate()
        return await self._open()

    async def close(self) -> None:
        self._reuse_from = time.monotonic()
        for connection in self._forget_idle():
            try:
                await connection.close(timeout=5)
            except (TimeoutError, OSError, *CONNECTION_LOST):
                connection.terminate()

    def _reusable(self, connection: asyncpg.Connection) -> bool:
        opened_at = self._opened_at.get(connection)
        if opened_at is None or opened_at < self._reuse_from:
            return False
        return not connection.is_closed()

    async def _open(self) -> asyncpg.Connection:
        connection = await asyncpg.connect(self._dsn)
        try:
            # JSON in and out exactly as on SQLAlchemy's own connections, by its own code.
            adapted = _AdaptedConnection(connection)
            await self._dialect.setup_asyncpg_json_codec(adapted)  # type: ignore[attr-defined]
            await self._dialect.setup_asyncpg_jsonb_codec(adapted)  # type: ignore[attr-defined]
        except BaseException:
            connection.terminate()
            raise
        self._opened_at[connection] = time.monotonic()
        return connection

    def _discard(self, connection: asyncpg.Connection) -> None:
        self._opened_at.pop(connection, None)
        # No goodbye to the server: the connection may be cut, or in a transaction that
        # nothing will end.
        connection.terminate()

    def _forget_idle(self) -> list[asyncpg.Connection]:
        """The connections waiting to be reused, no longer kept here: the caller ends them."""
        idle, self._idle = self._idle, []
        for connection, _released_at in idle:
            self._opened_at.pop(connection, None)
        return [connection for connection, _released_at in idle]


HotConnections = SQLiteConnections | PostgresConnections


def hot_connections_for(url: URL, dialect: Dialect, pool_size: int) -> HotConnections:
    if url.drivername.startswith("sqlite"):
        if url.database in (None, "", ":memory:"):
            # It would exist only inside one connection, and the bot uses several.
            raise ValueError("an in-memory SQLite database cannot be used; give a file path")
        return SQLiteConnections(url.database)
    return PostgresConnections(url, dialect, max_size=pool_size)
