"""Broadcasts: one message to many residents, with one delivery row per recipient.

Every recipient's row exists before the first message goes out, so a restart knows
exactly who is still owed the message; the unique key makes a second row impossible.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_column
from db.types import utc_now

__all__ = ["Broadcast", "BroadcastState", "Delivery", "DeliveryState"]


class BroadcastState(StrEnum):
    SENDING = "sending"
    DONE = "done"


class DeliveryState(StrEnum):
    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"


class Broadcast(Base):
    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    # What is sent: "announcement" or "poll", and the texts per language to send.
    kind: Mapped[str] = mapped_column(String(16))
    content: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )
    state: Mapped[BroadcastState] = mapped_column(
        enum_column(BroadcastState, "broadcast_state"), default=BroadcastState.SENDING
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    finished_at: Mapped[datetime | None]
    # The organiser's progress message, kept up to date while it is sent, in their
    # language. Empty until that message is shown.
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None]
    progress_locale: Mapped[str | None] = mapped_column(String(8))


class Delivery(Base):
    __tablename__ = "broadcast_deliveries"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "resident_id", name="uq_broadcast_deliveries_once"),
        Index("ix_broadcast_deliveries_pending", "broadcast_id", "state", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcasts.id", ondelete="CASCADE"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    state: Mapped[DeliveryState] = mapped_column(
        enum_column(DeliveryState, "delivery_state"), default=DeliveryState.PENDING
    )
    attempts: Mapped[int] = mapped_column(default=0)
    sent_at: Mapped[datetime | None]
    # Several instances share the rows: one claims a batch until this time, and only it
    # sends them; a killed instance's claim runs out and another takes the rows over.
    claimed_until: Mapped[datetime | None]
