"""/my: the resident's own ideas and those they follow, with withdrawing their own."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.outbox import Outbox
from bot.i18n import gettext as _
from bot.i18n.names import idea_status_name
from bot.services.idea_submission import withdraw_idea
from bot.services.ideas import IdeaView, my_ideas
from bot.views.callbacks import IdeaWithdrawCallback, MenuAction, MenuCallback
from bot.views.keyboards.ideas import my_ideas_keyboard, withdraw_confirmation_keyboard
from bot.views.keyboards.menu import main_menu
from bot.views.messaging import replace_message
from db.models import Resident

__all__ = ["build_router"]


def _line(idea: IdeaView) -> str:
    return _("#{number} · {status} · 👍 {count}").format(
        number=idea.id, status=idea_status_name(idea.status), count=idea.support_count
    )


async def _overview(session: AsyncSession, resident: Resident) -> tuple[str, object]:
    async with session.read():
        own, followed = await my_ideas(session, resident.id)
    if not own and not followed:
        return _("You have not shared or supported any idea yet. Start with /idea or /ideas."), (
            main_menu()
        )
    parts = []
    if own:
        parts.append(_("<b>Your ideas</b>") + "\n" + "\n".join(_line(idea) for idea in own))
    if followed:
        parts.append(
            _("<b>Ideas you follow</b>") + "\n" + "\n".join(_line(idea) for idea in followed)
        )
    return "\n\n".join(parts), my_ideas_keyboard(own, followed)


async def show_my_ideas(message: Message, session: AsyncSession, resident: Resident) -> None:
    text, markup = await _overview(session, resident)
    await message.answer(text, reply_markup=markup)


async def show_my_ideas_from_menu(
    callback: CallbackQuery, session: AsyncSession, resident: Resident
) -> None:
    await callback.answer()
    text, markup = await _overview(session, resident)
    await callback.bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def ask_to_confirm_withdrawal(
    callback: CallbackQuery, callback_data: IdeaWithdrawCallback
) -> None:
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _(
            "Withdraw idea #{number}? Other residents will no longer see it. "
            "Staff can still see it, marked as withdrawn."
        ).format(number=callback_data.idea_id),
        reply_markup=withdraw_confirmation_keyboard(callback_data.idea_id),
    )


async def withdraw(
    callback: CallbackQuery,
    callback_data: IdeaWithdrawCallback,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    async with session.begin():
        withdrawn = await withdraw_idea(session, resident.id, callback_data.idea_id)
    if withdrawn:
        notifier.wake()
    await callback.answer()
    text = (
        _("Idea #{number} is withdrawn.")
        if withdrawn
        else _("Idea #{number} cannot be withdrawn any more.")
    ).format(number=callback_data.idea_id)
    await replace_message(callback, text)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_my_ideas, Command("my"))
    router.callback_query.register(
        show_my_ideas_from_menu, MenuCallback.filter(F.action == MenuAction.MINE)
    )
    router.callback_query.register(
        ask_to_confirm_withdrawal, IdeaWithdrawCallback.filter(F.confirmed.is_(False))
    )
    router.callback_query.register(withdraw, IdeaWithdrawCallback.filter(F.confirmed.is_(True)))
    return router
