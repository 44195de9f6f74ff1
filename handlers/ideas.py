"""/ideas: browse residents' ideas, support them, open one, report one as inappropriate."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.i18n.names import category_name
from bot.services.ideas import (
    IdeaOrder,
    IdeaPage,
    IdeaView,
    list_ideas,
    load_idea,
    load_idea_with_photos,
)
from bot.services.moderation import FlagOutcome, flag_idea
from bot.services.votes import VoteOutcome, tap_outcome, toggle_vote
from bot.settings import Settings
from bot.views.callbacks import (
    IdeaFilterCallback,
    IdeaFlagCallback,
    IdeaListCallback,
    IdeaOpenCallback,
    IdeaPhotosCallback,
    IdeaVoteCallback,
    MenuAction,
    MenuCallback,
)
from bot.views.idea_cards import idea_card, idea_snippet
from bot.views.keyboards.ideas import (
    flag_reasons_keyboard,
    idea_card_keyboard,
    idea_list_keyboard,
    list_categories_keyboard,
    vote_button,
    with_button_replaced,
)
from bot.views.messaging import edit_buttons, replace_message, send_album, send_card
from db.models import Resident
from db.session import UnitOfWorkSession

__all__ = ["build_router", "register_taps"]


def _list_text(page: IdeaPage, order: IdeaOrder, category: str) -> str:
    if not page.ideas:
        return _("No ideas here yet. Be the first: /idea")
    heading = (
        _("<b>Ideas from residents</b>, most supported first")
        if order is IdeaOrder.MOST_SUPPORTED
        else _("<b>Ideas from residents</b>, newest first")
    )
    lines = [heading]
    if category:
        lines.append(_("Category: {category}").format(category=category_name(category)))
    lines.append(
        _("Page {page} of {pages}. Tap 👍 to support an idea, 📖 to read all of it.").format(
            page=page.page + 1, pages=page.page_count
        )
    )
    return "\n".join(lines) + "\n\n" + "\n\n".join(idea_snippet(idea) for idea in page.ideas)


async def _page(
    session: AsyncSession, resident: Resident, order: IdeaOrder, category: str, page: int
) -> IdeaPage:
    async with session.read():
        return await list_ideas(
            session, resident.id, order=order, category=category or None, page=page
        )


async def show_ideas(message: Message, session: AsyncSession, resident: Resident) -> None:
    page = await _page(session, resident, IdeaOrder.NEWEST, "", 0)
    await message.answer(
        _list_text(page, IdeaOrder.NEWEST, ""),
        reply_markup=idea_list_keyboard(page, IdeaOrder.NEWEST, ""),
    )


async def show_ideas_from_menu(
    callback: CallbackQuery, session: AsyncSession, resident: Resident
) -> None:
    await callback.answer()
    page = await _page(session, resident, IdeaOrder.NEWEST, "", 0)
    await callback.bot.send_message(
        callback.from_user.id,
        _list_text(page, IdeaOrder.NEWEST, ""),
        reply_markup=idea_list_keyboard(page, IdeaOrder.NEWEST, ""),
    )


async def turn_page(
    callback: CallbackQuery,
    callback_data: IdeaListCallback,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
) -> None:
    category = callback_data.category if callback_data.category in area.idea_categories else ""
    page = await _page(session, resident, callback_data.order, category, callback_data.page)
    await callback.answer()
    await replace_message(
        callback,
        _list_text(page, callback_data.order, category),
        idea_list_keyboard(page, callback_data.order, category),
    )


async def choose_list_category(
    callback: CallbackQuery, callback_data: IdeaFilterCallback, area: AreaProfile
) -> None:
    await callback.answer()
    await replace_message(
        callback,
        _("Which category?"),
        list_categories_keyboard(area.idea_categories, callback_data.order),
    )


def _vote_answer(outcome: VoteOutcome) -> str:
    # Only the one text needed is looked up: this runs on every tap.
    match outcome:
        case VoteOutcome.ADDED:
            return _("Thank you for your support! I will tell you what happens.")
        case VoteOutcome.WITHDRAWN:
            return _("You no longer support this idea.")
        case VoteOutcome.CLOSED:
            return _("This idea can no longer be supported.")
        case VoteOutcome.UNAVAILABLE:
            return _("This idea is no longer available.")
        case VoteOutcome.OWN_IDEA:
            return _(
                "This is your own idea, so you cannot support it. I will tell you what happens."
            )


async def vote(
    callback: CallbackQuery,
    callback_data: IdeaVoteCallback,
    session: UnitOfWorkSession,
    resident: Resident,
    area: AreaProfile,
) -> None:
    # One unit of work: the vote (one statement that changes rows, db.driver's one_change),
    # and the idea as the edited message shows it.
    async with session.driver(write=True, one_change=True) as unit:
        await toggle_vote(unit, callback_data.idea_id, resident.id, support=callback_data.support)
        view = await load_idea(unit, callback_data.idea_id, resident.id)
    outcome = tap_outcome(view)
    await callback.answer(_vote_answer(outcome))
    if callback_data.page < 0:
        if view is not None and outcome is not VoteOutcome.UNAVAILABLE:
            await _redraw_card(callback, view, area)
        return
    category = callback_data.category if callback_data.category in area.idea_categories else ""
    counted = outcome in (VoteOutcome.ADDED, VoteOutcome.WITHDRAWN)
    if view is not None and counted and await _redraw_button(callback, callback_data, view):
        return
    # The idea left the list, or the message lost its buttons: show the page afresh.
    page = await _page(session, resident, callback_data.order, category, callback_data.page)
    await replace_message(
        callback,
        _list_text(page, callback_data.order, category),
        idea_list_keyboard(page, callback_data.order, category),
    )


async def _redraw_button(callback: CallbackQuery, tapped: IdeaVoteCallback, view: IdeaView) -> bool:
    """Change only the tapped button of a list, if the message still has it."""
    message = callback.message
    if not isinstance(message, Message) or message.reply_markup is None or not callback.data:
        return False
    # The button keeps the list it belongs to; only its count and its request change.
    button = vote_button(view, tapped.order, tapped.category, tapped.page)
    markup = with_button_replaced(message.reply_markup, callback.data, button)
    if markup is None:
        return False
    await edit_buttons(callback, markup)
    return True


async def _redraw_card(callback: CallbackQuery, view: IdeaView, area: AreaProfile) -> None:
    message = callback.message
    markup = idea_card_keyboard(view)
    if isinstance(message, Message) and message.photo:
        # The card is the caption of a photo, or follows it; only the buttons change.
        await message.edit_reply_markup(reply_markup=markup)
        return
    await replace_message(callback, idea_card(view, area), markup)


async def open_idea(
    callback: CallbackQuery,
    callback_data: IdeaOpenCallback,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
) -> None:
    async with session.read():
        view = await load_idea_with_photos(session, callback_data.idea_id, resident.id)
    if view is None or not (view.visible_to_residents or view.is_mine):
        await callback.answer(_("This idea is no longer available."), show_alert=True)
        return
    await callback.answer()
    # The first photo only; a button under the card shows them all.
    await send_card(
        callback.bot,
        callback.from_user.id,
        idea_card(view, area),
        view.photo_file_ids[:1],
        idea_card_keyboard(view),
    )
    if view.voice_file_id:
        await callback.bot.send_voice(callback.from_user.id, view.voice_file_id)
    if view.latitude is not None and view.longitude is not None:
        await callback.bot.send_location(callback.from_user.id, view.latitude, view.longitude)


async def show_photos(
    callback: CallbackQuery,
    callback_data: IdeaPhotosCallback,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.read():
        view = await load_idea_with_photos(session, callback_data.idea_id, resident.id)
    if view is None or not (view.visible_to_residents or view.is_mine) or not view.photo_count:
        await callback.answer(_("This idea is no longer available."), show_alert=True)
        return
    await callback.answer()
    await send_album(callback.bot, callback.from_user.id, view.photo_file_ids)


async def ask_flag_reason(callback: CallbackQuery, callback_data: IdeaFlagCallback) -> None:
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id,
        _(
            "Why should staff look at idea #{number}? Your report is anonymous to other residents."
        ).format(number=callback_data.idea_id),
        reply_markup=flag_reasons_keyboard(callback_data.idea_id),
    )


async def flag(
    callback: CallbackQuery,
    callback_data: IdeaFlagCallback,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
) -> None:
    assert callback_data.reason is not None
    async with session.begin():
        outcome = await flag_idea(
            session,
            callback_data.idea_id,
            resident.id,
            callback_data.reason,
            threshold=settings.flags_to_hide,
        )
    answers = {
        FlagOutcome.RECORDED: _("Thank you. Staff will look at it."),
        FlagOutcome.HIDDEN: _("Thank you. Staff will look at it."),
        FlagOutcome.ALREADY_FLAGGED: _("You have already reported this idea. Thank you."),
        FlagOutcome.UNAVAILABLE: _("This idea is no longer available."),
    }
    await callback.answer()
    await replace_message(callback, answers[outcome])


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(show_ideas, Command("ideas"))
    router.callback_query.register(
        show_ideas_from_menu, MenuCallback.filter(F.action == MenuAction.IDEAS)
    )
    router.callback_query.register(turn_page, IdeaListCallback.filter())
    router.callback_query.register(choose_list_category, IdeaFilterCallback.filter())
    router.callback_query.register(open_idea, IdeaOpenCallback.filter())
    router.callback_query.register(show_photos, IdeaPhotosCallback.filter())
    router.callback_query.register(ask_flag_reason, IdeaFlagCallback.filter(F.reason.is_(None)))
    router.callback_query.register(flag, IdeaFlagCallback.filter(F.reason.is_not(None)))
    return router


def register_taps(router: Router) -> None:
    """Support taps: the busiest update on an ordinary day (see handlers._taps)."""
    router.callback_query.register(vote, IdeaVoteCallback.filter())
