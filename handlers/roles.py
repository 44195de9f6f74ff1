"""Roles: invite links (/invite), the list of role holders (/roles), revoking, redeeming.

Administrator-only handlers sit behind ``HasRole`` on the router; whoever else sends
those commands, or presses a forged revoke button, gets the refusal registered last.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import timedelta
from html import escape

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.types import CallbackQuery, Message
from aiogram.utils.deep_linking import create_start_link
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.formatting import format_local_time
from bot.i18n.names import role_name
from bot.services.roles import (
    INVITE_PREFIX,
    RedeemOutcome,
    RevokeOutcome,
    RoleHolder,
    create_invite,
    list_role_holders,
    redeem_invite,
    revoke_role,
)
from bot.settings import Settings
from bot.views.callbacks import RevokeRoleCallback
from bot.views.keyboards.menu import main_menu
from bot.views.keyboards.roles import role_holders_keyboard
from bot.views.messaging import replace_message
from db.models import Resident, Role
from handlers.start import send_welcome

__all__ = ["ADMIN_COMMANDS", "build_router"]

ADMIN_COMMANDS = ("invite", "roles")
_ROLE_WORDS = {"organiser": Role.ORGANISER, "organizer": Role.ORGANISER, "staff": Role.STAFF}


async def make_invite(
    message: Message,
    command: CommandObject,
    bot: Bot,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
) -> None:
    role = _ROLE_WORDS.get((command.args or "").strip().lower())
    if role is None:
        await message.answer(
            _(
                "Write /invite organiser (polls and announcements) "
                "or /invite staff (reviews ideas and reports)."
            )
        )
        return
    async with session.begin():
        invite = await create_invite(
            session, resident, role, timedelta(hours=settings.invite_ttl_hours)
        )
    link = await create_start_link(bot, INVITE_PREFIX + invite.code)
    await message.answer(
        _(
            "Invite link. Role: <b>{role}</b>. It works for one person, until {expires}:\n"
            "{link}\n\nSend it only to the person who should get the role."
        ).format(
            role=role_name(role),
            expires=format_local_time(invite.expires_at, settings.zone),
            link=escape(link),
        )
    )


def _role_holders_text(holders: list[RoleHolder]) -> str:
    if not holders:
        return _("Nobody has a role yet.")
    lines = [
        _(
            "<b>{count} person has a role</b>",
            "<b>{count} people have a role</b>",
            len(holders),
        ).format(count=len(holders))
    ]
    lines += [
        # Translators: one line of the role list; {person} is a Telegram user number.
        _("{role}: {person}").format(
            person=f'<a href="tg://user?id={holder.telegram_id}">{holder.telegram_id}</a>',
            role=role_name(holder.role),
        )
        for holder in holders
    ]
    return "\n".join(lines)


async def show_roles(message: Message, session: AsyncSession) -> None:
    async with session.read():
        holders = await list_role_holders(session)
    await message.answer(_role_holders_text(holders), reply_markup=role_holders_keyboard(holders))


async def remove_role(
    callback: CallbackQuery,
    callback_data: RevokeRoleCallback,
    bot: Bot,
    session: AsyncSession,
    resident: Resident,
    i18n: Catalogues,
) -> None:
    async with session.begin():
        outcome = await revoke_role(session, resident, callback_data.resident_id)
        holders = await list_role_holders(session)
        revoked = await session.get(Resident, callback_data.resident_id)
    if outcome is RevokeOutcome.REVOKED:
        await callback.answer(_("Role removed."))
    else:
        await callback.answer(_("This role was already removed."))
    await replace_message(callback, _role_holders_text(holders), role_holders_keyboard(holders))
    if outcome is RevokeOutcome.REVOKED and revoked is not None:
        with i18n.use_locale(revoked.language), suppress(TelegramForbiddenError):
            await bot.send_message(
                revoked.telegram_id,
                _("An administrator has removed your role. You can use the bot as a resident."),
            )


async def refuse(message: Message) -> None:
    await message.answer(_("Sorry, only administrators can use this command."))


async def refuse_button(callback: CallbackQuery) -> None:
    await callback.answer(_("Sorry, only administrators can use this button."), show_alert=True)


_REDEEM_MESSAGES = {
    RedeemOutcome.UNKNOWN: lambda: _("This invite link is not valid."),
    RedeemOutcome.USED: lambda: _(
        "This invite link has already been used. Ask an administrator for a new one."
    ),
    RedeemOutcome.EXPIRED: lambda: _(
        "This invite link has expired. Ask an administrator for a new one."
    ),
    RedeemOutcome.ALREADY_HIGHER: lambda: _(
        "You are already an administrator; the invite link was not used."
    ),
}


async def open_invite(
    message: Message,
    command: CommandObject,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    i18n: Catalogues,
    first_contact: bool,
) -> None:
    code = (command.args or "").removeprefix(INVITE_PREFIX)
    async with session.begin():
        outcome, role = await redeem_invite(session, resident, code)
    if first_contact:
        await send_welcome(message, resident, area, i18n)
    if outcome is RedeemOutcome.GRANTED and role is not None:
        await message.answer(
            _("Your role is now: <b>{role}</b>. Type /help to see your commands.").format(
                role=role_name(role)
            ),
            reply_markup=main_menu(),
        )
        return
    await message.answer(_REDEEM_MESSAGES[outcome](), reply_markup=main_menu())


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(
        open_invite, CommandStart(deep_link=True, magic=F.args.startswith(INVITE_PREFIX))
    )

    admin = Router(name=f"{__name__}.admin")
    admin.message.filter(HasRole(Role.ADMIN))
    admin.callback_query.filter(HasRole(Role.ADMIN))
    admin.message.register(make_invite, Command("invite"))
    admin.message.register(show_roles, Command("roles"))
    admin.callback_query.register(remove_role, RevokeRoleCallback.filter())

    # A router's own handlers match before its children's, so the refusal lives in a
    # sibling included after the administrators' router.
    refusal = Router(name=f"{__name__}.refusal")
    refusal.message.register(refuse, Command(*ADMIN_COMMANDS))
    refusal.callback_query.register(refuse_button, RevokeRoleCallback.filter())
    router.include_routers(admin, refusal)
    return router
