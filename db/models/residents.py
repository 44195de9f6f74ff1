"""Residents and what belongs to the foundation: invites and the audit log.

A resident is known by their Telegram id and nothing else from their profile: no names,
no usernames, no phone numbers. Everything that must outlive a resident's erasure points
at them with ``ON DELETE SET NULL`` or is deleted with them (``CASCADE``).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_column
from db.types import utc_now

__all__ = ["AuditEntry", "Invite", "Resident", "Role"]


class Role(StrEnum):
    """Ordered from least to most trusted; an admin can do what staff and organisers can."""

    RESIDENT = "resident"
    ORGANISER = "organiser"
    STAFF = "staff"
    ADMIN = "admin"


class Resident(Base):
    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    language: Mapped[str] = mapped_column(String(8))
    # False until the resident picks a language themselves: we only guessed from Telegram.
    language_chosen: Mapped[bool] = mapped_column(default=False)
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), default=Role.RESIDENT)
    # What the resident agreed to receive from organisers; /settings changes them.
    receives_announcements: Mapped[bool] = mapped_column(default=True)
    receives_polls: Mapped[bool] = mapped_column(default=True)
    blocked_bot: Mapped[bool] = mapped_column(default=False)
    # Banned by staff: told once (ban_notice_sent), then every update is ignored.
    banned_at: Mapped[datetime | None]
    ban_notice_sent: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    last_seen_at: Mapped[datetime] = mapped_column(default=utc_now)


class Invite(Base):
    """A single-use deep link that grants a role to whoever opens it before it expires."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    role: Mapped[Role] = mapped_column(enum_column(Role, "invite_role"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    expires_at: Mapped[datetime]
    used_by_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id", ondelete="SET NULL"))
    used_at: Mapped[datetime | None]


class AuditEntry(Base):
    """Who did what, for every staff, organiser and administrator action."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_created_at", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(80), default="")
    details: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
