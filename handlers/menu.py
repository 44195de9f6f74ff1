"""/help and the menu's help button: what the bot can do for this resident's role."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message

from bot.i18n import gettext as _
from bot.views.callbacks import MenuAction, MenuCallback
from bot.views.keyboards.menu import main_menu
from bot.views.messaging import replace_message
from db.models import Resident, Role

__all__ = ["build_router", "help_text"]


def help_text(resident: Resident) -> str:
    organiser = resident.role in (Role.ORGANISER, Role.ADMIN)
    parts = [
        # An organiser's /polls is the organisers' one, explained in their part below.
        _(
            "<b>What I can do</b>\n"
            "/idea: share an idea for the area\n"
            "/ideas: read and support residents' ideas\n"
            "/my: your ideas and the ones you follow\n"
            "/report: tell staff about a place or situation that feels unsafe\n"
            "/start: welcome and menu\n"
            "/language: choose your language\n"
            "/settings: announcements and polls, on or off\n"
            "/privacy: your data and your rights (/mydata, /forget)\n"
            "/cancel: stop what you are doing; nothing is saved\n"
            "/help: this help"
        )
        if organiser
        else _(
            "<b>What I can do</b>\n"
            "/idea: share an idea for the area\n"
            "/ideas: read and support residents' ideas\n"
            "/my: your ideas and the ones you follow\n"
            "/report: tell staff about a place or situation that feels unsafe\n"
            "/polls: polls you can answer\n"
            "/start: welcome and menu\n"
            "/language: choose your language\n"
            "/settings: announcements and polls, on or off\n"
            "/privacy: your data and your rights (/mydata, /forget)\n"
            "/cancel: stop what you are doing; nothing is saved\n"
            "/help: this help"
        )
    ]
    if organiser:
        parts.append(
            _(
                "<b>For organisers</b>\n"
                "/newpoll: a poll to all residents, in their languages\n"
                "/polls: all polls, their results, charts and CSV files\n"
                "/announce: an announcement to all residents, in their languages"
            )
        )
    if resident.role in (Role.STAFF, Role.ADMIN):
        parts.append(
            _(
                "<b>For staff</b>\n"
                "/review: ideas and safety reports to handle\n"
                "/export: lists for Excel\n"
                "/stats: a chart of ideas and reports"
            )
        )
    if resident.role is Role.ADMIN:
        parts.append(
            _(
                "<b>For administrators</b>\n"
                "/invite organiser: a link that makes one person an organiser "
                "(polls and announcements)\n"
                "/invite staff: a link that makes one person a staff member "
                "(reviews ideas and reports)\n"
                "/roles: see who has which role, and remove a role"
            )
        )
    return "\n\n".join(parts)


async def show_help(message: Message, resident: Resident) -> None:
    await message.answer(help_text(resident), reply_markup=main_menu())


async def show_help_from_menu(callback: CallbackQuery, resident: Resident) -> None:
    await callback.answer()
    await replace_message(callback, help_text(resident), main_menu())


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_help, Command("help"))
    router.callback_query.register(
        show_help_from_menu, MenuCallback.filter(F.action == MenuAction.HELP)
    )
    return router
