"""The review queue: ideas (hidden ones first) or safety reports, filtered, page by page,
and one item opened with everything staff may see about it."""

from __future__ import annotations

from html import escape

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.i18n import gettext as _
from bot.i18n.formatting import format_local_time
from bot.i18n.names import (
    category_name,
    flag_reason_name,
    idea_status_name,
    safety_category_name,
)
from bot.services.bans import author_of
from bot.services.ideas import load_idea_with_photos
from bot.services.review import (
    QueueFilters,
    QueueItem,
    QueueKind,
    idea_history,
    review_queue,
)
from bot.services.safety import staff_view
from bot.services.translations import translation_of
from bot.settings import Settings
from bot.views.callbacks import ReviewFilterCallback, ReviewListCallback, ReviewOpenCallback
from bot.views.idea_cards import idea_card
from bot.views.keyboards.review import idea_actions_keyboard, queue_keyboard, review_filter_keyboard
from bot.views.keyboards.safety import staff_alert_keyboard
from bot.views.messaging import replace_message, send_card
from bot.views.report_cards import staff_alert
from bot.views.text_cut import shorten
from bot.views.translation_notes import with_translation
from db.models import Resident, Role, SafetyCategory

__all__ = ["choose_filter", "open_item", "start_review", "turn_queue"]

# Enough of each text to tell the items apart; a page of ten stays one screen or two.
QUEUE_SNIPPET = 90


def _queue_text(items, filters: ReviewListCallback) -> str:
    if not items:
        return _("Nothing in the queue with these filters.")
    heading = (
        _("<b>Review: ideas</b> (hidden ones first)")
        if filters.kind is QueueKind.IDEAS
        else _("<b>Review: safety reports</b>")
    )
    return heading + "\n\n" + "\n\n".join(_queue_entry(item) for item in items)


def _queue_entry(item: QueueItem) -> str:
    """One item: reference, category, status (and support), then the start of its text."""
    if item.kind is QueueKind.IDEAS:
        line = _("{reference} · {category} · {status} · 👍 {count}").format(
            reference=item.reference,
            category=category_name(item.category),
            status=idea_status_name(item.status),
            count=item.support_count,
        )
    else:
        line = _("{reference} · {category} · {status}").format(
            reference=item.reference,
            category=safety_category_name(SafetyCategory(item.category)),
            status=idea_status_name(item.status),
        )
    text = escape(shorten(item.text, QUEUE_SNIPPET)) if item.text else _("🎤 Voice message")
    return f"{line}\n{text}"


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
    # Translators: staff: above the review list's filter buttons (category, status, age).
    prompt = _("Choose:")
    await replace_message(
        callback, prompt, review_filter_keyboard(callback_data, area.idea_categories)
    )


def _idea_details(history, settings: Settings) -> str:
    parts = []
    if history.flags:
        reasons = ", ".join(
            # Translators: staff: a reason residents gave for reporting an idea, and how many
            # gave it.
            _("{reason}: {count}").format(reason=flag_reason_name(reason), count=count)
            for reason, count in history.flags.items()
        )
        parts.append(_("Reported by residents: {reasons}").format(reasons=reasons))
    for moment, status, note in history.changes:
        # Translators: staff: one line of an item's history: when, and the status it got.
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
        await send_card(bot, chat_id, staff_alert(view, area), view.photo_file_ids,
                        staff_alert_keyboard(view.id))  # fmt: skip
        if view.latitude is not None and view.longitude is not None:
            await bot.send_location(chat_id, view.latitude, view.longitude)
        return
    async with session.read():
        view = await load_idea_with_photos(session, callback_data.item_id, resident.id)
        history = await idea_history(session, callback_data.item_id)
        author = await author_of(session, callback_data.item_id)
        translation = await translation_of(session, "idea_id", view.id, view.body) if view else None
    if view is None:
        await callback.answer(_("This idea is no longer available."), show_alert=True)
        return
    await callback.answer()
    # The machine translation under the author's words, never instead of them.
    text = with_translation(idea_card(view, area), translation)
    if details := _idea_details(history, settings):
        text += "\n\n" + details
    if view.hidden:
        text = _("🙈 Hidden from residents") + "\n" + text
    author_banned = None  # no button: the author is gone or has a role
    if author is not None and author.role is Role.RESIDENT:
        author_banned = author.banned_at is not None
    keyboard = idea_actions_keyboard(view.id, view.hidden, author_banned)
    await send_card(bot, chat_id, text, view.photo_file_ids, keyboard)
    if view.voice_file_id:
        await bot.send_voice(chat_id, view.voice_file_id)
    if view.latitude is not None and view.longitude is not None:
        await bot.send_location(chat_id, view.latitude, view.longitude)
