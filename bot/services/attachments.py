"""The photos of an idea or a safety report: stored in order, read back in order."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from db.models import MAX_PHOTOS, Attachment

__all__ = ["MAX_PHOTOS", "attach_photos", "idea_photos", "report_photos"]


def attach_photos(
    session: AsyncSession,
    file_ids: Sequence[str],
    *,
    idea_id: int | None = None,
    report_id: int | None = None,
) -> None:
    """Store the photos of a new idea or report; more than ``MAX_PHOTOS`` is refused by
    the wizard before, and by the table's constraint here."""
    session.add_all(
        Attachment(idea_id=idea_id, report_id=report_id, position=position, file_id=file_id)
        for position, file_id in enumerate(file_ids)
    )


async def idea_photos(session: AsyncSession, idea_id: int) -> tuple[str, ...]:
    rows = await session.scalars(
        select(Attachment.file_id)
        .where(Attachment.idea_id == idea_id)
        .order_by(Attachment.position)  # pragma: no mutate: SQLite reads by the same index
    )
    return tuple(rows)


async def report_photos(session: AsyncSession, report_id: int) -> tuple[str, ...]:
    rows = await session.scalars(
        select(Attachment.file_id)
        .where(Attachment.report_id == report_id)
        .order_by(Attachment.position)  # pragma: no mutate: SQLite reads by the same index
    )
    return tuple(rows)
