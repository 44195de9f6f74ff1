"""Roles: single-use invite links, the list of role holders, revoking.

Organiser and staff roles are given only through an invite an administrator made;
administrators themselves come from ``ADMIN_IDS``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.services.audit import record_action
from db.models import Invite, Resident, Role
from db.types import utc_now

__all__ = [
    "INVITABLE_ROLES",
    "INVITE_PREFIX",
    "RedeemOutcome",
    "RevokeOutcome",
    "RoleHolder",
    "create_invite",
    "list_role_holders",
    "redeem_invite",
    "revoke_role",
]

INVITABLE_ROLES = (Role.ORGANISER, Role.STAFF)
# Deep-link payloads are limited to 64 characters of [A-Za-z0-9_-].
INVITE_PREFIX = "inv_"


class RedeemOutcome(StrEnum):
    GRANTED = "granted"
    UNKNOWN = "unknown"
    USED = "used"
    EXPIRED = "expired"
    ALREADY_HIGHER = "already_higher"


class RevokeOutcome(StrEnum):
    REVOKED = "revoked"
    NOT_FOUND = "not_found"
    NOT_REVOCABLE = "not_revocable"


@dataclass(frozen=True, slots=True)
class RoleHolder:
    resident_id: int
    telegram_id: int
    role: Role


async def create_invite(
    session: AsyncSession,
    admin: Resident,
    role: Role,
    ttl: timedelta,
    now: datetime | None = None,
) -> Invite:
    if role not in INVITABLE_ROLES:
        raise ValueError(f"role {role} cannot be given by invite")
    now = now or utc_now()
    invite = Invite(
        code=secrets.token_urlsafe(16),
        role=role,
        created_by_id=admin.id,
        created_at=now,
        expires_at=now + ttl,
    )
    session.add(invite)
    await session.flush()
    record_action(
        session, admin, "invite.create", f"invite:{invite.id}", role=role.value, ttl=str(ttl)
    )
    return invite


async def redeem_invite(
    session: AsyncSession, resident: Resident, code: str, now: datetime | None = None
) -> tuple[RedeemOutcome, Role | None]:
    now = now or utc_now()
    invite = await session.scalar(select(Invite).where(Invite.code == code))
    if invite is None:
        return RedeemOutcome.UNKNOWN, None
    if invite.expires_at <= now:
        return RedeemOutcome.EXPIRED, invite.role
    if resident.role is Role.ADMIN:
        return RedeemOutcome.ALREADY_HIGHER, invite.role
    # Conditional update: of two people opening the same link at once, exactly one wins.
    claimed = await session.execute(
        update(Invite)
        .where(Invite.id == invite.id, Invite.used_by_id.is_(None))
        .values(used_by_id=resident.id, used_at=now)
    )
    if claimed.rowcount != 1:
        return RedeemOutcome.USED, invite.role
    resident.role = invite.role
    record_action(session, resident, "role.grant", f"resident:{resident.id}", role=invite.role)
    return RedeemOutcome.GRANTED, invite.role


async def list_role_holders(session: AsyncSession) -> list[RoleHolder]:
    rows = await session.execute(
        select(Resident.id, Resident.telegram_id, Resident.role)
        .where(Resident.role != Role.RESIDENT)
        .order_by(Resident.role, Resident.id)
    )
    return [RoleHolder(resident_id=id_, telegram_id=tg, role=role) for id_, tg, role in rows]


async def revoke_role(session: AsyncSession, admin: Resident, resident_id: int) -> RevokeOutcome:
    resident = await session.get(Resident, resident_id)
    if resident is None or resident.role is Role.RESIDENT:
        return RevokeOutcome.NOT_FOUND
    if resident.role not in INVITABLE_ROLES:
        return RevokeOutcome.NOT_REVOCABLE
    record_action(
        session, admin, "role.revoke", f"resident:{resident.id}", role=resident.role.value
    )
    resident.role = Role.RESIDENT
    return RevokeOutcome.REVOKED
