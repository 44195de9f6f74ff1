"""The audit log: every staff, organiser and administrator action, who and when."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from db.models import AuditEntry, Resident

__all__ = ["record_action"]


def record_action(
    session: AsyncSession,
    actor: Resident | None,
    action: str,
    subject: str = "",
    **details: Any,
) -> AuditEntry:
    entry = AuditEntry(
        actor_id=actor.id if actor else None, action=action, subject=subject, details=details
    )
    session.add(entry)
    return entry
