"""Test databases: a fresh SQLite file by default, PostgreSQL when TEST_DATABASE_URL says so."""

from __future__ import annotations

import os
import socket

from sqlalchemy import text
from sqlalchemy.engine import make_url

from db.session import create_engine

__all__ = ["database_url_for", "postgres_unreachable_reason", "reset_database"]


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
