"""Migrations: they build exactly the models, and go down and up again cleanly."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from db.migrate import downgrade_database, upgrade_database
from db.models import Base
from db.session import create_engine
from tests.support.database import reset_database


async def test_migrations_match_the_models(database_url: str) -> None:
    await reset_database(database_url)
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            differences = await connection.run_sync(
                lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata)
            )
        assert differences == []
    finally:
        await engine.dispose()


async def test_down_and_up_again(database_url: str) -> None:
    await reset_database(database_url)
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        await downgrade_database(engine, "base")
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert set(tables) <= {"alembic_version"}
        await upgrade_database(engine)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert {"residents", "invites", "audit_log"} <= set(tables)
    finally:
        await engine.dispose()


async def test_sqlite_runs_with_wal_and_foreign_keys(tmp_path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/pragmas.sqlite3")
    try:
        async with engine.connect() as connection:
            journal = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
            foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        assert (journal, foreign_keys) == ("wal", 1)
    finally:
        await engine.dispose()


async def test_a_photo_stored_before_attachments_becomes_the_first_one_and_back(
    database_url: str,
) -> None:
    """Migration 015 moves each idea's and report's one photo into ``attachments``;
    going down puts the first one back."""
    await reset_database(database_url)
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine, "014")
        async with engine.begin() as connection:
            for statement in (
                "INSERT INTO residents (id, telegram_id, language, language_chosen, role, "
                "receives_announcements, receives_polls, blocked_bot, ban_notice_sent, "
                "created_at, last_seen_at) VALUES (1, 501, 'sv', true, 'resident', true, "
                "true, false, false, '2026-01-01 10:00:00', '2026-01-01 10:00:00')",
                "INSERT INTO ideas (id, author_id, category, body, language, photo_file_id, "
                "status, hidden, support_count, created_at, status_changed_at) VALUES "
                "(1, 1, 'outdoor', 'Benches by the playground', 'sv', 'old-photo', "
                "'received', false, 0, '2026-01-01 10:00:00', '2026-01-01 10:00:00'), "
                "(2, 1, 'outdoor', 'Lamps along the path', 'sv', NULL, "
                "'received', false, 0, '2026-01-01 10:00:00', '2026-01-01 10:00:00')",
            ):
                await connection.exec_driver_sql(statement)
        await upgrade_database(engine)
        async with engine.connect() as connection:
            moved = (
                await connection.exec_driver_sql(
                    "SELECT idea_id, report_id, position, file_id FROM attachments"
                )
            ).all()
        assert [tuple(row) for row in moved] == [(1, None, 0, "old-photo")]

        await downgrade_database(engine, "014")
        async with engine.connect() as connection:
            back = (
                await connection.exec_driver_sql("SELECT id, photo_file_id FROM ideas ORDER BY id")
            ).all()
        assert [tuple(row) for row in back] == [(1, "old-photo"), (2, None)]
    finally:
        await engine.dispose()
