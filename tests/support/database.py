"""Test databases: a fresh SQLite file by default, PostgreSQL when TEST_DATABASE_URL says so."""

from __future__ import annotations

import os
import socket
from functools import cache

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.migrate import alembic_config, upgrade_database
from db.session import create_engine

__all__ = [
    "database_url_for",
    "empty_migrated_postgres",
    "postgres_unreachable_reason",
    "reset_database",
]


def database_url_for(tmp_dir: str) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite+aiosqlite:///{tmp_dir}/test.sqlite3"


def postgres_unreachable_reason(url: str) -> str | None:
    """Why the PostgreSQL server behind ``url`` cannot be used, or None when it can."""
    parsed = make_url(url)
    host, port = parsed.host or "127.0.0.1", parsed.port or 5432
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as error:
        return f"PostgreSQL at {host}:{port} is not reachable ({error.strerror or error})"


async def reset_database(url: str) -> None:
    """Start from an empty schema; SQLite tests already get a new file each."""
    if not url.startswith("postgresql"):
        return
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA IF EXISTS public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@cache
def _head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


async def empty_migrated_postgres(url: str) -> None:
    """A schema at the newest migration with no rows in it. Emptying the tables of the last
    test is a tenth of the cost of migrating from nothing; a schema a test left at another
    revision (or none) is built again from nothing."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            tables = (
                await connection.scalars(
                    text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
                )
            ).all()
            at_head = "alembic_version" in tables and (
                await connection.scalar(text("SELECT version_num FROM alembic_version"))
                == _head_revision()
            )
            if at_head:
                emptied = ", ".join(f'"{table}"' for table in tables if table != "alembic_version")
                await connection.execute(text(f"TRUNCATE {emptied} RESTART IDENTITY CASCADE"))
        if not at_head:
            await reset_database(url)
            await upgrade_database(engine)
    finally:
        await engine.dispose()
