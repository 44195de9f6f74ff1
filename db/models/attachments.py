"""Photos sent with an idea or a safety report, in the order the resident sent them.

Telegram keeps the files; only their file ids are stored. Each row belongs to exactly one
idea or one report and goes with it (ON DELETE CASCADE): erasing an idea or a report, by
/forget or retention, erases its photos' ids too.
"""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base

__all__ = ["MAX_PHOTOS", "Attachment"]

# Per idea or report. Telegram's media groups take 2 to 10 items; staff look at five.
MAX_PHOTOS = 5


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (
        CheckConstraint("(idea_id IS NULL) <> (report_id IS NULL)", name="one_owner"),
        CheckConstraint(f"position >= 0 AND position < {MAX_PHOTOS}", name="position_range"),
        UniqueConstraint("idea_id", "position", name="uq_attachments_idea_position"),
        UniqueConstraint("report_id", "position", name="uq_attachments_report_position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    # The unique constraints below index both owners.
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_reports.id", ondelete="CASCADE")
    )
    position: Mapped[int] = mapped_column(SmallInteger)
    file_id: Mapped[str] = mapped_column(String(200))
