"""A broadcast as stored: its recipients, chosen once, and how far it has come.

No Telegram here: creating a broadcast is part of a handler's (or the command line's)
transaction; ``bot.delivery.broadcast_sender`` does the sending.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import Broadcast, Delivery, DeliveryState, Resident

__all__ = ["Audience", "BroadcastProgress", "count_recipients", "create_broadcast", "progress_of"]


@dataclass(frozen=True, slots=True)
class Audience:
    """Everyone who receives broadcasts, or only those with one language."""

    language: str | None = None


@dataclass(frozen=True, slots=True)
class BroadcastProgress:
    sent: int
    failed: int
    blocked: int
    pending: int

    @property
    def total(self) -> int:
        return self.sent + self.failed + self.blocked + self.pending


def _wants(kind: str):
    """The resident's own choice for this kind of broadcast (/settings)."""
    return Resident.receives_polls if kind == "poll" else Resident.receives_announcements


def _recipients(kind: str, audience: Audience):
    residents = select(Resident.id)  # pragma: no mutate, callers count rows or swap columns
    query = residents.where(_wants(kind).is_(True), Resident.blocked_bot.is_(False))
    if audience.language:
        query = query.where(Resident.language == audience.language)
    return query


async def count_recipients(session: AsyncSession, kind: str, audience: Audience) -> int:
    recipients = _recipients(kind, audience).subquery()
    return await session.scalar(select(func.count()).select_from(recipients)) or 0


async def create_broadcast(
    session: AsyncSession,
    kind: str,
    content: dict[str, Any],
    audience: Audience,
    created_by_id: int | None,
) -> int:
    """Store the broadcast and one pending delivery per recipient, in one statement."""
    broadcast = Broadcast(kind=kind, content=content, created_by_id=created_by_id)
    session.add(broadcast)
    await session.flush()
    recipients = _recipients(kind, audience).with_only_columns(
        literal(broadcast.id), Resident.id, literal(DeliveryState.PENDING.value), literal(0)
    )
    await session.execute(
        insert(Delivery).from_select(
            ["broadcast_id", "resident_id", "state", "attempts"], recipients
        )
    )
    return broadcast.id


async def progress_of(session: AsyncSession, broadcast_id: int) -> BroadcastProgress:
    counts = dict(
        (
            await session.execute(
                select(Delivery.state, func.count())
                .where(Delivery.broadcast_id == broadcast_id)
                .group_by(Delivery.state)
            )
        ).all()
    )
    return BroadcastProgress(
        sent=counts.get(DeliveryState.SENT, 0),
        failed=counts.get(DeliveryState.FAILED, 0),
        blocked=counts.get(DeliveryState.BLOCKED, 0),
        pending=counts.get(DeliveryState.PENDING, 0),
    )
