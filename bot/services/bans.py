"""Bans: staff stop a resident from using the bot, and can lift it again.

Only residents can be banned; someone with a role loses the role first (/roles). Both
acts go to the audit log with the staff member's reason.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.audit import record_action
from db.models import Idea, Resident, Role

__all__ = ["BanOutcome", "author_of", "ban_resident", "claim_ban_notice", "lift_ban"]


class BanOutcome(StrEnum):
    DONE = "done"
    ALREADY = "already"
    HAS_ROLE = "has_role"
    NOBODY = "nobody"


async def author_of(session: AsyncSession, idea_id: int) -> Resident | None:
    idea = await session.get(Idea, idea_id)
    if idea is None or idea.author_id is None:
        return None
    return await session.get(Resident, idea.author_id)


async def ban_resident(
    session: AsyncSession, actor: Resident, target: Resident | None, reason: str, now: datetime
) -> BanOutcome:
    if target is None:
        return BanOutcome.NOBODY
    if target.role is not Role.RESIDENT:
        return BanOutcome.HAS_ROLE
    if target.banned_at is not None:
        return BanOutcome.ALREADY
    target.banned_at = now
    target.ban_notice_sent = False
    record_action(session, actor, "ban", f"resident:{target.id}", reason=reason)
    return BanOutcome.DONE


async def lift_ban(session: AsyncSession, actor: Resident, target: Resident | None) -> BanOutcome:
    if target is None:
        return BanOutcome.NOBODY
    if target.banned_at is None:
        return BanOutcome.ALREADY
    target.banned_at = None
    target.ban_notice_sent = False
    record_action(session, actor, "unban", f"resident:{target.id}")
    return BanOutcome.DONE


async def claim_ban_notice(session: AsyncSession, resident_id: int) -> bool:
    """True once per ban: the first update after it is the one that gets the notice."""
    result = await session.execute(
        update(Resident)
        .where(Resident.id == resident_id, Resident.ban_notice_sent.is_(False))
        .values(ban_notice_sent=True)
    )
    return bool(result.rowcount)
