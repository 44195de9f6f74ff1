"""/review for staff: the queue of ideas and safety reports, and acting on an idea.

Opening an idea shows everything about it; staff set its status with a note, mark it a
duplicate, hide or show it again with a reason, or write to its author. Safety reports
open with the staff chat's own buttons. Every action lands in the audit log, and every
status change reaches the author and followers through the outbox.
"""

from __future__ import annotations

from html import escape

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramForbiddenError
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.delivery.outbox import Outbox
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.i18n.formatting import format_local_time
from bot.i18n.names import flag_reason_name, idea_status_name
from bot.services.audit import record_action
from bot.services.bans import author_of
from bot.services.ideas import load_idea
from bot.services.lifecycle import StatusSubject
from bot.services.review import (
    MergeOutcome,
    QueueFilters,
    QueueKind,
    hide_idea,
    idea_history,
    merge_duplicate,
    restore_idea,
    review_queue,
)
from bot.services.safety import staff_view
from bot.settings import Settings
from bot.views.callbacks import (
    ReviewAction,
    ReviewActionCallback,
    ReviewFilterCallback,
    ReviewListCallback,
    ReviewOpenCallback,
    ReviewStatusCallback,
)
from bot.views.idea_cards import idea_card
from bot.views.keyboards.review import (
    idea_actions_keyboard,
    queue_keyboard,
    review_filter_keyboard,
    review_status_keyboard,
)
from bot.views.keyboards.safety import staff_alert_keyboard
from bot.views.messaging import replace_message, send_card
from bot.views.report_cards import staff_alert
from db.models import Idea, Resident, Role
from handlers.status_note import NoteRequest, store_status_with_note, wait_for_note

__all__ = ["STAFF_REVIEW_COMMANDS", "ReviewDesk", "build_router"]

STAFF_REVIEW_COMMANDS = ("review",)


class ReviewDesk(StatesGroup):
    writing_note = State()
    writing_original = State()
    writing_reason = State()
    writing_to_author = State()


def _queue_text(items, filters: ReviewListCallback) -> str:
    if not items:
        return _("Nothing in the queue with these filters.")
    heading = (
        _("<b>Review: ideas</b> (hidden ones first)")
        if filters.kind is QueueKind.IDEAS
        else _("<b>Review: safety reports</b>")
    )
    lines = [
        _("{reference} · {status} · 👍 {count}").format(
            reference=item.reference, status=idea_status_name(item.status), count=item.support_count
        )
        if item.kind is QueueKind.IDEAS
        else _("{reference} · {status}").format(
            reference=item.reference, status=idea_status_name(item.status)
        )
        for item in items
    ]
    return heading + "\n\n" + "\n".join(lines)


async def _show_queue(session: AsyncSession, current: ReviewListCallback):
    filters = QueueFilters(
        kind=current.kind,
        status=current.status,
        category=current.category,
        max_age_days=current.age,
        most_supported=current.most_supported,
        page=current.page,
    )
    async with session.read():
        items, has_next = await review_queue(session, filters)
    return _queue_text(items, current), queue_keyboard(items, current, has_next)


async def start_review(message: Message, session: AsyncSession) -> None:
    text, markup = await _show_queue(session, ReviewListCallback())
    await message.answer(text, reply_markup=markup)


async def turn_queue(
    callback: CallbackQuery, callback_data: ReviewListCallback, session: AsyncSession
) -> None:
    text, markup = await _show_queue(session, callback_data)
    await callback.answer()
    await replace_message(callback, text, markup)


async def choose_filter(
    callback: CallbackQuery, callback_data: ReviewFilterCallback, area: AreaProfile
) -> None:
    await callback.answer()
    await replace_message(
        callback, _("Choose:"), review_filter_keyboard(callback_data, area.idea_categories)
    )


