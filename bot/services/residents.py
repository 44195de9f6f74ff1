"""Residents: first contact, language, last seen."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n.languages import LANGUAGES, match_language
from db.driver import Executes, as_loaded
from db.models import Resident, Role
from db.types import utc_now

__all__ = [
    "Contact",
    "align_admin_role",
    "choose_language",
    "contact_is_current",
    "read_resident",
    "register_contact",
    "resident_language",
    "role_and_language",
    "role_is_current",
]

# Writing last_seen on every update would turn each read into a write; this is precise
# enough for "inactive for 24 months".
LAST_SEEN_PRECISION = timedelta(hours=1)


@dataclass(frozen=True, slots=True)
class Contact:
    resident: Resident
    is_new: bool


async def register_contact(
    session: AsyncSession,
    *,
    telegram_id: int,
    language_code: str | None,
    default_locale: str,
    admin_ids: Collection[int],
    now: datetime | None = None,
) -> Contact:
    """Find the resident behind an update, creating them on first contact."""
    now = now or utc_now()
    resident = await session.scalar(select(Resident).where(Resident.telegram_id == telegram_id))
    is_new = resident is None
    if resident is None:
        resident = Resident(
            telegram_id=telegram_id,
            language=match_language(language_code) or default_locale,
            created_at=now,
            last_seen_at=now,
        )
        try:
            async with session.begin_nested():
                session.add(resident)
        except IntegrityError:
            # Two first updates from one person raced; the other one registered them.
            resident = await session.scalar(
                select(Resident).where(Resident.telegram_id == telegram_id)
            )
            assert resident is not None
            is_new = False
    elif now - resident.last_seen_at >= LAST_SEEN_PRECISION:
        resident.last_seen_at = now
    # Someone who writes to the bot can be reached again.
    resident.blocked_bot = False
    if telegram_id in admin_ids:
        resident.role = Role.ADMIN
    elif resident.role is Role.ADMIN:
        # Administrators exist only through ADMIN_IDS; removing the id removes the role.
        resident.role = Role.RESIDENT
    return Contact(resident=resident, is_new=is_new)


def contact_is_current(
    resident: Resident | None,
    *,
    telegram_id: int,
    admin_ids: Collection[int],
    now: datetime | None = None,
) -> bool:
    """True when ``register_contact`` would change nothing: most updates only read."""
    if resident is None or resident.blocked_bot:
        return False
    if (now or utc_now()) - resident.last_seen_at >= LAST_SEEN_PRECISION:
        return False
    return role_is_current(resident, telegram_id=telegram_id, admin_ids=admin_ids)


def role_is_current(resident: Resident, *, telegram_id: int, admin_ids: Collection[int]) -> bool:
    """False when ADMIN_IDS gained or lost this person since their role was stored."""
    return (telegram_id in admin_ids) == (resident.role is Role.ADMIN)


async def align_admin_role(
    session: AsyncSession, resident: Resident, *, telegram_id: int, admin_ids: Collection[int]
) -> Resident:
    """Give or take the administrator role as ADMIN_IDS says now, in any chat."""
    stored = await session.get(Resident, resident.id)
    assert stored is not None
    if telegram_id in admin_ids:
        stored.role = Role.ADMIN
    elif stored.role is Role.ADMIN:
        stored.role = Role.RESIDENT
    return stored


def choose_language(resident: Resident, code: str) -> bool:
    """Store the resident's own choice; False for a code we have no catalogue for."""
    if code not in LANGUAGES:
        return False
    resident.language = code
    resident.language_chosen = True
    return True


_BY_TELEGRAM_ID = select(*Resident.__table__.c).where(
    Resident.__table__.c.telegram_id == bindparam("telegram_id")
)


async def read_resident(reader: Executes, telegram_id: int) -> Resident | None:
    """The resident as a plain row turned object, not yet part of any session: the read
    behind every update, so it runs on the driver (db.driver)."""
    row = (await reader.execute(_BY_TELEGRAM_ID, {"telegram_id": telegram_id})).first()
    return as_loaded(Resident, row._asdict()) if row else None


async def resident_language(session: AsyncSession, telegram_id: int) -> str | None:
    return await session.scalar(
        select(Resident.language).where(Resident.telegram_id == telegram_id)
    )


async def role_and_language(
    session: AsyncSession, telegram_id: int
) -> tuple[Role | None, str | None]:
    """What throttling needs to know of a sender; (None, None) for someone new."""
    row = (
        await session.execute(
            select(Resident.role, Resident.language).where(Resident.telegram_id == telegram_id)
        )
    ).first()
    return (row[0], row[1]) if row else (None, None)
