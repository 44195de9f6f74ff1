"""Safety reports (trygghet): a place and a situation, never a person.

Who sent a report is kept apart from it, in ``safety_report_links``, so that the report
itself (what staff see, what an export or a public-access request contains) never says
who. Retention deletes the link and leaves the report.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, Float, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base, enum_column
from db.models.ideas import IdeaStatus
from db.types import utc_now

__all__ = [
    "MessageDirection",
    "SafetyCategory",
    "SafetyMessage",
    "SafetyReport",
    "SafetyReportLink",
    "SafetyStatusChange",
    "StaffMention",
    "TimeOfDay",
    "Visibility",
    "WhenHappened",
]


class SafetyCategory(StrEnum):
    """The categories of Swedish safety walks (trygghetsvandringar)."""

    LIGHTING = "lighting"
    VEGETATION = "vegetation"
    ENTRANCES = "entrances"
    VANDALISM = "vandalism"
    DESERTED = "deserted"
    TRAFFIC = "traffic"
    OTHER = "other"


class WhenHappened(StrEnum):
    NOW = "now"
    TODAY = "today"
    RECENT_WEEKS = "weeks"
    RECURRING = "recurring"


class TimeOfDay(StrEnum):
    MORNING = "morning"
    DAY = "day"
    EVENING = "evening"
    NIGHT = "night"


class Visibility(StrEnum):
    PRIVATE = "private"
    ANONYMOUS = "anonymous"


class MessageDirection(StrEnum):
    TO_RESIDENT = "to_resident"
    FROM_RESIDENT = "from_resident"


class SafetyReport(Base):
    __tablename__ = "safety_reports"
    __table_args__ = (
        CheckConstraint("body IS NOT NULL OR voice_file_id IS NOT NULL", name="has_content"),
        Index("ix_safety_reports_created_at", "created_at"),
        Index("ix_safety_reports_staff_pending", "staff_notified_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[SafetyCategory] = mapped_column(enum_column(SafetyCategory, "safety_category"))
    place_id: Mapped[str | None] = mapped_column(String(16))
    place_text: Mapped[str | None] = mapped_column(String(200))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    happened: Mapped[WhenHappened] = mapped_column(enum_column(WhenHappened, "when_happened"))
    time_of_day: Mapped[TimeOfDay] = mapped_column(enum_column(TimeOfDay, "time_of_day"))
    body: Mapped[str | None] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(8))
    voice_file_id: Mapped[str | None] = mapped_column(String(200))
    visibility: Mapped[Visibility] = mapped_column(enum_column(Visibility, "visibility"))
    status: Mapped[IdeaStatus] = mapped_column(
        enum_column(IdeaStatus, "report_status"), default=IdeaStatus.RECEIVED
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    status_changed_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Set once the alert reached the staff chat; until then the sender keeps trying.
    staff_notified_at: Mapped[datetime | None]
    staff_message_id: Mapped[int | None]

    @property
    def reference(self) -> str:
        return f"T-{self.created_at.year}-{self.id:04d}"


class SafetyReportLink(Base):
    """Who sent a report, kept apart from it; only the bot reads it, to answer them."""

    __tablename__ = "safety_report_links"

    report_id: Mapped[int] = mapped_column(
        ForeignKey("safety_reports.id", ondelete="CASCADE"), primary_key=True
    )
    resident_id: Mapped[int] = mapped_column(
        ForeignKey("residents.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now, index=True)


class SafetyStatusChange(Base):
    __tablename__ = "safety_status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("safety_reports.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[IdeaStatus] = mapped_column(enum_column(IdeaStatus, "report_change_status"))
    note: Mapped[str | None] = mapped_column(Text)
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("residents.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utc_now)


class SafetyMessage(Base):
    """A question from staff or an answer from the resident, threaded to a report."""

    __tablename__ = "safety_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[int] = mapped_column(
        ForeignKey("safety_reports.id", ondelete="CASCADE"), index=True
    )
    direction: Mapped[MessageDirection] = mapped_column(
        enum_column(MessageDirection, "message_direction")
    )
    body: Mapped[str] = mapped_column(Text)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # Delivery: to the resident (questions) or to the staff chat (answers).
    delivered_at: Mapped[datetime | None]
    # A question is open until it is answered (one answer each) or staff close it.
    closed_at: Mapped[datetime | None]
    # An answer's message in the staff chat, edited when its translation is made.
    staff_message_id: Mapped[int | None]


class StaffMention(Base):
    """A message the bot posted to the staff chat that names a private reporter (a
    ``tg://user`` mention): the report's alert, or an answer of theirs.

    When the link between reporter and report goes (erasure, retention) ``redact_after``
    is set, and the outbox edits the message to drop the mention (or, when the report
    itself was erased, to say so), then deletes this row.
    """

    __tablename__ = "staff_mentions"
    __table_args__ = (Index("ix_staff_mentions_due", "redact_after"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # None once the report is erased: the message then only says that it was.
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_reports.id", ondelete="SET NULL"), index=True
    )
    reference: Mapped[str] = mapped_column(String(16))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[int]
    # The text is a photo's caption (edited with editMessageCaption).
    caption: Mapped[bool] = mapped_column(default=False)
    # Set for an answer: the message carries that answer, not the report's alert.
    answer_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_messages.id", ondelete="SET NULL")
    )
    redact_after: Mapped[datetime | None]
