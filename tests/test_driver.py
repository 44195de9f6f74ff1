"""The driver path (db/driver.py) reads and writes exactly what SQLAlchemy would."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import asyncpg
import pytest
from sqlalchemy import bindparam, delete, event, func, select
from sqlalchemy.engine import make_url

from bot.services.ideas import _ONE_IDEA
from db.hot_connections import CONNECTION_LOST, PostgresConnections
from db.models import Idea, IdeaStatus, IdeaVote, Resident
from db.types import utc_now
from tests.ideas.helpers import seed_idea


def _postgresql_only(database_url: str, why_not_sqlite: str) -> None:
    # Reached only once session_factory has migrated the PostgreSQL database it names.
    if not database_url.startswith("postgresql"):
        pytest.skip(f"PostgreSQL only: {why_not_sqlite}")


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


_ADD_VOTE = IdeaVote.__table__.insert().values(
    idea_id=bindparam("idea_id"), resident_id=bindparam("resident_id"), created_at=utc_now()
)
_WITHDRAW_VOTE = delete(IdeaVote.__table__).where(
    IdeaVote.__table__.c.idea_id == bindparam("idea_id"),
    IdeaVote.__table__.c.resident_id == bindparam("resident_id"),
)


async def _votes(session_factory) -> set[tuple[int, int]]:
    async with session_factory() as session, session.read():
        rows = await session.execute(select(IdeaVote.idea_id, IdeaVote.resident_id))
        return {tuple(row) for row in rows}


async def test_a_unit_of_one_change_refuses_a_second_before_sending_it(session_factory) -> None:
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    other_idea = await seed_idea(session_factory, 990_002, "Fler bänkar vid lekplatsen i parken")
    async with session_factory() as session, session.driver(write=True, one_change=True) as unit:
        await unit.execute(_ADD_VOTE, {"idea_id": idea_id, "resident_id": resident_id})
        with pytest.raises(RuntimeError, match="second change"):
            await unit.execute(_ADD_VOTE, {"idea_id": other_idea, "resident_id": resident_id})
    assert await _votes(session_factory) == {(idea_id, resident_id)}


async def test_a_change_of_nothing_leaves_a_unit_of_one_change_its_change(
    session_factory,
) -> None:
    # As a button from before taps said which: withdraw, and if nothing was, support.
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    params = {"idea_id": idea_id, "resident_id": resident_id}
    async with session_factory() as session, session.driver(write=True, one_change=True) as unit:
        assert (await unit.execute(_WITHDRAW_VOTE, params)).rowcount == 0
        await unit.execute(_ADD_VOTE, params)
    assert await _votes(session_factory) == {(idea_id, resident_id)}


@pytest.mark.parametrize("one_change", [True, False])
async def test_on_postgresql_a_unit_of_one_change_commits_it_as_it_is_made(
    session_factory, database_url, one_change
) -> None:
    _postgresql_only(database_url, "on SQLite every write unit is one transaction")
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    elsewhere = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        async with (
            session_factory() as session,
            session.driver(write=True, one_change=one_change) as unit,
        ):
            await unit.execute(_ADD_VOTE, {"idea_id": idea_id, "resident_id": resident_id})
            # What another resident's tap sees (and waits for) while this unit is not over.
            seen = await elsewhere.fetchval("SELECT count(*) FROM idea_votes")
    finally:
        await elsewhere.close()
    assert seen == (1 if one_change else 0)
    assert await _votes(session_factory) == {(idea_id, resident_id)}


async def test_on_postgresql_connections_go_to_taps_in_the_order_they_asked(
    session_factory, database_url
) -> None:
    _postgresql_only(database_url, "on SQLite taps take turns at the write lock")
    dialect = session_factory.kw["bind"].dialect
    connections = PostgresConnections(make_url(database_url), dialect, max_size=2)
    asked: list[int] = []
    served: list[int] = []

    async def taps(resident: int) -> None:
        # Each tap asks twice (the resident, then the tap's change), as many at once do.
        for _ in range(3):
            asked.append(resident)
            connection = await connections.acquire()
            served.append(resident)
            await connection.fetchval("SELECT 1")
            connections.release(connection)

    try:
        # Both connections open before the taps come, as after the first taps of the day.
        opened = [await connections.acquire() for _ in range(2)]
        for connection in opened:
            connections.release(connection)
        await asyncio.gather(*(taps(resident) for resident in range(40)))
    finally:
        await connections.close()
    assert served == asked


async def test_on_postgresql_an_update_cancelled_mid_statement_leaves_the_next_one_served(
    session_factory, database_url
) -> None:
    _postgresql_only(database_url, "SQLite's statements run on the event loop, never halfway")
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    sent = asyncio.Event()

    def note_the_sleep(_connection, _cursor, statement, *_args) -> None:
        if "pg_sleep" in statement:
            sent.set()

    async def update_cut_short() -> None:
        # As at a shutdown, or when an update is given up on while it waits for the server.
        async with session_factory() as session, session.driver(write=False) as unit:
            await unit.scalar(select(func.pg_sleep(60)))

    engine = session_factory.kw["bind"].sync_engine
    event.listen(engine, "before_cursor_execute", note_the_sleep)
    try:
        cut_short = asyncio.create_task(update_cut_short())
        # Set as the statement goes to asyncpg: this test runs again only once the update
        # waits for the server.
        await sent.wait()
    finally:
        event.remove(engine, "before_cursor_execute", note_the_sleep)
    cut_short.cancel()
    with pytest.raises(asyncio.CancelledError):
        await cut_short

    params = {"idea_id": idea_id, "resident_id": resident_id}
    async with session_factory() as session, session.driver(write=True, one_change=True) as unit:
        await unit.execute(_ADD_VOTE, params)
    assert await _votes(session_factory) == {(idea_id, resident_id)}


async def test_on_postgresql_a_connection_left_idle_too_long_is_not_handed_out(
    session_factory, database_url, monkeypatch
) -> None:
    _postgresql_only(database_url, "SQLite's connections are files")
    dialect = session_factory.kw["bind"].dialect
    connections = PostgresConnections(make_url(database_url), dialect, max_size=2)
    try:
        first = await connections.acquire()
        first_backend = await first.fetchval("SELECT pg_backend_pid()")
        connections.release(first)
        again = await connections.acquire()
        assert await again.fetchval("SELECT pg_backend_pid()") == first_backend
        connections.release(again)
        # As if it had been given back longer ago than a pooler keeps an idle connection.
        monkeypatch.setattr("db.hot_connections.IDLE_SECONDS", 0.0)
        fresh = await connections.acquire()
        assert await fresh.fetchval("SELECT pg_backend_pid()") != first_backend
        assert first.is_closed()
        connections.release(fresh)
    finally:
        await connections.close()


async def _cut(database_url: str, unit) -> None:
    """What a restart of PostgreSQL does to the unit's connection, done before the bot's
    event loop can notice (from a thread it waits for), as when the restart comes while
    the unit is between two statements."""
    pid = await unit.scalar(select(func.pg_backend_pid()))

    async def terminate() -> None:
        cutter = await asyncpg.connect(database_url.replace("+asyncpg", ""))
        try:
            assert await cutter.fetchval("SELECT pg_terminate_backend($1, 10000)", pid)
        finally:
            await cutter.close()

    cutting = threading.Thread(target=asyncio.run, args=(terminate(),))
    cutting.start()
    cutting.join()


async def test_on_postgresql_a_change_meeting_a_cut_connection_is_not_sent_again(
    session_factory, database_url
) -> None:
    _postgresql_only(database_url, "SQLite's connections are files")
    idea_id, resident_id = await _idea_with_a_place(session_factory)
    params = {"idea_id": idea_id, "resident_id": resident_id}
    async with session_factory() as session, session.driver(write=True, one_change=True) as unit:
        await unit.execute(_ADD_VOTE, params)
        await _cut(database_url, unit)
        # The vote is in: what the message shows is read on a fresh connection.
        votes = select(func.count()).select_from(IdeaVote)
        assert await unit.scalar(votes) == 1
    async with session_factory() as session, session.driver(write=True, one_change=True) as unit:
        await _cut(database_url, unit)
        # Whether a change the cut met was applied is not known: the tap fails as a whole.
        with pytest.raises(CONNECTION_LOST):
            await unit.execute(_WITHDRAW_VOTE, params)
    assert await _votes(session_factory) == {(idea_id, resident_id)}
