"""/export for staff: a CSV document for Excel, named after its content and the day."""

from __future__ import annotations

import tempfile
from collections.abc import AsyncGenerator
from datetime import date
from html import escape
from typing import BinaryIO

from aiogram import Bot, Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InputFile, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.delivery.exports import run_export
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.exports import ExportFilters, ExportKind
from bot.settings import Settings
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import ExportCallback
from bot.views.export_sheets import export_file_name
from db.models import Resident, Role
from db.types import utc_now

__all__ = ["STAFF_COMMANDS", "build_router", "send_export"]

STAFF_COMMANDS = ("export",)


class OpenFileInput(InputFile):
    """Uploads from an open file object, so an export never needs a path on disk."""

    def __init__(self, file: BinaryIO, filename: str) -> None:
        super().__init__(filename=filename)
        self.file = file

    async def read(self, bot: Bot) -> AsyncGenerator[bytes, None]:
        self.file.seek(0)
        while chunk := self.file.read(self.chunk_size):
            yield chunk


def _kinds_keyboard():
    builder = KeyboardBuilder()
    labels = {
        ExportKind.IDEAS: _("💡 Ideas"),
        ExportKind.SAFETY: _("🛡 Safety reports"),
        ExportKind.VOTES: _("👍 Support for ideas"),
        ExportKind.POLLS: _("📊 Poll results"),
        ExportKind.POLL_ANSWERS: _("🗳 Poll answers"),
    }
    for kind, label in labels.items():
        builder.button(text=label, callback_data=ExportCallback(kind=kind))
    builder.adjust(1)
    return builder.as_markup()


class UnreadableArgumentError(ValueError):
    """A word after /export that is neither a list's name nor a date (YYYY-MM-DD)."""

    def __init__(self, word: str) -> None:
        super().__init__(word)
        self.word = word


def parse_export_arguments(arguments: str | None) -> tuple[ExportKind | None, ExportFilters]:
    """``ideas 2026-01-01 2026-06-30``: a kind, then optional from and to dates. Any other
    word (``2026-13-01``, ``hello``, a third date) raises ``UnreadableArgumentError``:
    exporting everything instead of the period asked for would be a silent surprise."""
    kind, days = None, []
    for word in (arguments or "").split():
        if word in set(ExportKind) and kind is None:
            kind = ExportKind(word)
        elif (day := _date(word)) is not None and len(days) < 2:
            days.append(day)
        else:
            raise UnreadableArgumentError(word)
    since = days[0] if days else None
    until = days[1] if len(days) > 1 else None
    return kind, ExportFilters(since=since, until=until)


def _date(word: str) -> date | None:
    # Only the written form YYYY-MM-DD: fromisoformat also takes 20260101 and week dates.
    if len(word) != 10:
        return None
    try:
        return date.fromisoformat(word)
    except ValueError:
        return None


async def send_export(
    bot: Bot,
    chat_id: int,
    kind: ExportKind,
    filters: ExportFilters,
    resident: Resident,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
) -> None:
    # An anonymous temporary file: no name on disk, gone when closed.
    with tempfile.TemporaryFile() as target:
        rows = await run_export(
            session_factory, i18n, settings, area, kind, filters, target, actor_id=resident.id
        )
        with i18n.use_locale(settings.staff_locale):
            day = utc_now().astimezone(settings.zone).date()
            name = export_file_name(kind, day, filters.poll_id)
        await bot.send_document(
            chat_id,
            OpenFileInput(target, name),
            caption=_("{count} row", "{count} rows", rows).format(count=rows),
        )


async def start_export(
    message: Message,
    command: CommandObject,
    bot: Bot,
    resident: Resident,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
) -> None:
    try:
        kind, filters = parse_export_arguments(command.args)
    except UnreadableArgumentError as error:
        await message.answer(
            # Translators: YYYY-MM-DD is the date format staff must type; translate the
            # letters (ÅÅÅÅ-MM-DD in Swedish) but keep the example date as it is.
            _(
                "I cannot read “{word}”. Write dates as YYYY-MM-DD, for example "
                "/export ideas 2026-01-01 2026-06-30. Nothing was exported."
            ).format(word=escape(error.word[:40]))
        )
        return
    if kind is None:
        await message.answer(
            # Translators: the names of the lists (ideas, safety, votes, polls, answers)
            # are typed by staff as they are.
            _(
                "Which list? For a period, write for example "
                "/export ideas 2026-01-01 2026-06-30. The lists are called ideas, safety, "
                "votes, polls and answers."
            ),
            reply_markup=_kinds_keyboard(),
        )
        return
    await send_export(
        bot, message.chat.id, kind, filters, resident, session_factory, i18n, settings, area
    )


async def export_chosen(
    callback: CallbackQuery,
    callback_data: ExportCallback,
    bot: Bot,
    resident: Resident,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
) -> None:
    await callback.answer(_("Preparing the file…"))
    assert callback.message is not None
    await send_export(
        bot,
        callback.message.chat.id,
        callback_data.kind,
        ExportFilters(),
        resident,
        session_factory,
        i18n,
        settings,
        area,
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.STAFF))
    router.callback_query.filter(HasRole(Role.STAFF))
    router.message.register(start_export, Command(*STAFF_COMMANDS))
    router.callback_query.register(export_chosen, ExportCallback.filter())
    return router
