"""Idea wizard, last steps: similar ideas, the preview, send, change the text, cancel."""

from __future__ import annotations

import asyncio

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from bot.area import AreaProfile
from bot.delivery.outbox import Outbox
from bot.i18n import gettext as _
from bot.services.bot_secrets import sender_key
from bot.services.idea_submission import SubmitOutcome, submit_idea
from bot.services.ideas import load_idea, similar_candidates
from bot.services.similarity import find_similar
from bot.services.votes import VoteOutcome, tap_outcome, toggle_vote
from bot.settings import Settings
from bot.views.callbacks import (
    SupportInsteadCallback,
)
from bot.views.idea_cards import draft_card, similar_ideas_text
from bot.views.keyboards.ideas import (
    preview_keyboard,
    similar_keyboard,
)
from bot.views.keyboards.menu import main_menu
from bot.views.messaging import send_card
from db.models import Resident
from handlers.idea_wizard.draft import IDEA_DRAFT, SENT_IDEA_TEXTS
from handlers.idea_wizard.states import IdeaForm
from handlers.idea_wizard.writing import ask_text_prompt, limit_text

__all__ = [
    "cancel_idea",
    "continue_to_similar",
    "edit_text",
    "send_idea",
    "send_preview",
    "send_similar",
    "show_preview",
    "support_instead",
]


async def continue_to_similar(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    area: AreaProfile,
) -> None:
    await callback.answer()
    draft = await IDEA_DRAFT.read(state)
    similar: list[int] = []
    if draft.body:
        async with session.read():
            pool = await similar_candidates(session, resident.id, draft.body, draft.language)
        similar = await asyncio.to_thread(
            find_similar,
            draft.body,
            pool.candidates,
            language=draft.language,
            document_frequency=pool.document_frequency,
            documents=pool.documents,
        )
    if similar:
        await IDEA_DRAFT.save(state, draft, similar=similar)
        await state.set_state(IdeaForm.checking_similar)
        await send_similar(callback.bot, callback.from_user.id, state, session, resident)
        return
    await send_preview(callback.bot, callback.from_user.id, state, area)


async def send_similar(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, resident: Resident
) -> None:
    """The similar ideas the draft was offered, as they are now, one button each."""
    draft = await IDEA_DRAFT.read(state)
    async with session.read():
        found = [await load_idea(session, idea_id, resident.id) for idea_id in draft.similar]
    ideas = [idea for idea in found if idea is not None and idea.visible_to_residents]
    await bot.send_message(
        chat_id,
        similar_ideas_text(ideas),
        reply_markup=similar_keyboard([idea.id for idea in ideas]),
    )


async def send_preview(bot: Bot, chat_id: int, state: FSMContext, area: AreaProfile) -> None:
    draft = await IDEA_DRAFT.read(state)
    await state.set_state(IdeaForm.confirming)
    await bot.send_message(chat_id, _("This is how staff will see your idea:"))
    await send_card(
        bot, chat_id, draft_card(draft.as_draft(), area), draft.photo_file_ids, preview_keyboard()
    )


async def show_preview(
    callback: CallbackQuery, bot: Bot, state: FSMContext, area: AreaProfile
) -> None:
    await callback.answer()
    await send_preview(bot, callback.from_user.id, state, area)


async def support_instead(
    callback: CallbackQuery,
    callback_data: SupportInsteadCallback,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
) -> None:
    async with session.begin():
        await toggle_vote(session, callback_data.idea_id, resident.id, support=True)
        outcome = tap_outcome(await load_idea(session, callback_data.idea_id, resident.id))
    await state.clear()
    await callback.answer()
    if outcome is not VoteOutcome.ADDED:
        text = _("That idea can no longer be supported. Your own idea was not sent.")
    else:
        text = _(
            "Thank you! You now support idea #{number}, and I will tell you when its status "
            "changes. Your own text was not sent."
        ).format(number=callback_data.idea_id)
    await callback.bot.send_message(callback.from_user.id, text, reply_markup=main_menu())


async def send_idea(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    notifier: Outbox,
) -> None:
    draft = await IDEA_DRAFT.read(state)
    async with session.begin():
        outcome, idea_id = await submit_idea(
            session,
            resident.id,
            draft.as_draft(),
            daily_limit=settings.ideas_per_day,
            sender_key=await sender_key(session, resident.telegram_id),
        )
    await state.clear()
    if outcome is SubmitOutcome.SAVED:
        await SENT_IDEA_TEXTS.remember(state, draft.body_message_id)
        if settings.translates:
            # The translator is woken with the outbox: staff can read it in /review soon.
            notifier.wake()
    await callback.answer()
    if outcome is SubmitOutcome.LIMIT_REACHED:
        text = limit_text(settings.ideas_per_day)
    elif outcome is SubmitOutcome.INVALID:
        text = _("Something was missing, so nothing was saved. Please start again with /idea.")
    else:
        text = _(
            "Thank you! Your idea is saved as <b>#{number}</b>.\n\n"
            "Staff will read it, and I will tell you here when its status changes. "
            "Other residents can now support it in /ideas."
        ).format(number=idea_id)
    await callback.bot.send_message(callback.from_user.id, text, reply_markup=main_menu())


async def edit_text(callback: CallbackQuery, state: FSMContext) -> None:
    draft = await IDEA_DRAFT.read(state)
    await state.set_state(IdeaForm.writing_text)
    await callback.answer()
    await callback.bot.send_message(callback.from_user.id, ask_text_prompt())
    if draft.body:
        await callback.bot.send_message(callback.from_user.id, draft.body, parse_mode=None)


async def cancel_idea(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await callback.answer()
    await callback.bot.send_message(
        callback.from_user.id, _("Cancelled. Nothing was saved."), reply_markup=main_menu()
    )
