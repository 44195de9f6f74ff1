"""Migration 009: the organiser's progress message moves out of the content, and back."""

from __future__ import annotations

from sqlalchemy import JSON, BigInteger, Integer, String, column, select, table, text

from db.migrate import downgrade_database, upgrade_database
from db.session import create_engine
from tests.support.database import reset_database

WHERE = {"chat_id": 5_000_000_001, "message_id": 42, "locale": "ar"}
SHOWN = {"texts": {"sv": "Hej"}, "progress": WHERE}
NOT_SHOWN = {"texts": {"sv": "Tyst"}}

# The table as revision 008 has it; the progress columns are added by 009.
broadcasts = table("broadcasts", column("id", Integer), column("content", JSON))
progress = (
    column("progress_chat_id", BigInteger),
    column("progress_message_id", Integer),
    column("progress_locale", String),
)


async def _contents(engine) -> list[dict]:
    async with engine.connect() as connection:
        query = select(broadcasts.c.content).order_by(broadcasts.c.id)
        return list((await connection.execute(query)).scalars())


async def test_the_progress_message_moves_to_its_columns_and_back(database_url: str) -> None:
    await reset_database(database_url)
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine, "008")
        async with engine.begin() as connection:
            for broadcast_id, content in ((1, SHOWN), (2, NOT_SHOWN)):
                await connection.execute(
                    text(
                        "INSERT INTO broadcasts (id, kind, content, state, created_at) "
                        "VALUES (:id, 'announcement', '{}', 'sending', CURRENT_TIMESTAMP)"
                    ),
                    {"id": broadcast_id},
                )
                await connection.execute(
                    broadcasts.update()
                    .where(broadcasts.c.id == broadcast_id)
                    .values(content=content)
                )

        await upgrade_database(engine, "009")
        async with engine.connect() as connection:
            query = select(*progress).select_from(broadcasts).order_by(broadcasts.c.id)
            columns = [tuple(row) for row in await connection.execute(query)]
        assert columns == [(5_000_000_001, 42, "ar"), (None, None, None)]
        assert await _contents(engine) == [{"texts": {"sv": "Hej"}}, NOT_SHOWN]

        await downgrade_database(engine, "008")
        assert await _contents(engine) == [SHOWN, NOT_SHOWN]
    finally:
        await engine.dispose()
