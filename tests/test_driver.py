"""The driver path (db/driver.py) reads and writes exactly what SQLAlchemy would."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.engine import make_url

from bot.services.ideas import _ONE_IDEA
from db.models import Idea, IdeaStatus, IdeaVote, Resident
from db.types import utc_now
from tests.ideas.helpers import seed_idea


async def _idea_with_a_place(session_factory) -> tuple[int, int]:
    idea_id = await seed_idea(session_factory, 990_001, "Bättre belysning vid Fjällkåpan")
    async with session_factory() as session, session.begin():
        idea = await session.get(Idea, idea_id)
        idea.latitude, idea.longitude = 57.79, 12.05
        idea.status = IdeaStatus.PLANNED
        resident_id = idea.author_id
    return idea_id, resident_id


async def test_a_row_read_on_the_driver_is_the_row_sqlalchemy_reads(session_factory) -> None:
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    params = {"idea_id": idea_id, "resident_id": resident_id}
    async with session_factory() as session, session.read():
        expected = (await session.execute(_ONE_IDEA, params)).first()
    async with session_factory() as session, session.driver(write=False) as unit:
        row = (await unit.execute(_ONE_IDEA, params)).first()
    assert tuple(row) == tuple(expected)
    assert row.status is IdeaStatus.PLANNED
    assert row.created_at.tzinfo is not None
    assert isinstance(row.latitude, float)


async def test_a_failed_driver_unit_leaves_nothing_behind(session_factory) -> None:
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    add = IdeaVote.__table__.insert().values(
        idea_id=bindparam("idea_id"), resident_id=bindparam("resident_id"), created_at=utc_now()
    )

    async def vote_then_fail() -> None:
        async with session_factory() as session, session.driver(write=True) as unit:
            await unit.execute(add, {"idea_id": idea_id, "resident_id": resident_id})
            raise RuntimeError("the tap failed after its first statement")

    with pytest.raises(RuntimeError):
        await vote_then_fail()
    async with session_factory() as session, session.read():
        assert await session.scalar(select(func.count()).select_from(IdeaVote)) == 0


async def test_statements_without_rows_count_what_they_changed(session_factory) -> None:
    await _idea_with_a_place(session_factory)
    await seed_idea(session_factory, 990_002, "Fler bänkar vid lekplatsen i parken")
    forget = delete(Resident.__table__).where(Resident.__table__.c.telegram_id > bindparam("id"))
    async with session_factory() as session, session.driver(write=True) as unit:
        assert (await unit.execute(forget, {"id": 990_000})).rowcount == 2
        assert (await unit.execute(forget, {"id": 990_000})).rowcount == 0


async def test_a_statement_needing_python_defaults_is_refused(session_factory) -> None:
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    without_time = IdeaVote.__table__.insert().values(idea_id=idea_id, resident_id=resident_id)
    async with session_factory() as session, session.driver(write=False) as unit:
        with pytest.raises(ValueError, match="defaults"):
            await unit.execute(without_time)


async def test_a_list_parameter_is_refused_rather_than_compiled_wrongly(session_factory) -> None:
    statuses = select(Idea.id).where(Idea.status.in_([IdeaStatus.DONE, IdeaStatus.PLANNED]))
    async with session_factory() as session, session.driver(write=False) as unit:
        with pytest.raises(ValueError, match="expanding"):
            await unit.execute(statuses)


async def test_a_writer_waits_for_another_process_without_holding_the_loop(
    session_factory, database_url
) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("SQLite only: PostgreSQL writers do not take a database-wide lock")
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    add = IdeaVote.__table__.insert().values(
        idea_id=bindparam("idea_id"), resident_id=bindparam("resident_id"), created_at=utc_now()
    )
    # Another process (the export command, a migration) holds SQLite's write lock.
    other = sqlite3.connect(make_url(database_url).database, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")

    async def vote() -> None:
        async with session_factory() as session, session.driver(write=True) as unit:
            await unit.execute(add, {"idea_id": idea_id, "resident_id": resident_id})

    waiting = asyncio.create_task(vote())
    for _ in range(10):
        # The loop keeps serving others while the tap waits for the lock.
        await asyncio.sleep(0)
    assert not waiting.done()
    other.execute("COMMIT")
    other.close()
    await asyncio.wait_for(waiting, timeout=10)
    async with session_factory() as session, session.read():
        assert await session.scalar(select(func.count()).select_from(IdeaVote)) == 1
