"""The bot's own secrets: made once, kept, one per use; and the sender key made from one,
the same for one Telegram account and different for another or under another secret."""

from __future__ import annotations

import logging
import string

from sqlalchemy import delete, select

from bot.services.bot_secrets import COUNTERS, PSEUDONYMS, sender_key, stored_secret
from db.models import BotSecret


async def test_a_secret_is_made_once_and_kept(session_factory, caplog) -> None:
    caplog.set_level(logging.INFO, logger="bot.services.bot_secrets")
    async with session_factory() as session, session.begin():
        first = await stored_secret(session, COUNTERS)
        again = await stored_secret(session, COUNTERS)
        other = await stored_secret(session, PSEUDONYMS)

    async with session_factory() as session:
        stored = dict(
            (name, (value, created_at is not None))
            for name, value, created_at in await session.execute(
                select(BotSecret.name, BotSecret.value, BotSecret.created_at)
            )
        )

    assert first == again != other
    assert stored == {COUNTERS: (first.decode(), True), PSEUDONYMS: (other.decode(), True)}
    assert len(first) == len(other) == 64
    assert [record.getMessage() for record in caplog.records] == [
        "generated the counters secret and stored it in the database",
        "generated the pseudonyms secret and stored it in the database",
    ]


async def test_a_sender_key_is_one_per_account_and_secret(session_factory) -> None:
    async with session_factory() as session, session.begin():
        mine, again, theirs = [await sender_key(session, n) for n in (4711, 4711, 4712)]
        await stored_secret(session, PSEUDONYMS)
        await session.execute(delete(BotSecret).where(BotSecret.name == COUNTERS))
        renewed = await sender_key(session, 4711)

    assert mine == again
    assert len({mine, theirs, renewed}) == 3
    assert len(mine) == 26
    assert set(mine) <= set(string.ascii_uppercase + "234567")
