"""Daily limits that outlive /forget: each idea or report sent is counted for 24 hours
under a keyed hash of the sender's Telegram id (``bot.services.bot_secrets.sender_key``),
not under the resident. Erasing oneself and coming back as a new resident therefore does
not reset the limit; after 24 hours the count is deleted and nothing joins it to anyone.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import ActionCounter

__all__ = ["COUNTER_LIFETIME", "IDEA", "REPORT", "actions_today", "count_action", "forget_old"]

COUNTER_LIFETIME = timedelta(hours=24)
IDEA = "idea"
REPORT = "report"


async def actions_today(session: AsyncSession, key: str, kind: str, now: datetime) -> int:
    return await session.scalar(
        select(func.count())
        .select_from(ActionCounter)
        .where(
            ActionCounter.key == key,
            ActionCounter.kind == kind,
            ActionCounter.created_at > now - COUNTER_LIFETIME,
        )
    )


async def count_action(session: AsyncSession, key: str, kind: str, now: datetime) -> None:
    await forget_old(session, now)
    session.add(ActionCounter(key=key, kind=kind, created_at=now))


async def forget_old(session: AsyncSession, now: datetime) -> int:
    """Counts older than 24 hours go: by every new count and by the retention pass."""
    result = await session.execute(
        delete(ActionCounter).where(ActionCounter.created_at <= now - COUNTER_LIFETIME)
    )
    return result.rowcount or 0