def _idea_details(history, settings: Settings) -> str:
    parts = []
    if history.flags:
        reasons = ", ".join(
            _("{reason}: {count}").format(reason=flag_reason_name(reason), count=count)
            for reason, count in history.flags.items()
        )
        parts.append(_("Reported by residents: {reasons}").format(reasons=reasons))
    for moment, status, note in history.changes:
        line = _("{time}: {status}").format(
            time=format_local_time(moment, settings.zone), status=idea_status_name(status)
        )
        parts.append(line + (f" · {escape(note)}" if note else ""))
    return "\n".join(parts)


async def open_item(
    callback: CallbackQuery,
    callback_data: ReviewOpenCallback,
    bot: Bot,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
    settings: Settings,
) -> None:
    chat_id = callback.from_user.id
    if callback_data.kind is QueueKind.SAFETY:
        async with session.read():
            view = await staff_view(session, callback_data.item_id)
        if view is None:
            await callback.answer(_("This report no longer exists."), show_alert=True)
            return
        await callback.answer()
        await send_card(bot, chat_id, staff_alert(view, area), view.photo_file_id,
                        staff_alert_keyboard(view.id))  # fmt: skip
        if view.latitude is not None and view.longitude is not None:
            await bot.send_location(chat_id, view.latitude, view.longitude)
        return
    async with session.read():
        view = await load_idea(session, callback_data.item_id, resident.id)
        history = await idea_history(session, callback_data.item_id)
        author = await author_of(session, callback_data.item_id)
    if view is None:
        await callback.answer(_("This idea is no longer available."), show_alert=True)
        return
    await callback.answer()
    text = idea_card(view, area)
    if details := _idea_details(history, settings):
        text += "\n\n" + details
    if view.hidden:
        text = _("🙈 Hidden from residents") + "\n" + text
    author_banned = None  # no button: the author is gone or has a role
    if author is not None and author.role is Role.RESIDENT:
        author_banned = author.banned_at is not None
    keyboard = idea_actions_keyboard(view.id, view.hidden, author_banned)
    await send_card(bot, chat_id, text, view.photo_file_id, keyboard)
    if view.voice_file_id:
        await bot.send_voice(chat_id, view.voice_file_id)
    if view.latitude is not None and view.longitude is not None:
        await bot.send_location(chat_id, view.latitude, view.longitude)


_PROMPTS = {
    ReviewAction.DUPLICATE: (
        ReviewDesk.writing_original,
        lambda: _("Which idea is the original? Send its number, for example 12."),
    ),
    ReviewAction.HIDE: (
        ReviewDesk.writing_reason,
        lambda: _("Why hide it? The reason is kept in the audit log."),
    ),
    ReviewAction.RESTORE: (
        ReviewDesk.writing_reason,
        lambda: _("Why show it again? The reason is kept in the audit log."),
    ),
    ReviewAction.REPLY: (
        ReviewDesk.writing_to_author,
        lambda: _("Write your message to the author. It is sent as you write it."),
    ),
}


async def start_action(
    callback: CallbackQuery, callback_data: ReviewActionCallback, state: FSMContext
) -> None:
    await callback.answer()
    if callback_data.action is ReviewAction.STATUS:
        await callback.bot.send_message(
            callback.from_user.id,
            _("Which status?"),
            reply_markup=review_status_keyboard(callback_data.idea_id),
        )
        return
    next_state, prompt = _PROMPTS[callback_data.action]
    await state.set_state(next_state)
    await state.update_data(idea_id=callback_data.idea_id, action=callback_data.action)
    await callback.bot.send_message(callback.from_user.id, prompt())


async def ask_for_note(
    callback: CallbackQuery, callback_data: ReviewStatusCallback, state: FSMContext
) -> None:
    await wait_for_note(
        callback,
        state,
        NoteRequest(
            subject=StatusSubject.IDEA,
            subject_id=callback_data.idea_id,
            status=callback_data.status,
        ),
        waiting=ReviewDesk.writing_note,
        chat_id=callback.from_user.id,
        prompt=_(
            "Write a note for the author and followers about the new status “{status}”. "
            "It is sent as you write it. Send {no_note} for no note."
        ),
    )


