"""The outbox: messages the bot owes residents, written in the same transaction as their cause.

A status change commits its notifications with it; a sender delivers them afterwards.
The unique key makes "at most one message per person per change" a schema fact.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import utc_now

__all__ = ["Notification"]


class Notification(Base):
    __tablename__ = "notifications"
    __table_args__ = (
        UniqueConstraint("resident_id", "kind", "subject_id", name="uq_notifications_once"),
        Index("ix_notifications_pending", "sent_at", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    # What it is about: kind names the table, subject_id the row (e.g. a status change).
    kind: Mapped[str] = mapped_column(String(24))
    subject_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    attempts: Mapped[int] = mapped_column(default=0)
    # Never set any more: a delivered notification is deleted (bot.delivery.outbox).
    sent_at: Mapped[datetime | None]
    # Given up: the resident blocked the bot, or delivery failed too often.
    failed: Mapped[bool] = mapped_column(default=False)
