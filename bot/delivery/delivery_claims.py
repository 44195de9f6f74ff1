"""Which instance sends which delivery rows: a claim with a lease, so several instances
share one broadcast and a killed one's rows are taken over.

``claim`` takes the next rows nobody holds with ``SELECT … FOR UPDATE SKIP LOCKED`` (two
instances claiming at the same moment neither wait for nor take each other's rows;
SQLite, with one instance, has no such clause) and marks them ``claimed_until``. The
claimer sends them only until shortly before that time, so no other instance can take a
row over while it may still be sent; what it did not send it hands back at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from db.models import Delivery, DeliveryState, Resident
from db.types import utc_now

__all__ = [
    "CLAIM_LEASE_SECONDS",
    "CLAIM_SECONDS",
    "Claim",
    "Recipient",
    "claim",
    "release",
    "release_claims",
]

# A claim: about this many seconds of sending at the full rate.
CLAIM_SECONDS = 5.0
# How long claimed rows stay this instance's; a killed instance's rows wait this long.
CLAIM_LEASE_SECONDS = 60.0
# Nothing is sent in the claim's last seconds (a quarter of a shorter lease): room for a
# send in flight and for the instances' clocks to differ a little.
CLAIM_MARGIN_SECONDS = 15.0


@dataclass(frozen=True, slots=True)
class Recipient:
    delivery_id: int
    resident_id: int
    telegram_id: int
    language: str
    attempts: int


@dataclass(frozen=True, slots=True)
class Claim:
    recipients: list[Recipient]
    # Send none of them from this moment on.
    honour_until: datetime

    @property
    def delivery_ids(self) -> list[int]:
        return [recipient.delivery_id for recipient in self.recipients]


async def claim(
    session_factory: async_sessionmaker[AsyncSession],
    broadcast_id: int,
    *,
    size: int,
    lease_seconds: float,
) -> Claim:
    now = utc_now()
    until = now + timedelta(seconds=lease_seconds)
    async with session_factory() as session, session.begin():
        ids = list(
            await session.scalars(
                select(Delivery.id)
                .where(
                    Delivery.broadcast_id == broadcast_id,
                    Delivery.state == DeliveryState.PENDING,
                    or_(Delivery.claimed_until.is_(None), Delivery.claimed_until < now),
                )
                .order_by(Delivery.id)
                .limit(size)
                .with_for_update(skip_locked=True)
            )
        )
        if not ids:
            return Claim([], now)
        await session.execute(
            update(Delivery).where(Delivery.id.in_(ids)).values(claimed_until=until)
        )
        rows = await session.execute(
            select(
                Delivery.id,
                Resident.id,
                Resident.telegram_id,
                Resident.language,
                Delivery.attempts,
            )
            .join(Resident, Resident.id == Delivery.resident_id)
            .where(Delivery.id.in_(ids))
            .order_by(Delivery.id)
        )
        recipients = [Recipient(*row) for row in rows]
    margin = timedelta(seconds=min(CLAIM_MARGIN_SECONDS, lease_seconds / 4))
    return Claim(recipients, until - margin)


async def release(
    session_factory: async_sessionmaker[AsyncSession], delivery_ids: list[int]
) -> None:
    """Hand back claimed rows not sent (those sent are no longer pending)."""
    if not delivery_ids:
        return
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Delivery)
            .where(Delivery.id.in_(delivery_ids), Delivery.state == DeliveryState.PENDING)
            .values(claimed_until=None)
        )


async def release_claims(session_factory: async_sessionmaker[AsyncSession]) -> None:
    """Hand back every claim: only when no other instance can be running (SQLite)."""
    async with session_factory() as session, session.begin():
        await session.execute(
            update(Delivery).where(Delivery.claimed_until.is_not(None)).values(claimed_until=None)
        )
