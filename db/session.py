"""Engine and session factory. The factory is handed to the app; nothing here is global."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

__all__ = ["create_engine", "create_session_factory"]


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    # SQLAlchemy, not the driver, decides when transactions begin (see _begin_immediately).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers work while one update writes; busy_timeout makes a second writer
    # wait instead of failing at once; SQLite enforces foreign keys only when asked.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _begin_immediately(connection: Connection) -> None:
    # A deferred transaction that reads and then writes fails at once with SQLITE_BUSY when
    # another writer committed in between, without waiting for busy_timeout. Taking the
    # write lock at BEGIN makes concurrent units of work queue instead. Transactions are
    # short (one per update, never across a Telegram call), so the queue is too.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def create_engine(database_url: str, **options: Any) -> AsyncEngine:
    url = make_url(database_url)
    if url.drivername.startswith("sqlite") and url.database not in (None, "", ":memory:"):
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    if not url.drivername.startswith("sqlite"):
        # After a PostgreSQL restart every pooled connection is dead; a ping on checkout
        # replaces it instead of failing the resident's update.
        options.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **options)
    if url.drivername.startswith("sqlite"):
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin_immediately)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # Objects stay readable after commit: replies are built after the transaction ends.
    return async_sessionmaker(engine, expire_on_commit=False)
