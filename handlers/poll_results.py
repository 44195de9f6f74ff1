"""/polls for organisers: every poll with its count, results per option and language,
a bar chart, the CSV files, and closing a poll by hand."""

from __future__ import annotations

import asyncio

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.area import AreaProfile
from bot.filters.roles import HasRole
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.audit import record_action
from bot.services.exports import ExportFilters, ExportKind
from bot.services.polls import close_poll, poll_summaries, poll_with_results, text_in
from bot.settings import Settings
from bot.views.builder import KeyboardBuilder
from bot.views.callbacks import MenuAction, MenuCallback, PollAction, PollManageCallback
from bot.views.charts import render_poll_chart
from bot.views.keyboards.polls import poll_results_keyboard
from bot.views.messaging import replace_message
from bot.views.poll_cards import PollCard, group_name, organiser_results_text
from bot.views.text_cut import shorten
from db.models import Poll, Resident, Role
from db.types import utc_now
from handlers.exports import send_export
from handlers.polls import RESIDENT_POLL_COMMANDS

__all__ = ["build_router"]

PAGE = 8
QUESTION_IN_LIST = 40


async def _list(
    session: AsyncSession, page: int, resident: Resident
) -> tuple[str, InlineKeyboardMarkup]:
    now = utc_now()
    async with session.read():
        summaries = await poll_summaries(session, PAGE + 1, page * PAGE)
    builder = KeyboardBuilder()
    for summary in summaries[:PAGE]:
        poll = summary.poll
        question = text_in(poll.question, resident.language)
        builder.button(
            # Translators: a poll in the organisers' list: {state} is 🟢 (open) or 🔒 (closed),
            # {count} how many answered.
            text=_("{state} #{number} {question} ({count})").format(
                state="🔒" if poll.is_closed(now) else "🟢",
                number=poll.id,
                question=shorten(question, QUESTION_IN_LIST),
                count=summary.respondents,
            ),
            callback_data=PollManageCallback(action=PollAction.RESULTS, poll_id=poll.id),
        )
    pages = []
    if page:
        pages.append(("⬅️", page - 1))
    if len(summaries) > PAGE:
        pages.append(("➡️", page + 1))
    for label, target in pages:
        builder.button(
            text=label, callback_data=PollManageCallback(action=PollAction.LIST, page=target)
        )
    # Organisers are residents too.
    builder.button(
        text=_("🗳 Answer open polls"), callback_data=MenuCallback(action=MenuAction.POLLS)
    )
    builder.adjust(*([1] * min(PAGE, len(summaries))), *([len(pages)] if pages else []), 1)
    if not summaries:
        return _("There are no polls yet. Create one with /newpoll."), builder.as_markup()
    return (
        _("<b>Polls</b>, newest first. 🟢 open, 🔒 closed; in brackets, how many answered."),
        builder.as_markup(),
    )


async def list_polls(message: Message, session: AsyncSession, resident: Resident) -> None:
    text, keyboard = await _list(session, 0, resident)
    await message.answer(text, reply_markup=keyboard)


async def turn_page(
    callback: CallbackQuery,
    callback_data: PollManageCallback,
    session: AsyncSession,
    resident: Resident,
) -> None:
    text, keyboard = await _list(session, callback_data.page, resident)
    await callback.answer()
    await replace_message(callback, text, keyboard)


async def show_results(
    callback: CallbackQuery,
    callback_data: PollManageCallback,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    notice: str | None = None,
) -> None:
    now = utc_now()
    async with session.read():
        found = await poll_with_results(session, callback_data.poll_id, settings.min_group_size)
    if found is None:
        await callback.answer(_("This poll does not exist any more."), show_alert=True)
        return
    poll, options, results = found
    await callback.answer(notice)
    await replace_message(
        callback,
        organiser_results_text(
            poll, options, results, resident.language, settings.default_locale, settings.zone, now
        ),
        poll_results_keyboard(poll.id, not poll.is_closed(now)),
    )


async def close_now(
    callback: CallbackQuery,
    callback_data: PollManageCallback,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
) -> None:
    now = utc_now()
    async with session.begin():
        closed = await close_poll(session, callback_data.poll_id, now)
        if closed:
            # The organiser sees the results right here; the closing job need not send them.
            poll = await session.get(Poll, callback_data.poll_id)
            assert poll is not None
            poll.results_sent_at = now
            record_action(session, resident, "close poll", f"poll:{callback_data.poll_id}")
    await show_results(
        callback,
        callback_data,
        session,
        resident,
        settings,
        _("The poll is closed.") if closed else _("This poll was already closed."),
    )


async def send_chart(
    callback: CallbackQuery,
    callback_data: PollManageCallback,
    bot: Bot,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
) -> None:
    async with session.read():
        found = await poll_with_results(session, callback_data.poll_id, settings.min_group_size)
    if found is None:
        await callback.answer(_("This poll does not exist any more."), show_alert=True)
        return
    await callback.answer(_("Drawing the chart…"))
    poll, options, results = found
    card = PollCard.of(poll, options)
    language = card.language_for(resident.language, settings.default_locale)
    # Drawing takes a few hundred milliseconds of CPU: in a thread, off the event loop.
    png = await asyncio.to_thread(
        render_poll_chart,
        card.question_in(language),
        [text_in(option.texts, language) for option in options],
        {
            group_name(code): [results.by_language[code][option.id] for option in options]
            for code in sorted(results.respondents_by_language)
            if not results.too_small(code)
        },
    )
    await bot.send_photo(
        callback.from_user.id,
        BufferedInputFile(png, filename=f"poll-{card.id}.png"),
        caption=_("Poll #{number}: answers per option, by the residents' languages.")
        .format(number=card.id),
    )  # fmt: skip


async def send_csv_files(
    callback: CallbackQuery,
    callback_data: PollManageCallback,
    bot: Bot,
    resident: Resident,
    session_factory: async_sessionmaker[AsyncSession],
    i18n: Catalogues,
    settings: Settings,
    area: AreaProfile,
) -> None:
    await callback.answer(_("Preparing the file…"))
    filters = ExportFilters(poll_id=callback_data.poll_id)
    for kind in (ExportKind.POLLS, ExportKind.POLL_ANSWERS):
        await send_export(
            bot, callback.from_user.id, kind, filters, resident, session_factory, i18n,
            settings, area,
        )  # fmt: skip


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(HasRole(Role.ORGANISER))
    router.callback_query.filter(HasRole(Role.ORGANISER))
    router.message.register(list_polls, Command(*RESIDENT_POLL_COMMANDS))

    def action(kind: PollAction):
        return PollManageCallback.filter(F.action == kind)

    router.callback_query.register(turn_page, action(PollAction.LIST))
    router.callback_query.register(show_results, action(PollAction.RESULTS))
    router.callback_query.register(close_now, action(PollAction.CLOSE))
    router.callback_query.register(send_chart, action(PollAction.CHART))
    router.callback_query.register(send_csv_files, action(PollAction.CSV))
    return router
