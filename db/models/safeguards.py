"""What the bot keeps to protect itself and residents, not about anyone in particular.

``ActionCounter``: one row per idea or report sent, keyed by a keyed hash of the sender's
Telegram id instead of the resident, kept 24 hours only. Daily limits count these, so
``/forget`` and coming back as a new resident does not reset them; after a day nothing
is left that could be joined to anyone.

``BotSecret``: secrets the bot generates for itself on first start (the key for
pseudonyms and for the counters), stored with the data so that a backup carries them
and pseudonyms stay stable.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import utc_now

__all__ = ["ActionCounter", "BotSecret"]


class ActionCounter(Base):
    __tablename__ = "action_counters"
    __table_args__ = (Index("ix_action_counters_key", "key", "kind", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A keyed hash of the Telegram id: not reversible without the bot's secret.
    key: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)


class BotSecret(Base):
    __tablename__ = "bot_secrets"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    value: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
