"""Staff commands sent by someone who is not staff: a refusal in their language.

Registered after every router whose handlers ``HasRole`` lets through, so it only ever
sees the commands those filters turned away.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message

from bot.i18n import gettext as _
from handlers.announce import ORGANISER_COMMANDS
from handlers.audit import ADMIN_AUDIT_COMMANDS
from handlers.exports import STAFF_COMMANDS as EXPORT_COMMANDS
from handlers.poll_wizard import POLL_COMMANDS
from handlers.review import STAFF_REVIEW_COMMANDS
from handlers.stats import STAFF_STATS_COMMANDS

__all__ = ["build_router"]


async def refuse_staff_command(message: Message) -> None:
    await message.answer(_("Sorry, only staff can use this command."))


async def refuse_organiser_command(message: Message) -> None:
    await message.answer(_("Sorry, only organisers can use this command."))


async def refuse_admin_command(message: Message) -> None:
    await message.answer(_("Sorry, only administrators can use this command."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        refuse_staff_command,
        Command(*EXPORT_COMMANDS, *STAFF_REVIEW_COMMANDS, *STAFF_STATS_COMMANDS),
    )
    router.message.register(refuse_organiser_command, Command(*ORGANISER_COMMANDS, *POLL_COMMANDS))
    router.message.register(refuse_admin_command, Command(*ADMIN_AUDIT_COMMANDS))
    return router