async def set_status(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    change = await store_status_with_note(message, state, session, resident, notifier)
    if change is None:
        await message.answer(_("This idea is no longer available."))
        return
    await message.answer(
        _(
            "Idea #{number} now has the status “{status}”. The author and followers will be told."
        ).format(number=change.subject_id, status=idea_status_name(change.status))
    )


async def mark_duplicate(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    notifier: Outbox,
) -> None:
    original = (message.text or "").strip().lstrip("#")
    if not original.isdigit():
        await message.answer(_("Please send only the number of the original idea, e.g. 12."))
        return
    idea_id = (await state.get_data())["idea_id"]
    await state.clear()
    async with session.begin():
        outcome = await merge_duplicate(session, idea_id, int(original), resident)
    if outcome is MergeOutcome.MERGED:
        notifier.wake()
        await message.answer(
            _(
                "Idea #{number} is marked as a duplicate of #{original}; its supporters now "
                "support #{original}."
            ).format(number=idea_id, original=original)
        )
    elif outcome is MergeOutcome.SAME_IDEA:
        await message.answer(_("An idea cannot be a duplicate of itself."))
    else:
        await message.answer(_("There is no idea with that number."))


async def change_visibility(
    message: Message, state: FSMContext, session: AsyncSession, resident: Resident
) -> None:
    data = await state.get_data()
    await state.clear()
    reason = (message.text or "").strip()
    hiding = ReviewAction(data["action"]) is ReviewAction.HIDE
    async with session.begin():
        change = hide_idea if hiding else restore_idea
        done = await change(session, data["idea_id"], resident, reason)
    if not done:
        await message.answer(_("This idea is no longer available."))
        return
    text = (
        _("Idea #{number} is hidden from residents.")
        if hiding
        else _("Idea #{number} is shown to residents again.")
    )
    # The buttons follow the new state: "show again" after hiding, "hide" after showing.
    await message.answer(
        text.format(number=data["idea_id"]),
        reply_markup=idea_actions_keyboard(data["idea_id"], hidden=hiding),
    )


async def write_to_author(
    message: Message,
    state: FSMContext,
    bot: Bot,
    session: AsyncSession,
    resident: Resident,
    i18n: Catalogues,
) -> None:
    idea_id = (await state.get_data())["idea_id"]
    await state.clear()
    async with session.begin():
        idea = await session.get(Idea, idea_id)
        author = await session.get(Resident, idea.author_id) if idea and idea.author_id else None
        if author is not None:
            record_action(session, resident, "idea.reply", f"idea:{idea_id}")
    if author is None:
        await message.answer(_("The author can no longer be reached."))
        return
    with i18n.use_locale(author.language):
        text = _("💬 A message from staff about your idea #{number}:\n\n{message}").format(
            number=idea_id, message=escape(message.text or "")
        )
    try:
        await bot.send_message(author.telegram_id, text)
    except TelegramForbiddenError:
        await message.answer(_("The author can no longer be reached."))
        return
    await message.answer(_("Your message was sent to the author."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.STAFF))
    router.callback_query.filter(HasRole(Role.STAFF))
    written = F.text & ~F.text.startswith("/")
    router.message.register(start_review, Command(*STAFF_REVIEW_COMMANDS))
    router.callback_query.register(turn_queue, ReviewListCallback.filter())
    router.callback_query.register(choose_filter, ReviewFilterCallback.filter())
    router.callback_query.register(open_item, ReviewOpenCallback.filter())
    router.callback_query.register(
        start_action,
        ReviewActionCallback.filter(F.action.in_({ReviewAction.STATUS, *_PROMPTS})),
    )
    router.callback_query.register(ask_for_note, ReviewStatusCallback.filter())
    router.message.register(set_status, ReviewDesk.writing_note, written)
    router.message.register(mark_duplicate, ReviewDesk.writing_original, written)
    router.message.register(change_visibility, ReviewDesk.writing_reason, written)
    router.message.register(write_to_author, ReviewDesk.writing_to_author, written)
    return router
