"""/audit for administrators: the latest staff, organiser and administrator actions."""

from __future__ import annotations

from html import escape

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.filters.roles import HasRole
from bot.i18n import gettext as _
from bot.i18n.formatting import format_local_time
from bot.services.audit import latest_actions
from bot.settings import Settings
from db.models import Role

__all__ = ["ADMIN_AUDIT_COMMANDS", "build_router"]

ADMIN_AUDIT_COMMANDS = ("audit",)
SHOWN = 25


async def show_audit(message: Message, session: AsyncSession, settings: Settings) -> None:
    async with session.read():
        entries = await latest_actions(session, SHOWN)
    if not entries:
        await message.answer(_("The audit log is empty."))
        return
    lines = [_("<b>Latest actions</b>")]
    for entry in entries:
        who = (
            f'<a href="tg://user?id={entry.actor_telegram_id}">{entry.actor_telegram_id}</a>'
            if entry.actor_telegram_id
            else escape(str(entry.details.get("via", "—")))
        )
        details = ", ".join(f"{key}={value}" for key, value in entry.details.items())
        lines.append(
            f"{format_local_time(entry.created_at, settings.zone)} · {who} · "
            f"{escape(entry.action)} {escape(entry.subject)} {escape(details)}".rstrip()
        )
    await message.answer("\n".join(lines))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.ADMIN))
    router.message.register(show_audit, Command(*ADMIN_AUDIT_COMMANDS))
    return router
