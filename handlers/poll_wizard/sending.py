"""The /newpoll steps after the texts: how it is answered, when it closes, who gets it,
the preview, Send."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.delivery.broadcast_queue import BroadcastQueue
from bot.i18n import Catalogues
from bot.i18n import gettext as _
from bot.services.polls import create_poll
from bot.settings import Settings
from bot.views.callbacks import AudienceCallback, PollWizardCallback, PollWizardStep
from db.models import Resident
from db.types import utc_now
from handlers.broadcasting import StoredBroadcast, send_broadcast
from handlers.poll_wizard import prompts
from handlers.poll_wizard.draft import (
    POLL_DRAFT,
    PollInputError,
    parse_closing_time,
)
from handlers.poll_wizard.preview import send_preview
from handlers.poll_wizard.states import PollForm

__all__ = [
    "ask_mode",
    "choose_mode",
    "choose_results",
    "explain_preview",
    "no_deadline",
    "receive_deadline",
    "send_poll",
    "show_preview",
]


async def ask_mode(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(PollForm.choosing_mode)
    await callback.answer()
    await prompts.ask_mode(callback.bot, callback.from_user.id)


async def choose_mode(
    callback: CallbackQuery, callback_data: PollWizardCallback, state: FSMContext
) -> None:
    draft = await POLL_DRAFT.read(state)
    draft.multiple_choice = callback_data.step is PollWizardStep.MULTIPLE_CHOICE
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.choosing_results)
    await callback.answer()
    await prompts.ask_results(callback.bot, callback.from_user.id)


async def choose_results(
    callback: CallbackQuery,
    callback_data: PollWizardCallback,
    state: FSMContext,
    settings: Settings,
) -> None:
    draft = await POLL_DRAFT.read(state)
    draft.shows_results = callback_data.step is PollWizardStep.SHOW_RESULTS
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.choosing_deadline)
    await callback.answer()
    await prompts.ask_deadline(callback.bot, callback.from_user.id, settings)


async def receive_deadline(message: Message, state: FSMContext, settings: Settings) -> None:
    try:
        closes_at = parse_closing_time(message.text or "", settings.zone, utc_now())
    except PollInputError as problem:
        await message.answer(problem.message)
        return
    draft = await POLL_DRAFT.read(state)
    draft.closes_at = closes_at
    await POLL_DRAFT.save(state, draft)
    await _ask_audience(message.bot, message.chat.id, state)


async def no_deadline(callback: CallbackQuery, state: FSMContext) -> None:
    await callback.answer()
    await _ask_audience(callback.bot, callback.from_user.id, state)


async def _ask_audience(bot: Bot | None, chat_id: int, state: FSMContext) -> None:
    assert bot is not None
    await state.set_state(PollForm.choosing_audience)
    await prompts.ask_audience(bot, chat_id)


async def show_preview(
    callback: CallbackQuery,
    callback_data: AudienceCallback,
    state: FSMContext,
    session: AsyncSession,
    settings: Settings,
    i18n: Catalogues,
) -> None:
    draft = await POLL_DRAFT.read(state)
    draft.audience_language = callback_data.language or None
    await POLL_DRAFT.save(state, draft)
    await state.set_state(PollForm.confirming)
    await callback.answer()
    await send_preview(callback.bot, callback.from_user.id, draft, session, settings, i18n)


async def explain_preview(callback: CallbackQuery) -> None:
    await callback.answer(_("This is only a preview: taps here are not counted."))


async def send_poll(
    callback: CallbackQuery,
    bot: Bot,
    state: FSMContext,
    session: AsyncSession,
    resident: Resident,
    settings: Settings,
    broadcasts: BroadcastQueue,
) -> None:
    draft = await POLL_DRAFT.read(state)

    async def store(session: AsyncSession) -> StoredBroadcast:
        poll, broadcast_id = await create_poll(session, draft.as_new_poll(), resident.id)
        languages = ",".join(draft.question)
        return StoredBroadcast(broadcast_id, "poll", f"poll:{poll.id}", {"languages": languages})

    await send_broadcast(
        store,
        callback=callback,
        bot=bot,
        state=state,
        session=session,
        resident=resident,
        settings=settings,
        broadcasts=broadcasts,
    )
