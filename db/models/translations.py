"""Machine translations of residents' and staff's own words, stored with the text.

A row translates one text (an idea, a safety report, a message in a report's thread, a
staff note with a status change) into one language; exactly one of the subject columns is
set, and each cascades: a text erased takes its translations with it. ``text`` is None
when the engine has no model for the pair: the original is shown with a note that no
machine translation exists, never a translation through a wrong language.
``source_digest`` is the original's SHA-256: a translation of an older wording is not shown.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.models.base import Base
from db.types import utc_now

__all__ = ["Translation"]

SUBJECT_COLUMNS = ("idea_id", "report_id", "message_id", "idea_change_id", "report_change_id")


def _one_subject() -> str:
    counted = " + ".join(
        f"(CASE WHEN {name} IS NULL THEN 0 ELSE 1 END)" for name in SUBJECT_COLUMNS
    )
    return f"{counted} = 1"


class Translation(Base):
    __tablename__ = "translations"
    __table_args__ = (
        CheckConstraint(_one_subject(), name="one_subject"),
        UniqueConstraint("idea_id", "target_language", name="uq_translations_idea"),
        UniqueConstraint("report_id", "target_language", name="uq_translations_report"),
        UniqueConstraint("message_id", "target_language", name="uq_translations_message"),
        UniqueConstraint("idea_change_id", "target_language", name="uq_translations_idea_change"),
        UniqueConstraint(
            "report_change_id", "target_language", name="uq_translations_report_change"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    report_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_reports.id", ondelete="CASCADE")
    )
    message_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_messages.id", ondelete="CASCADE")
    )
    idea_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea_status_changes.id", ondelete="CASCADE")
    )
    report_change_id: Mapped[int | None] = mapped_column(
        ForeignKey("safety_status_changes.id", ondelete="CASCADE")
    )
    source_language: Mapped[str] = mapped_column(String(8))
    target_language: Mapped[str] = mapped_column(String(8))
    source_digest: Mapped[str] = mapped_column(String(64))
    # None: the engine has no model for this pair.
    text: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utc_now)
    # The staff-chat message about the subject (a report's alert, an answer) shows this
    # translation; until then the translator edits it in.
    shown_at: Mapped[datetime | None]
