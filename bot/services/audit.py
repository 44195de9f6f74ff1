"""The audit log: every staff, organiser and administrator action, who and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry, Resident

__all__ = ["AuditLine", "latest_actions", "record_action"]


@dataclass(frozen=True, slots=True)
class AuditLine:
    created_at: datetime
    actor_telegram_id: int | None
    action: str
    subject: str
    details: dict[str, Any]


def record_action(
    session: AsyncSession,
    actor: Resident | None,
    action: str,
    subject: str,
    **details: Any,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor else None, action=action, subject=subject, details=details
    )
    session.add(entry)
    return entry


async def latest_actions(session: AsyncSession, limit: int) -> list[AuditLine]:
    rows = await session.execute(
        select(AuditEntry, Resident.telegram_id)
        .outerjoin(Resident)
        # Entries are written as things happen: the newest has the highest id.
        .order_by(AuditEntry.id.desc())
        .limit(limit)
    )
    return [
        AuditLine(entry.created_at, telegram_id, entry.action, entry.subject, entry.details)
        for entry, telegram_id in rows
    ]
