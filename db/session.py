"""Engine and session factory. The factory is handed to the app; nothing here is global.

Units of work come in two kinds, and every update uses exactly one of them per step:

- ``async with session.begin():`` may write. On SQLite, which allows one writer at a
  time, the bot's own writers queue on a fair in-process lock before they ask SQLite for
  its write lock, so a busy machine makes a tap wait instead of failing with "database is
  locked". ``busy_timeout`` is only for other processes (the export command, migrations).
- ``async with session.read():`` only reads. It never takes SQLite's write lock nor the
  in-process one, so residents browsing never queue behind residents voting.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    AsyncSessionTransaction,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.pool import ConnectionPoolEntry

from db.driver import DriverUnit
from db.hot_connections import HotConnections, PostgresConnections, hot_connections_for

__all__ = ["BotEngine", "UnitOfWorkSession", "create_engine", "create_session_factory"]

# Marks a connection whose transaction only reads; see _begin.
_READ_ONLY = "read_only_unit"
# How long a writer in another process may make us wait, and we them.
_OTHER_PROCESS_WAIT_MS = 30_000

# PostgreSQL connections for the hot paths, beside SQLAlchemy's (5, and 10 more at peaks).
HOT_POOL_SIZE = 10

_write_locks: WeakKeyDictionary[Engine, asyncio.Lock] = WeakKeyDictionary()


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    # SQLAlchemy, not the driver, decides when transactions begin (see _begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one update writes; synchronous=NORMAL is durable across
    # a crash of the process (WAL) and only risks the last commits on a power cut, which
    # is the documented trade-off for WAL; SQLite enforces foreign keys only when asked.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={_OTHER_PROCESS_WAIT_MS}")
    cursor.close()


def _begin(connection: Connection) -> None:
    if connection.get_execution_options().get(_READ_ONLY):
        # A deferred transaction: a consistent snapshot, no lock that writers wait for.
        connection.exec_driver_sql("BEGIN")
        return
    # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    # another writer committed in between. Taking the write lock at BEGIN (after the
    # in-process queue) means a writer never has to upgrade.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _note_opening_time(_dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
    record.info["opened_at"] = time.monotonic()


def _replacing_cut_connections(hot: PostgresConnections) -> Callable[..., None]:
    def replace_if_cut(dbapi_connection: Any, record: ConnectionPoolEntry, _proxy: object) -> None:
        # After a PostgreSQL restart every pooled connection is dead. asyncpg notices only
        # when it next sends on one, so the pool replaces a connection the driver knows is
        # closed, or one opened before the hot paths found theirs cut: every update reads
        # its resident on the hot paths first. Both cost no round trip (pool_pre_ping
        # costs three per checkout) and spare the resident a failed update.
        if dbapi_connection.driver_connection.is_closed():
            raise DisconnectionError("the server closed this connection")
        if record.info.get("opened_at", 0.0) < hot.lost_at:
            raise DisconnectionError("opened before the server cut the hot connections")

    return replace_if_cut


def _end_open_transaction(dbapi_connection: Any, _record: object, _state: object) -> None:
    # A connection goes back to the pool after every unit of work, which has committed or
    # rolled back already; asking the driver thread to roll back nothing costs a hop.
    if dbapi_connection.driver_connection.in_transaction:
        dbapi_connection.rollback()


class BotEngine(AsyncEngine):
    """An engine that also holds the hot paths' connections, and closes them with its own."""

    hot_connections: HotConnections

    async def dispose(self, close: bool = True) -> None:
        try:
            await self.hot_connections.close()
        finally:
            await super().dispose(close)


