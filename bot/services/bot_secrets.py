"""The bot's own secrets, generated on first need and stored with the data (``bot_secrets``).

A backup of the database carries them, so pseudonyms stay the same after a restore and
nobody has to invent a secret before the first export. ``PSEUDONYM_SECRET`` in the
settings overrides the stored pseudonym key. Each secret is made once: two processes
that need it at the same moment both end up with the row the first one wrote.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import BotSecret
from db.queries import insert_ignoring_duplicates

__all__ = ["COUNTERS", "PSEUDONYMS", "sender_key", "stored_secret"]

logger = logging.getLogger(__name__)

PSEUDONYMS = "pseudonyms"
COUNTERS = "counters"


async def stored_secret(session: AsyncSession, name: str) -> bytes:
    """The secret called ``name``, made now if the bot has none yet (in the caller's
    transaction, which must be able to write)."""
    # A shortcut for the usual case: the insert below keeps a stored secret as it is.
    known = select(BotSecret.value).where(BotSecret.name == name)
    value = await session.scalar(known)  # pragma: no mutate: a shortcut
    if value is None:
        made = await session.execute(
            insert_ignoring_duplicates(
                session, BotSecret, name=name, value=secrets.token_urlsafe(48)
            )
        )
        if made.rowcount:
            logger.info("generated the %s secret and stored it in the database", name)
        value = await session.scalar(known)
    assert value is not None
    return value.encode()


async def sender_key(session: AsyncSession, telegram_id: int) -> str:
    """A keyed hash of a Telegram id: what the 24-hour counters are kept under, not
    reversible without the bot's secret and not the resident's row."""
    secret = await stored_secret(session, COUNTERS)
    digest = hmac.new(secret, f"telegram:{telegram_id}".encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode()[:26]
