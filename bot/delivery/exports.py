"""Running an export: CSV into a file object, recorded in the audit log.

Shared by /export in the chat and ``python -m bot export``. The file is the caller's:
the chat uses an anonymous temporary file (gone when closed, never a path on disk), the
command line the file it was given.
"""

from __future__ import annotations

from datetime import date
from typing import BinaryIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.errors import UserFacingError
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.audit import record_action
from bot.services.csv_export import write_csv
from bot.services.exports import ExportFilters, ExportKind, ExportSettings, export_rows
from bot.settings import Settings
from db.models import Resident

__all__ = ["ExportNotConfiguredError", "export_file_name", "run_export"]


class ExportNotConfiguredError(UserFacingError):
    """Exports need PSEUDONYM_SECRET; without it a pseudonym could not be stable."""

    def user_message(self) -> str:
        return _("Exports are not set up yet: the administrator must set PSEUDONYM_SECRET.")


def export_file_name(kind: ExportKind, day: date, poll_id: int | None = None) -> str:
    names = {
        # Translators: file names of exports; lower case, no spaces.
        ExportKind.IDEAS: _("ideas"),
        ExportKind.SAFETY: _("safety-reports"),
        ExportKind.VOTES: _("supports"),
        ExportKind.POLLS: _("poll-results"),
        ExportKind.POLL_ANSWERS: _("poll-answers"),
    }
    subject = names[kind] if poll_id is None else f"{names[kind]}-{poll_id}"
    return f"{subject}-{day.isoformat()}.csv"


async def run_export(
    session_factory: async_sessionmaker[AsyncSession],
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
    kind: ExportKind,
    filters: ExportFilters,
    target: BinaryIO,
    *,
    actor_id: int | None,
) -> int:
    if settings.pseudonym_secret is None:
        raise ExportNotConfiguredError
    options = ExportSettings(
        secret=settings.pseudonym_secret.get_secret_value().encode(),
        zone=settings.zone,
        delimiter=settings.csv_separator,
        locale=settings.staff_locale,
        default_locale=settings.default_locale,
    )
    with i18n.context(), i18n.use_locale(settings.staff_locale):
        # Only reads: residents' taps do not wait behind a long export.
        async with session_factory() as session, session.read():
            rows = await write_csv(
                export_rows(session, kind, filters, options, area), target, options.delimiter
            )
    async with session_factory() as session, session.begin():
        actor = await session.get(Resident, actor_id) if actor_id is not None else None
        record_action(
            session,
            actor,
            "export",
            kind.value,
            rows=rows,
            via="chat" if actor_id is not None else "command line",
            **filters.as_details(),
        )
    return rows