def create_engine(database_url: str, **options: Any) -> BotEngine:
    url = make_url(database_url)
    sqlite = url.drivername.startswith("sqlite")
    if sqlite and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    if sqlite:
        options.setdefault("pool_reset_on_return", None)
    # A failing statement's parameters are residents' words; they stay out of the log.
    options.setdefault("hide_parameters", True)
    engine = BotEngine(create_async_engine(url, **options).sync_engine)
    engine.hot_connections = hot_connections_for(url, engine.dialect, pool_size=HOT_POOL_SIZE)
    if isinstance(engine.hot_connections, PostgresConnections):
        replace_if_cut = _replacing_cut_connections(engine.hot_connections)
        event.listen(engine.sync_engine, "connect", _note_opening_time)
        event.listen(engine.sync_engine, "checkout", replace_if_cut)
    if sqlite:
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin)
        event.listen(engine.sync_engine, "reset", _end_open_transaction)
        _write_locks[engine.sync_engine] = asyncio.Lock()
    return engine


class _Unit:
    """``session.begin()`` (in turn with the bot's other writers where SQLite needs it) or
    ``session.read()`` (no lock at all)."""

    __slots__ = ("_lock", "_read_only", "_session", "_transaction")

    def __init__(
        self, session: UnitOfWorkSession, *, lock: asyncio.Lock | None, read_only: bool
    ) -> None:
        self._session = session
        self._lock = lock
        self._read_only = read_only
        self._transaction: AsyncSessionTransaction | None = None

    async def __aenter__(self) -> AsyncSessionTransaction:
        if self._lock is not None:
            await self._lock.acquire()
        try:
            self._transaction = AsyncSession.begin(self._session)
            entered = await self._transaction.__aenter__()
            adopted, self._session._adopted = self._session._adopted, []
            self._session.add_all(adopted)
            if self._read_only:
                await self._session.connection(execution_options={_READ_ONLY: True})
            return entered
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        assert self._transaction is not None
        try:
            await self._transaction.__aexit__(kind, error, traceback)
        finally:
            if self._lock is not None:
                self._lock.release()


class UnitOfWorkSession(AsyncSession):
    """An AsyncSession whose ``begin()`` writes in turn and whose ``read()`` only reads."""

    def __init__(self, *args: Any, write_lock: asyncio.Lock | None = None, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._write_lock = write_lock
        self._adopted: list[object] = []

    def begin(self) -> _Unit:  # type: ignore[override]
        return _Unit(self, lock=self._write_lock, read_only=False)

    def read(self) -> _Unit:
        return _Unit(self, lock=None, read_only=True)

    def adopt(self, instance: object) -> None:
        """Make an object built from a row read on the driver part of this session, as if
        the session had loaded it: changed later, it is updated, not inserted. It joins at
        the next unit of work, since adding it now would begin a transaction."""
        make_transient_to_detached(instance)
        self._adopted.append(instance)

    def _closed_unused(self) -> bool:
        """Close the session here if it was never used, and say whether it was. Most
        updates never use the ORM part of their session (a tap runs on the driver)."""
        if self.sync_session.in_transaction() or self.sync_session.identity_map:
            return False
        self._adopted.clear()
        return True

    async def close(self) -> None:
        # Closing an unused session would still cost a greenlet hand-off.
        if not self._closed_unused():
            await super().close()

    async def __aexit__(self, type_: Any, value: Any, traceback: Any) -> None:
        # SQLAlchemy closes the session in a task of its own, shielded from cancellation:
        # two more turns of the event loop for every update, for nothing when it is unused.
        if not self._closed_unused():
            await super().__aexit__(type_, value, traceback)

    def driver(self, *, write: bool, one_change: bool = False) -> DriverUnit:
        """A unit of work on the driver connection, for the hottest paths (db.driver)."""
        engine = self.bind
        assert isinstance(engine, BotEngine), "sessions on the hot paths come from db.session"
        return DriverUnit(
            engine,
            engine.hot_connections,
            write=write,
            one_change=one_change,
            write_lock=self._write_lock,
        )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[UnitOfWorkSession]:
    # Objects stay readable after commit: replies are built after the transaction ends.
    return async_sessionmaker(
        engine,
        class_=UnitOfWorkSession,
        expire_on_commit=False,
        write_lock=_write_locks.get(engine.sync_engine),
    )
