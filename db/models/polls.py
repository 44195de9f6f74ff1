"""Polls: a question with options, translated per language, answered once per resident.

One answer row per resident and poll (a unique key, not a check in Python); the options
chosen hang off it, so a multiple-choice answer is still one answer. The answer keeps the
language the resident answered in, for results per language.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import utc_now

__all__ = ["Poll", "PollAnswer", "PollChoice", "PollOption", "poll_is_closed", "poll_taps"]


class Poll(Base):
    __tablename__ = "polls"

    id: Mapped[int] = mapped_column(primary_key=True)
    # The question per language code; the default language is always present.
    question: Mapped[dict[str, Any]] = mapped_column(default=dict)
    multiple_choice: Mapped[bool] = mapped_column(default=False)
    shows_results: Mapped[bool] = mapped_column(default=True)
    audience_language: Mapped[str | None] = mapped_column(String(8))
    closes_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Kept by triggers on poll_answers (migration 010); never written here.
    respondent_count: Mapped[int] = mapped_column(default=0, server_default="0")
    # When the organiser was sent the results of the closed poll (an outbox of one).
    results_sent_at: Mapped[datetime | None]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)

    def is_closed(self, now: datetime) -> bool:
        return poll_is_closed(self.closed_at, self.closes_at, now)


def poll_is_closed(closed_at: datetime | None, closes_at: datetime | None, now: datetime) -> bool:
    """Closed by hand, or past its deadline even if the closing job has not run yet."""
    return closed_at is not None or (closes_at is not None and closes_at <= now)


class PollOption(Base):
    __tablename__ = "poll_options"
    __table_args__ = (UniqueConstraint("poll_id", "position", name="uq_poll_options_position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    position: Mapped[int]
    # The option per language code, like the question.
    texts: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Kept by triggers on poll_choices (migration 010); never written here.
    chosen_count: Mapped[int] = mapped_column(default=0, server_default="0")


class PollAnswer(Base):
    __tablename__ = "poll_answers"
    __table_args__ = (UniqueConstraint("poll_id", "resident_id", name="uq_poll_answers_once"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The unique key (poll_id, resident_id) also serves lookups by poll.
    poll_id: Mapped[int] = mapped_column(ForeignKey("polls.id", ondelete="CASCADE"))
    # Erasing a resident erases their answers, as it does their votes.
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    answered_at: Mapped[datetime] = mapped_column(default=utc_now)


class PollChoice(Base):
    __tablename__ = "poll_choices"

    answer_id: Mapped[int] = mapped_column(
        ForeignKey("poll_answers.id", ondelete="CASCADE"), primary_key=True
    )
    option_id: Mapped[int] = mapped_column(
        ForeignKey("poll_options.id", ondelete="CASCADE"), primary_key=True, index=True
    )


# A view that holds nothing: a tap inserted into it is applied by its trigger (migration
# 016): the answer written while the poll is open, and one change of its choices. Kept out
# of ``Base.metadata``, which describes tables.
poll_taps = Table(
    "poll_taps",
    MetaData(),
    Column("poll_id", Integer),
    Column("resident_id", Integer),
    Column("language", String(8)),
    Column("answered_at", PollAnswer.__table__.c.answered_at.type),
    Column("option_id", Integer),
    # "add", "move" or "remove"
    Column("change", String(8)),
)
