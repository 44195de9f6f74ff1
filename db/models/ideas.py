"""Ideas, the votes that support them, who follows them, flags, and their status history.

One vote per resident per idea is the primary key of ``idea_votes``, not a check in
Python: two taps racing each other cannot both count.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_column
from db.types import utc_now

__all__ = [
    "CLOSED_STATUSES",
    "FlagReason",
    "Idea",
    "IdeaFlag",
    "IdeaFollower",
    "IdeaStatus",
    "IdeaStatusChange",
    "IdeaVote",
    "IdeaWord",
]


class IdeaStatus(StrEnum):
    RECEIVED = "received"
    UNDER_REVIEW = "under_review"
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_GOING_AHEAD = "not_going_ahead"
    DUPLICATE = "duplicate"
    WITHDRAWN = "withdrawn"


# Ideas in these states can no longer be supported.
CLOSED_STATUSES = frozenset(
    {IdeaStatus.DONE, IdeaStatus.NOT_GOING_AHEAD, IdeaStatus.DUPLICATE, IdeaStatus.WITHDRAWN}
)


class FlagReason(StrEnum):
    SPAM = "spam"
    OFFENSIVE = "offensive"
    PERSONAL_DATA = "personal_data"


class Idea(Base):
    __tablename__ = "ideas"
    __table_args__ = (
        CheckConstraint("body IS NOT NULL OR voice_file_id IS NOT NULL", name="has_content"),
        Index("ix_ideas_status_created_at", "status", "created_at"),
        Index("ix_ideas_author_id_created_at", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id", ondelete="SET NULL"))
    category: Mapped[str] = mapped_column(String(16))
    # The resident's own words, never changed or translated, and the language they are in.
    body: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    voice_file_id: Mapped[str | None] = mapped_column(String(200))
    place_id: Mapped[str | None] = mapped_column(String(16))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    status: Mapped[IdeaStatus] = mapped_column(
        enum_column(IdeaStatus, "idea_status"), default=IdeaStatus.RECEIVED
    )
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    # Hidden by residents' flags or by staff, until staff decide.
    hidden: Mapped[bool] = mapped_column(default=False)
    # Kept by triggers on idea_votes (migration 010); never written here.
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    status_changed_at: Mapped[datetime] = mapped_column(default=utc_now)


class IdeaVote(Base):
    __tablename__ = "idea_votes"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class IdeaFollower(Base):
    __tablename__ = "idea_followers"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class IdeaFlag(Base):
    __tablename__ = "idea_flags"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), primary_key=True
    )
    reason: Mapped[FlagReason] = mapped_column(enum_column(FlagReason, "flag_reason"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Staff restored the idea after this flag: it no longer counts towards hiding it, and
    # the same resident cannot flag it again (the primary key), only new flaggers count.
    dismissed_at: Mapped[datetime | None]


class IdeaStatusChange(Base):
    __tablename__ = "idea_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), index=True)
    status: Mapped[IdeaStatus] = mapped_column(enum_column(IdeaStatus, "change_status"))
    note: Mapped[str | None] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class IdeaWord(Base):
    """The meaningful words of an idea's text, so "has this been suggested?" looks only at
    ideas that share a word stem with the new text instead of reading every idea."""

    __tablename__ = "idea_words"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    word: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)
    # The first letters: typos and word endings after them still find the idea.
    stem: Mapped[str] = mapped_column(String(8), index=True)
