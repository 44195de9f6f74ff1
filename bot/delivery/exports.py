"""Running an export: the CSV sheet into a file object, recorded in the audit log.

Shared by /export in the chat and ``python -m bot export``; nothing here (nor in
``bot.delivery``'s package) imports aiogram, so the command line stays without the
Telegram library. Like the rest of delivery it runs outside any update's unit of work,
with short sessions of its own: one that only reads while the rows stream, then one that
writes the audit entry. Pseudonyms are keyed with ``PSEUDONYM_SECRET`` when it is set,
otherwise with the secret the bot made for itself and keeps in the database. The file
is the caller's: the chat uses an anonymous temporary file (gone when closed, never a
path on disk), the command line the file it was given.
"""

from __future__ import annotations

from typing import BinaryIO

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.i18n import Catalogues
from bot.services.bot_secrets import PSEUDONYMS, stored_secret
from bot.services.exports import ExportFilters, ExportKind, ExportSettings, record_export
from bot.settings import Settings
from bot.views.export_sheets import SheetStyle, write_export

__all__ = ["run_export"]


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
    if settings.pseudonym_secret is not None:
        secret = settings.pseudonym_secret.get_secret_value().encode()
    else:
        # Made on first need and kept with the data: no setup before the first export.
        async with session_factory() as session, session.begin():
            secret = await stored_secret(session, PSEUDONYMS)
    options = ExportSettings(
        secret=secret,
        zone=settings.zone,
        default_locale=settings.default_locale,
        min_group_size=settings.min_group_size,
        translated_into=settings.staff_locale if settings.translates else None,
    )
    style = SheetStyle(
        delimiter=settings.csv_separator,
        locale=settings.staff_locale,
        zone=settings.zone,
        translations=settings.translates,
    )
    with i18n.context(), i18n.use_locale(settings.staff_locale):
        # Only reads: residents' taps do not wait behind a long export.
        async with session_factory() as session, session.read():
            rows = await write_export(session, kind, filters, options, style, area, target)
    async with session_factory() as session, session.begin():
        await record_export(session, actor_id, kind, filters, rows)
    return rows
